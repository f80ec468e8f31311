// The inputs and the output of course planning, as values. A CoursePlan is every session of one
// patient's course (phase, local date and time, UTC instants, therapist, room, attached
// checkpoints, the techniques used and the screening restrictions in force) plus an explicit list
// of the sessions that could not be placed and why. planner.h builds one; reschedule.h changes one.
#ifndef BACKCARE_CORE_PLAN_COURSE_PLAN_H_
#define BACKCARE_CORE_PLAN_COURSE_PLAN_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/plan/calendar_types.h"
#include "core/ports/time_zone.h"
#include "core/screening/catalog.h"
#include "core/screening/restrictions.h"

namespace backcare::plan {

// A therapist as the planner sees them: working hours, time off and the techniques they deliver
// (not clinic::Therapist, the therapist's record in the store).
struct TherapistCalendar {
  TherapistId id;
  std::vector<WeeklyWindow> working_hours;  // local time
  std::vector<DateRange> time_off;          // whole days
  std::vector<std::string> techniques;      // technique ids this therapist delivers
};

struct Room {
  RoomId id;
};

// The clinic's calendar: opening hours, closures, therapists' calendars and rooms (not
// clinic::Clinic, the clinic's record in the store). Borrowed by the planner for the duration of
// one call.
struct ClinicCalendar {
  const ports::TimeZone* time_zone = nullptr;  // not owned; required
  std::vector<WeeklyWindow> opening_hours;
  std::vector<DateRange> closures;  // whole days the clinic is closed
  std::vector<TherapistCalendar> therapists;
  std::vector<Room> rooms;  // empty: rooms are not planned
};

// The clinic's default opening hours: Monday to Friday 08:00-19:00.
std::vector<WeeklyWindow> DefaultOpeningHours();

struct PatientAvailability {
  std::vector<WeeklyWindow> windows;  // when the patient can come, local time
  std::vector<DateRange> blocked;     // dates the patient cannot come at all
};

// One course to plan.
struct CourseRequest {
  CourseId course_id;
  PatientId patient_id;
  LocalDate start_date;  // day 0 of course week 0
  screening::Decision decision = screening::Decision::kClear;
  std::vector<screening::TechniqueRestriction> restrictions;
  PatientAvailability availability;
  int session_minutes = 0;  // 0: the protocol's session_minutes
};

// The planner's view of a session: still in the plan, or lost to it (missed or cancelled). Not
// clinic::SessionStatus, the booked session's status in the store (booked, attended, ...).
enum class PlannedSessionStatus { kPlanned, kMissed, kCancelled };
inline constexpr EnumNames<PlannedSessionStatus, 3> kPlannedSessionStatusNames = {{
    {PlannedSessionStatus::kPlanned, "planned"},
    {PlannedSessionStatus::kMissed, "missed"},
    {PlannedSessionStatus::kCancelled, "cancelled"},
}};

std::string_view PlannedSessionStatusName(PlannedSessionStatus status);

struct PlannedSession {
  int number = 0;  // stable 1-based number within the course; never reused (iCalendar UID)
  std::string phase_id;
  int phase_index = 0;
  int week = 0;          // the course week whose cadence slot this session fills
  int slot_in_week = 0;  // which of the week's sessions (0 or 1 for twice a week)
  // The dates the cadence allows for this session (a move stays inside them).
  LocalDate window_first;
  LocalDate window_last;
  LocalMinutes local_start;
  LocalMinutes local_end;
  UtcMinutes utc_start;
  UtcMinutes utc_end;
  TherapistId therapist;
  std::optional<RoomId> room;
  PlannedSessionStatus status = PlannedSessionStatus::kPlanned;
  int sequence = 0;                      // bumped on every change (iCalendar SEQUENCE)
  bool make_up = false;                  // added to replace a lost session
  std::vector<std::string> checkpoints;  // checkpoint ids due at this session
  std::vector<std::string> techniques;   // technique ids this session uses
  std::vector<screening::TechniqueRestriction> restrictions;  // in force for this session
  std::vector<TherapistId> released_therapists;  // therapists who held it before a move

  LocalDate Date() const { return std::chrono::floor<std::chrono::days>(local_start); }
};

enum class UnplacedReason {
  kClosedOrBlocked,  // every allowed day is a closure, a blocked date or therapist time off
  kNoCommonWindow,   // patient availability, opening hours and therapist hours never overlap
  kFullyBooked,      // there is a common window, but every slot in it is booked
  kSpacing,          // no allowed day keeps the minimum days between sessions
  kWindowPassed,     // every allowed day is before today
};

// "closed_or_blocked", "no_common_window", "fully_booked", "spacing", "window_passed".
std::string_view UnplacedReasonName(UnplacedReason reason);

struct UnplacedSession {
  int number = 0;
  std::string phase_id;
  int phase_index = 0;
  int week = 0;
  LocalDate window_first;
  LocalDate window_last;
  UnplacedReason reason = UnplacedReason::kFullyBooked;
  std::string detail;  // human sentence naming the week and dates; no patient data
};

// Where a protocol phase lies in this course, after any extension.
struct PhaseSpan {
  std::string phase_id;
  int start_week = 0;
  int end_week = 0;       // exclusive, including extension weeks
  int base_end_week = 0;  // end before any extension (make-ups go from here)
  int lost_sessions = 0;  // sessions lost (missed, cancelled, unmovable) so far
};

struct CheckpointDue {
  std::string id;
  std::optional<LocalDate> due_date;  // unknown when its session could not be placed
  std::optional<int> session_number;  // the session it is taken at, when there is one
};

struct CoursePlan {
  CourseId course_id;
  PatientId patient_id;
  std::string protocol_id;
  int protocol_version = 0;
  LocalDate start_date;
  std::string time_zone;
  int session_minutes = 0;
  TherapistId primary_therapist;
  std::vector<std::string> techniques;  // used in every session
  // The screening decision the course was planned under, and its restrictions (copied onto
  // every session).
  screening::Decision decision = screening::Decision::kClear;
  std::vector<screening::TechniqueRestriction> restrictions;
  std::vector<PhaseSpan> phases;
  std::vector<PlannedSession> sessions;    // by local start
  std::vector<UnplacedSession> unplaced;   // by number
  std::vector<CheckpointDue> checkpoints;  // in protocol order

  const PlannedSession* FindSession(int number) const;
};

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_COURSE_PLAN_H_
