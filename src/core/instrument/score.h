// Scoring of the outcome instruments (instrument.h) from item answers. Pure functions: answers in
// item order in, a Score out. docs/instruments.md states every rule below in prose.
//
// Common contract. `answers` holds one entry per item in item order; nullopt means the item was
// left blank. Errors (kInvalidInput, message naming the instrument and item):
//   wrong number of entries        "odi: expected 10 answers, got 9"
//   answer outside the item range  "odi item 3: expected an integer 0-5, got 7"
// Values are never clamped. Too many blank items is not an error: the Score has status
// kNotScorable and no value.
//
// Rules (rounding is Decimal2's: nearest hundredth, ties away from zero, on the exact ratio):
//   NPRS       one item 0-10; score = the answer; blank -> not scorable; no band.
//   ODI v2.1a  10 sections 0-5; score = 100 * sum / (5 * sections answered), two decimals; up to
//              2 blank sections allowed, 3 or more -> not scorable. Band on the rounded score with
//              inclusive upper bounds: <=20 minimal, <=40 moderate, <=60 severe, <=80 crippled,
//              else bed_bound. (Every exact ODI value is a multiple of 20/n for n in 8..10, so none
//              lies within 0.005 of a band edge without being on it: banding the rounded score is
//              the same as banding the exact one.)
//   RMDQ-24    24 items 0/1; score = number ticked, 0-24; any blank -> not scorable; no band.
//   PEG-3      3 items 0-10; score = mean, two decimals; display = mean rounded to a whole number,
//              ties up (a mean of thirds never ties); any blank -> not scorable; no band.
//   STarT Back items 1-8 disagree/agree 0/1; item 9 bothersomeness 0-4 (Not at all, Slightly,
//              Moderately, Very much, Extremely) counts 1 only for 3 or 4. total = items 1-9
//              (0-9); psychosocial subscale = items 5-9 (0-5); risk: total <= 3 low, else
//              subscale <= 3 medium, else high; the risk is the band. Any blank -> not scorable.
#ifndef BACKCARE_CORE_INSTRUMENT_SCORE_H_
#define BACKCARE_CORE_INSTRUMENT_SCORE_H_

#include <optional>
#include <span>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/base/result.h"
#include "core/instrument/decimal.h"
#include "core/instrument/instrument.h"

namespace backcare::instrument {

// One item's answer, or nullopt when left blank.
using Answer = std::optional<int>;

// Whether an instrument could be scored. The names are stored in
// questionnaire_responses.score_status and sent as the API's "score_status" and the CLI's "status".
enum class ScoreStatus { kScored, kNotScorable };

inline constexpr EnumNames<ScoreStatus, 2> kScoreStatusNames = {{
    {ScoreStatus::kScored, "scored"},
    {ScoreStatus::kNotScorable, "not_scorable"},
}};

// "scored", "not_scorable".
std::string_view ScoreStatusName(ScoreStatus status);
// Inverse of ScoreStatusName; nullopt for any other text.
std::optional<ScoreStatus> ParseScoreStatus(std::string_view name);

enum class OdiBand { kMinimal, kModerate, kSevere, kCrippled, kBedBound };

// "minimal", "moderate", "severe", "crippled", "bed_bound".
std::string_view OdiBandName(OdiBand band);

// The band of an ODI score (inclusive upper bounds 20, 40, 60, 80): 20.00 -> minimal,
// 20.01 -> moderate, 80.00 -> crippled, 80.01 -> bed_bound.
OdiBand OdiBandFor(Decimal2 score);

enum class StartBackRisk { kLow, kMedium, kHigh };

// "low", "medium", "high".
std::string_view StartBackRiskName(StartBackRisk risk);

// total <= 3 -> low; else subscale <= 3 -> medium; else high.
StartBackRisk StartBackRiskFor(int total, int subscale);

struct Score {
  InstrumentId instrument = InstrumentId::kNprs;
  ScoreStatus status = ScoreStatus::kNotScorable;
  int answered = 0;               // items with an answer
  std::optional<Decimal2> value;  // set iff status == kScored
  std::string_view band;          // OdiBandName / StartBackRiskName; empty when none
  std::optional<int> subscale;    // STarT Back psychosocial subscale, when scored
  std::optional<int> display;     // PEG whole-number display value, when scored
};

Result<Score> ScoreNprs(std::span<const Answer> answers);
Result<Score> ScoreOdi(std::span<const Answer> answers);
Result<Score> ScoreRmdq(std::span<const Answer> answers);
Result<Score> ScorePeg(std::span<const Answer> answers);
Result<Score> ScoreStartBack(std::span<const Answer> answers);

// Dispatches to the function above for `id`.
Result<Score> ScoreAnswers(InstrumentId id, std::span<const Answer> answers);

}  // namespace backcare::instrument

#endif  // BACKCARE_CORE_INSTRUMENT_SCORE_H_
