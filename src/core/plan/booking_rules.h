// The checks a session booked or moved by hand must pass: the same rules the planner follows when
// it places a course (docs/planning.md), so that a front-desk booking can never make a plan the
// planner itself would refuse. Pure: the caller passes the clinic's zone, opening hours, the
// patient's sessions and `now`.
//
// In order, the first failure is returned:
//  1. the phase is one of the protocol's (kInvalidInput on field "phase_id");
//  2. the start is not in the past (kFailedPrecondition);
//  3. the session's local day is not in a clinic closure (kFailedPrecondition naming the
//     closure: "the clinic is closed on 2026-12-24: closure 7 'Christmas'
//     (2026-12-24..2026-12-26)");
//  4. the session lies inside one opening window of its local weekday (kFailedPrecondition naming
//     the weekday and the hours, or "closed on sat");
//  5. the patient has no other booked or attended session that local day;
//  6. other booked or attended sessions of the same course and phase are at least the phase's
//     min_days_between_sessions days away (local dates).
// Missed and cancelled sessions take no day and no spacing: a make-up may follow a miss at once.
#ifndef BACKCARE_CORE_PLAN_BOOKING_RULES_H_
#define BACKCARE_CORE_PLAN_BOOKING_RULES_H_

#include <optional>
#include <span>
#include <string>

#include "core/base/result.h"
#include "core/clinic/closure.h"
#include "core/clinic/session.h"
#include "core/clinic/time.h"
#include "core/plan/calendar_types.h"
#include "core/ports/time_zone.h"
#include "core/protocol/protocol.h"

namespace backcare::plan {

struct BookingContext {
  const protocol::Protocol& protocol;
  const ports::TimeZone& zone;
  std::span<const WeeklyWindow> opening_hours;
  // Every session of the patient, any course and status.
  std::span<const clinic::Session> patient_sessions;
  // The clinic's closures (whole local days closed).
  std::span<const clinic::ClinicClosure> closures{};
};

// `candidate`: course_id, start, end and phase_id set; id set when an existing session moves (it
// is then ignored among patient_sessions).
Status CheckBookable(const BookingContext& context, const clinic::Session& candidate,
                     clinic::Timestamp now);

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_BOOKING_RULES_H_
