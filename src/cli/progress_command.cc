// `backcare progress --week W --reduction PCT [--protocol FILE] [--json]`: the expected
// pain-reduction band at week W of the course and where a patient with PCT % reduction from
// baseline stands (core/progress/trajectory.h). W and PCT are numbers with at most two decimals;
// PCT may be negative (worse than baseline). The protocol is FILE, or the built-in default.
//
// --json: {"protocol":"ID","week":8.0,"reduction_percent":40.0,"expected_min_percent":45.0,
//          "expected_max_percent":65.0,"status":"behind","checkpoint_week":4,
//          "checkpoint_min_percent":30.0}
// After the protocol's last banded checkpoint there is no band: expected_* are null and the
// status is no_band (or off_track below the checkpoint in force, which checkpoint_* then name).
// Exit 0 whatever the status. Invalid input exits 2 with {"status":"invalid_input","message":...}
// (and "errors" for a protocol file's problems) on stdout under --json, else the message on
// stderr.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "core/base/result.h"
#include "core/instrument/decimal.h"
#include "core/progress/trajectory.h"
#include "core/protocol/protocol.h"
#include "exchange/toml/protocol_toml.h"

namespace backcare::cli {
namespace {

using instrument::Decimal2;
using Json = nlohmann::ordered_json;

struct ProgressOptions {
  std::string week;
  std::string reduction;
  std::string protocol_file;
  bool json = false;
};

// "8" for whole weeks, "2.50" otherwise.
std::string WeekText(Decimal2 week) {
  return week.is_whole() ? std::to_string(week.whole()) : week.ToString();
}

void Print(const std::string& protocol_id, const progress::ProgressAssessment& assessment,
           bool json, std::ostream& out) {
  if (json) {
    Json result;
    result["protocol"] = protocol_id;
    result["week"] = assessment.week.ToDouble();
    result["reduction_percent"] = assessment.reduction_percent.ToDouble();
    if (assessment.expected) {
      result["expected_min_percent"] = assessment.expected->min_percent.ToDouble();
      result["expected_max_percent"] = assessment.expected->max_percent.ToDouble();
    } else {
      result["expected_min_percent"] = nullptr;
      result["expected_max_percent"] = nullptr;
    }
    result["status"] = std::string(progress::ProgressStatusName(assessment.status));
    result["checkpoint_week"] = assessment.checkpoint.week;
    result["checkpoint_min_percent"] = assessment.checkpoint.min_percent.ToDouble();
    out << result.dump() << "\n";
    return;
  }
  out << "week " << WeekText(assessment.week) << ": ";
  if (assessment.expected) {
    out << "expected pain reduction " << assessment.expected->min_percent.ToString() << "-"
        << assessment.expected->max_percent.ToString() << " %\n";
  } else {
    out << "the protocol gives no expected band\n";
  }
  out << "reduction " << assessment.reduction_percent.ToString()
      << " %: " << progress::ProgressStatusName(assessment.status) << "\n";
  if (assessment.status == progress::ProgressStatus::kOffTrack) {
    out << "off track: less than " << assessment.checkpoint.min_percent.ToString()
        << " % reduction at or after week " << assessment.checkpoint.week
        << ": re-assess or refer\n";
  }
}

void RunProgress(const ProgressOptions& options, CommandContext& context) {
  Result<Decimal2> week = instrument::ParseDecimal2(options.week);
  if (!week.has_value()) {
    ReportError(context, "progress", options.json, InvalidInput("--week: " + week.error().message));
    return;
  }
  Result<Decimal2> reduction = instrument::ParseDecimal2(options.reduction);
  if (!reduction.has_value()) {
    ReportError(context, "progress", options.json,
                InvalidInput("--reduction: " + reduction.error().message));
    return;
  }
  Result<protocol::Protocol> protocol = options.protocol_file.empty()
                                            ? exchange::LoadDefaultProtocol()
                                            : exchange::LoadProtocolFile(options.protocol_file);
  if (!protocol.has_value()) {
    ReportError(context, "progress", options.json, protocol.error());
    return;
  }
  Result<progress::ProgressAssessment> assessment =
      progress::AssessProgress(*protocol, *week, *reduction);
  if (!assessment.has_value()) {
    Error error = std::move(assessment).error();
    if (error.message.starts_with("week:")) error.message = "--" + error.message;
    ReportError(context, "progress", options.json, error);
    return;
  }
  Print(protocol->id, *assessment, options.json, context.env.out);
  context.exit_code = 0;
}

}  // namespace

void AddProgressCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ProgressOptions>();
  CLI::App* command = app.add_subcommand(
      "progress", "Expected pain-reduction band at a course week, and the patient's status");
  command->add_option("--week", options->week, "Weeks since the course start (e.g. 4 or 2.5)")
      ->required();
  command
      ->add_option("--reduction", options->reduction,
                   "Pain reduction from baseline in percent (negative when worse)")
      ->required();
  command->add_option("--protocol", options->protocol_file,
                      "Protocol file (TOML); default: the built-in protocol");
  command->add_flag("--json", options->json, "Print the result as JSON");
  command->callback([options, &context] { RunProgress(*options, context); });
}

}  // namespace backcare::cli
