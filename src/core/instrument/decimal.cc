#include "core/instrument/decimal.h"

#include <cstdint>
#include <string>

namespace backcare::instrument {

std::int64_t DivideRoundHalfAwayFromZero(std::int64_t numerator, std::int64_t denominator) {
  BACKCARE_CHECK(denominator != 0);
  const bool negative = (numerator < 0) != (denominator < 0);
  const std::int64_t abs_numerator = numerator < 0 ? -numerator : numerator;
  const std::int64_t abs_denominator = denominator < 0 ? -denominator : denominator;
  // floor(n/d + 1/2) = floor((2n + d) / 2d) for n, d >= 0: rounds ties up, i.e. away from zero.
  const std::int64_t magnitude = (2 * abs_numerator + abs_denominator) / (2 * abs_denominator);
  return negative ? -magnitude : magnitude;
}

Decimal2 RoundRatio(std::int64_t numerator, std::int64_t denominator) {
  return Decimal2::FromHundredths(DivideRoundHalfAwayFromZero(numerator * 100, denominator));
}

std::string Decimal2::ToString() const {
  const std::int64_t magnitude = hundredths_ < 0 ? -hundredths_ : hundredths_;
  std::string text = hundredths_ < 0 ? "-" : "";
  text += std::to_string(magnitude / 100);
  text += '.';
  const std::int64_t cents = magnitude % 100;
  if (cents < 10) text += '0';
  text += std::to_string(cents);
  return text;
}

Result<Decimal2> ParseDecimal2(std::string_view text) {
  constexpr std::string_view kExpected =
      "expected a number with at most 2 decimal places (e.g. 35.56)";
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && text[pos] == '-') {
    negative = true;
    ++pos;
  }
  std::int64_t whole = 0;
  int whole_digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (whole_digits == 12) return InvalidInput(std::string(kExpected) + ", got too many digits");
    whole = whole * 10 + (text[pos] - '0');
    ++whole_digits;
    ++pos;
  }
  if (whole_digits == 0) return InvalidInput(std::string(kExpected));
  std::int64_t cents = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int fraction_digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (fraction_digits == 2) {
        return InvalidInput(std::string(kExpected) + ", got more decimal places");
      }
      cents = cents * 10 + (text[pos] - '0');
      ++fraction_digits;
      ++pos;
    }
    if (fraction_digits == 0) return InvalidInput(std::string(kExpected));
    if (fraction_digits == 1) cents *= 10;
  }
  if (pos != text.size()) return InvalidInput(std::string(kExpected));
  const std::int64_t hundredths = whole * 100 + cents;
  return Decimal2::FromHundredths(negative ? -hundredths : hundredths);
}

}  // namespace backcare::instrument
