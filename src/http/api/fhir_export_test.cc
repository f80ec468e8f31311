// The bulk export's jobs on a test clinic: a finished job's manifest and files, who may see a job,
// cancellation, and expiry.
#include "http/api/fhir_export.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::http::api {
namespace {

using app::testing::TestClinic;
namespace fhir = exchange::fhir;

FhirExportJobs::Status WaitDone(FhirExportJobs& jobs, const app::RequestContext& caller,
                                const std::string& id) {
  for (int i = 0; i < 1000; ++i) {
    Result<FhirExportJobs::Status> status = jobs.Poll(caller, id);
    EXPECT_TRUE(status.has_value());
    if (!status.has_value() || status->done) return status.value_or(FhirExportJobs::Status{});
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "the export did not finish";
  return {};
}

std::vector<nlohmann::json> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

fhir::ExportRequest Everything() {
  fhir::ExportRequest request;
  request.types = fhir::ExportableTypes(fhir::ExportLevel::kSystem);
  return request;
}

TEST(FhirExportJobsTest, WritesOneFilePerTypeAndAManifest) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 7);
  t.ScreenClear(t.patient_2, 5);
  FhirExportJobs jobs(t.context);
  ASSERT_OK_AND_ASSIGN(std::string id, jobs.Start(t.admin, Everything(), "http://h/fhir/R4",
                                                  "http://h/fhir/R4/$export"));
  FhirExportJobs::Status status = WaitDone(jobs, t.admin, id);
  ASSERT_FALSE(status.failure.has_value());
  nlohmann::json manifest = nlohmann::json::parse(status.manifest);
  EXPECT_EQ(manifest["request"], "http://h/fhir/R4/$export");
  std::map<std::string, std::int64_t> counts;
  for (const nlohmann::json& output : manifest["output"]) {
    counts[output["type"]] = output["count"];
    EXPECT_EQ(output["url"], "http://h/fhir/R4/$export-file/" + id + "/" +
                                 output["type"].get<std::string>() + ".ndjson");
    ASSERT_OK_AND_ASSIGN(std::string path,
                         jobs.FilePath(t.admin, id, output["type"].get<std::string>() + ".ndjson"));
    std::vector<nlohmann::json> lines = Lines(path);
    EXPECT_EQ(static_cast<std::int64_t>(lines.size()), output["count"].get<std::int64_t>());
    for (const nlohmann::json& line : lines) EXPECT_EQ(line["resourceType"], output["type"]);
  }
  EXPECT_EQ(counts["Organization"], 1);
  EXPECT_EQ(counts["Patient"], 2);      // the test clinic's two patients
  EXPECT_EQ(counts["Observation"], 2);  // each baseline NPRS
  EXPECT_EQ(counts["QuestionnaireResponse"], 2);
  EXPECT_EQ(counts.count("Procedure"), 0u);  // no signed note: no file
  EXPECT_FALSE(jobs.FilePath(t.admin, id, "Procedure.ndjson").has_value());
  EXPECT_FALSE(jobs.FilePath(t.admin, id, "../x").has_value());
}

TEST(FhirExportJobsTest, OnlyTheStartingLoginSeesAJob) {
  TestClinic t;
  FhirExportJobs jobs(t.context);
  EXPECT_ERROR(jobs.Start(t.therapist, Everything(), "b", "r"), ErrorCode::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(std::string id, jobs.Start(t.admin, Everything(), "b", "r"));
  WaitDone(jobs, t.admin, id);
  EXPECT_ERROR(jobs.Poll(t.therapist, id), ErrorCode::kNotFound);
  app::RequestContext elsewhere = t.admin;
  elsewhere.actor.clinic_id = ClinicId(t.clinic_id.value() + 1);
  EXPECT_ERROR(jobs.Poll(elsewhere, id), ErrorCode::kNotFound);
  EXPECT_ERROR(jobs.Poll(t.admin, "unknown"), ErrorCode::kNotFound);
}

TEST(FhirExportJobsTest, DeleteRemovesTheFilesAndExpiryTheJob) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 7);
  FhirExportJobs jobs(t.context);
  ASSERT_OK_AND_ASSIGN(std::string id, jobs.Start(t.admin, Everything(), "b", "r"));
  WaitDone(jobs, t.admin, id);
  ASSERT_OK_AND_ASSIGN(std::string path, jobs.FilePath(t.admin, id, "Patient.ndjson"));
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_OK(jobs.Delete(t.admin, id));
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_ERROR(jobs.Poll(t.admin, id), ErrorCode::kNotFound);
  EXPECT_ERROR(jobs.Delete(t.admin, id), ErrorCode::kNotFound);

  FhirExportJobs brief(t.context, std::chrono::seconds(0));
  ASSERT_OK_AND_ASSIGN(std::string gone, brief.Start(t.admin, Everything(), "b", "r"));
  for (int i = 0; i < 1000; ++i) {
    if (!brief.Poll(t.admin, gone).has_value()) break;  // finished, then expired at once
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_ERROR(brief.Poll(t.admin, gone), ErrorCode::kNotFound);
  // With no job left running, the clinic may start another.
  EXPECT_OK(brief.Start(t.admin, Everything(), "b", "r"));
}

}  // namespace
}  // namespace backcare::http::api
