#include "app/mfa_service.h"

#include <utility>

#include "app/account_service.h"
#include "app/audit_trail.h"
#include "app/crypto/totp.h"
#include "app/role_policy.h"
#include "app/service_support.h"
#include "core/clinic/clinic.h"

namespace backcare::app {
namespace {

constexpr std::string_view kIssuer = "backcare";

Error WrongCode() { return InvalidInput("the code is not right", {{"", "code", "is not right"}}); }
Error WrongLoginCode() { return Unauthenticated("the code is not right; try the current code"); }

std::int64_t StepAt(clinic::Timestamp at) {
  return crypto::TotpStep(clinic::ToUnixMicros(at) / 1'000'000);
}

// The caller's own login, refusing the system and API tokens (which have no second factor).
Result<clinic::User> OwnLogin(ports::Transaction& transaction, const Actor& actor) {
  if (IsSystem(actor)) return PermissionDenied("the system has no login");
  RETURN_IF_ERROR(RequireRole(actor, kUseTwoStepSignIn));
  ASSIGN_OR_RETURN(clinic::User user, transaction.GetUser(actor.clinic_id, actor.user_id));
  if (IsApiTokenUser(user)) {
    return PermissionDenied("an API token has no two-step sign-in; log in to set up yours");
  }
  return user;
}

// The recovery codes and their hashes.
std::pair<std::vector<std::string>, std::vector<std::string>> NewCodes() {
  std::vector<std::string> codes = crypto::NewRecoveryCodes();
  std::vector<std::string> hashes;
  hashes.reserve(codes.size());
  for (const std::string& code : codes) hashes.push_back(*crypto::RecoveryCodeHash(code));
  return {std::move(codes), std::move(hashes)};
}

// Checks `code` against the user's secret at `now` and claims its step. kInvalidInput (field
// "code") when wrong or used already.
Status AcceptCode(ports::Transaction& transaction, const clinic::User& user, std::string_view code,
                  clinic::Timestamp now) {
  std::optional<std::int64_t> step = crypto::MatchTotp(user.totp_secret, code, StepAt(now));
  if (!step) return WrongCode();
  Status claimed = transaction.ClaimTotpStep(user.clinic_id, user.id, *step);
  if (!claimed && claimed.error().code == ErrorCode::kConflict) return WrongCode();
  return claimed;
}

}  // namespace

MfaService::MfaService(AppContext context, crypto::PasswordHasher& hasher)
    : context_(std::move(context)), hasher_(hasher) {}

Result<MfaStatus> MfaService::GetStatus(const RequestContext& context) {
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  ASSIGN_OR_RETURN(clinic::User user, OwnLogin(*transaction, context.actor));
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(context.actor.clinic_id));
  MfaStatus status;
  status.enabled = user.totp_enabled_at.has_value();
  status.enabled_at = user.totp_enabled_at;
  ASSIGN_OR_RETURN(status.recovery_codes_left,
                   transaction->CountRecoveryCodes(user.clinic_id, user.id));
  status.required = clinic::MfaRequired(clinic.mfa_policy, user.role);
  return status;
}

Result<MfaEnrolment> MfaService::BeginEnrolment(const RequestContext& context) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::User user, OwnLogin(*transaction, context.actor));
  if (user.totp_enabled_at) {
    return FailedPrecondition("two-step sign-in is on already; turn it off to set it up again");
  }
  user.totp_secret = crypto::NewTotpSecret();
  RETURN_IF_ERROR(transaction->UpdateUser(user.clinic_id, user));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "user.mfa_enrolment",
                              "user", user.id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return MfaEnrolment{user.totp_secret, crypto::OtpAuthUri(kIssuer, user.email, user.totp_secret)};
}

Result<std::vector<std::string>> MfaService::ConfirmEnrolment(const RequestContext& context,
                                                              std::string_view code) {
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::User user, OwnLogin(*transaction, context.actor));
  if (user.totp_enabled_at) return FailedPrecondition("two-step sign-in is on already");
  if (user.totp_secret.empty()) {
    return FailedPrecondition("no two-step sign-in set-up was started; start one first");
  }
  RETURN_IF_ERROR(AcceptCode(*transaction, user, code, now));
  ASSIGN_OR_RETURN(user, transaction->GetUser(user.clinic_id, user.id));
  user.totp_enabled_at = now;
  RETURN_IF_ERROR(transaction->UpdateUser(user.clinic_id, user));
  auto [codes, hashes] = NewCodes();
  RETURN_IF_ERROR(transaction->ReplaceRecoveryCodes(user.clinic_id, user.id, hashes));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "user.mfa_enable", "user", user.id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return codes;
}

Result<std::vector<std::string>> MfaService::RenewRecoveryCodes(const RequestContext& context,
                                                                std::string_view code) {
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::User user, OwnLogin(*transaction, context.actor));
  if (!user.totp_enabled_at) return FailedPrecondition("two-step sign-in is off");
  RETURN_IF_ERROR(AcceptCode(*transaction, user, code, now));
  auto [codes, hashes] = NewCodes();
  RETURN_IF_ERROR(transaction->ReplaceRecoveryCodes(user.clinic_id, user.id, hashes));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, context, now, "user.mfa_recovery_codes", "user", user.id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return codes;
}

Status MfaService::Disable(const RequestContext& context, std::string_view password) {
  clinic::User user;
  {
    ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
    ASSIGN_OR_RETURN(user, OwnLogin(*transaction, context.actor));
    ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(context.actor.clinic_id));
    if (clinic::MfaRequired(clinic.mfa_policy, user.role)) {
      return FailedPrecondition("your clinic requires two-step sign-in for your role");
    }
  }
  if (!user.totp_enabled_at && user.totp_secret.empty()) {
    return FailedPrecondition("two-step sign-in is off");
  }
  // Verify outside the transaction: Argon2id takes ~120 ms and must not hold the writer lock.
  if (user.password_hash.empty() || !hasher_.Verify(user.password_hash, password)) {
    return InvalidInput("two-step sign-in not turned off",
                        {{"", "password", "is not your password"}});
  }
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(user, transaction->GetUser(user.clinic_id, user.id));
  user.totp_secret.clear();
  user.totp_enabled_at.reset();
  RETURN_IF_ERROR(transaction->UpdateUser(user.clinic_id, user));
  RETURN_IF_ERROR(transaction->ReplaceRecoveryCodes(user.clinic_id, user.id, {}));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "user.mfa_disable",
                              "user", user.id.value()));
  return transaction->Commit();
}

Status MfaService::ResetForUser(const RequestContext& context, UserId user_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kChangeUsers));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(context.actor.clinic_id, user_id));
  if (IsApiTokenUser(user)) {
    return NotFound("user " + std::to_string(user_id.value()) + " not found");
  }
  user.totp_secret.clear();
  user.totp_enabled_at.reset();
  RETURN_IF_ERROR(transaction->UpdateUser(user.clinic_id, user));
  RETURN_IF_ERROR(transaction->ReplaceRecoveryCodes(user.clinic_id, user.id, {}));
  RETURN_IF_ERROR(transaction->DeleteUserWebSessions(user.clinic_id, user.id));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "user.mfa_reset",
                              "user", user.id.value()));
  return transaction->Commit();
}

Result<bool> MfaService::SecondStepDue(const Actor& actor) {
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(actor.clinic_id, actor.user_id));
  return user.totp_enabled_at.has_value();
}

Result<MfaLogin> MfaService::CompleteLogin(const Actor& actor, std::string_view code,
                                           std::string_view remote_address) {
  const clinic::Timestamp now = internal::Now(context_);
  const RequestContext as_login{actor, std::string(remote_address)};
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(actor.clinic_id, actor.user_id));
  MfaLogin login;
  bool accepted = false;
  if (user.totp_enabled_at) {
    if (std::optional<std::string> hash = crypto::RecoveryCodeHash(code)) {
      Status used = transaction->UseRecoveryCode(user.clinic_id, user.id, *hash, now);
      if (!used && used.error().code != ErrorCode::kNotFound) return std::move(used).error();
      accepted = used.has_value();
      login.used_recovery_code = accepted;
    } else {
      Status claimed = AcceptCode(*transaction, user, code, now);
      if (!claimed && claimed.error().code != ErrorCode::kInvalidInput) {
        return std::move(claimed).error();
      }
      accepted = claimed.has_value();
    }
  }
  if (!accepted) {
    transaction.reset();  // nothing to keep
    RETURN_IF_ERROR(internal::AuditRead(context_,
                                        {SystemActor(actor.clinic_id), as_login.remote_address},
                                        "user.login_failed", "user", actor.user_id.value()));
    return WrongLoginCode();
  }
  ASSIGN_OR_RETURN(login.recovery_codes_left,
                   transaction->CountRecoveryCodes(user.clinic_id, user.id));
  RETURN_IF_ERROR(AppendAudit(*transaction, as_login, now,
                              login.used_recovery_code ? "user.login_recovery_code" : "user.login",
                              "user", user.id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return login;
}

}  // namespace backcare::app
