#include "exchange/toml/protocol_toml.h"

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/protocol/validate.h"
#include "exchange/toml/default_protocol.h"

namespace backcare::exchange {
namespace {

using protocol::Protocol;

enum class Need { kRequired, kOptional };

std::string TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::none:
      return "nothing";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
  }
  return "an unknown value";
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// Levenshtein distance, for "did you mean" hints on unknown keys.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Collects structural errors and the source map while a document is decoded.
class Decoder {
 public:
  explicit Decoder(std::string_view file_name) : file_name_(file_name) {}

  std::string Locate(const toml::source_region& region) const {
    return file_name_ + ":" + std::to_string(region.begin.line) + ":" +
           std::to_string(region.begin.column);
  }

  void Record(const std::string& path, const toml::source_region& region) {
    source_map_.emplace(path, Locate(region));
  }

  void Fail(const toml::source_region& region, std::string path, std::string message) {
    errors_.push_back(FieldError{Locate(region), std::move(path), std::move(message)});
  }

  std::vector<FieldError>& errors() { return errors_; }
  const protocol::SourceMap& source_map() const { return source_map_; }

 private:
  std::string file_name_;
  std::vector<FieldError> errors_;
  protocol::SourceMap source_map_;
};

// Reads the keys of one table. Every getter names a key the table may hold, so Finish() can
// report the rest as unknown. A getter leaves its output untouched when the key is absent or
// has the wrong type (after recording the error).
class TableReader {
 public:
  TableReader(Decoder& decoder, const toml::table& table, std::string path)
      : decoder_(decoder), table_(table), path_(std::move(path)) {}

  void String(std::string_view key, std::string& out, Need need) {
    if (const toml::node* node = Find(key, need, "a string")) {
      if (const auto* value = node->as_string()) {
        out = value->get();
      } else {
        WrongType(key, *node, "a string");
      }
    }
  }

  void Int(std::string_view key, int& out, Need need) {
    std::optional<int> value;
    OptionalInt(key, value, need);
    if (value.has_value()) out = *value;
  }

  void OptionalInt(std::string_view key, std::optional<int>& out, Need need = Need::kOptional) {
    if (const toml::node* node = Find(key, need, "an integer")) {
      if (const auto* value = node->as_integer()) {
        const std::int64_t number = value->get();
        if (number < INT_MIN || number > INT_MAX) {
          decoder_.Fail(node->source(), Child(key),
                        "expected an integer between " + std::to_string(INT_MIN) + " and " +
                            std::to_string(INT_MAX) + ", got " + std::to_string(number));
        } else {
          out = static_cast<int>(number);
        }
      } else {
        WrongType(key, *node, "an integer");
      }
    }
  }

  // A number: TOML integers and floats are both accepted ("30" and "30.0").
  void Double(std::string_view key, double& out, Need need) {
    std::optional<double> value;
    OptionalDouble(key, value, need);
    if (value.has_value()) out = *value;
  }

  void OptionalDouble(std::string_view key, std::optional<double>& out,
                      Need need = Need::kOptional) {
    if (const toml::node* node = Find(key, need, "a number")) {
      if (const auto* integer = node->as_integer()) {
        out = static_cast<double>(integer->get());
      } else if (const auto* floating = node->as_floating_point()) {
        out = floating->get();
      } else {
        WrongType(key, *node, "a number");
      }
    }
  }

  void Bool(std::string_view key, bool& out, Need need) {
    if (const toml::node* node = Find(key, need, "a boolean")) {
      if (const auto* value = node->as_boolean()) {
        out = value->get();
      } else {
        WrongType(key, *node, "a boolean");
      }
    }
  }

  void StringList(std::string_view key, std::vector<std::string>& out, Need need) {
    const toml::node* node = Find(key, need, "an array of strings");
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      WrongType(key, *node, "an array of strings");
      return;
    }
    const std::string path = Child(key);
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      const std::string element_path = path + "[" + std::to_string(i) + "]";
      decoder_.Record(element_path, element.source());
      if (const auto* value = element.as_string()) {
        out.push_back(value->get());
      } else {
        decoder_.Fail(element.source(), element_path,
                      "expected a string, got " + TypeName(element.type()));
      }
    }
  }

  // One of `names`, stored as the matching value of `values`.
  template <typename T, std::size_t N>
  void Enum(std::string_view key, T& out, const EnumNames<T, N>& names, Need need) {
    const std::string expected = "one of " + JoinNames(names, ", ", "'");
    const toml::node* node = Find(key, need, expected);
    if (node == nullptr) return;
    const auto* value = node->as_string();
    if (value == nullptr) {
      WrongType(key, *node, expected);
      return;
    }
    if (std::optional<T> option = ValueOf(names, value->get())) {
      out = *option;
      return;
    }
    decoder_.Fail(node->source(), Child(key),
                  "expected " + expected + ", got " + Quote(value->get()));
  }

  // Calls `read` with a reader for the sub-table at `key`, then checks its keys.
  void Table(std::string_view key, Need need, const std::function<void(TableReader&)>& read) {
    const toml::node* node = Find(key, need, "a table");
    if (node == nullptr) return;
    const toml::table* table = node->as_table();
    if (table == nullptr) {
      WrongType(key, *node, "a table");
      return;
    }
    TableReader child(decoder_, *table, Child(key));
    read(child);
    child.Finish();
  }

  // Calls `read` for each table of the array at `key` (`[[key]]` or `key = [{...}, ...]`).
  void TableList(std::string_view key, Need need, const std::function<void(TableReader&)>& read) {
    const toml::node* node = Find(key, need, "an array of tables");
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      WrongType(key, *node, "an array of tables");
      return;
    }
    const std::string path = Child(key);
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      const std::string element_path = path + "[" + std::to_string(i) + "]";
      decoder_.Record(element_path, element.source());
      const toml::table* table = element.as_table();
      if (table == nullptr) {
        decoder_.Fail(element.source(), element_path,
                      "expected a table, got " + TypeName(element.type()));
        continue;
      }
      TableReader child(decoder_, *table, element_path);
      read(child);
      child.Finish();
    }
  }

  // Reports every key no getter asked for, in the order they appear in the file.
  void Finish() {
    std::vector<std::pair<const toml::key*, std::string>> unknown;
    for (const auto& [key, node] : table_) {
      if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
      std::string message = "unknown key " + Quote(key.str());
      std::string_view closest;
      std::size_t best = 3;  // suggest only within two edits
      for (std::string_view candidate : known_) {
        const std::size_t distance = EditDistance(key.str(), candidate);
        if (distance < best) {
          best = distance;
          closest = candidate;
        }
      }
      if (!closest.empty()) message += " (did you mean " + Quote(closest) + "?)";
      unknown.emplace_back(&key, std::move(message));
    }
    std::sort(unknown.begin(), unknown.end(), [](const auto& a, const auto& b) {
      const toml::source_position& pa = a.first->source().begin;
      const toml::source_position& pb = b.first->source().begin;
      return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
    });
    for (auto& [key, message] : unknown) {
      decoder_.Fail(key->source(), Child(key->str()), std::move(message));
    }
  }

 private:
  std::string Child(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  // The node at `key`, recorded in the source map; nullptr when absent (an error if required).
  const toml::node* Find(std::string_view key, Need need, std::string_view expected) {
    known_.push_back(key);
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      if (need == Need::kRequired) {
        decoder_.Fail(table_.source(), Child(key),
                      "missing required key " + Quote(key) + " (" + std::string(expected) + ")");
      }
      return nullptr;
    }
    decoder_.Record(Child(key), node->source());
    return node;
  }

  void WrongType(std::string_view key, const toml::node& node, std::string_view expected) {
    decoder_.Fail(node.source(), Child(key),
                  "expected " + std::string(expected) + ", got " + TypeName(node.type()));
  }

  Decoder& decoder_;
  const toml::table& table_;
  std::string path_;
  std::vector<std::string_view> known_;
};

void ReadPhase(TableReader& in, protocol::Phase& phase) {
  in.String("id", phase.id, Need::kRequired);
  in.String("name", phase.name, Need::kRequired);
  in.Int("start_week", phase.start_week, Need::kRequired);
  in.Int("end_week", phase.end_week, Need::kRequired);
  in.Table("cadence", Need::kRequired, [&](TableReader& cadence) {
    cadence.Int("sessions_per_week", phase.cadence.sessions_per_week, Need::kOptional);
    cadence.Int("min_days_between_sessions", phase.cadence.min_days_between_sessions,
                Need::kOptional);
    cadence.TableList("interval_steps", Need::kOptional, [&](TableReader& step_in) {
      protocol::IntervalStep step;
      step_in.Int("interval_weeks", step.interval_weeks, Need::kRequired);
      step_in.OptionalInt("until_week", step.until_week);
      phase.cadence.interval_steps.push_back(step);
    });
  });
  in.Table("expected_reduction", Need::kOptional, [&](TableReader& band_in) {
    protocol::PercentBand band;
    band_in.Double("min_percent", band.min_percent, Need::kRequired);
    band_in.Double("max_percent", band.max_percent, Need::kRequired);
    phase.expected_reduction = band;
  });
  in.StringList("goals", phase.goals, Need::kOptional);
}

void ReadTechnique(TableReader& in, protocol::Technique& technique) {
  in.String("id", technique.id, Need::kRequired);
  in.String("name", technique.name, Need::kRequired);
  in.StringList("targets", technique.targets, Need::kRequired);
  in.String("direction", technique.direction, Need::kOptional);
  in.Table("hold_seconds", Need::kOptional, [&](TableReader& range_in) {
    protocol::IntRange range;
    range_in.Int("min", range.min, Need::kRequired);
    range_in.Int("max", range.max, Need::kRequired);
    technique.hold_seconds = range;
  });
  in.String("pressure", technique.pressure, Need::kRequired);
  in.Bool("deep_pressure", technique.deep_pressure, Need::kRequired);
  in.StringList("aims", technique.aims, Need::kOptional);
  in.TableList("precautions", Need::kOptional, [&](TableReader& precaution_in) {
    protocol::Precaution precaution;
    precaution_in.String("condition", precaution.condition, Need::kRequired);
    precaution_in.Enum("action", precaution.action, protocol::kPrecautionActionNames,
                       Need::kRequired);
    precaution_in.String("note", precaution.note, Need::kOptional);
    technique.precautions.push_back(std::move(precaution));
  });
}

void ReadHomeExercise(TableReader& in, protocol::HomeExercise& exercise) {
  in.String("id", exercise.id, Need::kRequired);
  in.String("name", exercise.name, Need::kRequired);
  in.Enum("kind", exercise.kind, protocol::kHomeExerciseKindNames, Need::kRequired);
  in.String("context", exercise.context, Need::kOptional);
  in.String("action", exercise.action, Need::kOptional);
  in.StringList("muscle_groups", exercise.muscle_groups, Need::kOptional);
  in.String("instructions", exercise.instructions, Need::kRequired);
  in.Table("dose", Need::kRequired, [&](TableReader& dose_in) {
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

void ReadCheckpoint(TableReader& in, protocol::Checkpoint& checkpoint) {
  in.String("id", checkpoint.id, Need::kRequired);
  in.Bool("at_baseline", checkpoint.at_baseline, Need::kOptional);
  in.OptionalInt("after_session", checkpoint.after_session);
  in.OptionalInt("week", checkpoint.week);
  in.StringList("instruments", checkpoint.instruments, Need::kRequired);
}

void ReadClaim(TableReader& in, protocol::Claim& claim) {
  in.String("id", claim.id, Need::kRequired);
  in.String("text", claim.text, Need::kRequired);
  in.String("kind", claim.kind, Need::kRequired);
  in.String("instrument", claim.instrument, Need::kRequired);
  in.String("checkpoint", claim.checkpoint, Need::kRequired);
  in.Double("min_reduction_percent", claim.min_reduction_percent, Need::kRequired);
  in.OptionalDouble("proportion", claim.proportion);
  in.String("factor", claim.factor, Need::kOptional);
}

// Appends one element to `list` per table and reads it.
template <typename T>
std::function<void(TableReader&)> AppendTo(std::vector<T>& list, void (*read)(TableReader&, T&)) {
  return [&list, read](TableReader& in) {
    T item;
    read(in, item);
    list.push_back(std::move(item));
  };
}

Protocol ReadProtocol(TableReader& in) {
  Protocol protocol;
  in.String("id", protocol.id, Need::kRequired);
  in.Int("version", protocol.version, Need::kRequired);
  in.String("title", protocol.title, Need::kRequired);
  in.String("condition", protocol.condition, Need::kRequired);
  in.TableList("condition_codes", Need::kOptional, [&](TableReader& code_in) {
    protocol::ConditionCode code;
    code_in.String("system", code.system, Need::kRequired);
    code_in.String("code", code.code, Need::kRequired);
    code_in.String("display", code.display, Need::kOptional);
    protocol.condition_codes.push_back(std::move(code));
  });
  in.String("source", protocol.source, Need::kRequired);
  in.Int("session_minutes", protocol.session_minutes, Need::kRequired);
  in.TableList("phases", Need::kRequired, AppendTo(protocol.phases, &ReadPhase));
  in.TableList("techniques", Need::kRequired, AppendTo(protocol.techniques, &ReadTechnique));
  in.TableList("home_program", Need::kOptional, AppendTo(protocol.home_program, &ReadHomeExercise));
  in.TableList("checkpoints", Need::kOptional, AppendTo(protocol.checkpoints, &ReadCheckpoint));
  in.TableList("claims", Need::kOptional, AppendTo(protocol.claims, &ReadClaim));
  in.Finish();
  return protocol;
}

Error Invalid(std::string_view file_name, std::vector<FieldError> fields) {
  const std::size_t count = fields.size();
  return InvalidInput(std::string(file_name) + ": invalid protocol (" + std::to_string(count) +
                          (count == 1 ? " problem)" : " problems)"),
                      std::move(fields));
}

}  // namespace

Result<Protocol> ParseProtocolToml(std::string_view text, std::string_view file_name) {
  Decoder decoder(file_name);
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    decoder.Fail(error.source(), "", std::string(error.description()));
    return Invalid(file_name, std::move(decoder.errors()));
  }
  decoder.Record("", root.source());
  TableReader reader(decoder, root, "");
  Protocol protocol = ReadProtocol(reader);
  if (!decoder.errors().empty()) return Invalid(file_name, std::move(decoder.errors()));
  std::vector<FieldError> problems = protocol::ValidateProtocol(protocol, decoder.source_map());
  if (!problems.empty()) return Invalid(file_name, std::move(problems));
  return protocol;
}

Result<Protocol> LoadDefaultProtocol() {
  return ParseProtocolToml(DefaultProtocolToml(), kDefaultProtocolName);
}

Result<Protocol> LoadProtocolFile(const std::string& path) {
  auto fail = [&path](int error_number) {
    return InvalidInput("cannot read protocol file '" + path + "': " + std::strerror(error_number));
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (file == nullptr) return fail(errno);
  std::string text;
  char buffer[8192];
  while (true) {
    const std::size_t read = std::fread(buffer, 1, sizeof buffer, file.get());
    text.append(buffer, read);
    if (read < sizeof buffer) break;
  }
  if (std::ferror(file.get())) return fail(errno);
  return ParseProtocolToml(text, path);
}

}  // namespace backcare::exchange
