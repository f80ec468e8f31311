// An alert: something a therapist must look at (off track, red flag, adverse event, adherence
// lapse, missed sessions), pointing at the record that raised it. Alerts are acknowledged, never
// deleted.
#ifndef BACKCARE_CORE_CLINIC_ALERT_H_
#define BACKCARE_CORE_CLINIC_ALERT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

enum class AlertSeverity { kInfo, kWarning, kCritical };

inline constexpr EnumNames<AlertSeverity, 3> kAlertSeverityNames = {{
    {AlertSeverity::kInfo, "info"},
    {AlertSeverity::kWarning, "warning"},
    {AlertSeverity::kCritical, "critical"},
}};

std::string_view AlertSeverityName(AlertSeverity severity);
std::optional<AlertSeverity> ParseAlertSeverity(std::string_view name);

struct Alert {
  AlertId id;  // assigned by the store
  ClinicId clinic_id;
  std::optional<PatientId> patient_id;  // the patient concerned, if any
  std::string kind;                     // non-empty, e.g. "off_track", "adverse_event"
  AlertSeverity severity = AlertSeverity::kWarning;
  std::string record_type;  // e.g. "session_note"; may be empty
  std::int64_t record_id = 0;
  // What happened, in words for the therapist (e.g. "Rated Dead bug 8/10 on 2026-12-07 (clinic
  // threshold 7)"); may be empty, as it is for kinds whose record says it all.
  std::string detail{};
  Timestamp created_at;
  std::optional<Timestamp> acknowledged_at;  // set by ClinicStore::AcknowledgeAlert
  std::optional<UserId> acknowledged_by;
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const Alert&, const Alert&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_ALERT_H_
