#include "core/instrument/change.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "testing/status_matchers.h"

namespace backcare::instrument {
namespace {

struct ChangeCase {
  const char* derivation;
  InstrumentId id;
  std::int64_t baseline_hundredths;
  std::int64_t followup_hundredths;
  std::int64_t points_hundredths;
  std::optional<std::int64_t> percent_hundredths;
  ResponderClass responder_class;
  std::optional<bool> mcid_met;
};

TEST(ChangeTest, PercentClassAndMinimalImportantChange) {
  const ChangeCase cases[] = {
      {"NPRS 10 -> 5: 100*5/10 = 50 exactly -> substantial; 5 >= 2", InstrumentId::kNprs, 1000, 500,
       500, 5000, ResponderClass::kSubstantial, true},
      {"NPRS 10 -> 7: 100*3/10 = 30 exactly -> moderate; 3 >= 2", InstrumentId::kNprs, 1000, 700,
       300, 3000, ResponderClass::kModerate, true},
      {"NPRS 6 -> 3: 50 exactly -> substantial", InstrumentId::kNprs, 600, 300, 300, 5000,
       ResponderClass::kSubstantial, true},
      {"NPRS 10 -> 8: 20 -> not_responder; 2 points meets the MIC of 2", InstrumentId::kNprs, 1000,
       800, 200, 2000, ResponderClass::kNotResponder, true},
      {"NPRS 10 -> 9: 10 -> not_responder; 1 < 2", InstrumentId::kNprs, 1000, 900, 100, 1000,
       ResponderClass::kNotResponder, false},
      {"NPRS 7 -> 5: 100*2/7 = 28.571... -> 28.57, not_responder", InstrumentId::kNprs, 700, 500,
       200, 2857, ResponderClass::kNotResponder, true},
      {"NPRS 3 -> 2: 100/3 = 33.333... -> 33.33, moderate; 1 < 2", InstrumentId::kNprs, 300, 200,
       100, 3333, ResponderClass::kModerate, false},
      {"NPRS 4 -> 2: 50 exactly -> substantial", InstrumentId::kNprs, 400, 200, 200, 5000,
       ResponderClass::kSubstantial, true},
      {"NPRS 10 -> 10: 0 -> not_responder", InstrumentId::kNprs, 1000, 1000, 0, 0,
       ResponderClass::kNotResponder, false},
      {"NPRS 5 -> 6: 100*(-1)/5 = -20 -> worsened", InstrumentId::kNprs, 500, 600, -100, -2000,
       ResponderClass::kWorsened, false},
      {"NPRS 0 -> 0: baseline 0 -> not_evaluable, no percent", InstrumentId::kNprs, 0, 0, 0,
       std::nullopt, ResponderClass::kNotEvaluable, false},
      {"NPRS 0 -> 3: baseline 0 -> not_evaluable", InstrumentId::kNprs, 0, 300, -300, std::nullopt,
       ResponderClass::kNotEvaluable, false},
      {"ODI 40 -> 20: 50 -> substantial; 20 >= 10", InstrumentId::kOdi, 4000, 2000, 2000, 5000,
       ResponderClass::kSubstantial, true},
      {"ODI 35.56 -> 25.56: 100*10/35.56 = 28.121... -> 28.12; exactly 10 points meets the MIC",
       InstrumentId::kOdi, 3556, 2556, 1000, 2812, ResponderClass::kNotResponder, true},
      {"ODI 35.56 -> 24.89: 100*10.67/35.56 = 30.0056... -> 30.01; 10*1067 >= 3*3556 -> moderate",
       InstrumentId::kOdi, 3556, 2489, 1067, 3001, ResponderClass::kModerate, true},
      {"ODI 35.56 -> 24.90: 100*10.66/35.56 = 29.977... -> 29.98 -> not_responder",
       InstrumentId::kOdi, 3556, 2490, 1066, 2998, ResponderClass::kNotResponder, true},
      {"ODI 20 -> 10.01: 9.99 < 10 points", InstrumentId::kOdi, 2000, 1001, 999, 4995,
       ResponderClass::kModerate, false},
      {"RMDQ 10 -> 5: 50 -> substantial; exactly the MIC of 5", InstrumentId::kRmdq, 1000, 500, 500,
       5000, ResponderClass::kSubstantial, true},
      {"RMDQ 10 -> 6: 40 -> moderate; 4 < 5", InstrumentId::kRmdq, 1000, 600, 400, 4000,
       ResponderClass::kModerate, false},
      {"PEG 6.67 -> 3.33: 100*3.34/6.67 = 50.074... -> 50.07, substantial, no MIC",
       InstrumentId::kPeg, 667, 333, 334, 5007, ResponderClass::kSubstantial, std::nullopt},
      {"PEG 6.67 -> 3.34: 100*3.33/6.67 = 49.925... -> 49.93, moderate", InstrumentId::kPeg, 667,
       334, 333, 4993, ResponderClass::kModerate, std::nullopt},
  };
  for (const ChangeCase& c : cases) {
    SCOPED_TRACE(c.derivation);
    Result<Change> change = ComputeChange(c.id, Decimal2::FromHundredths(c.baseline_hundredths),
                                          Decimal2::FromHundredths(c.followup_hundredths));
    ASSERT_OK(change);
    EXPECT_EQ(change->points_change.hundredths(), c.points_hundredths);
    ASSERT_EQ(change->percent_change.has_value(), c.percent_hundredths.has_value());
    if (c.percent_hundredths) {
      EXPECT_EQ(change->percent_change->hundredths(), *c.percent_hundredths);
    }
    EXPECT_EQ(change->responder_class, c.responder_class);
    EXPECT_EQ(change->mcid_met, c.mcid_met);
    EXPECT_EQ(change->mcid_points, GetInstrument(c.id).mcid_points);
  }
}

TEST(ChangeTest, ClassifiesOnTheExactRatioNotTheRoundedPercent) {
  // 100.01 -> 70.01: improvement 30.00 of 100.01 = 29.997... %, shown as 30.00, but below 30 %.
  EXPECT_EQ(RoundRatio(100 * 3000, 10001).hundredths(), 3000);
  EXPECT_EQ(ClassifyImprovement(10001, 7001), ResponderClass::kNotResponder);
  // 20001 -> 10001: 49.9975 %, shown as 50.00, but below 50 %.
  EXPECT_EQ(RoundRatio(100 * 10000, 20001).hundredths(), 5000);
  EXPECT_EQ(ClassifyImprovement(20001, 10001), ResponderClass::kModerate);
  EXPECT_EQ(ClassifyImprovement(20000, 10000), ResponderClass::kSubstantial);
  EXPECT_EQ(ClassifyImprovement(1, 2), ResponderClass::kWorsened);
  EXPECT_EQ(ClassifyImprovement(0, 2), ResponderClass::kNotEvaluable);
}

TEST(ChangeTest, MinimalImportantChanges) {
  EXPECT_EQ(GetInstrument(InstrumentId::kNprs).mcid_points, 2);
  EXPECT_EQ(GetInstrument(InstrumentId::kRmdq).mcid_points, 5);
  EXPECT_EQ(GetInstrument(InstrumentId::kOdi).mcid_points, 10);
  EXPECT_EQ(GetInstrument(InstrumentId::kPeg).mcid_points, std::nullopt);
}

TEST(ChangeTest, RejectsScoresOutsideTheInstrument) {
  struct Case {
    InstrumentId id;
    std::int64_t baseline;
    std::int64_t followup;
    const char* message;
  };
  const Case cases[] = {
      {InstrumentId::kNprs, 1100, 500, "nprs baseline: expected a whole number 0-10, got 11.00"},
      {InstrumentId::kNprs, 800, 750,
       "nprs followup: expected a whole number 0-10, got a fraction"},
      {InstrumentId::kNprs, 800, -100, "nprs followup: expected a whole number 0-10, got -1.00"},
      {InstrumentId::kOdi, 10001, 5000, "odi baseline: expected a number 0-100, got 100.01"},
      {InstrumentId::kRmdq, 2500, 0, "rmdq baseline: expected a whole number 0-24, got 25.00"},
      {InstrumentId::kPeg, 500, 1001, "peg followup: expected a number 0-10, got 10.01"},
      {InstrumentId::kStartBack, 400, 300,
       "startback: change is not defined (the score is a risk group)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    ASSERT_ERROR_AND_ASSIGN(Error error,
                            ComputeChange(c.id, Decimal2::FromHundredths(c.baseline),
                                          Decimal2::FromHundredths(c.followup)),
                            ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, c.message);
  }
}

}  // namespace
}  // namespace backcare::instrument
