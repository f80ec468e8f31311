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

}  // namespace
}  // namespace backcare::clinic
