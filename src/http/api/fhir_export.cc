#include "http/api/fhir_export.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/chart_reader.h"
#include "app/clinic_service.h"
#include "exchange/fhir/fhir_search.h"
#include "http/api/fhir_sources.h"
#include "http/server/random_token.h"

namespace backcare::http::api {
namespace {

namespace fs = std::filesystem;
namespace fhir = exchange::fhir;
using Clock = std::chrono::system_clock;

constexpr std::size_t kBlockPatients = 100;

// A job's thread is joined and its files removed when the last reference goes, which is never
// while holding Impl::mutex for a running job (its thread takes that mutex).
struct Job {
  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job() {
    cancel = true;
    if (thread.joinable()) thread.join();
    if (!folder.empty()) {
      std::error_code ignored;
      fs::remove_all(folder, ignored);
    }
  }

  std::string id;
  app::RequestContext caller;
  fhir::ExportRequest request;
  std::string base_url;
  std::string request_url;
  std::string transaction_time;
  fs::path folder;
  std::atomic<bool> cancel{false};
  std::thread thread;
  // Guarded by Impl::mutex.
  bool done = false;
  std::string progress = "starting";
  std::string manifest;
  std::optional<Error> failure;
  Clock::time_point finished;
  std::set<std::string> files;
};

std::string FileName(fhir::ResourceType type) {
  return std::string(fhir::ResourceTypeName(type)) + ".ndjson";
}

// Whether a resource changed after `since` (one without meta.lastUpdated always counts).
bool ChangedSince(const nlohmann::json& resource, std::optional<std::int64_t> since) {
  if (!since) return true;
  auto meta = resource.find("meta");
  if (meta == resource.end() || !meta->contains("lastUpdated")) return true;
  std::optional<fhir::TimeRange> updated =
      fhir::ParseFhirDate(meta->at("lastUpdated").get<std::string>());
  return !updated || updated->begin > *since;
}

}  // namespace

struct FhirExportJobs::Impl {
  Impl(const app::AppContext& app_context, std::chrono::seconds keep_for)
      : app(app_context), keep(keep_for) {}

  const app::AppContext& app;
  std::chrono::seconds keep;
  std::mutex mutex;
  fs::path spool;  // made at the first job
  std::map<std::string, std::shared_ptr<Job>, std::less<>> jobs;

  // The job `id` of `caller`'s login, or nullptr. Holds the mutex.
  std::shared_ptr<Job> Find(const app::RequestContext& caller, std::string_view id) {
    auto it = jobs.find(id);
    if (it == jobs.end() || it->second->caller.actor.user_id != caller.actor.user_id ||
        it->second->caller.actor.clinic_id != caller.actor.clinic_id) {
      return nullptr;
    }
    return it->second;
  }

  // Removes finished jobs older than `keep`; returns them for joining outside the lock.
  std::vector<std::shared_ptr<Job>> TakeExpired(Clock::time_point now) {
    std::vector<std::shared_ptr<Job>> expired;
    for (auto it = jobs.begin(); it != jobs.end();) {
      if (it->second->done && it->second->finished + keep <= now) {
        expired.push_back(it->second);
        it = jobs.erase(it);
      } else {
        ++it;
      }
    }
    return expired;
  }

  // Drops jobs taken out of `jobs` (outside the mutex): ~Job joins and removes the files.
  static void Dispose(std::vector<std::shared_ptr<Job>> gone) { gone.clear(); }

  void Run(Job& job);
  ::backcare::Status Write(Job& job, std::map<fhir::ResourceType, std::int64_t>& counts);
};

::backcare::Status FhirExportJobs::Impl::Write(Job& job,
                                               std::map<fhir::ResourceType, std::int64_t>& counts) {
  std::map<fhir::ResourceType, std::ofstream> files;
  for (fhir::ResourceType type : job.request.types) {
    std::ofstream& out = files[type];
    out.open(job.folder / FileName(type), std::ios::binary | std::ios::trunc);
    if (!out) return Unavailable("cannot write the export's files");
    counts[type] = 0;
  }
  auto write = [&](fhir::ResourceType type, const FhirCandidate& candidate) {
    if (!ChangedSince(candidate.resource, job.request.since_us)) return;
    files[type] << candidate.resource.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    ++counts[type];
  };
  app::ClinicService clinics(app);
  std::vector<fhir::ResourceType> patient_types;
  for (fhir::ResourceType type : job.request.types) {
    if (type == fhir::ResourceType::kOrganization || type == fhir::ResourceType::kPractitioner) {
      ASSIGN_OR_RETURN(std::vector<FhirCandidate> found, ClinicFhir(clinics, job.caller, type));
      for (const FhirCandidate& candidate : found) write(type, candidate);
    } else {
      patient_types.push_back(type);
    }
  }
  if (!patient_types.empty()) {
    app::ChartRequest request;
    request.permission = app::kExportClinicData;
    request.parts = app::kChartRecords | app::kChartSignedNotes | app::kChartAlerts;
    request.max_patients = kBlockPatients;
    std::int64_t patients = 0;
    for (;;) {
      if (job.cancel) return OkStatus();
      ASSIGN_OR_RETURN(app::ChartBlock block, app::ReadCharts(app, job.caller, request));
      for (fhir::ResourceType type : patient_types) {
        for (const FhirCandidate& candidate : CollectFhir(type, block)) write(type, candidate);
      }
      patients += static_cast<std::int64_t>(block.patients.size());
      {
        std::lock_guard lock(mutex);
        job.progress = std::to_string(patients) + " patients read";
      }
      if (!block.more || block.patients.empty()) break;
      request.after = block.patients.back().id.value();
    }
  }
  for (auto& [type, out] : files) {
    out.close();
    if (!out) return Unavailable("cannot write the export's files");
  }
  return OkStatus();
}

void FhirExportJobs::Impl::Run(Job& job) {
  std::map<fhir::ResourceType, std::int64_t> counts;
  ::backcare::Status written = Write(job, counts);
  std::vector<fhir::ExportOutput> outputs;
  std::set<std::string> files;
  for (fhir::ResourceType type : job.request.types) {
    outputs.push_back(
        {type, job.base_url + "/$export-file/" + job.id + "/" + FileName(type), counts[type]});
    if (counts[type] > 0) files.insert(FileName(type));
  }
  std::lock_guard lock(mutex);
  job.done = true;
  job.finished = Clock::now();
  if (!written) {
    job.failure = written.error();
  } else {
    job.manifest = fhir::ExportManifest(job.transaction_time, job.request_url, outputs).dump();
    job.files = std::move(files);
  }
}

FhirExportJobs::FhirExportJobs(const app::AppContext& app, std::chrono::seconds keep)
    : impl_(std::make_unique<Impl>(app, keep)) {}

FhirExportJobs::~FhirExportJobs() {
  std::vector<std::shared_ptr<Job>> all;
  {
    std::lock_guard lock(impl_->mutex);
    for (auto& [id, job] : impl_->jobs) all.push_back(job);
    impl_->jobs.clear();
  }
  Impl::Dispose(std::move(all));
  if (!impl_->spool.empty()) {
    std::error_code ignored;
    fs::remove_all(impl_->spool, ignored);
  }
}

Result<std::string> FhirExportJobs::Start(const app::RequestContext& caller,
                                          fhir::ExportRequest request, std::string base_url,
                                          std::string request_url) {
  RETURN_IF_ERROR(app::RequireRole(caller.actor, app::kExportClinicData));
  std::vector<std::shared_ptr<Job>> expired;
  std::shared_ptr<Job> job = std::make_shared<Job>();
  {
    std::lock_guard lock(impl_->mutex);
    expired = impl_->TakeExpired(Clock::now());
    for (const auto& [id, other] : impl_->jobs) {
      if (!other->done && other->caller.actor.clinic_id == caller.actor.clinic_id) {
        return Conflict("an export of this clinic is running; try again when it is done");
      }
    }
    std::error_code error;
    if (impl_->spool.empty()) {
      fs::path spool = fs::temp_directory_path(error) / ("backcare-fhir-export-" + RandomToken());
      if (error || !fs::create_directory(spool, error)) {
        return Unavailable("cannot make the export's folder");
      }
      fs::permissions(spool, fs::perms::owner_all, error);
      impl_->spool = spool;
    }
    job->id = RandomToken().substr(0, 32);
    job->folder = impl_->spool / job->id;
    if (!fs::create_directory(job->folder, error)) {
      return Unavailable("cannot make the export's folder");
    }
    fs::permissions(job->folder, fs::perms::owner_all, error);
    job->caller = caller;
    job->request = std::move(request);
    job->base_url = std::move(base_url);
    job->request_url = std::move(request_url);
    job->transaction_time = fhir::FhirInstant(impl_->app.clock.Now());
    impl_->jobs[job->id] = job;
  }
  Impl::Dispose(std::move(expired));
  if (::backcare::Status audited = app::AuditClinicExport(impl_->app, caller, "fhir.export");
      !audited) {
    std::lock_guard lock(impl_->mutex);
    impl_->jobs.erase(job->id);
    std::error_code ignored;
    fs::remove_all(job->folder, ignored);
    return audited.error();
  }
  Impl* impl = impl_.get();
  job->thread = std::thread([impl, raw = job.get()] { impl->Run(*raw); });
  return job->id;
}

Result<FhirExportJobs::Status> FhirExportJobs::Poll(const app::RequestContext& caller,
                                                    std::string_view id) {
  std::vector<std::shared_ptr<Job>> expired;
  Status status;
  {
    std::lock_guard lock(impl_->mutex);
    expired = impl_->TakeExpired(Clock::now());
    std::shared_ptr<Job> job = impl_->Find(caller, id);
    if (job == nullptr) return NotFound("export not found");
    status.done = job->done;
    status.progress = job->progress;
    status.manifest = job->manifest;
    status.failure = job->failure;
    status.expires = job->finished + impl_->keep;
  }
  Impl::Dispose(std::move(expired));
  return status;
}

::backcare::Status FhirExportJobs::Delete(const app::RequestContext& caller, std::string_view id) {
  std::shared_ptr<Job> job;
  {
    std::lock_guard lock(impl_->mutex);
    job = impl_->Find(caller, id);
    if (job == nullptr) return NotFound("export not found");
    impl_->jobs.erase(job->id);
  }
  job.reset();  // ~Job cancels, joins and removes the files
  return app::AuditClinicExport(impl_->app, caller, "fhir.export_delete");
}

Result<std::string> FhirExportJobs::FilePath(const app::RequestContext& caller, std::string_view id,
                                             std::string_view file) {
  std::string path;
  {
    std::lock_guard lock(impl_->mutex);
    std::shared_ptr<Job> job = impl_->Find(caller, id);
    if (job == nullptr || !job->done || !job->files.contains(std::string(file))) {
      return NotFound("export file not found");
    }
    path = (job->folder / std::string(file)).string();
  }
  RETURN_IF_ERROR(app::AuditClinicExport(impl_->app, caller, "fhir.export_download"));
  return path;
}

}  // namespace backcare::http::api
