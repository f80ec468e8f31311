#include "core/progress/trajectory.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace backcare::progress {
namespace {

using instrument::DivideRoundHalfAwayFromZero;

// A knot of the piecewise-linear band: week in whole weeks, percents in hundredths.
struct Knot {
  std::int64_t week = 0;
  std::int64_t min_hundredths = 0;
  std::int64_t max_hundredths = 0;
};

std::int64_t ToHundredths(double percent) { return std::llround(percent * 100.0); }

Error NoBand(const protocol::Protocol& protocol) {
  return InvalidInput("protocol '" + protocol.id +
                      "' has no phase with an expected_reduction band");
}

std::vector<Knot> Knots(const protocol::Protocol& protocol) {
  std::vector<Knot> knots = {Knot{0, 0, 0}};
  for (const protocol::Phase& phase : protocol.phases) {
    if (!phase.expected_reduction.has_value()) continue;
    knots.push_back(Knot{phase.end_week, ToHundredths(phase.expected_reduction->min_percent),
                         ToHundredths(phase.expected_reduction->max_percent)});
  }
  return knots;
}

// Linear interpolation between a and b at week_hundredths (a.week*100 <= w <= b.week*100),
// rounded to the nearest hundredth: a + (b - a) * (w - wa) / (wb - wa), in integers.
std::int64_t Interpolate(std::int64_t a_value, std::int64_t b_value, std::int64_t a_week_h,
                         std::int64_t b_week_h, std::int64_t week_h) {
  const std::int64_t span = b_week_h - a_week_h;
  return DivideRoundHalfAwayFromZero(a_value * span + (b_value - a_value) * (week_h - a_week_h),
                                     span);
}

}  // namespace

std::string_view ProgressStatusName(ProgressStatus status) {
  switch (status) {
    case ProgressStatus::kAhead:
      return "ahead";
    case ProgressStatus::kOnTrack:
      return "on_track";
    case ProgressStatus::kBehind:
      return "behind";
    case ProgressStatus::kOffTrack:
      return "off_track";
    case ProgressStatus::kNoBand:
      return "no_band";
    case ProgressStatus::kWorse:
      return "worse";
    case ProgressStatus::kNotEvaluable:
      return "not_evaluable";
  }
  return "off_track";
}

Result<Checkpoint> OffTrackCheckpoint(const protocol::Protocol& protocol) {
  ASSIGN_OR_RETURN(std::vector<Checkpoint> checkpoints, BandedCheckpoints(protocol));
  return checkpoints.front();
}

Result<std::vector<Checkpoint>> BandedCheckpoints(const protocol::Protocol& protocol) {
  std::vector<Checkpoint> checkpoints;
  for (const Knot& knot : Knots(protocol)) {
    if (knot.week <= 0) continue;
    // A knot not after its predecessor (a phase out of order or empty) replaces it.
    if (!checkpoints.empty() && knot.week <= checkpoints.back().week) checkpoints.pop_back();
    checkpoints.push_back(
        Checkpoint{static_cast<int>(knot.week), Decimal2::FromHundredths(knot.min_hundredths)});
  }
  if (checkpoints.empty()) return NoBand(protocol);
  return checkpoints;
}

Result<std::optional<ExpectedBand>> ExpectedBandAt(const protocol::Protocol& protocol,
                                                   Decimal2 week) {
  if (week < Decimal2()) return InvalidInput("week: expected >= 0, got " + week.ToString());
  const std::vector<Knot> knots = Knots(protocol);
  if (knots.size() < 2) return NoBand(protocol);
  const std::int64_t week_h = week.hundredths();
  for (std::size_t i = 1; i < knots.size(); ++i) {
    const Knot& a = knots[i - 1];
    const Knot& b = knots[i];
    // A knot not after its predecessor (a phase out of order or empty) only replaces the band.
    if (b.week <= a.week || week_h > b.week * 100) continue;
    if (week_h < a.week * 100) continue;
    return std::optional<ExpectedBand>(ExpectedBand{
        Decimal2::FromHundredths(
            Interpolate(a.min_hundredths, b.min_hundredths, a.week * 100, b.week * 100, week_h)),
        Decimal2::FromHundredths(
            Interpolate(a.max_hundredths, b.max_hundredths, a.week * 100, b.week * 100, week_h))});
  }
  const Knot& last = knots.back();
  if (week_h == last.week * 100) {  // the last knot replaced an out-of-order one
    return std::optional<ExpectedBand>(ExpectedBand{Decimal2::FromHundredths(last.min_hundredths),
                                                    Decimal2::FromHundredths(last.max_hundredths)});
  }
  return std::optional<ExpectedBand>();  // after the last knot: the protocol gives no band
}

Result<ProgressAssessment> AssessProgress(const protocol::Protocol& protocol, Decimal2 week,
                                          Decimal2 reduction_percent) {
  ASSIGN_OR_RETURN(std::optional<ExpectedBand> expected, ExpectedBandAt(protocol, week));
  ASSIGN_OR_RETURN(std::vector<Checkpoint> checkpoints, BandedCheckpoints(protocol));
  ProgressAssessment assessment;
  assessment.week = week;
  assessment.reduction_percent = reduction_percent;
  assessment.expected = expected;
  assessment.checkpoint = checkpoints.front();
  bool in_force = false;
  for (const Checkpoint& checkpoint : checkpoints) {
    if (week < Decimal2::FromInt(checkpoint.week)) break;
    assessment.checkpoint = checkpoint;
    in_force = true;
  }
  if (in_force && reduction_percent < assessment.checkpoint.min_percent) {
    assessment.status = ProgressStatus::kOffTrack;
  } else if (!expected.has_value()) {
    assessment.status = ProgressStatus::kNoBand;
  } else if (reduction_percent > expected->max_percent) {
    assessment.status = ProgressStatus::kAhead;
  } else if (reduction_percent < expected->min_percent) {
    assessment.status = ProgressStatus::kBehind;
  } else {
    assessment.status = ProgressStatus::kOnTrack;
  }
  return assessment;
}

}  // namespace backcare::progress
