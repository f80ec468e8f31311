// The treatment protocol as a value: phases with cadence and expected outcome bands, techniques
// with their parameters and precautions, the home program, assessment checkpoints, and the
// source's outcome claims (stored as hypotheses to test against clinic data, never shown to
// patients as expectations). A Protocol is produced by a codec (src/exchange/toml) and checked by
// ValidateProtocol (validate.h); everything downstream may assume a validated Protocol.
//
// Weeks are counted from the course start: week 0 is the first 7 days. A phase covers the
// half-open range [start_week, end_week).
#ifndef BACKCARE_CORE_PROTOCOL_PROTOCOL_H_
#define BACKCARE_CORE_PROTOCOL_PROTOCOL_H_

#include <optional>
#include <string>
#include <vector>

#include "core/base/enum_names.h"

namespace backcare::protocol {

// An inclusive range of whole numbers, e.g. a trigger-point hold of 60-90 seconds.
struct IntRange {
  int min = 0;
  int max = 0;
  friend bool operator==(const IntRange&, const IntRange&) = default;
};

// An inclusive band of percentages in [0, 100], e.g. 30-50 % pain reduction.
struct PercentBand {
  double min_percent = 0;
  double max_percent = 0;
  friend bool operator==(const PercentBand&, const PercentBand&) = default;
};

// A diagnosis code the protocol is meant for.
struct ConditionCode {
  std::string system;  // "ICD-10-CM"
  std::string code;    // "M54.50"
  std::string display;
  friend bool operator==(const ConditionCode&, const ConditionCode&) = default;
};

// One step of an interval cadence: a session every `interval_weeks` weeks from the step's start
// until `until_week` (exclusive; nullopt = the phase's end).
struct IntervalStep {
  int interval_weeks = 0;
  std::optional<int> until_week;
  friend bool operator==(const IntervalStep&, const IntervalStep&) = default;
};

// Exactly one of the two forms is set: sessions_per_week > 0 (active phases), or a non-empty
// list of interval steps (maintenance: every 2 weeks, then every 4).
struct Cadence {
  int sessions_per_week = 0;
  int min_days_between_sessions = 0;  // spacing between sessions within a phase
  std::vector<IntervalStep> interval_steps;
  friend bool operator==(const Cadence&, const Cadence&) = default;
};

struct Phase {
  std::string id;    // "initial_relief"
  std::string name;  // "Initial relief"
  int start_week = 0;
  int end_week = 0;  // exclusive
  Cadence cadence;
  // Expected pain reduction from baseline at the phase's end; nullopt when the source gives
  // none in numbers (maintenance: "pain-free movement").
  std::optional<PercentBand> expected_reduction;
  std::vector<std::string> goals;
  friend bool operator==(const Phase&, const Phase&) = default;
};

// What a screening condition does to a technique.
enum class PrecautionAction {
  kDisable,  // technique not to be used while the condition is present
  kModify,   // technique allowed with the stated modification (lighter pressure, avoid area)
};
inline constexpr EnumNames<PrecautionAction, 2> kPrecautionActionNames = {{
    {PrecautionAction::kDisable, "disable"},
    {PrecautionAction::kModify, "modify"},
}};

struct Precaution {
  std::string condition;  // a screening condition id (core/screening/catalog.h)
  PrecautionAction action = PrecautionAction::kDisable;
  std::string note;  // the modification, for kModify
  // The modification in checkable form (kModify only; session notes are refused when they break
  // it): the firmest pressure allowed, a session::Pressure name ("light"; empty = no limit), and
  // the areas not to be worked on (matched against a note's strip regions, trigger-point muscles
  // and release areas, e.g. "sciatic_notch", "scar_tissue").
  std::string max_pressure{};
  std::vector<std::string> avoid_areas{};
  friend bool operator==(const Precaution&, const Precaution&) = default;
};

struct Technique {
  std::string id;                        // "trigger_point"
  std::string name;                      // "Trigger point therapy"
  std::vector<std::string> targets;      // tissues/regions: "quadratus_lumborum"
  std::string direction;                 // "sacrum_to_neck"; empty when not directional
  std::optional<IntRange> hold_seconds;  // per trigger point
  std::string pressure;                  // "deep", "sustained", "gentle_traction"
  bool deep_pressure = false;            // disabled by default under `modify` screening decisions
  std::vector<std::string> aims;         // what it is for, in the source's words
  std::vector<Precaution> precautions;
  friend bool operator==(const Technique&, const Technique&) = default;
};

enum class HomeExerciseKind { kPosture, kCore, kRebalancing };
inline constexpr EnumNames<HomeExerciseKind, 3> kHomeExerciseKindNames = {{
    {HomeExerciseKind::kPosture, "posture"},
    {HomeExerciseKind::kCore, "core"},
    {HomeExerciseKind::kRebalancing, "rebalancing"},
}};

// How much of an exercise; unset fields do not apply to it.
struct Dose {
  std::optional<int> sets;
  std::optional<int> reps;
  std::optional<int> hold_seconds;
  std::optional<int> minutes;
  int days_per_week = 7;
  // True when the source gives no dose and backcare's documented default is used.
  bool is_default = false;
  friend bool operator==(const Dose&, const Dose&) = default;
};

struct HomeExercise {
  std::string id;
  std::string name;
  HomeExerciseKind kind = HomeExerciseKind::kPosture;
  std::string context;  // posture: "sitting", "standing", "sleeping"; else empty
  // Rebalancing: "release" a dominant group or "strengthen" an opposing one; else empty.
  std::string action;
  std::vector<std::string> muscle_groups;
  std::string instructions;
  Dose dose;
  int start_week = 0;
  friend bool operator==(const HomeExercise&, const HomeExercise&) = default;
};

// When an assessment falls due. Exactly one anchor is set.
struct Checkpoint {
  std::string id;                    // "baseline", "session_6", "week_4", "week_12", "followup_3m"
  bool at_baseline = false;          // before the first session
  std::optional<int> after_session;  // after the Nth attended session
  std::optional<int> week;           // at the end of course week N
  std::vector<std::string> instruments;  // instrument ids: "nprs", "odi", ...
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// An outcome claim from the source, to be tested on the clinic's own data.
// kind "proportion": `proportion` of patients reach `min_reduction_percent` on `instrument`
// at `checkpoint`. kind "comparison": responders are more frequent in the group with
// `factor` (e.g. "core_exercise_adherence") than without it.
struct Claim {
  std::string id;
  std::string text;  // the source's words
  std::string kind;  // "proportion" | "comparison"
  std::string instrument;
  std::string checkpoint;
  double min_reduction_percent = 0;
  std::optional<double> proportion;  // 0..1, for "proportion"
  std::string factor;                // for "comparison"
  friend bool operator==(const Claim&, const Claim&) = default;
};

struct Protocol {
  std::string id;   // "deep-tissue-chronic-low-back-pain"
  int version = 0;  // increases with every change to the file
  std::string title;
  std::string condition;
  std::vector<ConditionCode> condition_codes;
  std::string source;  // citation of where the numbers come from
  int session_minutes = 0;
  std::vector<Phase> phases;
  std::vector<Technique> techniques;
  std::vector<HomeExercise> home_program;
  std::vector<Checkpoint> checkpoints;
  std::vector<Claim> claims;
  friend bool operator==(const Protocol&, const Protocol&) = default;
};

}  // namespace backcare::protocol

#endif  // BACKCARE_CORE_PROTOCOL_PROTOCOL_H_
