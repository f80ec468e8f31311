#include "core/instrument/decimal.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "testing/status_matchers.h"

namespace backcare::instrument {
namespace {

struct RoundCase {
  std::int64_t numerator;
  std::int64_t denominator;
  std::int64_t expected_hundredths;
  const char* derivation;
};

TEST(DecimalTest, RoundRatioRoundsHalfAwayFromZeroOnTheExactRatio) {
  const RoundCase cases[] = {
      {3200, 45, 7111, "100*32/45 = 71.111... -> 71.11"},
      {1600, 45, 3556, "100*16/45 = 35.555... -> 35.56"},
      {1, 8, 13, "0.125 is a tie -> away from zero -> 0.13"},
      {-1, 8, -13, "-0.125 is a tie -> away from zero -> -0.13"},
      {1, -8, -13, "negative denominator: -0.125 -> -0.13"},
      {1, 200, 1, "0.005 is a tie -> 0.01"},
      {1, 400, 0, "0.0025 -> 0.00"},
      {-1, 400, 0, "-0.0025 -> 0.00 (no negative zero)"},
      {20, 3, 667, "6.666... -> 6.67"},
      {16, 3, 533, "5.333... -> 5.33"},
      {0, 7, 0, "0"},
      {1000, 10, 10000, "exactly 100.00"},
  };
  for (const RoundCase& c : cases) {
    EXPECT_EQ(RoundRatio(c.numerator, c.denominator).hundredths(), c.expected_hundredths)
        << c.derivation;
  }
}

TEST(DecimalTest, DivideRoundHalfAwayFromZero) {
  EXPECT_EQ(DivideRoundHalfAwayFromZero(5, 2), 3);    // 2.5 -> 3
  EXPECT_EQ(DivideRoundHalfAwayFromZero(-5, 2), -3);  // -2.5 -> -3
  EXPECT_EQ(DivideRoundHalfAwayFromZero(7, 3), 2);    // 2.33 -> 2
  EXPECT_EQ(DivideRoundHalfAwayFromZero(8, 3), 3);    // 2.67 -> 3
  EXPECT_EQ(DivideRoundHalfAwayFromZero(-8, 3), -3);  // -2.67 -> -3
}

TEST(DecimalTest, ToStringAlwaysHasTwoDecimals) {
  EXPECT_EQ(Decimal2::FromHundredths(3556).ToString(), "35.56");
  EXPECT_EQ(Decimal2::FromInt(20).ToString(), "20.00");
  EXPECT_EQ(Decimal2::FromHundredths(5).ToString(), "0.05");
  EXPECT_EQ(Decimal2::FromHundredths(-13).ToString(), "-0.13");
  EXPECT_EQ(Decimal2::FromHundredths(-2000).ToString(), "-20.00");
  EXPECT_EQ(Decimal2().ToString(), "0.00");
}

TEST(DecimalTest, ToDoubleIsTheNearestDouble) {
  EXPECT_EQ(Decimal2::FromHundredths(3556).ToDouble(), 35.56);
  EXPECT_EQ(Decimal2::FromHundredths(7111).ToDouble(), 71.11);
  EXPECT_EQ(Decimal2::FromInt(30).ToDouble(), 30.0);
}

TEST(DecimalTest, ParsesDecimals) {
  struct Case {
    const char* text;
    std::int64_t hundredths;
  };
  const Case cases[] = {
      {"0", 0},        {"7", 700},
      {"35.56", 3556}, {"35.5", 3550},
      {"0.05", 5},     {"-3.5", -350},
      {"100", 10000},  {"007", 700},
      {"-0.01", -1},   {"999999999999", 99999999999900},
  };
  for (const Case& c : cases) {
    Result<Decimal2> parsed = ParseDecimal2(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed->hundredths(), c.hundredths) << c.text;
  }
}

TEST(DecimalTest, RejectsMalformedDecimals) {
  struct Case {
    const char* text;
    const char* message;
  };
  const std::string expected = "expected a number with at most 2 decimal places (e.g. 35.56)";
  const Case cases[] = {
      {"", ""},
      {"-", ""},
      {"abc", ""},
      {"1e2", ""},
      {"3.", ""},
      {".5", ""},
      {"+1", ""},
      {" 1", ""},
      {"1 ", ""},
      {"1,5", ""},
      {"--1", ""},
      {"1.2.3", ""},
      {"1.234", ", got more decimal places"},
      {"1234567890123", ", got too many digits"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string("'") + c.text + "'");
    ASSERT_ERROR_AND_ASSIGN(Error error, ParseDecimal2(c.text), ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, expected + c.message);
  }
}

}  // namespace
}  // namespace backcare::instrument
