// Rescheduling a course plan after something changed: a missed or cancelled session, a
// therapist's new time off, or the patient's new blocked dates. Only what must move is re-planned;
// every change is reported old -> new. Pure, like the planner.
//
// Rules (docs/planning.md, "Rescheduling"):
//  - Sessions before `today` never move. A future session that no longer fits (time off, blocked
//    date, closure) moves inside its own cadence window (the week it fills), keeping the minimum
//    days to the course's other sessions: preferably the same therapist, then the same weekday
//    and time; never two sessions on one day.
//  - A session that is missed, cancelled, or cannot be moved inside its window is lost. Lost
//    sessions are never dropped silently: the phase is extended at its end. A phase with S
//    sessions a week gains ceil(lost / S) weeks, holding S make-up sessions a week; an interval
//    phase gains one interval of its last step per lost session. Every later phase moves later by
//    the weeks added, its sessions keeping weekday, time and therapist where they can.
//  - A late make-up (its extension week began before today, e.g. a miss recorded weeks later)
//    is never placed in the past: when the whole extension week has passed it goes to the seven
//    days from today instead, and when that window has no slot it tries each following week up
//    to the end of the (extended) course, keeping the phase's spacing to every other session;
//    only then is it listed as unplaced, naming the weeks tried.
//  - A moved session's SEQUENCE is bumped; a lost one keeps its number with status cancelled or
//    missed; make-up sessions get new numbers after the highest used, and their change reports
//    the lost session's slot -> the make-up's.
#ifndef BACKCARE_CORE_PLAN_RESCHEDULE_H_
#define BACKCARE_CORE_PLAN_RESCHEDULE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/plan/booking_book.h"
#include "core/plan/course_plan.h"
#include "core/protocol/protocol.h"

namespace backcare::plan {

struct RescheduleEvent {
  enum class Kind { kSessionMissed, kSessionCancelled, kTherapistTimeOff, kPatientBlocked };
  Kind kind = Kind::kSessionCancelled;
  int session_number = 0;  // kSessionMissed, kSessionCancelled
  TherapistId therapist;   // kTherapistTimeOff
  DateRange dates;         // kTherapistTimeOff, kPatientBlocked

  static RescheduleEvent Missed(int number) { return {Kind::kSessionMissed, number, {}, {}}; }
  static RescheduleEvent Cancelled(int number) { return {Kind::kSessionCancelled, number, {}, {}}; }
  static RescheduleEvent TherapistTimeOff(TherapistId id, DateRange dates) {
    return {Kind::kTherapistTimeOff, 0, id, dates};
  }
  static RescheduleEvent PatientBlocked(DateRange dates) {
    return {Kind::kPatientBlocked, 0, {}, dates};
  }
};

// Where and with whom a session is.
struct SessionSlot {
  LocalMinutes local_start;
  UtcMinutes utc_start;
  TherapistId therapist;
  std::optional<RoomId> room;
  friend bool operator==(const SessionSlot&, const SessionSlot&) = default;
};

struct SessionChange {
  enum class Kind { kMissed, kCancelled, kMoved, kAdded, kUnplaced };
  int session_number = 0;
  Kind kind = Kind::kMoved;
  // kAdded: the slot of the lost session the make-up replaces; unset for kUnplaced make-ups.
  std::optional<SessionSlot> before;
  std::optional<SessionSlot> after;  // set for kMoved and kAdded
  std::string reason;

  // "session 9 moved: 2024-04-01T09:00 therapist 1 -> 2024-04-03T09:00 therapist 1 (reason)".
  std::string ToString() const;
};

struct RescheduleResult {
  CoursePlan plan;
  std::vector<SessionChange> changes;  // in the order they were made
};

// Applies `event` to `plan` (planned from `protocol`, `request` and `clinic`) and re-plans what
// must move. The event's time off or blocked dates are applied to copies of `clinic` and
// `request`: the caller persists them. `book` holds every course's bookings (this course's own are
// ignored); after success, replace this course's bookings with the new plan's (RemoveFromBook
// with the old plan, AddToBook with the new one).
//
// Errors:
//   kNotFound "session N is not in course C" / "therapist T is not in the clinic";
//   kFailedPrecondition "session N is already cancelled" (or missed);
//   kFailedPrecondition "session N on DATE is before today (TODAY): record it as missed";
//   kFailedPrecondition "session N on DATE is after today (TODAY): cancel it instead".
Result<RescheduleResult> Reschedule(const protocol::Protocol& protocol,
                                    const CourseRequest& request, const ClinicCalendar& clinic,
                                    const BookingBook& book, const CoursePlan& plan,
                                    const RescheduleEvent& event, LocalDate today);

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_RESCHEDULE_H_
