// Decimal2: a number with exactly two decimal places, held as an integer count of hundredths, so
// instrument scores, percent changes and bands are computed and compared without binary
// floating-point surprises. Every rounding in backcare's instrument, responder and trajectory code
// goes through RoundRatio / DivideRoundHalfAwayFromZero below.
//
// Rounding rule (docs/instruments.md): a ratio numerator / denominator of integers is rounded to
// the nearest hundredth, ties away from zero, computed in integer arithmetic on the exact ratio:
// 100*32/45 = 71.111... -> 71.11; 100*16/45 = 35.555... -> 35.56; -1/8 = -0.125 -> -0.13.
#ifndef BACKCARE_CORE_INSTRUMENT_DECIMAL_H_
#define BACKCARE_CORE_INSTRUMENT_DECIMAL_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace backcare::instrument {

// numerator / denominator rounded to the nearest integer, ties away from zero.
// Requires denominator != 0 (a BACKCARE_CHECK) and |numerator| small enough that
// 2*|numerator| + |denominator| does not overflow (any value below 2^61).
std::int64_t DivideRoundHalfAwayFromZero(std::int64_t numerator, std::int64_t denominator);

class Decimal2 {
 public:
  constexpr Decimal2() = default;

  // The value hundredths / 100, exactly.
  static constexpr Decimal2 FromHundredths(std::int64_t hundredths) {
    Decimal2 value;
    value.hundredths_ = hundredths;
    return value;
  }
  static constexpr Decimal2 FromInt(std::int64_t whole) { return FromHundredths(whole * 100); }

  constexpr std::int64_t hundredths() const { return hundredths_; }
  constexpr bool is_whole() const { return hundredths_ % 100 == 0; }
  // The integer part; meaningful when is_whole().
  constexpr std::int64_t whole() const { return hundredths_ / 100; }

  // The nearest double (hundredths / 100.0 is correctly rounded, so printing it with the
  // shortest round-trip format gives back exactly the two-decimal value: 35.56, 30.0).
  double ToDouble() const { return static_cast<double>(hundredths_) / 100.0; }

  // Always two decimals: "35.56", "20.00", "-0.13".
  std::string ToString() const;

  friend constexpr auto operator<=>(Decimal2, Decimal2) = default;
  friend constexpr Decimal2 operator-(Decimal2 a, Decimal2 b) {
    return FromHundredths(a.hundredths_ - b.hundredths_);
  }
  friend constexpr Decimal2 operator+(Decimal2 a, Decimal2 b) {
    return FromHundredths(a.hundredths_ + b.hundredths_);
  }

 private:
  std::int64_t hundredths_ = 0;
};

// numerator / denominator rounded to two decimals (ties away from zero), e.g.
// RoundRatio(1600, 45) = 35.56. Same preconditions as DivideRoundHalfAwayFromZero.
Decimal2 RoundRatio(std::int64_t numerator, std::int64_t denominator);

// Parses "35.56", "7", "-3.5", "0.05": an optional '-', one or more digits, and optionally '.'
// followed by one or two digits. Anything else (empty, "1e2", "3.", ".5", "1.234", "+1", spaces,
// more than 12 integer digits) is kInvalidInput with a message saying what was expected; the text
// itself is not echoed.
Result<Decimal2> ParseDecimal2(std::string_view text);

}  // namespace backcare::instrument

#endif  // BACKCARE_CORE_INSTRUMENT_DECIMAL_H_
