// The small database interface the SQL-backed ClinicStore is written against, so the SQL of every
// repository method exists once. SQLite (store/sqlite) and PostgreSQL (store/postgres) implement
// it. Statements use PostgreSQL-style numbered parameters ($1, $2, ...); the SQLite connection
// binds them by name. Errors come back already mapped to backcare codes (see each backend).
#ifndef BACKCARE_STORE_SQL_CONNECTION_H_
#define BACKCARE_STORE_SQL_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/result.h"
#include "store/migrations/migrations.h"

namespace backcare::store::sql {

// A parameter or result cell. SQLite returns typed cells; PostgreSQL returns every non-null
// cell as text (the readers in row_reader.h accept both).
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
using Row = std::vector<Value>;

enum class TxMode { kRead, kWrite };

// Loads many rows into one table inside the current transaction, the fastest way the backend has
// (see Connection::BeginBulkLoad). Rows are written as they are appended; the table is whole again
// (every index present, every constraint checked) only after Finish() succeeds. After any failed
// call the load is over: on SQLite the table is back as it was before BeginBulkLoad and the
// transaction stays usable; on PostgreSQL the transaction is failed and Commit refuses it.
class BulkLoad {
 public:
  virtual ~BulkLoad() = default;
  // Adds rows, each with one value per column, in the column order given to BeginBulkLoad.
  virtual Status Append(std::span<const Row> rows) = 0;
  // Ends the load. When the load set indexes (and, on PostgreSQL, foreign keys) aside, this
  // rebuilds them from their stored definitions and checks every row against the constraints.
  virtual Status Finish() = 0;
};

// A bulk load of at least this many rows may set the table's secondary indexes (and, on
// PostgreSQL, its foreign keys) aside and rebuild them in the same transaction at Finish().
inline constexpr std::int64_t kBulkRebuildMinRows = 10'000;

// Whether rebuilding beats maintaining row by row: a rebuild costs in proportion to the whole
// table, row-by-row maintenance in proportion to the load, and a rebuilt index is about twice as
// cheap per row, so rebuild when the load is at least as large as what the table already holds.
// `existing_rows` is the table's row count counted up to `load_rows`.
inline bool RebuildPaysOff(std::int64_t load_rows, std::int64_t existing_rows) {
  return load_rows >= kBulkRebuildMinRows && existing_rows < load_rows;
}

// One database connection, used by one transaction at a time.
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Status Begin(TxMode mode) = 0;
  virtual Status Commit() = 0;
  // Best effort; used on destruction of an uncommitted transaction.
  virtual void Rollback() = 0;

  // Runs one statement and returns its rows (for INSERT ... RETURNING as well).
  virtual Result<std::vector<Row>> Query(std::string_view sql, std::span<const Value> params) = 0;
  // Runs one statement and returns the number of rows changed.
  virtual Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) = 0;
  // Runs `select` (a query without parameters, built only from the adapter's own constant table
  // and column names) and calls `row` for each result row in order, with cells as Query returns
  // them; the Row is valid only during the call, and `row` must not use this connection. Returns
  // the first error of the query or of `row` (the remaining rows are then read and dropped).
  // PostgreSQL streams the rows with `COPY (select) TO STDOUT` instead of holding the whole result
  // in memory; by default (SQLite) it is Query.
  virtual Status ForEachRow(std::string_view select, const std::function<Status(const Row&)>& row) {
    ASSIGN_OR_RETURN(std::vector<Row> rows, Query(select, {}));
    for (const Row& each : rows) {
      RETURN_IF_ERROR(row(each));
    }
    return OkStatus();
  }
  // Runs several statements without parameters (migrations).
  virtual Status ExecuteScript(std::string_view sql) = 0;
  // Starts a bulk load of about `expected_rows` rows into `table`'s `columns` (0 when unknown: the
  // load then keeps every index and constraint in place). At most one load is open at a time, and
  // no other statement runs on this connection until it is finished or destroyed.
  virtual Result<std::unique_ptr<BulkLoad>> BeginBulkLoad(std::string_view table,
                                                          std::span<const std::string> columns,
                                                          std::int64_t expected_rows) = 0;
};

// Owns the connections of one database.
class ConnectionPool {
 public:
  virtual ~ConnectionPool() = default;

  virtual SqlDialect dialect() const = 0;
  // A connection for one transaction; it goes back to the pool when the pointer is destroyed.
  // kUnavailable when the database is busy (another writer holds it past the busy timeout) or
  // cannot be reached.
  virtual Result<std::unique_ptr<Connection>> Acquire(TxMode mode) = 0;
  // For a backup: copies the whole database, as one consistent snapshot taken now, into a new file
  // at `path` (mode 0600) and returns a read-only connection to the copy. The file (and anything
  // the backend made beside it) is removed when the connection is destroyed, and before any error
  // is returned. nullptr when the backend takes no copy (PostgreSQL: the backup reads one read-only
  // transaction of the live database instead). kUnavailable when the file cannot be created or
  // the database stays busy past the busy timeout.
  virtual Result<std::unique_ptr<Connection>> OpenSnapshot(const std::string& path) {
    static_cast<void>(path);
    return std::unique_ptr<Connection>();
  }
};

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_CONNECTION_H_
