// Accounts: creating users (with a password policy), invitations and password resets by one-time
// link, logging in with email and password, and API tokens for integrations. Passwords are hashed
// with Argon2id (crypto::PasswordHasher); API tokens are random and only their SHA-256 digest is
// stored. Browser sessions and login throttling are WebSessionService's (web_session_service.h);
// cookies and CSRF headers belong to src/http.
//
// An API token is stored as a user of the clinic with email "api-token:<sha256 hex>" and no
// password, carrying the role and linked records of the user who created it, so every request made
// with it is authorized and audited as that integration user (ListUsers hides these rows).
#ifndef BACKCARE_APP_ACCOUNT_SERVICE_H_
#define BACKCARE_APP_ACCOUNT_SERVICE_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "app/clinic_service.h"
#include "app/crypto/crypto.h"
#include "core/base/result.h"
#include "core/clinic/access_link.h"
#include "core/clinic/user.h"

namespace backcare::app {

inline constexpr std::size_t kMinPasswordLength = 12;
// The fewest guesses (as zxcvbn estimates them) a password must need: 10^6, zxcvbn's score 2,
// "safe from throttled online guessing" (login throttling and Argon2id do the rest).
inline constexpr double kMinPasswordGuesses = 1e6;
// How long an invitation or password-reset link works.
inline constexpr std::chrono::hours kAccessLinkLifetime{72};
// The least time between two reset emails a login's owner can ask for themselves.
inline constexpr std::chrono::minutes kResetRequestInterval{15};

// OkStatus, or kInvalidInput "password is too weak" with one FieldError on `field`:
//   "expected at least 12 characters, got 9"
//   "is a commonly used password"   (case-insensitive match against the compiled-in list)
//   "must not contain the email address's name"
//   "is too easy to guess (...)"    (zxcvbn estimates fewer than kMinPasswordGuesses guesses:
//                                   keyboard walks, repeats, sequences, dictionary words, dates,
//                                   and the email's parts)
// The password itself never appears in the message.
Status CheckPasswordPolicy(std::string_view password, std::string_view email,
                           std::string_view field = "password");

// True when `password` (compared lower-cased) is on the compiled-in list of common passwords.
bool IsCommonPassword(std::string_view password);

// The list itself, sorted, lower case (for tests).
std::span<const std::string_view> CommonPasswordList();

struct NewUser {
  std::string email;  // non-empty, contains '@'
  std::string display_name;
  clinic::Role role = clinic::Role::kFrontDesk;
  std::string password;                     // CheckPasswordPolicy
  std::optional<TherapistId> therapist_id;  // required for kTherapist
  std::optional<PatientId> patient_id;      // required for kPatient
};

// A login made without a password: the invitee sets it on a one-time link.
struct NewInvitation {
  std::string email;  // as NewUser::email; no login of any clinic may have it
  std::string display_name;
  clinic::Role role = clinic::Role::kFrontDesk;
  std::optional<TherapistId> therapist_id;  // required for kTherapist
  std::optional<PatientId> patient_id;      // required for kPatient
};

// A one-time link just made. The token is shown once: the store keeps only its SHA-256.
struct IssuedLink {
  UserId user_id;
  std::string token;  // 43 URL-safe base64 characters; the web app's page is /set-password#token=
  clinic::Timestamp expires_at;
  bool emailed =
      false;  // a message with the link is in the outbox (AccountService's link_base_url)
};

// The first admin of a new clinic (AccountService::CreateClinicWithAdmin).
struct NewAdmin {
  std::string email;  // as NewUser::email; no login of any clinic may have it
  std::string display_name;
  std::string password;  // CheckPasswordPolicy; ignored with `invite`
  bool invite = false;   // no password: a set-password link is issued instead
};

struct CreatedClinic {
  ClinicId clinic_id;
  UserId admin_id;
  std::optional<IssuedLink> invitation;  // set for NewAdmin::invite
};

// What a link's holder may see before setting a password (the page greets them by name).
struct AccessLinkView {
  UserId user_id;
  std::string email;
  std::string display_name;
  clinic::AccessPurpose purpose = clinic::AccessPurpose::kInvite;
  clinic::Timestamp expires_at;
};

// A user as shown to admins: never the password hash.
struct UserView {
  UserId id;
  std::string email;
  std::string display_name;
  clinic::Role role = clinic::Role::kFrontDesk;
  clinic::AccountState state = clinic::AccountState::kActive;
  std::optional<TherapistId> therapist_id;
  std::optional<PatientId> patient_id;
  bool mfa_enabled = false;               // two-step sign-in is on
  bool password_change_required = false;  // an admin's reset is pending
};

// An API token as admins see it: never its secret (which is stored only as a hash).
struct ApiTokenView {
  UserId id;
  std::string name;
  clinic::Role role = clinic::Role::kTherapist;  // the role it acts with (its maker's)
  clinic::AccountState state = clinic::AccountState::kActive;  // kDisabled once revoked
  std::optional<UserId> owner_id;                              // the login that made it
  std::optional<clinic::Timestamp> expires_at;                 // when it stops working
};

struct LoginRequest {
  std::string email;
  std::string password;
  // The clinic to log in to; when unset, the one clinic holding this email (an email present in
  // several clinics then fails like a wrong password).
  std::optional<ClinicId> clinic_id;
};

struct IssuedToken {
  UserId token_user_id;  // the integration user the token acts as
  std::string token;     // shown once: "bct_<clinic id>_<43 URL-safe base64 characters>"
  clinic::Timestamp expires_at;
};

// How long an API token works unless its maker asks otherwise, and the longest they may ask.
inline constexpr int kDefaultApiTokenDays = 90;
inline constexpr int kMaxApiTokenDays = 365;

// A login email as stored and looked up: surrounding spaces removed and ASCII letters in lower
// case, so "Admin@Clinic.Example " and "admin@clinic.example" are one login.
std::string NormalisedEmail(std::string_view email);

// True for the user rows API tokens act as (never a person's login).
bool IsApiTokenUser(const clinic::User& user);

class AccountService {
 public:
  // `context` is copied (its references must outlive the service); `hasher` is borrowed. With
  // `link_base_url` (the server's public address, "https://clinic.example"), invitations and
  // reset links are also emailed: the message goes into the outbox in the link's transaction.
  AccountService(AppContext context, crypto::PasswordHasher& hasher,
                 std::string link_base_url = {});

  // Admins (and the system) create users of their clinic. kPermissionDenied for other roles;
  // kInvalidInput listing every bad field ("email", "password", "therapist_id", "patient_id");
  // kConflict (field "email") when a login of any clinic has the email (logins are found by email
  // alone); kNotFound when the linked therapist or patient is not in the clinic. Audits
  // "user.create".
  Result<UserId> CreateUser(const RequestContext& context, const NewUser& user);

  // First install (`backcare clinic create`): a clinic and its first admin, in one transaction,
  // audited as the system ("clinic.create", "user.create"). kInvalidInput listing every bad field
  // ("name", "time_zone", "admin_email", "admin_password"); kConflict when a clinic has the name
  // (field "name") or a login of any clinic has the email (field "admin_email": logins are found
  // by email alone). With NewAdmin::invite the admin gets a set-password link instead of a
  // password. Nothing is written on any error.
  Result<CreatedClinic> CreateClinicWithAdmin(const NewClinic& clinic, const NewAdmin& admin,
                                              std::string_view remote_address);

  // Invites a login of the caller's clinic: admins invite any role, other staff only patients
  // (kPermissionDenied otherwise). The login is created with no password, so it cannot log in
  // until the invitee sets one on the link (valid kAccessLinkLifetime, once). kInvalidInput
  // listing every bad field ("email", "therapist_id", "patient_id"); kConflict (field "email")
  // when a login of any clinic has the email; kNotFound when the linked therapist or patient is
  // not in the clinic. Audits "user.invite".
  Result<IssuedLink> InviteUser(const RequestContext& context, const NewInvitation& invitation);

  // Admins issue a password-reset link for an active login of their clinic (kNotFound for API
  // tokens and other clinics' users; kFailedPrecondition for a disabled login). Earlier links of
  // the login keep working until used or expired. Audits "user.password_reset".
  // The login must also choose a new password at its next login (its sessions until then may only
  // change the password), and its browser sessions end now.
  Result<IssuedLink> CreatePasswordReset(const RequestContext& context, UserId user_id);

  // Admins give a login of their clinic a temporary password (CheckPasswordPolicy, field
  // "temporary_password") to pass on in person: its sessions and unused links end, and at its next
  // login it must choose a new password before anything else. kNotFound for API tokens and other
  // clinics' users; kFailedPrecondition for a disabled login. Audits "user.password_reset".
  Status SetTemporaryPassword(const RequestContext& context, UserId user_id,
                              std::string_view password);

  // "Forgot my password", for anyone: when links are emailed (link_base_url), the active login
  // with `email` gets a reset link by email, at most once per kResetRequestInterval; an unknown,
  // ambiguous or disabled email gets nothing, and the answer is the same OK either way (nothing
  // tells whether the email has a login). kFailedPrecondition when email is not configured (the
  // admin issues reset links then). Audits "user.password_reset" as the system, from
  // `remote_address`, when a link is sent.
  Status RequestPasswordReset(std::string_view email, std::string_view remote_address);

  // Who a link is for, without using it. kNotFound "link not found" for an unknown or forged
  // token (or one whose login was disabled); kGone "link was used already" / "link has expired".
  Result<AccessLinkView> CheckAccessLink(std::string_view token);

  // Sets the password of the link's login and uses the link up; the login's other unused links and
  // its browser sessions end. The errors of CheckAccessLink, then kInvalidInput (field "password")
  // from CheckPasswordPolicy; a link used by a racing request is kGone. Audits "user.set_password"
  // as the login itself (from `remote_address`).
  Result<AccessLinkView> SetPasswordWithLink(std::string_view token, std::string_view password,
                                             std::string_view remote_address);

  // The caller changes their own password: `current` must be their password (kInvalidInput, field
  // "current_password", "is not your current password"), `replacement` passes
  // CheckPasswordPolicy (field "new_password") and differs from the current one. Every browser
  // session of the login ends (the caller's too: the HTTP layer starts a fresh one) and its unused
  // links are void; a password change an admin's reset required is done. kPermissionDenied for an
  // API token or the system. Audits
  // "user.password_change".
  Status ChangePassword(const RequestContext& context, std::string_view current,
                        std::string_view replacement);

  // Admins list their clinic's users (API-token users omitted). Audits nothing (no patient data).
  Result<std::vector<UserView>> ListUsers(const RequestContext& context);

  // Admins enable or disable a login of their clinic. Disabling ends the login's browser sessions,
  // unused access links and calendar feed, and stops the API tokens it made. Audits "user.update".
  Status SetUserState(const RequestContext& context, UserId user_id, clinic::AccountState state);

  // Email + password -> the user's Actor. Every failure (unknown email, wrong password, disabled
  // account, no password set, ambiguous clinic) is kUnauthenticated "invalid email or password",
  // and unknown emails are verified against a dummy hash so both cases take about as long.
  // Audits "user.login" on success ("user.login_password" when the login has two-step sign-in:
  // the code is still due, see MfaService) and "user.login_failed" (by the system, on the login's
  // record) when the email is one person's login; an unknown email belongs to no clinic's trail.
  // Neither event holds the password.
  Result<Actor> Login(const LoginRequest& request, std::string_view remote_address);

  // A login refused by the throttle: audits "user.login_throttled" on the login's record when
  // `email` is one person's login (nothing otherwise).
  Status RecordThrottledLogin(std::string_view email, std::string_view remote_address);

  // A request refused with 403: audits "access.denied" by the caller, with `what` (the method and
  // route pattern, "GET /api/v1/patients/{id}/screenings") as the record type and the path's
  // record id (0 when it has none). Written by the audit log's writer (app::AuditLog).
  Status RecordAccessDenied(const RequestContext& context, std::string_view what,
                            std::int64_t record_id);

  // Issues a new API token acting with the caller's role and links (admins and therapists), valid
  // for `days` (1..kMaxApiTokenDays). kPermissionDenied for other roles and for a caller that is
  // itself an API token (a token never mints tokens); kInvalidInput (fields "name",
  // "expires_in_days"). Audits "api_token.create".
  Result<IssuedToken> CreateApiToken(const RequestContext& context, std::string_view name,
                                     int days = kDefaultApiTokenDays);

  // A token -> its Actor. kUnauthenticated "invalid API token" when malformed, unknown, revoked,
  // expired, or when any login or token in the chain that made it is disabled, revoked or
  // expired.
  Result<Actor> AuthenticateToken(std::string_view token);

  // API tokens, active and revoked, by id: every one of the clinic for admins, the caller's own
  // for therapists.
  Result<std::vector<ApiTokenView>> ListApiTokens(const RequestContext& context);

  // Revokes a token user: admins any of the clinic, therapists their own. kNotFound when it is
  // not such a token.
  Status RevokeApiToken(const RequestContext& context, UserId token_user_id);

 private:
  // Stores a new link for `user` in `transaction` (created_by unset for the system) and, when
  // link_base_url_ is set, queues the email that carries it.
  Result<IssuedLink> AddLink(ports::Transaction& transaction, const clinic::User& user,
                             clinic::AccessPurpose purpose, const Actor& creator);
  // Queues `action` ("user.login_failed") on `user`'s record, by the system from the address.
  Status AuditLoginRefused(const clinic::User& user, std::string_view action,
                           std::string_view remote_address);
  // The link and its login, checked usable at `now`; the errors of CheckAccessLink.
  Result<std::pair<clinic::AccessLink, clinic::User>> UsableLink(ports::Transaction& transaction,
                                                                 std::string_view token_hash);

  AppContext context_;
  crypto::PasswordHasher& hasher_;
  std::string link_base_url_;
  std::once_flag dummy_once_;
  Result<std::string> dummy_hash_ = std::string();  // set once, for unknown-email logins
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_ACCOUNT_SERVICE_H_
