// The clock a store stamps its records' updated_at with when whoever opens it names none: the
// system clock. Tests and golden fixtures hand the store a ports::FakeClock instead (OpenStore,
// NewMemoryStore, OpenSqliteStore and OpenPostgresStore all take one).
#ifndef BACKCARE_STORE_DEFAULT_CLOCK_H_
#define BACKCARE_STORE_DEFAULT_CLOCK_H_

#include "core/ports/clock.h"

namespace backcare::store {

// A process-wide ports::Clock over std::chrono::system_clock; lives as long as the program.
const ports::Clock& DefaultClock();

}  // namespace backcare::store

#endif  // BACKCARE_STORE_DEFAULT_CLOCK_H_
