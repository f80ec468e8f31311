// The HTTP request and response as plain values, independent of the server library, so the route
// table, the request pipeline and the handlers can be tested in-process without sockets. Only
// http_server.cc converts between these and Boost.Beast's messages.
#ifndef BACKCARE_HTTP_SERVER_HTTP_MESSAGE_H_
#define BACKCARE_HTTP_SERVER_HTTP_MESSAGE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace backcare::http {

enum class HttpMethod { kGet, kPost, kPut, kPatch, kDelete };

// "GET", "POST", ...
std::string_view HttpMethodName(HttpMethod method);
// The method for an upper-case name; nullopt for anything else (HEAD, OPTIONS, ...).
std::optional<HttpMethod> ParseHttpMethod(std::string_view name);
// True for every method but GET: the ones that need a CSRF token when made with a cookie.
bool IsStateChanging(HttpMethod method);

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string path;  // without the query string
  // Query parameters; a repeated key keeps its first value.
  std::map<std::string, std::string> query;
  // Every query parameter in order, repeats included (FHIR search ANDs repeated parameters).
  std::vector<std::pair<std::string, std::string>> query_params;
  // Header names are stored lower-case (see Header()).
  std::map<std::string, std::string> headers;
  std::string body;
  std::string remote_address;  // the peer's IP address, for the audit trail and login throttling
  // The client's connection is TLS: this server's own, or a trusted proxy's that says so with
  // X-Forwarded-Proto: https (trusted_proxies.h).
  bool over_tls = false;

  // The value of a header (name matched case-insensitively), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The value of cookie `name` from the Cookie header, or nullopt.
  std::optional<std::string> Cookie(std::string_view name) const;
  // The value of a query parameter, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // Stores a header under its lower-case name (for adapters and tests).
  void SetHeader(std::string_view name, std::string value);
};

// The next piece of a streamed body: a non-empty string, an empty one at the end, or an error.
using BodyProducer = std::function<Result<std::string>()>;

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Set-Cookie
  // When set, the body is streamed instead of `body` (which is ignored): the server sends the
  // headers, then calls `stream` for each piece and sends it as one chunk (chunked transfer
  // encoding), until it returns an empty piece. It is called on the worker pool, one call at a
  // time, never on the event loop, and dropped (with whatever it holds) when the response ends.
  // An error after the headers were sent cannot change the status: the connection is closed
  // without the final chunk, so the client sees an incomplete body. Memory stays bounded by the
  // largest piece.
  BodyProducer stream;

  // The first value of header `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

// Lower-cases ASCII letters.
std::string ToLowerAscii(std::string_view text);

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_HTTP_MESSAGE_H_
