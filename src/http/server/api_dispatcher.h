// The request pipeline between the socket and the handlers, run for every request:
//   route lookup (404 / 405) -> credentials (API token "Authorization: Bearer ...", or the
//   session cookie; 401 when missing, unknown or idle for 30 minutes) -> CSRF check (a
//   state-changing request made with the cookie must send X-CSRF-Token; 403) -> the route's roles
//   (403) -> the handler (its use case checks roles again) -> security headers, X-Request-Id and
//   one access-log line.
// Sessions and the login throttle are app::WebSessionService's (in the store, shared by every
// instance); the dispatcher turns them into cookies. No sockets here: tests call Handle()
// directly with HttpRequest values.
#ifndef BACKCARE_HTTP_SERVER_API_DISPATCHER_H_
#define BACKCARE_HTTP_SERVER_API_DISPATCHER_H_

#include <atomic>
#include <chrono>
#include <string>

#include "app/actor.h"
#include "http/api/api_services.h"
#include "http/api/route_table.h"
#include "http/server/http_message.h"
#include "http/server/request_log.h"
#include "http/server/router.h"

namespace backcare::http {

inline constexpr std::string_view kSessionCookie = "backcare_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct DispatcherOptions {
  bool secure_cookies = false;  // add "Secure" to the cookie (set when serving over TLS)
};

class ApiDispatcher final : private api::SessionControl {
 public:
  // `services` and `log` are borrowed and must outlive the dispatcher. Registers every row of
  // `routes` (api::RouteTable() in production; tests may pass their own table).
  ApiDispatcher(api::ApiServices& services, RequestLog& log, DispatcherOptions options,
                std::span<const api::Route> routes = api::RouteTable());

  // Handles one request. Thread-safe; never throws (a throwing handler becomes a 500).
  HttpResponse Handle(const HttpRequest& request);

 private:
  // api::SessionControl
  Result<std::optional<std::chrono::seconds>> LoginRetryAfter(std::string_view email,
                                                              std::string_view address) override;
  Status RecordLoginFailure(std::string_view email, std::string_view address) override;
  Status RecordLoginSuccess(std::string_view email) override;
  Result<Started> StartSession(const app::Actor& actor, const HttpRequest& request) override;
  Result<std::string> EndSession(const HttpRequest& request) override;
  Result<std::string> StartPendingLogin(const app::Actor& actor,
                                        const HttpRequest& request) override;
  std::string SessionId(const HttpRequest& request) const override;

  HttpResponse Route(const HttpRequest& request, const api::Route*& matched,
                     std::optional<std::int64_t>& user_id);
  std::string NewRequestId();

  api::ApiServices& services_;
  RequestLog& log_;
  DispatcherOptions options_;
  std::span<const api::Route> routes_;
  Router router_;
  std::string request_id_prefix_;
  std::atomic<std::uint64_t> request_counter_{0};
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_API_DISPATCHER_H_
