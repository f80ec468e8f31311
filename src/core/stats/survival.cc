#include "core/stats/survival.h"

#include <algorithm>
#include <cmath>

namespace backcare::stats {

KaplanMeier EstimateKaplanMeier(std::span<const SurvivalObservation> observations, double z) {
  std::vector<SurvivalObservation> sorted(observations.begin(), observations.end());
  std::sort(
      sorted.begin(), sorted.end(),
      [](const SurvivalObservation& a, const SurvivalObservation& b) { return a.time < b.time; });
  std::vector<SurvivalCount> counts;
  for (const SurvivalObservation& observation : sorted) {
    if (counts.empty() || counts.back().time != observation.time) {
      counts.push_back({.time = observation.time, .events = 0, .censored = 0});
    }
    ++(observation.event ? counts.back().events : counts.back().censored);
  }
  return EstimateKaplanMeier(counts, z);
}

KaplanMeier EstimateKaplanMeier(std::span<const SurvivalCount> counts, double z) {
  KaplanMeier curve;
  for (const SurvivalCount& count : counts) curve.subjects += count.events + count.censored;
  // At a tied time the events come first, so the censored are still at risk at that time.
  std::int64_t at_risk = curve.subjects;
  double survival = 1;
  double greenwood = 0;  // sum d / (n (n - d)) so far
  for (const SurvivalCount& count : counts) {
    const std::int64_t events = count.events;
    if (events > 0) {
      survival *= 1.0 - static_cast<double>(events) / static_cast<double>(at_risk);
      if (events < at_risk) {
        greenwood += static_cast<double>(events) /
                     (static_cast<double>(at_risk) * static_cast<double>(at_risk - events));
      }
      Interval band{0, 0};
      if (survival > 0) {
        const double spread = z * std::sqrt(greenwood);
        band = {survival * std::exp(-spread), std::min(1.0, survival * std::exp(spread))};
      }
      const SurvivalStep step{.time = count.time,
                              .at_risk = at_risk,
                              .events = events,
                              .survival = survival,
                              .interval = band};
      curve.steps.push_back(step);
      curve.events += events;
    }
    at_risk -= events + count.censored;
  }

  constexpr double kHalf = 0.5;
  constexpr double kTolerance = 1e-12;
  for (std::size_t s = 0; s < curve.steps.size(); ++s) {
    const SurvivalStep& step = curve.steps[s];
    if (!curve.median && step.survival <= kHalf + kTolerance) {
      const bool exactly_half = std::abs(step.survival - kHalf) <= kTolerance;
      curve.median = exactly_half && s + 1 < curve.steps.size()
                         ? (step.time + curve.steps[s + 1].time) / 2
                         : step.time;
    }
    if (!curve.median_low && step.interval.low <= kHalf) curve.median_low = step.time;
    if (!curve.median_high && step.interval.high <= kHalf) curve.median_high = step.time;
  }
  return curve;
}

std::optional<double> Quantile(std::span<const double> values, double p) {
  if (values.empty() || !(p >= 0 && p <= 1)) return std::nullopt;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) return sorted.back();
  return sorted[below] + (h - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

}  // namespace backcare::stats
