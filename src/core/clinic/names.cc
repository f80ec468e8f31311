// Text names of the clinic enums, as stored in the database and used in JSON.
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "core/base/check.h"
#include "core/clinic/alert.h"
#include "core/clinic/course.h"
#include "core/clinic/session.h"
#include "core/clinic/user.h"

namespace backcare::clinic {
namespace {

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) {
      return name;
    }
  }
  BACKCARE_CHECK(false);
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [candidate, candidate_name] : table) {
    if (candidate_name == name) {
      return candidate;
    }
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kTherapist, "therapist"},
    {Role::kFrontDesk, "front_desk"},
    {Role::kPatient, "patient"},
}};

constexpr std::array<std::pair<CourseStatus, std::string_view>, 4> kCourseStatuses = {{
    {CourseStatus::kActive, "active"},
    {CourseStatus::kPaused, "paused"},
    {CourseStatus::kCompleted, "completed"},
    {CourseStatus::kDiscontinued, "discontinued"},
}};

constexpr std::array<std::pair<SessionStatus, std::string_view>, 4> kSessionStatuses = {{
    {SessionStatus::kBooked, "booked"},
    {SessionStatus::kAttended, "attended"},
    {SessionStatus::kCancelled, "cancelled"},
    {SessionStatus::kMissed, "missed"},
}};

constexpr std::array<std::pair<AlertSeverity, std::string_view>, 3> kSeverities = {{
    {AlertSeverity::kInfo, "info"},
    {AlertSeverity::kWarning, "warning"},
    {AlertSeverity::kCritical, "critical"},
}};

}  // namespace

std::string_view RoleName(Role role) { return NameOf(kRoles, role); }
std::optional<Role> ParseRole(std::string_view name) { return ValueOf(kRoles, name); }

std::string_view CourseStatusName(CourseStatus status) { return NameOf(kCourseStatuses, status); }
std::optional<CourseStatus> ParseCourseStatus(std::string_view name) {
  return ValueOf(kCourseStatuses, name);
}

std::string_view SessionStatusName(SessionStatus status) {
  return NameOf(kSessionStatuses, status);
}
std::optional<SessionStatus> ParseSessionStatus(std::string_view name) {
  return ValueOf(kSessionStatuses, name);
}

std::string_view AlertSeverityName(AlertSeverity severity) { return NameOf(kSeverities, severity); }
std::optional<AlertSeverity> ParseAlertSeverity(std::string_view name) {
  return ValueOf(kSeverities, name);
}

}  // namespace backcare::clinic
