// `backcare screen FILE.json [--protocol FILE] [--json]`: safety screening of a patient's findings
// (core/screening/screen.h) against the protocol's techniques (FILE, or the built-in default).
//
// Input (docs/instruments.md): {"findings":[{"condition":"anticoagulants"},
//                                           {"condition":"open_wound","area":"left calf"}]}
// "findings" is required (it may be empty); each finding has a required "condition" (a catalogue
// id) and an optional "area" (avoid_area conditions only). Unknown fields are rejected by path.
// Every problem is reported at once: kInvalidInput "FILE: invalid screening input (N problems)",
// exit 2; unknown top-level fields are listed first, then the findings in order. Messages never
// echo the file's text.
//
// Output (--json), exit 0 whatever the decision:
// {"decision":"modify","allows_treatment":true,
//  "reasons":[{"condition":"anticoagulants","label":"Takes anticoagulants","decision":"modify"},
//             {"condition":"open_wound","label":"Open wound","decision":"avoid_area",
//              "area":"left calf"}],
//  "tracked_signs":[],"areas_to_avoid":["left calf"],
//  "restrictions":[{"technique":"trigger_point","action":"disable","condition":"anticoagulants",
//                   "note":"..."}]}
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/base/result.h"
#include "core/protocol/protocol.h"
#include "core/screening/catalog.h"
#include "core/screening/screen.h"
#include "exchange/toml/protocol_toml.h"

namespace backcare::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ScreenOptions {
  std::string file;
  std::string protocol_file;
  bool json = false;
};

std::string JsonTypeName(const Json& value) {
  if (value.is_number()) return "number";
  if (value.is_boolean()) return "boolean";
  return value.type_name();  // "null", "string", "array", "object"
}

Error InvalidScreeningInput(const std::string& file, std::vector<FieldError> fields) {
  for (FieldError& field : fields) field.location = file;
  const std::string count =
      fields.size() == 1 ? "1 problem" : std::to_string(fields.size()) + " problems";
  return InvalidInput(file + ": invalid screening input (" + count + ")", std::move(fields));
}

// Decodes the screening document into findings, collecting every structural problem.
Result<std::vector<screening::Finding>> DecodeFindings(const std::string& file,
                                                       const std::string& text) {
  Json document;
  try {
    document = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // e.what() quotes the input; only the byte offset is reported.
    return InvalidInput(file + ": invalid JSON at byte " + std::to_string(e.byte));
  } catch (const Json::out_of_range&) {
    // A number beyond double's range (1e400): nlohmann throws this instead of a parse_error.
    return InvalidInput(file + ": invalid JSON: a number out of range");
  }
  std::vector<FieldError> errors;
  std::vector<screening::Finding> findings;
  if (!document.is_object()) {
    errors.push_back({"", "", "expected an object, got " + JsonTypeName(document)});
    return InvalidScreeningInput(file, std::move(errors));
  }
  for (const auto& [key, value] : document.items()) {
    if (key != "findings") errors.push_back({"", key, "unknown field; expected findings"});
  }
  auto list = document.find("findings");
  if (list == document.end()) {
    errors.push_back({"", "findings", "required field is missing"});
  } else if (!list->is_array()) {
    errors.push_back({"", "findings", "expected an array, got " + JsonTypeName(*list)});
  } else {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Json& item = (*list)[i];
      const std::string path = "findings[" + std::to_string(i) + "]";
      if (!item.is_object()) {
        errors.push_back({"", path, "expected an object, got " + JsonTypeName(item)});
        continue;
      }
      screening::Finding finding;
      for (const auto& [key, value] : item.items()) {
        if (key == "condition" || key == "area") {
          if (!value.is_string()) {
            errors.push_back(
                {"", path + "." + key, "expected a string, got " + JsonTypeName(value)});
          } else if (key == "condition") {
            finding.condition = value.get<std::string>();
          } else {
            finding.area = value.get<std::string>();
          }
        } else {
          errors.push_back({"", path + "." + key, "unknown field; expected condition, area"});
        }
      }
      if (!item.contains("condition")) {
        errors.push_back({"", path + ".condition", "required field is missing"});
      }
      findings.push_back(std::move(finding));
    }
  }
  if (!errors.empty()) return InvalidScreeningInput(file, std::move(errors));
  return findings;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return InvalidInput("cannot read screening file '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return InvalidInput("cannot read screening file '" + path + "': " + std::strerror(errno));
  }
  return text.str();
}

std::string ActionName(protocol::PrecautionAction action) {
  return action == protocol::PrecautionAction::kDisable ? "disable" : "modify";
}

void Print(const screening::ScreeningResult& result, bool json, std::ostream& out) {
  const bool allows = screening::AllowsTreatment(result.decision);
  if (json) {
    Json document;
    document["decision"] = std::string(screening::DecisionName(result.decision));
    document["allows_treatment"] = allows;
    Json reasons = Json::array();
    for (const screening::ScreeningReason& reason : result.reasons) {
      Json item;
      item["condition"] = reason.condition;
      item["label"] = reason.label;
      item["decision"] = std::string(screening::DecisionName(reason.decision));
      if (reason.area.has_value()) item["area"] = *reason.area;
      reasons.push_back(std::move(item));
    }
    document["reasons"] = std::move(reasons);
    document["tracked_signs"] = result.tracked_signs;
    document["areas_to_avoid"] = result.areas_to_avoid;
    Json restrictions = Json::array();
    for (const screening::TechniqueRestriction& restriction : result.restrictions) {
      Json item;
      item["technique"] = restriction.technique_id;
      item["action"] = ActionName(restriction.action);
      item["condition"] = restriction.condition;
      item["note"] = restriction.note;
      restrictions.push_back(std::move(item));
    }
    document["restrictions"] = std::move(restrictions);
    out << document.dump() << "\n";
    return;
  }
  out << "decision: " << screening::DecisionName(result.decision)
      << (allows ? " (treatment may go ahead)" : " (no treatment)") << "\n";
  for (const screening::ScreeningReason& reason : result.reasons) {
    out << "  " << screening::DecisionName(reason.decision) << ": " << reason.label << " ["
        << reason.condition << "]";
    if (reason.area.has_value()) out << " at " << *reason.area;
    out << "\n";
  }
  if (!result.tracked_signs.empty()) {
    out << "tracked signs:";
    for (const std::string& sign : result.tracked_signs) out << " " << sign;
    out << "\n";
  }
  if (!result.areas_to_avoid.empty()) {
    out << "areas to avoid:";
    for (std::size_t i = 0; i < result.areas_to_avoid.size(); ++i) {
      out << (i == 0 ? " " : "; ") << result.areas_to_avoid[i];
    }
    out << "\n";
  }
  for (const screening::TechniqueRestriction& restriction : result.restrictions) {
    out << "  " << restriction.technique_id << ": "
        << (restriction.action == protocol::PrecautionAction::kDisable ? "disabled" : "modified")
        << " (" << restriction.condition << "): " << restriction.note << "\n";
  }
}

void RunScreen(const ScreenOptions& options, CommandContext& context) {
  Result<std::string> text = ReadFile(options.file);
  if (!text.has_value()) {
    ReportError(context, "screen", options.json, text.error());
    return;
  }
  Result<std::vector<screening::Finding>> findings = DecodeFindings(options.file, *text);
  if (!findings.has_value()) {
    ReportError(context, "screen", options.json, findings.error());
    return;
  }
  Result<protocol::Protocol> protocol = options.protocol_file.empty()
                                            ? exchange::LoadDefaultProtocol()
                                            : exchange::LoadProtocolFile(options.protocol_file);
  if (!protocol.has_value()) {
    ReportError(context, "screen", options.json, protocol.error());
    return;
  }
  Result<screening::ScreeningResult> result = screening::Screen(*protocol, *findings);
  if (!result.has_value()) {
    ReportError(context, "screen", options.json,
                InvalidScreeningInput(options.file, std::move(result).error().fields));
    return;
  }
  Print(*result, options.json, context.env.out);
  context.exit_code = 0;
}

}  // namespace

void AddScreenCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ScreenOptions>();
  CLI::App* command = app.add_subcommand(
      "screen", "Safety screening: findings in, decision, reasons and technique restrictions out");
  command
      ->add_option("FILE", options->file, R"(Findings as JSON: {"findings":[{"condition":...}]})")
      ->required();
  command->add_option("--protocol", options->protocol_file,
                      "Protocol file (TOML); default: the built-in protocol");
  command->add_flag("--json", options->json, "Print the result as JSON");
  command->callback([options, &context] { RunScreen(*options, context); });
}

}  // namespace backcare::cli
