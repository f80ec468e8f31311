// A course: one patient's run through a protocol, pinned to the protocol's id and version so a
// later edit of the protocol file never changes a running course.
#ifndef BACKCARE_CORE_CLINIC_COURSE_H_
#define BACKCARE_CORE_CLINIC_COURSE_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

enum class CourseStatus { kActive, kPaused, kCompleted, kDiscontinued };

inline constexpr EnumNames<CourseStatus, 4> kCourseStatusNames = {{
    {CourseStatus::kActive, "active"},
    {CourseStatus::kPaused, "paused"},
    {CourseStatus::kCompleted, "completed"},
    {CourseStatus::kDiscontinued, "discontinued"},
}};

std::string_view CourseStatusName(CourseStatus status);
std::optional<CourseStatus> ParseCourseStatus(std::string_view name);

struct Course {
  CourseId id;  // assigned by the store
  ClinicId clinic_id;
  PatientId patient_id;
  std::optional<TherapistId> therapist_id;  // the primary therapist, if assigned
  std::string protocol_id;                  // non-empty, e.g. "deep-tissue-chronic-low-back-pain"
  int protocol_version = 0;                 // > 0
  Date start_date;
  CourseStatus status = CourseStatus::kActive;
  friend bool operator==(const Course&, const Course&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_COURSE_H_
