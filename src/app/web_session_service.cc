#include "app/web_session_service.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "app/crypto/crypto.h"
#include "app/service_support.h"

namespace backcare::app {
namespace {

constexpr std::size_t kSessionIdBytes = 32;
constexpr std::size_t kMaxCachedSessions = 100'000;

Error SessionFailed() { return Unauthenticated("session expired or unknown; log in again"); }
Error PendingFailed() {
  return Unauthenticated("sign-in expired; enter your email and password again");
}

// The handle a session is listed under: derived from the stored hash, so it names the session
// without revealing anything that would let someone resume it.
std::string HandleOf(std::string_view id_hash) {
  return crypto::Sha256Hex("backcare session handle\n" + std::string(id_hash)).substr(0, 16);
}

std::string PendingKey(std::string_view id_hash) { return "mfa:" + std::string(id_hash); }

std::string Cut(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  std::size_t end = bytes;
  // Back up to the start of a UTF-8 sequence the cut would split, leaving none half.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

// What the store keeps of an id, and the CSRF token derived from it under another label.
std::string IdHash(std::string_view id) { return crypto::Sha256Hex(id); }
std::string CsrfToken(std::string_view id) {
  return crypto::Sha256Hex("backcare csrf\n" + std::string(id));
}

std::string AccountKey(std::string_view email) {
  std::string key = "account:";
  for (char c : email) {
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

std::string AddressKey(std::string_view address) { return "address:" + std::string(address); }

// Nullopt while fewer than `max_failures` of `failures` (oldest first, all within the window) are
// recorded; otherwise the wait until enough of them leave the window, at least 1 second.
std::optional<std::chrono::seconds> Wait(const std::vector<clinic::Timestamp>& failures,
                                         int max_failures, std::chrono::seconds window,
                                         clinic::Timestamp now) {
  if (static_cast<int>(failures.size()) < max_failures) {
    return std::nullopt;
  }
  const clinic::Timestamp until =
      failures[failures.size() - static_cast<std::size_t>(max_failures)] + window;
  const auto wait = std::chrono::ceil<std::chrono::seconds>(until - now);
  return std::max(wait, std::chrono::seconds(1));
}

}  // namespace

SessionRestriction RestrictionOf(const clinic::User& user, const clinic::Clinic& clinic) {
  if (user.password_change_required) return SessionRestriction::kPasswordChange;
  if (!user.totp_enabled_at && clinic::MfaRequired(clinic.mfa_policy, user.role)) {
    return SessionRestriction::kMfaEnrolment;
  }
  return SessionRestriction::kNone;
}

WebSessionService::WebSessionService(AppContext context, WebSessionOptions options)
    : context_(std::move(context)), options_(options) {}

Result<StartedSession> WebSessionService::Start(const Actor& actor, const SessionOrigin& origin) {
  return StartStage(actor, origin, clinic::SessionStage::kSignedIn);
}

Result<StartedSession> WebSessionService::StartPending(const Actor& actor,
                                                       const SessionOrigin& origin) {
  return StartStage(actor, origin, clinic::SessionStage::kMfaPending);
}

Result<StartedSession> WebSessionService::StartStage(const Actor& actor,
                                                     const SessionOrigin& origin,
                                                     clinic::SessionStage stage) {
  StartedSession started{crypto::RandomUrlSafeToken(kSessionIdBytes), "",
                         SessionRestriction::kNone};
  if (stage == clinic::SessionStage::kSignedIn) started.csrf_token = CsrfToken(started.id);
  const clinic::Timestamp now = internal::Now(context_);
  clinic::WebSession session{
      IdHash(started.id),          actor.clinic_id,         actor.user_id, now, now, stage,
      Cut(origin.user_agent, 300), Cut(origin.address, 100)};
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(
      transaction->PruneLogins(now - options_.idle_timeout, now - options_.failure_window));
  RETURN_IF_ERROR(transaction->CreateWebSession(session));
  ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(actor.clinic_id, actor.user_id));
  ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(actor.clinic_id));
  started.restriction = RestrictionOf(user, clinic);
  RETURN_IF_ERROR(transaction->Commit());
  return started;
}

Result<Actor> WebSessionService::ResumePending(std::string_view token) {
  const clinic::Timestamp now = internal::Now(context_);
  const std::string hash = IdHash(token);
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  auto found = transaction->FindWebSession(hash);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return PendingFailed();
    return std::move(found).error();
  }
  if (found->stage != clinic::SessionStage::kMfaPending ||
      now - found->created_at > kMfaLoginWindow) {
    return PendingFailed();
  }
  ASSIGN_OR_RETURN(std::vector<clinic::Timestamp> failures,
                   transaction->ListLoginFailures(PendingKey(hash), found->created_at));
  if (static_cast<int>(failures.size()) >= kMaxMfaCodeFailures) return PendingFailed();
  ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(found->clinic_id, found->user_id));
  if (user.state != clinic::AccountState::kActive) return PendingFailed();
  return ActorFor(user);
}

Status WebSessionService::RecordPendingFailure(std::string_view token) {
  const clinic::Timestamp now = internal::Now(context_);
  const std::string hash = IdHash(token);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(transaction->AddLoginFailure(PendingKey(hash), now));
  ASSIGN_OR_RETURN(std::vector<clinic::Timestamp> failures,
                   transaction->ListLoginFailures(PendingKey(hash), now - kMfaLoginWindow));
  if (static_cast<int>(failures.size()) >= kMaxMfaCodeFailures) {
    RETURN_IF_ERROR(transaction->DeleteWebSession(hash));
  }
  return transaction->Commit();
}

Result<std::vector<SessionView>> WebSessionService::ListSessions(const Actor& actor,
                                                                 std::string_view current_id) {
  const clinic::Timestamp now = internal::Now(context_);
  const std::string current_hash = current_id.empty() ? std::string() : IdHash(current_id);
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  ASSIGN_OR_RETURN(std::vector<clinic::WebSession> sessions,
                   transaction->ListUserWebSessions(actor.clinic_id, actor.user_id));
  std::vector<SessionView> views;
  for (const clinic::WebSession& session : sessions) {
    const bool live = session.stage == clinic::SessionStage::kSignedIn &&
                      now - session.last_seen_at <= options_.idle_timeout &&
                      now - session.created_at < options_.absolute_timeout;
    if (!live) continue;
    views.push_back({HandleOf(session.id_hash), session.id_hash == current_hash, session.created_at,
                     session.last_seen_at, session.user_agent, session.address});
  }
  return views;
}

Result<bool> WebSessionService::Revoke(const Actor& actor, std::string_view handle,
                                       std::string_view current_id) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  ASSIGN_OR_RETURN(std::vector<clinic::WebSession> sessions,
                   transaction->ListUserWebSessions(actor.clinic_id, actor.user_id));
  for (const clinic::WebSession& session : sessions) {
    if (session.stage == clinic::SessionStage::kSignedIn && HandleOf(session.id_hash) == handle) {
      {
        std::lock_guard lock(cache_mutex_);
        cache_.erase(session.id_hash);
      }
      RETURN_IF_ERROR(transaction->DeleteWebSession(session.id_hash));
      RETURN_IF_ERROR(transaction->Commit());
      return !current_id.empty() && session.id_hash == IdHash(current_id);
    }
  }
  return NotFound("session not found");
}

std::optional<ResumedSession> WebSessionService::FromCache(const std::string& hash,
                                                           clinic::Timestamp now) {
  if (options_.cache_for <= std::chrono::milliseconds::zero()) {
    return std::nullopt;
  }
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(hash);
  if (it == cache_.end()) {
    return std::nullopt;
  }
  const Cached& cached = it->second;
  if (now - cached.read_at >= options_.cache_for ||
      now - cached.last_seen_at >= options_.touch_interval) {
    cache_.erase(it);
    return std::nullopt;
  }
  return cached.session;
}

Result<ResumedSession> WebSessionService::Resume(std::string_view id) {
  const clinic::Timestamp now = internal::Now(context_);
  const std::string hash = IdHash(id);
  if (std::optional<ResumedSession> cached = FromCache(hash, now)) {
    return std::move(*cached);
  }
  clinic::WebSession session;
  Actor actor;
  SessionRestriction restriction = SessionRestriction::kNone;
  {
    ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
    auto found = transaction->FindWebSession(hash);
    if (!found) {
      if (found.error().code == ErrorCode::kNotFound) {
        return SessionFailed();
      }
      return std::move(found).error();
    }
    session = std::move(found).value();
    if (session.stage != clinic::SessionStage::kSignedIn ||
        now - session.last_seen_at > options_.idle_timeout ||
        now - session.created_at >= options_.absolute_timeout) {
      return SessionFailed();
    }
    ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(session.clinic_id, session.user_id));
    if (user.state != clinic::AccountState::kActive) {
      return SessionFailed();
    }
    actor = ActorFor(user);
    ASSIGN_OR_RETURN(clinic::Clinic clinic, transaction->GetClinic(session.clinic_id));
    restriction = RestrictionOf(user, clinic);
  }
  if (now - session.last_seen_at >= options_.touch_interval) {
    ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
    RETURN_IF_ERROR(transaction->TouchWebSession(hash, now));
    RETURN_IF_ERROR(transaction->Commit());
    session.last_seen_at = now;
  }
  ResumedSession resumed{actor, CsrfToken(id), restriction};
  if (options_.cache_for > std::chrono::milliseconds::zero()) {
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= kMaxCachedSessions) {
      cache_.clear();  // bounded memory; the sessions are read again on their next request
    }
    cache_.insert_or_assign(hash, Cached{resumed, session.last_seen_at, now});
  }
  return resumed;
}

Status WebSessionService::End(std::string_view id) {
  const std::string hash = IdHash(id);
  {
    std::lock_guard lock(cache_mutex_);
    cache_.erase(hash);
  }
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(transaction->DeleteWebSession(hash));
  return transaction->Commit();
}

Result<std::optional<std::chrono::seconds>> WebSessionService::LoginRetryAfter(
    std::string_view email, std::string_view address) {
  const clinic::Timestamp now = internal::Now(context_);
  // A failure exactly `failure_window` old has left the window.
  const clinic::Timestamp since = now - options_.failure_window + std::chrono::microseconds(1);
  ASSIGN_OR_RETURN(auto transaction, context_.store.BeginReadOnly());
  ASSIGN_OR_RETURN(std::vector<clinic::Timestamp> by_account,
                   transaction->ListLoginFailures(AccountKey(email), since));
  ASSIGN_OR_RETURN(std::vector<clinic::Timestamp> by_address,
                   transaction->ListLoginFailures(AddressKey(address), since));
  auto account_wait =
      Wait(by_account, options_.max_failures_per_account, options_.failure_window, now);
  auto address_wait =
      Wait(by_address, options_.max_failures_per_address, options_.failure_window, now);
  if (account_wait && address_wait) {
    return std::optional(std::max(*account_wait, *address_wait));
  }
  return account_wait ? account_wait : address_wait;
}

Status WebSessionService::RecordLoginFailure(std::string_view email, std::string_view address) {
  const clinic::Timestamp now = internal::Now(context_);
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(transaction->AddLoginFailure(AccountKey(email), now));
  RETURN_IF_ERROR(transaction->AddLoginFailure(AddressKey(address), now));
  return transaction->Commit();
}

Status WebSessionService::RecordLoginSuccess(std::string_view email) {
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(transaction->ClearLoginFailures(AccountKey(email)));
  return transaction->Commit();
}

}  // namespace backcare::app
