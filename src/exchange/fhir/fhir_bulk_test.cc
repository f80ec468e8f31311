#include "exchange/fhir/fhir_bulk.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace backcare::exchange::fhir {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// 2026-03-18T00:00:00Z in microseconds.
constexpr std::int64_t kMarch18 = 20530LL * 86400 * 1'000'000;

TEST(FhirBulkTest, TypesDefaultToTheLevelsAndFilterByType) {
  Result<ExportRequest> all = ParseExportRequest(ExportLevel::kPatient, Params{}, kMarch18);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->types.size(), 8u);  // every type but Organization and Practitioner
  EXPECT_EQ(all->types.front(), ResourceType::kPatient);
  EXPECT_EQ(ExportableTypes(ExportLevel::kSystem).size(), 10u);

  // Comma lists and repeats, in the server's order, each once.
  Result<ExportRequest> some =
      ParseExportRequest(ExportLevel::kSystem,
                         Params{{"_type", "Observation,Patient"},
                                {"_type", "Organization,Patient"},
                                {"_outputFormat", "application/fhir+ndjson"}},
                         kMarch18);
  ASSERT_TRUE(some.has_value());
  EXPECT_EQ(some->types,
            (std::vector<ResourceType>{ResourceType::kOrganization, ResourceType::kPatient,
                                       ResourceType::kObservation}));
  EXPECT_FALSE(some->since_us.has_value());

  Result<ExportRequest> since = ParseExportRequest(
      ExportLevel::kPatient, Params{{"_since", "2026-03-17T10:00:00+01:00"}}, kMarch18);
  ASSERT_TRUE(since.has_value());
  EXPECT_EQ(since->since_us, kMarch18 - 15LL * 3600 * 1'000'000);  // 09:00Z on the 17th
}

TEST(FhirBulkTest, RefusesWhatItDoesNotSupport) {
  const std::pair<Params, const char*> cases[] = {
      {{{"_type", "Medication"}}, "export parameter '_type'"},
      {{{"_type", "Organization"}}, "export parameter '_type'"},  // not in a Patient export
      {{{"_type", "Patient,"}}, "export parameter '_type'"},
      {{{"_since", "2026-03-17"}}, "export parameter '_since'"},  // no time, no zone
      {{{"_since", "2026-03-19T00:00:00Z"}}, "not in the future"},
      {{{"_since", "x"}}, "export parameter '_since'"},
      {{{"_outputFormat", "text/csv"}}, "export parameter '_outputFormat'"},
      {{{"patient", "Patient/1"}}, "export parameter 'patient' is not supported"},
      {{{"_typeFilter", "Observation?code=x"}}, "export parameter '_typeFilter'"},
      {{{"<b>", "1"}}, "an export parameter is not supported"},
  };
  for (const auto& [params, expected] : cases) {
    Result<ExportRequest> request = ParseExportRequest(ExportLevel::kPatient, params, kMarch18);
    ASSERT_FALSE(request.has_value()) << params.front().first;
    EXPECT_EQ(request.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(request.error().message.find(expected), std::string::npos) << request.error().message;
  }
}

TEST(FhirBulkTest, ManifestListsFilesWithResources) {
  nlohmann::json manifest =
      ExportManifest("2026-03-18T09:00:00Z", "http://h/fhir/R4/Patient/$export",
                     {{ResourceType::kPatient, "http://h/fhir/R4/$export-file/j/Patient.ndjson", 3},
                      {ResourceType::kFlag, "http://h/fhir/R4/$export-file/j/Flag.ndjson", 0}});
  EXPECT_EQ(manifest["transactionTime"], "2026-03-18T09:00:00Z");
  EXPECT_EQ(manifest["requiresAccessToken"], true);
  ASSERT_EQ(manifest["output"].size(), 1u);
  EXPECT_EQ(manifest["output"][0]["type"], "Patient");
  EXPECT_EQ(manifest["output"][0]["count"], 3);
  EXPECT_TRUE(manifest["error"].empty());
}

}  // namespace
}  // namespace backcare::exchange::fhir
