// `backcare demo [--db URL] [--bind ADDR:PORT] [--logins-json FILE] [--today YYYY-MM-DD]
// [--patients N] [--seed N] [--no-serve] [--replace]`: creates a fresh database holding the
// synthetic demo clinic (app/demo/demo_clinic.h; default sqlite:demo-data/demo.db), marked as a
// demo. It writes only to a new or empty database, or over an earlier demo with --replace; a
// database holding any real clinic is refused before anything is written (CheckDemoTarget),
// prints the URL and the demo logins, writes the logins as a JSON array of
// {"role","email","password"} to FILE when asked, then serves the clinic over HTTP (through
// CliEnvironment::serve) unless --no-serve. Every password is hashed once with Argon2id.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "app/crypto/crypto.h"
#include "app/demo/demo_clinic.h"
#include "cli/app_setup.h"
#include "cli/commands.h"
#include "cli/serve_options.h"
#include "core/base/result.h"
#include "core/clinic/time.h"

namespace backcare::cli {
namespace {

constexpr const char* kDefaultDemoDb = "sqlite:demo-data/demo.db";

struct DemoCommandOptions {
  std::string db_url = kDefaultDemoDb;
  std::string bind = "127.0.0.1:8080";
  std::string logins_json;
  std::string today;  // empty = today (UTC)
  int patients = 200;
  std::uint32_t seed = 20251120;
  bool no_serve = false;
  bool replace = false;  // overwrite an earlier demo (never a real clinic)
};

struct Bind {
  std::string host;
  int port = 0;
};

Result<Bind> ParseBind(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  Error error = InvalidInput("invalid demo options",
                             {{"", "bind", "expected HOST:PORT, got '" + text + "'"}});
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return error;
  }
  int port = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) {
      return error;
    }
    port = port * 10 + (c - '0');
  }
  if (port > 65535) {
    return error;
  }
  return Bind{text.substr(0, colon), port};
}

Status WriteLogins(const std::string& file, const app::demo::DemoSummary& summary) {
  nlohmann::ordered_json logins = nlohmann::ordered_json::array();
  for (const app::demo::DemoLogin& login : summary.logins) {
    logins.push_back({{"role", login.role}, {"email", login.email}, {"password", login.password}});
  }
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << logins.dump(2) << "\n";
  out.close();
  if (!out) {
    return Unavailable("cannot write '" + file + "'");
  }
  return OkStatus();
}

// OK when the demo may write to options.db_url: an empty database, or (with --replace) an earlier
// demo in a SQLite file. Anything else is refused before a byte is written: a database holding a
// clinic the demo did not create, one of another schema version (the demo marker cannot be read),
// or an earlier demo without --replace.
Status CheckDemoTarget(CliEnvironment& env, const DemoCommandOptions& options) {
  const std::string& url = options.db_url;
  const bool sqlite_file = url.starts_with("sqlite:") && url != "sqlite::memory:";
  if (sqlite_file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(url.substr(7), error);
    if (error || size == 0) {
      return OkStatus();  // a new (or empty) file
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> existing, env.open_store(url));
  ASSIGN_OR_RETURN(const int version, existing->SchemaVersion());
  if (version == 0) {
    if (sqlite_file) {
      // The file will be deleted: one that is not a backcare database is someone else's data.
      return FailedPrecondition(url +
                                " is not a backcare database; backcare demo deletes only "
                                "an earlier demo. Choose another --db");
    }
    return OkStatus();  // an empty PostgreSQL database: the demo migrates and fills it
  }
  if (version != existing->LatestSchemaVersion()) {
    return FailedPrecondition(
        url + " holds a backcare database at schema version " + std::to_string(version) +
        " (this backcare: " + std::to_string(existing->LatestSchemaVersion()) +
        "), so whether it is a demo cannot be read; the demo writes only to an empty database or "
        "over an earlier demo. Choose another --db (or delete the file yourself if it is an old "
        "demo)");
  }
  ASSIGN_OR_RETURN(auto transaction, existing->BeginReadOnly());
  ASSIGN_OR_RETURN(std::vector<clinic::Clinic> clinics, transaction->ListClinics());
  for (const clinic::Clinic& clinic : clinics) {
    if (!clinic.demo) {
      return FailedPrecondition(url + " holds clinic '" + clinic.name + "' (id " +
                                std::to_string(clinic.id.value()) +
                                "), which is not a demo; backcare demo never writes over a real "
                                "clinic's data. Choose another --db");
    }
  }
  if (clinics.empty()) {
    return OkStatus();
  }
  if (!options.replace) {
    return FailedPrecondition(url + " holds an earlier demo; pass --replace to replace it");
  }
  if (!sqlite_file) {
    return FailedPrecondition(url +
                              " holds an earlier demo; --replace replaces a SQLite file "
                              "only: drop and create this database, then run the demo");
  }
  return OkStatus();
}

Result<int> RunDemo(CliEnvironment& env, const DemoCommandOptions& options) {
  ASSIGN_OR_RETURN(Bind bind, ParseBind(options.bind));
  clinic::Date today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  if (!options.today.empty()) {
    const auto parsed = clinic::ParseDate(options.today);
    if (!parsed) {
      return InvalidInput(
          "invalid demo options",
          {{"", "today", "expected a date YYYY-MM-DD, got '" + options.today + "'"}});
    }
    today = *parsed;
  }
  if (!env.open_store || !env.delete_sqlite_database) {
    return Internal("no store factory configured");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<app::ProtocolCatalog> protocols, NewProtocolCatalog());
  RETURN_IF_ERROR(CheckDemoTarget(env, options));
  // A SQLite file: the old demo database is deleted (with its WAL files) and its path returned.
  ASSIGN_OR_RETURN(const std::optional<std::string> sqlite_file,
                   env.delete_sqlite_database(options.db_url));
  const auto started = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> target, env.open_store(options.db_url));
  RETURN_IF_ERROR(target->Migrate());
  {
    ASSIGN_OR_RETURN(auto transaction, target->BeginReadOnly());
    ASSIGN_OR_RETURN(std::vector<clinic::Clinic> clinics, transaction->ListClinics());
    if (!clinics.empty()) {
      return FailedPrecondition("the demo needs an empty database; this one has " +
                                std::to_string(clinics.size()) + " clinic(s)");
    }
  }
  // A SQLite file syncs every commit (synchronous = FULL), and the generator runs ~13,000 use
  // cases: build the clinic in an in-memory SQLite database and restore it into the file in one
  // transaction (the store's portable backup), which takes seconds instead of a minute.
  const bool via_memory = sqlite_file.has_value();
  std::unique_ptr<store::Database> memory_store;
  if (via_memory) {
    ASSIGN_OR_RETURN(memory_store, env.open_store("sqlite::memory:"));
    RETURN_IF_ERROR(memory_store->Migrate());
  }
  store::Database& store = via_memory ? *memory_store : *target;
  app::TimeZoneLookup zones = IanaTimeZones();
  auto hasher = app::crypto::NewCachingHasher(app::crypto::NewArgon2idHasher());
  app::demo::DemoOptions demo_options;
  demo_options.today = today;
  demo_options.seed = options.seed;
  demo_options.patients = options.patients;
  ASSIGN_OR_RETURN(app::demo::DemoSummary summary,
                   app::demo::GenerateDemoClinic(store, *protocols, zones, *hasher, demo_options));
  if (via_memory) {
    const std::string backup = *sqlite_file + ".demo-backup";
    Status copied = store.WriteBackup(backup, {});
    if (copied) {
      copied = target->RestoreBackup(backup, {});
    }
    std::error_code ignored;
    std::filesystem::remove(backup, ignored);
    RETURN_IF_ERROR(copied);
  }
  memory_store.reset();  // close the databases before the server opens the file
  target.reset();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::ostream& out = env.out;
  out << "demo clinic created in " << options.db_url << " (" << std::fixed << std::setprecision(1)
      << seconds << " s, today " << clinic::FormatDate(today) << ")\n";
  out << "  patients:";
  for (const auto& [stage, count] : summary.patients_per_stage) {
    out << " " << stage << " " << count;
  }
  out << "; sciatic signs " << summary.sciatic_patients << "\n";
  out << "  sessions " << summary.sessions << ", signed notes " << summary.signed_notes
      << ", questionnaires " << summary.responses << ", adherence entries "
      << summary.adherence_entries << ", dropouts " << summary.dropouts << ", alerts "
      << summary.alerts << "\n";
  out << "URL: http://" << bind.host << ":" << bind.port << "/\n";
  out << "demo logins (synthetic; for this demo only):\n";
  for (const app::demo::DemoLogin& login : summary.logins) {
    out << "  " << std::left << std::setw(11) << login.role << std::setw(34) << login.email
        << login.password << "\n";
  }
  if (!options.logins_json.empty()) {
    RETURN_IF_ERROR(WriteLogins(options.logins_json, summary));
    out << "logins written to " << options.logins_json << "\n";
  }
  if (options.no_serve) {
    return 0;
  }
  if (!env.serve) {
    return Unavailable("this build has no HTTP server; rerun with --no-serve");
  }
  ServeOptions serve;
  serve.db_url = options.db_url;
  serve.host = bind.host;
  serve.port = bind.port;
  return env.serve(serve);
}

}  // namespace

void AddDemoCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<DemoCommandOptions>();
  CLI::App* demo = app.add_subcommand(
      "demo", "Create a synthetic demo clinic in a fresh database, print the logins and serve it");
  demo->add_option("--db", options->db_url,
                   "Database URL: a new or empty database, or an earlier demo with --replace")
      ->capture_default_str();
  demo->add_option("--bind", options->bind, "Address to serve on, HOST:PORT")
      ->capture_default_str();
  demo->add_option("--logins-json", options->logins_json,
                   "Write the demo logins to FILE as a JSON array of {role,email,password}");
  demo->add_option("--today", options->today,
                   "Generate the history relative to this date, YYYY-MM-DD (default: today)");
  demo->add_option("--patients", options->patients, "Number of synthetic patients")
      ->check(CLI::Range(0, 5000))
      ->capture_default_str();
  demo->add_option("--seed", options->seed, "Seed of the synthetic generator")
      ->capture_default_str();
  demo->add_flag("--no-serve", options->no_serve, "Create the database and exit");
  demo->add_flag("--replace", options->replace,
                 "Replace an earlier demo in the SQLite file (a real clinic is never replaced)");
  demo->callback([options, &context] {
    auto result = RunDemo(context.env, *options);
    if (!result) {
      context.env.err << "backcare demo: " << result.error().ToString() << "\n";
      context.exit_code = ExitCodeFor(result.error().code);
      return;
    }
    context.exit_code = *result;
  });
}

}  // namespace backcare::cli
