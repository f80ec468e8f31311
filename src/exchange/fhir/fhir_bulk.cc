#include "exchange/fhir/fhir_bulk.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "exchange/fhir/fhir_search.h"

namespace backcare::exchange::fhir {
namespace {

Error BadExportParameter(std::string_view name, std::string_view expected) {
  return InvalidInput("export parameter '" + std::string(name) + "': expected " +
                      std::string(expected));
}

bool IsFullInstant(std::string_view text) {
  // A dateTime to the second or finer, with a zone: "YYYY-MM-DDThh:mm:ss(.f)(Z|+hh:mm)".
  return text.size() >= 20 && text[10] == 'T' && text[16] == ':';
}

}  // namespace

std::vector<ResourceType> ExportableTypes(ExportLevel level) {
  std::vector<ResourceType> types;
  for (ResourceType type : AllResourceTypes()) {
    bool about_patients =
        type != ResourceType::kOrganization && type != ResourceType::kPractitioner;
    if (level == ExportLevel::kSystem || about_patients) types.push_back(type);
  }
  return types;
}

Result<ExportRequest> ParseExportRequest(
    ExportLevel level, std::span<const std::pair<std::string, std::string>> params,
    std::int64_t now_us) {
  ExportRequest request;
  request.level = level;
  const std::vector<ResourceType> exportable = ExportableTypes(level);
  std::vector<ResourceType> asked;
  bool type_given = false;
  for (const auto& [name, value] : params) {
    if (name == "_type") {
      type_given = true;
      std::string_view rest = value;
      for (;;) {
        std::size_t comma = rest.find(',');
        std::string_view part = rest.substr(0, comma);
        std::optional<ResourceType> type = ParseResourceType(part);
        if (!type || std::find(exportable.begin(), exportable.end(), *type) == exportable.end()) {
          return BadExportParameter(name, level == ExportLevel::kPatient
                                              ? "types of the patient compartment this server "
                                                "exports (see the CapabilityStatement)"
                                              : "types this server exports (see the "
                                                "CapabilityStatement)");
        }
        asked.push_back(*type);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    } else if (name == "_since") {
      std::optional<TimeRange> since = ParseFhirDate(value);
      if (request.since_us || !since || !IsFullInstant(value)) {
        return BadExportParameter(name, "one instant with a time zone, e.g. 2026-03-18T09:05:00Z");
      }
      if (since->begin > now_us) return BadExportParameter(name, "an instant not in the future");
      request.since_us = since->begin;
    } else if (name == "_outputFormat") {
      if (value != kNdjson && value != "application/ndjson" && value != "ndjson") {
        return BadExportParameter(name, "application/fhir+ndjson");
      }
    } else {
      bool plain =
          !name.empty() && name.size() <= 40 && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
          });
      return InvalidInput(plain ? "export parameter '" + name + "' is not supported"
                                : std::string("an export parameter is not supported"));
    }
  }
  for (ResourceType type : exportable) {
    if (!type_given || std::find(asked.begin(), asked.end(), type) != asked.end()) {
      request.types.push_back(type);
    }
  }
  return request;
}

nlohmann::json ExportManifest(std::string_view transaction_time, std::string_view request_url,
                              const std::vector<ExportOutput>& outputs) {
  nlohmann::json output = nlohmann::json::array();
  for (const ExportOutput& file : outputs) {
    if (file.count == 0) continue;
    output.push_back(
        {{"type", ResourceTypeName(file.type)}, {"url", file.url}, {"count", file.count}});
  }
  return {{"transactionTime", transaction_time},
          {"request", request_url},
          {"requiresAccessToken", true},
          {"output", std::move(output)},
          {"error", nlohmann::json::array()}};
}

}  // namespace backcare::exchange::fhir
