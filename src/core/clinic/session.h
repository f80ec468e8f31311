// A session: one treatment visit of a course, booked with a therapist at a UTC time range
// ("appointment" is the scheduling view of the same thing, docs/glossary.md). `sequence` counts
// changes for calendar feeds (iCalendar SEQUENCE): the store sets it to 0 on creation and
// increments it on every update.
#ifndef BACKCARE_CORE_CLINIC_SESSION_H_
#define BACKCARE_CORE_CLINIC_SESSION_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

enum class SessionStatus { kBooked, kAttended, kCancelled, kMissed };

inline constexpr EnumNames<SessionStatus, 4> kSessionStatusNames = {{
    {SessionStatus::kBooked, "booked"},
    {SessionStatus::kAttended, "attended"},
    {SessionStatus::kCancelled, "cancelled"},
    {SessionStatus::kMissed, "missed"},
}};

std::string_view SessionStatusName(SessionStatus status);
std::optional<SessionStatus> ParseSessionStatus(std::string_view name);

struct Session {
  SessionId id;  // assigned by the store
  ClinicId clinic_id;
  CourseId course_id;
  PatientId patient_id;  // filled by the store from the course; ignored on input
  TherapistId therapist_id;
  Timestamp start;  // UTC
  Timestamp end;    // UTC, after start
  SessionStatus status = SessionStatus::kBooked;
  std::string phase_id;  // the protocol phase this session belongs to, e.g. "initial_relief"
  int sequence = 0;      // managed by the store (see above)
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const Session&, const Session&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_SESSION_H_
