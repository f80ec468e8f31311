#include "http/server/api_dispatcher.h"

#include <charconv>

#include <cstdio>
#include <exception>
#include <utility>
#include <vector>

#include "http/api/json_io.h"
#include "http/server/random_token.h"
#include "http/server/security_headers.h"

namespace backcare::http {
namespace {

std::vector<Router::Entry> RouterEntries(std::span<const api::Route> routes) {
  std::vector<Router::Entry> entries;
  for (const api::Route& route : routes) {
    entries.push_back({route.method, std::string(route.pattern)});
  }
  return entries;
}

// A client-supplied request id is kept when it is short and plain, so logs can be correlated
// with a proxy's; anything else is replaced.
bool IsPlainRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool IsJsonContentType(std::string_view value) {
  std::string lower = ToLowerAscii(value);
  std::string_view type(lower);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type == "application/json";
}

// The error body the route's API speaks: an OperationOutcome under /fhir/, else backcare's.
HttpResponse ErrorFor(const HttpRequest& request, const Error& error,
                      std::optional<int> status = std::nullopt) {
  if (request.path.starts_with("/fhir/")) return api::FhirErrorResponse(error, status);
  return api::ErrorResponse(error, status);
}

}  // namespace

ApiDispatcher::ApiDispatcher(api::ApiServices& services, RequestLog& log, DispatcherOptions options,
                             std::span<const api::Route> routes)
    : services_(services),
      log_(log),
      options_(options),
      routes_(routes),
      router_(RouterEntries(routes)),
      request_id_prefix_(RandomToken().substr(0, 8)) {}

std::string ApiDispatcher::NewRequestId() {
  char suffix[24];
  std::snprintf(suffix, sizeof suffix, "-%06llu",
                static_cast<unsigned long long>(++request_counter_));
  return request_id_prefix_ + suffix;
}

HttpResponse ApiDispatcher::Handle(const HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<std::string_view> given_id = request.Header("x-request-id");
  std::string request_id =
      given_id && IsPlainRequestId(*given_id) ? std::string(*given_id) : NewRequestId();

  const api::Route* matched = nullptr;
  std::optional<std::int64_t> user_id;
  HttpResponse response;
  try {
    response = Route(request, matched, user_id);
  } catch (const std::exception&) {
    // The exception text may quote input; it is not logged or returned.
    response = ErrorFor(request, Internal("internal error"));
  }
  AddApiSecurityHeaders(response);
  response.headers.emplace_back("X-Request-Id", request_id);

  log_.Write(RequestLogEntry{
      std::chrono::system_clock::now(), request_id, HttpMethodName(request.method),
      matched != nullptr ? matched->pattern : std::string_view(), response.status,
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                            started),
      user_id});
  return response;
}

HttpResponse ApiDispatcher::Route(const HttpRequest& request, const api::Route*& matched,
                                  std::optional<std::int64_t>& user_id) {
  Router::Lookup lookup = router_.Find(request.method, request.path);
  if (!lookup.match) {
    if (lookup.allowed_methods.empty()) return ErrorFor(request, NotFound("no such route"));
    HttpResponse response =
        ErrorFor(request, InvalidInput("method not allowed on this route"), 405);
    std::string allow;
    for (HttpMethod method : lookup.allowed_methods) {
      if (!allow.empty()) allow += ", ";
      allow += HttpMethodName(method);
    }
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  const api::Route& route = routes_[lookup.match->route_index];
  matched = &route;

  // RFC 8058: a mail client's one-click unsubscribe POSTs the form body
  // "List-Unsubscribe=One-Click"; the token is in the query, and the handler reads no such body.
  const bool one_click_unsubscribe =
      route.pattern == "/api/v1/unsubscribe" && request.Query("token").has_value();
  if (IsStateChanging(request.method) && !request.body.empty() && !one_click_unsubscribe) {
    std::optional<std::string_view> type = request.Header("content-type");
    if (!type || !IsJsonContentType(*type)) {
      return ErrorFor(request, InvalidInput("request body must be application/json"), 415);
    }
  }

  std::optional<app::RequestContext> caller;
  std::string csrf_token;  // the cookie session's, if the caller used one
  app::SessionRestriction restriction = app::SessionRestriction::kNone;
  std::optional<HttpResponse> refusal;
  if (route.access == api::Access::kSignedIn) {
    bool via_cookie = false;
    if (std::optional<std::string_view> authorization = request.Header("authorization")) {
      constexpr std::string_view kBearer = "Bearer ";
      if (authorization->substr(0, kBearer.size()) != kBearer) {
        return ErrorFor(request, Unauthenticated("expected 'Authorization: Bearer <token>'"));
      }
      Result<app::Actor> actor =
          services_.accounts.AuthenticateToken(authorization->substr(kBearer.size()));
      if (!actor) return ErrorFor(request, actor.error());
      caller = app::RequestContext{*actor, request.remote_address};
    } else if (std::optional<std::string> cookie = request.Cookie(kSessionCookie)) {
      Result<app::ResumedSession> session = services_.web_sessions.Resume(*cookie);
      if (!session) return ErrorFor(request, session.error());
      caller = app::RequestContext{session->actor, request.remote_address};
      csrf_token = std::move(session->csrf_token);
      restriction = session->restriction;
      via_cookie = true;
    } else {
      HttpResponse response = ErrorFor(request, Unauthenticated("not logged in"));
      response.headers.emplace_back("WWW-Authenticate", "Bearer");
      return response;
    }
    user_id = caller->actor.user_id.value();
    if (via_cookie && IsStateChanging(request.method) && route.csrf == api::Csrf::kRequired) {
      std::optional<std::string_view> sent = request.Header(kCsrfHeader);
      if (!sent || !ConstantTimeEquals(*sent, csrf_token)) {
        refusal = ErrorFor(request, PermissionDenied("missing or invalid CSRF token"));
      }
    }
    if (!refusal && restriction != app::SessionRestriction::kNone && !route.open_while_restricted) {
      refusal =
          ErrorFor(request, PermissionDenied(restriction == app::SessionRestriction::kPasswordChange
                                                 ? "change your password before going on"
                                                 : "set up two-step sign-in before going on"));
    }
    if (!refusal && !route.roles.Has(caller->actor.role)) {
      refusal = ErrorFor(
          request, PermissionDenied("role '" + std::string(clinic::RoleName(caller->actor.role)) +
                                    "' may not call " + std::string(HttpMethodName(route.method)) +
                                    " " + std::string(route.pattern)));
    }
  }

  HttpResponse response;
  if (refusal) {
    response = std::move(*refusal);
  } else {
    api::HandlerContext context{
        request,    lookup.match->params, caller ? &*caller : nullptr, services_, *this,
        csrf_token, restriction};
    response = route.handler(context);
  }
  if (response.status == 403 && caller) {
    // Denied access is an audit event of the caller's clinic: who tried which route on which
    // record (the {id} of the path, 0 when it has none).
    std::int64_t record_id = 0;
    if (auto id = lookup.match->params.find("id"); id != lookup.match->params.end()) {
      const char* end = id->second.data() + id->second.size();
      if (std::from_chars(id->second.data(), end, record_id).ptr != end) record_id = 0;
    }
    Status recorded = services_.accounts.RecordAccessDenied(
        *caller, std::string(HttpMethodName(route.method)) + " " + std::string(route.pattern),
        record_id);
    if (!recorded) return ErrorFor(request, recorded.error());
  }
  return response;
}

Result<std::optional<std::chrono::seconds>> ApiDispatcher::LoginRetryAfter(
    std::string_view email, std::string_view address) {
  return services_.web_sessions.LoginRetryAfter(email, address);
}

Status ApiDispatcher::RecordLoginFailure(std::string_view email, std::string_view address) {
  return services_.web_sessions.RecordLoginFailure(email, address);
}

Status ApiDispatcher::RecordLoginSuccess(std::string_view email) {
  return services_.web_sessions.RecordLoginSuccess(email);
}

namespace {

app::SessionOrigin OriginOf(const HttpRequest& request) {
  return {std::string(request.Header("user-agent").value_or("")), request.remote_address};
}

}  // namespace

Result<std::string> ApiDispatcher::StartPendingLogin(const app::Actor& actor,
                                                     const HttpRequest& request) {
  ASSIGN_OR_RETURN(app::StartedSession pending,
                   services_.web_sessions.StartPending(actor, OriginOf(request)));
  return std::move(pending.id);
}

std::string ApiDispatcher::SessionId(const HttpRequest& request) const {
  return request.Cookie(kSessionCookie).value_or("");
}

Result<api::SessionControl::Started> ApiDispatcher::StartSession(const app::Actor& actor,
                                                                 const HttpRequest& request) {
  ASSIGN_OR_RETURN(app::StartedSession session,
                   services_.web_sessions.Start(actor, OriginOf(request)));
  std::string cookie =
      std::string(kSessionCookie) + "=" + session.id + "; Path=/; HttpOnly; SameSite=Strict";
  if (options_.secure_cookies || request.over_tls) cookie += "; Secure";
  return Started{std::move(cookie), std::move(session.csrf_token), session.restriction};
}

Result<std::string> ApiDispatcher::EndSession(const HttpRequest& request) {
  if (std::optional<std::string> cookie = request.Cookie(kSessionCookie)) {
    RETURN_IF_ERROR(services_.web_sessions.End(*cookie));
  }
  std::string cookie =
      std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
  if (options_.secure_cookies || request.over_tls) cookie += "; Secure";
  return cookie;
}

}  // namespace backcare::http
