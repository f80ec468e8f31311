// The real time-zone adapter: IANA zones ("Europe/London") from the operating system's tz
// database through Howard Hinnant's date-tz (USE_OS_TZDB=1; the tzdata package must be
// installed). Implements ports::TimeZone for the planner and lists a zone's observances for the
// VTIMEZONE of iCalendar feeds.
#ifndef BACKCARE_EXCHANGE_TZ_IANA_TIME_ZONE_H_
#define BACKCARE_EXCHANGE_TZ_IANA_TIME_ZONE_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/ports/time_zone.h"

namespace backcare::exchange {

// The zone named `name`. kInvalidInput "FIELD: unknown time zone 'NAME'" when the tz database has
// no such zone (`field` names the input it came from, e.g. "--tz"). Thread-safe once loaded.
Result<std::unique_ptr<ports::TimeZone>> LoadIanaTimeZone(std::string_view name,
                                                          std::string_view field);

// A period during which a zone's UTC offset and abbreviation are constant.
struct Observance {
  ports::UtcMinutes begin;      // first instant of the period
  std::chrono::minutes offset;  // UTC offset (local = UTC + offset)
  bool daylight = false;        // daylight-saving time
  std::string abbreviation;     // "BST"
};

// The observances of zone `name` that overlap [from, to), in time order; the first one began at
// or before `from`. Errors as LoadIanaTimeZone.
Result<std::vector<Observance>> ZoneObservances(std::string_view name, ports::UtcMinutes from,
                                                ports::UtcMinutes to, std::string_view field);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_TZ_IANA_TIME_ZONE_H_
