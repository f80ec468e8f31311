// A browser session as the store keeps it: who logged in and when it was last used. The session
// id (the cookie value) is never stored, only its SHA-256 in hex, so reading the database does not
// let anyone act as a logged-in user (app/web_session_service.h has the rules).
#ifndef BACKCARE_CORE_CLINIC_WEB_SESSION_H_
#define BACKCARE_CORE_CLINIC_WEB_SESSION_H_

#include <string>

#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

struct WebSession {
  std::string id_hash;  // 64 lower-case hex digits: SHA-256 of the session id
  ClinicId clinic_id;
  UserId user_id;
  Timestamp created_at;
  Timestamp last_seen_at;  // refreshed at most once a minute, not at every request
  friend bool operator==(const WebSession&, const WebSession&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_WEB_SESSION_H_
