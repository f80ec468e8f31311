#include "core/stats/proportions.h"

#include <algorithm>
#include <cmath>

namespace backcare::stats {

std::optional<Interval> WilsonInterval(std::int64_t k, std::int64_t n, double z) {
  if (n <= 0 || k < 0 || k > n) return std::nullopt;
  const auto nd = static_cast<double>(n);
  const double p = static_cast<double>(k) / nd;
  const double z2 = z * z;
  const double centre = p + z2 / (2 * nd);
  const double spread = z * std::sqrt(p * (1 - p) / nd + z2 / (4 * nd * nd));
  const double denominator = 1 + z2 / nd;
  // At k = 0 and k = n one bound is exactly 0 or 1; rounding must not move it.
  const double low = k == 0 ? 0.0 : (centre - spread) / denominator;
  const double high = k == n ? 1.0 : (centre + spread) / denominator;
  return Interval{std::max(0.0, low), std::min(1.0, high)};
}

std::optional<Interval> NewcombeDifference(std::int64_t k1, std::int64_t n1, std::int64_t k2,
                                           std::int64_t n2, double z) {
  const std::optional<Interval> first = WilsonInterval(k1, n1, z);
  const std::optional<Interval> second = WilsonInterval(k2, n2, z);
  if (!first || !second) return std::nullopt;
  const double p1 = static_cast<double>(k1) / static_cast<double>(n1);
  const double p2 = static_cast<double>(k2) / static_cast<double>(n2);
  const double difference = p1 - p2;
  const double below = std::hypot(p1 - first->low, second->high - p2);
  const double above = std::hypot(first->high - p1, p2 - second->low);
  return Interval{std::max(-1.0, difference - below), std::min(1.0, difference + above)};
}

}  // namespace backcare::stats
