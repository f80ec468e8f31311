// A login of a clinic: staff (admin, therapist, front desk) or a patient. The password hash is
// opaque to the store (the server hashes and verifies it). A therapist login links to its
// Therapist record and a patient login to its Patient record.
#ifndef BACKCARE_CORE_CLINIC_USER_H_
#define BACKCARE_CORE_CLINIC_USER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

enum class Role { kAdmin, kTherapist, kFrontDesk, kPatient };

inline constexpr EnumNames<Role, 4> kRoleNames = {{
    {Role::kAdmin, "admin"},
    {Role::kTherapist, "therapist"},
    {Role::kFrontDesk, "front_desk"},
    {Role::kPatient, "patient"},
}};

std::string_view RoleName(Role role);
// Inverse of RoleName; nullopt for any other text.
std::optional<Role> ParseRole(std::string_view name);

enum class AccountState { kActive, kDisabled };
inline constexpr EnumNames<AccountState, 2> kAccountStateNames = {{
    {AccountState::kActive, "active"},
    {AccountState::kDisabled, "disabled"},
}};

struct User {
  UserId id;  // assigned by the store
  ClinicId clinic_id;
  std::string email;  // unique within the clinic (compared as stored); non-empty
  std::string display_name;
  Role role = Role::kFrontDesk;
  std::string password_hash;  // opaque, e.g. an Argon2id string; may be empty (no password set)
  AccountState state = AccountState::kActive;
  std::optional<TherapistId> therapist_id;  // set for role kTherapist
  std::optional<PatientId> patient_id;      // set for role kPatient
  // For an API-token user: the login that created the token (same clinic); the token works only
  // while that login is active.
  std::optional<UserId> owner_id;
  // For an API-token user: when the token stops working (unset: never, which only tokens made
  // before schema version 16 could be, and the migration gave those 90 days).
  std::optional<Timestamp> expires_at;
  // Set when an admin reset the password: until the login sets a new one, its sessions may only
  // change the password.
  bool password_change_required = false;
  // Two-step sign-in (TOTP, RFC 6238): the shared secret in base32 (empty: none), set when an
  // enrolment starts; enabled once the login confirmed a code from it. `totp_last_step` is the
  // 30-second step of the last code accepted, so a code works once.
  std::string totp_secret;
  std::optional<Timestamp> totp_enabled_at;
  std::int64_t totp_last_step = 0;
  friend bool operator==(const User&, const User&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_USER_H_
