// Cookie and header parsing: HttpRequest::Cookie and Header, the trusted-proxy list and
// X-Forwarded-For (http::TrustedProxies), and the headers the request pipeline reads
// (Authorization, the session cookie, X-CSRF-Token, X-Request-Id, Content-Type) through
// http::ApiDispatcher::Handle on a World whose admin is logged in.
//
// Input: byte 0 picks the request (its high bit: start from the admin's session cookie and CSRF
// token); then newline-separated lines: the Cookie header, Authorization, X-CSRF-Token,
// X-Request-Id, Content-Type, X-Forwarded-For, If-Match, the trusted-proxy list and the peer
// address. A header is sent (replacing the session's) only when its line is there and not empty.
// Invariants: a cookie value holds no ';' and no surrounding spaces; header names match in any
// case; the client address is the peer or one entry of X-Forwarded-For; a bad proxy list is a
// well-formed error; every response is good (RequireGoodResponse) and carries a one-line
// X-Request-Id.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api_world.h"
#include "fuzz_support.h"
#include "http/server/trusted_proxies.h"

namespace {

using namespace backcare;

struct Call {
  http::HttpMethod method;
  std::string_view path;
  std::string_view body;
};
constexpr Call kCalls[] = {
    {http::HttpMethod::kGet, "/api/v1/me", ""},
    {http::HttpMethod::kPost, "/api/v1/patients",
     R"({"family_name":"Roe","date_of_birth":"1980-02-29"})"},
    {http::HttpMethod::kPost, "/api/v1/logout", ""},
    {http::HttpMethod::kPost, "/api/v1/login",
     R"({"email":"admin@a.test","password":"correct horse battery"})"},
    {http::HttpMethod::kPut, "/api/v1/notes/999", "{}"},
};

constexpr std::string_view kHeaders[] = {"Cookie",       "Authorization", "X-CSRF-Token",
                                         "X-Request-Id", "Content-Type",  "X-Forwarded-For",
                                         "If-Match"};

void CheckCookie(const http::HttpRequest& request, std::string_view name) {
  std::optional<std::string> value = request.Cookie(name);
  if (!value) return;
  fuzz::Require(value->find(';') == std::string::npos, "a cookie value holds no ';'");
  fuzz::Require(value->empty() || (value->back() != ' '), "a cookie value is trimmed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader input(data, size);
  const std::uint8_t choice = input.Byte();
  const Call& call = kCalls[(choice & 0x7f) % std::size(kCalls)];
  std::array<std::optional<std::string_view>, std::size(kHeaders)> values;
  for (std::optional<std::string_view>& value : values) {
    if (input.Rest().empty()) break;
    value = input.Until('\n');
  }
  const std::string_view proxies = input.Until('\n');
  const std::string_view peer = input.Until('\n');

  fuzz::World world;
  http::HttpRequest request = world.Request(
      call.method, std::string(call.path), std::string(call.body),
      (choice & 0x80) != 0 ? fuzz::World::Credentials::kCookie : fuzz::World::Credentials::kNone);
  for (std::size_t i = 0; i < std::size(kHeaders); ++i) {
    if (values[i] && !values[i]->empty()) request.SetHeader(kHeaders[i], std::string(*values[i]));
  }
  fuzz::Require(request.Header("COOKIE") == request.Header("cookie"), "names match in any case");
  CheckCookie(request, http::kSessionCookie);
  CheckCookie(request, "");

  Result<http::TrustedProxies> trusted = http::TrustedProxies::Parse(proxies);
  if (!trusted.has_value()) {
    fuzz::RequireWellFormed(trusted.error());
  } else {
    const std::optional<std::string_view> forwarded = request.Header("x-forwarded-for");
    const std::string client = trusted->ClientAddress(peer, forwarded);
    fuzz::Require(client == peer || (forwarded && forwarded->find(client) != std::string::npos),
                  "the client is the peer or named in X-Forwarded-For");
    if (!peer.empty()) request.remote_address = client;
  }

  http::HttpResponse response = world.Handle(request);
  fuzz::RequireGoodResponse(response);
  const std::optional<std::string_view> id = response.Header("X-Request-Id");
  fuzz::Require(id && !id->empty() && id->find_first_of("\r\n") == std::string_view::npos,
                "a one-line request id");
  return 0;
}
