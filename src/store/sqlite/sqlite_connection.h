// A RAII wrapper over one sqlite3 connection with a statement cache keyed by SQL text,
// implementing sql::Connection. Errors are mapped to backcare codes by MapSqliteError.
#ifndef BACKCARE_STORE_SQLITE_SQLITE_CONNECTION_H_
#define BACKCARE_STORE_SQLITE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sql/connection.h"

namespace backcare::store {

// Maps a failed SQLite call to a backcare error (kConflict naming the field for a UNIQUE
// violation, kInvalidInput for CHECK / NOT NULL / foreign keys, kFailedPrecondition for a trigger's
// RAISE(ABORT), kUnavailable for busy/locked/I-O, kDataCorruption for a corrupt file).
Error MapSqliteError(sqlite3* db, int rc);

class SqliteConnection final : public sql::Connection {
 public:
  enum class Access { kReadWrite, kQueryOnly };

  // Opens `path` (or ":memory:") and applies the backcare pragmas.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, Access access,
                                                        int busy_timeout_ms);
  // Copies the main database of `source` into the existing (empty) file at `path` with the online
  // backup API: sqlite3_backup_step(-1) copies every page under one read transaction of `source`,
  // so the copy is one consistent snapshot even while another connection writes (uncommitted rows
  // are not copied). SQLITE_BUSY/LOCKED is retried until `busy_timeout_ms` has passed, then
  // kUnavailable "database is busy: ...". Returns a query_only connection to the copy. The caller
  // owns the file (and the -journal/-wal/-shm files SQLite may make beside it) and removes them.
  static Result<std::unique_ptr<SqliteConnection>> OpenCopyOf(SqliteConnection& source,
                                                              const std::string& path,
                                                              int busy_timeout_ms);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Status Begin(sql::TxMode mode) override;
  Status Commit() override;
  void Rollback() override;
  Result<std::vector<sql::Row>> Query(std::string_view sql,
                                      std::span<const sql::Value> params) override;
  Result<std::int64_t> Execute(std::string_view sql, std::span<const sql::Value> params) override;
  Status ExecuteScript(std::string_view sql) override;
  // Inserts with a cached prepared statement inside a savepoint. A load that rebuilds (see
  // sql::RebuildPaysOff) drops the table's secondary indexes, inserts kRowsPerInsert rows per
  // statement, and re-creates the indexes from their stored CREATE INDEX text at Finish().
  // Foreign keys stay on. Any failure rolls back to the savepoint (rows and indexes as before).
  Result<std::unique_ptr<sql::BulkLoad>> BeginBulkLoad(std::string_view table,
                                                       std::span<const std::string> columns,
                                                       std::int64_t expected_rows) override;

  sqlite3* handle() { return db_; }

 private:
  friend class SqliteBulkLoad;

  struct Statement {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> parameter_index;  // [k] = SQLite index of "$(k+1)", 0 when unused
  };

  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<Statement*> Prepare(std::string_view sql);
  Status Bind(Statement& statement, std::span<const sql::Value> params);
  // Binds `value` to SQLite parameter `index`; text is copied only when `copy_text`.
  Status BindValue(sqlite3_stmt* stmt, int index, const sql::Value& value, bool copy_text);
  // Steps a statement that returns no rows and resets it.
  Status StepToEnd(sqlite3_stmt* stmt);

  sqlite3* db_;
  // Keyed by SQL text; looked up by string_view without building a key (transparent hash).
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::unordered_map<std::string, Statement, TextHash, std::equal_to<>> cache_;
};

}  // namespace backcare::store

#endif  // BACKCARE_STORE_SQLITE_SQLITE_CONNECTION_H_
