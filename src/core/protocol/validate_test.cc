#include "core/protocol/validate.h"

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace backcare::protocol {
namespace {

// The article's program, built in code (the file form is tested in exchange/toml).
Protocol ArticleProtocol() {
  Protocol p;
  p.id = "deep-tissue-chronic-low-back-pain";
  p.version = 1;
  p.title = "Deep tissue massage for chronic low back pain";
  p.condition = "Chronic low back pain";
  p.condition_codes = {{"ICD-10-CM", "M54.50", "Low back pain, unspecified"}};
  p.source = "\"Can it help chronic back pain?\", 2025-11-20";
  p.session_minutes = 60;

  Phase relief{"initial_relief", "Initial relief", 0, 4, {}, PercentBand{30, 50}, {}};
  relief.cadence.sessions_per_week = 2;
  relief.cadence.min_days_between_sessions = 2;
  Phase structural{"structural_change", "Structural change", 4, 12, {}, PercentBand{60, 80}, {}};
  structural.cadence.sessions_per_week = 1;
  Phase maintenance{"maintenance", "Maintenance", 12, 26, {}, std::nullopt, {}};
  maintenance.cadence.interval_steps = {{2, 18}, {4, std::nullopt}};
  p.phases = {relief, structural, maintenance};

  Technique stripping;
  stripping.id = "muscle_stripping";
  stripping.name = "Muscle stripping";
  stripping.targets = {"spinal_erectors"};
  stripping.direction = "sacrum_to_neck";
  stripping.pressure = "deep";
  stripping.deep_pressure = true;
  stripping.precautions = {
      {"recent_surgery", PrecautionAction::kModify, "avoid the scar area until healed"}};
  Technique trigger;
  trigger.id = "trigger_point";
  trigger.name = "Trigger point therapy";
  trigger.targets = {"quadratus_lumborum"};
  trigger.hold_seconds = IntRange{60, 90};
  trigger.pressure = "sustained";
  trigger.deep_pressure = true;
  p.techniques = {stripping, trigger};

  HomeExercise sitting;
  sitting.id = "sitting_posture";
  sitting.name = "Sitting posture";
  sitting.kind = HomeExerciseKind::kPosture;
  sitting.context = "sitting";
  sitting.dose.is_default = true;
  HomeExercise bridge;
  bridge.id = "glute_bridge";
  bridge.name = "Glute bridge";
  bridge.kind = HomeExerciseKind::kCore;
  bridge.dose = Dose{2, 12, 3, std::nullopt, 5, true};
  bridge.start_week = 2;
  HomeExercise hip_flexors;
  hip_flexors.id = "hip_flexor_release";
  hip_flexors.name = "Hip flexor release";
  hip_flexors.kind = HomeExerciseKind::kRebalancing;
  hip_flexors.action = "release";
  hip_flexors.muscle_groups = {"iliopsoas"};
  hip_flexors.dose = Dose{3, std::nullopt, 30, std::nullopt, 7, true};
  p.home_program = {sitting, bridge, hip_flexors};

  Checkpoint baseline;
  baseline.id = "baseline";
  baseline.at_baseline = true;
  baseline.instruments = {"nprs", "odi", "startback"};
  Checkpoint session_6;
  session_6.id = "session_6";
  session_6.after_session = 6;
  session_6.instruments = {"nprs"};
  Checkpoint followup;
  followup.id = "followup_3m";
  followup.week = 25;
  followup.instruments = {"nprs", "odi"};
  p.checkpoints = {baseline, session_6, followup};

  Claim relief_claim{"considerable_relief_after_6_sessions",
                     "80 percent report considerable pain reduction after 6 sessions.",
                     "proportion",
                     "nprs",
                     "session_6",
                     30,
                     0.80,
                     ""};
  Claim core_claim{"best_with_core_exercises",
                   "The best results are found when massage is combined with core exercises.",
                   "comparison",
                   "nprs",
                   "followup_3m",
                   30,
                   std::nullopt,
                   "core_exercise_adherence"};
  p.claims = {relief_claim, core_claim};
  return p;
}

std::vector<std::string> Problems(const Protocol& protocol, const SourceMap& source_map = {}) {
  std::vector<std::string> out;
  for (const FieldError& error : ValidateProtocol(protocol, source_map)) {
    out.push_back(error.ToString());
  }
  return out;
}

TEST(ValidateProtocolTest, AcceptsTheArticleProgram) {
  EXPECT_EQ(Problems(ArticleProtocol()), std::vector<std::string>{});
}

struct Case {
  const char* name;
  std::function<void(Protocol&)> mutate;
  std::vector<std::string> expected;
};

void PrintTo(const Case& test_case, std::ostream* out) { *out << test_case.name; }

class ValidateProtocolCaseTest : public testing::TestWithParam<Case> {};

TEST_P(ValidateProtocolCaseTest, ReportsExactProblems) {
  Protocol protocol = ArticleProtocol();
  GetParam().mutate(protocol);
  EXPECT_EQ(Problems(protocol), GetParam().expected);
}

std::vector<Case> Cases() {
  return {
      {"top_level_fields",
       [](Protocol& p) {
         p.id = "";
         p.version = 0;
         p.title = "";
         p.session_minutes = 0;
         p.condition_codes[0].code = "";
       },
       {"id: expected a non-empty id, got ''", "version: expected >= 1, got 0",
        "title: expected a non-empty string, got ''", "session_minutes: expected > 0, got 0",
        "condition_codes[0].code: expected a non-empty string, got ''"}},
      {"no_phases",
       [](Protocol& p) { p.phases.clear(); },
       // Without phases the course ends at week 0: the home program's start weeks are then not
       // bounded above, and the week-25 follow-up is within 52 weeks of it.
       {"phases: expected at least one phase, got none"}},
      {"first_phase_not_at_week_0",
       [](Protocol& p) { p.phases[0].start_week = 1; },
       {"phases[0].start_week: expected 0 (the first phase starts the course), got 1"}},
      {"phases_out_of_order",
       [](Protocol& p) { std::swap(p.phases[0], p.phases[1]); },
       {"phases[0].start_week: expected 0 (the first phase starts the course), got 4",
        "phases[1].start_week: expected phases in order of start_week, got 0 after phases[0] "
        "starting at 4",
        "phases[1].expected_reduction.min_percent: expected >= 60 (phases[0]'s min_percent; bands "
        "may not decrease), got 30",
        "phases[1].expected_reduction.max_percent: expected >= 80 (phases[0]'s max_percent; bands "
        "may not decrease), got 50",
        "phases[2].start_week: expected 4 (where phases[1] ends), got 12: a gap of 8 weeks"}},
      {"gap_of_one_week",
       [](Protocol& p) { p.phases[1].start_week = 5; },
       {"phases[1].start_week: expected 4 (where phases[0] ends), got 5: a gap of 1 week"}},
      {"band_decreases_and_leaves_0_100",
       [](Protocol& p) {
         p.phases[1].expected_reduction = PercentBand{-5, 40};
       },
       {"phases[1].expected_reduction.min_percent: expected between 0 and 100, got -5",
        "phases[1].expected_reduction.min_percent: expected >= 30 (phases[0]'s min_percent; bands "
        "may not decrease), got -5",
        "phases[1].expected_reduction.max_percent: expected >= 50 (phases[0]'s max_percent; bands "
        "may not decrease), got 40"}},
      {"band_compared_with_the_last_phase_that_has_one",
       [](Protocol& p) {
         p.phases[1].expected_reduction.reset();
         p.phases[2].expected_reduction = PercentBand{20, 60};
       },
       {"phases[2].expected_reduction.min_percent: expected >= 30 (phases[0]'s min_percent; bands "
        "may not decrease), got 20"}},
      {"interval_steps_without_an_end_before_the_last",
       [](Protocol& p) {
         p.phases[2].cadence.interval_steps = {{2, std::nullopt}, {4, 12}};
       },
       {"phases[2].cadence.interval_steps[0].until_week: expected a week: only the last step may "
        "run to the phase's end, got none",
        "phases[2].cadence.interval_steps[1].until_week: expected > 12 (the phase's start_week), "
        "got 12"}},
      {"interval_weeks_and_spacing_not_positive",
       [](Protocol& p) {
         p.phases[2].cadence.interval_steps[1].interval_weeks = -4;
         p.phases[0].cadence.min_days_between_sessions = -1;
       },
       {"phases[0].cadence.min_days_between_sessions: expected >= 0, got -1",
        "phases[2].cadence.interval_steps[1].interval_weeks: expected > 0, got -4"}},
      {"one_session_a_week_cannot_be_8_days_apart",
       [](Protocol& p) { p.phases[1].cadence.min_days_between_sessions = 8; },
       {"phases[1].cadence.min_days_between_sessions: expected at most 7 for 1 session a week, "
        "got 8"}},
      {"negative_sessions_per_week",
       [](Protocol& p) { p.phases[1].cadence.sessions_per_week = -1; },
       {"phases[1].cadence.sessions_per_week: expected between 1 and 7, got -1"}},
      {"phases_with_bad_ids_and_names",
       [](Protocol& p) {
         p.phases[1].id = "Structural Change";
         p.phases[2].id = "initial_relief";
         p.phases[2].name = "";
         p.phases[0].goals = {""};
       },
       {"phases[1].id: expected lower-case letters, digits, '_' or '-', got 'Structural Change'",
        "phases[2].id: duplicate id 'initial_relief' (first used by phases[0])",
        "phases[0].goals[0]: expected a non-empty string, got ''",
        "phases[2].name: expected a non-empty string, got ''"}},
      {"technique_parameters",
       [](Protocol& p) {
         p.techniques[1].hold_seconds = IntRange{0, -10};
         p.techniques[1].targets.clear();
         p.techniques[1].pressure = "";
       },
       {"techniques[1].targets: expected at least one target, got none",
        "techniques[1].pressure: expected a non-empty string, got ''",
        "techniques[1].hold_seconds.min: expected > 0, got 0",
        "techniques[1].hold_seconds: expected min <= max, got min 0 and max -10"}},
      {"no_techniques",
       [](Protocol& p) { p.techniques.clear(); },
       {"techniques: expected at least one technique, got none"}},
      {"duplicate_technique_and_precaution",
       [](Protocol& p) {
         p.techniques[1].id = "muscle_stripping";
         p.techniques[0].precautions.push_back({"recent_surgery", PrecautionAction::kDisable, ""});
       },
       {"techniques[1].id: duplicate id 'muscle_stripping' (first used by techniques[0])",
        "techniques[0].precautions[1].condition: duplicate condition 'recent_surgery' (first in "
        "precautions[0])"}},
      {"disable_needs_no_note_but_modify_does",
       [](Protocol& p) {
         p.techniques[1].precautions = {{"osteoporosis", PrecautionAction::kDisable, ""},
                                        {"pregnancy", PrecautionAction::kModify, ""}};
       },
       {"techniques[1].precautions[1].note: expected a note saying how to modify the technique, "
        "got ''"}},
      {"home_exercise_fields_by_kind",
       [](Protocol& p) {
         p.home_program[0].action = "release";
         p.home_program[1].context = "sitting";
         p.home_program[2].action = "stretch";
         p.home_program[2].muscle_groups.clear();
       },
       {"home_program[0].action: expected no action for a posture exercise, got 'release'",
        "home_program[1].context: expected no context for a core exercise, got 'sitting'",
        "home_program[2].action: expected 'release' or 'strengthen' for a rebalancing exercise, "
        "got 'stretch'",
        "home_program[2].muscle_groups: expected at least one muscle group for a rebalancing "
        "exercise, got none"}},
      {"home_exercise_dose_and_start",
       [](Protocol& p) {
         p.home_program[1].dose.sets = 0;
         p.home_program[1].dose.hold_seconds = -3;
         p.home_program[1].dose.minutes = 0;
         p.home_program[1].dose.days_per_week = 0;
         p.home_program[1].start_week = 26;
         p.home_program[2].id = "glute_bridge";
       },
       {"home_program[2].id: duplicate id 'glute_bridge' (first used by home_program[1])",
        "home_program[1].dose.sets: expected > 0, got 0",
        "home_program[1].dose.hold_seconds: expected > 0, got -3",
        "home_program[1].dose.minutes: expected > 0, got 0",
        "home_program[1].dose.days_per_week: expected between 1 and 7, got 0",
        "home_program[1].start_week: expected between 0 and 25 (the course's last week), got "
        "26"}},
      {"checkpoint_anchors",
       [](Protocol& p) {
         p.checkpoints[1].after_session.reset();
         p.checkpoints[2].at_baseline = true;
         p.checkpoints[2].after_session = 0;
       },
       {"checkpoints[1]: expected exactly one of at_baseline, after_session or week, got none",
        "checkpoints[2]: expected exactly one of at_baseline, after_session or week, got "
        "at_baseline, after_session and week",
        "checkpoints[2].at_baseline: expected one baseline checkpoint, got a second "
        "(checkpoints[0] is the first)",
        "checkpoints[2].after_session: expected > 0, got 0",
        "claims[1].checkpoint: expected a checkpoint after baseline, got 'followup_3m'"}},
      {"follow_up_may_be_after_the_course_but_not_at_week_0",
       [](Protocol& p) {
         p.checkpoints[2].week = 78;  // the last allowed week: 26 + 52
         Checkpoint start;
         start.id = "start";
         start.week = 0;
         start.instruments = {"nprs", "nprs"};
         p.checkpoints.push_back(start);
       },
       {"checkpoints[3].week: expected between 1 and 78 (up to 52 weeks after the course ends at "
        "week 26), got 0",
        "checkpoints[3].instruments[1]: duplicate instrument 'nprs' (first at instruments[0])"}},
      {"checkpoint_without_instruments",
       [](Protocol& p) { p.checkpoints[1].instruments.clear(); },
       {"checkpoints[1].instruments: expected at least one instrument, got none",
        "claims[0].instrument: expected an instrument measured at checkpoint 'session_6' (none), "
        "got "
        "'nprs'"}},
      {"claims_need_a_baseline",
       [](Protocol& p) { p.checkpoints.erase(p.checkpoints.begin()); },
       {"checkpoints: expected a baseline checkpoint (claims measure reduction from baseline), got "
        "none"}},
      {"claim_instrument_must_be_measured_at_both_ends",
       [](Protocol& p) {
         p.checkpoints[2].instruments.push_back("rmdq");
         p.claims[1].instrument = "rmdq";
         p.claims[0].instrument = "odi";
       },
       {"claims[0].instrument: expected an instrument measured at checkpoint 'session_6' (nprs), "
        "got 'odi'",
        "claims[1].instrument: expected an instrument measured at baseline (nprs, odi, "
        "startback), got 'rmdq'"}},
      {"claim_kinds",
       [](Protocol& p) {
         p.claims[0].proportion.reset();
         p.claims[0].factor = "massage_count";
         p.claims[1].proportion = 0.5;
         p.claims[1].factor = "";
       },
       {"claims[0].proportion: expected a proportion between 0 and 1 for a 'proportion' claim, "
        "got none",
        "claims[0].factor: expected no factor for a 'proportion' claim, got 'massage_count'",
        "claims[1].factor: expected a factor for a 'comparison' claim, got ''",
        "claims[1].proportion: expected no proportion for a 'comparison' claim, got 0.5"}},
      {"claim_values",
       [](Protocol& p) {
         p.claims[0].kind = "ratio";
         p.claims[0].instrument = "vas";
         p.claims[0].min_reduction_percent = 0;
         p.claims[0].proportion = 1.2;
         p.claims[1].id = "considerable_relief_after_6_sessions";
         p.claims[1].text = "";
       },
       {"claims[1].id: duplicate id 'considerable_relief_after_6_sessions' (first used by "
        "claims[0])",
        "claims[0].kind: expected 'proportion' or 'comparison', got 'ratio'",
        "claims[0].instrument: expected one of 'nprs', 'odi', 'rmdq', 'peg', 'startback', got "
        "'vas'",
        "claims[0].min_reduction_percent: expected > 0 and <= 100, got 0",
        "claims[0].proportion: expected between 0 and 1, got 1.2",
        "claims[1].text: expected a non-empty string, got ''"}},
  };
}

INSTANTIATE_TEST_SUITE_P(Rules, ValidateProtocolCaseTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<Case>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(ValidateProtocolTest, NamesPlacesThroughTheSourceMap) {
  Protocol protocol = ArticleProtocol();
  protocol.phases[0].cadence.sessions_per_week = 8;  // recorded: its own place
  protocol.claims[1].factor = "";                    // absent from the file: its table's place
  const SourceMap source_map = {{"", "p.toml:1:1"},
                                {"phases[0].cadence", "p.toml:12:1"},
                                {"phases[0].cadence.sessions_per_week", "p.toml:13:21"},
                                {"claims[1]", "p.toml:40:1"}};
  EXPECT_EQ(
      Problems(protocol, source_map),
      (std::vector<std::string>{
          "p.toml:13:21: phases[0].cadence.sessions_per_week: expected between 1 and 7, got 8",
          "p.toml:40:1: claims[1].factor: expected a factor for a 'comparison' claim, got "
          "''"}));
}

TEST(LocateFieldTest, FallsBackToTheNearestRecordedAncestor) {
  const SourceMap source_map = {{"", "f:1:1"}, {"phases", "f:5:1"}, {"phases[1]", "f:9:1"}};
  EXPECT_EQ(LocateField(source_map, "phases[1].cadence.sessions_per_week"), "f:9:1");
  EXPECT_EQ(LocateField(source_map, "phases[0].id"), "f:5:1");
  EXPECT_EQ(LocateField(source_map, "techniques[0].id"), "f:1:1");
  EXPECT_EQ(LocateField(SourceMap{}, "phases[0].id"), "");
}

TEST(CourseEndWeekTest, IsTheLatestPhaseEnd) {
  EXPECT_EQ(CourseEndWeek(ArticleProtocol()), 26);
  EXPECT_EQ(CourseEndWeek(Protocol{}), 0);
}

}  // namespace
}  // namespace backcare::protocol
