// The SQLite ClinicStore (the default backend). One writer connection shared by all read-write
// transactions in turn (Debian's SQLite 3.40 has a WAL-reset bug with several writers), plus a
// pool of read-only connections, all in WAL mode with synchronous=FULL, foreign keys on and a
// busy timeout. sqlite3.h is included only under src/store/sqlite/.
#ifndef BACKCARE_STORE_SQLITE_SQLITE_STORE_H_
#define BACKCARE_STORE_SQLITE_SQLITE_STORE_H_

#include <chrono>
#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/ports/clock.h"
#include "store/default_clock.h"
#include "store/sql/sql_store.h"

namespace backcare::store {

struct SqliteOptions {
  // How long a transaction waits for the writer (in this process or another) before kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
};

// Opens (creating if needed) the database file at `path`, or a private in-memory database for
// ":memory:" (whose transactions, reads included, then all share the one connection in turn).
// Checks the SQLite version (3.35+, for RETURNING) and that the pragmas took effect, and that the
// schema is not newer than this binary (see sql::SqlStore::Open). kUnavailable when the file
// cannot be opened; kDataCorruption when it is not a SQLite database. `clock` stamps the records'
// updated_at (sql::SqlStore::Open); it must outlive the store.
Result<std::unique_ptr<sql::SqlStore>> OpenSqliteStore(const std::string& path,
                                                       SqliteOptions options = {},
                                                       const ports::Clock& clock = DefaultClock());

}  // namespace backcare::store

#endif  // BACKCARE_STORE_SQLITE_SQLITE_STORE_H_
