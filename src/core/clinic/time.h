// Time vocabulary shared by the clinic records: calendar dates and UTC instants.
// Stores keep instants to the microsecond (anything finer is truncated toward the past), so
// values that round-trip through a store should be built from whole microseconds.
#ifndef BACKCARE_CORE_CLINIC_TIME_H_
#define BACKCARE_CORE_CLINIC_TIME_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace backcare::clinic {

// A civil calendar date (no time zone), e.g. a date of birth or a course start date.
using Date = std::chrono::year_month_day;
// An instant in UTC.
using Timestamp = std::chrono::system_clock::time_point;

// "2024-03-18". Requires date.ok().
std::string FormatDate(Date date);
// Parses exactly "YYYY-MM-DD" with a valid calendar date; nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);

// The instant `date` begins in UTC (its midnight), or nullopt when some instant of that day lies
// outside what a Timestamp holds (nanoseconds in 64 bits: 1677-09-22 to 2262-04-10 are whole).
// Converting such a date directly overflows (undefined behaviour).
std::optional<Timestamp> StartOfDayUtc(Date date);

// Microseconds since the Unix epoch (floor), and back.
std::int64_t ToUnixMicros(Timestamp at);
Timestamp FromUnixMicros(std::int64_t micros);

// "2024-03-18T09:05:07Z": the instant in UTC, to the second (floor), as JSON and the CLI show it.
std::string FormatInstant(Timestamp at);

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_TIME_H_
