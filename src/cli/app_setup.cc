#include "cli/app_setup.h"

#include <memory>
#include <string_view>
#include <utility>

#include "exchange/tz/iana_time_zone.h"

namespace backcare::cli {

std::chrono::system_clock::time_point SystemClock::Now() const {
  return std::chrono::system_clock::now();
}

app::TimeZoneLookup IanaTimeZones() {
  return [](std::string_view name) -> Result<std::shared_ptr<const ports::TimeZone>> {
    ASSIGN_OR_RETURN(std::unique_ptr<ports::TimeZone> zone,
                     exchange::LoadIanaTimeZone(name, "time_zone"));
    return std::shared_ptr<const ports::TimeZone>(std::move(zone));
  };
}

}  // namespace backcare::cli
