// `backcare report outcomes --db URL [--as-of YYYY-MM-DD] [--clinic ID] [--therapist ID]
// [--from D --to D] [--sciatic yes|no] [--protocol ID[@VERSION]] [--json]`: tests the protocol's
// claims on the clinic's own courses (docs/analytics.md). Prints a readable report, or with --json
// the report's JSON (exchange/json/outcomes_json.h). Bad input (a malformed date, --from after
// --to, an unknown clinic, therapist or protocol) exits 2 with a message naming the option; nothing
// is computed. Read-only.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "app/outcomes_service.h"
#include "cli/app_setup.h"
#include "cli/commands.h"
#include "core/clinic/time.h"
#include "exchange/json/outcomes_json.h"
#include "store/database.h"

namespace backcare::cli {
namespace {

struct ReportOptions {
  std::string db_url;
  std::string as_of;
  std::int64_t clinic = 0;
  std::int64_t therapist = 0;
  std::string from;
  std::string to;
  std::string sciatic;
  std::string protocol;
  bool json = false;
};

Result<std::optional<clinic::Date>> DateOption(const std::string& text, const char* option) {
  if (text.empty()) return std::optional<clinic::Date>();
  const std::optional<clinic::Date> date = clinic::ParseDate(text);
  if (!date) {
    return InvalidInput(std::string(option) + ": expected a date YYYY-MM-DD, got '" + text + "'",
                        {{"", option, "expected a date YYYY-MM-DD"}});
  }
  return date;
}

Result<app::OutcomesQuery> QueryOf(const ReportOptions& options) {
  app::OutcomesQuery query;
  ASSIGN_OR_RETURN(query.as_of, DateOption(options.as_of, "--as-of"));
  ASSIGN_OR_RETURN(query.from, DateOption(options.from, "--from"));
  ASSIGN_OR_RETURN(query.to, DateOption(options.to, "--to"));
  if (query.from && query.to && *query.from > *query.to) {
    return InvalidInput("--from " + options.from + " is after --to " + options.to,
                        {{"", "--from", "must not be after --to"}});
  }
  if (options.clinic > 0) query.clinic_id = ClinicId{options.clinic};
  if (options.therapist > 0) query.therapist_id = TherapistId{options.therapist};
  if (!options.protocol.empty()) {
    RETURN_IF_ERROR(app::ParseProtocolOption(options.protocol, "--protocol", query));
  }
  if (options.sciatic == "yes") query.sciatic = true;
  if (options.sciatic == "no") query.sciatic = false;
  return query;
}

Result<app::OutcomesResult> RunReport(CliEnvironment& env, const ReportOptions& options) {
  if (!env.open_store) return Internal("this build has no store");
  ASSIGN_OR_RETURN(app::OutcomesQuery query, QueryOf(options));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> store, env.open_store(options.db_url));
  ASSIGN_OR_RETURN(std::unique_ptr<app::ProtocolCatalog> protocols, NewProtocolCatalog());
  const SystemClock clock;
  app::AuditLog audit_log(*store);
  const app::AppContext context{*store, clock, *protocols, IanaTimeZones(), audit_log};
  Result<app::OutcomesResult> result = app::BuildOutcomes(context, query);
  if (!result && result.error().code == ErrorCode::kNotFound) {
    // An unknown clinic, therapist or protocol is a bad option here, not a missing record.
    const std::string& message = result.error().message;
    const char* option = message.find("protocol") != std::string::npos ? "--protocol"
                         : message.starts_with("therapist")            ? "--therapist"
                                                                       : "--clinic";
    return InvalidInput(message, {{"", option, message}});
  }
  return result;
}

// 9412 -> "9,412".
std::string Count(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return value < 0 ? "-" + digits : digits;
}

std::string Percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", 100 * share);
  return text;
}

// 0.8 -> "80 %" (a claimed share, as the protocol states it); 0.805 -> "80.5 %".
std::string WholePercent(double share) {
  const double percent = 100 * share;
  if (std::abs(percent - std::round(percent)) > 1e-9) return Percent(share);
  return std::to_string(std::lround(percent)) + " %";
}

std::string PercentRange(const std::optional<stats::Interval>& interval) {
  if (!interval) return "no interval";
  char text[64];
  std::snprintf(text, sizeof text, "95 %% CI %.1f–%.1f %%", 100 * interval->low,
                100 * interval->high);
  return text;
}

std::string VerdictWords(const std::string& verdict) {
  if (verdict == "below_claim") return "below the claim";
  if (verdict == "above_claim") return "above the claim";
  if (verdict == "consistent") return "consistent with the claim";
  if (verdict == "no_data") return "no course due yet";
  if (verdict == "supported") return "difference shown";
  if (verdict == "contradicted") return "the opposite difference shown";
  return "no difference shown";
}

std::string RateWords(const outcomes::Rate& rate, const char* of_what) {
  if (!rate.rate) return std::string("none of 0 ") + of_what;
  std::string what = of_what;
  if (rate.n == 1 && what.ends_with("courses")) what.pop_back();  // "1 due course"
  return Percent(*rate.rate) + " (" + PercentRange(rate.interval) + ") of " + Count(rate.n) + " " +
         what;
}

void PrintClaims(std::ostream& out, const outcomes::ClaimsReport& claims, const char* indent) {
  for (const outcomes::ClaimResult& result : claims.claims) {
    const protocol::Claim& claim = *result.claim;
    out << indent << claim.id << " (" << claim.checkpoint << ")";
    if (!claim.text.empty()) out << ": \"" << claim.text << "\"";
    out << "\n" << indent << "  ";
    if (claim.kind == "comparison") {
      out << "adherent " << RateWords(result.adherent.itt, "due courses") << " · not adherent "
          << RateWords(result.not_adherent.itt, "due courses");
      if (result.difference && result.difference_estimate) {
        char text[96];
        std::snprintf(text, sizeof text, " · difference %+.1f points (95 %% CI %+.1f to %+.1f)",
                      100 * *result.difference_estimate, 100 * result.difference->low,
                      100 * result.difference->high);
        out << text;
      }
      out << " · " << VerdictWords(result.verdict) << "\n"
          << indent << "  (an observational comparison cannot show cause)\n";
      continue;
    }
    out << "claimed " << WholePercent(claim.proportion.value_or(0)) << " · observed "
        << RateWords(result.overall.itt, "due courses") << ", " << Count(result.overall.missing)
        << " without a score · " << VerdictWords(result.verdict) << "\n";
    out << indent << "  complete case: " << RateWords(result.overall.complete_case, "scored")
        << "\n";
  }
}

void PrintBands(std::ostream& out, const std::vector<outcomes::BandCounts>& bands) {
  for (const outcomes::BandCounts& band : bands) {
    out << "  " << band.phase_id << " (" << band.checkpoint_id << ", expected "
        << band.band.min_percent << "–" << band.band.max_percent << " %): ";
    if (band.due == 0) {
      out << "no course due yet\n";
      continue;
    }
    const auto share = [&](std::int64_t count) {
      return Percent(static_cast<double>(count) / static_cast<double>(band.due));
    };
    out << "below " << share(band.below) << " · within " << share(band.within) << " · above "
        << share(band.above) << " · no score " << share(band.missing) << " of " << Count(band.due)
        << " due\n";
  }
}

void PrintGroups(std::ostream& out, const char* title,
                 const std::vector<outcomes::GroupReport>& groups,
                 const std::map<std::int64_t, std::string>& names) {
  if (groups.empty()) return;
  out << "\n" << title << "\n";
  for (const outcomes::GroupReport& group : groups) {
    const auto name = names.find(group.id);
    out << "  "
        << (group.id == 0 ? std::string("no primary therapist")
                          : (name == names.end() ? "" : name->second + " ") + "(" +
                                std::to_string(group.id) + ")")
        << ": " << Count(group.claims.courses) << " courses\n";
    for (const outcomes::ClaimResult& result : group.claims.claims) {
      if (result.claim->kind == "comparison") continue;
      out << "    " << result.claim->id << ": " << RateWords(result.overall.itt, "due courses")
          << "\n";
    }
  }
}

void PrintReport(std::ostream& out, const app::OutcomesResult& result) {
  const outcomes::OutcomesReport& report = result.report;
  out << "Outcomes report · protocol " << result.protocol->id << " v" << result.protocol->version
      << " · as of " << clinic::FormatDate(clinic::Date{report.claims.as_of}) << "\n";
  out << "Population: " << Count(report.claims.courses) << " evaluable courses ("
      << Count(report.dropouts) << " dropped out), " << Count(report.claims.not_evaluable)
      << " not evaluable (no baseline NPRS, or a baseline of 0)\n";
  out << "\nClaims, intention to treat (a due course without a score counts as no response):\n";
  PrintClaims(out, report.claims, "  ");
  const stats::KaplanMeier& curve = report.time_to_response;
  out << "\nTime to a first NPRS 30 % below baseline: ";
  if (curve.median) {
    out << "median " << *curve.median << " days";
    if (curve.median_low) {
      out << " (95 % CI " << *curve.median_low << "–"
          << (curve.median_high ? std::to_string(static_cast<std::int64_t>(*curve.median_high))
                                : std::string("not reached"))
          << ")";
    }
  } else {
    out << "median not reached";
  }
  out << "; " << Count(curve.events) << " of " << Count(curve.subjects)
      << " courses reached it, the others censored at dropout or their last score\n";
  if (!report.bands.empty()) {
    out << "\nReduction at each phase's end against the protocol's expected band:\n";
    PrintBands(out, report.bands);
  }
  PrintGroups(out, "By therapist:", report.by_therapist, result.therapist_names);
  PrintGroups(out, "By clinic:", report.by_clinic, result.clinic_names);
}

}  // namespace

void AddReportCommand(CLI::App& app, CommandContext& context) {
  CLI::App* report = app.add_subcommand("report", "Reports on the clinic's own data");
  report->require_subcommand(1);
  auto options = std::make_shared<ReportOptions>();
  CLI::App* outcomes = report->add_subcommand(
      "outcomes", "Test the protocol's claims on the clinic's courses (docs/analytics.md)");
  outcomes->add_option("--db", options->db_url, "Database URL, e.g. sqlite:demo-data/demo.db")
      ->required();
  outcomes->add_option("--as-of", options->as_of, "Report date YYYY-MM-DD (default: today)");
  outcomes->add_option("--clinic", options->clinic, "Only this clinic id")
      ->check(CLI::PositiveNumber);
  outcomes->add_option("--therapist", options->therapist, "Only this therapist id")
      ->check(CLI::PositiveNumber);
  outcomes->add_option("--from", options->from, "Courses started on or after YYYY-MM-DD");
  outcomes->add_option("--to", options->to, "Courses started on or before YYYY-MM-DD");
  outcomes
      ->add_option("--sciatic", options->sciatic,
                   "Only courses with (yes) or without (no) "
                   "sciatic signs")
      ->check(CLI::IsMember({"yes", "no"}));
  outcomes->add_option("--protocol", options->protocol,
                       "ID or ID@VERSION (default: the clinic's active protocol version)");
  outcomes->add_flag("--json", options->json, "Print the report as JSON");
  outcomes->callback([options, &context] {
    Result<app::OutcomesResult> result = RunReport(context.env, *options);
    if (!result) return ReportError(context, "report outcomes", options->json, result.error());
    if (options->json) {
      const exchange::OutcomesNames names{result->therapist_names, result->clinic_names};
      context.env.out << exchange::OutcomesReportToJson(*result->protocol, result->report, names, 2)
                      << "\n";
    } else {
      PrintReport(context.env.out, *result);
    }
    context.exit_code = 0;
  });
}

}  // namespace backcare::cli
