// Every API request through http::ApiDispatcher::Handle on the memory store: the whole pipeline
// (routing, credentials, CSRF, roles), the JSON body readers (http/api/dto_read.cc and the
// handlers' own), and the use cases behind them. The input picks a route of the table, a value for
// each path placeholder and how the request is signed in; then comes one line of query string and
// the rest is the body. fuzz/api.dict holds the JSON field names the readers know.
//
// Input: byte 0 the route (index modulo the table's size), byte 1 the placeholders' values and the
// credentials (0xf0.. none, 0xe0.. the admin's cookie without CSRF, 0xd0.. the therapist's
// session, else the admin's), then "query\n" and the body.
// Invariants (RequireGoodResponse): every status is 200..599 and never 500; an error carries a
// JSON error body with a code and a message (an OperationOutcome under /fhir/).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api_world.h"
#include "fuzz_support.h"
#include "http/api/route_table.h"
#include "http/server/request_target.h"

namespace {

using namespace backcare;

// Placeholder values: the clinic's own ids (the clinic, its admin, the patient...), ids that
// exist nowhere, and ones that are not ids.
constexpr std::string_view kIds[] = {
    "1", "2", "3", "4", "5", "6", "7", "8", "0", "-1", "99999999999999999999", "x"};
// FHIR resource types ({type}): every one served, and one that is not.
constexpr std::string_view kTypes[] = {
    "Organization", "Practitioner", "Patient",  "Observation", "QuestionnaireResponse",
    "Appointment",  "Encounter",    "CarePlan", "Procedure",   "Flag",
    "Medication"};

std::string FillPattern(std::string_view pattern, std::uint8_t choice) {
  std::string path;
  std::size_t placeholder = 0;
  while (!pattern.empty()) {
    const std::size_t open = pattern.find('{');
    if (open == std::string_view::npos) {
      path += pattern;
      break;
    }
    path += pattern.substr(0, open);
    const std::size_t close = pattern.find('}', open);
    if (pattern.substr(open, close - open + 1) == "{type}") {
      path += kTypes[choice % std::size(kTypes)];
    } else {
      path += kIds[(choice + placeholder * 5) % std::size(kIds)];
    }
    ++placeholder;
    pattern.remove_prefix(close + 1);
  }
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader input(data, size);
  const std::span<const http::api::Route> routes = http::api::RouteTable();
  const http::api::Route& route = routes[input.Byte() % routes.size()];
  const std::uint8_t choice = input.Byte();
  const std::string_view query = input.Until('\n');
  const std::string_view body = input.Rest();

  using Credentials = fuzz::World::Credentials;
  const Credentials credentials = choice >= 0xf0   ? Credentials::kNone
                                  : choice >= 0xe0 ? Credentials::kCookieWithoutCsrf
                                  : choice >= 0xd0 ? Credentials::kTherapistCookie
                                                   : Credentials::kCookie;
  fuzz::World world;
  const std::string path = FillPattern(route.pattern, choice);
  http::HttpRequest request = world.Request(route.method, path, std::string(body), credentials);
  Result<http::RequestTarget> target = http::ParseRequestTarget("/?" + std::string(query));
  if (target.has_value()) {
    request.query = std::move(target->query);
    request.query_params = std::move(target->query_params);
  }
  fuzz::RequireGoodResponse(world.Handle(request), path);
  return 0;
}
