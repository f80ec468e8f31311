#include "core/outcomes/report.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace backcare::outcomes {
namespace {

using std::chrono::days;
using std::chrono::year;

constexpr Day kStart{year{2026} / 3 / 2};
const Day kAsOf = kStart + days{120};  // week_4 (day 28) and week_12 (day 84) are due

// Two banded phases (weeks 0-4: 30-50 %, weeks 4-12: 60-80 %), their end checkpoints and one
// proportion claim at week_12.
protocol::Protocol BandedProtocol() {
  protocol::Protocol p;
  protocol::Phase first;
  first.id = "initial_relief";
  first.start_week = 0;
  first.end_week = 4;
  first.cadence.sessions_per_week = 2;
  first.expected_reduction = protocol::PercentBand{30, 50};
  protocol::Phase second;
  second.id = "progressive";
  second.start_week = 4;
  second.end_week = 12;
  second.cadence.sessions_per_week = 1;
  second.expected_reduction = protocol::PercentBand{60, 80};
  protocol::Phase maintenance;
  maintenance.id = "maintenance";
  maintenance.start_week = 12;
  maintenance.end_week = 26;
  p.phases = {first, second, maintenance};
  protocol::Checkpoint baseline;
  baseline.id = "baseline";
  baseline.at_baseline = true;
  protocol::Checkpoint week_4;
  week_4.id = "week_4";
  week_4.week = 4;
  protocol::Checkpoint week_12;
  week_12.id = "week_12";
  week_12.week = 12;
  p.checkpoints = {baseline, week_4, week_12};
  protocol::Claim improved;
  improved.id = "improved_at_week_12";
  improved.kind = "proportion";
  improved.proportion = 0.70;
  improved.instrument = "nprs";
  improved.checkpoint = "week_12";
  improved.min_reduction_percent = 30;
  p.claims = {improved};
  return p;
}

CourseRow Row(std::int64_t id, std::int64_t clinic, std::int64_t therapist,
              std::optional<double> baseline, std::vector<Score> nprs) {
  CourseRow row;
  row.course_id = id;
  row.clinic_id = clinic;
  row.therapist_id = therapist;
  row.start = kStart;
  row.baseline = baseline;
  row.nprs = std::move(nprs);
  return row;
}

Score At(int day, double value, std::string checkpoint = "") {
  return {.date = kStart + days{day}, .value = value, .checkpoint = std::move(checkpoint)};
}

// Baseline 10 for all. A: 5 at week 4 (50 %, the band's top), 3 at week 12 (70 %). B: 8 (20 %,
// below), 1 (90 %, above). F: 7 (30 %, the band's bottom), 4 (60 %, the bottom). C (sciatic,
// therapist 2, clinic 2): one untagged 9 on day 10, outside both windows, and a dropout on day 20.
// D: baseline 0, not evaluable. E: starts after the report date.
Cohort Example(const protocol::Protocol& p) {
  CourseRow a = Row(1, 1, 1, 10, {At(28, 5, "week_4"), At(84, 3, "week_12")});
  CourseRow b = Row(2, 1, 1, 10, {At(28, 8, "week_4"), At(84, 1, "week_12")});
  CourseRow f = Row(3, 1, 1, 10, {At(28, 7, "week_4"), At(84, 4, "week_12")});
  CourseRow c = Row(4, 2, 2, 10, {At(10, 9)});
  c.sciatic = true;
  c.dropout = kStart + days{20};
  CourseRow d = Row(5, 2, 2, 0, {});
  CourseRow e = Row(6, 1, 1, 10, {});
  e.start = kAsOf + days{1};
  Cohort cohort(p.checkpoints.size());
  for (const CourseRow& row : {a, b, f, c, d, e}) cohort.Add(ResolveCourse(p, row));
  return cohort;
}

TEST(OutcomesReportTest, ClaimsPopulationAndDropoutsByHand) {
  const protocol::Protocol p = BandedProtocol();
  const OutcomesReport report = BuildOutcomesReport(p, Example(p), {}, kAsOf);
  EXPECT_EQ(report.claims.courses, 4);  // A, B, F, C; E has not started by the report date
  EXPECT_EQ(report.claims.not_evaluable, 1);
  EXPECT_EQ(report.dropouts, 1);
  ASSERT_EQ(report.claims.claims.size(), 1u);
  const ClaimResult& claim = report.claims.claims[0];
  // Week 12 responders (>= 30 %): A, B, F; C has no score.
  EXPECT_EQ(claim.overall.itt.k, 3);
  EXPECT_EQ(claim.overall.itt.n, 4);
  EXPECT_EQ(claim.overall.complete_case.k, 3);
  EXPECT_EQ(claim.overall.complete_case.n, 3);
  EXPECT_EQ(claim.overall.missing, 1);
  // Wilson 3/4: (0.75 + z^2/8 +- z sqrt(0.046875 + z^2/64)) / (1 + z^2/4) = 0.3006 .. 0.9544:
  // it holds 0.70.
  EXPECT_NEAR(claim.overall.itt.interval->low, 0.3006, 0.0001);
  EXPECT_NEAR(claim.overall.itt.interval->high, 0.9544, 0.0001);
  EXPECT_EQ(claim.verdict, "consistent");
}

TEST(OutcomesReportTest, BandsCountTheBoundsAsWithin) {
  const protocol::Protocol p = BandedProtocol();
  const OutcomesReport report = BuildOutcomesReport(p, Example(p), {}, kAsOf);
  ASSERT_EQ(report.bands.size(), 2u);  // maintenance has no band
  const BandCounts& week_4 = report.bands[0];
  EXPECT_EQ(week_4.phase_id, "initial_relief");
  EXPECT_EQ(week_4.checkpoint_id, "week_4");
  EXPECT_EQ(week_4.due, 4);
  EXPECT_EQ(week_4.within, 2);  // A at 50 %, F at 30 %
  EXPECT_EQ(week_4.below, 1);   // B at 20 %
  EXPECT_EQ(week_4.above, 0);
  EXPECT_EQ(week_4.missing, 1);  // C
  const BandCounts& week_12 = report.bands[1];
  EXPECT_EQ(week_12.checkpoint_id, "week_12");
  EXPECT_EQ(week_12.within, 2);  // A at 70 %, F at 60 %
  EXPECT_EQ(week_12.above, 1);   // B at 90 %
  EXPECT_EQ(week_12.below, 0);
  EXPECT_EQ(week_12.missing, 1);
  // On day 41 week_4 is not due yet (28 + 14 = 42): no band row counts anything.
  const OutcomesReport early = BuildOutcomesReport(p, Example(p), {}, kStart + days{41});
  EXPECT_EQ(early.bands[0].due, 0);
}

TEST(OutcomesReportTest, TimeToFirstResponseCensorsAtDropoutOrLastScore) {
  const protocol::Protocol p = BandedProtocol();
  const OutcomesReport report = BuildOutcomesReport(p, Example(p), {}, kAsOf);
  // A and F respond on day 28 (50 %, 30 %), B on day 84; C is censored on day 10 (its last
  // score, before its dropout on day 20). At 28: 3 at risk, 2 events, S = 1/3; at 84: S = 0.
  const stats::KaplanMeier& curve = report.time_to_response;
  EXPECT_EQ(curve.subjects, 4);
  EXPECT_EQ(curve.events, 3);
  ASSERT_EQ(curve.steps.size(), 2u);
  EXPECT_EQ(curve.steps[0].time, 28);
  EXPECT_EQ(curve.steps[0].at_risk, 3);
  EXPECT_DOUBLE_EQ(curve.steps[0].survival, 1.0 / 3.0);
  EXPECT_EQ(curve.steps[1].time, 84);
  EXPECT_EQ(curve.steps[1].survival, 0);
  EXPECT_EQ(curve.median, 28);
  // As of day 50, B has not responded yet: it is censored on day 50 (its last score, day 84, is
  // capped at the report date).
  const OutcomesReport early = BuildOutcomesReport(p, Example(p), {}, kStart + days{50});
  EXPECT_EQ(early.time_to_response.events, 2);
  EXPECT_EQ(early.time_to_response.steps.size(), 1u);
}

TEST(OutcomesReportTest, GroupsAndFilters) {
  const protocol::Protocol p = BandedProtocol();
  const Cohort cohort = Example(p);
  const OutcomesReport report = BuildOutcomesReport(p, cohort, {}, kAsOf);
  ASSERT_EQ(report.by_therapist.size(), 2u);
  EXPECT_EQ(report.by_therapist[0].id, 1);
  EXPECT_EQ(report.by_therapist[0].claims.courses, 3);
  EXPECT_EQ(report.by_therapist[0].claims.claims[0].overall.itt.k, 3);
  EXPECT_EQ(report.by_therapist[1].id, 2);
  EXPECT_EQ(report.by_therapist[1].claims.courses, 1);
  EXPECT_EQ(report.by_therapist[1].claims.not_evaluable, 1);
  EXPECT_EQ(report.by_therapist[1].claims.claims[0].overall.itt.k, 0);
  EXPECT_EQ(report.by_therapist[1].bands[0].missing, 1);
  ASSERT_EQ(report.by_clinic.size(), 2u);
  EXPECT_EQ(report.by_clinic[1].id, 2);
  EXPECT_EQ(report.by_clinic[1].claims.claims[0].overall.itt.n, 1);

  CohortFilter sciatic;
  sciatic.sciatic = true;
  const OutcomesReport only_c = BuildOutcomesReport(p, cohort, sciatic, kAsOf);
  EXPECT_EQ(only_c.claims.courses, 1);
  EXPECT_EQ(only_c.claims.claims[0].overall.missing, 1);

  CohortFilter therapist;
  therapist.therapist_id = 1;
  EXPECT_EQ(BuildOutcomesReport(p, cohort, therapist, kAsOf).claims.courses, 3);

  CohortFilter later;
  later.from = kStart + days{1};
  const OutcomesReport none = BuildOutcomesReport(p, cohort, later, kAsOf);
  EXPECT_EQ(none.claims.courses, 0);
  EXPECT_EQ(none.claims.claims[0].overall.itt.rate, std::nullopt);
  EXPECT_EQ(none.claims.claims[0].verdict, "no_data");
  EXPECT_TRUE(none.by_therapist.empty());
  EXPECT_EQ(none.time_to_response.subjects, 0);
}

TEST(CohortTest, SetReplacesACourseAfterItsRowsChange) {
  const protocol::Protocol p = BandedProtocol();
  Cohort cohort = Example(p);
  // C's week 12 check-in arrives: 2 (80 %), tagged.
  CourseRow c = Row(4, 2, 2, 10, {At(10, 9), At(84, 2, "week_12")});
  c.sciatic = true;
  c.dropout = kStart + days{20};
  cohort.Set(3, ResolveCourse(p, c));
  const OutcomesReport report = BuildOutcomesReport(p, cohort, {}, kAsOf);
  EXPECT_EQ(report.claims.claims[0].overall.itt.k, 4);
  EXPECT_EQ(report.claims.claims[0].overall.missing, 0);
  EXPECT_EQ(cohort.size(), 6u);
}

TEST(CohortTest, RemoveMovesTheLastRowIntoThePlace) {
  const protocol::Protocol p = BandedProtocol();
  Cohort cohort = Example(p);
  cohort.Remove(0);  // course 1 (A) goes; course 6 (E), the last, takes row 0
  EXPECT_EQ(cohort.size(), 5u);
  EXPECT_EQ(cohort.course_id[0], 6);
  const OutcomesReport report = BuildOutcomesReport(p, cohort, {}, kAsOf);
  EXPECT_EQ(report.claims.courses, 3);  // B, F, C
  EXPECT_EQ(report.claims.claims[0].overall.itt.k, 2);
  cohort.Remove(cohort.size() - 1);  // the last row itself
  EXPECT_EQ(cohort.size(), 4u);
  EXPECT_EQ(cohort.score[2].size(), 4u);
}

TEST(CohortTest, ResolveKeepsTheFirstResponseAndTheLastScoreFromTheStart) {
  const protocol::Protocol p = BandedProtocol();
  // A score before the start (an intake answer) is neither a response nor an observation.
  const CourseFacts facts =
      ResolveCourse(p, Row(1, 1, 1, 8, {At(-3, 2), At(40, 6), At(14, 5), At(80, 4)}));
  EXPECT_EQ(facts.first_response, kStart + days{14});  // 8 -> 5 is 37.5 %
  EXPECT_EQ(facts.last_observation, kStart + days{80});
  ASSERT_EQ(facts.anchors.size(), 3u);
  EXPECT_EQ(facts.anchors[0], std::nullopt);  // baseline has no anchor
  EXPECT_EQ(facts.anchors[1], kStart + days{28});
  EXPECT_EQ(facts.scores[1], 6);  // week_4's window [21, 42) holds only day 40
  EXPECT_EQ(facts.scores[2], 4);  // week_12's window [77, 98) holds day 80
}

}  // namespace
}  // namespace backcare::outcomes
