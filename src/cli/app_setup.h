// What the CLI's commands and main.cc hand the use cases (app::AppContext) from the real world:
// the system clock, and time zones from the IANA database (exchange/tz). One definition each, so
// `serve`, `demo` and `clinic create` read time and zones the same way.
#ifndef BACKCARE_CLI_APP_SETUP_H_
#define BACKCARE_CLI_APP_SETUP_H_

#include <chrono>

#include "app/app_context.h"
#include "core/ports/clock.h"

namespace backcare::cli {

class SystemClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override;
};

// Looks a zone up in the IANA database; kInvalidInput (field "time_zone") when unknown.
app::TimeZoneLookup IanaTimeZones();

}  // namespace backcare::cli

#endif  // BACKCARE_CLI_APP_SETUP_H_
