// `backcare protocol validate FILE`, `backcare protocol show [FILE] [--json]` and
// `backcare protocol import --db URL FILE [--activate CLINIC_ID]... [--json]`.
//
// validate: exit 0 and "FILE: valid (protocol ID version N)" on stdout; an invalid or unreadable
// file prints the error (its summary line, then one line per problem) on stderr and exits 2
// (kInvalidInput). show: the built-in default protocol when FILE is omitted, as a readable
// timeline, or with --json as ProtocolToJson; errors as for validate. import: migrates the
// database, then stores FILE as a version of its protocol (app::ProtocolService::Import: the
// same file again changes nothing; a version not above the latest, or changed content under a
// stored version, is refused with exit 2) and makes it the active protocol of each --activate
// clinic, all in one transaction; prints "stored protocol ID version N" or "protocol ID version
// N is stored already".
#include <CLI/CLI.hpp>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "app/audit_log.h"
#include "app/protocol_service.h"
#include "cli/app_setup.h"
#include "cli/commands.h"
#include "core/base/result.h"
#include "core/protocol/protocol.h"
#include "exchange/json/protocol_json.h"
#include "exchange/toml/protocol_toml.h"

namespace backcare::cli {
namespace {

struct ProtocolOptions {
  std::string file;
  bool json = false;
};

struct ImportOptions {
  std::string db_url;
  std::string file;
  std::vector<std::int64_t> activate;
  bool json = false;
};

Result<app::ImportedProtocol> Import(CliEnvironment& env, const ImportOptions& options) {
  if (!env.open_store) return Internal("this build has no store");
  // The file is read and checked first, so a mistake in it costs no database work.
  ASSIGN_OR_RETURN(std::string text, exchange::ReadProtocolFile(options.file));
  ASSIGN_OR_RETURN(std::unique_ptr<app::ProtocolCatalog> protocols, NewProtocolCatalog());
  RETURN_IF_ERROR(protocols->Parse(text, options.file));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> store, env.open_store(options.db_url));
  RETURN_IF_ERROR(store->Migrate());
  const SystemClock clock;
  app::AuditLog audit_log(*store);
  const app::AppContext context{*store, clock, *protocols, IanaTimeZones(), audit_log};
  std::vector<ClinicId> clinics;
  clinics.reserve(options.activate.size());
  for (std::int64_t id : options.activate) clinics.emplace_back(id);
  app::ProtocolService service(context);
  return service.Import(text, options.file, clinics, "cli");
}

void AddImport(CLI::App& command, CommandContext& context) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* import = command.add_subcommand(
      "import", "Store a protocol file as a new version of its protocol in the database");
  import->add_option("--db", options->db_url, "Database URL: sqlite:PATH or postgresql://...")
      ->required();
  import->add_option("FILE", options->file, "Protocol file (TOML)")->required();
  import->add_option("--activate", options->activate,
                     "Make it the protocol new courses follow in this clinic (id; repeatable)");
  import->add_flag("--json", options->json, "Print the result as JSON");
  import->callback([options, &context] {
    Result<app::ImportedProtocol> imported = Import(context.env, *options);
  if (!imported) return ReportError(context, "protocol import", options->json, imported.error());
  const app::ProtocolKey& key = imported->key;
  if (options->json) {
    nlohmann::ordered_json out = {{"id", key.id},
                                  {"version", key.version},
                                  {"title", imported->title},
                                  {"stored", imported->stored},
                                  {"activated_for", options->activate}};
    context.env.out << out.dump() << "\n";
  } else {
    context.env.out << (imported->stored ? "stored protocol " : "protocol ") << key.id
                    << " version " << key.version << (imported->stored ? "" : " is stored already")
                    << "\n";
    for (std::int64_t clinic : options->activate) {
      context.env.out << "clinic " << clinic << " now starts new courses on it\n";
    }
  }
  context.exit_code = 0;
});
}  // namespace

std::string FormatNumber(double value) {
  std::array<char, 64> buffer{};
  auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) return "?";
  return std::string(buffer.data(), end);
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string Count(int count, std::string_view singular, std::string_view plural) {
  return std::to_string(count) + " " + std::string(count == 1 ? singular : plural);
}

// "2 sessions a week, at least 2 days apart"; "every 2 weeks until week 18, then every 4 weeks
// until week 26".
std::string DescribeCadence(const protocol::Phase& phase) {
  const protocol::Cadence& cadence = phase.cadence;
  if (cadence.sessions_per_week > 0) {
    std::string out = Count(cadence.sessions_per_week, "session", "sessions") + " a week";
    if (cadence.min_days_between_sessions > 0) {
      out += ", at least " + Count(cadence.min_days_between_sessions, "day", "days") + " apart";
    }
    return out;
  }
  std::string out;
  for (const protocol::IntervalStep& step : cadence.interval_steps) {
    if (!out.empty()) out += ", then ";
    out += step.interval_weeks == 1 ? std::string("every week")
                                    : "every " + std::to_string(step.interval_weeks) + " weeks";
    out += " until week " + std::to_string(step.until_week.value_or(phase.end_week));
  }
  return out;
}

std::string DescribeDose(const protocol::Dose& dose) {
  std::vector<std::string> parts;
  if (dose.sets.has_value() && dose.reps.has_value()) {
    parts.push_back(Count(*dose.sets, "set", "sets") + " x " + Count(*dose.reps, "rep", "reps"));
  } else if (dose.sets.has_value()) {
    parts.push_back(Count(*dose.sets, "set", "sets"));
  } else if (dose.reps.has_value()) {
    parts.push_back(Count(*dose.reps, "rep", "reps"));
  }
  if (dose.hold_seconds.has_value()) {
    parts.push_back("hold " + std::to_string(*dose.hold_seconds) + " s");
  }
  if (dose.minutes.has_value()) parts.push_back(Count(*dose.minutes, "minute", "minutes"));
  parts.push_back(Count(dose.days_per_week, "day", "days") + " a week");
  std::string out = Join(parts, ", ");
  if (dose.is_default) out += " (default dose: the source gives none)";
  return out;
}

std::string DescribeAnchor(const protocol::Checkpoint& checkpoint) {
  if (checkpoint.at_baseline) return "before the first session";
  if (checkpoint.after_session.has_value()) {
    return "after session " + std::to_string(*checkpoint.after_session);
  }
  if (checkpoint.week.has_value()) return "at week " + std::to_string(*checkpoint.week);
  return "unanchored";
}

std::string Pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

void PrintTimeline(const protocol::Protocol& p, std::ostream& out) {
  out << p.title << "\n";
  out << "  protocol " << p.id << ", version " << p.version << "\n";
  out << "  condition: " << p.condition << "\n";
  for (const protocol::ConditionCode& code : p.condition_codes) {
    out << "  code: " << code.system << " " << code.code;
    if (!code.display.empty()) out << " (" << code.display << ")";
    out << "\n";
  }
  out << "  source: " << p.source << "\n";
  out << "  session length: " << p.session_minutes << " minutes\n";

  out << "\nTimeline (weeks from the course start; a phase ends where the next begins)\n";
  for (const protocol::Phase& phase : p.phases) {
    const std::string weeks =
        "weeks " + std::to_string(phase.start_week) + "-" + std::to_string(phase.end_week);
    const std::string indent(15, ' ');
    out << "  " << Pad(weeks, 13) << phase.name << " [" << phase.id << "]\n";
    out << indent << DescribeCadence(phase) << "\n";
    out << indent << "expected pain reduction: ";
    if (phase.expected_reduction.has_value()) {
      out << FormatNumber(phase.expected_reduction->min_percent) << "-"
          << FormatNumber(phase.expected_reduction->max_percent) << " %\n";
    } else {
      out << "no figure given\n";
    }
    if (!phase.goals.empty()) out << indent << "goals: " << Join(phase.goals, "; ") << "\n";
  }

  out << "\nTechniques\n";
  for (const protocol::Technique& technique : p.techniques) {
    out << "  " << technique.name << " [" << technique.id << "]\n";
    out << "    targets: " << Join(technique.targets, ", ") << "\n";
    if (!technique.direction.empty()) out << "    direction: " << technique.direction << "\n";
    if (technique.hold_seconds.has_value()) {
      out << "    hold: " << technique.hold_seconds->min << "-" << technique.hold_seconds->max
          << " seconds per point\n";
    }
    out << "    pressure: " << technique.pressure
        << (technique.deep_pressure ? " (deep pressure)" : "") << "\n";
    if (!technique.aims.empty()) out << "    aims: " << Join(technique.aims, "; ") << "\n";
    for (const protocol::Precaution& precaution : technique.precautions) {
      out << "    precaution: " << precaution.condition << ": "
          << (precaution.action == protocol::PrecautionAction::kDisable ? "do not use" : "modify");
      if (!precaution.note.empty()) out << " (" << precaution.note << ")";
      out << "\n";
    }
  }

  if (!p.home_program.empty()) {
    out << "\nHome program\n";
    for (const protocol::HomeExercise& exercise : p.home_program) {
      std::string kind;
      switch (exercise.kind) {
        case protocol::HomeExerciseKind::kPosture:
          kind = "posture, " + exercise.context;
          break;
        case protocol::HomeExerciseKind::kCore:
          kind = "core";
          break;
        case protocol::HomeExerciseKind::kRebalancing:
          kind = "rebalancing, " + exercise.action;
          break;
      }
      out << "  " << exercise.name << " [" << exercise.id << "] (" << kind << ")\n";
      if (!exercise.muscle_groups.empty()) {
        out << "    muscles: " << Join(exercise.muscle_groups, ", ") << "\n";
      }
      out << "    from week " << exercise.start_week << ": " << DescribeDose(exercise.dose) << "\n";
      if (!exercise.instructions.empty()) out << "    " << exercise.instructions << "\n";
    }
  }

  if (!p.checkpoints.empty()) {
    out << "\nCheckpoints\n";
    for (const protocol::Checkpoint& checkpoint : p.checkpoints) {
      out << "  " << Pad(checkpoint.id, 14) << Pad(DescribeAnchor(checkpoint), 26)
          << Join(checkpoint.instruments, ", ") << "\n";
    }
  }

  if (!p.claims.empty()) {
    out << "\nClaims to test on the clinic's own data (never shown to patients as expectations)\n";
    for (const protocol::Claim& claim : p.claims) {
      out << "  [claim to test] " << claim.id << "\n";
      out << "    source: \"" << claim.text << "\"\n";
      const std::string responder = "a reduction of at least " +
                                    FormatNumber(claim.min_reduction_percent) + " % on " +
                                    claim.instrument + " at " + claim.checkpoint;
      if (claim.kind == "proportion" && claim.proportion.has_value()) {
        out << "    tested as: " << FormatNumber(std::round(*claim.proportion * 1000) / 10)
            << " % of patients reach " << responder << "\n";
      } else {
        out << "    tested as: more patients reach " << responder << " with " << claim.factor
            << " than without\n";
      }
    }
  }
}

// Loads FILE, or the built-in default when `file` is empty. Prints the error and sets the exit
// code on failure.
std::optional<protocol::Protocol> Load(const std::string& file, CommandContext& context) {
  Result<protocol::Protocol> result =
      file.empty() ? exchange::LoadDefaultProtocol() : exchange::LoadProtocolFile(file);
  if (!result.has_value()) {
    context.env.err << result.error().ToString() << "\n";
    context.exit_code = ExitCodeFor(result.error().code);
    return std::nullopt;
  }
  return std::move(result).value();
}

}  // namespace backcare::cli

void AddProtocolCommand(CLI::App& app, CommandContext& context) {
  CLI::App* command =
      app.add_subcommand("protocol", "Validate, show or import a treatment protocol file");
  command->require_subcommand(1);
  auto options = std::make_shared<ProtocolOptions>();

  CLI::App* validate = command->add_subcommand(
      "validate", "Check a protocol file; print every problem with its place (exit 2 if any)");
  validate->add_option("FILE", options->file, "Protocol file (TOML)")->required();
  validate->callback([options, &context] {
    std::optional<protocol::Protocol> loaded = Load(options->file, context);
    if (!loaded.has_value()) return;
    context.env.out << options->file << ": valid (protocol " << loaded->id << " version "
                    << loaded->version << ")\n";
    context.exit_code = 0;
  });

  CLI::App* show = command->add_subcommand(
      "show", "Print a protocol as a timeline (the built-in default when FILE is omitted)");
  show->add_option("FILE", options->file, "Protocol file (TOML); default: the built-in protocol");
  show->add_flag("--json", options->json, "Print the protocol as JSON");
  show->callback([options, &context] {
    std::optional<protocol::Protocol> loaded = Load(options->file, context);
    if (!loaded.has_value()) return;
    if (options->json) {
      context.env.out << exchange::ProtocolToJson(*loaded) << "\n";
    } else {
      PrintTimeline(*loaded, context.env.out);
    }
    context.exit_code = 0;
  });
  AddImport(*command, context);
}

}  // namespace backcare::cli
