// `backcare score INSTRUMENT ANSWERS [--json]` and
// `backcare score change INSTRUMENT --baseline B --followup F [--json]`.
//
// score: ANSWERS is comma-separated in item order, an empty field meaning a blank item
// ("odi 2,1,2,2,2,2,1,,2,2"); spaces around a field are ignored. Scored or not scorable: exit 0,
// with --json {"instrument":"odi","status":"scored","score":35.56,"band":"moderate","answered":9}
// (band null where the instrument has none; STarT Back appends "subscale", PEG "display"; not
// scorable has "status":"not_scorable" and null score, band, subscale, display). Invalid input (an
// unknown instrument, a wrong count, an answer out of range or not an integer):
// {"instrument":"odi","status":"invalid_input","message":"odi item 3: ..."} and exit 2 (without
// --json the message goes to stderr).
//
// change: baseline and follow-up are scores with at most two decimals, or for ODI raw sums
// POINTS/MAX ("20/45", classified on the exact fractions); the percentage never rounds across a
// class boundary the exact value does not reach (29.9954... prints 29.99); with --json
// {"instrument":"nprs","percent_change":30.0,"points_change":3,"class":"moderate",
//  "mcid_points":2,"mcid_met":true}; percent_change null when not evaluable, mcid_points and
// mcid_met null where no minimal important change is defined. points_change and the score are
// whole numbers for NPRS, RMDQ and STarT Back, two-decimal numbers for ODI and PEG.
#include <CLI/CLI.hpp>
#include <charconv>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "cli/commands.h"
#include "core/base/result.h"
#include "core/instrument/change.h"
#include "core/instrument/decimal.h"
#include "core/instrument/instrument.h"
#include "core/instrument/score.h"

namespace backcare::cli {
namespace {

using instrument::Answer;
using instrument::Decimal2;
using instrument::InstrumentDefinition;
using instrument::InstrumentId;
using Json = nlohmann::ordered_json;

constexpr std::string_view kInstrumentChoices = "nprs, odi, rmdq, peg or startback";

struct ScoreOptions {
  std::string instrument;
  std::string answers;
  bool answers_given = false;
  bool json = false;
  std::string change_instrument;
  std::string baseline;
  std::string followup;
  bool change_json = false;
};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Splits ANSWERS at commas and parses each field; an empty field is a blank item. The count is
// checked by the scoring function. The field text is never echoed in a message.
Result<std::vector<Answer>> ParseAnswers(const InstrumentDefinition& definition,
                                         std::string_view text) {
  std::vector<Answer> answers;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view field =
        Trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    const std::size_t index = answers.size();
    if (field.empty()) {
      answers.push_back(std::nullopt);
    } else {
      int value = 0;
      const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
      std::string problem;
      if (error == std::errc::result_out_of_range) {
        problem = "a number out of range";
      } else if (error != std::errc() || end != field.data() + field.size()) {
        problem = "text that is not an integer";
      }
      if (!problem.empty()) {
        // Name the item as the scorer would; past the last item, by its position.
        const int number = static_cast<int>(index) + 1;
        std::string expected;
        if (index < definition.items.size()) {
          expected = ": expected an integer " + std::to_string(definition.items[index].min_value) +
                     "-" + std::to_string(definition.items[index].max_value);
        } else {
          expected = ": expected an integer";
        }
        return InvalidInput(std::string(definition.name) + " item " + std::to_string(number) +
                            expected + ", got " + problem);
      }
      answers.push_back(value);
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return answers;
}

// A score or points value as JSON: an integer for whole-number instruments, else a number with
// two decimals (printed exactly: 35.56, 20.0).
Json ScoreJson(const InstrumentDefinition& definition, Decimal2 value) {
  if (definition.whole_number_score) return Json(value.whole());
  return Json(value.ToDouble());
}

std::string ScoreText(const InstrumentDefinition& definition, Decimal2 value) {
  if (definition.whole_number_score) return std::to_string(value.whole());
  return value.ToString();
}

// Prints an invalid-input result and sets exit code 2.
void ReportInvalid(CommandContext& context, bool json, std::optional<std::string_view> instrument,
                   const std::string& message) {
  if (json) {
    Json out;
    if (instrument.has_value()) out["instrument"] = std::string(*instrument);
    out["status"] = "invalid_input";
    out["message"] = message;
    context.env.out << out.dump() << "\n";
  } else {
    context.env.err << "backcare score: " << message << "\n";
  }
  context.exit_code = ExitCodeFor(ErrorCode::kInvalidInput);
}

std::optional<InstrumentId> ResolveInstrument(const std::string& name, CommandContext& context,
                                              bool json) {
  std::optional<InstrumentId> id = instrument::ParseInstrumentName(name);
  if (!id.has_value()) {
    ReportInvalid(context, json, std::nullopt,
                  "unknown instrument '" + name + "': expected " + std::string(kInstrumentChoices));
  }
  return id;
}

void PrintScore(const instrument::Score& score, const InstrumentDefinition& definition, bool json,
                std::ostream& out) {
  const bool scored = score.status == instrument::ScoreStatus::kScored;
  if (json) {
    Json result;
    result["instrument"] = std::string(definition.name);
    result["status"] = std::string(instrument::ScoreStatusName(score.status));
    result["score"] = scored ? ScoreJson(definition, *score.value) : Json(nullptr);
    result["band"] = score.band.empty() ? Json(nullptr) : Json(std::string(score.band));
    result["answered"] = score.answered;
    if (definition.id == InstrumentId::kStartBack) {
      result["subscale"] = score.subscale.has_value() ? Json(*score.subscale) : Json(nullptr);
    }
    if (definition.id == InstrumentId::kPeg) {
      result["display"] = score.display.has_value() ? Json(*score.display) : Json(nullptr);
    }
    out << result.dump() << "\n";
    return;
  }
  const std::string answered =
      std::to_string(score.answered) + " of " + std::to_string(definition.items.size()) +
      (definition.items.size() == 1 ? " item answered" : " items answered");
  out << definition.name << ": ";
  if (!scored) {
    out << "not scorable (" << answered << "; "
        << (definition.max_missing_items == 0
                ? std::string("every item is required")
                : "at most " + std::to_string(definition.max_missing_items) + " may be missing")
        << ")\n";
    return;
  }
  out << ScoreText(definition, *score.value);
  if (definition.id == InstrumentId::kStartBack) {
    out << " (" << score.band << " risk), psychosocial subscale " << *score.subscale;
  } else if (!score.band.empty()) {
    out << " (" << score.band << ")";
  }
  if (score.display.has_value()) out << " (display " << *score.display << ")";
  out << ", " << answered << "\n";
}

void RunScore(const ScoreOptions& options, CommandContext& context) {
  if (options.instrument.empty() || !options.answers_given) {
    context.env.err << "backcare score: expected INSTRUMENT and ANSWERS, or 'score change'\n"
                    << "Run 'backcare score --help' for usage.\n";
    context.exit_code = 2;
    return;
  }
  std::optional<InstrumentId> id = ResolveInstrument(options.instrument, context, options.json);
  if (!id.has_value()) return;
  const InstrumentDefinition& definition = instrument::GetInstrument(*id);
  Result<std::vector<Answer>> answers = ParseAnswers(definition, options.answers);
  if (!answers.has_value()) {
    ReportInvalid(context, options.json, definition.name, answers.error().message);
    return;
  }
  Result<instrument::Score> score = instrument::ScoreAnswers(*id, *answers);
  if (!score.has_value()) {
    ReportInvalid(context, options.json, definition.name, score.error().message);
    return;
  }
  PrintScore(*score, definition, options.json, context.env.out);
  context.exit_code = 0;
}

void PrintChange(const instrument::Change& change, const InstrumentDefinition& definition,
                 bool json, std::ostream& out) {
  if (json) {
    Json result;
    result["instrument"] = std::string(definition.name);
    result["percent_change"] =
        change.percent_change.has_value() ? Json(change.percent_change->ToDouble()) : Json(nullptr);
    result["points_change"] = ScoreJson(definition, change.points_change);
    result["class"] = std::string(instrument::ResponderClassName(change.responder_class));
    result["mcid_points"] =
        change.mcid_points.has_value() ? Json(*change.mcid_points) : Json(nullptr);
    result["mcid_met"] = change.mcid_met.has_value() ? Json(*change.mcid_met) : Json(nullptr);
    out << result.dump() << "\n";
    return;
  }
  out << definition.name << " " << ScoreText(definition, change.baseline) << " -> "
      << ScoreText(definition, change.followup) << ": improvement "
      << ScoreText(definition, change.points_change) << " points, ";
  if (change.percent_change.has_value()) {
    out << change.percent_change->ToString() << " %";
  } else {
    out << "percent not evaluable (baseline 0)";
  }
  out << ": " << instrument::ResponderClassName(change.responder_class) << "\n";
  if (change.mcid_points.has_value()) {
    out << "minimal important change " << *change.mcid_points
        << " points: " << (*change.mcid_met ? "met" : "not met") << "\n";
  } else {
    out << "minimal important change: none defined\n";
  }
}

// `--baseline POINTS/MAX --followup POINTS/MAX`: ODI raw sums, classified on the exact fractions.
void RunRawSumChange(const ScoreOptions& options, const InstrumentDefinition& definition, bool json,
                     CommandContext& context) {
  if (definition.id != InstrumentId::kOdi) {
    const std::string option =
        options.baseline.find('/') != std::string::npos ? "--baseline" : "--followup";
    ReportInvalid(context, json, definition.name,
                  option + ": a raw sum POINTS/MAX is accepted for odi only");
    return;
  }
  Result<instrument::OdiRawSum> baseline = instrument::ParseOdiRawSum(options.baseline);
  if (!baseline.has_value()) {
    ReportInvalid(context, json, definition.name, "--baseline: " + baseline.error().message);
    return;
  }
  Result<instrument::OdiRawSum> followup = instrument::ParseOdiRawSum(options.followup);
  if (!followup.has_value()) {
    ReportInvalid(context, json, definition.name, "--followup: " + followup.error().message);
    return;
  }
  PrintChange(instrument::ComputeOdiChangeFromRawSums(*baseline, *followup), definition, json,
              context.env.out);
  context.exit_code = 0;
}

void RunChange(const ScoreOptions& options, CommandContext& context) {
  const bool json = options.change_json || options.json;
  std::optional<InstrumentId> id = ResolveInstrument(options.change_instrument, context, json);
  if (!id.has_value()) return;
  const InstrumentDefinition& definition = instrument::GetInstrument(*id);
  const bool raw_sums = options.baseline.find('/') != std::string::npos ||
                        options.followup.find('/') != std::string::npos;
  if (raw_sums) {
    RunRawSumChange(options, definition, json, context);
    return;
  }
  Result<Decimal2> baseline = instrument::ParseDecimal2(options.baseline);
  if (!baseline.has_value()) {
    ReportInvalid(context, json, definition.name, "--baseline: " + baseline.error().message);
    return;
  }
  Result<Decimal2> followup = instrument::ParseDecimal2(options.followup);
  if (!followup.has_value()) {
    ReportInvalid(context, json, definition.name, "--followup: " + followup.error().message);
    return;
  }
  Result<instrument::Change> change = instrument::ComputeChange(*id, *baseline, *followup);
  if (!change.has_value()) {
    ReportInvalid(context, json, definition.name, change.error().message);
    return;
  }
  PrintChange(*change, definition, json, context.env.out);
  context.exit_code = 0;
}

}  // namespace

void AddScoreCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ScoreOptions>();
  CLI::App* score = app.add_subcommand(
      "score", "Score an outcome instrument from its answers, or the change between two scores");
  score->add_option("INSTRUMENT", options->instrument, std::string(kInstrumentChoices));
  CLI::Option* answers =
      score->add_option("ANSWERS", options->answers,
                        "Answers in item order, comma-separated; an empty field is a blank item "
                        "(e.g. 2,1,2,2,2,2,1,,2,2)");
  score->add_flag("--json", options->json, "Print the result as JSON");

  CLI::App* change = score->add_subcommand(
      "change",
      "Change from baseline to follow-up: percent, responder class, minimal important "
      "change");
  change->add_option("INSTRUMENT", options->change_instrument, "nprs, odi, rmdq or peg")
      ->required();
  change->add_option("--baseline", options->baseline, "Baseline score")->required();
  change->add_option("--followup", options->followup, "Follow-up score")->required();
  change->add_flag("--json", options->change_json, "Print the result as JSON");
  change->callback([options, &context] { RunChange(*options, context); });

  // CLI11 runs the parent's callback after the subcommand's; only one of the two forms runs.
  score->callback([options, change, answers, &context] {
    if (change->parsed()) return;
    options->answers_given = answers->count() > 0;
    RunScore(*options, context);
  });
}

}  // namespace backcare::cli
