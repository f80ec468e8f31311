// A clinic: the tenant every other record belongs to. Every store query is scoped by ClinicId.
#ifndef BACKCARE_CORE_CLINIC_CLINIC_H_
#define BACKCARE_CORE_CLINIC_CLINIC_H_

#include <string>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"
#include "core/clinic/user.h"

namespace backcare::clinic {

// Whom the clinic requires to use two-step sign-in: nobody (each login may choose), its admins,
// or all its staff (admins, therapists, front desk). Patients are never required to.
enum class MfaPolicy { kOptional, kAdmins, kStaff };
inline constexpr EnumNames<MfaPolicy, 3> kMfaPolicyNames = {{
    {MfaPolicy::kOptional, "optional"},
    {MfaPolicy::kAdmins, "admins"},
    {MfaPolicy::kStaff, "staff"},
}};

// True when `policy` requires a login with `role` to use two-step sign-in.
bool MfaRequired(MfaPolicy policy, Role role);

struct Clinic {
  ClinicId id;            // assigned by the store
  std::string name;       // non-empty
  std::string time_zone;  // IANA name, e.g. "Europe/Berlin"; non-empty
  // How long before a session a patient may still cancel it themselves (0..720; 0 = up to the
  // start). Later cancellations go through the front desk.
  int patient_cancel_notice_hours = 24;
  // Set only by the demo generator: a synthetic clinic that `backcare demo --replace` may
  // overwrite. Every other clinic is real, and the demo refuses to touch its database.
  bool demo = false;
  // The protocol version new courses follow (a stored ProtocolVersion), or empty and 0 when none
  // was set (a database from before protocols were stored): then the built-in protocol applies.
  // Either both are set or neither.
  std::string protocol_id{};
  int protocol_version = 0;
  MfaPolicy mfa_policy = MfaPolicy::kOptional;
  // A patient's pain rating of a home exercise at or above this (1..10) raises an
  // "exercise_pain" alert for the therapist.
  int exercise_pain_alert_threshold = 7;
  // How long before a booked session its patient is sent an email reminder (0..168 hours;
  // 0 = the clinic sends no appointment reminders). See core/clinic/reminders.h.
  int appointment_reminder_hours = 24;
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const Clinic&, const Clinic&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_CLINIC_H_
