#include "core/outcomes/claims.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace backcare::outcomes {
namespace {

using std::chrono::days;

constexpr days kDueAfter{14};
constexpr days kUntaggedBefore{7};
constexpr days kUntaggedAfter{14};

const protocol::Checkpoint* FindCheckpoint(const protocol::Protocol& protocol,
                                           const std::string& id) {
  for (const protocol::Checkpoint& checkpoint : protocol.checkpoints) {
    if (checkpoint.id == id) return &checkpoint;
  }
  return nullptr;
}

bool Whole(double value) { return std::abs(value - std::round(value)) < 1e-9; }

// Adds one course's outcome at a checkpoint to `rates`: due courses only.
void Count(CheckpointRates& rates, const std::optional<double>& score, double baseline,
           double min_reduction_percent) {
  ++rates.itt.n;
  if (!score) {
    ++rates.missing;
    return;
  }
  ++rates.complete_case.n;
  if (IsResponder(baseline, *score, min_reduction_percent)) {
    ++rates.itt.k;
    ++rates.complete_case.k;
  }
}

void Finish(CheckpointRates& rates) {
  rates.itt = RateOf(rates.itt.k, rates.itt.n);
  rates.complete_case = RateOf(rates.complete_case.k, rates.complete_case.n);
}

}  // namespace

std::optional<Day> AnchorDate(const protocol::Protocol& protocol,
                              const protocol::Checkpoint& checkpoint, const CourseRow& course) {
  if (checkpoint.week) return course.start + days{7 * *checkpoint.week};
  if (!checkpoint.after_session) return std::nullopt;
  const int nth = *checkpoint.after_session;
  if (nth >= 1 && static_cast<std::size_t>(nth) <= course.attended.size()) {
    return course.attended[static_cast<std::size_t>(nth - 1)];
  }
  if (protocol.phases.empty()) return std::nullopt;
  const int per_week = protocol.phases.front().cadence.sessions_per_week;
  if (per_week <= 0) return std::nullopt;
  const int weeks = (nth + per_week - 1) / per_week;
  return course.start + days{7 * weeks};
}

bool IsDue(Day anchor, Day as_of) { return as_of >= anchor + kDueAfter; }

std::optional<double> CheckpointScore(const CourseRow& course, const std::string& checkpoint_id,
                                      Day anchor) {
  const Score* tagged = nullptr;
  for (const Score& score : course.nprs) {
    if (score.checkpoint == checkpoint_id && (tagged == nullptr || score.date >= tagged->date)) {
      tagged = &score;
    }
  }
  if (tagged != nullptr) return tagged->value;
  const Score* closest = nullptr;
  for (const Score& score : course.nprs) {
    if (!score.checkpoint.empty()) continue;
    if (score.date < anchor - kUntaggedBefore || score.date >= anchor + kUntaggedAfter) continue;
    if (closest == nullptr) {
      closest = &score;
      continue;
    }
    const auto distance = [&](const Score& s) { return std::chrono::abs(s.date - anchor); };
    if (distance(score) < distance(*closest) ||
        (distance(score) == distance(*closest) && score.date <= closest->date)) {
      closest = &score;
    }
  }
  if (closest != nullptr) return closest->value;
  return std::nullopt;
}

bool IsResponder(double baseline, double score, double min_reduction_percent) {
  if (Whole(baseline) && Whole(score) && Whole(min_reduction_percent)) {
    const auto b = static_cast<std::int64_t>(std::llround(baseline));
    const auto s = static_cast<std::int64_t>(std::llround(score));
    const auto pct = static_cast<std::int64_t>(std::llround(min_reduction_percent));
    return 100 * (b - s) >= pct * b;
  }
  return 100 * (baseline - score) >= min_reduction_percent * baseline;
}

bool AdheresToCoreExercises(const CourseRow& course) {
  const Day from = course.start + days{14};
  const Day to = course.start + days{84};
  std::set<Day> dates;
  for (Day day : course.core_done) {
    if (day >= from && day < to) dates.insert(day);
  }
  return dates.size() >= 35;
}

Rate RateOf(std::int64_t k, std::int64_t n) {
  Rate rate{.k = k, .n = n, .rate = std::nullopt, .interval = stats::WilsonInterval(k, n)};
  if (n > 0) rate.rate = static_cast<double>(k) / static_cast<double>(n);
  return rate;
}

ClaimsReport TestClaims(const protocol::Protocol& protocol, std::span<const CourseRow> courses,
                        Day as_of) {
  ClaimsReport report;
  report.as_of = as_of;
  std::vector<const CourseRow*> evaluable;
  for (const CourseRow& course : courses) {
    if (course.baseline && *course.baseline > 0) {
      evaluable.push_back(&course);
    } else {
      ++report.not_evaluable;
    }
  }
  report.courses = static_cast<std::int64_t>(evaluable.size());

  for (const protocol::Claim& claim : protocol.claims) {
    const protocol::Checkpoint* checkpoint = FindCheckpoint(protocol, claim.checkpoint);
    if (checkpoint == nullptr) continue;
    ClaimResult result;
    result.claim = &claim;
    const bool comparison = claim.kind == "comparison";
    for (const CourseRow* course : evaluable) {
      const std::optional<Day> anchor = AnchorDate(protocol, *checkpoint, *course);
      if (!anchor || !IsDue(*anchor, as_of)) continue;
      const std::optional<double> score = CheckpointScore(*course, checkpoint->id, *anchor);
      Count(result.overall, score, *course->baseline, claim.min_reduction_percent);
      if (comparison) {
        Count(AdheresToCoreExercises(*course) ? result.adherent : result.not_adherent, score,
              *course->baseline, claim.min_reduction_percent);
      }
    }
    Finish(result.overall);
    Finish(result.adherent);
    Finish(result.not_adherent);
    if (comparison) {
      result.difference =
          stats::NewcombeDifference(result.adherent.itt.k, result.adherent.itt.n,
                                    result.not_adherent.itt.k, result.not_adherent.itt.n);
      if (result.adherent.itt.rate && result.not_adherent.itt.rate) {
        result.difference_estimate = *result.adherent.itt.rate - *result.not_adherent.itt.rate;
      }
      result.verdict = !result.difference            ? "not_shown"
                       : result.difference->low > 0  ? "supported"
                       : result.difference->high < 0 ? "contradicted"
                                                     : "not_shown";
    } else {
      const double claimed = claim.proportion.value_or(0);
      const std::optional<stats::Interval>& ci = result.overall.itt.interval;
      result.verdict = !ci                  ? "no_data"
                       : ci->high < claimed ? "below_claim"
                       : ci->low > claimed  ? "above_claim"
                                            : "consistent";
    }
    report.claims.push_back(std::move(result));
  }
  return report;
}

}  // namespace backcare::outcomes
