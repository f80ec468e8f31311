#include "core/instrument/change.h"

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
    change.percent_change =
        RoundRatio(100 * change.points_change.hundredths(), baseline.hundredths());
  }
  change.mcid_points = definition.mcid_points;
  if (definition.mcid_points.has_value()) {
    change.mcid_met = change.points_change >= Decimal2::FromInt(*definition.mcid_points);
  }
  return change;
}

}  // namespace backcare::instrument
