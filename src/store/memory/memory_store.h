// The in-memory ClinicStore: a complete implementation for tests and fixtures, with the same
// contract as the SQL stores (tests/store/ runs the same suite on all of them). Nothing persists.
// A read-write transaction works on a private copy of the data and publishes it on Commit;
// writers are serialised (Begin waits for the previous writer to finish); read-only transactions
// share the last committed snapshot (no copy) and never wait for writers.
#ifndef BACKCARE_STORE_MEMORY_MEMORY_STORE_H_
#define BACKCARE_STORE_MEMORY_MEMORY_STORE_H_

#include <memory>

#include "core/ports/clock.h"
#include "store/database.h"
#include "store/default_clock.h"

namespace backcare::store {

// A new, empty memory store at the latest schema version. `clock` stamps the records' updated_at
// (one reading per write); it must outlive the store.
std::unique_ptr<Database> NewMemoryStore(const ports::Clock& clock = DefaultClock());

}  // namespace backcare::store

#endif  // BACKCARE_STORE_MEMORY_MEMORY_STORE_H_
