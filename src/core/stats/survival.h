// Kaplan-Meier estimation of a survival curve with right censoring: for the outcomes report, the
// time to a course's first >= 30 % NPRS reduction, censored at dropout or the last observation.
// Pure; times in any unit (the report uses days).
#ifndef BACKCARE_CORE_STATS_SURVIVAL_H_
#define BACKCARE_CORE_STATS_SURVIVAL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/stats/proportions.h"

namespace backcare::stats {

// One subject: the event happened at `time`, or (event false) it was still event-free when last
// seen at `time` (censored).
struct SurvivalObservation {
  double time = 0;
  bool event = false;
};

// The curve at one distinct event time.
struct SurvivalStep {
  double time = 0;
  std::int64_t at_risk = 0;  // subjects with time >= this time
  std::int64_t events = 0;   // events at this time
  double survival = 1;
  // Pointwise interval of S(t) on the log scale (Greenwood's variance of log S):
  // S * exp(+-z * sqrt(sum d / (n (n - d)))), capped at 1; equal to `survival` when S is 0.
  Interval interval;
};

struct KaplanMeier {
  std::int64_t subjects = 0;
  std::int64_t events = 0;
  std::vector<SurvivalStep> steps;  // by time
  // The median time to the event: the first step time with S <= 0.5 (when S is exactly 0.5 from
  // a step on, the midpoint between that step and the next event time); nullopt while S > 0.5.
  std::optional<double> median;
  // Its interval (Brookmeyer-Crowley style, as R's survfit reads its pointwise band): low is the
  // first step where the band's lower bound is <= 0.5, high the first where its upper bound is;
  // nullopt where the band never gets there.
  std::optional<double> median_low;
  std::optional<double> median_high;
};

// The Kaplan-Meier estimate. At a tied time, events come before censorings (a subject censored
// at t was at risk at t). Observations may be in any order; negative times are not allowed.
KaplanMeier EstimateKaplanMeier(std::span<const SurvivalObservation> observations, double z = kZ95);

// The subjects leaving the risk set at one time: `events` had the event, `censored` were last
// seen event-free.
struct SurvivalCount {
  double time = 0;
  std::int64_t events = 0;
  std::int64_t censored = 0;
};

// The same estimate from counts per distinct time, in increasing time order (the outcomes report
// counts per day instead of sorting a million observations).
KaplanMeier EstimateKaplanMeier(std::span<const SurvivalCount> counts, double z = kZ95);

// The p-quantile (0 <= p <= 1) of `values` by linear interpolation between order statistics
// (Hyndman and Fan's type 7, R's default): h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h
// + 1] - x[floor h]). nullopt for no values.
std::optional<double> Quantile(std::span<const double> values, double p);

}  // namespace backcare::stats

#endif  // BACKCARE_CORE_STATS_SURVIVAL_H_
