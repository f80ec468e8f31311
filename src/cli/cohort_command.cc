// `backcare cohort generate --db URL --courses N --seed S [--clinics C] [--as-of YYYY-MM-DD]
// [--json]`: fills a database (migrated first) with a synthetic cohort for the outcomes report
// (app/cohort/cohort_generator.h; the model is in docs/analytics.md): C clinics named "Synthetic
// cohort S-1".. with their therapists, and N courses of the built-in protocol starting over the
// 18 months before --as-of (default: today, UTC). The same options give the same database. On a
// terminal it shows its progress on stderr; --json prints a summary object {"clinics",
// "therapists", "courses", "patients", "responses", "adherence_entries", "sessions", "dropouts",
// "seconds"}. Bad options (courses or clinics < 1, a malformed date, a database that cannot be
// opened) are named and exit 2 before anything is written; a clinic of that seed in the database
// already is kConflict (exit 4).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "app/cohort/cohort_generator.h"
#include "cli/app_setup.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "core/clinic/time.h"

namespace backcare::cli {
namespace {

struct CohortCommandOptions {
  std::string db_url;
  std::int64_t courses = 0;
  std::uint64_t seed = 0;
  int clinics = 1;
  std::string as_of;  // empty = today (UTC)
  bool json = false;
};

Result<app::cohort::CohortOptions> ToCohortOptions(const CohortCommandOptions& options) {
  app::cohort::CohortOptions cohort;
  cohort.courses = options.courses;
  cohort.seed = options.seed;
  cohort.clinics = options.clinics;
  cohort.as_of =
      clinic::Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  if (!options.as_of.empty()) {
    const std::optional<clinic::Date> parsed = clinic::ParseDate(options.as_of);
    if (!parsed) {
      return InvalidInput(
          "invalid cohort options",
          {{"", "as_of", "expected a date YYYY-MM-DD, got '" + options.as_of + "'"}});
    }
    cohort.as_of = *parsed;
  }
  Status valid = app::cohort::ValidateCohortOptions(cohort);
  if (!valid) return valid.error();
  return cohort;
}

// "1,234,567".
std::string Thousands(std::int64_t number) {
  std::string digits = std::to_string(number);
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  return digits;
}

Result<app::cohort::CohortSummary> Generate(CommandContext& context,
                                            const CohortCommandOptions& options) {
  CliEnvironment& env = context.env;
  if (!env.open_store) return Internal("this build has no store");
  ASSIGN_OR_RETURN(const app::cohort::CohortOptions cohort, ToCohortOptions(options));
  ASSIGN_OR_RETURN(std::unique_ptr<app::ProtocolCatalog> protocols, NewProtocolCatalog());
  Result<std::unique_ptr<store::Database>> opened = env.open_store(options.db_url);
  if (!opened) {
    return InvalidInput("invalid cohort options",
                        {{"", "db", "cannot open the database: " + opened.error().message}});
  }
  store::Database& store = **opened;
  RETURN_IF_ERROR(store.Migrate());
  app::cohort::CohortProgress progress = nullptr;
  if (!options.json && StdoutIsTerminal()) {
    progress = [&env](std::int64_t written, std::int64_t total) {
      env.err << "\rcohort: " << Thousands(written) << " / " << Thousands(total) << " courses ("
              << written * 100 / total << " %)" << (written == total ? "\n" : "") << std::flush;
    };
  }
  return app::cohort::GenerateCohort(store, *protocols, IanaTimeZones(), cohort, progress);
}

}  // namespace

void AddCohortCommand(CLI::App& app, CommandContext& context) {
  CLI::App* cohort = app.add_subcommand("cohort", "Synthetic cohorts for the outcomes report");
  cohort->require_subcommand(1);
  auto options = std::make_shared<CohortCommandOptions>();
  CLI::App* generate = cohort->add_subcommand(
      "generate", "Write a deterministic synthetic cohort of courses (docs/analytics.md)");
  generate->add_option("--db", options->db_url, "Database URL: sqlite:PATH or postgresql://...")
      ->required();
  generate->add_option("--courses", options->courses, "How many courses (one patient each)")
      ->required();
  generate->add_option("--seed", options->seed, "Random seed: the same seed, the same database")
      ->required();
  generate->add_option("--clinics", options->clinics, "How many clinics (default 1)");
  generate->add_option("--as-of", options->as_of,
                       "Nothing is recorded after this date YYYY-MM-DD (default today, UTC)");
  generate->add_flag("--json", options->json, "Print the summary as JSON");
  generate->callback([options, &context] {
    const auto started = std::chrono::steady_clock::now();
    Result<app::cohort::CohortSummary> summary = Generate(context, *options);
    if (!summary) return ReportError(context, "cohort generate", options->json, summary.error());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (options->json) {
      nlohmann::ordered_json out = {{"clinics", summary->clinics},
                                    {"therapists", summary->therapists},
                                    {"courses", summary->courses},
                                    {"patients", summary->patients},
                                    {"responses", summary->responses},
                                    {"adherence_entries", summary->adherence_entries},
                                    {"sessions", summary->sessions},
                                    {"dropouts", summary->dropouts},
                                    {"seconds", std::round(seconds * 100) / 100}};
      context.env.out << out.dump() << "\n";
    } else {
      context.env.out << "cohort written: " << summary->clinics << " clinic(s), "
                      << summary->therapists << " therapists, " << Thousands(summary->courses)
                      << " courses (" << Thousands(summary->dropouts) << " dropouts), "
                      << Thousands(summary->sessions) << " sessions, "
                      << Thousands(summary->responses) << " responses, "
                      << Thousands(summary->adherence_entries) << " adherence entries in "
                      << std::round(seconds * 10) / 10 << " s\n";
    }
    context.exit_code = 0;
  });
}

}  // namespace backcare::cli
