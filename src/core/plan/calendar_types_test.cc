#include "core/plan/calendar_types.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::plan {
namespace {

TEST(WeeklyWindowsTest, ParsesAndFormats) {
  auto windows = ParseWeeklyWindows("thu 14:00-18:00, mon 09:00-12:00,MON 13:00-24:00", "--x");
  ASSERT_OK(windows);
  EXPECT_EQ(FormatWeeklyWindows(*windows), "mon 09:00-12:00,mon 13:00-24:00,thu 14:00-18:00");
  EXPECT_EQ((*windows)[0].weekday, std::chrono::Monday);
  EXPECT_EQ((*windows)[1].end, std::chrono::minutes(24 * 60));
}

TEST(WeeklyWindowsTest, ReportsEachMalformedInputLiterally) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "--availability: expected at least one window like 'mon 09:00-12:00', got ''"},
      {"monday",
       "--availability: 'monday': expected 'DAY HH:MM-HH:MM' with DAY one of mon tue "
       "wed thu fri sat sun"},
      {"mon 09:00-12:00,",
       "--availability: '': expected 'DAY HH:MM-HH:MM' with DAY one of mon "
       "tue wed thu fri sat sun"},
      {"mnd 09:00-12:00",
       "--availability: 'mnd 09:00-12:00': unknown day 'mnd', expected one of "
       "mon tue wed thu fri sat sun"},
      {"mon 9-12", "--availability: 'mon 9-12': expected time HH:MM, got '9'"},
      {"mon 25:00-26:00", "--availability: 'mon 25:00-26:00': hour must be 00-23, got 25"},
      {"mon 09:75-10:00", "--availability: 'mon 09:75-10:00': minute must be 00-59, got 75"},
      {"mon 09:00-24:30", "--availability: 'mon 09:00-24:30': hour must be 00-23, got 24"},
      {"mon 12:00-09:00", "--availability: 'mon 12:00-09:00': end 09:00 is not after start 12:00"},
      {"mon 09:00-12:00,mon 11:00-13:00",
       "--availability: 'mon 11:00-13:00' overlaps 'mon 09:00-12:00'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    ASSERT_ERROR_AND_ASSIGN(Error error, ParseWeeklyWindows(c.text, "--availability"),
                            ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, c.message);
    ASSERT_EQ(error.fields.size(), 1u);
    EXPECT_EQ(error.fields[0].path, "--availability");
  }
}

TEST(DatesTest, ParsesDatesAndRanges) {
  struct Case {
    std::string text;
    std::string result;  // "first..last" or the error message
  };
  const std::vector<Case> cases = {
      {"2024-02-29", "2024-02-29..2024-02-29"},
      {"2024-12-24..2024-12-26", "2024-12-24..2024-12-26"},
      {"2023-02-29", "--start: '2023-02-29' is not a calendar date"},
      {"24-1-1", "--start: expected a date YYYY-MM-DD, got '24-1-1'"},
      {"2024-12-26..2024-12-24",
       "--start: '2024-12-26..2024-12-24': last date is before first date"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto range = ParseDateRange(c.text, "--start");
    std::string got =
        range ? FormatDate(range->first) + ".." + FormatDate(range->last) : range.error().message;
    EXPECT_EQ(got, c.result);
  }
}

TEST(DatesTest, FormatsTimes) {
  LocalDate date = LocalDate{std::chrono::year{2024} / 3 / 11};
  EXPECT_EQ(FormatLocalDateTime(LocalMinutes{date} + std::chrono::minutes(9 * 60 + 5)),
            "2024-03-11T09:05");
  EXPECT_EQ(FormatUtc(UtcMinutes{date.time_since_epoch()}), "2024-03-11T00:00Z");
  EXPECT_EQ(WeekdayName(std::chrono::weekday{date}), "mon");
}

}  // namespace
}  // namespace backcare::plan
