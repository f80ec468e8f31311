#include "core/instrument/score.h"

#include <string>

namespace backcare::instrument {
namespace {

// STarT Back item 9 answers "Very much" (3) and "Extremely" (4) count 1.
constexpr int kStartBackBothersomeCutoff = 3;
constexpr int kStartBackLowMaxTotal = 3;
constexpr int kStartBackMediumMaxSubscale = 3;

// The sum of the answered items and how many were answered, after checking the count and ranges.
struct Tally {
  int sum = 0;
  int answered = 0;
};

Result<Tally> CheckAndTally(const InstrumentDefinition& definition,
                            std::span<const Answer> answers) {
  if (answers.size() != definition.items.size()) {
    return InvalidInput(std::string(definition.name) + ": expected " +
                        std::to_string(definition.items.size()) +
                        (definition.items.size() == 1 ? " answer, got " : " answers, got ") +
                        std::to_string(answers.size()));
  }
  Tally tally;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].has_value()) continue;
    const Item& item = definition.items[i];
    const int value = *answers[i];
    if (value < item.min_value || value > item.max_value) {
      return InvalidInput(std::string(definition.name) + " item " + std::to_string(item.number) +
                          ": expected an integer " + std::to_string(item.min_value) + "-" +
                          std::to_string(item.max_value) + ", got " + std::to_string(value));
    }
    tally.sum += value;
    ++tally.answered;
  }
  return tally;
}

Score NotScorable(InstrumentId id, int answered) {
  Score score;
  score.instrument = id;
  score.status = ScoreStatus::kNotScorable;
  score.answered = answered;
  return score;
}

Score Scored(InstrumentId id, int answered, Decimal2 value) {
  Score score;
  score.instrument = id;
  score.status = ScoreStatus::kScored;
  score.answered = answered;
  score.value = value;
  return score;
}

// The common shape of NPRS and RMDQ: the sum of all items, not scorable with any blank.
Result<Score> ScoreSumOfAllItems(InstrumentId id, std::span<const Answer> answers) {
  const InstrumentDefinition& definition = GetInstrument(id);
  ASSIGN_OR_RETURN(Tally tally, CheckAndTally(definition, answers));
  if (tally.answered < static_cast<int>(answers.size())) return NotScorable(id, tally.answered);
  return Scored(id, tally.answered, Decimal2::FromInt(tally.sum));
}

}  // namespace

std::string_view ScoreStatusName(ScoreStatus status) { return NameOf(kScoreStatusNames, status); }
std::optional<ScoreStatus> ParseScoreStatus(std::string_view name) {
  return ValueOf(kScoreStatusNames, name);
}

std::string_view OdiBandName(OdiBand band) {
  switch (band) {
    case OdiBand::kMinimal:
      return "minimal";
    case OdiBand::kModerate:
      return "moderate";
    case OdiBand::kSevere:
      return "severe";
    case OdiBand::kCrippled:
      return "crippled";
    case OdiBand::kBedBound:
      return "bed_bound";
  }
  return "bed_bound";
}

OdiBand OdiBandFor(Decimal2 score) {
  if (score <= Decimal2::FromInt(20)) return OdiBand::kMinimal;
  if (score <= Decimal2::FromInt(40)) return OdiBand::kModerate;
  if (score <= Decimal2::FromInt(60)) return OdiBand::kSevere;
  if (score <= Decimal2::FromInt(80)) return OdiBand::kCrippled;
  return OdiBand::kBedBound;
}

std::string_view StartBackRiskName(StartBackRisk risk) {
  switch (risk) {
    case StartBackRisk::kLow:
      return "low";
    case StartBackRisk::kMedium:
      return "medium";
    case StartBackRisk::kHigh:
      return "high";
  }
  return "high";
}

StartBackRisk StartBackRiskFor(int total, int subscale) {
  if (total <= kStartBackLowMaxTotal) return StartBackRisk::kLow;
  if (subscale <= kStartBackMediumMaxSubscale) return StartBackRisk::kMedium;
  return StartBackRisk::kHigh;
}

Result<Score> ScoreNprs(std::span<const Answer> answers) {
  return ScoreSumOfAllItems(InstrumentId::kNprs, answers);
}

Result<Score> ScoreRmdq(std::span<const Answer> answers) {
  return ScoreSumOfAllItems(InstrumentId::kRmdq, answers);
}

Result<Score> ScoreOdi(std::span<const Answer> answers) {
  const InstrumentDefinition& definition = GetInstrument(InstrumentId::kOdi);
  ASSIGN_OR_RETURN(Tally tally, CheckAndTally(definition, answers));
  const int missing = static_cast<int>(answers.size()) - tally.answered;
  if (missing > definition.max_missing_items) {
    return NotScorable(InstrumentId::kOdi, tally.answered);
  }
  // 100 * sum / (5 * answered), rounded on the exact ratio.
  const Decimal2 value = RoundRatio(100 * static_cast<std::int64_t>(tally.sum),
                                    5 * static_cast<std::int64_t>(tally.answered));
  Score score = Scored(InstrumentId::kOdi, tally.answered, value);
  score.band = OdiBandName(OdiBandFor(value));
  return score;
}

Result<Score> ScorePeg(std::span<const Answer> answers) {
  const InstrumentDefinition& definition = GetInstrument(InstrumentId::kPeg);
  ASSIGN_OR_RETURN(Tally tally, CheckAndTally(definition, answers));
  if (tally.answered < static_cast<int>(answers.size())) {
    return NotScorable(InstrumentId::kPeg, tally.answered);
  }
  Score score = Scored(InstrumentId::kPeg, tally.answered, RoundRatio(tally.sum, 3));
  // sum / 3 rounded half up: floor(sum/3 + 1/2) = floor((2*sum + 3) / 6).
  score.display = (2 * tally.sum + 3) / 6;
  return score;
}

Result<Score> ScoreStartBack(std::span<const Answer> answers) {
  const InstrumentDefinition& definition = GetInstrument(InstrumentId::kStartBack);
  ASSIGN_OR_RETURN(Tally tally, CheckAndTally(definition, answers));
  if (tally.answered < static_cast<int>(answers.size())) {
    return NotScorable(InstrumentId::kStartBack, tally.answered);
  }
  int total = 0;
  int subscale = 0;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const int number = definition.items[i].number;
    const int counted =
        number == 9 ? (*answers[i] >= kStartBackBothersomeCutoff ? 1 : 0) : *answers[i];
    total += counted;
    if (number >= 5) subscale += counted;
  }
  Score score = Scored(InstrumentId::kStartBack, tally.answered, Decimal2::FromInt(total));
  score.subscale = subscale;
  score.band = StartBackRiskName(StartBackRiskFor(total, subscale));
  return score;
}

Result<Score> ScoreAnswers(InstrumentId id, std::span<const Answer> answers) {
  switch (id) {
    case InstrumentId::kNprs:
      return ScoreNprs(answers);
    case InstrumentId::kOdi:
      return ScoreOdi(answers);
    case InstrumentId::kRmdq:
      return ScoreRmdq(answers);
    case InstrumentId::kPeg:
      return ScorePeg(answers);
    case InstrumentId::kStartBack:
      return ScoreStartBack(answers);
  }
  return Internal("unknown instrument id");
}

}  // namespace backcare::instrument
