#include "core/outcomes/claims.h"

#include "core/outcomes/cohort.h"
#include "core/outcomes/report.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace backcare::outcomes {
namespace {

using std::chrono::days;

constexpr days kDueAfter{14};
constexpr days kUntaggedBefore{7};
constexpr days kUntaggedAfter{14};

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
  // Whole numbers (NPRS scores and percents are) make both products exact in a double, so this
  // is the integer comparison 100 x (b - s) >= pct x b.
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

Status CheckReportable(const protocol::Protocol& protocol) {
  std::vector<FieldError> fields;
  for (std::size_t i = 0; i < protocol.claims.size(); ++i) {
    const protocol::Claim& claim = protocol.claims[i];
    if (claim.instrument != "nprs") {
      fields.push_back({"", "claims[" + std::to_string(i) + "].instrument",
                        "the outcomes report tests NPRS claims only, got '" + claim.instrument +
                            "' (claim '" + claim.id + "')"});
    }
  }
  if (fields.empty()) return OkStatus();
  return InvalidInput("protocol '" + protocol.id + "' version " + std::to_string(protocol.version) +
                          " has claims the outcomes report cannot test",
                      std::move(fields));
}

ClaimsReport TestClaims(const protocol::Protocol& protocol, std::span<const CourseRow> courses,
                        Day as_of) {
  Cohort cohort(protocol.checkpoints.size());
  for (const CourseRow& course : courses) cohort.Add(ResolveCourse(protocol, course));
  return BuildOutcomesReport(protocol, cohort, {}, as_of).claims;
}

}  // namespace backcare::outcomes
