#include "exchange/protocol/protocol_reader.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/enum_names.h"
#include "core/protocol/validate.h"

namespace backcare::exchange {
namespace {

using protocol::Protocol;
using Type = DocumentNode::Type;

enum class Need { kRequired, kOptional };

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

// Collects structural errors and the source map while a document is read.
class Decoder {
 public:
  explicit Decoder(const DocumentFormat& format) : format_(format) {}

  void Record(const std::string& path, const DocumentNode& node) {
    source_map_.emplace(path, node.Location());
  }

  void Fail(std::string location, std::string path, std::string message) {
    errors_.push_back(FieldError{std::move(location), std::move(path), std::move(message)});
  }

  const DocumentFormat& format() const { return format_; }
  std::vector<FieldError>& errors() { return errors_; }
  const protocol::SourceMap& source_map() const { return source_map_; }

 private:
  const DocumentFormat& format_;
  std::vector<FieldError> errors_;
  protocol::SourceMap source_map_;
};

// Reads the keys of one table. Every getter names a key the table may hold, so Finish() can
// report the rest as unknown. A getter leaves its output untouched when the key is absent or
// has the wrong type (after recording the error).
class TableReader {
 public:
  TableReader(Decoder& decoder, const DocumentNode& table, std::string path)
      : decoder_(decoder), table_(table), path_(std::move(path)) {}

  void String(std::string_view key, std::string& out, Need need) {
    if (std::unique_ptr<DocumentNode> node = Find(key, need, "a string")) {
      if (node->type() == Type::kString) {
        out = node->String();
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
    std::unique_ptr<DocumentNode> node = Find(key, need, "an integer");
    if (node == nullptr) return;
    if (node->type() != Type::kInteger) {
      WrongType(key, *node, "an integer");
    } else if (std::optional<int> value = node->IntegerAsInt()) {
      out = *value;
    } else {
      decoder_.Fail(node->Location(), Child(key),
                    "expected an integer between " + std::to_string(INT_MIN) + " and " +
                        std::to_string(INT_MAX) + ", got " + node->IntegerDigits());
    }
  }

  // A number: integers and floats are both accepted ("30" and "30.0").
  void Double(std::string_view key, double& out, Need need) {
    std::optional<double> value;
    OptionalDouble(key, value, need);
    if (value.has_value()) out = *value;
  }

  void OptionalDouble(std::string_view key, std::optional<double>& out,
                      Need need = Need::kOptional) {
    if (std::unique_ptr<DocumentNode> node = Find(key, need, "a number")) {
      if (node->type() == Type::kInteger || node->type() == Type::kFloat) {
        out = node->Number();
      } else {
        WrongType(key, *node, "a number");
      }
    }
  }

  void Bool(std::string_view key, bool& out, Need need) {
    if (std::unique_ptr<DocumentNode> node = Find(key, need, "a boolean")) {
      if (node->type() == Type::kBoolean) {
        out = node->Bool();
      } else {
        WrongType(key, *node, "a boolean");
      }
    }
  }

  void StringList(std::string_view key, std::vector<std::string>& out, Need need) {
    ForEachElement(
        key, need, "an array of strings", "a string", Type::kString,
        [&](const DocumentNode& element, const std::string&) { out.push_back(element.String()); });
  }

  // One of `names`, stored as the matching value.
  template <typename T, std::size_t N>
  void Enum(std::string_view key, T& out, const EnumNames<T, N>& names, Need need) {
    const std::string expected = "one of " + JoinNames(names, ", ", "'");
    std::unique_ptr<DocumentNode> node = Find(key, need, expected);
    if (node == nullptr) return;
    if (node->type() != Type::kString) {
      WrongType(key, *node, expected);
      return;
    }
    const std::string text = node->String();
    if (std::optional<T> option = ValueOf(names, text)) {
      out = *option;
      return;
    }
    decoder_.Fail(node->Location(), Child(key), "expected " + expected + ", got " + Quote(text));
  }

  // Calls `read` with a reader for the sub-table at `key`, then checks its keys.
  void Table(std::string_view key, Need need, const std::function<void(TableReader&)>& read) {
    const std::string_view expected = decoder_.format().table;
    std::unique_ptr<DocumentNode> node = Find(key, need, expected);
    if (node == nullptr) return;
    if (node->type() != Type::kTable) {
      WrongType(key, *node, expected);
      return;
    }
    ReadTable(*node, Child(key), read);
  }

  // Calls `read` for each table of the array at `key`.
  void TableList(std::string_view key, Need need, const std::function<void(TableReader&)>& read) {
    ForEachElement(key, need, decoder_.format().table_list, decoder_.format().table, Type::kTable,
                   [&](const DocumentNode& element, const std::string& element_path) {
                     ReadTable(element, element_path, read);
                   });
  }

  // Reports every key no getter asked for, in document order.
  void Finish() {
    for (const DocumentNode::Key& key : table_.Keys()) {
      if (std::find(known_.begin(), known_.end(), key.name) != known_.end()) continue;
      std::string message = "unknown key " + Quote(key.name);
      if (decoder_.format().key_hints == KeyHints::kSuggest) {
        std::string_view closest;
        std::size_t best = 3;  // suggest only within two edits
        for (std::string_view candidate : known_) {
          const std::size_t distance = EditDistance(key.name, candidate);
          if (distance < best) {
            best = distance;
            closest = candidate;
          }
        }
        if (!closest.empty()) message += " (did you mean " + Quote(closest) + "?)";
      }
      decoder_.Fail(key.location, Child(key.name), std::move(message));
    }
  }

 private:
  std::string Child(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  // The node at `key`, recorded in the source map; nullptr when absent (an error if required).
  std::unique_ptr<DocumentNode> Find(std::string_view key, Need need, std::string_view expected) {
    known_.push_back(key);
    std::unique_ptr<DocumentNode> node = table_.Member(key);
    if (node == nullptr) {
      if (need == Need::kRequired) {
        decoder_.Fail(table_.Location(), Child(key),
                      "missing required key " + Quote(key) + " (" + std::string(expected) + ")");
      }
      return nullptr;
    }
    decoder_.Record(Child(key), *node);
    return node;
  }

  // Calls `read` for each element of the array at `key` that has `element_type`, with its path;
  // reports the others as "expected <element>".
  void ForEachElement(std::string_view key, Need need, std::string_view expected,
                      std::string_view element, Type element_type,
                      const std::function<void(const DocumentNode&, const std::string&)>& read) {
    std::unique_ptr<DocumentNode> node = Find(key, need, expected);
    if (node == nullptr) return;
    if (node->type() != Type::kArray) {
      WrongType(key, *node, expected);
      return;
    }
    const std::string path = Child(key);
    for (std::size_t i = 0; i < node->Size(); ++i) {
      const std::unique_ptr<DocumentNode> item = node->Element(i);
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      decoder_.Record(item_path, *item);
      if (item->type() == element_type) {
        read(*item, item_path);
      } else {
        decoder_.Fail(item->Location(), item_path,
                      "expected " + std::string(element) + ", got " +
                          TypeName(item->type(), decoder_.format()));
      }
    }
  }

  void ReadTable(const DocumentNode& table, std::string path,
                 const std::function<void(TableReader&)>& read) {
    TableReader child(decoder_, table, std::move(path));
    read(child);
    child.Finish();
  }

  void WrongType(std::string_view key, const DocumentNode& node, std::string_view expected) {
    decoder_.Fail(
        node.Location(), Child(key),
        "expected " + std::string(expected) + ", got " + TypeName(node.type(), decoder_.format()));
  }

  Decoder& decoder_;
  const DocumentNode& table_;
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
    precaution_in.String("max_pressure", precaution.max_pressure, Need::kOptional);
    precaution_in.StringList("avoid_areas", precaution.avoid_areas, Need::kOptional);
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

Protocol ReadProtocolTable(TableReader& in) {
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

}  // namespace

std::string TypeName(Type type, const DocumentFormat& format) {
  switch (type) {
    case Type::kTable:
      return std::string(format.table);
    case Type::kArray:
      return "an array";
    case Type::kString:
      return "a string";
    case Type::kInteger:
      return "an integer";
    case Type::kFloat:
      return "a float";
    case Type::kBoolean:
      return "a boolean";
    case Type::kDate:
      return "a date";
    case Type::kTime:
      return "a time";
    case Type::kDateTime:
      return "a date-time";
    case Type::kNull:
      return "null";
    case Type::kBinary:
      return "binary data";
    case Type::kNothing:
      return "nothing";
    case Type::kUnknown:
      break;
  }
  return "an unknown value";
}

Error InvalidProtocol(std::string_view summary, std::vector<FieldError> fields) {
  const std::size_t count = fields.size();
  return InvalidInput(std::string(summary) + " (" + std::to_string(count) +
                          (count == 1 ? " problem)" : " problems)"),
                      std::move(fields));
}

Result<Protocol> ReadProtocol(const DocumentNode& root, const DocumentFormat& format,
                              std::string_view summary) {
  Decoder decoder(format);
  decoder.Record("", root);
  TableReader reader(decoder, root, "");
  Protocol protocol = ReadProtocolTable(reader);
  if (!decoder.errors().empty()) return InvalidProtocol(summary, std::move(decoder.errors()));
  std::vector<FieldError> problems = protocol::ValidateProtocol(protocol, decoder.source_map());
  if (!problems.empty()) return InvalidProtocol(summary, std::move(problems));
  return protocol;
}

}  // namespace backcare::exchange
