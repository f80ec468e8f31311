// The API's route table, as data (like ninja's kTools[]): one row per route with its method, path
// pattern, handler, the roles allowed, whether credentials are needed, whether a cookie-made
// request must carry the CSRF token, and whether the use case writes the audit trail. The server
// (server/api_dispatcher.cc) registers every row; docs/openapi.yaml documents every row and a test
// checks both agree; the role matrix test is generated from it.
#ifndef BACKCARE_HTTP_API_ROUTE_TABLE_H_
#define BACKCARE_HTTP_API_ROUTE_TABLE_H_

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "app/actor.h"
#include "app/role_policy.h"
#include "core/clinic/user.h"
#include "http/api/api_services.h"
#include "http/server/http_message.h"
#include "http/server/router.h"

namespace backcare::http::api {

inline constexpr clinic::Role kEveryRole[] = {clinic::Role::kAdmin, clinic::Role::kTherapist,
                                              clinic::Role::kFrontDesk, clinic::Role::kPatient};

enum class Access {
  kPublic,    // no credentials needed (health check, login)
  kSignedIn,  // a session cookie or an API token; else 401
};

enum class Csrf {
  kRequired,  // a state-changing request made with the session cookie needs X-CSRF-Token
  kExempt,    // login only: there is no session (and so no token) yet
};

enum class Audit {
  kNone,     // touches no patient data
  kAudited,  // the use case appends to the audit trail
};

// What a login or logout handler may do to the browser session (implemented by the dispatcher
// over app::WebSessionService; every call may fail like a store call).
class SessionControl {
 public:
  virtual ~SessionControl() = default;
  // Nullopt when a login attempt for (email, address) may proceed; else the wait.
  virtual Result<std::optional<std::chrono::seconds>> LoginRetryAfter(std::string_view email,
                                                                      std::string_view address) = 0;
  virtual Status RecordLoginFailure(std::string_view email, std::string_view address) = 0;
  virtual Status RecordLoginSuccess(std::string_view email) = 0;
  struct Started {
    std::string set_cookie;  // the Set-Cookie header value
    std::string csrf_token;
    app::SessionRestriction restriction = app::SessionRestriction::kNone;
  };
  // Starts a new session (a fresh id, even when the request carried one) for `actor`; the cookie
  // is Secure when `request` came over TLS (HttpRequest::over_tls) or the server serves TLS.
  virtual Result<Started> StartSession(const app::Actor& actor, const HttpRequest& request) = 0;
  // Ends the session the current request was made with (if any) and returns the Set-Cookie
  // header value that clears the cookie.
  virtual Result<std::string> EndSession(const HttpRequest& request) = 0;
  // A pending login (two-step sign-in code due) for `actor`: the mfa_token to send back.
  virtual Result<std::string> StartPendingLogin(const app::Actor& actor,
                                                const HttpRequest& request) = 0;
  // The session id the request's cookie carries, or empty.
  virtual std::string SessionId(const HttpRequest& request) const = 0;
};

// Everything a handler gets. `caller` is null only on public routes called without credentials.
struct HandlerContext {
  const HttpRequest& request;
  const PathParams& params;
  const app::RequestContext* caller;
  ApiServices& services;
  SessionControl& sessions;
  // The browser session's CSRF token when the caller signed in with the session cookie; empty for
  // bearer tokens and public calls. GET /api/v1/me hands it back so a reloaded page keeps working.
  std::string_view csrf_token{};
  // What the caller's browser session is restricted to (kNone for tokens and public calls).
  app::SessionRestriction restriction = app::SessionRestriction::kNone;
};

// Handlers map JSON to use-case structs and back; they never throw and hold no domain logic.
using Handler = HttpResponse (*)(HandlerContext& context);

struct Route {
  HttpMethod method;
  std::string_view pattern;  // "/api/v1/patients/{id}"
  Handler handler;
  app::RoleSet roles;  // who may call it (app/role_policy.h; ignored for kPublic routes)
  Access access;
  Csrf csrf;
  Audit audit;
  std::string_view summary;  // one line, also the OpenAPI summary
  // Whether a restricted session (a password change or two-step sign-in enrolment due) may call
  // it: only the routes that let it do what is due, see itself, and log out.
  bool open_while_restricted = false;
};

// Every route, in documentation order.
std::span<const Route> RouteTable();

// The route table as JSON (for `backcare serve --list-routes` and the tests): an array of
// {"method","pattern","roles":[...],"access","csrf","audit","summary"}.
std::string RouteTableJson();

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_ROUTE_TABLE_H_
