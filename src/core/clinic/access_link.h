// A one-time access link: an invitation to set the first password of a new login, or a password
// reset. The link carries a random token; the store keeps only its SHA-256 in hex, so reading the
// database does not let anyone use a link. A link works once, until it expires, and only while its
// login is active (app/account_service.h has the rules).
#ifndef BACKCARE_CORE_CLINIC_ACCESS_LINK_H_
#define BACKCARE_CORE_CLINIC_ACCESS_LINK_H_

#include <optional>
#include <string>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

enum class AccessPurpose { kInvite, kReset };

inline constexpr EnumNames<AccessPurpose, 2> kAccessPurposeNames = {{
    {AccessPurpose::kInvite, "invite"},
    {AccessPurpose::kReset, "reset"},
}};

struct AccessLink {
  std::string token_hash;  // 64 lower-case hex digits: SHA-256 of the token
  ClinicId clinic_id;
  UserId user_id;  // whose password the link sets
  AccessPurpose purpose = AccessPurpose::kInvite;
  std::optional<UserId> created_by;  // unset when the system made it (first install)
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
  friend bool operator==(const AccessLink&, const AccessLink&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_ACCESS_LINK_H_
