#include "core/protocol/validate.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <system_error>
#include <utility>

#include "core/screening/catalog.h"
#include "core/session/session_note.h"

namespace backcare::protocol {
namespace {

constexpr std::array<std::string_view, 5> kInstruments = {"nprs", "odi", "rmdq", "peg",
                                                          "startback"};
constexpr std::array<std::string_view, 3> kPostureContexts = {"sitting", "standing", "sleeping"};
constexpr std::array<std::string_view, 2> kRebalancingActions = {"release", "strengthen"};

// The shortest text that reads back as `value` ("30", "0.8", "12.5").
std::string FormatNumber(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::array<char, 64> buffer{};
  auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) return "?";
  return std::string(buffer.data(), end);
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// "'a', 'b', 'c'"
std::string QuoteList(std::span<const std::string_view> items) {
  std::string out;
  for (std::string_view item : items) {
    if (!out.empty()) out += ", ";
    out += Quote(item);
  }
  return out;
}

// "a, b, c", or "none".
std::string JoinPlain(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

bool Contains(std::span<const std::string_view> items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string Index(std::string_view list, std::size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

// Collects field errors, locating each through the source map.
class Problems {
 public:
  explicit Problems(const SourceMap& source_map) : source_map_(source_map) {}

  void Add(const std::string& path, std::string message) {
    errors_.push_back(FieldError{LocateField(source_map_, path), path, std::move(message)});
  }

  void CheckNonEmpty(const std::string& path, const std::string& value) {
    if (value.empty()) Add(path, "expected a non-empty string, got ''");
  }

  void CheckId(const std::string& path, const std::string& id) {
    if (id.empty()) {
      Add(path, "expected a non-empty id, got ''");
    } else if (!std::all_of(id.begin(), id.end(), IsIdChar)) {
      Add(path, "expected lower-case letters, digits, '_' or '-', got " + Quote(id));
    }
  }

  void CheckPositive(const std::string& path, int value) {
    if (value <= 0) Add(path, "expected > 0, got " + std::to_string(value));
  }

  void CheckPositive(const std::string& path, const std::optional<int>& value) {
    if (value.has_value()) CheckPositive(path, *value);
  }

  std::vector<FieldError> Take() { return std::move(errors_); }

 private:
  const SourceMap& source_map_;
  std::vector<FieldError> errors_;
};

// Checks `ids[i]` for emptiness, characters and duplicates among ids[0..i).
template <typename T>
void CheckIds(Problems& problems, std::string_view list, const std::vector<T>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = Index(list, i) + ".id";
    problems.CheckId(path, items[i].id);
    if (items[i].id.empty()) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (items[j].id == items[i].id) {
        problems.Add(
            path, "duplicate id " + Quote(items[i].id) + " (first used by " + Index(list, j) + ")");
        break;
      }
    }
  }
}

void CheckTopLevel(Problems& problems, const Protocol& protocol) {
  problems.CheckId("id", protocol.id);
  if (protocol.version < 1) {
    problems.Add("version", "expected >= 1, got " + std::to_string(protocol.version));
  }
  problems.CheckNonEmpty("title", protocol.title);
  problems.CheckNonEmpty("condition", protocol.condition);
  problems.CheckNonEmpty("source", protocol.source);
  problems.CheckPositive("session_minutes", protocol.session_minutes);
  for (std::size_t i = 0; i < protocol.condition_codes.size(); ++i) {
    const std::string path = Index("condition_codes", i);
    problems.CheckNonEmpty(path + ".system", protocol.condition_codes[i].system);
    problems.CheckNonEmpty(path + ".code", protocol.condition_codes[i].code);
  }
}

void CheckBand(Problems& problems, const std::string& path, const PercentBand& band) {
  for (const auto& [key, value] :
       {std::pair{".min_percent", band.min_percent}, std::pair{".max_percent", band.max_percent}}) {
    if (!(value >= 0 && value <= 100)) {
      problems.Add(path + key, "expected between 0 and 100, got " + FormatNumber(value));
    }
  }
  if (band.min_percent > band.max_percent) {
    problems.Add(path, "expected min_percent <= max_percent, got min_percent " +
                           FormatNumber(band.min_percent) + " and max_percent " +
                           FormatNumber(band.max_percent));
  }
}

void CheckCadence(Problems& problems, const std::string& path, const Phase& phase) {
  const Cadence& cadence = phase.cadence;
  const bool weekly = cadence.sessions_per_week != 0;
  const bool stepped = !cadence.interval_steps.empty();
  if (weekly && stepped) {
    problems.Add(path, "expected either sessions_per_week or interval_steps, got both");
  } else if (!weekly && !stepped) {
    problems.Add(path,
                 "expected sessions_per_week between 1 and 7 or non-empty interval_steps, got "
                 "neither (sessions_per_week 0, no interval_steps)");
  }
  const int per_week = cadence.sessions_per_week;
  if (weekly && (per_week < 1 || per_week > 7)) {
    problems.Add(path + ".sessions_per_week",
                 "expected between 1 and 7, got " + std::to_string(per_week));
  }
  const int min_days = cadence.min_days_between_sessions;
  if (min_days < 0) {
    problems.Add(path + ".min_days_between_sessions",
                 "expected >= 0, got " + std::to_string(min_days));
  } else if (per_week >= 1 && per_week <= 7 && min_days * per_week > 7) {
    problems.Add(path + ".min_days_between_sessions",
                 "expected at most " + std::to_string(7 / per_week) + " for " +
                     std::to_string(per_week) + (per_week == 1 ? " session" : " sessions") +
                     " a week, got " + std::to_string(min_days));
  }
  // Each until_week must pass the last one given (or the phase's start).
  int lower = phase.start_week;
  bool lower_from_step = false;
  for (std::size_t j = 0; j < cadence.interval_steps.size(); ++j) {
    const IntervalStep& step = cadence.interval_steps[j];
    const std::string step_path = path + Index(".interval_steps", j);
    problems.CheckPositive(step_path + ".interval_weeks", step.interval_weeks);
    const bool last = j + 1 == cadence.interval_steps.size();
    if (!step.until_week.has_value()) {
      if (!last) {
        problems.Add(step_path + ".until_week",
                     "expected a week: only the last step may run to the phase's end, got none");
      }
      continue;
    }
    const int until = *step.until_week;
    if (until <= lower) {
      problems.Add(step_path + ".until_week",
                   "expected > " + std::to_string(lower) +
                       (lower_from_step ? " (the previous step's until_week)"
                                        : " (the phase's start_week)") +
                       ", got " + std::to_string(until));
    } else if (until > phase.end_week) {
      problems.Add(step_path + ".until_week", "expected <= " + std::to_string(phase.end_week) +
                                                  " (the phase's end_week), got " +
                                                  std::to_string(until));
    }
    lower = until;
    lower_from_step = true;
  }
}

void CheckPhases(Problems& problems, const Protocol& protocol) {
  const std::vector<Phase>& phases = protocol.phases;
  if (phases.empty()) {
    problems.Add("phases", "expected at least one phase, got none");
    return;
  }
  CheckIds(problems, "phases", phases);
  const PercentBand* previous_band = nullptr;
  std::size_t previous_band_index = 0;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const Phase& phase = phases[i];
    const std::string path = Index("phases", i);
    problems.CheckNonEmpty(path + ".name", phase.name);
    if (i == 0) {
      if (phase.start_week != 0) {
        problems.Add(path + ".start_week", "expected 0 (the first phase starts the course), got " +
                                               std::to_string(phase.start_week));
      }
    } else {
      const Phase& before = phases[i - 1];
      const std::string where = " (where " + Index("phases", i - 1) + " ends)";
      if (phase.start_week < before.start_week) {
        problems.Add(path + ".start_week", "expected phases in order of start_week, got " +
                                               std::to_string(phase.start_week) + " after " +
                                               Index("phases", i - 1) + " starting at " +
                                               std::to_string(before.start_week));
      } else if (phase.start_week < before.end_week) {
        problems.Add(path + ".start_week", "expected " + std::to_string(before.end_week) + where +
                                               ", got " + std::to_string(phase.start_week) +
                                               ": phases overlap");
      } else if (phase.start_week > before.end_week) {
        const int gap = phase.start_week - before.end_week;
        problems.Add(path + ".start_week", "expected " + std::to_string(before.end_week) + where +
                                               ", got " + std::to_string(phase.start_week) +
                                               ": a gap of " + std::to_string(gap) +
                                               (gap == 1 ? " week" : " weeks"));
      }
    }
    if (phase.end_week <= phase.start_week) {
      problems.Add(path + ".end_week", "expected > start_week (" +
                                           std::to_string(phase.start_week) + "), got " +
                                           std::to_string(phase.end_week));
    }
    CheckCadence(problems, path + ".cadence", phase);
    if (phase.expected_reduction.has_value()) {
      const PercentBand& band = *phase.expected_reduction;
      const std::string band_path = path + ".expected_reduction";
      CheckBand(problems, band_path, band);
      if (previous_band != nullptr) {
        const std::string before = Index("phases", previous_band_index);
        if (band.min_percent < previous_band->min_percent) {
          problems.Add(band_path + ".min_percent",
                       "expected >= " + FormatNumber(previous_band->min_percent) + " (" + before +
                           "'s min_percent; bands may not decrease), got " +
                           FormatNumber(band.min_percent));
        }
        if (band.max_percent < previous_band->max_percent) {
          problems.Add(band_path + ".max_percent",
                       "expected >= " + FormatNumber(previous_band->max_percent) + " (" + before +
                           "'s max_percent; bands may not decrease), got " +
                           FormatNumber(band.max_percent));
        }
      }
      previous_band = &band;
      previous_band_index = i;
    }
    for (std::size_t g = 0; g < phase.goals.size(); ++g) {
      problems.CheckNonEmpty(path + Index(".goals", g), phase.goals[g]);
    }
  }
}

void CheckTechniques(Problems& problems, const Protocol& protocol) {
  if (protocol.techniques.empty()) {
    problems.Add("techniques", "expected at least one technique, got none");
    return;
  }
  CheckIds(problems, "techniques", protocol.techniques);
  for (std::size_t i = 0; i < protocol.techniques.size(); ++i) {
    const Technique& technique = protocol.techniques[i];
    const std::string path = Index("techniques", i);
    problems.CheckNonEmpty(path + ".name", technique.name);
    if (technique.targets.empty()) {
      problems.Add(path + ".targets", "expected at least one target, got none");
    }
    for (std::size_t t = 0; t < technique.targets.size(); ++t) {
      problems.CheckNonEmpty(path + Index(".targets", t), technique.targets[t]);
    }
    problems.CheckNonEmpty(path + ".pressure", technique.pressure);
    if (technique.hold_seconds.has_value()) {
      const IntRange& hold = *technique.hold_seconds;
      problems.CheckPositive(path + ".hold_seconds.min", hold.min);
      if (hold.min > hold.max) {
        problems.Add(path + ".hold_seconds", "expected min <= max, got min " +
                                                 std::to_string(hold.min) + " and max " +
                                                 std::to_string(hold.max));
      }
    }
    for (std::size_t a = 0; a < technique.aims.size(); ++a) {
      problems.CheckNonEmpty(path + Index(".aims", a), technique.aims[a]);
    }
    for (std::size_t j = 0; j < technique.precautions.size(); ++j) {
      const Precaution& precaution = technique.precautions[j];
      const std::string precaution_path = path + Index(".precautions", j);
      if (screening::FindCondition(precaution.condition) == nullptr) {
        problems.Add(precaution_path + ".condition",
                     "expected a known screening condition id, got " + Quote(precaution.condition));
      } else {
        for (std::size_t k = 0; k < j; ++k) {
          if (technique.precautions[k].condition == precaution.condition) {
            problems.Add(precaution_path + ".condition",
                         "duplicate condition " + Quote(precaution.condition) + " (first in " +
                             Index("precautions", k) + ")");
            break;
          }
        }
      }
      if (precaution.action == PrecautionAction::kModify && precaution.note.empty()) {
        problems.Add(precaution_path + ".note",
                     "expected a note saying how to modify the technique, got ''");
      }
      if (!precaution.max_pressure.empty() &&
          !session::ParsePressure(precaution.max_pressure).has_value()) {
        problems.Add(
            precaution_path + ".max_pressure",
            "expected one of light, moderate, firm, deep, got " + Quote(precaution.max_pressure));
      }
      if (precaution.action == PrecautionAction::kDisable &&
          (!precaution.max_pressure.empty() || !precaution.avoid_areas.empty())) {
        problems.Add(precaution_path + ".action",
                     "max_pressure and avoid_areas modify a technique; a disabled one takes none");
      }
      for (std::size_t k = 0; k < precaution.avoid_areas.size(); ++k) {
        if (precaution.avoid_areas[k].empty()) {
          problems.Add(precaution_path + Index(".avoid_areas", k), "expected an area id, got ''");
        }
      }
    }
  }
}

void CheckHomeProgram(Problems& problems, const Protocol& protocol) {
  CheckIds(problems, "home_program", protocol.home_program);
  const int course_end = CourseEndWeek(protocol);
  for (std::size_t i = 0; i < protocol.home_program.size(); ++i) {
    const HomeExercise& exercise = protocol.home_program[i];
    const std::string path = Index("home_program", i);
    problems.CheckNonEmpty(path + ".name", exercise.name);
    const std::string_view kind_name = NameOf(kHomeExerciseKindNames, exercise.kind);
    switch (exercise.kind) {
      case HomeExerciseKind::kPosture:
        if (!Contains(kPostureContexts, exercise.context)) {
          problems.Add(path + ".context", "expected one of " + QuoteList(kPostureContexts) +
                                              " for a posture exercise, got " +
                                              Quote(exercise.context));
        }
        break;
      case HomeExerciseKind::kCore:
        break;
      case HomeExerciseKind::kRebalancing:
        if (!Contains(kRebalancingActions, exercise.action)) {
          problems.Add(path + ".action",
                       "expected 'release' or 'strengthen' for a rebalancing "
                       "exercise, got " +
                           Quote(exercise.action));
        }
        if (exercise.muscle_groups.empty()) {
          problems.Add(path + ".muscle_groups",
                       "expected at least one muscle group for a rebalancing exercise, got none");
        }
        break;
    }
    if (exercise.kind != HomeExerciseKind::kPosture && !exercise.context.empty()) {
      problems.Add(path + ".context", "expected no context for a " + std::string(kind_name) +
                                          " exercise, got " + Quote(exercise.context));
    }
    if (exercise.kind != HomeExerciseKind::kRebalancing && !exercise.action.empty()) {
      problems.Add(path + ".action", "expected no action for a " + std::string(kind_name) +
                                         " exercise, got " + Quote(exercise.action));
    }
    for (std::size_t m = 0; m < exercise.muscle_groups.size(); ++m) {
      problems.CheckNonEmpty(path + Index(".muscle_groups", m), exercise.muscle_groups[m]);
    }
    const Dose& dose = exercise.dose;
    problems.CheckPositive(path + ".dose.sets", dose.sets);
    problems.CheckPositive(path + ".dose.reps", dose.reps);
    problems.CheckPositive(path + ".dose.hold_seconds", dose.hold_seconds);
    problems.CheckPositive(path + ".dose.minutes", dose.minutes);
    if (dose.days_per_week < 1 || dose.days_per_week > 7) {
      problems.Add(path + ".dose.days_per_week",
                   "expected between 1 and 7, got " + std::to_string(dose.days_per_week));
    }
    if (exercise.start_week < 0 || (course_end > 0 && exercise.start_week >= course_end)) {
      problems.Add(path + ".start_week",
                   "expected between 0 and " + std::to_string(std::max(course_end - 1, 0)) +
                       " (the course's last week), got " + std::to_string(exercise.start_week));
    }
  }
}

void CheckInstrument(Problems& problems, const std::string& path, const std::string& id) {
  if (!Contains(kInstruments, id)) {
    problems.Add(path, "expected one of " + QuoteList(kInstruments) + ", got " + Quote(id));
  }
}

void CheckCheckpoints(Problems& problems, const Protocol& protocol) {
  CheckIds(problems, "checkpoints", protocol.checkpoints);
  const int course_end = CourseEndWeek(protocol);
  const int last_week = course_end + kMaxFollowUpWeeksAfterCourse;
  std::optional<std::size_t> baseline;
  for (std::size_t i = 0; i < protocol.checkpoints.size(); ++i) {
    const Checkpoint& checkpoint = protocol.checkpoints[i];
    const std::string path = Index("checkpoints", i);
    std::vector<std::string> anchors;
    if (checkpoint.at_baseline) anchors.push_back("at_baseline");
    if (checkpoint.after_session.has_value()) anchors.push_back("after_session");
    if (checkpoint.week.has_value()) anchors.push_back("week");
    if (anchors.size() != 1) {
      std::string found = anchors.empty() ? "none" : anchors[0];
      for (std::size_t a = 1; a < anchors.size(); ++a) {
        found += (a + 1 == anchors.size() ? " and " : ", ") + anchors[a];
      }
      problems.Add(path,
                   "expected exactly one of at_baseline, after_session or week, got " + found);
    }
    if (checkpoint.at_baseline) {
      if (baseline.has_value()) {
        problems.Add(path + ".at_baseline", "expected one baseline checkpoint, got a second (" +
                                                Index("checkpoints", *baseline) + " is the first)");
      } else {
        baseline = i;
      }
    }
    problems.CheckPositive(path + ".after_session", checkpoint.after_session);
    if (checkpoint.week.has_value() && (*checkpoint.week < 1 || *checkpoint.week > last_week)) {
      problems.Add(path + ".week", "expected between 1 and " + std::to_string(last_week) +
                                       " (up to " + std::to_string(kMaxFollowUpWeeksAfterCourse) +
                                       " weeks after the course ends at week " +
                                       std::to_string(course_end) + "), got " +
                                       std::to_string(*checkpoint.week));
    }
    if (checkpoint.instruments.empty()) {
      problems.Add(path + ".instruments", "expected at least one instrument, got none");
    }
    for (std::size_t k = 0; k < checkpoint.instruments.size(); ++k) {
      const std::string instrument_path = path + Index(".instruments", k);
      CheckInstrument(problems, instrument_path, checkpoint.instruments[k]);
      for (std::size_t l = 0; l < k; ++l) {
        if (checkpoint.instruments[l] == checkpoint.instruments[k]) {
          problems.Add(instrument_path, "duplicate instrument " + Quote(checkpoint.instruments[k]) +
                                            " (first at " + Index("instruments", l) + ")");
          break;
        }
      }
    }
  }
  if (!protocol.claims.empty() && !baseline.has_value()) {
    problems.Add("checkpoints",
                 "expected a baseline checkpoint (claims measure reduction from baseline), got "
                 "none");
  }
}

const Checkpoint* FindCheckpoint(const Protocol& protocol, std::string_view id) {
  for (const Checkpoint& checkpoint : protocol.checkpoints) {
    if (checkpoint.id == id) return &checkpoint;
  }
  return nullptr;
}

const Checkpoint* FindBaseline(const Protocol& protocol) {
  for (const Checkpoint& checkpoint : protocol.checkpoints) {
    if (checkpoint.at_baseline) return &checkpoint;
  }
  return nullptr;
}

bool Measures(const Checkpoint& checkpoint, std::string_view instrument) {
  return std::find(checkpoint.instruments.begin(), checkpoint.instruments.end(), instrument) !=
         checkpoint.instruments.end();
}

void CheckClaims(Problems& problems, const Protocol& protocol) {
  CheckIds(problems, "claims", protocol.claims);
  const Checkpoint* baseline = FindBaseline(protocol);
  for (std::size_t i = 0; i < protocol.claims.size(); ++i) {
    const Claim& claim = protocol.claims[i];
    const std::string path = Index("claims", i);
    problems.CheckNonEmpty(path + ".text", claim.text);
    const bool proportion_kind = claim.kind == "proportion";
    const bool comparison_kind = claim.kind == "comparison";
    if (!proportion_kind && !comparison_kind) {
      problems.Add(path + ".kind",
                   "expected 'proportion' or 'comparison', got " + Quote(claim.kind));
    }
    const bool known_instrument = Contains(kInstruments, claim.instrument);
    CheckInstrument(problems, path + ".instrument", claim.instrument);
    const Checkpoint* checkpoint = FindCheckpoint(protocol, claim.checkpoint);
    if (checkpoint == nullptr) {
      problems.Add(path + ".checkpoint",
                   "expected the id of a checkpoint, got " + Quote(claim.checkpoint));
    } else if (checkpoint->at_baseline) {
      problems.Add(path + ".checkpoint",
                   "expected a checkpoint after baseline, got " + Quote(claim.checkpoint));
    } else if (known_instrument && !Measures(*checkpoint, claim.instrument)) {
      problems.Add(path + ".instrument",
                   "expected an instrument measured at checkpoint " + Quote(checkpoint->id) + " (" +
                       JoinPlain(checkpoint->instruments) + "), got " + Quote(claim.instrument));
    }
    if (known_instrument && baseline != nullptr && !Measures(*baseline, claim.instrument)) {
      problems.Add(path + ".instrument", "expected an instrument measured at baseline (" +
                                             JoinPlain(baseline->instruments) + "), got " +
                                             Quote(claim.instrument));
    }
    const double reduction = claim.min_reduction_percent;
    if (!(reduction > 0 && reduction <= 100)) {
      problems.Add(path + ".min_reduction_percent",
                   "expected > 0 and <= 100, got " + FormatNumber(reduction));
    }
    if (claim.proportion.has_value() && !(*claim.proportion >= 0 && *claim.proportion <= 1)) {
      problems.Add(path + ".proportion",
                   "expected between 0 and 1, got " + FormatNumber(*claim.proportion));
    }
    if (proportion_kind) {
      if (!claim.proportion.has_value()) {
        problems.Add(path + ".proportion",
                     "expected a proportion between 0 and 1 for a 'proportion' claim, got none");
      }
      if (!claim.factor.empty()) {
        problems.Add(path + ".factor",
                     "expected no factor for a 'proportion' claim, got " + Quote(claim.factor));
      }
    } else if (comparison_kind) {
      if (claim.factor.empty()) {
        problems.Add(path + ".factor", "expected a factor for a 'comparison' claim, got ''");
      }
      if (claim.proportion.has_value()) {
        problems.Add(path + ".proportion", "expected no proportion for a 'comparison' claim, got " +
                                               FormatNumber(*claim.proportion));
      }
    }
  }
}

// "phases[1].cadence" -> "phases[1]" -> "phases" -> "".
std::string_view Parent(std::string_view path) {
  const std::size_t cut = path.find_last_of(".[");
  return cut == std::string_view::npos ? std::string_view() : path.substr(0, cut);
}

}  // namespace

std::string LocateField(const SourceMap& source_map, std::string_view path) {
  for (std::string_view at = path; !at.empty(); at = Parent(at)) {
    auto found = source_map.find(at);
    if (found != source_map.end()) return found->second;
  }
  auto root = source_map.find(std::string_view());
  return root == source_map.end() ? std::string() : root->second;
}

std::span<const std::string_view> KnownInstrumentIds() { return kInstruments; }
std::span<const std::string_view> PostureContexts() { return kPostureContexts; }
std::span<const std::string_view> RebalancingActions() { return kRebalancingActions; }

int CourseEndWeek(const Protocol& protocol) {
  int end = 0;
  for (const Phase& phase : protocol.phases) end = std::max(end, phase.end_week);
  return end;
}

std::vector<FieldError> ValidateProtocol(const Protocol& protocol, const SourceMap& source_map) {
  Problems problems(source_map);
  CheckTopLevel(problems, protocol);
  CheckPhases(problems, protocol);
  CheckTechniques(problems, protocol);
  CheckHomeProgram(problems, protocol);
  CheckCheckpoints(problems, protocol);
  CheckClaims(problems, protocol);
  return problems.Take();
}

}  // namespace backcare::protocol
