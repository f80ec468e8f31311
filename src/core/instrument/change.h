// Change from baseline and responder classification for the outcome instruments, after IMMPACT
// (Dworkin RH et al. Interpreting the clinical importance of treatment outcomes in chronic pain
// clinical trials: IMMPACT recommendations. J Pain 2008;9(2):105-21) and the minimal important
// changes of Ostelo RW et al. (Interpreting change scores for pain and functional status in low
// back pain. Spine 2008;33(1):90-4).
//
// On every instrument here a higher score is worse, so improvement = baseline - follow-up.
//   percent improvement p = 100 * (baseline - follow-up) / baseline, reported to two decimals
//   (Decimal2 rounding), except that a rounding which would reach a class boundary the exact
//   value does not reach stops one hundredth short of it, so the printed figure and the class
//   agree (44.44 -> 31.11 is 29.9954... %: printed 29.99, not 30.00, beside not_responder). The
//   class is decided on the exact ratio, in integer arithmetic, never on the printed p:  p >= 50
//   substantial;  30 <= p < 50 moderate;  0 <= p < 30 not_responder; p < 0 worsened;  baseline 0 ->
//   not_evaluable (p undefined, reported as null). So 10 -> 5 (exactly 50 %) is substantial and 10
//   -> 7 (exactly 30 %) is moderate, while an ODI 30.01 -> 21.01 (29.99 %) is not_responder. The
//   minimal important change (MIC) in points sits beside it: NPRS 2, RMDQ 5, ODI 10, none for PEG;
//   mic met when baseline - follow-up >= MIC.
#ifndef BACKCARE_CORE_INSTRUMENT_CHANGE_H_
#define BACKCARE_CORE_INSTRUMENT_CHANGE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/base/result.h"
#include "core/instrument/decimal.h"
#include "core/instrument/instrument.h"

namespace backcare::instrument {

enum class ResponderClass { kSubstantial, kModerate, kNotResponder, kWorsened, kNotEvaluable };

// "substantial", "moderate", "not_responder", "worsened", "not_evaluable".
std::string_view ResponderClassName(ResponderClass responder_class);

// The class of the change from `baseline` to `followup`, both in the same integer unit (points,
// or hundredths of a point), decided exactly: substantial iff 2*(b-f) >= b, moderate iff
// 10*(b-f) >= 3*b, worsened iff f > b, not_evaluable iff b == 0. Requires b >= 0 and f >= 0.
ResponderClass ClassifyImprovement(std::int64_t baseline, std::int64_t followup);

struct Change {
  InstrumentId instrument = InstrumentId::kNprs;
  Decimal2 baseline;
  Decimal2 followup;
  Decimal2 points_change;                  // baseline - followup; positive = better
  std::optional<Decimal2> percent_change;  // nullopt when baseline is 0
  ResponderClass responder_class = ResponderClass::kNotEvaluable;
  std::optional<int> mcid_points;  // nullopt when none is defined (PEG)
  std::optional<bool> mcid_met;    // set iff mcid_points is
};

// The change between two scores of instrument `id`.
// Errors (kInvalidInput):
//   STarT Back              "startback: change is not defined (the score is a risk group)"
//   score out of range      "odi baseline: expected a number 0-100, got 100.01"
//   fraction on a whole-number instrument
//                           "nprs followup: expected a whole number 0-10, got a fraction"
Result<Change> ComputeChange(InstrumentId id, Decimal2 baseline, Decimal2 followup);

// An ODI raw sum: the points of the answered sections over their maximum (5 per section; with at
// most two sections unanswered, 40, 45 or 50). The score is 100 * points / max_points.
struct OdiRawSum {
  int points = 0;
  int max_points = 0;
};

// Parses "POINTS/MAX" ("20/45"). kInvalidInput "expected an ODI raw sum POINTS/MAX with MAX 40, 45
// or 50 and 0 <= POINTS <= MAX, got 20/35".
Result<OdiRawSum> ParseOdiRawSum(std::string_view text);

// The ODI change between two raw sums, decided on the exact fractions (so 20/45 -> 14/45 is
// exactly 30 %, moderate, although the two-decimal scores 44.44 -> 31.11 give 29.995 %). The
// baseline and follow-up scores and the points change are rounded to two decimals for display
// only; percent_change is rounded as above; mcid_met compares the exact points change.
Change ComputeOdiChangeFromRawSums(OdiRawSum baseline, OdiRawSum followup);

}  // namespace backcare::instrument

#endif  // BACKCARE_CORE_INSTRUMENT_CHANGE_H_
