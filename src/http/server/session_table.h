// Server-side browser sessions: an unguessable session id (the cookie value) maps to who logged
// in and to the session's CSRF token. A session ends at logout or after `idle_timeout` without a
// request (30 minutes by default); an expired session is indistinguishable from an unknown one.
// Time comes from the Clock port so tests can move it. Thread-safe (one mutex).
#ifndef BACKCARE_HTTP_SERVER_SESSION_TABLE_H_
#define BACKCARE_HTTP_SERVER_SESSION_TABLE_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/ports/clock.h"
#include "http/server/random_token.h"

namespace backcare::http {

// `Principal` is what a session authenticates as (the app's Actor); it is copied out on lookup.
template <typename Principal>
class SessionTable {
 public:
  struct Session {
    std::string id;          // the cookie value
    std::string csrf_token;  // must accompany every state-changing request of this session
    Principal principal;
  };

  // `clock` is borrowed and must outlive the table.
  SessionTable(std::chrono::seconds idle_timeout, const ports::Clock& clock)
      : idle_timeout_(idle_timeout), clock_(clock) {}

  // Starts a new session with fresh random id and CSRF token (a new id at every login, so a
  // session id planted before login is useless).
  Session Create(Principal principal) {
    Session session{RandomToken(), RandomToken(), std::move(principal)};
    std::lock_guard lock(mutex_);
    EvictExpiredLocked();
    entries_.insert_or_assign(session.id, Entry{session, clock_.Now()});
    return session;
  }

  // The session with this id, refreshing its idle timer; nullopt when unknown or idle longer than
  // the timeout (an expired session is erased).
  std::optional<Session> Touch(std::string_view id) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(std::string(id));
    if (it == entries_.end()) return std::nullopt;
    auto now = clock_.Now();
    if (now - it->second.last_used > idle_timeout_) {
      entries_.erase(it);
      return std::nullopt;
    }
    it->second.last_used = now;
    return it->second.session;
  }

  // Ends a session (logout). Unknown ids are ignored.
  void Remove(std::string_view id) {
    std::lock_guard lock(mutex_);
    entries_.erase(std::string(id));
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    Session session;
    std::chrono::system_clock::time_point last_used;
  };

  // Bounded work: runs at each Create, so abandoned sessions do not accumulate.
  void EvictExpiredLocked() {
    auto now = clock_.Now();
    std::erase_if(entries_,
                  [&](const auto& item) { return now - item.second.last_used > idle_timeout_; });
  }

  const std::chrono::seconds idle_timeout_;
  const ports::Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_SESSION_TABLE_H_
