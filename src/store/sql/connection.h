// The small database interface the SQL-backed ClinicStore is written against, so the SQL of every
// repository method exists once. SQLite (store/sqlite) and PostgreSQL (store/postgres) implement
// it. Statements use PostgreSQL-style numbered parameters ($1, $2, ...); the SQLite connection
// binds them by name. Errors come back already mapped to backcare codes (see each backend).
#ifndef BACKCARE_STORE_SQL_CONNECTION_H_
#define BACKCARE_STORE_SQL_CONNECTION_H_

#include <cstdint>
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
  // Runs several statements without parameters (migrations).
  virtual Status ExecuteScript(std::string_view sql) = 0;
  // Inserts `rows` into `table`'s `columns` the fastest way the backend has.
  virtual Status BulkInsert(std::string_view table, std::span<const std::string> columns,
                            std::span<const Row> rows) = 0;
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
};

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_CONNECTION_H_
