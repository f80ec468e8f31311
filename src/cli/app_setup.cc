#include "cli/app_setup.h"

#include <memory>
#include <string_view>
#include <utility>

#include "exchange/toml/default_protocol.h"
#include "exchange/toml/protocol_toml.h"
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

Result<std::unique_ptr<app::ProtocolCatalog>> NewProtocolCatalog() {
  ASSIGN_OR_RETURN(protocol::Protocol built_in, exchange::LoadDefaultProtocol());
  return std::make_unique<app::ProtocolCatalog>(
      &exchange::ParseProtocolToml,
      app::BuiltInProtocol{std::move(built_in), std::string(exchange::DefaultProtocolToml()),
                           std::string(exchange::kDefaultProtocolName)});
}

}  // namespace backcare::cli
