// Confidence intervals for proportions, as the outcomes report states them: the Wilson score
// interval for one proportion and Newcombe's hybrid score interval (his method 10) for the
// difference of two independent proportions. Pure functions; no interval exists for n = 0.
#ifndef BACKCARE_CORE_STATS_PROPORTIONS_H_
#define BACKCARE_CORE_STATS_PROPORTIONS_H_

#include <cstdint>
#include <optional>

namespace backcare::stats {

// The standard normal quantile for a two-sided 95 % interval, to double precision.
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;
  friend bool operator==(const Interval&, const Interval&) = default;
};

// Wilson's score interval for k successes out of n (0 <= k <= n), without continuity correction:
// the roots in p of |k/n - p| = z * sqrt(p (1 - p) / n). nullopt when n is 0 (or k is out of
// range).
std::optional<Interval> WilsonInterval(std::int64_t k, std::int64_t n, double z = kZ95);

// Newcombe's hybrid score interval for p1 - p2 (p1 = k1/n1, p2 = k2/n2) from the two Wilson
// intervals [l1, u1] and [l2, u2]:
//   low  = (p1 - p2) - sqrt((p1 - l1)^2 + (u2 - p2)^2)
//   high = (p1 - p2) + sqrt((u1 - p1)^2 + (p2 - l2)^2)
// (Newcombe 1998, Statistics in Medicine 17:873-890). nullopt when either n is 0.
std::optional<Interval> NewcombeDifference(std::int64_t k1, std::int64_t n1, std::int64_t k2,
                                           std::int64_t n2, double z = kZ95);

}  // namespace backcare::stats

#endif  // BACKCARE_CORE_STATS_PROPORTIONS_H_
