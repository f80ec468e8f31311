#include "exchange/toml/protocol_toml.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/validate.h"
#include "exchange/toml/default_protocol.h"
#include "testing/status_matchers.h"

namespace backcare::exchange {
namespace {

// A minimal valid protocol. Line numbers in the expectations below count from here:
// lines 1-6 top-level keys, 7-12 the phase, 13-18 the technique.
constexpr std::string_view kTop =
    "id = \"p\"\n"
    "version = 1\n"
    "title = \"T\"\n"
    "condition = \"C\"\n"
    "source = \"S\"\n"
    "session_minutes = 60\n";
constexpr std::string_view kPhase =
    "[[phases]]\n"
    "id = \"a\"\n"
    "name = \"A\"\n"
    "start_week = 0\n"
    "end_week = 4\n"
    "cadence = { sessions_per_week = 2 }\n";
constexpr std::string_view kTechnique =
    "[[techniques]]\n"
    "id = \"t\"\n"
    "name = \"T\"\n"
    "targets = [\"x\"]\n"
    "pressure = \"deep\"\n"
    "deep_pressure = true\n";

std::string Valid() { return std::string(kTop) + std::string(kPhase) + std::string(kTechnique); }

// `text` with its one occurrence of `from` replaced by `to`.
std::string Replace(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// A second phase [start, end) at lines 13-18, before the technique.
std::string TwoPhases(std::string_view second_id, int start, int end) {
  return std::string(kTop) + std::string(kPhase) + "[[phases]]\nid = \"" + std::string(second_id) +
         "\"\nname = \"B\"\nstart_week = " + std::to_string(start) +
         "\nend_week = " + std::to_string(end) + "\ncadence = { sessions_per_week = 1 }\n" +
         std::string(kTechnique);
}

struct BadFileCase {
  const char* name;
  std::string text;
  std::string expected;  // Error::ToString(): the summary, then one line per problem
};

// gtest prints the case's name instead of its bytes.
void PrintTo(const BadFileCase& test_case, std::ostream* out) { *out << test_case.name; }

class ProtocolTomlErrorTest : public ::testing::TestWithParam<BadFileCase> {};

TEST_P(ProtocolTomlErrorTest, ReportsEveryProblemWithPlacePathAndMessage) {
  const BadFileCase& test_case = GetParam();
  SCOPED_TRACE("input:\n" + test_case.text);
  ASSERT_ERROR_AND_ASSIGN(Error error, ParseProtocolToml(test_case.text, "f.toml"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.ToString(), test_case.expected);
}

std::vector<BadFileCase> BadFiles() {
  const std::string top = std::string(kTop);
  const std::string tech = std::string(kTechnique);
  return {
      {"syntax_error", top + "[[phases]\n" + tech,
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:7:10: Error while parsing table header: expected ']', saw '\\n'"},
      {"duplicate_key_is_a_syntax_error", top + "version = 2\n" + std::string(kPhase) + tech,
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:7:11: Error while parsing key-value pair: cannot redefine existing integer "
       "'version'"},
      {"empty_document_misses_every_required_key", "",
       "f.toml: invalid protocol (8 problems)\n"
       "f.toml:1:1: id: missing required key 'id' (a string)\n"
       "f.toml:1:1: version: missing required key 'version' (an integer)\n"
       "f.toml:1:1: title: missing required key 'title' (a string)\n"
       "f.toml:1:1: condition: missing required key 'condition' (a string)\n"
       "f.toml:1:1: source: missing required key 'source' (a string)\n"
       "f.toml:1:1: session_minutes: missing required key 'session_minutes' (an integer)\n"
       "f.toml:1:1: phases: missing required key 'phases' (an array of tables)\n"
       "f.toml:1:1: techniques: missing required key 'techniques' (an array of tables)"},
      {"unknown_key_with_suggestion",
       Replace(Valid(), "{ sessions_per_week = 2 }", "{ sesions_per_week = 2 }"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:12:13: phases[0].cadence.sesions_per_week: unknown key 'sesions_per_week' (did "
       "you mean 'sessions_per_week'?)"},
      {"unknown_top_level_key", top + "colour = \"red\"\n" + std::string(kPhase) + tech,
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:7:1: colour: unknown key 'colour'"},
      {"missing_required_key_is_reported_at_its_table", Replace(Valid(), "end_week = 4\n", ""),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:7:1: phases[0].end_week: missing required key 'end_week' (an integer)"},
      {"string_where_integer_expected", Replace(Valid(), "version = 1", "version = \"1\""),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:2:11: version: expected an integer, got a string"},
      {"float_where_integer_expected", Replace(Valid(), "start_week = 0", "start_week = 0.5"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:10:14: phases[0].start_week: expected an integer, got a float"},
      {"integer_out_of_range",
       Replace(Valid(), "session_minutes = 60", "session_minutes = 99999999999"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:6:19: session_minutes: expected an integer between -2147483648 and 2147483647, "
       "got 99999999999"},
      {"string_where_boolean_expected",
       Replace(Valid(), "deep_pressure = true", "deep_pressure = \"yes\""),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:18:17: techniques[0].deep_pressure: expected a boolean, got a string"},
      {"non_string_in_string_list", Replace(Valid(), "[\"x\"]", "[\"x\", 3]"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:16:17: techniques[0].targets[1]: expected a string, got an integer"},
      {"phases_not_an_array", top + "phases = 3\n" + tech,
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:7:10: phases: expected an array of tables, got an integer"},
      {"phase_not_a_table", top + "phases = [1]\n" + tech,
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:7:11: phases[0]: expected a table, got an integer"},
      {"unknown_enum_value",
       Valid() + "[[techniques.precautions]]\ncondition = \"open_wound\"\naction = \"skip\"\n",
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:21:10: techniques[0].precautions[0].action: expected one of 'disable', 'modify', "
       "got 'skip'"},
      {"structural_problems_are_all_collected",
       Replace(Replace(Valid(), "version = 1", "version = \"1\""), "end_week = 4", "end_wek = 4"),
       "f.toml: invalid protocol (3 problems)\n"
       "f.toml:2:11: version: expected an integer, got a string\n"
       "f.toml:7:1: phases[0].end_week: missing required key 'end_week' (an integer)\n"
       "f.toml:11:1: phases[0].end_wek: unknown key 'end_wek' (did you mean 'end_week'?)"},
      // Semantic problems (protocol::ValidateProtocol), located through the source map.
      {"id_with_invalid_characters", Replace(Valid(), "id = \"p\"", "id = \"Deep Tissue\""),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:1:6: id: expected lower-case letters, digits, '_' or '-', got 'Deep Tissue'"},
      {"gap_between_phases", TwoPhases("b", 6, 8),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:16:14: phases[1].start_week: expected 4 (where phases[0] ends), got 6: a gap of 2 "
       "weeks"},
      {"overlapping_phases", TwoPhases("b", 2, 8),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:16:14: phases[1].start_week: expected 4 (where phases[0] ends), got 2: phases "
       "overlap"},
      {"duplicate_phase_id", TwoPhases("a", 4, 8),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:14:6: phases[1].id: duplicate id 'a' (first used by phases[0])"},
      {"phase_ends_before_it_starts", Replace(Valid(), "end_week = 4", "end_week = 0"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:11:12: phases[0].end_week: expected > start_week (0), got 0"},
      {"too_many_sessions_per_week",
       Replace(Valid(), "sessions_per_week = 2", "sessions_per_week = 9"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:12:33: phases[0].cadence.sessions_per_week: expected between 1 and 7, got 9"},
      {"zero_sessions_per_week", Replace(Valid(), "sessions_per_week = 2", "sessions_per_week = 0"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:12:11: phases[0].cadence: expected sessions_per_week between 1 and 7 or non-empty "
       "interval_steps, got neither (sessions_per_week 0, no interval_steps)"},
      {"both_cadence_forms",
       Replace(Valid(), "sessions_per_week = 2",
               "sessions_per_week = 2, interval_steps = [{ interval_weeks = 2 }]"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:12:11: phases[0].cadence: expected either sessions_per_week or interval_steps, got "
       "both"},
      {"spacing_does_not_fit_the_week",
       Replace(Valid(), "sessions_per_week = 2",
               "sessions_per_week = 2, min_days_between_sessions = 4"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:12:64: phases[0].cadence.min_days_between_sessions: expected at most 3 for 2 "
       "sessions a week, got 4"},
      {"interval_steps_out_of_order_and_past_the_phase",
       Replace(Valid(), "cadence = { sessions_per_week = 2 }\n",
               "[phases.cadence]\n"
               "interval_steps = [\n"
               "  { interval_weeks = 1, until_week = 3 },\n"
               "  { interval_weeks = 0, until_week = 2 },\n"
               "  { interval_weeks = 1, until_week = 9 },\n"
               "]\n"),
       "f.toml: invalid protocol (3 problems)\n"
       "f.toml:15:22: phases[0].cadence.interval_steps[1].interval_weeks: expected > 0, got 0\n"
       "f.toml:15:38: phases[0].cadence.interval_steps[1].until_week: expected > 3 (the previous "
       "step's until_week), got 2\n"
       "f.toml:16:38: phases[0].cadence.interval_steps[2].until_week: expected <= 4 (the phase's "
       "end_week), got 9"},
      {"band_minimum_above_maximum",
       Replace(Valid(), "cadence = { sessions_per_week = 2 }\n",
               "cadence = { sessions_per_week = 2 }\n"
               "expected_reduction = { min_percent = 60, max_percent = 40 }\n"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:13:22: phases[0].expected_reduction: expected min_percent <= max_percent, got "
       "min_percent 60 and max_percent 40"},
      {"band_above_100_percent",
       Replace(Valid(), "cadence = { sessions_per_week = 2 }\n",
               "cadence = { sessions_per_week = 2 }\n"
               "expected_reduction = { min_percent = 30, max_percent = 150.5 }\n"),
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:13:56: phases[0].expected_reduction.max_percent: expected between 0 and 100, got "
       "150.5"},
      {"unknown_screening_condition",
       Valid() + "[[techniques.precautions]]\ncondition = \"anticoagulant\"\naction = \"modify\"\n"
                 "note = \"light pressure only\"\n",
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:20:13: techniques[0].precautions[0].condition: expected a known screening "
       "condition id, got 'anticoagulant'"},
      {"absent_optional_key_is_reported_at_its_table",
       Valid() +
           "[[techniques.precautions]]\ncondition = \"anticoagulants\"\naction = \"modify\"\n",
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:19:1: techniques[0].precautions[0].note: expected a note saying how to modify the "
       "technique, got ''"},
      {"checkpoint_with_two_anchors_and_an_unknown_instrument",
       Valid() + "[[checkpoints]]\nid = \"c\"\nat_baseline = true\nweek = 4\n"
                 "instruments = [\"nprs\", \"vas\"]\n",
       "f.toml: invalid protocol (2 problems)\n"
       "f.toml:19:1: checkpoints[0]: expected exactly one of at_baseline, after_session or week, "
       "got at_baseline and week\n"
       "f.toml:23:24: checkpoints[0].instruments[1]: expected one of 'nprs', 'odi', 'rmdq', "
       "'peg', 'startback', got 'vas'"},
      {"checkpoint_too_long_after_the_course",
       Valid() + "[[checkpoints]]\nid = \"late\"\nweek = 60\ninstruments = [\"nprs\"]\n",
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:21:8: checkpoints[0].week: expected between 1 and 56 (up to 52 weeks after the "
       "course ends at week 4), got 60"},
      {"claim_with_unknown_checkpoint_and_no_factor",
       Valid() +
           "[[checkpoints]]\nid = \"baseline\"\nat_baseline = true\ninstruments = [\"nprs\"]\n"
           "[[claims]]\nid = \"c\"\ntext = \"Better.\"\nkind = \"comparison\"\n"
           "instrument = \"nprs\"\ncheckpoint = \"week_6\"\nmin_reduction_percent = 30\n",
       "f.toml: invalid protocol (2 problems)\n"
       "f.toml:28:14: claims[0].checkpoint: expected the id of a checkpoint, got 'week_6'\n"
       "f.toml:23:1: claims[0].factor: expected a factor for a 'comparison' claim, got ''"},
      {"claim_as_percent_at_baseline",
       Valid() +
           "[[checkpoints]]\nid = \"baseline\"\nat_baseline = true\ninstruments = [\"nprs\"]\n"
           "[[claims]]\nid = \"c\"\ntext = \"80 percent.\"\nkind = \"proportion\"\n"
           "proportion = 80\ninstrument = \"nprs\"\ncheckpoint = \"baseline\"\n"
           "min_reduction_percent = 30\n",
       "f.toml: invalid protocol (2 problems)\n"
       "f.toml:29:14: claims[0].checkpoint: expected a checkpoint after baseline, got "
       "'baseline'\n"
       "f.toml:27:14: claims[0].proportion: expected between 0 and 1, got 80"},
      {"home_exercise_context_and_dose",
       Valid() + "[[home_program]]\nid = \"h\"\nname = \"H\"\nkind = \"posture\"\ncontext = "
                 "\"lying\"\ninstructions = \"Do it.\"\ndose = { reps = 0, days_per_week = 8 }\n",
       "f.toml: invalid protocol (3 problems)\n"
       "f.toml:23:11: home_program[0].context: expected one of 'sitting', 'standing', "
       "'sleeping' for a posture exercise, got 'lying'\n"
       "f.toml:25:17: home_program[0].dose.reps: expected > 0, got 0\n"
       "f.toml:25:36: home_program[0].dose.days_per_week: expected between 1 and 7, got 8"},
      {"home_exercise_unknown_kind",
       Valid() + "[[home_program]]\nid = \"h\"\nname = \"H\"\nkind = \"yoga\"\n"
                 "instructions = \"Do it.\"\ndose = { days_per_week = 3 }\n",
       "f.toml: invalid protocol (1 problem)\n"
       "f.toml:22:8: home_program[0].kind: expected one of 'posture', 'core', 'rebalancing', got "
       "'yoga'"},
  };
}

INSTANTIATE_TEST_SUITE_P(BadFiles, ProtocolTomlErrorTest, ::testing::ValuesIn(BadFiles()),
                         [](const ::testing::TestParamInfo<BadFileCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(ProtocolTomlTest, ParsesTheMinimalProtocol) {
  Result<protocol::Protocol> result = ParseProtocolToml(Valid(), "f.toml");
  ASSERT_OK(result);
  EXPECT_EQ(result->id, "p");
  ASSERT_EQ(result->phases.size(), 1u);
  EXPECT_EQ(result->phases[0].cadence.sessions_per_week, 2);
  EXPECT_FALSE(result->phases[0].expected_reduction.has_value());
  ASSERT_EQ(result->techniques.size(), 1u);
  EXPECT_TRUE(result->techniques[0].deep_pressure);
  EXPECT_TRUE(result->home_program.empty());
}

TEST(ProtocolTomlTest, AcceptsFloatPercentages) {
  Result<protocol::Protocol> result =
      ParseProtocolToml(Replace(Valid(), "cadence = { sessions_per_week = 2 }\n",
                                "cadence = { sessions_per_week = 2 }\n"
                                "expected_reduction = { min_percent = 12.5, max_percent = 40 }\n"),
                        "f.toml");
  ASSERT_OK(result);
  EXPECT_EQ(result->phases[0].expected_reduction, (protocol::PercentBand{12.5, 40}));
}

TEST(ProtocolTomlTest, LoadProtocolFileNamesAnUnreadableFile) {
  ASSERT_ERROR_AND_ASSIGN(Error error, LoadProtocolFile("/nonexistent/backcare/p.toml"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message,
            "cannot read protocol file '/nonexistent/backcare/p.toml': No such file or directory");
}

TEST(ProtocolTomlTest, LoadProtocolFileReportsErrorsUnderThePath) {
  ASSERT_ERROR_AND_ASSIGN(Error error, LoadProtocolFile("/dev/null"), ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "/dev/null: invalid protocol (8 problems)");
  ASSERT_FALSE(error.fields.empty());
  EXPECT_EQ(error.fields[0].ToString(), "/dev/null:1:1: id: missing required key 'id' (a string)");
}

// The default file against the article ("Can it help chronic back pain?", 2025-11-20),
// value by value.
TEST(DefaultProtocolTest, ParsesValidatesAndMatchesTheArticle) {
  Result<protocol::Protocol> result = LoadDefaultProtocol();
  ASSERT_OK(result);
  const protocol::Protocol& p = *result;
  EXPECT_EQ(p.id, "deep-tissue-chronic-low-back-pain");
  EXPECT_EQ(p.version, 1);
  EXPECT_EQ(p.condition, "Chronic low back pain");
  EXPECT_EQ(p.session_minutes, 60);
  ASSERT_EQ(p.condition_codes.size(), 5u);
  EXPECT_EQ(p.condition_codes[0],
            (protocol::ConditionCode{"ICD-10-CM", "M54.50", "Low back pain, unspecified"}));
  EXPECT_EQ(p.condition_codes[4].code, "M54.42");
  EXPECT_NE(p.source.find("Can it help chronic back pain?"), std::string::npos);
  EXPECT_NE(p.source.find("2025-11-20"), std::string::npos);

  ASSERT_EQ(p.phases.size(), 3u);
  // "Initial Relief (1-4 weeks) 2 sessions/week 30-50% pain reduction"
  EXPECT_EQ(p.phases[0].id, "initial_relief");
  EXPECT_EQ(p.phases[0].start_week, 0);
  EXPECT_EQ(p.phases[0].end_week, 4);
  EXPECT_EQ(p.phases[0].cadence.sessions_per_week, 2);
  EXPECT_EQ(p.phases[0].cadence.min_days_between_sessions, 2);
  EXPECT_EQ(p.phases[0].expected_reduction, (protocol::PercentBand{30, 50}));
  EXPECT_EQ(p.phases[0].goals, std::vector<std::string>{"improved standing tolerance"});
  // "Structural Change (4-12 weeks) 1 session/week 60-80% pain reduction"
  EXPECT_EQ(p.phases[1].id, "structural_change");
  EXPECT_EQ(p.phases[1].start_week, 4);
  EXPECT_EQ(p.phases[1].end_week, 12);
  EXPECT_EQ(p.phases[1].cadence.sessions_per_week, 1);
  EXPECT_EQ(p.phases[1].expected_reduction, (protocol::PercentBand{60, 80}));
  // "Maintenance (3+ months) Bi-weekly/monthly", no numbers for the outcome.
  EXPECT_EQ(p.phases[2].id, "maintenance");
  EXPECT_EQ(p.phases[2].start_week, 12);
  EXPECT_EQ(p.phases[2].end_week, 26);
  EXPECT_EQ(p.phases[2].cadence.sessions_per_week, 0);
  EXPECT_EQ(p.phases[2].cadence.interval_steps,
            (std::vector<protocol::IntervalStep>{{2, 18}, {4, std::nullopt}}));
  EXPECT_FALSE(p.phases[2].expected_reduction.has_value());

  ASSERT_EQ(p.techniques.size(), 3u);
  EXPECT_EQ(p.techniques[0].id, "muscle_stripping");
  EXPECT_EQ(p.techniques[0].direction, "sacrum_to_neck");
  EXPECT_TRUE(p.techniques[0].deep_pressure);
  // "Holds 60-90 seconds per trigger point"
  EXPECT_EQ(p.techniques[1].id, "trigger_point");
  EXPECT_EQ(p.techniques[1].targets, std::vector<std::string>{"quadratus_lumborum"});
  EXPECT_EQ(p.techniques[1].hold_seconds, (protocol::IntRange{60, 90}));
  EXPECT_EQ(p.techniques[2].id, "myofascial_release");
  EXPECT_FALSE(p.techniques[2].deep_pressure);
  EXPECT_EQ(p.techniques[2].precautions[0],
            (protocol::Precaution{"anticoagulants", protocol::PrecautionAction::kModify,
                                  "light pressure only", "light"}));
  // The sciatic-nerve care the article asks for, in checkable form.
  EXPECT_EQ(p.techniques[1].precautions[1].condition, "radiating_leg_pain");
  EXPECT_EQ(p.techniques[1].precautions[1].avoid_areas, std::vector<std::string>{"sciatic_notch"});

  // The article gives no doses: every one is backcare's documented default.
  ASSERT_FALSE(p.home_program.empty());
  for (const protocol::HomeExercise& exercise : p.home_program) {
    EXPECT_TRUE(exercise.dose.is_default) << exercise.id;
  }

  std::vector<std::string> checkpoint_ids;
  for (const protocol::Checkpoint& checkpoint : p.checkpoints) {
    checkpoint_ids.push_back(checkpoint.id);
  }
  EXPECT_EQ(checkpoint_ids, (std::vector<std::string>{"baseline", "session_6", "week_4", "week_12",
                                                      "followup_3m"}));
  EXPECT_EQ(p.checkpoints[1].after_session, 6);
  EXPECT_EQ(p.checkpoints[4].week, 25);

  // "80 percent report considerable pain reduction after 6 sessions. 70 percent show
  // improvement at three-month follow-ups."
  ASSERT_EQ(p.claims.size(), 3u);
  EXPECT_EQ(p.claims[0].proportion, 0.80);
  EXPECT_EQ(p.claims[0].checkpoint, "session_6");
  EXPECT_EQ(p.claims[0].min_reduction_percent, 30);
  EXPECT_EQ(p.claims[1].proportion, 0.70);
  EXPECT_EQ(p.claims[1].checkpoint, "followup_3m");
  EXPECT_EQ(p.claims[2].kind, "comparison");
  EXPECT_EQ(p.claims[2].factor, "core_exercise_adherence");
  EXPECT_FALSE(p.claims[2].proportion.has_value());
}

TEST(DefaultProtocolTest, EmbeddedBytesAreTheFileInTheSourceTree) {
  const char* source_dir = std::getenv("BACKCARE_SOURCE_DIR");  // set by ctest
  if (source_dir == nullptr) GTEST_SKIP() << "BACKCARE_SOURCE_DIR is not set";
  std::ifstream file(std::string(source_dir) + "/protocols/" + std::string(kDefaultProtocolName),
                     std::ios::binary);
  ASSERT_TRUE(file.is_open());
  const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  EXPECT_EQ(DefaultProtocolToml(), text);
}

}  // namespace
}  // namespace backcare::exchange
