// The request target and the router: http::ParseRequestTarget (splitting, percent-decoding of the
// path and the query) and http::Router::Find over the real route table. The first byte picks the
// method, the rest is the request target. Invariants: an error has a message; %00 never decodes to
// NUL; re-encoding every byte of a decoded string and decoding it again gives it back; a match
// names a route of that method whose pattern matches the path with the same parameters, each
// non-empty and without '/'; a miss lists only methods that do match the path.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "http/api/route_table.h"
#include "http/server/request_target.h"
#include "http/server/router.h"

namespace {

using namespace backcare;

constexpr http::HttpMethod kMethods[] = {http::HttpMethod::kGet, http::HttpMethod::kPost,
                                         http::HttpMethod::kPut, http::HttpMethod::kPatch,
                                         http::HttpMethod::kDelete};

const http::Router& TheRouter() {
  static const http::Router* router = [] {
    std::vector<http::Router::Entry> entries;
    for (const http::api::Route& route : http::api::RouteTable()) {
      entries.push_back({route.method, std::string(route.pattern)});
    }
    return new http::Router(std::move(entries));
  }();
  return *router;
}

std::string EncodeEveryByte(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

void CheckDecodes(std::string_view text, bool plus_is_space) {
  Result<std::string> decoded = http::PercentDecode(text, plus_is_space);
  if (!decoded.has_value()) {
    fuzz::RequireWellFormed(decoded.error());
    return;
  }
  // %00 never decodes; a raw NUL (which the socket server's parser refuses) passes through.
  if (text.find('\0') == std::string_view::npos) {
    fuzz::Require(decoded->find('\0') == std::string::npos, "%00 never decodes to NUL");
  }
  fuzz::Require(decoded->size() <= text.size(), "decoding never lengthens");
  if (decoded->find('\0') != std::string::npos) return;  // %00 would be refused
  Result<std::string> again = http::PercentDecode(EncodeEveryByte(*decoded), false);
  fuzz::Require(again.has_value() && *again == *decoded, "encode then decode gives it back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader input(data, size);
  const http::HttpMethod method = kMethods[input.Byte() % std::size(kMethods)];
  const std::string_view target = input.Rest();
  CheckDecodes(target, false);
  CheckDecodes(target, true);

  Result<http::RequestTarget> parsed = http::ParseRequestTarget(target);
  if (!parsed.has_value()) {
    fuzz::RequireWellFormed(parsed.error());
    return 0;
  }
  fuzz::Require(parsed->path.starts_with('/'), "a path starts with '/'");
  if (target.find('\0') == std::string_view::npos) {
    fuzz::Require(parsed->path.find('\0') == std::string::npos, "%00 never decodes to NUL");
  }

  const std::span<const http::api::Route> routes = http::api::RouteTable();
  http::Router::Lookup lookup = TheRouter().Find(method, parsed->path);
  if (lookup.match) {
    fuzz::Require(lookup.match->route_index < routes.size(), "a match is a row of the table");
    const http::api::Route& route = routes[lookup.match->route_index];
    fuzz::Require(route.method == method, "a match has the request's method");
    std::optional<http::PathParams> params = http::MatchPathPattern(route.pattern, parsed->path);
    fuzz::Require(params.has_value() && *params == lookup.match->params,
                  "the matched pattern gives the same parameters");
    for (const auto& [name, value] : lookup.match->params) {
      fuzz::Require(!value.empty() && value.find('/') == std::string::npos,
                    "a parameter is one non-empty segment");
    }
    return 0;
  }
  for (http::HttpMethod allowed : lookup.allowed_methods) {
    fuzz::Require(allowed != method, "a method that would match is not listed as other");
    fuzz::Require(TheRouter().Find(allowed, parsed->path).match.has_value(),
                  "each allowed method matches the path");
  }
  return 0;
}
