// FHIR Bulk Data Access IG 2.0.0 export (docs/fhir.md "Bulk export"): the kick-off's parameters
// and the completion manifest. Pure.
#ifndef BACKCARE_EXCHANGE_FHIR_FHIR_BULK_H_
#define BACKCARE_EXCHANGE_FHIR_FHIR_BULK_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/base/result.h"
#include "exchange/fhir/fhir_resources.h"

namespace backcare::exchange::fhir {

inline constexpr std::string_view kNdjson = "application/fhir+ndjson";

enum class ExportLevel { kSystem, kPatient };

struct ExportRequest {
  ExportLevel level = ExportLevel::kSystem;
  std::vector<ResourceType> types;       // in AllResourceTypes order, no repeats
  std::optional<std::int64_t> since_us;  // _since, microseconds since the epoch
};

// The types an export of `level` covers: a Patient-level export the patient compartment (every
// type but Organization and Practitioner), a system-level one every type.
std::vector<ResourceType> ExportableTypes(ExportLevel level);

// Reads the kick-off's parameters: _type (comma lists and repeats; a type the level does not
// export is an error), _since (an instant with a zone, not after `now_us`) and _outputFormat
// (application/fhir+ndjson, application/ndjson or ndjson). Any other parameter (patient,
// _elements, _typeFilter, includeAssociatedData, ...) is kInvalidInput naming it.
Result<ExportRequest> ParseExportRequest(
    ExportLevel level, std::span<const std::pair<std::string, std::string>> params,
    std::int64_t now_us);

struct ExportOutput {
  ResourceType type;
  std::string url;
  std::int64_t count = 0;
};

// The completion manifest: transactionTime, request, requiresAccessToken true, output (one file
// per type, files with no resource left out), error [].
nlohmann::json ExportManifest(std::string_view transaction_time, std::string_view request_url,
                              const std::vector<ExportOutput>& outputs);

}  // namespace backcare::exchange::fhir

#endif  // BACKCARE_EXCHANGE_FHIR_FHIR_BULK_H_
