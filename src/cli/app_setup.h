// What the CLI's commands and main.cc hand the use cases (app::AppContext) from the real world:
// the system clock, time zones from the IANA database (exchange/tz) and the protocol catalog
// (TOML, exchange/toml). One definition each, so `serve`, `demo`, `clinic create` and
// `protocol import` read time, zones and protocols the same way.
#ifndef BACKCARE_CLI_APP_SETUP_H_
#define BACKCARE_CLI_APP_SETUP_H_

#include <chrono>
#include <memory>

#include "app/app_context.h"
#include "app/protocol_catalog.h"
#include "core/base/result.h"
#include "core/ports/clock.h"

namespace backcare::cli {

class SystemClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override;
};

// Looks a zone up in the IANA database; kInvalidInput (field "time_zone") when unknown.
app::TimeZoneLookup IanaTimeZones();

// Stored protocol versions parsed as TOML (exchange::ParseProtocolToml), with the protocol built
// into the binary (protocols/deep-tissue-chronic-low-back-pain.toml) as the built-in one.
Result<std::unique_ptr<app::ProtocolCatalog>> NewProtocolCatalog();

}  // namespace backcare::cli

#endif  // BACKCARE_CLI_APP_SETUP_H_
