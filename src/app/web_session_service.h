// Browser sessions and login throttling, kept in the store so that several `backcare serve`
// processes on one database share them and a restart logs no one out.
//
// Sessions. Start gives a random session id (the cookie value, 256 bits) and its CSRF token; the
// store keeps only SHA-256(id), and the CSRF token is SHA-256 of the id under another label, so
// neither the id nor the token can be read back from the database. Resume reads the session and
// its user at every request: a logout, an idle timeout or a disabled login ends the session on
// every instance at once. The idle timer is written at most once per `touch_interval` per session
// (no write per request). Start also deletes sessions idle past the timeout and failures older
// than the window, so abandoned rows do not accumulate.
//
// Each process remembers a session it has read for `cache_for` (half a second): under load most
// requests then skip the store. End forgets it at once, so a logout is immediate on the instance
// that served it; on the others, and for a login disabled meanwhile, the session ends within
// `cache_for`.
//
// Throttling. After `max_failures_per_account` failed logins within `failure_window` for one
// account (the email, compared case-insensitively), or `max_failures_per_address` from one client
// address, further attempts for that key are refused until enough failures leave the window. The
// address limit is higher because a clinic's staff often share one address (NAT). A successful
// login clears the account's failures, not the address's. Failures are rows in the store, so they
// count across instances.
#ifndef BACKCARE_APP_WEB_SESSION_SERVICE_H_
#define BACKCARE_APP_WEB_SESSION_SERVICE_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/enum_names.h"
#include "core/base/result.h"
#include "core/clinic/clinic.h"
#include "core/clinic/user.h"

namespace backcare::app {

struct WebSessionOptions {
  std::chrono::seconds idle_timeout = std::chrono::minutes(30);
  // A session ends this long after its login however busy it is (ASVS 3.3.2), so a stolen or
  // forgotten session cannot be kept alive by use.
  std::chrono::seconds absolute_timeout = std::chrono::hours(12);
  std::chrono::seconds touch_interval = std::chrono::minutes(1);
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;  // higher: staff may share one address
  std::chrono::seconds failure_window = std::chrono::minutes(15);
  std::chrono::milliseconds cache_for{500};  // 0 = read the store at every request
};

// What a signed-in session may do besides the routes open to every restricted session (see
// http/api/route_table.h): everything, or only what the restriction asks for first.
enum class SessionRestriction {
  kNone,
  kPasswordChange,  // an admin reset the password: choose a new one first
  kMfaEnrolment,    // the clinic requires two-step sign-in of this role and the login has none
};
inline constexpr EnumNames<SessionRestriction, 3> kSessionRestrictionNames = {{
    {SessionRestriction::kNone, "none"},
    {SessionRestriction::kPasswordChange, "password_change_required"},
    {SessionRestriction::kMfaEnrolment, "mfa_enrolment_required"},
}};

// The restriction a session of `user` of `clinic` has now (a password change comes first).
SessionRestriction RestrictionOf(const clinic::User& user, const clinic::Clinic& clinic);

// Where a login came from, shown in the login's sessions list.
struct SessionOrigin {
  std::string user_agent;  // cut to 300 bytes
  std::string address;     // cut to 100 bytes
};

struct StartedSession {
  std::string id;          // the cookie value (or the mfa_token of a pending login); never stored
  std::string csrf_token;  // must accompany every state-changing request made with the cookie
  SessionRestriction restriction = SessionRestriction::kNone;
};

struct ResumedSession {
  Actor actor;             // read from the user's current record
  std::string csrf_token;  // the session's token, to compare with the request's
  SessionRestriction restriction = SessionRestriction::kNone;
};

// One of a login's signed-in sessions, as its owner sees it.
struct SessionView {
  std::string handle;  // 16 hex digits naming the session (not its id, which is never stored)
  bool current = false;
  clinic::Timestamp created_at;
  clinic::Timestamp last_seen_at;
  std::string user_agent;
  std::string address;
};

// How long the second step of a login may take, and how many wrong codes it allows.
inline constexpr std::chrono::minutes kMfaLoginWindow{5};
inline constexpr int kMaxMfaCodeFailures = 5;

class WebSessionService {
 public:
  // `context` is copied (its references must outlive the service).
  WebSessionService(AppContext context, WebSessionOptions options);

  // A new session for `actor` (after AccountService::Login succeeded): a fresh id every time, so
  // an id planted before login is useless.
  // The answer carries the session's restriction.
  Result<StartedSession> Start(const Actor& actor, const SessionOrigin& origin = {});

  // A pending login for `actor` (password right, two-step sign-in code due): its id is the
  // `mfa_token` the client sends with the code. It authorizes nothing; Resume refuses it.
  Result<StartedSession> StartPending(const Actor& actor, const SessionOrigin& origin = {});
  // The actor of a pending login. kUnauthenticated "sign-in expired; enter your email and password
  // again" when the token is unknown, older than kMfaLoginWindow, had kMaxMfaCodeFailures wrong
  // codes, or its login is disabled.
  Result<Actor> ResumePending(std::string_view token);
  // A wrong code for the pending login: after kMaxMfaCodeFailures it ends.
  Status RecordPendingFailure(std::string_view token);

  // The caller's signed-in sessions, newest first; `current_id` (the request's cookie, may be
  // empty) marks its own.
  Result<std::vector<SessionView>> ListSessions(const Actor& actor, std::string_view current_id);
  // Ends the caller's session with this handle; true when it was `current_id`'s (the request's
  // cookie, may be empty). kNotFound "session not found" for any other handle.
  Result<bool> Revoke(const Actor& actor, std::string_view handle, std::string_view current_id);

  // The session with this id. kUnauthenticated "session expired or unknown; log in again" when
  // the id is unknown or ended, idle longer than the timeout, or its login is disabled (or it is a
  // pending login).
  Result<ResumedSession> Resume(std::string_view id);

  // Ends the session (logout); an unknown id is not an error.
  Status End(std::string_view id);

  // Nullopt when a login attempt for (email, address) may proceed; otherwise how long to wait (at
  // least 1 second), for the Retry-After header.
  Result<std::optional<std::chrono::seconds>> LoginRetryAfter(std::string_view email,
                                                              std::string_view address);
  Status RecordLoginFailure(std::string_view email, std::string_view address);
  Status RecordLoginSuccess(std::string_view email);

 private:
  struct Cached {
    ResumedSession session;
    clinic::Timestamp last_seen_at;  // as the store had it
    clinic::Timestamp read_at;
  };
  // A cached session still fresh at `now` (and not due for an idle-time write), or nullopt.
  std::optional<ResumedSession> FromCache(const std::string& hash, clinic::Timestamp now);
  Result<StartedSession> StartStage(const Actor& actor, const SessionOrigin& origin,
                                    clinic::SessionStage stage);

  AppContext context_;
  WebSessionOptions options_;
  std::mutex cache_mutex_;
  std::unordered_map<std::string, Cached> cache_;  // by id hash
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_WEB_SESSION_SERVICE_H_
