// FHIR Bulk Data export jobs (docs/fhir.md "Bulk export"): each kick-off starts one background
// thread that reads the clinic block by block (app::ReadCharts, as an admin) and writes one NDJSON
// file per type into a private spool folder, so memory stays bounded by one block whatever the
// clinic's size. One running export per clinic; only the login that started a job may poll it,
// download its files or delete it; a finished job and its files are removed after `keep`.
#ifndef BACKCARE_HTTP_API_FHIR_EXPORT_H_
#define BACKCARE_HTTP_API_FHIR_EXPORT_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "exchange/fhir/fhir_bulk.h"

namespace backcare::http::api {

class FhirExportJobs {
 public:
  explicit FhirExportJobs(const app::AppContext& app,
                          std::chrono::seconds keep = std::chrono::hours(1));
  ~FhirExportJobs();  // cancels running jobs, waits for them, deletes every file
  FhirExportJobs(const FhirExportJobs&) = delete;
  FhirExportJobs& operator=(const FhirExportJobs&) = delete;

  // Starts a job and returns its id. `base_url` is the FHIR base the file URLs start with;
  // `request_url` is the kick-off as received (for the manifest). Errors: kPermissionDenied for
  // any role but admin; kConflict when the clinic already has a running export; kUnavailable when
  // the spool folder cannot be made.
  Result<std::string> Start(const app::RequestContext& caller,
                            exchange::fhir::ExportRequest request, std::string base_url,
                            std::string request_url);

  struct Status {
    bool done = false;
    std::string progress;                           // while running: "3 of 10 blocks"
    std::string manifest;                           // when done: the manifest JSON
    std::optional<Error> failure;                   // when the job failed
    std::chrono::system_clock::time_point expires;  // when done
  };
  // kNotFound "export not found" for an unknown, deleted or expired job, or another login's.
  Result<Status> Poll(const app::RequestContext& caller, std::string_view id);

  // Cancels a running job or deletes a finished one with its files. kNotFound as Poll.
  ::backcare::Status Delete(const app::RequestContext& caller, std::string_view id);

  // The path of a finished job's file ("Observation.ndjson"). kNotFound as Poll, or for a file
  // the job did not write.
  Result<std::string> FilePath(const app::RequestContext& caller, std::string_view id,
                               std::string_view file);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_FHIR_EXPORT_H_
