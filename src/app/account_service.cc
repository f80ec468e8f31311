#include "app/account_service.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

#include "app/audit_trail.h"
#include "app/email_templates.h"
#include "app/service_support.h"
#include "core/base/text.h"

namespace backcare::app {
namespace {

using clinic::Role;

constexpr std::string_view kTokenPrefix = "bct_";
constexpr std::string_view kTokenEmailPrefix = "api-token:";
constexpr std::size_t kTokenRandomBytes = 32;
constexpr std::size_t kLinkRandomBytes = 32;

// The field errors of a new login's email and password (not the password of an invited login);
// the fields are named `prefix` + "email" and `prefix` + "password".
std::vector<FieldError> CheckCredentials(std::string_view email, std::string_view password,
                                         std::string_view prefix, bool invited = false) {
  std::vector<FieldError> errors;
  if (email.empty() || email.find('@') == std::string_view::npos ||
      email.starts_with(kTokenEmailPrefix) || TextProblem(email, TextShape::kSingleLine)) {
    errors.push_back(
        {"", std::string(prefix) + "email", "expected an email address like name@example.org"});
  }
  if (invited) {
    return errors;  // the invitee chooses the password on the link
  }
  if (auto policy = CheckPasswordPolicy(password, email, std::string(prefix) + "password");
      !policy) {
    for (const FieldError& field : policy.error().fields) {
      errors.push_back(field);
    }
  }
  return errors;
}

// Every login with `email`: in clinic `only` when given, else in every clinic (logins are found
// by email alone, so one email should have one login in the whole database).
Result<std::vector<clinic::User>> LoginsWithEmail(ports::Transaction& transaction,
                                                  std::string_view email,
                                                  std::optional<ClinicId> only = std::nullopt) {
  std::vector<ClinicId> clinics;
  if (only) {
    clinics.push_back(*only);
  } else {
    ASSIGN_OR_RETURN(std::vector<clinic::Clinic> all, transaction.ListClinics());
    for (const clinic::Clinic& clinic : all) clinics.push_back(clinic.id);
  }
  std::vector<clinic::User> users;
  const std::string normalised = NormalisedEmail(email);
  for (ClinicId clinic_id : clinics) {
    auto user = transaction.FindUserByEmail(clinic_id, normalised);
    if (user) {
      users.push_back(std::move(user).value());
    } else if (user.error().code != ErrorCode::kNotFound) {
      return std::move(user).error();
    }
  }
  return users;
}

// The one login with `email` (in clinic `only` when given) that a person may use: not an API
// token, and unique; nullopt otherwise.
Result<std::optional<clinic::User>> PersonWithEmail(ports::Transaction& transaction,
                                                    std::string_view email,
                                                    std::optional<ClinicId> only = std::nullopt) {
  ASSIGN_OR_RETURN(std::vector<clinic::User> users, LoginsWithEmail(transaction, email, only));
  if (users.size() != 1 || IsApiTokenUser(users.front())) return std::optional<clinic::User>();
  return std::optional<clinic::User>(std::move(users.front()));
}

// kConflict (field `field`) when a login of any clinic has `email`.
Status CheckEmailUnused(ports::Transaction& transaction, std::string_view email,
                        std::string_view field) {
  ASSIGN_OR_RETURN(std::vector<clinic::User> users, LoginsWithEmail(transaction, email));
  if (users.empty()) return OkStatus();
  // Neither the email nor the clinic holding it: the caller may be another clinic's admin.
  Error error = Conflict("the email already has a login (one login per email in the installation)");
  error.fields.push_back({"", std::string(field), "expected an email address no login has yet"});
  return error;
}

Error LoginFailed() { return Unauthenticated("invalid email or password"); }
Error TokenFailed() { return Unauthenticated("invalid API token"); }

AccessLinkView LinkViewOf(const clinic::AccessLink& link, const clinic::User& user) {
  return AccessLinkView{user.id, user.email, user.display_name, link.purpose, link.expires_at};
}

UserView ViewOf(const clinic::User& user) {
  return UserView{user.id,
                  user.email,
                  user.display_name,
                  user.role,
                  user.state,
                  user.therapist_id,
                  user.patient_id,
                  user.totp_enabled_at.has_value(),
                  user.password_change_required};
}

// The token's chain of makers, from the token up to the person who made the first link, each
// active and unexpired at `now`; TokenFailed otherwise. Tokens made before tokens could not make
// tokens may form a chain; it is cut short at a depth no real chain reaches.
Status CheckTokenChain(ports::Transaction& transaction, const clinic::User& token,
                       clinic::Timestamp now) {
  constexpr int kMaxDepth = 8;
  clinic::User user = token;
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    if (user.state != clinic::AccountState::kActive) return TokenFailed();
    if (user.expires_at && *user.expires_at <= now) return TokenFailed();
    if (!user.owner_id) return OkStatus();
    auto owner = transaction.GetUser(user.clinic_id, *user.owner_id);
    if (!owner) {
      if (owner.error().code == ErrorCode::kNotFound) return TokenFailed();
      return std::move(owner).error();
    }
    user = std::move(owner).value();
  }
  return TokenFailed();
}

}  // namespace

bool IsApiTokenUser(const clinic::User& user) { return user.email.starts_with(kTokenEmailPrefix); }

std::string NormalisedEmail(std::string_view email) {
  const std::size_t first = email.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  email = email.substr(first, email.find_last_not_of(' ') - first + 1);
  std::string normalised(email);
  for (char& c : normalised) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return normalised;
}

AccountService::AccountService(AppContext context, crypto::PasswordHasher& hasher,
                               std::string link_base_url)
    : context_(std::move(context)), hasher_(hasher), link_base_url_(std::move(link_base_url)) {
  while (link_base_url_.ends_with('/')) link_base_url_.pop_back();
}

Result<UserId> AccountService::CreateUser(const RequestContext& context, const NewUser& user) {
  RETURN_IF_ERROR(RequireRole(context.actor, kCreateUsers));
  const std::string email = NormalisedEmail(user.email);
  std::vector<FieldError> errors = CheckCredentials(email, user.password, "");
  if (user.role == Role::kTherapist && !user.therapist_id) {
    errors.push_back({"", "therapist_id", "expected a therapist for role therapist"});
  }
  if (user.role == Role::kPatient && !user.patient_id) {
    errors.push_back({"", "patient_id", "expected a patient for role patient"});
  }
  if (!errors.empty()) {
    return InvalidInput("user is invalid", std::move(errors));
  }
  // Hash before the transaction: Argon2id takes ~120 ms and must not hold the writer lock.
  ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(user.password));
  clinic::User record;
  record.email = email;
  record.display_name = user.display_name;
  record.role = user.role;
  record.password_hash = std::move(hash);
  record.therapist_id = user.role == Role::kTherapist ? user.therapist_id : std::nullopt;
  record.patient_id = user.role == Role::kPatient ? user.patient_id : std::nullopt;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(CheckEmailUnused(*transaction, email, "email"));
  ASSIGN_OR_RETURN(UserId id, transaction->CreateUser(context.actor.clinic_id, record));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "user.create", "user",
                              id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Result<CreatedClinic> AccountService::CreateClinicWithAdmin(const NewClinic& clinic,
                                                            const NewAdmin& admin,
                                                            std::string_view remote_address) {
  std::vector<FieldError> errors;
  if (auto checked = ValidateNewClinic(context_, clinic); !checked) {
    errors = std::move(checked).error().fields;
  }
  const std::string admin_email = NormalisedEmail(admin.email);
  for (FieldError& field : CheckCredentials(admin_email, admin.password, "admin_", admin.invite)) {
    errors.push_back(std::move(field));
  }
  if (!errors.empty()) {
    return InvalidInput("clinic is invalid", std::move(errors));
  }
  // Hash before the transaction: Argon2id takes ~120 ms and must not hold the writer lock.
  std::string hash;
  if (!admin.invite) {
    ASSIGN_OR_RETURN(hash, hasher_.Hash(admin.password));
  }
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(CheckEmailUnused(*transaction, admin_email, "admin_email"));
  CreatedClinic created;
  ASSIGN_OR_RETURN(created.clinic_id,
                   internal::InsertClinic(context_, *transaction, clinic, remote_address));
  clinic::User record;
  record.email = admin_email;
  record.display_name = admin.display_name;
  record.role = Role::kAdmin;
  record.password_hash = std::move(hash);
  ASSIGN_OR_RETURN(created.admin_id, transaction->CreateUser(created.clinic_id, record));
  record.id = created.admin_id;
  record.clinic_id = created.clinic_id;
  const RequestContext system{SystemActor(created.clinic_id), std::string(remote_address)};
  RETURN_IF_ERROR(AppendAudit(*transaction, system, internal::Now(context_),
                              admin.invite ? "user.invite" : "user.create", "user",
                              created.admin_id.value()));
  if (admin.invite) {
    ASSIGN_OR_RETURN(created.invitation,
                     AddLink(*transaction, record, clinic::AccessPurpose::kInvite, system.actor));
  }
  RETURN_IF_ERROR(transaction->Commit());
  return created;
}

Result<IssuedLink> AccountService::AddLink(ports::Transaction& transaction,
                                           const clinic::User& user, clinic::AccessPurpose purpose,
                                           const Actor& creator) {
  IssuedLink issued{user.id, crypto::RandomUrlSafeToken(kLinkRandomBytes), {}};
  clinic::AccessLink link;
  link.token_hash = crypto::Sha256Hex(issued.token);
  link.clinic_id = user.clinic_id;
  link.user_id = user.id;
  link.purpose = purpose;
  if (!IsSystem(creator)) {
    link.created_by = creator.user_id;
  }
  link.created_at = internal::Now(context_);
  link.expires_at = link.created_at + kAccessLinkLifetime;
  issued.expires_at = link.expires_at;
  RETURN_IF_ERROR(transaction.CreateAccessLink(link));
  if (!link_base_url_.empty()) {
    ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction.GetClinic(user.clinic_id));
    const EmailText text =
        AccessLinkEmail(purpose, clinic.name, user.display_name,
                        link_base_url_ + "/set-password#token=" + issued.token, link.expires_at);
    clinic::OutgoingEmail email;
    email.recipient = user.email;
    email.subject = text.subject;
    email.body = text.body;
    email.created_at = link.created_at;
    email.deliver_by = link.expires_at;
    email.next_attempt_at = link.created_at;
    RETURN_IF_ERROR(transaction.EnqueueEmail(user.clinic_id, email));
    issued.emailed = true;
  }
  return issued;
}

Result<IssuedLink> AccountService::InviteUser(const RequestContext& context,
                                              const NewInvitation& invitation) {
  RETURN_IF_ERROR(RequireRole(context.actor,
                              invitation.role == Role::kPatient ? kInvitePatients : kCreateUsers));
  const std::string email = NormalisedEmail(invitation.email);
  std::vector<FieldError> errors = CheckCredentials(email, "", "", true);
  if (invitation.role == Role::kTherapist && !invitation.therapist_id) {
    errors.push_back({"", "therapist_id", "expected a therapist for role therapist"});
  }
  if (invitation.role == Role::kPatient && !invitation.patient_id) {
    errors.push_back({"", "patient_id", "expected a patient for role patient"});
  }
  if (!errors.empty()) {
    return InvalidInput("invitation is invalid", std::move(errors));
  }
  clinic::User record;
  record.email = email;
  record.display_name = invitation.display_name;
  record.role = invitation.role;
  record.therapist_id =
      invitation.role == Role::kTherapist ? invitation.therapist_id : std::nullopt;
  record.patient_id = invitation.role == Role::kPatient ? invitation.patient_id : std::nullopt;
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(CheckEmailUnused(*transaction, email, "email"));
  ASSIGN_OR_RETURN(UserId id, transaction->CreateUser(context.actor.clinic_id, record));
  record.id = id;
  record.clinic_id = context.actor.clinic_id;
  ASSIGN_OR_RETURN(IssuedLink issued,
                   AddLink(*transaction, record, clinic::AccessPurpose::kInvite, context.actor));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "user.invite", "user",
                              id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return issued;
}

Result<IssuedLink> AccountService::CreatePasswordReset(const RequestContext& context,
                                                       UserId user_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kIssuePasswordResets));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(context.actor.clinic_id, user_id));
  if (IsApiTokenUser(user)) {
    return NotFound("user " + std::to_string(user_id.value()) + " not found");
  }
  if (user.state != clinic::AccountState::kActive) {
    return FailedPrecondition("user " + std::to_string(user_id.value()) +
                              " is disabled; enable the login before resetting its password");
  }
  ASSIGN_OR_RETURN(IssuedLink issued,
                   AddLink(*transaction, user, clinic::AccessPurpose::kReset, context.actor));
  // An admin's reset may answer a suspected compromise: the login's sessions end, and until it
  // sets a new password (on the link, or after logging in with the old one) it can do nothing
  // else.
  user.password_change_required = true;
  RETURN_IF_ERROR(transaction->UpdateUser(context.actor.clinic_id, user));
  RETURN_IF_ERROR(transaction->DeleteUserWebSessions(context.actor.clinic_id, user.id));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "user.password_reset",
                              "user", user_id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return issued;
}

Status AccountService::SetTemporaryPassword(const RequestContext& context, UserId user_id,
                                            std::string_view password) {
  RETURN_IF_ERROR(RequireRole(context.actor, kIssuePasswordResets));
  clinic::User user;
  {
    ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
    ASSIGN_OR_RETURN(user, transaction->GetUser(context.actor.clinic_id, user_id));
  }
  if (IsApiTokenUser(user)) {
    return NotFound("user " + std::to_string(user_id.value()) + " not found");
  }
  RETURN_IF_ERROR(CheckPasswordPolicy(password, user.email, "temporary_password"));
  // Hash before the transaction: Argon2id takes ~120 ms and must not hold the writer lock.
  ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(user, transaction->GetUser(context.actor.clinic_id, user_id));
  if (user.state != clinic::AccountState::kActive) {
    return FailedPrecondition("user " + std::to_string(user_id.value()) +
                              " is disabled; enable the login before resetting its password");
  }
  user.password_hash = std::move(hash);
  user.password_change_required = true;
  RETURN_IF_ERROR(transaction->UpdateUser(context.actor.clinic_id, user));
  RETURN_IF_ERROR(transaction->DeleteUnusedAccessLinks(context.actor.clinic_id, user.id));
  RETURN_IF_ERROR(transaction->DeleteUserWebSessions(context.actor.clinic_id, user.id));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "user.password_reset",
                              "user", user_id.value()));
  return transaction->Commit();
}

Status AccountService::RequestPasswordReset(std::string_view email,
                                            std::string_view remote_address) {
  if (link_base_url_.empty()) {
    return FailedPrecondition(
        "password reset by email is not configured on this server; ask the clinic's admin for a "
        "reset link");
  }
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(std::optional<clinic::User> found, PersonWithEmail(*transaction, email));
  if (!found || found->state != clinic::AccountState::kActive) {
    return OkStatus();  // the same answer as for a login: nothing reveals which emails exist
  }
  // The throttle keeps its marks with the failed logins (pruned with them).
  const std::string key = "reset:" + NormalisedEmail(email);
  ASSIGN_OR_RETURN(std::vector<clinic::Timestamp> recent,
                   transaction->ListLoginFailures(key, now - kResetRequestInterval));
  if (!recent.empty()) {
    return OkStatus();
  }
  RETURN_IF_ERROR(transaction->AddLoginFailure(key, now));
  const RequestContext system{SystemActor(found->clinic_id), std::string(remote_address)};
  ASSIGN_OR_RETURN(IssuedLink issued,
                   AddLink(*transaction, *found, clinic::AccessPurpose::kReset, system.actor));
  static_cast<void>(issued);  // the token goes only into the email
  RETURN_IF_ERROR(
      AppendAudit(*transaction, system, now, "user.password_reset", "user", found->id.value()));
  return transaction->Commit();
}

Result<std::pair<clinic::AccessLink, clinic::User>> AccountService::UsableLink(
    ports::Transaction& transaction, std::string_view token_hash) {
  auto link = transaction.FindAccessLink(token_hash);
  if (!link) {
    if (link.error().code == ErrorCode::kNotFound) {
      return NotFound("link not found");
    }
    return std::move(link).error();
  }
  if (link->used_at) {
    return Gone("link was used already");
  }
  if (internal::Now(context_) >= link->expires_at) {
    return Gone("link has expired; ask for a new one");
  }
  ASSIGN_OR_RETURN(clinic::User user, transaction.GetUser(link->clinic_id, link->user_id));
  if (user.state != clinic::AccountState::kActive) {
    return NotFound("link not found");
  }
  return std::pair{std::move(link).value(), std::move(user)};
}

Result<AccessLinkView> AccountService::CheckAccessLink(std::string_view token) {
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  ASSIGN_OR_RETURN(auto usable, UsableLink(*transaction, crypto::Sha256Hex(token)));
  return LinkViewOf(usable.first, usable.second);
}

Result<AccessLinkView> AccountService::SetPasswordWithLink(std::string_view token,
                                                           std::string_view password,
                                                           std::string_view remote_address) {
  const std::string token_hash = crypto::Sha256Hex(token);
  ASSIGN_OR_RETURN(AccessLinkView view, CheckAccessLink(token));
  RETURN_IF_ERROR(CheckPasswordPolicy(password, view.email));
  // Hash before the transaction: Argon2id takes ~120 ms and must not hold the writer lock.
  ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(auto usable, UsableLink(*transaction, token_hash));
  auto& [link, user] = usable;
  RETURN_IF_ERROR(transaction->UseAccessLink(token_hash, internal::Now(context_)));
  user.password_hash = std::move(hash);
  user.password_change_required = false;
  RETURN_IF_ERROR(transaction->UpdateUser(link.clinic_id, user));
  RETURN_IF_ERROR(transaction->DeleteUnusedAccessLinks(link.clinic_id, user.id));
  RETURN_IF_ERROR(transaction->DeleteUserWebSessions(link.clinic_id, user.id));
  RETURN_IF_ERROR(
      AppendAudit(*transaction, RequestContext{ActorFor(user), std::string(remote_address)},
                  internal::Now(context_), "user.set_password", "user", user.id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return LinkViewOf(link, user);
}

Status AccountService::ChangePassword(const RequestContext& context, std::string_view current,
                                      std::string_view replacement) {
  if (IsSystem(context.actor)) return PermissionDenied("the system has no password");
  clinic::User user;
  {
    ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
    ASSIGN_OR_RETURN(user, transaction->GetUser(context.actor.clinic_id, context.actor.user_id));
  }
  if (IsApiTokenUser(user)) {
    return PermissionDenied("an API token has no password; log in to change yours");
  }
  if (user.password_hash.empty() || !hasher_.Verify(user.password_hash, current)) {
    return InvalidInput("password not changed",
                        {{"", "current_password", "is not your current password"}});
  }
  if (Status policy = CheckPasswordPolicy(replacement, user.email, "new_password"); !policy) {
    return policy;
  }
  if (replacement == current) {
    return InvalidInput("password not changed",
                        {{"", "new_password", "expected a password other than the current one"}});
  }
  // Hash before the transaction: Argon2id takes ~120 ms and must not hold the writer lock.
  ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(replacement));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(user, transaction->GetUser(context.actor.clinic_id, context.actor.user_id));
  user.password_hash = std::move(hash);
  user.password_change_required = false;
  RETURN_IF_ERROR(transaction->UpdateUser(context.actor.clinic_id, user));
  RETURN_IF_ERROR(transaction->DeleteUnusedAccessLinks(context.actor.clinic_id, user.id));
  RETURN_IF_ERROR(transaction->DeleteUserWebSessions(context.actor.clinic_id, user.id));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_),
                              "user.password_change", "user", user.id.value()));
  return transaction->Commit();
}

Result<std::vector<UserView>> AccountService::ListUsers(const RequestContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, kListUsers));
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  ASSIGN_OR_RETURN(std::vector<clinic::User> users,
                   transaction->ListUsers(context.actor.clinic_id));
  std::vector<UserView> views;
  for (const clinic::User& user : users) {
    if (!IsApiTokenUser(user)) {
      views.push_back(ViewOf(user));
    }
  }
  return views;
}

Status AccountService::SetUserState(const RequestContext& context, UserId user_id,
                                    clinic::AccountState state) {
  RETURN_IF_ERROR(RequireRole(context.actor, kChangeUsers));
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(context.actor.clinic_id, user_id));
  if (state == clinic::AccountState::kDisabled && user.state == clinic::AccountState::kActive &&
      user.role == Role::kAdmin && !IsApiTokenUser(user)) {
    ASSIGN_OR_RETURN(std::vector<clinic::User> users,
                     transaction->ListUsers(context.actor.clinic_id));
    const bool another = std::any_of(users.begin(), users.end(), [&](const clinic::User& other) {
      return other.id != user.id && other.role == Role::kAdmin &&
             other.state == clinic::AccountState::kActive && !IsApiTokenUser(other);
    });
    if (!another) {
      return FailedPrecondition(
          "the clinic's last active admin cannot be disabled; enable or add another admin first");
    }
  }
  user.state = state;
  RETURN_IF_ERROR(transaction->UpdateUser(context.actor.clinic_id, user));
  if (state == clinic::AccountState::kDisabled) {
    RETURN_IF_ERROR(transaction->DeleteUserWebSessions(context.actor.clinic_id, user_id));
    RETURN_IF_ERROR(transaction->DeleteUnusedAccessLinks(context.actor.clinic_id, user_id));
    RETURN_IF_ERROR(transaction->DeleteCalendarFeed(context.actor.clinic_id, user_id));
  }
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "user.update", "user",
                              user_id.value()));
  return transaction->Commit();
}

Result<Actor> AccountService::Login(const LoginRequest& request, std::string_view remote_address) {
  std::optional<clinic::User> found;
  {
    ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
    ASSIGN_OR_RETURN(found, PersonWithEmail(*transaction, request.email, request.clinic_id));
  }
  if (!found || found->password_hash.empty()) {
    // Spend the same work as a real verification so timing does not reveal unknown emails.
    std::call_once(dummy_once_,
                   [&] { dummy_hash_ = hasher_.Hash("backcare dummy password for timing"); });
    if (dummy_hash_) {
      (void)hasher_.Verify(*dummy_hash_, request.password);
    }
    if (found) RETURN_IF_ERROR(AuditLoginRefused(*found, "user.login_failed", remote_address));
    return LoginFailed();
  }
  if (!hasher_.Verify(found->password_hash, request.password) ||
      found->state != clinic::AccountState::kActive) {
    RETURN_IF_ERROR(AuditLoginRefused(*found, "user.login_failed", remote_address));
    return LoginFailed();
  }
  const Actor actor = ActorFor(*found);
  // With two-step sign-in the password is only the first step: "user.login" is written once the
  // code is right (MfaService::CompleteLogin).
  const char* action = found->totp_enabled_at ? "user.login_password" : "user.login";
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(AppendAudit(*transaction, RequestContext{actor, std::string(remote_address)},
                              internal::Now(context_), action, "user", actor.user_id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return actor;
}

Status AccountService::AuditLoginRefused(const clinic::User& user, std::string_view action,
                                         std::string_view remote_address) {
  return internal::AuditRead(context_, {SystemActor(user.clinic_id), std::string(remote_address)},
                             action, "user", user.id.value());
}

Status AccountService::RecordThrottledLogin(std::string_view email,
                                            std::string_view remote_address) {
  std::optional<clinic::User> found;
  {
    ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
    ASSIGN_OR_RETURN(found, PersonWithEmail(*transaction, email));
  }
  if (!found) return OkStatus();
  return AuditLoginRefused(*found, "user.login_throttled", remote_address);
}

Status AccountService::RecordAccessDenied(const RequestContext& context, std::string_view what,
                                          std::int64_t record_id) {
  return internal::AuditRead(context_, context, "access.denied", what, record_id);
}

Result<IssuedToken> AccountService::CreateApiToken(const RequestContext& context,
                                                   std::string_view name, int days) {
  RETURN_IF_ERROR(RequireRole(context.actor, kCreateApiTokens));
  std::vector<FieldError> errors;
  if (name.empty()) errors.push_back({"", "name", "expected a non-empty name"});
  if (days < 1 || days > kMaxApiTokenDays) {
    errors.push_back(
        {"", "expires_in_days",
         "expected a number of days in [1, " + std::to_string(kMaxApiTokenDays) + "]"});
  }
  if (!errors.empty()) return InvalidInput("API token is invalid", std::move(errors));
  const std::string token = std::string(kTokenPrefix) +
                            std::to_string(context.actor.clinic_id.value()) + "_" +
                            crypto::RandomUrlSafeToken(kTokenRandomBytes);
  clinic::User record;
  record.email = std::string(kTokenEmailPrefix) + crypto::Sha256Hex(token);
  record.display_name = std::string(name);
  record.role = context.actor.role;
  record.therapist_id = context.actor.therapist_id;
  record.patient_id = context.actor.patient_id;
  if (!IsSystem(context.actor)) {
    record.owner_id = context.actor.user_id;
  }
  const clinic::Timestamp now = internal::Now(context_);
  record.expires_at = now + std::chrono::days(days);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  if (!IsSystem(context.actor)) {
    ASSIGN_OR_RETURN(clinic::User caller,
                     transaction->GetUser(context.actor.clinic_id, context.actor.user_id));
    if (IsApiTokenUser(caller)) {
      return PermissionDenied("an API token cannot issue API tokens; log in to issue one");
    }
  }
  ASSIGN_OR_RETURN(UserId id, transaction->CreateUser(context.actor.clinic_id, record));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, now, "api_token.create", "user", id.value()));
  RETURN_IF_ERROR(transaction->Commit());
  return IssuedToken{id, token, *record.expires_at};
}

Result<Actor> AccountService::AuthenticateToken(std::string_view token) {
  if (!token.starts_with(kTokenPrefix)) {
    return TokenFailed();
  }
  std::string_view rest = token.substr(kTokenPrefix.size());
  const std::size_t separator = rest.find('_');
  if (separator == std::string_view::npos) {
    return TokenFailed();
  }
  std::int64_t clinic_value = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + separator, clinic_value);
  if (error != std::errc() || end != rest.data() + separator || clinic_value <= 0) {
    return TokenFailed();
  }
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  auto user = transaction->FindUserByEmail(
      ClinicId{clinic_value}, std::string(kTokenEmailPrefix) + crypto::Sha256Hex(token));
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound) {
      return TokenFailed();
    }
    return std::move(user).error();
  }
  // A token acts for the login that made it, and stops when that login (or, for a token made by
  // a token, any maker up the chain) is disabled, revoked or expired.
  RETURN_IF_ERROR(CheckTokenChain(*transaction, *user, internal::Now(context_)));
  return ActorFor(*user);
}

Result<std::vector<ApiTokenView>> AccountService::ListApiTokens(const RequestContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, kCreateApiTokens));
  const bool every = kRevokeApiTokens.roles.Has(context.actor.role);
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  ASSIGN_OR_RETURN(std::vector<clinic::User> users,
                   transaction->ListUsers(context.actor.clinic_id));
  std::vector<ApiTokenView> tokens;
  for (const clinic::User& user : users) {
    if (IsApiTokenUser(user) && (every || user.owner_id == context.actor.user_id)) {
      tokens.push_back(
          {user.id, user.display_name, user.role, user.state, user.owner_id, user.expires_at});
    }
  }
  return tokens;
}

Status AccountService::RevokeApiToken(const RequestContext& context, UserId token_user_id) {
  RETURN_IF_ERROR(RequireRole(context.actor, kCreateApiTokens));
  const bool every = kRevokeApiTokens.roles.Has(context.actor.role);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  auto found = transaction->GetUser(context.actor.clinic_id, token_user_id);
  if (!found && found.error().code != ErrorCode::kNotFound) return std::move(found).error();
  if (!found || !IsApiTokenUser(*found) || (!every && found->owner_id != context.actor.user_id)) {
    return NotFound("API token " + std::to_string(token_user_id.value()) + " not found");
  }
  clinic::User user = std::move(found).value();
  user.state = clinic::AccountState::kDisabled;
  RETURN_IF_ERROR(transaction->UpdateUser(context.actor.clinic_id, user));
  RETURN_IF_ERROR(AppendAudit(*transaction, context, internal::Now(context_), "api_token.revoke",
                              "user", token_user_id.value()));
  return transaction->Commit();
}

}  // namespace backcare::app
