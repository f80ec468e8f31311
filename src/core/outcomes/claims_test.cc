#include "core/outcomes/claims.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace backcare::outcomes {
namespace {

using std::chrono::days;
using std::chrono::year;

constexpr Day kStart{year{2026} / 1 / 5};

// The parts of the article's protocol the claims read: a first phase of 2 sessions a week, the
// session_6, week_12 and followup_3m checkpoints, and its three claims.
protocol::Protocol ClaimsProtocol() {
  protocol::Protocol p;
  protocol::Phase first;
  first.id = "initial_relief";
  first.cadence.sessions_per_week = 2;
  p.phases.push_back(first);
  protocol::Checkpoint baseline;
  baseline.id = "baseline";
  baseline.at_baseline = true;
  protocol::Checkpoint session_6;
  session_6.id = "session_6";
  session_6.after_session = 6;
  protocol::Checkpoint week_12;
  week_12.id = "week_12";
  week_12.week = 12;
  p.checkpoints = {baseline, session_6, week_12};
  protocol::Claim relief;
  relief.id = "considerable_relief_after_6_sessions";
  relief.kind = "proportion";
  relief.proportion = 0.80;
  relief.instrument = "nprs";
  relief.checkpoint = "session_6";
  relief.min_reduction_percent = 30;
  protocol::Claim core;
  core.id = "best_with_core_exercises";
  core.kind = "comparison";
  core.factor = "core_exercise_adherence";
  core.instrument = "nprs";
  core.checkpoint = "week_12";
  core.min_reduction_percent = 30;
  p.claims = {relief, core};
  return p;
}

CourseRow Course(std::optional<double> baseline, std::vector<Score> nprs = {},
                 int attended_sessions = 0) {
  CourseRow row;
  row.start = kStart;
  row.baseline = baseline;
  row.nprs = std::move(nprs);
  for (int i = 0; i < attended_sessions; ++i) row.attended.push_back(kStart + days{3 * i});
  return row;
}

TEST(ClaimsTest, OnlyNprsClaimsCanBeReported) {
  protocol::Protocol p = ClaimsProtocol();
  p.id = "custom";
  p.version = 2;
  EXPECT_TRUE(CheckReportable(p).has_value());
  p.claims[1].instrument = "odi";
  const Status refused = CheckReportable(p);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.error().message,
            "protocol 'custom' version 2 has claims the outcomes report cannot test");
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].path, "claims[1].instrument");
  EXPECT_EQ(refused.error().fields[0].message,
            "the outcomes report tests NPRS claims only, got 'odi' (claim "
            "'best_with_core_exercises')");
}

TEST(ClaimsTest, AnchorDatesOfWeekAndSessionCheckpoints) {
  const protocol::Protocol p = ClaimsProtocol();
  const CourseRow six = Course(8, {}, 6);
  EXPECT_EQ(AnchorDate(p, p.checkpoints[2], six), kStart + days{84});  // week 12
  EXPECT_EQ(AnchorDate(p, p.checkpoints[1], six), kStart + days{15});  // the 6th attended
  // Three attended: start + 7 x ceil(6 / 2) = 21 days.
  EXPECT_EQ(AnchorDate(p, p.checkpoints[1], Course(8, {}, 3)), kStart + days{21});
  EXPECT_EQ(AnchorDate(p, p.checkpoints[0], six), std::nullopt);
  EXPECT_FALSE(IsDue(kStart, kStart + days{13}));
  EXPECT_TRUE(IsDue(kStart, kStart + days{14}));
}

TEST(ClaimsTest, TheTaggedScoreWinsElseTheClosestUntaggedInsideTheWindow) {
  const Day anchor = kStart + days{21};
  // The latest tagged one counts, even when an untagged one is closer to the anchor.
  EXPECT_EQ(CheckpointScore(Course(8, {{anchor - days{20}, 6, "session_6"},
                                       {anchor - days{10}, 5, "session_6"},
                                       {anchor, 2, ""}}),
                            "session_6", anchor),
            5);
  // Untagged: [anchor - 7, anchor + 14); the closest; a tie goes to the earlier date.
  EXPECT_EQ(CheckpointScore(Course(8, {{anchor - days{7}, 4, ""}}), "session_6", anchor), 4);
  EXPECT_EQ(CheckpointScore(Course(8, {{anchor + days{14}, 4, ""}}), "session_6", anchor),
            std::nullopt);
  EXPECT_EQ(CheckpointScore(Course(8, {{anchor + days{3}, 3, ""}, {anchor - days{3}, 6, ""}}),
                            "session_6", anchor),
            6);
  EXPECT_EQ(CheckpointScore(Course(8, {{anchor + days{2}, 3, ""}, {anchor - days{5}, 6, ""}}),
                            "session_6", anchor),
            3);
  // A score tagged for another checkpoint does not count.
  EXPECT_EQ(CheckpointScore(Course(8, {{anchor, 1, "week_4"}}), "session_6", anchor), std::nullopt);
}

TEST(ClaimsTest, ResponderIsAThirtyPercentReductionInExactArithmetic) {
  EXPECT_TRUE(IsResponder(10, 7, 30));   // 300 >= 300
  EXPECT_FALSE(IsResponder(10, 8, 30));  // 200 < 300
  EXPECT_FALSE(IsResponder(7, 5, 30));   // 200 < 210
  EXPECT_TRUE(IsResponder(7, 4, 30));    // 300 >= 210
  EXPECT_TRUE(IsResponder(3, 2, 30));    // 100 >= 90
  EXPECT_FALSE(IsResponder(4, 5, 30));   // worse
}

TEST(ClaimsTest, CoreAdherenceCountsDistinctDatesInWeeksTwoToTwelve) {
  CourseRow course = Course(8);
  for (int d = 14; d < 14 + 34; ++d) course.core_done.push_back(kStart + days{d});
  course.core_done.push_back(kStart + days{14});  // the same date again
  course.core_done.push_back(kStart + days{13});  // before the window
  course.core_done.push_back(kStart + days{84});  // after it
  EXPECT_FALSE(AdheresToCoreExercises(course)) << "34 dates";
  course.core_done.push_back(kStart + days{83});
  EXPECT_TRUE(AdheresToCoreExercises(course)) << "35 dates";
}

TEST(ClaimsTest, IntentionToTreatCountsAMissingScoreAsNoResponse) {
  const protocol::Protocol p = ClaimsProtocol();
  const Day anchor = kStart + days{21};  // session_6 of a course with fewer than 6 attended
  const std::vector<CourseRow> courses = {
      Course(8, {{anchor, 5, "session_6"}}),    // 37.5 %: responder
      Course(10, {{anchor + days{1}, 7, ""}}),  // 30 %: responder
      Course(6, {{anchor, 5, "session_6"}}),    // 16.7 %: not
      Course(9),                                // due, no score: missing
      Course(5, {{anchor - days{8}, 1, ""}}),   // its only score is outside the window: missing
      Course(0, {{anchor, 0, "session_6"}}),    // baseline 0: not evaluable
      Course(std::nullopt),                     // no baseline: not evaluable
  };
  const ClaimsReport report = TestClaims(p, courses, anchor + days{14});
  EXPECT_EQ(report.courses, 5);
  EXPECT_EQ(report.not_evaluable, 2);
  ASSERT_EQ(report.claims.size(), 2u);
  const ClaimResult& relief = report.claims[0];
  EXPECT_EQ(relief.claim->id, "considerable_relief_after_6_sessions");
  EXPECT_EQ(relief.overall.itt.k, 2);
  EXPECT_EQ(relief.overall.itt.n, 5);
  EXPECT_DOUBLE_EQ(*relief.overall.itt.rate, 0.4);
  EXPECT_EQ(relief.overall.complete_case.k, 2);
  EXPECT_EQ(relief.overall.complete_case.n, 3);
  EXPECT_EQ(relief.overall.missing, 2);
  // Wilson 2/5: (0.4 + z^2/10 +- z sqrt(0.048 + z^2/100)) / (1 + z^2/5) = 0.1176 .. 0.7693.
  ASSERT_TRUE(relief.overall.itt.interval.has_value());
  EXPECT_NEAR(relief.overall.itt.interval->low, 0.1176, 0.00005);
  EXPECT_NEAR(relief.overall.itt.interval->high, 0.7693, 0.00005);
  EXPECT_EQ(relief.verdict, "below_claim");  // 0.7693 < 0.80

  // A day earlier nothing is due: n = 0, no rate, no verdict but "no data".
  const ClaimsReport early = TestClaims(p, courses, anchor + days{13});
  EXPECT_EQ(early.claims[0].overall.itt.n, 0);
  EXPECT_EQ(early.claims[0].overall.itt.rate, std::nullopt);
  EXPECT_EQ(early.claims[0].verdict, "no_data");
}

TEST(ClaimsTest, TheCoreExerciseComparisonUsesNewcombesInterval) {
  const protocol::Protocol p = ClaimsProtocol();
  const Day week_12 = kStart + days{84};
  std::vector<CourseRow> courses;
  // 10 adherent courses, 9 responders; 10 not adherent, 2 responders (ITT).
  for (int i = 0; i < 20; ++i) {
    const bool adherent = i < 10;
    const bool responds = adherent ? i < 9 : i < 12;
    CourseRow row = Course(8, {{week_12, responds ? 4.0 : 7.0, "week_12"}});
    if (adherent) {
      for (int d = 14; d < 49; ++d) row.core_done.push_back(kStart + days{d});
    }
    courses.push_back(row);
  }
  const ClaimsReport report = TestClaims(p, courses, week_12 + days{14});
  const ClaimResult& core = report.claims[1];
  EXPECT_EQ(core.adherent.itt.k, 9);
  EXPECT_EQ(core.adherent.itt.n, 10);
  EXPECT_EQ(core.not_adherent.itt.k, 2);
  EXPECT_EQ(core.not_adherent.itt.n, 10);
  EXPECT_DOUBLE_EQ(*core.difference_estimate, 0.7);
  const std::optional<stats::Interval> expected = stats::NewcombeDifference(9, 10, 2, 10);
  ASSERT_TRUE(core.difference.has_value());
  EXPECT_EQ(*core.difference, *expected);
  EXPECT_GT(core.difference->low, 0);
  EXPECT_EQ(core.verdict, "supported");

  // Equal groups: the interval spans 0.
  for (CourseRow& row : courses) row.nprs[0].value = 4;
  EXPECT_EQ(TestClaims(p, courses, week_12 + days{14}).claims[1].verdict, "not_shown");
}

}  // namespace
}  // namespace backcare::outcomes
