// The FHIR Bulk Data export's memory at scale (issue 18: "1 M observations export in bounded
// memory"). Two synthetic cohorts (app/cohort, the generator behind `backcare cohort generate`)
// go into temporary SQLite files: a small one of COURSES / 10 courses and a large one of COURSES
// (default 50,000 courses, about 1 M observations: each course has about 8 scored questionnaire
// responses and 12 adherence entries, each one Observation). Each is then exported in full, every
// type at system level, by FhirExportJobs, the jobs `backcare serve` runs for /fhir/R4/$export,
// each export in a fresh child process, whose peak resident memory (wait4's ru_maxrss) is the
// figure. The baseline, measured in the same run: a child that opens the large store and builds
// the same context and jobs but exports nothing. Printed: each export's peak, its growth over the
// baseline, and the ratio large / small, which stays near 1 when memory is bounded by one block
// of patients and not by the clinic's size (the data grows 10 times). Fails when the export's
// Observation count differs from what the generator wrote, or the ratio exceeds 1.5.
// Usage: bench_fhir_export [COURSES]   (default 50000; other arguments are ignored)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "app/actor.h"
#include "app/audit_log.h"
#include "app/cohort/cohort_generator.h"
#include "cli/app_setup.h"
#include "core/clinic/time.h"
#include "exchange/fhir/fhir_bulk.h"
#include "http/api/fhir_export.h"
#include "store/open_store.h"

namespace {

using namespace backcare;
namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "fhir_export_bench: " << what << "\n";
  std::exit(1);
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// Runs `work` in a child process; returns what it wrote on its pipe and its peak resident memory
// in KiB. The parent stays single-threaded, so fork is safe; the child ends with _exit.
struct ChildResult {
  std::string output;
  long peak_kib = 0;
};
template <typename Work>
ChildResult InChild(const char* what, Work work) {
  int fds[2];
  if (pipe(fds) != 0) Die("pipe failed");
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    close(fds[0]);
    const std::string out = work();
    const char* data = out.data();
    std::size_t left = out.size();
    while (left > 0) {
      const ssize_t n = write(fds[1], data, left);
      if (n <= 0) _exit(3);
      data += n;
      left -= static_cast<std::size_t>(n);
    }
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  ChildResult result;
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) {
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) Die(std::string(what) + ": wait4 failed");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Die(std::string(what) + " failed: " + result.output);
  }
  result.peak_kib = usage.ru_maxrss;
  return result;
}

// In a child: the error as output and exit status 2.
[[noreturn]] void ChildFails(const std::string& what) {
  std::cerr << "fhir_export_bench: " << what << "\n" << std::flush;
  _exit(2);
}

std::unique_ptr<store::Database> OpenMigrated(const fs::path& path) {
  Result<std::unique_ptr<store::Database>> opened = store::OpenStore("sqlite:" + path.string());
  if (!opened) ChildFails("open " + path.string() + ": " + opened.error().message);
  if (Result<std::vector<int>> migrated = (*opened)->Migrate(); !migrated) {
    ChildFails("migrate: " + migrated.error().message);
  }
  return std::move(*opened);
}

// The cohort's observations: its scored responses plus its adherence entries.
std::string Generate(const fs::path& path, std::int64_t courses) {
  std::unique_ptr<store::Database> db = OpenMigrated(path);
  Result<std::unique_ptr<app::ProtocolCatalog>> protocols = cli::NewProtocolCatalog();
  if (!protocols) ChildFails("protocols: " + protocols.error().message);
  app::cohort::CohortOptions options;
  options.courses = courses;
  options.seed = 18;
  options.as_of = *clinic::ParseDate("2026-06-30");
  Result<app::cohort::CohortSummary> summary =
      app::cohort::GenerateCohort(*db, **protocols, cli::IanaTimeZones(), options);
  if (!summary) ChildFails("generate: " + summary.error().message);
  return std::to_string(summary->responses + summary->adherence_entries);
}

// Exports every type of the store's first clinic as the system actor (an admin) when `run`,
// otherwise only builds what an export needs. Output: JSON {observations, bytes, seconds}.
std::string Export(const fs::path& path, bool run) {
  std::unique_ptr<store::Database> db = OpenMigrated(path);
  Result<std::unique_ptr<app::ProtocolCatalog>> protocols = cli::NewProtocolCatalog();
  if (!protocols) ChildFails("protocols: " + protocols.error().message);
  const cli::SystemClock clock;
  app::AuditLog audit_log(*db);
  const app::AppContext context{*db, clock, **protocols, cli::IanaTimeZones(), audit_log};
  Result<std::unique_ptr<ports::Transaction>> read = db->BeginReadOnly();
  if (!read) ChildFails("read: " + read.error().message);
  Result<std::vector<clinic::Clinic>> clinics = (*read)->ListClinics();
  if (!clinics || clinics->empty()) ChildFails("the cohort has no clinic");
  read->reset();
  const app::RequestContext admin{app::SystemActor(clinics->front().id), "bench"};
  http::api::FhirExportJobs jobs(context);
  nlohmann::json out = {{"observations", 0}, {"bytes", 0}, {"seconds", 0.0}};
  if (!run) return out.dump();

  exchange::fhir::ExportRequest request;
  request.types = exchange::fhir::ExportableTypes(exchange::fhir::ExportLevel::kSystem);
  const SteadyClock::time_point started = SteadyClock::now();
  Result<std::string> id = jobs.Start(admin, request, "http://bench/fhir/R4", "bench");
  if (!id) ChildFails("start: " + id.error().message);
  http::api::FhirExportJobs::Status status;
  for (;;) {
    Result<http::api::FhirExportJobs::Status> polled = jobs.Poll(admin, *id);
    if (!polled) ChildFails("poll: " + polled.error().message);
    if (polled->done) {
      status = *polled;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  out["seconds"] = std::chrono::duration<double>(SteadyClock::now() - started).count();
  if (status.failure) ChildFails("export failed: " + status.failure->message);
  std::int64_t bytes = 0;
  const nlohmann::json manifest = nlohmann::json::parse(status.manifest);
  for (const nlohmann::json& output : manifest["output"]) {
    const std::string type = output["type"].get<std::string>();
    if (type == "Observation") out["observations"] = output["count"].get<std::int64_t>();
    Result<std::string> file = jobs.FilePath(admin, *id, type + ".ndjson");
    if (!file) ChildFails("file " + type + ": " + file.error().message);
    bytes += static_cast<std::int64_t>(fs::file_size(*file));
  }
  out["bytes"] = bytes;
  return out.dump();
}

struct Measured {
  std::int64_t generated = 0;
  std::int64_t exported = 0;
  double megabytes = 0;
  double seconds = 0;
  long peak_kib = 0;
};

Measured Measure(const fs::path& path, std::int64_t courses) {
  Measured m;
  const SteadyClock::time_point started = SteadyClock::now();
  m.generated = std::stoll(InChild("generate", [&] { return Generate(path, courses); }).output);
  std::printf("  %lld courses generated: %lld observations (%.1f s)\n",
              static_cast<long long>(courses), static_cast<long long>(m.generated),
              std::chrono::duration<double>(SteadyClock::now() - started).count());
  const ChildResult run = InChild("export", [&] { return Export(path, true); });
  const nlohmann::json out = nlohmann::json::parse(run.output);
  m.exported = out["observations"].get<std::int64_t>();
  m.megabytes = static_cast<double>(out["bytes"].get<std::int64_t>()) / 1e6;
  m.seconds = out["seconds"].get<double>();
  m.peak_kib = run.peak_kib;
  if (m.exported != m.generated) {
    Die("the export wrote " + std::to_string(m.exported) + " Observations, the cohort has " +
        std::to_string(m.generated));
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t courses = 50'000;
  if (argc > 1 && std::string(argv[1]).find_first_not_of("0123456789") == std::string::npos) {
    courses = std::stoll(argv[1]);
  }
  if (courses < 10) Die("COURSES must be at least 10");
  std::printf("backcare FHIR bulk export memory (peak RSS of a child per export, same run)\n");
  std::printf("load average at start: %s (%ld processors)\n", LoadAverage().c_str(),
              sysconf(_SC_NPROCESSORS_ONLN));
  char pattern[] = "/tmp/backcare-fhir-bench.XXXXXX";
  if (!mkdtemp(pattern)) Die("mkdtemp failed");
  const fs::path dir(pattern);
  const fs::path small = dir / "small.db";
  const fs::path large = dir / "large.db";

  std::printf("small cohort:\n");
  const Measured s = Measure(small, courses / 10);
  std::printf("large cohort:\n");
  const Measured l = Measure(large, courses);
  const long baseline = InChild("baseline", [&] { return Export(large, false); }).peak_kib;
  fs::remove_all(dir);

  const auto mib = [](long kib) { return static_cast<double>(kib) / 1024.0; };
  std::printf("baseline (open the store, build the jobs, export nothing): peak %.1f MiB\n",
              mib(baseline));
  for (const auto& [name, m] : {std::pair{"small", s}, std::pair{"large", l}}) {
    std::printf(
        "export %-5s %9lld observations, %7.1f MB NDJSON in %6.1f s: peak %.1f MiB (+%.1f MiB "
        "over the baseline)\n",
        name, static_cast<long long>(m.exported), m.megabytes, m.seconds, mib(m.peak_kib),
        mib(m.peak_kib - baseline));
  }
  const double ratio = static_cast<double>(l.peak_kib) / static_cast<double>(s.peak_kib);
  std::printf("peak large / small = %.2fx for %.1fx the data (target <= 1.5x: %s)\n", ratio,
              static_cast<double>(l.exported) / static_cast<double>(s.exported),
              ratio <= 1.5 ? "met" : "MISSED");
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return ratio <= 1.5 ? 0 : 1;
}
