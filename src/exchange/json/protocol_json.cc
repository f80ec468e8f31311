#include "exchange/json/protocol_json.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/protocol/validate.h"

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
                           {"note", precaution.note}});
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

enum class Need { kRequired, kOptional };

std::string TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a float";
    case Json::value_t::binary:
      return "binary data";
    case Json::value_t::discarded:
      return "nothing";
  }
  return "an unknown value";
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// Reads the members of one JSON object; mirrors the TOML reader (exchange/toml). A null member
// counts as absent. Finish() reports members no getter asked for.
class ObjectReader {
 public:
  ObjectReader(std::vector<FieldError>& errors, const Json& object, std::string path)
      : errors_(errors), object_(object), path_(std::move(path)) {}

  void String(std::string_view key, std::string& out, Need need) {
    if (const Json* value = Find(key, need, "a string")) {
      if (value->is_string()) {
        out = value->get<std::string>();
      } else {
        WrongType(key, *value, "a string");
      }
    }
  }

  void Int(std::string_view key, int& out, Need need) {
    std::optional<int> value;
    OptionalInt(key, value, need);
    if (value.has_value()) out = *value;
  }

  void OptionalInt(std::string_view key, std::optional<int>& out, Need need = Need::kOptional) {
    const Json* value = Find(key, need, "an integer");
    if (value == nullptr) return;
    if (value->is_number_unsigned()) {
      const std::uint64_t number = value->get<std::uint64_t>();
      if (number > static_cast<std::uint64_t>(INT_MAX)) {
        OutOfRange(key, std::to_string(number));
        return;
      }
      out = static_cast<int>(number);
    } else if (value->is_number_integer()) {
      const std::int64_t number = value->get<std::int64_t>();
      if (number < INT_MIN || number > INT_MAX) {
        OutOfRange(key, std::to_string(number));
        return;
      }
      out = static_cast<int>(number);
    } else {
      WrongType(key, *value, "an integer");
    }
  }

  void Double(std::string_view key, double& out, Need need) {
    std::optional<double> value;
    OptionalDouble(key, value, need);
    if (value.has_value()) out = *value;
  }

  void OptionalDouble(std::string_view key, std::optional<double>& out,
                      Need need = Need::kOptional) {
    if (const Json* value = Find(key, need, "a number")) {
      if (value->is_number()) {
        out = value->get<double>();
      } else {
        WrongType(key, *value, "a number");
      }
    }
  }

  void Bool(std::string_view key, bool& out, Need need) {
    if (const Json* value = Find(key, need, "a boolean")) {
      if (value->is_boolean()) {
        out = value->get<bool>();
      } else {
        WrongType(key, *value, "a boolean");
      }
    }
  }

  void StringList(std::string_view key, std::vector<std::string>& out, Need need) {
    const Json* value = Find(key, need, "an array of strings");
    if (value == nullptr) return;
    if (!value->is_array()) {
      WrongType(key, *value, "an array of strings");
      return;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Json& element = (*value)[i];
      if (element.is_string()) {
        out.push_back(element.get<std::string>());
      } else {
        Fail(Child(key) + "[" + std::to_string(i) + "]",
             "expected a string, got " + TypeName(element));
      }
    }
  }

  template <typename T, std::size_t N>
  void Enum(std::string_view key, T& out, const EnumNames<T, N>& names, Need need) {
    const std::string expected = "one of " + JoinNames(names, ", ", "'");
    const Json* value = Find(key, need, expected);
    if (value == nullptr) return;
    if (!value->is_string()) {
      WrongType(key, *value, expected);
      return;
    }
    const std::string text = value->get<std::string>();
    if (std::optional<T> option = ValueOf(names, text)) {
      out = *option;
      return;
    }
    Fail(Child(key), "expected " + expected + ", got " + Quote(text));
  }

  void Object(std::string_view key, Need need, const std::function<void(ObjectReader&)>& read) {
    const Json* value = Find(key, need, "an object");
    if (value == nullptr) return;
    if (!value->is_object()) {
      WrongType(key, *value, "an object");
      return;
    }
    ObjectReader child(errors_, *value, Child(key));
    read(child);
    child.Finish();
  }

  void ObjectList(std::string_view key, Need need, const std::function<void(ObjectReader&)>& read) {
    const Json* value = Find(key, need, "an array of objects");
    if (value == nullptr) return;
    if (!value->is_array()) {
      WrongType(key, *value, "an array of objects");
      return;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Json& element = (*value)[i];
      const std::string element_path = Child(key) + "[" + std::to_string(i) + "]";
      if (!element.is_object()) {
        Fail(element_path, "expected an object, got " + TypeName(element));
        continue;
      }
      ObjectReader child(errors_, element, element_path);
      read(child);
      child.Finish();
    }
  }

  void Finish() {
    for (const auto& [key, value] : object_.items()) {
      if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
        Fail(Child(key), "unknown key " + Quote(key));
      }
    }
  }

 private:
  std::string Child(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  const Json* Find(std::string_view key, Need need, std::string_view expected) {
    known_.push_back(key);
    auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) {
      if (need == Need::kRequired) {
        Fail(Child(key), "missing required key " + Quote(key) + " (" + std::string(expected) + ")");
      }
      return nullptr;
    }
    return &*found;
  }

  void Fail(std::string path, std::string message) {
    errors_.push_back(FieldError{"", std::move(path), std::move(message)});
  }

  void WrongType(std::string_view key, const Json& value, std::string_view expected) {
    Fail(Child(key), "expected " + std::string(expected) + ", got " + TypeName(value));
  }

  void OutOfRange(std::string_view key, const std::string& number) {
    Fail(Child(key), "expected an integer between " + std::to_string(INT_MIN) + " and " +
                         std::to_string(INT_MAX) + ", got " + number);
  }

  std::vector<FieldError>& errors_;
  const Json& object_;
  std::string path_;
  std::vector<std::string_view> known_;
};

void ReadPhase(ObjectReader& in, protocol::Phase& phase) {
  in.String("id", phase.id, Need::kRequired);
  in.String("name", phase.name, Need::kRequired);
  in.Int("start_week", phase.start_week, Need::kRequired);
  in.Int("end_week", phase.end_week, Need::kRequired);
  in.Object("cadence", Need::kRequired, [&](ObjectReader& cadence) {
    cadence.Int("sessions_per_week", phase.cadence.sessions_per_week, Need::kOptional);
    cadence.Int("min_days_between_sessions", phase.cadence.min_days_between_sessions,
                Need::kOptional);
    cadence.ObjectList("interval_steps", Need::kOptional, [&](ObjectReader& step_in) {
      protocol::IntervalStep step;
      step_in.Int("interval_weeks", step.interval_weeks, Need::kRequired);
      step_in.OptionalInt("until_week", step.until_week);
      phase.cadence.interval_steps.push_back(step);
    });
  });
  in.Object("expected_reduction", Need::kOptional, [&](ObjectReader& band_in) {
    protocol::PercentBand band;
    band_in.Double("min_percent", band.min_percent, Need::kRequired);
    band_in.Double("max_percent", band.max_percent, Need::kRequired);
    phase.expected_reduction = band;
  });
  in.StringList("goals", phase.goals, Need::kOptional);
}

void ReadTechnique(ObjectReader& in, protocol::Technique& technique) {
  in.String("id", technique.id, Need::kRequired);
  in.String("name", technique.name, Need::kRequired);
  in.StringList("targets", technique.targets, Need::kRequired);
  in.String("direction", technique.direction, Need::kOptional);
  in.Object("hold_seconds", Need::kOptional, [&](ObjectReader& range_in) {
    protocol::IntRange range;
    range_in.Int("min", range.min, Need::kRequired);
    range_in.Int("max", range.max, Need::kRequired);
    technique.hold_seconds = range;
  });
  in.String("pressure", technique.pressure, Need::kRequired);
  in.Bool("deep_pressure", technique.deep_pressure, Need::kRequired);
  in.StringList("aims", technique.aims, Need::kOptional);
  in.ObjectList("precautions", Need::kOptional, [&](ObjectReader& precaution_in) {
    protocol::Precaution precaution;
    precaution_in.String("condition", precaution.condition, Need::kRequired);
    precaution_in.Enum("action", precaution.action, protocol::kPrecautionActionNames,
                       Need::kRequired);
    precaution_in.String("note", precaution.note, Need::kOptional);
    technique.precautions.push_back(std::move(precaution));
  });
}

void ReadHomeExercise(ObjectReader& in, protocol::HomeExercise& exercise) {
  in.String("id", exercise.id, Need::kRequired);
  in.String("name", exercise.name, Need::kRequired);
  in.Enum("kind", exercise.kind, protocol::kHomeExerciseKindNames, Need::kRequired);
  in.String("context", exercise.context, Need::kOptional);
  in.String("action", exercise.action, Need::kOptional);
  in.StringList("muscle_groups", exercise.muscle_groups, Need::kOptional);
  in.String("instructions", exercise.instructions, Need::kRequired);
  in.Object("dose", Need::kRequired, [&](ObjectReader& dose_in) {
    protocol::Dose& dose = exercise.dose;
    dose_in.OptionalInt("sets", dose.sets);
    dose_in.OptionalInt("reps", dose.reps);
    dose_in.OptionalInt("hold_seconds", dose.hold_seconds);
    dose_in.OptionalInt("minutes", dose.minutes);
    dose_in.Int("days_per_week", dose.days_per_week, Need::kRequired);
    dose_in.Bool("is_default", dose.is_default, Need::kOptional);
  });
  in.Int("start_week", exercise.start_week, Need::kOptional);
}

void ReadCheckpoint(ObjectReader& in, protocol::Checkpoint& checkpoint) {
  in.String("id", checkpoint.id, Need::kRequired);
  in.Bool("at_baseline", checkpoint.at_baseline, Need::kOptional);
  in.OptionalInt("after_session", checkpoint.after_session);
  in.OptionalInt("week", checkpoint.week);
  in.StringList("instruments", checkpoint.instruments, Need::kRequired);
}

void ReadClaim(ObjectReader& in, protocol::Claim& claim) {
  in.String("id", claim.id, Need::kRequired);
  in.String("text", claim.text, Need::kRequired);
  in.String("kind", claim.kind, Need::kRequired);
  in.String("instrument", claim.instrument, Need::kRequired);
  in.String("checkpoint", claim.checkpoint, Need::kRequired);
  in.Double("min_reduction_percent", claim.min_reduction_percent, Need::kRequired);
  in.OptionalDouble("proportion", claim.proportion);
  in.String("factor", claim.factor, Need::kOptional);
}

template <typename T>
std::function<void(ObjectReader&)> AppendTo(std::vector<T>& list, void (*read)(ObjectReader&, T&)) {
  return [&list, read](ObjectReader& in) {
    T item;
    read(in, item);
    list.push_back(std::move(item));
  };
}

Protocol ReadProtocol(ObjectReader& in) {
  Protocol protocol;
  in.String("id", protocol.id, Need::kRequired);
  in.Int("version", protocol.version, Need::kRequired);
  in.String("title", protocol.title, Need::kRequired);
  in.String("condition", protocol.condition, Need::kRequired);
  in.ObjectList("condition_codes", Need::kOptional, [&](ObjectReader& code_in) {
    protocol::ConditionCode code;
    code_in.String("system", code.system, Need::kRequired);
    code_in.String("code", code.code, Need::kRequired);
    code_in.String("display", code.display, Need::kOptional);
    protocol.condition_codes.push_back(std::move(code));
  });
  in.String("source", protocol.source, Need::kRequired);
  in.Int("session_minutes", protocol.session_minutes, Need::kRequired);
  in.ObjectList("phases", Need::kRequired, AppendTo(protocol.phases, &ReadPhase));
  in.ObjectList("techniques", Need::kRequired, AppendTo(protocol.techniques, &ReadTechnique));
  in.ObjectList("home_program", Need::kOptional,
                AppendTo(protocol.home_program, &ReadHomeExercise));
  in.ObjectList("checkpoints", Need::kOptional, AppendTo(protocol.checkpoints, &ReadCheckpoint));
  in.ObjectList("claims", Need::kOptional, AppendTo(protocol.claims, &ReadClaim));
  in.Finish();
  return protocol;
}

Error Invalid(std::vector<FieldError> fields) {
  const std::size_t count = fields.size();
  return InvalidInput(
      "invalid protocol JSON (" + std::to_string(count) + (count == 1 ? " problem)" : " problems)"),
      std::move(fields));
}

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
  std::vector<FieldError> errors;
  Json root;
  try {
    root = Json::parse(json);
  } catch (const Json::parse_error& error) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    std::string message = error.what();
    const std::size_t prefix_end = message.find("] ");
    if (prefix_end != std::string::npos) message.erase(0, prefix_end + 2);
    errors.push_back(FieldError{"", "", std::move(message)});
    return Invalid(std::move(errors));
  }
  if (!root.is_object()) {
    errors.push_back(FieldError{"", "", "expected an object, got " + TypeName(root)});
    return Invalid(std::move(errors));
  }
  ObjectReader reader(errors, root, "");
  Protocol protocol = ReadProtocol(reader);
  if (!errors.empty()) return Invalid(std::move(errors));
  std::vector<FieldError> problems = protocol::ValidateProtocol(protocol, protocol::SourceMap{});
  if (!problems.empty()) return Invalid(std::move(problems));
  return protocol;
}

}  // namespace backcare::exchange
