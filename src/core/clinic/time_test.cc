#include "core/clinic/time.h"

#include <gtest/gtest.h>

namespace backcare::clinic {
namespace {

TEST(TimeTest, ParsesAndFormatsIsoDates) {
  const Date date = std::chrono::year{2024} / 2 / 29;
  EXPECT_EQ(FormatDate(date), "2024-02-29");
  EXPECT_EQ(ParseDate("2024-02-29"), date);
  EXPECT_EQ(FormatDate(std::chrono::year{7} / 1 / 2), "0007-01-02");
}

TEST(TimeTest, RefusesAnythingButYyyyMmDd) {
  for (const char* text : {"", "2024-2-29", "2023-02-29", "2024-13-01", "2024-01-32", "2024/01/01",
                           "2024-01-01T00", "+024-01-01", "2024-0a-01"}) {
    EXPECT_FALSE(ParseDate(text).has_value()) << text;
  }
}

TEST(TimeTest, MicrosecondsRoundTripAndFloorFinerTimes) {
  const Timestamp at = FromUnixMicros(1'700'000'000'123'456);
  EXPECT_EQ(ToUnixMicros(at), 1'700'000'000'123'456);
  EXPECT_EQ(ToUnixMicros(at + std::chrono::nanoseconds(999)), 1'700'000'000'123'456);
  EXPECT_EQ(ToUnixMicros(FromUnixMicros(-1) - std::chrono::nanoseconds(1)), -2);
}

// Found by fuzz/api_fuzzer.cc: GET /api/v1/schedule?from=4048-03-25 converted the date's
// midnight to a Timestamp (nanoseconds in 64 bits) and overflowed.
TEST(TimeTest, StartOfDayUtcRefusesDaysATimestampCannotHold) {
  using std::chrono::year;
  EXPECT_EQ(StartOfDayUtc(year{2024} / 3 / 18), std::chrono::sys_days(year{2024} / 3 / 18));
  EXPECT_TRUE(StartOfDayUtc(year{1677} / 9 / 22).has_value());
  EXPECT_TRUE(StartOfDayUtc(year{2262} / 4 / 10).has_value());
  for (const Date date : {year{1677} / 9 / 21, year{2262} / 4 / 11, year{4048} / 3 / 25,
                          year{9999} / 12 / 31, year{0} / 1 / 1}) {
    EXPECT_FALSE(StartOfDayUtc(date).has_value()) << FormatDate(date);
  }
}

}  // namespace
}  // namespace backcare::clinic
