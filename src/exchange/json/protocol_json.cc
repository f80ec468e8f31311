#include "exchange/json/protocol_json.h"

#include <climits>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/enum_names.h"
#include "exchange/protocol/document_node.h"
#include "exchange/protocol/protocol_reader.h"

namespace backcare::exchange {
namespace {

using Json = nlohmann::ordered_json;
using protocol::Protocol;

template <typename T>
Json OrNull(const std::optional<T>& value) {
  return value.has_value() ? Json(*value) : Json(nullptr);
}

Json ToJson(const protocol::Phase& phase) {
  Json steps = Json::array();
  for (const protocol::IntervalStep& step : phase.cadence.interval_steps) {
    steps.push_back(
        {{"interval_weeks", step.interval_weeks}, {"until_week", OrNull(step.until_week)}});
  }
  Json band = nullptr;
  if (phase.expected_reduction.has_value()) {
    band = {{"min_percent", phase.expected_reduction->min_percent},
            {"max_percent", phase.expected_reduction->max_percent}};
  }
  return {{"id", phase.id},
          {"name", phase.name},
          {"start_week", phase.start_week},
          {"end_week", phase.end_week},
          {"cadence",
           {{"sessions_per_week", phase.cadence.sessions_per_week},
            {"min_days_between_sessions", phase.cadence.min_days_between_sessions},
            {"interval_steps", steps}}},
          {"expected_reduction", band},
          {"goals", phase.goals}};
}

Json ToJson(const protocol::Technique& technique) {
  Json hold = nullptr;
  if (technique.hold_seconds.has_value()) {
    hold = {{"min", technique.hold_seconds->min}, {"max", technique.hold_seconds->max}};
  }
  Json precautions = Json::array();
  for (const protocol::Precaution& precaution : technique.precautions) {
    precautions.push_back({{"condition", precaution.condition},
                           {"action", NameOf(protocol::kPrecautionActionNames, precaution.action)},
                           {"note", precaution.note},
                           {"max_pressure", precaution.max_pressure},
                           {"avoid_areas", precaution.avoid_areas}});
  }
  return {{"id", technique.id},
          {"name", technique.name},
          {"targets", technique.targets},
          {"direction", technique.direction},
          {"hold_seconds", hold},
          {"pressure", technique.pressure},
          {"deep_pressure", technique.deep_pressure},
          {"aims", technique.aims},
          {"precautions", precautions}};
}

Json ToJson(const protocol::HomeExercise& exercise) {
  const protocol::Dose& dose = exercise.dose;
  return {{"id", exercise.id},
          {"name", exercise.name},
          {"kind", NameOf(protocol::kHomeExerciseKindNames, exercise.kind)},
          {"context", exercise.context},
          {"action", exercise.action},
          {"muscle_groups", exercise.muscle_groups},
          {"instructions", exercise.instructions},
          {"dose",
           {{"sets", OrNull(dose.sets)},
            {"reps", OrNull(dose.reps)},
            {"hold_seconds", OrNull(dose.hold_seconds)},
            {"minutes", OrNull(dose.minutes)},
            {"days_per_week", dose.days_per_week},
            {"is_default", dose.is_default}}},
          {"start_week", exercise.start_week}};
}

Json ToJson(const protocol::Checkpoint& checkpoint) {
  return {{"id", checkpoint.id},
          {"at_baseline", checkpoint.at_baseline},
          {"after_session", OrNull(checkpoint.after_session)},
          {"week", OrNull(checkpoint.week)},
          {"instruments", checkpoint.instruments}};
}

Json ToJson(const protocol::Claim& claim) {
  return {{"id", claim.id},
          {"text", claim.text},
          {"kind", claim.kind},
          {"instrument", claim.instrument},
          {"checkpoint", claim.checkpoint},
          {"min_reduction_percent", claim.min_reduction_percent},
          {"proportion", OrNull(claim.proportion)},
          {"factor", claim.factor}};
}

template <typename T>
Json ListToJson(const std::vector<T>& items) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(ToJson(item));
  return out;
}

// ----- Reading -----

// A node of an nlohmann tree. JSON carries no positions, so every location is empty; a null
// member counts as absent.
class JsonNode final : public DocumentNode {
 public:
  explicit JsonNode(const Json& json) : json_(json) {}

  Type type() const override {
    if (json_.is_object()) return Type::kTable;
    if (json_.is_array()) return Type::kArray;
    if (json_.is_string()) return Type::kString;
    if (json_.is_number_integer()) return Type::kInteger;  // signed or unsigned
    if (json_.is_number_float()) return Type::kFloat;
    if (json_.is_boolean()) return Type::kBoolean;
    if (json_.is_null()) return Type::kNull;
    if (json_.is_binary()) return Type::kBinary;
    return Type::kNothing;  // discarded by a parser callback
  }

  std::string Location() const override { return ""; }

  std::unique_ptr<DocumentNode> Member(std::string_view key) const override {
    auto found = json_.find(key);
    if (found == json_.end() || found->is_null()) return nullptr;
    return std::make_unique<JsonNode>(*found);
  }

  // ordered_json keeps the members in the order of the text.
  std::vector<Key> Keys() const override {
    std::vector<Key> keys;
    for (const auto& [key, value] : json_.items()) keys.push_back({key, ""});
    return keys;
  }

  std::size_t Size() const override { return json_.size(); }

  std::unique_ptr<DocumentNode> Element(std::size_t index) const override {
    return std::make_unique<JsonNode>(json_[index]);
  }

  std::string String() const override { return json_.get<std::string>(); }
  bool Bool() const override { return json_.get<bool>(); }
  double Number() const override { return json_.get<double>(); }

  std::optional<int> IntegerAsInt() const override {
    if (json_.is_number_unsigned()) {
      const std::uint64_t number = json_.get<std::uint64_t>();
      if (number > static_cast<std::uint64_t>(INT_MAX)) return std::nullopt;
      return static_cast<int>(number);
    }
    const std::int64_t number = json_.get<std::int64_t>();
    if (number < INT_MIN || number > INT_MAX) return std::nullopt;
    return static_cast<int>(number);
  }

  std::string IntegerDigits() const override {
    return json_.is_number_unsigned() ? std::to_string(json_.get<std::uint64_t>())
                                      : std::to_string(json_.get<std::int64_t>());
  }

 private:
  const Json& json_;
};

constexpr DocumentFormat kJsonFormat{"an object", "an array of objects", KeyHints::kNone};
constexpr std::string_view kJsonSummary = "invalid protocol JSON";

}  // namespace

std::string ProtocolToJson(const Protocol& protocol, int indent) {
  Json condition_codes = Json::array();
  for (const protocol::ConditionCode& code : protocol.condition_codes) {
    condition_codes.push_back(
        {{"system", code.system}, {"code", code.code}, {"display", code.display}});
  }
  const Json json = {{"id", protocol.id},
                     {"version", protocol.version},
                     {"title", protocol.title},
                     {"condition", protocol.condition},
                     {"condition_codes", condition_codes},
                     {"source", protocol.source},
                     {"session_minutes", protocol.session_minutes},
                     {"phases", ListToJson(protocol.phases)},
                     {"techniques", ListToJson(protocol.techniques)},
                     {"home_program", ListToJson(protocol.home_program)},
                     {"checkpoints", ListToJson(protocol.checkpoints)},
                     {"claims", ListToJson(protocol.claims)}};
  // Replace invalid UTF-8 rather than throw: this function never fails.
  return json.dump(indent < 0 ? -1 : indent, ' ', false, Json::error_handler_t::replace);
}

Result<Protocol> ProtocolFromJson(std::string_view json) {
  Json root;
  try {
    root = Json::parse(json);
  } catch (const Json::parse_error& error) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    std::string message = error.what();
    const std::size_t prefix_end = message.find("] ");
    if (prefix_end != std::string::npos) message.erase(0, prefix_end + 2);
    return InvalidProtocol(kJsonSummary, {FieldError{"", "", std::move(message)}});
  } catch (const Json::out_of_range&) {
    // A number beyond double's range (1e400): nlohmann throws this instead of a parse_error.
    return InvalidProtocol(kJsonSummary, {FieldError{"", "", "a number out of range"}});
  }
  const JsonNode node(root);
  if (node.type() != DocumentNode::Type::kTable) {
    return InvalidProtocol(
        kJsonSummary,
        {FieldError{"", "", "expected an object, got " + TypeName(node.type(), kJsonFormat)}});
  }
  return ReadProtocol(node, kJsonFormat, kJsonSummary);
}

}  // namespace backcare::exchange
