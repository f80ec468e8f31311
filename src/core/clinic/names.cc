// Text names of the clinic enums, as stored in the database and used in JSON. The tables are in
// the headers, next to each enum.
#include <optional>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/clinic/alert.h"
#include "core/clinic/clinic.h"
#include "core/clinic/course.h"
#include "core/clinic/session.h"
#include "core/clinic/user.h"

namespace backcare::clinic {

std::string_view RoleName(Role role) { return NameOf(kRoleNames, role); }
std::optional<Role> ParseRole(std::string_view name) { return ValueOf(kRoleNames, name); }

bool MfaRequired(MfaPolicy policy, Role role) {
  switch (policy) {
    case MfaPolicy::kOptional:
      return false;
    case MfaPolicy::kAdmins:
      return role == Role::kAdmin;
    case MfaPolicy::kStaff:
      return role != Role::kPatient;
  }
  return false;
}

std::string_view CourseStatusName(CourseStatus status) {
  return NameOf(kCourseStatusNames, status);
}
std::optional<CourseStatus> ParseCourseStatus(std::string_view name) {
  return ValueOf(kCourseStatusNames, name);
}

std::string_view SessionStatusName(SessionStatus status) {
  return NameOf(kSessionStatusNames, status);
}
std::optional<SessionStatus> ParseSessionStatus(std::string_view name) {
  return ValueOf(kSessionStatusNames, name);
}

std::string_view AlertSeverityName(AlertSeverity severity) {
  return NameOf(kAlertSeverityNames, severity);
}
std::optional<AlertSeverity> ParseAlertSeverity(std::string_view name) {
  return ValueOf(kAlertSeverityNames, name);
}

}  // namespace backcare::clinic
