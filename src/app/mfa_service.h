// Staff two-step sign-in (TOTP, RFC 6238; app/crypto/totp.h has the algorithm): enrolment with a
// confirming code, 10 single-use recovery codes (stored hashed), the second step of a login, and
// turning it off (by the login with its password, or by an admin for a lost phone). A clinic's
// MfaPolicy makes it mandatory for admins or all staff: their sessions are then restricted to
// enrolment until they have it (WebSessionService's SessionRestriction).
//
// A code is accepted within one step either side of now (±30 s of clock drift) and only once: the
// step of each accepted code is claimed in the store (ClaimTotpStep), so a code seen over a
// shoulder or replayed is refused, even by another instance.
#ifndef BACKCARE_APP_MFA_SERVICE_H_
#define BACKCARE_APP_MFA_SERVICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "app/crypto/crypto.h"
#include "core/base/result.h"
#include "core/clinic/time.h"

namespace backcare::app {

// What /api/v1/me/mfa shows.
struct MfaStatus {
  bool enabled = false;
  std::optional<clinic::Timestamp> enabled_at;
  int recovery_codes_left = 0;
  bool required = false;  // the clinic's policy requires it of the caller's role
};

// A started enrolment: what the authenticator app needs.
struct MfaEnrolment {
  std::string secret;       // base32
  std::string otpauth_uri;  // for the QR code
};

// The second step of a login succeeded.
struct MfaLogin {
  bool used_recovery_code = false;
  int recovery_codes_left = 0;
};

class MfaService {
 public:
  // `context` is copied (its references must outlive the service); `hasher` is borrowed (it
  // checks the password that turns two-step sign-in off).
  MfaService(AppContext context, crypto::PasswordHasher& hasher);

  Result<MfaStatus> GetStatus(const RequestContext& context);

  // Starts (or restarts) an enrolment with a new secret. kFailedPrecondition when two-step
  // sign-in is on already; kPermissionDenied for an API token or the system. Audits
  // "user.mfa_enrolment".
  Result<MfaEnrolment> BeginEnrolment(const RequestContext& context);

  // Turns two-step sign-in on once `code` is right for the pending secret, and returns the
  // recovery codes (shown once). kInvalidInput (field "code") "the code is not right";
  // kFailedPrecondition when no enrolment was started or it is on already. Audits
  // "user.mfa_enable".
  Result<std::vector<std::string>> ConfirmEnrolment(const RequestContext& context,
                                                    std::string_view code);

  // New recovery codes for a current authenticator code; the earlier ones stop working.
  // kInvalidInput (field "code"); kFailedPrecondition when two-step sign-in is off. Audits
  // "user.mfa_recovery_codes".
  Result<std::vector<std::string>> RenewRecoveryCodes(const RequestContext& context,
                                                      std::string_view code);

  // Turns the caller's two-step sign-in off. kInvalidInput (field "password") for a wrong
  // password; kFailedPrecondition when the clinic requires it of the caller's role or it is off.
  // Audits "user.mfa_disable".
  Status Disable(const RequestContext& context, std::string_view password);

  // Admins remove the two-step sign-in of a login of their clinic (a lost phone and lost codes):
  // its secret and recovery codes are gone and its sessions end. kNotFound for other clinics'
  // users and API tokens. Audits "user.mfa_reset".
  Status ResetForUser(const RequestContext& context, UserId user_id);

  // Whether `actor`'s login has two-step sign-in on (a login's password is then only the first
  // step).
  Result<bool> SecondStepDue(const Actor& actor);

  // The second step of a login: `code` is a 6-digit authenticator code or a recovery code (used up
  // by this). kUnauthenticated "the code is not right; try the current code" otherwise, audited as
  // "user.login_failed" on the login's record; success audits "user.login" (or
  // "user.login_recovery_code").
  Result<MfaLogin> CompleteLogin(const Actor& actor, std::string_view code,
                                 std::string_view remote_address);

 private:
  AppContext context_;
  crypto::PasswordHasher& hasher_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_MFA_SERVICE_H_
