#include "core/stats/survival.h"

#include <gtest/gtest.h>

#include <vector>

namespace backcare::stats {
namespace {

// Freireich et al. (1963) remission times in weeks, as in Gehan (1965) and the textbooks that use
// them for Kaplan-Meier (e.g. Kleinbaum and Klein, Survival Analysis, ch. 2); "+" = censored.
std::vector<SurvivalObservation> SixMpGroup() {
  std::vector<SurvivalObservation> group;
  for (double t : {6, 6, 6, 7, 10, 13, 16, 22, 23}) group.push_back({t, true});
  for (double t : {6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35}) group.push_back({t, false});
  return group;
}

std::vector<SurvivalObservation> PlaceboGroup() {
  std::vector<SurvivalObservation> group;
  for (double t : {1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23}) {
    group.push_back({t, true});
  }
  return group;
}

TEST(KaplanMeierTest, SixMpGroupMatchesTheTextbookCurve) {
  const KaplanMeier curve = EstimateKaplanMeier(SixMpGroup());
  EXPECT_EQ(curve.subjects, 21);
  EXPECT_EQ(curve.events, 9);
  // Published (3 decimals): 0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448; at risk 21, 17,
  // 15, 12, 11, 7, 6 (the one censored at 6 is at risk at 6).
  const std::vector<double> times = {6, 7, 10, 13, 16, 22, 23};
  const std::vector<std::int64_t> at_risk = {21, 17, 15, 12, 11, 7, 6};
  const std::vector<double> survival = {0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448};
  ASSERT_EQ(curve.steps.size(), times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    SCOPED_TRACE(times[i]);
    EXPECT_EQ(curve.steps[i].time, times[i]);
    EXPECT_EQ(curve.steps[i].at_risk, at_risk[i]);
    EXPECT_NEAR(curve.steps[i].survival, survival[i], 0.0005);
  }
  EXPECT_DOUBLE_EQ(curve.steps[0].survival, 18.0 / 21.0);  // exactly, by hand
  EXPECT_DOUBLE_EQ(curve.steps[1].survival, 18.0 / 21.0 * 16.0 / 17.0);
  // R: survfit(Surv(time, cens) ~ treat, data = MASS::gehan): 6-MP median 23, 0.95LCL 16, UCL NA.
  EXPECT_EQ(curve.median, 23);
  EXPECT_EQ(curve.median_low, 16);
  EXPECT_EQ(curve.median_high, std::nullopt);
}

TEST(KaplanMeierTest, PlaceboGroupMedianAndItsInterval) {
  const KaplanMeier curve = EstimateKaplanMeier(PlaceboGroup());
  EXPECT_EQ(curve.events, 21);
  // R (as above), control: median 8, 0.95LCL 4, 0.95UCL 12. By hand: S(5) = 12/21 > 0.5,
  // S(8) = 8/21; at 4 the band's lower bound is (14/21) exp(-1.96 sqrt(0.02381)) = 0.493; at 12
  // the upper bound is (4/21) exp(1.96 sqrt(0.20238)) = 0.460.
  EXPECT_EQ(curve.median, 8);
  EXPECT_EQ(curve.median_low, 4);
  EXPECT_EQ(curve.median_high, 12);
  EXPECT_NEAR(curve.steps[3].interval.low, 0.493, 0.0005);
  EXPECT_EQ(curve.steps.back().survival, 0);
  EXPECT_EQ(curve.steps.back().interval, (Interval{0, 0}));
}

TEST(KaplanMeierTest, AnExactHalfTakesTheMidpointAndNoEventsGiveNoMedian) {
  // Four subjects, events at 1 and 2 (S = 0.75, 0.5), then 3 and 4: median (2 + 3) / 2.
  const std::vector<SurvivalObservation> four = {{1, true}, {2, true}, {3, true}, {4, true}};
  EXPECT_EQ(EstimateKaplanMeier(four).median, 2.5);
  const std::vector<SurvivalObservation> censored = {{5, false}, {7, false}};
  const KaplanMeier none = EstimateKaplanMeier(censored);
  EXPECT_TRUE(none.steps.empty());
  EXPECT_EQ(none.median, std::nullopt);
  EXPECT_EQ(EstimateKaplanMeier(std::span<const SurvivalObservation>{}).subjects, 0);
}

TEST(KaplanMeierTest, CountsPerTimeGiveTheSameCurveAsTheObservations) {
  // The 6-MP group as counts per week: (6: 3 events, 1 censored), (7: 1 event), ...
  const std::vector<SurvivalCount> counts = {{6, 3, 1},  {7, 1, 0},  {9, 0, 1},  {10, 1, 1},
                                             {11, 0, 1}, {13, 1, 0}, {16, 1, 0}, {17, 0, 1},
                                             {19, 0, 1}, {20, 0, 1}, {22, 1, 0}, {23, 1, 0},
                                             {25, 0, 1}, {32, 0, 2}, {34, 0, 1}, {35, 0, 1}};
  const KaplanMeier from_counts = EstimateKaplanMeier(counts);
  const KaplanMeier from_observations = EstimateKaplanMeier(SixMpGroup());
  EXPECT_EQ(from_counts.subjects, 21);
  ASSERT_EQ(from_counts.steps.size(), from_observations.steps.size());
  for (std::size_t i = 0; i < from_counts.steps.size(); ++i) {
    EXPECT_EQ(from_counts.steps[i].time, from_observations.steps[i].time);
    EXPECT_EQ(from_counts.steps[i].at_risk, from_observations.steps[i].at_risk);
    EXPECT_DOUBLE_EQ(from_counts.steps[i].survival, from_observations.steps[i].survival);
    EXPECT_EQ(from_counts.steps[i].interval, from_observations.steps[i].interval);
  }
  EXPECT_EQ(from_counts.median, 23);
  EXPECT_EQ(from_counts.median_low, 16);
}

TEST(QuantileTest, Type7InterpolationByHand) {
  const std::vector<double> values = {7, 1, 3, 5};  // sorted 1 3 5 7
  EXPECT_EQ(Quantile(values, 0), 1);
  EXPECT_EQ(Quantile(values, 1), 7);
  EXPECT_EQ(Quantile(values, 0.5), 4);             // h = 1.5: 3 + 0.5 * 2
  EXPECT_DOUBLE_EQ(*Quantile(values, 0.25), 2.5);  // h = 0.75: 1 + 0.75 * 2
  EXPECT_EQ(Quantile({}, 0.5), std::nullopt);
  EXPECT_EQ(Quantile(values, 1.5), std::nullopt);
}

}  // namespace
}  // namespace backcare::stats
