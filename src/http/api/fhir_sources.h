// Where the FHIR read API's resources come from: for each resource type, the use case that reads
// its records (with that use case's role policy, row rules and audit) and the mapping to FHIR
// (exchange/fhir). Internal to src/http/api; fhir_handlers.cc pages through it.
#ifndef BACKCARE_HTTP_API_FHIR_SOURCES_H_
#define BACKCARE_HTTP_API_FHIR_SOURCES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "exchange/fhir/fhir_resources.h"
#include "exchange/fhir/fhir_search.h"
#include "http/api/route_table.h"

namespace backcare::http::api {

// A position in a type's resources: ordered by patient id (0 for types about no patient), then
// by resource id as text. Written into `next` links as "<patient>.<id>".
struct FhirPosition {
  std::int64_t patient = 0;
  std::string id;
};
std::string FormatPosition(const FhirPosition& position);
std::optional<FhirPosition> ParsePosition(std::string_view text);

struct FhirPage {
  std::vector<nlohmann::json> resources;  // at most `count`, in position order
  std::optional<FhirPosition> next;       // the last one's position when more may follow
};

// The resources of query.type matching `query` after `after`, at most query.count, audited.
// Errors: the use cases' (kPermissionDenied for a role that may not read the type, ...).
Result<FhirPage> SearchFhir(HandlerContext& context, const exchange::fhir::SearchQuery& query,
                            const std::optional<FhirPosition>& after);

// One resource by type and id, audited. kNotFound "Type/id not found" when missing or not
// visible; kGone for a deleted patient; kPermissionDenied for a role that may not read the type.
Result<nlohmann::json> ReadFhir(HandlerContext& context, exchange::fhir::ResourceType type,
                                std::string_view id);

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_FHIR_SOURCES_H_
