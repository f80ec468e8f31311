// A browser session as the store keeps it: who logged in and when it was last used. The session
// id (the cookie value) is never stored, only its SHA-256 in hex, so reading the database does not
// let anyone act as a logged-in user (app/web_session_service.h has the rules).
#ifndef BACKCARE_CORE_CLINIC_WEB_SESSION_H_
#define BACKCARE_CORE_CLINIC_WEB_SESSION_H_

#include <string>

#include "core/base/enum_names.h"
#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

// A session is signed in, or waits for the second step of a login with two-step sign-in: the
// password was right and the authenticator's code is still due. A pending session authorizes
// nothing; its id is the login's `mfa_token`, not a cookie.
enum class SessionStage { kSignedIn, kMfaPending };
inline constexpr EnumNames<SessionStage, 2> kSessionStageNames = {{
    {SessionStage::kSignedIn, "signed_in"},
    {SessionStage::kMfaPending, "mfa_pending"},
}};

struct WebSession {
  std::string id_hash;  // 64 lower-case hex digits: SHA-256 of the session id
  ClinicId clinic_id;
  UserId user_id;
  Timestamp created_at;
  Timestamp last_seen_at;  // refreshed at most once a minute, not at every request
  SessionStage stage = SessionStage::kSignedIn;
  std::string user_agent;  // as the browser sent it at login, at most 300 bytes; may be empty
  std::string address;     // the client address at login, e.g. "203.0.113.9"
  friend bool operator==(const WebSession&, const WebSession&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_WEB_SESSION_H_
