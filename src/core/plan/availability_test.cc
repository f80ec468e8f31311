#include "core/plan/availability.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace backcare::plan {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::year;

constexpr LocalDate kMonday{std::chrono::local_days{year{2026} / 12 / 7}};  // a Monday

LocalMinutes On(LocalDate date, int hour, int minute = 0) {
  return LocalMinutes{date} + hours(hour) + minutes(minute);
}

DayWindow Window(int from_hour, int from_minute, int to_hour, int to_minute) {
  return {hours(from_hour) + minutes(from_minute), hours(to_hour) + minutes(to_minute)};
}

// Mon-Fri 08:00-12:00 and 13:00-19:00.
std::vector<WeeklyWindow> SplitWeekdays() {
  std::vector<WeeklyWindow> windows;
  for (unsigned day = 1; day <= 5; ++day) {
    windows.push_back({std::chrono::weekday{day}, hours(13), hours(19)});
    windows.push_back({std::chrono::weekday{day}, hours(8), hours(12)});
  }
  return windows;
}

clinic::ClinicClosure Closure(clinic::Date first, clinic::Date last, std::string reason) {
  clinic::ClinicClosure closure;
  closure.first_day = first;
  closure.last_day = last;
  closure.reason = std::move(reason);
  return closure;
}

TEST(AvailabilityTest, AWorkingDayWithoutSessionsIsFreeAllItsHoursAndAWeekendIsOff) {
  const auto days = DailyAvailability(
      SplitWeekdays(), {}, {}, {kMonday + std::chrono::days{4}, kMonday + std::chrono::days{5}},
      minutes(60));
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].date, kMonday + std::chrono::days{4});  // Friday
  const std::vector<DayWindow> hours_of_day = {Window(8, 0, 12, 0), Window(13, 0, 19, 0)};
  EXPECT_EQ(days[0].open, hours_of_day);  // sorted by start although given afternoon first
  EXPECT_EQ(days[0].free, hours_of_day);
  EXPECT_TRUE(days[0].closed_reason.empty());
  EXPECT_TRUE(days[1].open.empty());  // Saturday
  EXPECT_TRUE(days[1].free.empty());
}

TEST(AvailabilityTest, SessionsAreTakenOutAndPiecesShorterThanMinFreeAreDropped) {
  // 09:00-10:00 and 10:30-11:30 leave 08:00-09:00 (60), 10:00-10:30 (30, dropped),
  // 11:30-12:00 (30, dropped); 12:30-13:30 overlaps the lunch gap and leaves 13:30-19:00; the
  // overlapping pair 15:00-16:00 / 15:30-16:30 leaves 13:30-15:00 and 16:30-19:00.
  const std::vector<BusyInterval> busy = {
      {On(kMonday, 15, 30), On(kMonday, 16, 30)}, {On(kMonday, 9), On(kMonday, 10)},
      {On(kMonday, 10, 30), On(kMonday, 11, 30)}, {On(kMonday, 12, 30), On(kMonday, 13, 30)},
      {On(kMonday, 15), On(kMonday, 16)},
  };
  const auto days = DailyAvailability(SplitWeekdays(), {}, busy, {kMonday, kMonday}, minutes(60));
  ASSERT_EQ(days.size(), 1u);
  const std::vector<DayWindow> expected = {Window(8, 0, 9, 0), Window(13, 30, 15, 0),
                                           Window(16, 30, 19, 0)};
  EXPECT_EQ(days[0].free, expected);

  const auto fine = DailyAvailability(SplitWeekdays(), {}, busy, {kMonday, kMonday}, minutes(30));
  const std::vector<DayWindow> with_short = {Window(8, 0, 9, 0), Window(10, 0, 10, 30),
                                             Window(11, 30, 12, 0), Window(13, 30, 15, 0),
                                             Window(16, 30, 19, 0)};
  EXPECT_EQ(fine[0].free, with_short);
}

TEST(AvailabilityTest, AClosureClosesEachOfItsDatesWithItsReason) {
  const std::vector<clinic::ClinicClosure> closures = {
      Closure(year{2026} / 12 / 8, year{2026} / 12 / 9, "Staff training")};
  const auto days = DailyAvailability(SplitWeekdays(), closures, {},
                                      {kMonday, kMonday + std::chrono::days{3}}, minutes(60));
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(days[0].closed_reason, "");
  EXPECT_EQ(days[1].closed_reason, "Staff training");
  EXPECT_TRUE(days[1].open.empty());
  EXPECT_TRUE(days[1].free.empty());
  EXPECT_EQ(days[2].closed_reason, "Staff training");
  EXPECT_EQ(days[3].closed_reason, "");
  EXPECT_EQ(days[3].open.size(), 2u);
}

TEST(AvailabilityTest, AnIntervalAcrossMidnightTakesTimeFromBothDates) {
  const std::vector<WeeklyWindow> all_day = {{std::chrono::Monday, minutes(0), hours(24)},
                                             {std::chrono::Tuesday, minutes(0), hours(24)}};
  const std::vector<BusyInterval> busy = {{On(kMonday, 23), On(kMonday + std::chrono::days{1}, 1)}};
  const auto days =
      DailyAvailability(all_day, {}, busy, {kMonday, kMonday + std::chrono::days{1}}, minutes(15));
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].free, std::vector<DayWindow>{Window(0, 0, 23, 0)});
  EXPECT_EQ(days[1].free, std::vector<DayWindow>{Window(1, 0, 24, 0)});
}

TEST(AvailabilityTest, AFullyBookedDayHasNoFreeTime) {
  const std::vector<BusyInterval> busy = {{On(kMonday, 7), On(kMonday, 20)}};
  const auto days = DailyAvailability(SplitWeekdays(), {}, busy, {kMonday, kMonday}, minutes(1));
  EXPECT_EQ(days[0].open.size(), 2u);
  EXPECT_TRUE(days[0].free.empty());
}

}  // namespace
}  // namespace backcare::plan
