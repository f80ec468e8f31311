// OpenStore: the one factory that turns a database URL into an opened store::Database. The
// composition root (src/main.cc) hands it to the CLI and the server; nothing else names a concrete
// store.
#ifndef BACKCARE_STORE_OPEN_STORE_H_
#define BACKCARE_STORE_OPEN_STORE_H_

#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/ports/clock.h"
#include "store/database.h"
#include "store/default_clock.h"

namespace backcare::store {

// URLs:
//   sqlite:PATH              a SQLite database file (created when missing)
//   sqlite::memory:          a private in-memory SQLite database
//   postgresql://... or postgres://...   a PostgreSQL database (libpq connection URI)
//   memory:                  the in-memory store (tests, demos)
// kInvalidInput for any other URL (the message never repeats the URL, which may hold a
// password); otherwise the backend's open errors (kUnavailable, kDataCorruption,
// kFailedPrecondition for a schema newer than this binary). The store is not migrated: call
// Migrate() (or run `backcare migrate`). `clock` is what the store stamps each record it writes
// with (updated_at, see core/clinic/*.h); it must outlive the store. Callers that do not care get
// the system clock; tests and golden fixtures pass a ports::FakeClock.
Result<std::unique_ptr<Database>> OpenStore(const std::string& url,
                                            const ports::Clock& clock = DefaultClock());

}  // namespace backcare::store

#endif  // BACKCARE_STORE_OPEN_STORE_H_
