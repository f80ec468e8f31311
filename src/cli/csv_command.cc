// `backcare export csv --db URL --out DIR [--clinic ID] [--json]` and `backcare import csv --db URL
// --in FILE --kind patients|sessions|responses [--clinic ID] [--dry-run] [--json]`: the clinic's
// records as CSV files (docs/csv.md). --clinic may be left out when the database holds one clinic.
//
// Export writes DIR/patients.csv, courses.csv, sessions.csv, responses.csv and adherence.csv from
// one snapshot, block by block (app/clinic_export.h); each file is written to NAME.tmp and renamed
// once complete. Import reads FILE (exchange/csv/clinic_csv.h), checks every row against the file
// and the store (app/clinic_import.h) and writes all rows in one transaction, or nothing: every
// bad row is reported "FILE:LINE: column NAME: message" and the exit code is 2. --dry-run checks
// the same and prints what would be written. Both run as the installation itself (audited with
// role "system", from "cli"). On a terminal they show progress on stderr; --json prints a summary.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "app/clinic_export.h"
#include "app/clinic_import.h"
#include "cli/app_setup.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "exchange/csv/clinic_csv.h"
#include "store/database.h"

namespace backcare::cli {
namespace {

constexpr const char* kRemoteAddress = "cli";

struct ExportOptions {
  std::string db_url;
  std::string out_dir;
  std::int64_t clinic = 0;
  bool json = false;
};

struct ImportCommandOptions {
  std::string db_url;
  std::string in_file;
  std::string kind;
  std::int64_t clinic = 0;
  bool dry_run = false;
  bool json = false;
};

// The clinic to work on: --clinic, or the only one. kInvalidInput naming --clinic otherwise.
Result<ClinicId> ChooseClinic(ports::ClinicStore& store, std::int64_t clinic) {
  ASSIGN_OR_RETURN(auto transaction, store.BeginReadOnly());
  ASSIGN_OR_RETURN(const std::vector<clinic::Clinic> clinics, transaction->ListClinics());
  if (clinic > 0) {
    for (const clinic::Clinic& candidate : clinics) {
      if (candidate.id.value() == clinic) return candidate.id;
    }
    return InvalidInput("--clinic: clinic " + std::to_string(clinic) + " not found",
                        {{"", "--clinic", "no such clinic"}});
  }
  if (clinics.size() != 1) {
    return InvalidInput(
        "--clinic: the database holds " + std::to_string(clinics.size()) + " clinics; name one",
        {{"", "--clinic", "required when the database does not hold exactly one clinic"}});
  }
  return clinics.front().id;
}

Result<std::unique_ptr<store::Database>> OpenDatabase(CliEnvironment& env, const std::string& url) {
  if (!env.open_store) return Internal("this build has no store");
  Result<std::unique_ptr<store::Database>> opened = env.open_store(url);
  if (!opened && opened.error().code == ErrorCode::kInvalidInput) return opened;
  if (!opened) {
    return InvalidInput("--db: cannot open the database: " + opened.error().message,
                        {{"", "--db", "cannot open the database"}});
  }
  return opened;
}

struct ExportCounts {
  std::int64_t patients = 0;
  std::array<std::int64_t, 5> bytes{};
};

Result<ExportCounts> RunExport(CommandContext& context, const ExportOptions& options) {
  CliEnvironment& env = context.env;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> store, OpenDatabase(env, options.db_url));
  ASSIGN_OR_RETURN(const ClinicId clinic_id, ChooseClinic(*store, options.clinic));
  namespace fs = std::filesystem;
  std::error_code made;
  fs::create_directories(options.out_dir, made);
  if (made) {
    return InvalidInput("--out: cannot create the folder " + options.out_dir,
                        {{"", "--out", made.message()}});
  }
  const std::span<const exchange::CsvKind> kinds = exchange::AllCsvKinds();
  std::vector<std::ofstream> files;
  std::vector<fs::path> paths;
  for (exchange::CsvKind kind : kinds) {
    paths.push_back(fs::path(options.out_dir) /
                    (std::string(exchange::CsvKindName(kind)) + ".csv"));
    files.emplace_back(paths.back().string() + ".tmp", std::ios::binary | std::ios::trunc);
    if (!files.back()) {
      return InvalidInput("--out: cannot write " + paths.back().string() + ".tmp",
                          {{"", "--out", "cannot write in the folder"}});
    }
    files.back() << exchange::CsvHeader(kind);
  }
  ASSIGN_OR_RETURN(std::unique_ptr<app::ProtocolCatalog> protocols, NewProtocolCatalog());
  const SystemClock clock;
  app::AuditLog audit_log(*store);
  const app::AppContext app{*store, clock, *protocols, IanaTimeZones(), audit_log};
  const app::RequestContext request{app::SystemActor(clinic_id), kRemoteAddress};
  const bool progress = !options.json && StdoutIsTerminal();
  ExportCounts counts;
  std::string buffer;
  RETURN_IF_ERROR(
      app::ExportClinicRecords(app, request, [&](const app::ExportBlock& block) -> Status {
        for (std::size_t k = 0; k < kinds.size(); ++k) {
          buffer.clear();
          exchange::AppendCsvRows(kinds[k], block.patients, block.records, block.therapists,
                                  buffer);
          files[k] << buffer;
          counts.bytes[k] += static_cast<std::int64_t>(buffer.size());
          if (!files[k]) return Unavailable("cannot write " + paths[k].string() + ".tmp");
        }
        counts.patients += static_cast<std::int64_t>(block.patients.size());
        if (progress) env.err << "\rexport: " << counts.patients << " patients" << std::flush;
        return OkStatus();
      }));
  if (progress) env.err << "\n";
  RETURN_IF_ERROR(audit_log.Flush());
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    files[k].close();
    if (!files[k]) return Unavailable("cannot write " + paths[k].string() + ".tmp");
    std::error_code renamed;
    fs::rename(paths[k].string() + ".tmp", paths[k], renamed);
    if (renamed) return Unavailable("cannot rename to " + paths[k].string());
  }
  return counts;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return InvalidInput("--in: cannot read " + path, {{"", "--in", "cannot read the file"}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The problems of the file and of the store checks, in line order ("FILE:LINE").
Error MergedProblems(const std::string& source, std::vector<FieldError> parsed,
                     const Result<app::ImportSummary>& checked) {
  std::vector<FieldError> all = std::move(parsed);
  if (!checked) {
    if (checked.error().code != ErrorCode::kInvalidInput) return checked.error();
    all.insert(all.end(), checked.error().fields.begin(), checked.error().fields.end());
  }
  const auto line_of = [](const FieldError& field) {
    const std::size_t colon = field.location.rfind(':');
    return colon == std::string::npos
               ? 0L
               : std::strtol(field.location.c_str() + colon + 1, nullptr, 10);
  };
  std::stable_sort(all.begin(), all.end(), [&](const FieldError& a, const FieldError& b) {
    return line_of(a) < line_of(b);
  });
  const std::string count = std::to_string(all.size());
  return InvalidInput(count + " problem(s) in " + source + "; nothing written", std::move(all));
}

template <typename Row, typename Import>
Result<app::ImportSummary> ParseCheckWrite(const app::AppContext& app,
                                           const app::RequestContext& request,
                                           exchange::ParsedCsv<Row> parsed,
                                           const app::ImportOptions& options, Import import) {
  if (parsed.errors.empty()) return import(app, request, parsed.rows, options);
  // Bad rows in the file: still check the good ones against the store, to report every problem.
  app::ImportOptions check = options;
  check.mode = app::ImportMode::kDryRun;
  const Result<app::ImportSummary> checked = import(app, request, parsed.rows, check);
  return MergedProblems(options.source, std::move(parsed.errors), checked);
}

Result<app::ImportSummary> RunImport(CommandContext& context, const ImportCommandOptions& options) {
  CliEnvironment& env = context.env;
  const std::optional<exchange::CsvKind> kind = exchange::ParseCsvKind(options.kind);
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> store, OpenDatabase(env, options.db_url));
  ASSIGN_OR_RETURN(const ClinicId clinic_id, ChooseClinic(*store, options.clinic));
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(options.in_file));
  const bool progress = !options.json && StdoutIsTerminal();
  if (progress) env.err << "import: checking " << options.in_file << "\n";
  ASSIGN_OR_RETURN(std::unique_ptr<app::ProtocolCatalog> protocols, NewProtocolCatalog());
  const SystemClock clock;
  app::AuditLog audit_log(*store);
  const app::AppContext app{*store, clock, *protocols, IanaTimeZones(), audit_log};
  const app::RequestContext request{app::SystemActor(clinic_id), kRemoteAddress};
  app::ImportOptions import_options;
  import_options.source = options.in_file;
  import_options.mode = options.dry_run ? app::ImportMode::kDryRun : app::ImportMode::kWrite;
  switch (*kind) {
    case exchange::CsvKind::kPatients:
      return ParseCheckWrite(app, request, exchange::ParsePatientsCsv(text, options.in_file),
                             import_options, app::ImportPatients);
    case exchange::CsvKind::kSessions:
      return ParseCheckWrite(app, request, exchange::ParseSessionsCsv(text, options.in_file),
                             import_options, app::ImportSessions);
    case exchange::CsvKind::kResponses:
      return ParseCheckWrite(app, request, exchange::ParseResponsesCsv(text, options.in_file),
                             import_options, app::ImportResponses);
    case exchange::CsvKind::kCourses:
    case exchange::CsvKind::kAdherence:
      break;
  }
  return InvalidInput("--kind: expected patients, sessions or responses",
                      {{"", "--kind", "expected patients, sessions or responses"}});
}

}  // namespace

void AddExportCommand(CLI::App& app, CommandContext& context) {
  CLI::App* exporter = app.add_subcommand("export", "Export the clinic's records");
  exporter->require_subcommand(1);
  auto options = std::make_shared<ExportOptions>();
  CLI::App* csv = exporter->add_subcommand(
      "csv", "Write patients, courses, sessions, responses and adherence as CSV (docs/csv.md)");
  csv->add_option("--db", options->db_url, "Database URL: sqlite:PATH or postgresql://...")
      ->required();
  csv->add_option("--out", options->out_dir, "Folder for the five .csv files (created if needed)")
      ->required();
  csv->add_option("--clinic", options->clinic, "Clinic id (default: the only clinic)")
      ->check(CLI::PositiveNumber);
  csv->add_flag("--json", options->json, "Print a summary as JSON");
  csv->callback([options, &context] {
    Result<ExportCounts> counts = RunExport(context, *options);
    if (!counts) return ReportError(context, "export csv", options->json, counts.error());
    if (options->json) {
      nlohmann::ordered_json out = {{"patients", counts->patients},
                                    {"files", nlohmann::json::array()}};
      for (exchange::CsvKind kind : exchange::AllCsvKinds()) {
        out["files"].push_back(std::string(exchange::CsvKindName(kind)) + ".csv");
      }
      context.env.out << out.dump() << "\n";
    } else {
      context.env.out << "exported " << counts->patients << " patients to " << options->out_dir
                      << " (patients.csv, courses.csv, sessions.csv, responses.csv, "
                         "adherence.csv)\n";
    }
    context.exit_code = 0;
  });
}

void AddImportCommand(CLI::App& app, CommandContext& context) {
  CLI::App* importer = app.add_subcommand("import", "Import records into a clinic");
  importer->require_subcommand(1);
  auto options = std::make_shared<ImportCommandOptions>();
  CLI::App* csv =
      importer->add_subcommand("csv", "Import one CSV file, all rows or none (docs/csv.md)");
  csv->add_option("--db", options->db_url, "Database URL: sqlite:PATH or postgresql://...")
      ->required();
  csv->add_option("--in", options->in_file, "The CSV file")->required();
  csv->add_option("--kind", options->kind, "What the file holds")
      ->required()
      ->check(CLI::IsMember({"patients", "sessions", "responses"}));
  csv->add_option("--clinic", options->clinic, "Clinic id (default: the only clinic)")
      ->check(CLI::PositiveNumber);
  csv->add_flag("--dry-run", options->dry_run, "Check every row and write nothing");
  csv->add_flag("--json", options->json, "Print a summary as JSON");
  csv->callback([options, &context] {
    Result<app::ImportSummary> summary = RunImport(context, *options);
    if (!summary) return ReportError(context, "import csv", options->json, summary.error());
    if (options->json) {
      nlohmann::ordered_json out = {{"kind", options->kind},
                                    {"rows", summary->rows},
                                    {"courses_created", summary->courses_created},
                                    {"dry_run", options->dry_run}};
      context.env.out << out.dump() << "\n";
    } else {
      context.env.out << (options->dry_run ? "dry run: would import " : "imported ")
                      << summary->rows << " " << options->kind;
      if (summary->courses_created > 0) {
        context.env.out << " (" << (options->dry_run ? "creating " : "created ")
                        << summary->courses_created << " courses)";
      }
      context.env.out << (options->dry_run ? "; nothing written\n" : "\n");
    }
    context.exit_code = 0;
  });
}

}  // namespace backcare::cli
