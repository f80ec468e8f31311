// FHIR search parameters (exchange/fhir/fhir_search.h): a query string as a client sends it,
// split and decoded by http::ParseRequestTarget, then ParseSearch for the type the first byte
// picks, and Matches against a few resources. Invariants: an error has a message; a parsed query
// has 1 <= _count <= 200; its canonical query parses again to the same query text (links are
// stable); every date value parses to a non-empty range; matching never throws.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "exchange/fhir/fhir_resources.h"
#include "exchange/fhir/fhir_search.h"
#include "fuzz_support.h"
#include "http/server/request_target.h"

namespace {

using namespace backcare;
namespace fhir = exchange::fhir;

const nlohmann::json& Samples() {
  static const nlohmann::json* samples = new nlohmann::json(nlohmann::json::parse(R"([
    {"resourceType": "Observation", "id": "score-1", "status": "final",
     "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                               "code": "survey"}]}],
     "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]},
     "subject": {"reference": "Patient/7"}, "effectiveDateTime": "2026-03-18T09:05:00Z",
     "meta": {"lastUpdated": "2026-03-18T09:05:00.25Z"}},
    {"resourceType": "Patient", "id": "7", "birthDate": "1970-01-01",
     "name": [{"family": "Okafor", "given": ["Ada"]}]},
    {"resourceType": "Encounter", "id": "40", "status": "finished",
     "subject": {"reference": "Patient/7"},
     "period": {"start": "2026-03-18T09:00:00Z", "end": "2026-03-18T10:00:00Z"}},
    {"resourceType": "Appointment", "id": "41", "status": "booked", "start": "2026-03-19",
     "participant": [{"actor": {"reference": "Patient/7"}, "status": "accepted"}]}
  ])"));
  return *samples;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader input(data, size);
  const auto types = fhir::AllResourceTypes();
  const fhir::ResourceType type = types[input.Byte() % types.size()];
  const std::string_view query = input.Rest();

  if (std::optional<fhir::TimeRange> range = fhir::ParseFhirDate(query.substr(0, 40))) {
    fuzz::Require(range->begin < range->end, "a date covers a non-empty range");
  }
  Result<http::RequestTarget> target = http::ParseRequestTarget("/fhir/R4/x?" + std::string(query));
  if (!target.has_value()) return 0;
  Result<fhir::SearchQuery> parsed = fhir::ParseSearch(type, target->query_params);
  if (!parsed.has_value()) {
    fuzz::RequireWellFormed(parsed.error());
    return 0;
  }
  fuzz::Require(parsed->count >= 1 && parsed->count <= fhir::kMaxCount, "_count in 1..200");
  for (const fhir::Criterion& criterion : parsed->criteria) {
    for (const fhir::DateValue& date : criterion.dates) {
      fuzz::Require(date.range.begin < date.range.end, "a date parameter is a non-empty range");
    }
  }
  Result<http::RequestTarget> again = http::ParseRequestTarget("/x?" + parsed->canonical_query);
  fuzz::Require(again.has_value(), "the canonical query is a valid query string");
  Result<fhir::SearchQuery> reparsed = fhir::ParseSearch(type, again->query_params);
  fuzz::Require(reparsed.has_value() && reparsed->canonical_query == parsed->canonical_query &&
                    reparsed->count == parsed->count && reparsed->patient == parsed->patient,
                "the canonical query parses to the same query");
  for (const nlohmann::json& resource : Samples()) {
    (void)fhir::Matches(*parsed, resource);
  }
  return 0;
}
