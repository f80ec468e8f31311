// The course planner: a pure function from (protocol, course request, clinic calendar, existing
// bookings) to a CoursePlan. It expands each phase's cadence into weekly slots, places each slot
// on a free day and time that the clinic, the patient and a qualified therapist share, and lists
// every slot it could not place with the reason. It never reads a clock, a file or the tz
// database (the clinic's zone comes through ports::TimeZone). See docs/planning.md for the rules.
#ifndef BACKCARE_CORE_PLAN_PLANNER_H_
#define BACKCARE_CORE_PLAN_PLANNER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/plan/booking_book.h"
#include "core/plan/course_plan.h"
#include "core/protocol/protocol.h"

namespace backcare::plan {

// Plans every session of the course described by `request`. The book is read, not changed:
// call AddToBook with the result to reserve its slots. Sessions of `request.course_id` already in
// the book are ignored (re-planning a course does not collide with itself).
//
// Rules (docs/planning.md): week N of the course is the 7 days from start_date + 7N. A phase with
// S sessions a week gets S slots in each of its weeks, at least max(1, min_days_between_sessions)
// days apart (also across weeks and phases: never two sessions on one day); an interval phase
// gets one slot per step interval. The first session's therapist is the course's primary
// therapist (least-booked qualified therapist, ties by id); later sessions prefer the primary,
// then any qualified therapist. Within a slot's week the first placed session's weekday and time
// are preferred for the rest of the phase. A therapist is qualified when they deliver every
// technique the sessions use (the protocol's techniques minus those screening disabled).
//
// Errors:
//   kFailedPrecondition "course cannot be planned: screening decision is 'D'; treatment waits
//     until the referral is resolved" when D is medical_review, refer_urgent or refer_emergency;
//   kFailedPrecondition "no therapist delivers every technique the sessions use: a, b";
//   kInvalidInput "protocol: expected at least one phase, got none";
//   kInvalidInput "session_minutes: expected > 0, got N".
Result<CoursePlan> PlanCourse(const protocol::Protocol& protocol, const CourseRequest& request,
                              const ClinicCalendar& clinic, const BookingBook& book);

// A check that needs no bookings: can the patient's weekly windows, inside the clinic's opening
// hours, hold each phase's cadence at all (S sessions on distinct weekdays at least the phase's
// minimum days apart, week after week)? kInvalidInput naming `field` otherwise:
//   "FIELD: no window overlaps the clinic's opening hours for a 60-minute session"
//   "FIELD: phase 'initial_relief' needs 2 sessions a week at least 2 days apart, but the
//    available days allow only 1"
Status CheckCadenceFeasible(const protocol::Protocol& protocol, const CourseRequest& request,
                            const ClinicCalendar& clinic, std::string_view field);

// True for decisions that forbid treatment until resolved: medical_review, refer_urgent,
// refer_emergency.
bool IsReferral(screening::Decision decision);

// The technique ids a session uses: the protocol's, in order, minus those a restriction disables.
std::vector<std::string> SessionTechniques(const protocol::Protocol& protocol,
                                           std::span<const screening::TechniqueRestriction> rules);

// The intervals the plan's planned sessions occupy: one each for therapist, patient and room.
std::vector<BookedInterval> IntervalsOf(const CoursePlan& plan);
void AddToBook(const CoursePlan& plan, BookingBook& book);
void RemoveFromBook(const CoursePlan& plan, BookingBook& book);

// Recomputes plan.checkpoints and each session's checkpoint list from the protocol: baseline at
// the first planned session, after_session N at the Nth planned session, week N at the first
// planned session on or after start_date + 7N days (due that day even without a session).
void AttachCheckpoints(const protocol::Protocol& protocol, CoursePlan& plan);

namespace internal {
// Therapists who deliver every one of `techniques`, least booked first, ties by id.
std::vector<const TherapistCalendar*> QualifiedTherapists(
    const ClinicCalendar& clinic, const std::vector<std::string>& techniques,
    const BookingBook& book);
// The cadence slots of one phase as (course week, slot in week), before any extension.
std::vector<std::pair<int, int>> ExpandPhase(const protocol::Phase& phase);
int MinGapDays(const protocol::Phase& phase);
}  // namespace internal

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_PLANNER_H_
