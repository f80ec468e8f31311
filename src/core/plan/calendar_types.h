// Calendar vocabulary for planning: weekly windows of local time ("mon 09:00-12:00"), inclusive
// date ranges (closures, time off, blocked dates), and their text forms. Dates are the clinic's
// civil dates (std::chrono::local_days); times of day are minutes after local midnight.
#ifndef BACKCARE_CORE_PLAN_CALENDAR_TYPES_H_
#define BACKCARE_CORE_PLAN_CALENDAR_TYPES_H_

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/ports/time_zone.h"

namespace backcare::plan {

using LocalDate = std::chrono::local_days;
using ports::LocalMinutes;
using ports::UtcMinutes;

// Every `weekday`, local time [start, end), in minutes after midnight (0 <= start < end <= 1440).
struct WeeklyWindow {
  std::chrono::weekday weekday;
  std::chrono::minutes start{0};
  std::chrono::minutes end{0};
  friend bool operator==(const WeeklyWindow&, const WeeklyWindow&) = default;
};

// The local dates first..last, both included.
struct DateRange {
  LocalDate first;
  LocalDate last;
  bool Contains(LocalDate date) const { return first <= date && date <= last; }
  friend bool operator==(const DateRange&, const DateRange&) = default;
};

// True when any range contains `date`.
bool AnyContains(std::span<const DateRange> ranges, LocalDate date);

// The windows on `weekday`, sorted by start.
std::vector<WeeklyWindow> WindowsOn(std::span<const WeeklyWindow> windows,
                                    std::chrono::weekday weekday);

// Parses "mon 09:00-12:00,thu 14:00-18:00": comma-separated entries "DAY HH:MM-HH:MM", DAY one of
// mon tue wed thu fri sat sun, hours 00-23 (24:00 allowed as an end), end after start, no two
// windows on one day overlapping. Result sorted by weekday (Monday first) then start.
// Errors (kInvalidInput, message "FIELD: ..." naming the offending entry; one FieldError with
// path FIELD): see the table in calendar_types_test.cc.
Result<std::vector<WeeklyWindow>> ParseWeeklyWindows(std::string_view text, std::string_view field);

// "mon 09:00-12:00,thu 14:00-18:00" (the inverse of ParseWeeklyWindows).
std::string FormatWeeklyWindows(std::span<const WeeklyWindow> windows);

// Parses "YYYY-MM-DD" (a valid Gregorian date). kInvalidInput "FIELD: expected a date
// YYYY-MM-DD, got 'TEXT'" or "FIELD: 'TEXT' is not a calendar date".
Result<LocalDate> ParseDate(std::string_view text, std::string_view field);

// Parses "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" (last not before first).
Result<DateRange> ParseDateRange(std::string_view text, std::string_view field);

std::string FormatDate(LocalDate date);                  // "2024-03-11"
std::string FormatTimeOfDay(std::chrono::minutes t);     // "09:00"
std::string FormatLocalDateTime(LocalMinutes local);     // "2024-03-11T09:00"
std::string FormatUtc(UtcMinutes utc);                   // "2024-03-11T09:00Z"
std::string_view WeekdayName(std::chrono::weekday day);  // "mon"

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_CALENDAR_TYPES_H_
