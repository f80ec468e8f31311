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

WebSessionService::WebSessionService(AppContext context, WebSessionOptions options)
    : context_(std::move(context)), options_(options) {}

Result<StartedSession> WebSessionService::Start(const Actor& actor) {
  StartedSession started{crypto::RandomUrlSafeToken(kSessionIdBytes), ""};
  started.csrf_token = CsrfToken(started.id);
  const clinic::Timestamp now = internal::Now(context_);
  clinic::WebSession session{IdHash(started.id), actor.clinic_id, actor.user_id, now, now};
  ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
  RETURN_IF_ERROR(
      transaction->PruneLogins(now - options_.idle_timeout, now - options_.failure_window));
  RETURN_IF_ERROR(transaction->CreateWebSession(session));
  RETURN_IF_ERROR(transaction->Commit());
  return started;
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
    if (now - session.last_seen_at > options_.idle_timeout ||
        now - session.created_at >= options_.absolute_timeout) {
      return SessionFailed();
    }
    ASSIGN_OR_RETURN(clinic::User user, transaction->GetUser(session.clinic_id, session.user_id));
    if (user.state != clinic::AccountState::kActive) {
      return SessionFailed();
    }
    actor = ActorFor(user);
  }
  if (now - session.last_seen_at >= options_.touch_interval) {
    ASSIGN_OR_RETURN(auto transaction, internal::BeginWrite(context_));
    RETURN_IF_ERROR(transaction->TouchWebSession(hash, now));
    RETURN_IF_ERROR(transaction->Commit());
    session.last_seen_at = now;
  }
  ResumedSession resumed{actor, CsrfToken(id)};
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
