#include "store/sqlite/sqlite_connection.h"

#include <chrono>
#include <cstdio>
#include <string_view>
#include <thread>

#include "store/common/validation.h"

namespace backcare::store {
namespace {

// "session_notes__nprs_before" -> {"session_notes", "nprs_before"}.
std::pair<std::string, std::string> SplitConstraintName(std::string_view name) {
  std::size_t at = name.find("__");
  if (at == std::string_view::npos) {
    return {std::string(name), ""};
  }
  return {std::string(name.substr(0, at)), std::string(name.substr(at + 2))};
}

std::string Trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  return std::string(text);
}

// SQLite's default build keeps allocation statistics behind one process-wide mutex taken on every
// allocation and free: with many connections in use at once (the server's readers) that mutex
// serialises them. backcare never reads those statistics. sqlite3_config must run before SQLite
// initialises; a later call is refused (SQLITE_MISUSE) and harmlessly ignored.
void ConfigureSqliteOnce() {
  static const bool kConfigured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)kConfigured;
}

}  // namespace

Error MapSqliteError(sqlite3* db, int rc) {
  const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int extended = db ? sqlite3_extended_errcode(db) : rc;
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable("database is busy: " + message);
    case SQLITE_CONSTRAINT: {
      const std::size_t colon = message.find(": ");
      const std::string detail = colon == std::string::npos ? "" : message.substr(colon + 2);
      if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        // "UNIQUE constraint failed: users.clinic_id, users.email": the last column is the field.
        std::string last = Trimmed(
            detail.substr(detail.rfind(',') == std::string::npos ? 0 : detail.rfind(',') + 1));
        const std::size_t dot = last.find('.');
        if (dot != std::string::npos) {
          return ConflictError(last.substr(0, dot), last.substr(dot + 1));
        }
        return Conflict("already exists");
      }
      if (extended == SQLITE_CONSTRAINT_CHECK) {
        auto [table, field] = SplitConstraintName(detail);
        Error error = InvalidInput(table + "." + field + ": violates a check constraint");
        error.fields.push_back({"", field, "violates a check constraint"});
        return error;
      }
      if (extended == SQLITE_CONSTRAINT_NOTNULL) {
        const std::size_t dot = detail.find('.');
        Error error = InvalidInput(detail + ": must not be null");
        error.fields.push_back(
            {"", dot == std::string::npos ? detail : detail.substr(dot + 1), "must not be null"});
        return error;
      }
      if (extended == SQLITE_CONSTRAINT_FOREIGNKEY) {
        return InvalidInput("a reference points to a record that does not exist");
      }
      if (extended == SQLITE_CONSTRAINT_TRIGGER) {
        return FailedPrecondition(message);
      }
      return InvalidInput(message);
    }
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataCorruption("database file is corrupt or not a database: " + message);
    case SQLITE_READONLY:
      return FailedPrecondition("database is read-only: " + message);
    case SQLITE_FULL:
      return Unavailable("the database's disk is full; writes resume once space is freed (" +
                         message + ")");
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PROTOCOL:
      return Unavailable("database unavailable: " + message);
    default:
      return Internal("sqlite: " + message);
  }
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 Access access,
                                                                 int busy_timeout_ms) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = MapSqliteError(db, rc);
    sqlite3_close(db);
    return error;
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  const bool in_memory = path == ":memory:";
  std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
  if (!in_memory && access == Access::kReadWrite) {
    // The writer keeps up to 64 MiB of pages: bulk imports touch the response index at random.
    pragmas += " PRAGMA journal_mode = WAL; PRAGMA cache_size = -65536;";
  }
  if (access == Access::kQueryOnly) {
    pragmas += " PRAGMA query_only = ON;";
  }
  RETURN_IF_ERROR(connection->ExecuteScript(pragmas));
  // Startup check: the pragmas took effect (a read-only file system or an old library would not).
  ASSIGN_OR_RETURN(auto foreign_keys, connection->Query("PRAGMA foreign_keys", {}));
  ASSIGN_OR_RETURN(auto synchronous, connection->Query("PRAGMA synchronous", {}));
  ASSIGN_OR_RETURN(auto journal, connection->Query("PRAGMA journal_mode", {}));
  auto as_int = [](const std::vector<sql::Row>& rows) -> std::int64_t {
    if (rows.empty() || rows[0].empty()) {
      return -1;
    }
    const auto* value = std::get_if<std::int64_t>(&rows[0][0]);
    return value ? *value : -1;
  };
  auto as_text = [](const std::vector<sql::Row>& rows) -> std::string {
    if (rows.empty() || rows[0].empty()) {
      return "";
    }
    const auto* value = std::get_if<std::string>(&rows[0][0]);
    return value ? *value : "";
  };
  if (as_int(foreign_keys) != 1 || as_int(synchronous) != 2) {
    return Unavailable("sqlite: expected foreign_keys=1 and synchronous=2 (FULL), got " +
                       std::to_string(as_int(foreign_keys)) + " and " +
                       std::to_string(as_int(synchronous)));
  }
  const std::string expected_journal = in_memory ? "memory" : "wal";
  if (as_text(journal) != expected_journal) {
    return Unavailable("sqlite: expected journal_mode=" + expected_journal + ", got " +
                       as_text(journal));
  }
  return connection;
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::OpenCopyOf(SqliteConnection& source,
                                                                       const std::string& path,
                                                                       int busy_timeout_ms) {
  sqlite3* db = nullptr;
  // No SQLITE_OPEN_CREATE: the caller created the file with the permissions it wants.
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error error = MapSqliteError(db, rc);
    sqlite3_close(db);
    return error;
  }
  std::unique_ptr<SqliteConnection> copy(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  // The copy is scratch, read once and deleted: no rollback journal, no syncs.
  RETURN_IF_ERROR(copy->ExecuteScript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"));
  sqlite3_backup* backup = sqlite3_backup_init(db, "main", source.db_, "main");
  if (backup == nullptr) {
    return MapSqliteError(db, sqlite3_errcode(db));
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  int step = SQLITE_OK;
  while (true) {
    step = sqlite3_backup_step(backup, -1);
    if ((step != SQLITE_BUSY && step != SQLITE_LOCKED) ||
        std::chrono::steady_clock::now() >= deadline) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sqlite3_backup_finish(backup);  // sets the step's error on `db`
  if (step != SQLITE_DONE) {
    return MapSqliteError(db, step);
  }
  RETURN_IF_ERROR(copy->ExecuteScript("PRAGMA query_only = ON;"));
  return copy;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, statement] : cache_) {
    sqlite3_finalize(statement.stmt);
  }
  sqlite3_close_v2(db_);
}

Result<SqliteConnection::Statement*> SqliteConnection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    sqlite3_reset(it->second.stmt);
    sqlite3_clear_bindings(it->second.stmt);
    return &it->second;
  }
  Statement statement;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &statement.stmt, nullptr);
  if (rc != SQLITE_OK) {
    return MapSqliteError(db_, rc);
  }
  const int count = sqlite3_bind_parameter_count(statement.stmt);
  for (int k = 1; k <= count; ++k) {
    const std::string name = "$" + std::to_string(k);
    statement.parameter_index.push_back(sqlite3_bind_parameter_index(statement.stmt, name.c_str()));
  }
  auto [inserted, ok] = cache_.emplace(std::string(sql), statement);
  return &inserted->second;
}

Status SqliteConnection::BindValue(sqlite3_stmt* stmt, int index, const sql::Value& value,
                                   bool copy_text) {
  int rc = SQLITE_OK;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    rc = sqlite3_bind_int64(stmt, index, *integer);
  } else if (const auto* number = std::get_if<double>(&value)) {
    rc = sqlite3_bind_double(stmt, index, *number);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    rc = sqlite3_bind_text(stmt, index, text->data(), static_cast<int>(text->size()),
                           copy_text ? SQLITE_TRANSIENT : SQLITE_STATIC);
  } else {
    rc = sqlite3_bind_null(stmt, index);
  }
  if (rc != SQLITE_OK) {
    return MapSqliteError(db_, rc);
  }
  return OkStatus();
}

Status SqliteConnection::Bind(Statement& statement, std::span<const sql::Value> params) {
  for (std::size_t k = 0; k < params.size() && k < statement.parameter_index.size(); ++k) {
    const int index = statement.parameter_index[k];
    if (index != 0) {
      RETURN_IF_ERROR(BindValue(statement.stmt, index, params[k], /*copy_text=*/true));
    }
  }
  return OkStatus();
}

Status SqliteConnection::StepToEnd(sqlite3_stmt* stmt) {
  const int rc = sqlite3_step(stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    Error error = MapSqliteError(db_, rc);
    sqlite3_reset(stmt);
    return error;
  }
  sqlite3_reset(stmt);
  return OkStatus();
}

// BEGIN and COMMIT run once per transaction: prepared once and cached like any statement.
Status SqliteConnection::Begin(sql::TxMode mode) {
  ASSIGN_OR_RETURN(Statement * statement,
                   Prepare(mode == sql::TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
  return StepToEnd(statement->stmt);
}

Status SqliteConnection::Commit() {
  ASSIGN_OR_RETURN(Statement * statement, Prepare("COMMIT"));
  return StepToEnd(statement->stmt);
}

void SqliteConnection::Rollback() {
  if (!sqlite3_get_autocommit(db_)) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Result<std::vector<sql::Row>> SqliteConnection::Query(std::string_view sql,
                                                      std::span<const sql::Value> params) {
  ASSIGN_OR_RETURN(Statement * statement, Prepare(sql));
  RETURN_IF_ERROR(Bind(*statement, params));
  std::vector<sql::Row> rows;
  const int columns = sqlite3_column_count(statement->stmt);
  while (true) {
    const int rc = sqlite3_step(statement->stmt);
    if (rc == SQLITE_DONE) {
      break;
    }
    if (rc != SQLITE_ROW) {
      Error error = MapSqliteError(db_, rc);
      sqlite3_reset(statement->stmt);
      return error;
    }
    sql::Row row;
    row.reserve(static_cast<std::size_t>(columns));
    for (int i = 0; i < columns; ++i) {
      switch (sqlite3_column_type(statement->stmt, i)) {
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(statement->stmt, i)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(statement->stmt, i));
          break;
        case SQLITE_NULL:
          row.emplace_back();
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement->stmt, i));
          row.emplace_back(
              std::string(text ? text : "",
                          static_cast<std::size_t>(sqlite3_column_bytes(statement->stmt, i))));
        }
      }
    }
    rows.push_back(std::move(row));
  }
  sqlite3_reset(statement->stmt);
  return rows;
}

Result<std::int64_t> SqliteConnection::Execute(std::string_view sql,
                                               std::span<const sql::Value> params) {
  ASSIGN_OR_RETURN(auto rows, Query(sql, params));
  return static_cast<std::int64_t>(sqlite3_changes64(db_));
}

Status SqliteConnection::ExecuteScript(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return MapSqliteError(db_, rc);
  }
  return OkStatus();
}

// One bulk load on a SqliteConnection. Text is bound without copying: every row appended lives
// until its statement has run.
class SqliteBulkLoad final : public sql::BulkLoad {
 public:
  // Rows per multi-row INSERT when the indexes are set aside (64 x 9 columns = 576 parameters,
  // far below SQLite's limit of 32,766). With the indexes in place a multi-row statement is
  // slower than single rows: it needs a statement journal for every index page it touches.
  static constexpr std::size_t kRowsPerInsert = 64;
  static constexpr const char* kSavepoint = "backcare_bulk_load";

  SqliteBulkLoad(SqliteConnection& connection, std::size_t columns)
      : connection_(connection), columns_(columns) {}
  ~SqliteBulkLoad() override {
    if (open_) {
      Abandon();
    }
  }

  // Opens the savepoint, decides whether to rebuild and prepares the statements.
  Status Start(std::string_view table, std::span<const std::string> columns,
               std::int64_t expected_rows) {
    RETURN_IF_ERROR(connection_.ExecuteScript(std::string("SAVEPOINT ") + kSavepoint));
    open_ = true;
    Status status = Prepare(table, columns, expected_rows);
    if (!status) {
      Abandon();
    }
    return status;
  }

  Status Append(std::span<const sql::Row> rows) override {
    if (!open_) {
      return FailedPrecondition("bulk load is finished");
    }
    Status status = Insert(rows);
    if (!status) {
      Abandon();
    }
    return status;
  }

  Status Finish() override {
    if (!open_) {
      return FailedPrecondition("bulk load is finished");
    }
    Status status = OkStatus();
    for (const std::string& create : set_aside_) {
      status = connection_.ExecuteScript(create);
      if (!status) {
        break;
      }
    }
    if (status) {
      status = connection_.ExecuteScript(std::string("RELEASE ") + kSavepoint);
    }
    if (!status) {
      Abandon();
      return status;
    }
    open_ = false;
    ClearBindings();
    return OkStatus();
  }

 private:
  Status Prepare(std::string_view table, std::span<const std::string> columns,
                 std::int64_t expected_rows) {
    std::string head = "INSERT INTO " + std::string(table) + " (";
    std::string one_row = "(";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      head += (i ? ", " : "") + columns[i];
      one_row += i ? ", ?" : "?";
    }
    head += ") VALUES ";
    one_row += ")";
    ASSIGN_OR_RETURN(single_, connection_.Prepare(head + one_row));
    if (expected_rows < sql::kBulkRebuildMinRows) {
      return OkStatus();
    }
    const sql::Value table_name{std::string(table)};
    ASSIGN_OR_RETURN(auto counted, connection_.Query("SELECT count(*) FROM (SELECT 1 FROM " +
                                                         std::string(table) + " LIMIT $1)",
                                                     std::vector<sql::Value>{expected_rows}));
    const auto* existing = counted.empty() ? nullptr : std::get_if<std::int64_t>(&counted[0][0]);
    if (!existing || !sql::RebuildPaysOff(expected_rows, *existing)) {
      return OkStatus();
    }
    // Every explicitly created index (automatic ones, for UNIQUE, have no SQL and stay).
    ASSIGN_OR_RETURN(auto indexes, connection_.Query("SELECT name, sql FROM sqlite_master WHERE "
                                                     "type = 'index' AND tbl_name = $1 AND sql "
                                                     "IS NOT NULL ORDER BY name",
                                                     std::vector<sql::Value>{table_name}));
    for (const sql::Row& index : indexes) {
      const auto* name = std::get_if<std::string>(&index[0]);
      const auto* create = std::get_if<std::string>(&index[1]);
      if (!name || !create) {
        return DataCorruption("sqlite_master: unreadable index of " + std::string(table));
      }
      RETURN_IF_ERROR(connection_.ExecuteScript("DROP INDEX \"" + *name + "\""));
      set_aside_.push_back(*create);
    }
    std::string many = head;
    for (std::size_t k = 0; k < kRowsPerInsert; ++k) {
      many += (k ? ", " : "") + one_row;
    }
    ASSIGN_OR_RETURN(multi_, connection_.Prepare(many));
    return OkStatus();
  }

  Status Insert(std::span<const sql::Row> rows) {
    std::size_t at = 0;
    if (multi_) {
      for (; at + kRowsPerInsert <= rows.size(); at += kRowsPerInsert) {
        int index = 1;
        for (std::size_t k = 0; k < kRowsPerInsert; ++k) {
          RETURN_IF_ERROR(BindRow(multi_->stmt, index, rows[at + k]));
          index += static_cast<int>(columns_);
        }
        RETURN_IF_ERROR(connection_.StepToEnd(multi_->stmt));
      }
    }
    for (; at < rows.size(); ++at) {
      RETURN_IF_ERROR(BindRow(single_->stmt, 1, rows[at]));
      RETURN_IF_ERROR(connection_.StepToEnd(single_->stmt));
    }
    return OkStatus();
  }

  Status BindRow(sqlite3_stmt* stmt, int first_index, const sql::Row& row) {
    if (row.size() != columns_) {
      return Internal("bulk load: expected " + std::to_string(columns_) + " values per row, got " +
                      std::to_string(row.size()));
    }
    for (std::size_t i = 0; i < columns_; ++i) {
      RETURN_IF_ERROR(connection_.BindValue(stmt, first_index + static_cast<int>(i), row[i],
                                            /*copy_text=*/false));
    }
    return OkStatus();
  }

  // The statements bound the caller's text in place: leave no pointer into it behind.
  void ClearBindings() {
    for (auto* statement : {single_, multi_}) {
      if (statement) {
        sqlite3_reset(statement->stmt);
        sqlite3_clear_bindings(statement->stmt);
      }
    }
  }

  // Undoes everything since the savepoint (rows, dropped indexes); best effort.
  void Abandon() {
    open_ = false;
    ClearBindings();
    const std::string savepoint(kSavepoint);
    sqlite3_exec(connection_.handle(),
                 ("ROLLBACK TO " + savepoint + "; RELEASE " + savepoint).c_str(), nullptr, nullptr,
                 nullptr);
  }

  SqliteConnection& connection_;
  std::size_t columns_;
  SqliteConnection::Statement* single_ = nullptr;
  SqliteConnection::Statement* multi_ = nullptr;  // only while the indexes are set aside
  std::vector<std::string> set_aside_;            // CREATE INDEX statements to run at Finish
  bool open_ = false;
};

Result<std::unique_ptr<sql::BulkLoad>> SqliteConnection::BeginBulkLoad(
    std::string_view table, std::span<const std::string> columns, std::int64_t expected_rows) {
  auto load = std::make_unique<SqliteBulkLoad>(*this, columns.size());
  RETURN_IF_ERROR(load->Start(table, columns, expected_rows));
  return std::unique_ptr<sql::BulkLoad>(std::move(load));
}

}  // namespace backcare::store
