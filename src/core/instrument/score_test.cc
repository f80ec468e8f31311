#include "core/instrument/score.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace backcare::instrument {
namespace {

constexpr Answer kBlank = std::nullopt;

// A scored or not-scorable expectation for one answer vector.
struct ScoreCase {
  const char* derivation;
  std::vector<Answer> answers;
  ScoreStatus status;
  int answered;
  std::optional<std::int64_t> hundredths;  // the score in hundredths, when scored
  std::string band;
  std::optional<int> subscale = std::nullopt;
  std::optional<int> display = std::nullopt;
};

void ExpectScores(InstrumentId id, const std::vector<ScoreCase>& cases) {
  for (const ScoreCase& c : cases) {
    SCOPED_TRACE(std::string(InstrumentName(id)) + ": " + c.derivation);
    Result<Score> score = ScoreAnswers(id, c.answers);
    ASSERT_OK(score);
    EXPECT_EQ(score->instrument, id);
    EXPECT_EQ(score->status, c.status);
    EXPECT_EQ(score->answered, c.answered);
    ASSERT_EQ(score->value.has_value(), c.hundredths.has_value());
    if (c.hundredths.has_value()) {
      EXPECT_EQ(score->value->hundredths(), *c.hundredths);
    }
    EXPECT_EQ(score->band, c.band);
    EXPECT_EQ(score->subscale, c.subscale);
    EXPECT_EQ(score->display, c.display);
  }
}

struct ErrorCase {
  InstrumentId id;
  std::vector<Answer> answers;
  const char* message;
};

TEST(ScoreTest, RejectsWrongCountsAndOutOfRangeAnswersNamingTheItem) {
  const std::vector<ErrorCase> cases = {
      {InstrumentId::kNprs, {11}, "nprs item 1: expected an integer 0-10, got 11"},
      {InstrumentId::kNprs, {-1}, "nprs item 1: expected an integer 0-10, got -1"},
      {InstrumentId::kNprs, {}, "nprs: expected 1 answer, got 0"},
      {InstrumentId::kNprs, {3, 4}, "nprs: expected 1 answer, got 2"},
      {InstrumentId::kOdi, {2, 1, 2, 2, 2, 2, 1, 2, 2}, "odi: expected 10 answers, got 9"},
      {InstrumentId::kOdi,
       {0, 0, 6, 0, 0, 0, 0, 0, 0, 0},
       "odi item 3: expected an integer 0-5, got 6"},
      {InstrumentId::kOdi,
       {0, 0, 0, 0, 0, 0, 0, 0, 0, -1},
       "odi item 10: expected an integer 0-5, got -1"},
      {InstrumentId::kRmdq, std::vector<Answer>(23, 0), "rmdq: expected 24 answers, got 23"},
      {InstrumentId::kRmdq,
       {0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
       "rmdq item 5: expected an integer 0-1, got 2"},
      {InstrumentId::kPeg, {5, 11, 5}, "peg item 2: expected an integer 0-10, got 11"},
      {InstrumentId::kPeg, {5, 5, 5, 5}, "peg: expected 3 answers, got 4"},
      {InstrumentId::kStartBack,
       {2, 0, 0, 0, 0, 0, 0, 0, 0},
       "startback item 1: expected an integer 0-1, got 2"},
      {InstrumentId::kStartBack,
       {0, 0, 0, 0, 0, 0, 0, 0, 5},
       "startback item 9: expected an integer 0-4, got 5"},
      {InstrumentId::kStartBack, {0, 0, 0, 0, 0, 0, 0, 0}, "startback: expected 9 answers, got 8"},
      // A range error is reported even when the instrument would be not scorable anyway.
      {InstrumentId::kOdi,
       {kBlank, kBlank, kBlank, 9, 0, 0, 0, 0, 0, 0},
       "odi item 4: expected an integer 0-5, got 9"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.message);
    ASSERT_ERROR_AND_ASSIGN(Error error, ScoreAnswers(c.id, c.answers), ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, c.message);
  }
}

TEST(ScoreTest, Nprs) {
  ExpectScores(
      InstrumentId::kNprs,
      {
          {"lowest answer", {0}, ScoreStatus::kScored, 1, 0, ""},
          {"highest answer", {10}, ScoreStatus::kScored, 1, 1000, ""},
          {"mid answer", {7}, ScoreStatus::kScored, 1, 700, ""},
          {"blank: not scorable", {kBlank}, ScoreStatus::kNotScorable, 0, std::nullopt, ""},
      });
}

TEST(ScoreTest, OdiScoresBandsAndMissingSections) {
  ExpectScores(
      InstrumentId::kOdi,
      {
          {"sum 0 over 10: 0/50 -> 0.00",
           {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
           ScoreStatus::kScored,
           10,
           0,
           "minimal"},
          {"sum 10 over 10: 100*10/50 = 20.00, upper bound inclusive",
           {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
           ScoreStatus::kScored,
           10,
           2000,
           "minimal"},
          {"sum 11 over 10: 100*11/50 = 22.00",
           {2, 1, 1, 1, 1, 1, 1, 1, 1, 1},
           ScoreStatus::kScored,
           10,
           2200,
           "moderate"},
          {"sum 20 over 10: 40.00",
           {2, 2, 2, 2, 2, 2, 2, 2, 2, 2},
           ScoreStatus::kScored,
           10,
           4000,
           "moderate"},
          {"sum 21 over 10: 42.00",
           {3, 2, 2, 2, 2, 2, 2, 2, 2, 2},
           ScoreStatus::kScored,
           10,
           4200,
           "severe"},
          {"sum 30 over 10: 60.00",
           {3, 3, 3, 3, 3, 3, 3, 3, 3, 3},
           ScoreStatus::kScored,
           10,
           6000,
           "severe"},
          {"sum 31 over 10: 62.00",
           {4, 3, 3, 3, 3, 3, 3, 3, 3, 3},
           ScoreStatus::kScored,
           10,
           6200,
           "crippled"},
          {"sum 40 over 10: 80.00",
           {4, 4, 4, 4, 4, 4, 4, 4, 4, 4},
           ScoreStatus::kScored,
           10,
           8000,
           "crippled"},
          {"sum 41 over 10: 82.00",
           {5, 4, 4, 4, 4, 4, 4, 4, 4, 4},
           ScoreStatus::kScored,
           10,
           8200,
           "bed_bound"},
          {"sum 50 over 10: 100.00",
           {5, 5, 5, 5, 5, 5, 5, 5, 5, 5},
           ScoreStatus::kScored,
           10,
           10000,
           "bed_bound"},
          {"1 missing, sum 16 over 9 sections: 100*16/45 = 35.555... -> 35.56",
           {2, 1, 2, 2, 2, 2, 1, kBlank, 2, 2},
           ScoreStatus::kScored,
           9,
           3556,
           "moderate"},
          {"1 missing, sum 32 over 9: 100*32/45 = 71.111... -> 71.11",
           {kBlank, 4, 4, 4, 4, 4, 4, 4, 4, 0},
           ScoreStatus::kScored,
           9,
           7111,
           "crippled"},
          {"1 missing, sum 4 over 9: 100*4/45 = 8.888... -> 8.89",
           {1, 1, 1, 1, 0, 0, 0, 0, 0, kBlank},
           ScoreStatus::kScored,
           9,
           889,
           "minimal"},
          {"1 missing, sum 9 over 9: 100*9/45 = 20.00",
           {1, 1, 1, 1, 1, 1, 1, 1, 1, kBlank},
           ScoreStatus::kScored,
           9,
           2000,
           "minimal"},
          {"1 missing, sum 10 over 9: 100*10/45 = 22.222... -> 22.22",
           {2, 1, 1, 1, 1, 1, 1, 1, 1, kBlank},
           ScoreStatus::kScored,
           9,
           2222,
           "moderate"},
          {"2 missing, sum 15 over 8: 100*15/40 = 37.50",
           {kBlank, 2, 2, 2, 2, 2, 2, 1, kBlank, 2},
           ScoreStatus::kScored,
           8,
           3750,
           "moderate"},
          {"2 missing, sum 40 over 8: 100*40/40 = 100.00",
           {5, 5, 5, 5, kBlank, kBlank, 5, 5, 5, 5},
           ScoreStatus::kScored,
           8,
           10000,
           "bed_bound"},
          {"3 missing: not scorable",
           {kBlank, 2, 2, 2, 2, 2, 2, 1, kBlank, kBlank},
           ScoreStatus::kNotScorable,
           7,
           std::nullopt,
           ""},
          {"all missing: not scorable",
           {kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank},
           ScoreStatus::kNotScorable,
           0,
           std::nullopt,
           ""},
      });
}

TEST(ScoreTest, OdiBandEdgesAreInclusiveUpperBounds) {
  struct Case {
    std::int64_t hundredths;
    OdiBand band;
  };
  const Case cases[] = {
      {0, OdiBand::kMinimal},      {2000, OdiBand::kMinimal},  {2001, OdiBand::kModerate},
      {4000, OdiBand::kModerate},  {4001, OdiBand::kSevere},   {6000, OdiBand::kSevere},
      {6001, OdiBand::kCrippled},  {8000, OdiBand::kCrippled}, {8001, OdiBand::kBedBound},
      {10000, OdiBand::kBedBound},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(OdiBandFor(Decimal2::FromHundredths(c.hundredths)), c.band) << c.hundredths;
  }
  EXPECT_EQ(OdiBandName(OdiBand::kBedBound), "bed_bound");
}

TEST(ScoreTest, ScoreStatusNamesRoundTrip) {
  for (const auto& [status, name] : kScoreStatusNames) {
    EXPECT_EQ(ScoreStatusName(status), name);
    EXPECT_EQ(ParseScoreStatus(name), status) << name;
  }
  EXPECT_EQ(ScoreStatusName(ScoreStatus::kNotScorable), "not_scorable");
  EXPECT_EQ(ParseScoreStatus("prorated"), std::nullopt);
  EXPECT_EQ(ParseScoreStatus("Scored"), std::nullopt);
}

TEST(ScoreTest, Rmdq) {
  std::vector<Answer> none(24, 0);
  std::vector<Answer> all(24, 1);
  std::vector<Answer> seven(24, 0);
  for (int i : {0, 3, 5, 9, 12, 20, 23}) seven[static_cast<std::size_t>(i)] = 1;
  std::vector<Answer> one_blank(24, 1);
  one_blank[11] = kBlank;
  ExpectScores(InstrumentId::kRmdq,
               {
                   {"no item ticked: 0", none, ScoreStatus::kScored, 24, 0, ""},
                   {"all 24 ticked: 24", all, ScoreStatus::kScored, 24, 2400, ""},
                   {"7 ticked: 7", seven, ScoreStatus::kScored, 24, 700, ""},
                   {"item 12 blank: not scorable", one_blank, ScoreStatus::kNotScorable, 23,
                    std::nullopt, ""},
               });
}

TEST(ScoreTest, PegMeanAndDisplay) {
  ExpectScores(
      InstrumentId::kPeg,
      {
          {"sum 20: 20/3 = 6.666... -> 6.67, display 7",
           {7, 6, 7},
           ScoreStatus::kScored,
           3,
           667,
           "",
           std::nullopt,
           7},
          {"sum 16: 16/3 = 5.333... -> 5.33, display 5",
           {5, 5, 6},
           ScoreStatus::kScored,
           3,
           533,
           "",
           std::nullopt,
           5},
          {"sum 1: 0.333... -> 0.33, display 0",
           {0, 0, 1},
           ScoreStatus::kScored,
           3,
           33,
           "",
           std::nullopt,
           0},
          {"sum 2: 0.666... -> 0.67, display 1",
           {1, 0, 1},
           ScoreStatus::kScored,
           3,
           67,
           "",
           std::nullopt,
           1},
          {"sum 0: 0.00", {0, 0, 0}, ScoreStatus::kScored, 3, 0, "", std::nullopt, 0},
          {"sum 30: 10.00", {10, 10, 10}, ScoreStatus::kScored, 3, 1000, "", std::nullopt, 10},
          {"sum 15: 5.00 exactly, display 5",
           {4, 5, 6},
           ScoreStatus::kScored,
           3,
           500,
           "",
           std::nullopt,
           5},
          {"item 2 blank: not scorable",
           {7, kBlank, 7},
           ScoreStatus::kNotScorable,
           2,
           std::nullopt,
           ""},
      });
}

TEST(ScoreTest, StartBackTotalsSubscaleAndRisk) {
  ExpectScores(InstrumentId::kStartBack,
               {
                   {"all disagree, not at all: total 0, subscale 0 -> low",
                    {0, 0, 0, 0, 0, 0, 0, 0, 0},
                    ScoreStatus::kScored,
                    9,
                    0,
                    "low",
                    0},
                   {"items 1-3 + item 9 'Moderately' (2, counts 0): total 3 -> low",
                    {1, 1, 1, 0, 0, 0, 0, 0, 2},
                    ScoreStatus::kScored,
                    9,
                    300,
                    "low",
                    0},
                   {"items 1-3 + item 9 'Very much' (3, counts 1): total 4, subscale 1 -> medium",
                    {1, 1, 1, 0, 0, 0, 0, 0, 3},
                    ScoreStatus::kScored,
                    9,
                    400,
                    "medium",
                    1},
                   {"items 1-3 + item 9 'Extremely' (4, counts 1): total 4 -> medium",
                    {1, 1, 1, 0, 0, 0, 0, 0, 4},
                    ScoreStatus::kScored,
                    9,
                    400,
                    "medium",
                    1},
                   {"items 5-7 only: total 3 (subscale 3) -> low whatever the subscale",
                    {0, 0, 0, 0, 1, 1, 1, 0, 2},
                    ScoreStatus::kScored,
                    9,
                    300,
                    "low",
                    3},
                   {"item 1 + items 5-7: total 4, subscale 3 -> medium",
                    {1, 0, 0, 0, 1, 1, 1, 0, 2},
                    ScoreStatus::kScored,
                    9,
                    400,
                    "medium",
                    3},
                   {"items 5-8: total 4, subscale 4 -> high",
                    {0, 0, 0, 0, 1, 1, 1, 1, 0},
                    ScoreStatus::kScored,
                    9,
                    400,
                    "high",
                    4},
                   {"items 5-7 + item 9 'Very much': total 4, subscale 4 -> high",
                    {0, 0, 0, 0, 1, 1, 1, 0, 3},
                    ScoreStatus::kScored,
                    9,
                    400,
                    "high",
                    4},
                   {"everything: total 9, subscale 5 -> high",
                    {1, 1, 1, 1, 1, 1, 1, 1, 4},
                    ScoreStatus::kScored,
                    9,
                    900,
                    "high",
                    5},
                   {"item 9 blank: not scorable",
                    {1, 1, 1, 1, 1, 1, 1, 1, kBlank},
                    ScoreStatus::kNotScorable,
                    8,
                    std::nullopt,
                    ""},
               });
}

TEST(ScoreTest, StartBackRiskEdges) {
  EXPECT_EQ(StartBackRiskFor(3, 3), StartBackRisk::kLow);
  EXPECT_EQ(StartBackRiskFor(4, 3), StartBackRisk::kMedium);
  EXPECT_EQ(StartBackRiskFor(4, 4), StartBackRisk::kHigh);
  EXPECT_EQ(StartBackRiskFor(9, 5), StartBackRisk::kHigh);
  EXPECT_EQ(StartBackRiskFor(9, 3), StartBackRisk::kMedium);
}

// Random valid answer vectors (fixed seed), each item blank with probability 1/6.
std::vector<Answer> RandomAnswers(const InstrumentDefinition& definition, std::mt19937& random) {
  std::vector<Answer> answers;
  for (const Item& item : definition.items) {
    if (std::uniform_int_distribution<int>(0, 5)(random) == 0) {
      answers.push_back(kBlank);
    } else {
      answers.push_back(std::uniform_int_distribution<int>(item.min_value, item.max_value)(random));
    }
  }
  return answers;
}

TEST(ScorePropertyTest, ScoresStayInRange) {
  std::mt19937 random(20240611);
  for (const InstrumentDefinition& definition : InstrumentCatalog()) {
    for (int round = 0; round < 2000; ++round) {
      const std::vector<Answer> answers = RandomAnswers(definition, random);
      Result<Score> score = ScoreAnswers(definition.id, answers);
      ASSERT_OK(score);
      int answered = 0;
      for (const Answer& answer : answers) answered += answer.has_value() ? 1 : 0;
      EXPECT_EQ(score->answered, answered);
      const int missing = static_cast<int>(answers.size()) - answered;
      EXPECT_EQ(score->status == ScoreStatus::kScored, missing <= definition.max_missing_items)
          << definition.name << " missing " << missing;
      if (score->status != ScoreStatus::kScored) continue;
      EXPECT_GE(*score->value, Decimal2::FromInt(definition.score_min)) << definition.name;
      EXPECT_LE(*score->value, Decimal2::FromInt(definition.score_max)) << definition.name;
      if (definition.whole_number_score) {
        EXPECT_TRUE(score->value->is_whole()) << definition.name;
      }
      if (score->subscale.has_value()) {
        EXPECT_GE(*score->subscale, 0);
        EXPECT_LE(*score->subscale, 5);
        EXPECT_LE(*score->subscale, score->value->whole());
      }
      if (score->display.has_value()) {
        // The display is within half a point of the mean.
        EXPECT_LE(std::abs(*score->display * 100 - score->value->hundredths()), 50);
      }
    }
  }
}

TEST(ScorePropertyTest, OdiEqualsTheFormula) {
  std::mt19937 random(7);
  const InstrumentDefinition& odi = GetInstrument(InstrumentId::kOdi);
  int scored = 0;
  for (int round = 0; round < 5000; ++round) {
    const std::vector<Answer> answers = RandomAnswers(odi, random);
    Result<Score> score = ScoreOdi(answers);
    ASSERT_TRUE(score.has_value());
    if (score->status != ScoreStatus::kScored) continue;
    ++scored;
    long double sum = 0;
    long double answered = 0;
    for (const Answer& answer : answers) {
      if (!answer.has_value()) continue;
      sum += *answer;
      answered += 1;
    }
    // Independent computation in extended precision: no ODI value is a tie at the third
    // decimal (n in 8..10), so std::round on 100*100*sum/(5n) is exact enough.
    const auto expected =
        static_cast<std::int64_t>(std::round(100.0L * 100.0L * sum / (5.0L * answered)));
    EXPECT_EQ(score->value->hundredths(), expected);
    EXPECT_EQ(score->band, OdiBandName(OdiBandFor(*score->value)));
  }
  EXPECT_GT(scored, 3000);  // the loop really exercised the scored path
}

TEST(InstrumentTest, CatalogueNamesAndCodes) {
  EXPECT_EQ(ParseInstrumentName("startback"), InstrumentId::kStartBack);
  EXPECT_EQ(ParseInstrumentName("ODI"), std::nullopt);
  EXPECT_EQ(GetInstrument(InstrumentId::kNprs).score_code.code, "72514-3");
  EXPECT_EQ(GetInstrument(InstrumentId::kOdi).panel_code.code, "97908-8");
  EXPECT_EQ(GetInstrument(InstrumentId::kOdi).score_code.code, "97909-6");
  EXPECT_EQ(GetInstrument(InstrumentId::kPeg).panel_code.code, "91148-7");
  EXPECT_EQ(GetInstrument(InstrumentId::kPeg).score_code.code, "91147-9");
  const InstrumentDefinition& start = GetInstrument(InstrumentId::kStartBack);
  EXPECT_EQ(start.panel_code.code, "91349-1");
  EXPECT_EQ(start.score_code.code, "91351-7");
  EXPECT_EQ(start.subscale_code.code, "91350-9");
  EXPECT_EQ(start.risk_code.code, "91352-5");
  const InstrumentDefinition& rmdq = GetInstrument(InstrumentId::kRmdq);
  EXPECT_EQ(rmdq.score_code.system, "urn:backcare:instrument");
  EXPECT_EQ(rmdq.score_code.code, "rmdq-24-score");
  EXPECT_TRUE(rmdq.panel_code.empty());
  // Licensed instruments carry no item text.
  for (InstrumentId id : {InstrumentId::kOdi, InstrumentId::kRmdq, InstrumentId::kStartBack}) {
    for (const Item& item : GetInstrument(id).items) EXPECT_TRUE(item.text.empty());
  }
  for (std::size_t i = 0; i < InstrumentCatalog().size(); ++i) {
    const InstrumentDefinition& definition = InstrumentCatalog()[i];
    EXPECT_EQ(static_cast<std::size_t>(definition.id), i);
    EXPECT_EQ(InstrumentName(definition.id), definition.name);
    for (std::size_t j = 0; j < definition.items.size(); ++j) {
      EXPECT_EQ(definition.items[j].number, static_cast<int>(j) + 1);
    }
  }
}

}  // namespace
}  // namespace backcare::instrument
