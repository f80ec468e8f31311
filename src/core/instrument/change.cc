#include "core/instrument/change.h"

#include <charconv>
#include <string>

namespace backcare::instrument {
namespace {

Status CheckScore(const InstrumentDefinition& definition, std::string_view which, Decimal2 value) {
  const std::string place = std::string(definition.name) + " " + std::string(which);
  const std::string range =
      std::to_string(definition.score_min) + "-" + std::to_string(definition.score_max);
  const std::string expected = definition.whole_number_score ? "expected a whole number " + range
                                                             : "expected a number " + range;
  if (value < Decimal2::FromInt(definition.score_min) ||
      value > Decimal2::FromInt(definition.score_max)) {
    return InvalidInput(place + ": " + expected + ", got " + value.ToString());
  }
  if (definition.whole_number_score && !value.is_whole()) {
    return InvalidInput(place + ": " + expected + ", got a fraction");
  }
  return OkStatus();
}

// The percent improvement 100 * improvement / baseline (baseline > 0) to two decimals, rounded
// half away from zero, except that a rounding which would reach the next class's lower bound
// (0, 30 or 50) stops one hundredth short of it: 29.9954... is 29.99 beside not_responder, never
// 30.00. Rounding never lowers a value below a bound it reaches, so that is the only correction.
Decimal2 PercentForClass(std::int64_t improvement, std::int64_t baseline,
                         ResponderClass responder_class) {
  Decimal2 percent = RoundRatio(100 * improvement, baseline);
  const auto short_of = [&](std::int64_t bound_hundredths) {
    if (percent.hundredths() >= bound_hundredths) {
      percent = Decimal2::FromHundredths(bound_hundredths - 1);
    }
  };
  switch (responder_class) {
    case ResponderClass::kWorsened:
      short_of(0);
      break;
    case ResponderClass::kNotResponder:
      short_of(3000);
      break;
    case ResponderClass::kModerate:
      short_of(5000);
      break;
    case ResponderClass::kSubstantial:
    case ResponderClass::kNotEvaluable:
      break;
  }
  return percent;
}

}  // namespace

std::string_view ResponderClassName(ResponderClass responder_class) {
  switch (responder_class) {
    case ResponderClass::kSubstantial:
      return "substantial";
    case ResponderClass::kModerate:
      return "moderate";
    case ResponderClass::kNotResponder:
      return "not_responder";
    case ResponderClass::kWorsened:
      return "worsened";
    case ResponderClass::kNotEvaluable:
      return "not_evaluable";
  }
  return "not_evaluable";
}

ResponderClass ClassifyImprovement(std::int64_t baseline, std::int64_t followup) {
  BACKCARE_CHECK(baseline >= 0 && followup >= 0);
  if (baseline == 0) return ResponderClass::kNotEvaluable;
  const std::int64_t improvement = baseline - followup;
  if (improvement < 0) return ResponderClass::kWorsened;
  // p = 100 * improvement / baseline with baseline > 0: p >= 50 <=> 2 * improvement >= baseline.
  if (2 * improvement >= baseline) return ResponderClass::kSubstantial;
  // p >= 30 <=> 10 * improvement >= 3 * baseline.
  if (10 * improvement >= 3 * baseline) return ResponderClass::kModerate;
  return ResponderClass::kNotResponder;
}

Result<Change> ComputeChange(InstrumentId id, Decimal2 baseline, Decimal2 followup) {
  const InstrumentDefinition& definition = GetInstrument(id);
  if (id == InstrumentId::kStartBack) {
    return InvalidInput("startback: change is not defined (the score is a risk group)");
  }
  RETURN_IF_ERROR(CheckScore(definition, "baseline", baseline));
  RETURN_IF_ERROR(CheckScore(definition, "followup", followup));
  Change change;
  change.instrument = id;
  change.baseline = baseline;
  change.followup = followup;
  change.points_change = baseline - followup;
  change.responder_class = ClassifyImprovement(baseline.hundredths(), followup.hundredths());
  if (baseline.hundredths() != 0) {
    change.percent_change = PercentForClass(change.points_change.hundredths(),
                                            baseline.hundredths(), change.responder_class);
  }
  change.mcid_points = definition.mcid_points;
  if (definition.mcid_points.has_value()) {
    change.mcid_met = change.points_change >= Decimal2::FromInt(*definition.mcid_points);
  }
  return change;
}

Result<OdiRawSum> ParseOdiRawSum(std::string_view text) {
  const auto invalid = [&] {
    return InvalidInput(
        "expected an ODI raw sum POINTS/MAX with MAX 40, 45 or 50 and 0 <= POINTS <= MAX, got " +
        std::string(text));
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return invalid();
  OdiRawSum sum;
  const std::string_view points = text.substr(0, slash);
  const std::string_view max_points = text.substr(slash + 1);
  const auto points_end = points.data() + points.size();
  const auto max_end = max_points.data() + max_points.size();
  if (points.empty() || max_points.empty() ||
      std::from_chars(points.data(), points_end, sum.points).ptr != points_end ||
      std::from_chars(max_points.data(), max_end, sum.max_points).ptr != max_end) {
    return invalid();
  }
  if ((sum.max_points != 40 && sum.max_points != 45 && sum.max_points != 50) || sum.points < 0 ||
      sum.points > sum.max_points) {
    return invalid();
  }
  return sum;
}

Change ComputeOdiChangeFromRawSums(OdiRawSum baseline, OdiRawSum followup) {
  // Over the common denominator max_b * max_f: b = points_b * max_f, f = points_f * max_b.
  const std::int64_t common = std::int64_t{baseline.max_points} * followup.max_points;
  const std::int64_t b = std::int64_t{baseline.points} * followup.max_points;
  const std::int64_t f = std::int64_t{followup.points} * baseline.max_points;
  Change change;
  change.instrument = InstrumentId::kOdi;
  change.baseline = RoundRatio(100 * std::int64_t{baseline.points}, baseline.max_points);
  change.followup = RoundRatio(100 * std::int64_t{followup.points}, followup.max_points);
  change.points_change = RoundRatio(100 * (b - f), common);
  change.responder_class = ClassifyImprovement(b, f);
  if (b != 0) change.percent_change = PercentForClass(b - f, b, change.responder_class);
  change.mcid_points = GetInstrument(InstrumentId::kOdi).mcid_points;
  if (change.mcid_points.has_value()) {
    change.mcid_met = 100 * (b - f) >= std::int64_t{*change.mcid_points} * common;
  }
  return change;
}

}  // namespace backcare::instrument
