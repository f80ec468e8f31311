#include "core/stats/proportions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace backcare::stats {
namespace {

// Published values are given to 4 decimals: a computed bound must round to them.
void ExpectRoundsTo(double value, double published) {
  EXPECT_NEAR(value, published, 0.00005) << "computed " << value;
}

TEST(WilsonIntervalTest, MatchesNewcombesWorkedExamples) {
  // Newcombe RG (1998) Two-sided confidence intervals for the single proportion: comparison of
  // seven methods. Stat Med 17:857-872, Table I, method 3 (score, no continuity correction).
  struct Case {
    int k;
    int n;
    double low;
    double high;
  };
  const std::vector<Case> cases = {
      {81, 263, 0.2553, 0.3662},
      {15, 148, 0.0624, 0.1605},
      {0, 20, 0.0000, 0.1611},
      {1, 29, 0.0061, 0.1718},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.k) + "/" + std::to_string(c.n));
    const std::optional<Interval> interval = WilsonInterval(c.k, c.n);
    ASSERT_TRUE(interval.has_value());
    ExpectRoundsTo(interval->low, c.low);
    ExpectRoundsTo(interval->high, c.high);
  }
}

TEST(WilsonIntervalTest, HandDerivedCaseAndEdges) {
  // k = 5, n = 10, z = 2: centre (0.5 + 4/20) / 1.4 = 0.5; spread 2 * sqrt(0.025 + 0.01) / 1.4.
  const std::optional<Interval> half = WilsonInterval(5, 10, 2.0);
  ASSERT_TRUE(half.has_value());
  const double spread = 2 * std::sqrt(0.035) / 1.4;
  EXPECT_DOUBLE_EQ(half->low, 0.5 - spread);
  EXPECT_DOUBLE_EQ(half->high, 0.5 + spread);
  // All successes: the upper bound is exactly 1, the lower n / (n + z^2).
  const std::optional<Interval> all = WilsonInterval(10, 10, 2.0);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->high, 1.0);
  EXPECT_NEAR(all->low, 10.0 / 14.0, 1e-15);
  EXPECT_EQ(WilsonInterval(0, 0), std::nullopt) << "no interval without observations";
  EXPECT_EQ(WilsonInterval(3, 2), std::nullopt);
  EXPECT_EQ(WilsonInterval(-1, 2), std::nullopt);
}

TEST(NewcombeDifferenceTest, MatchesNewcombesTableForMethod10) {
  // Newcombe RG (1998) Interval estimation for the difference between independent proportions:
  // comparison of eleven methods. Stat Med 17:873-890, Table II, method 10 (hybrid score).
  struct Case {
    int k1, n1, k2, n2;
    double low;
    double high;
  };
  const std::vector<Case> cases = {
      {56, 70, 48, 80, 0.0524, 0.3339}, {9, 10, 3, 10, 0.1705, 0.8090},
      {6, 7, 2, 7, 0.0582, 0.8062},     {5, 56, 0, 29, -0.0381, 0.1926},
      {0, 10, 0, 20, -0.1611, 0.2775},  {0, 10, 0, 10, -0.2775, 0.2775},
      {10, 10, 0, 20, 0.6791, 1.0000},  {10, 10, 0, 10, 0.6075, 1.0000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.k1) + "/" + std::to_string(c.n1) + " - " + std::to_string(c.k2) +
                 "/" + std::to_string(c.n2));
    const std::optional<Interval> interval = NewcombeDifference(c.k1, c.n1, c.k2, c.n2);
    ASSERT_TRUE(interval.has_value());
    ExpectRoundsTo(interval->low, c.low);
    ExpectRoundsTo(interval->high, c.high);
  }
  EXPECT_EQ(NewcombeDifference(1, 2, 0, 0), std::nullopt);
}

}  // namespace
}  // namespace backcare::stats
