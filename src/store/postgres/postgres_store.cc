#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <mutex>
#include <pqxx/pqxx>
#include <pqxx/tablewriter>  // not in <pqxx/pqxx>: deprecated in 6.4 (see PostgresBulkLoad)
#include <utility>
#include <vector>

#include "store/sql/codec.h"

namespace backcare::store {
namespace {

// The first line of a server message without the "ERROR:  " prefix (no DETAIL, which may quote
// row values).
std::string PrimaryMessage(std::string_view what) {
  std::string_view line = what.substr(0, what.find('\n'));
  if (line.starts_with("ERROR:  ")) {
    line.remove_prefix(8);
  }
  return std::string(line);
}

// "...constraint \"users__email\"..." -> {"users", "email"}.
std::pair<std::string, std::string> ConstraintOf(std::string_view what) {
  const std::string_view marker = "constraint \"";
  const std::size_t start = what.find(marker);
  if (start == std::string_view::npos) {
    return {"", ""};
  }
  std::string_view name = what.substr(start + marker.size());
  name = name.substr(0, name.find('"'));
  const std::size_t split = name.find("__");
  if (split == std::string_view::npos) {
    if (name.ends_with("_pkey")) {  // PostgreSQL's default primary-key constraint name
      return {std::string(name.substr(0, name.size() - 5)), "id"};
    }
    return {std::string(name), ""};
  }
  return {std::string(name.substr(0, split)), std::string(name.substr(split + 2))};
}

// Maps a libpqxx exception (thrown while running a statement) to a backcare error.
Error MapPostgresError(const std::exception& exception) {
  if (dynamic_cast<const pqxx::broken_connection*>(&exception)) {
    return Unavailable("postgresql: connection lost");
  }
  if (dynamic_cast<const pqxx::transaction_rollback*>(&exception)) {
    return Unavailable(
        "postgresql: transaction rolled back by the server (serialization or "
        "deadlock); retry");
  }
  const auto* sql_error = dynamic_cast<const pqxx::sql_error*>(&exception);
  if (!sql_error) {
    return Internal(std::string("postgresql: ") + exception.what());
  }
  const std::string& state = sql_error->sqlstate();
  const std::string what = sql_error->what();
  if (state == "23505") {  // unique_violation
    auto [table, field] = ConstraintOf(what);
    Error error = Conflict(table + "." + field + ": already exists");
    error.fields.push_back({"", field, "already exists"});
    return error;
  }
  if (state == "23514") {  // check_violation
    auto [table, field] = ConstraintOf(what);
    Error error = InvalidInput(table + "." + field + ": violates a check constraint");
    error.fields.push_back({"", field, "violates a check constraint"});
    return error;
  }
  if (state == "23502") {  // not_null_violation
    return InvalidInput(PrimaryMessage(what));
  }
  if (state == "23503") {  // foreign_key_violation
    return InvalidInput("a reference points to a record that does not exist");
  }
  if (state == "P0001") {  // raise_exception from a trigger function
    return FailedPrecondition(PrimaryMessage(what));
  }
  if (state.starts_with("08") || state == "57P01" || state == "57P03" || state == "53300") {
    return Unavailable("postgresql: " + PrimaryMessage(what));
  }
  if (state == "55P03" || state == "57014") {  // lock_not_available, query_canceled
    return Unavailable("postgresql: database is busy: " + PrimaryMessage(what));
  }
  if (state == "XX001" || state == "XX002") {
    return DataCorruption("postgresql: " + PrimaryMessage(what));
  }
  return Internal("postgresql: " + PrimaryMessage(what) + " (SQLSTATE " + state + ")");
}

// Text form of each value (nullptr for NULL), valid while `storage` lives. Numbers are written
// with std::to_chars (doubles in the shortest form that reads back exactly) into the storage
// strings, whose buffers are reused from call to call.
void ToText(std::span<const sql::Value> values, std::vector<std::string>& storage,
            std::vector<const char*>& pointers) {
  storage.resize(values.size());
  pointers.resize(values.size());
  char buffer[32];
  for (std::size_t i = 0; i < values.size(); ++i) {
    const sql::Value& value = values[i];
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      const auto end = std::to_chars(buffer, buffer + sizeof(buffer), *integer).ptr;
      storage[i].assign(buffer, end);
    } else if (const auto* number = std::get_if<double>(&value)) {
      const auto end = std::to_chars(buffer, buffer + sizeof(buffer), *number).ptr;
      storage[i].assign(buffer, end);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      storage[i].assign(*text);
    } else {
      pointers[i] = nullptr;
      continue;
    }
    pointers[i] = storage[i].c_str();
  }
}

// A text cell of a catalog query (PostgreSQL returns every non-null cell as text).
std::string TextOf(const sql::Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  return text ? *text : std::string();
}

// COPY text format (PostgreSQL manual, COPY, "Text Format"): one row per line, columns separated
// by TAB, \N for NULL, and in data a backslash starts an escape: \b \f \n \r \t \v, \\, one to
// three octal digits, x and one or two hex digits; a backslash before any other character stands
// for that character.

// Appends one value as a COPY text field: numbers as ToText writes them, text with backslash, TAB,
// newline and carriage return escaped (sql::AppendEscaped; no other byte needs it), NULL as \N.
void AppendCopyField(std::string& out, const sql::Value& value) {
  char buffer[32];
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    out.append(buffer, std::to_chars(buffer, buffer + sizeof(buffer), *integer).ptr);
  } else if (const auto* number = std::get_if<double>(&value)) {
    out.append(buffer, std::to_chars(buffer, buffer + sizeof(buffer), *number).ptr);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    sql::AppendEscaped(out, *text);
  } else {
    out += "\\N";
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one escaped COPY text field into `out`. (The server never ends a field with a lone
// backslash; one would be kept as it is.)
void UnescapeCopyField(std::string_view field, std::string& out) {
  out.clear();
  std::size_t start = 0;
  for (std::size_t i = field.find('\\'); i != std::string_view::npos; i = field.find('\\', start)) {
    out.append(field.data() + start, i - start);
    if (++i == field.size()) {
      out += '\\';
      return;
    }
    const char c = field[i++];
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
        if (i < field.size() && HexDigit(field[i]) >= 0) {
          int byte = HexDigit(field[i++]);
          if (i < field.size() && HexDigit(field[i]) >= 0) {
            byte = byte * 16 + HexDigit(field[i++]);
          }
          out += static_cast<char>(byte);
        } else {
          out += 'x';
        }
        break;
      default:
        if (c >= '0' && c <= '7') {
          int byte = c - '0';
          for (int digits = 1; digits < 3 && i < field.size() && field[i] >= '0' && field[i] <= '7';
               ++digits) {
            byte = byte * 8 + (field[i++] - '0');
          }
          out += static_cast<char>(byte);
        } else {
          out += c;
        }
    }
    start = i;
  }
  out.append(field.data() + start, field.size() - start);
}

// Splits one COPY text line (without its newline) into `row`, reusing the buffers of the text
// cells it already holds.
void ParseCopyLine(std::string_view line, sql::Row& row) {
  std::size_t column = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(line.find('\t', start), line.size());
    const std::string_view field = line.substr(start, end - start);
    if (column == row.size()) {
      row.emplace_back();
    }
    sql::Value& cell = row[column++];
    if (field == "\\N") {
      cell = std::monostate();
    } else {
      if (!std::holds_alternative<std::string>(cell)) {
        cell = std::string();
      }
      UnescapeCopyField(field, std::get<std::string>(cell));
    }
    if (end == line.size()) {
      break;
    }
    start = end + 1;
  }
  row.resize(column);
}

class PostgresPool;

class PostgresConnection final : public sql::Connection {
 public:
  PostgresConnection(PostgresPool& pool, std::unique_ptr<pqxx::connection> connection)
      : pool_(pool), connection_(std::move(connection)) {}
  ~PostgresConnection() override;

  Status Begin(sql::TxMode mode) override {
    return Run([&] {
      transaction_.reset();
      transaction_ = std::make_unique<pqxx::nontransaction>(*connection_);
      failed_ = false;
      transaction_->exec(mode == sql::TxMode::kWrite
                             ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                             : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    });
  }
  Status Commit() override {
    if (!transaction_) {
      return FailedPrecondition("transaction is finished");
    }
    if (failed_) {
      Rollback();
      return FailedPrecondition("transaction had a failed statement and was rolled back");
    }
    Status status = Run([&] { transaction_->exec("COMMIT"); });
    transaction_.reset();
    return status;
  }
  void Rollback() override {
    if (!transaction_) {
      return;
    }
    try {
      transaction_->exec("ROLLBACK");
    } catch (const std::exception&) {
      // The connection is broken or not in a transaction: nothing to undo.
    }
    transaction_.reset();
  }
  Result<std::vector<sql::Row>> Query(std::string_view sql,
                                      std::span<const sql::Value> params) override {
    std::vector<sql::Row> rows;
    RETURN_IF_ERROR(Run([&] {
      pqxx::result result = Exec(sql, params);
      rows.reserve(result.size());
      for (const auto& record : result) {
        sql::Row row;
        row.reserve(record.size());
        for (const auto& field : record) {
          if (field.is_null()) {
            row.emplace_back();
          } else {
            row.emplace_back(std::string(field.c_str(), field.size()));
          }
        }
        rows.push_back(std::move(row));
      }
    }));
    return rows;
  }
  Result<std::int64_t> Execute(std::string_view sql, std::span<const sql::Value> params) override {
    std::int64_t changed = 0;
    RETURN_IF_ERROR(
        Run([&] { changed = static_cast<std::int64_t>(Exec(sql, params).affected_rows()); }));
    return changed;
  }
  Status ExecuteScript(std::string_view sql) override {
    return Run([&] { Tx().exec(std::string(sql)); });
  }
  // COPY (select) TO STDOUT in the current transaction. libpqxx 6.4's stream_from pastes its
  // "table name" unquoted into `COPY <name> TO STDOUT`, so a parenthesised query streams that
  // query's rows (pqxx 7 calls this stream_from::query). Each line is parsed as COPY text.
  Status ForEachRow(std::string_view select,
                    const std::function<Status(const sql::Row&)>& row) override {
    Status status = OkStatus();
    RETURN_IF_ERROR(Run([&] {
      pqxx::stream_from stream(Tx(), "(" + std::string(select) + ")");
      std::string line;
      sql::Row cells;
      while (stream.get_raw_line(line)) {
        if (!status) {
          continue;  // read the rest, so the connection leaves COPY mode
        }
        std::string_view text = line;
        if (text.ends_with('\n')) {
          text.remove_suffix(1);
        }
        ParseCopyLine(text, cells);
        status = row(cells);
      }
      stream.complete();
    }));
    return status;
  }
  // COPY ... FROM STDIN, written as COPY text by this adapter. A load that rebuilds (see
  // sql::RebuildPaysOff), when this role owns the table, first takes the table's ACCESS EXCLUSIVE
  // lock (waiting at most kLockTimeout), drops its foreign keys and secondary indexes, and at
  // Finish() re-creates the indexes and adds the same foreign keys back, which checks every row in
  // one pass instead of one trigger call per row. Dropping a foreign key also locks the tables it
  // references.
  Result<std::unique_ptr<sql::BulkLoad>> BeginBulkLoad(std::string_view table,
                                                       std::span<const std::string> columns,
                                                       std::int64_t expected_rows) override;

 private:
  pqxx::transaction_base& Tx() {
    if (!transaction_) {
      // Statements outside Begin/Commit (schema checks) run in their own implicit transaction.
      transaction_ = std::make_unique<pqxx::nontransaction>(*connection_);
    }
    return *transaction_;
  }
  pqxx::result Exec(std::string_view sql, std::span<const sql::Value> params) {
    std::vector<std::string> storage;
    std::vector<const char*> pointers;
    ToText(params, storage, pointers);
    return Tx().exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(pointers));
  }
  template <typename Fn>
  Status Run(Fn fn) {
    try {
      fn();
      return OkStatus();
    } catch (const std::exception& exception) {
      failed_ = true;
      return MapPostgresError(exception);
    }
  }

  friend class PostgresBulkLoad;

  PostgresPool& pool_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<pqxx::nontransaction> transaction_;
  bool failed_ = false;
};

// One COPY into one table on a PostgresConnection (see PostgresConnection::BeginBulkLoad). Rows
// are written as COPY text into a buffer that is sent in chunks of about kChunkBytes, each with
// one call: pqxx::stream_to escapes field by field and sends a row per call, which cost about
// 0.75 CPU s per million rows.
class PostgresBulkLoad final : public sql::BulkLoad {
 public:
  static constexpr const char* kLockTimeout = "5s";
  static constexpr std::size_t kChunkBytes = 1 << 20;

  PostgresBulkLoad(PostgresConnection& connection, std::size_t columns)
      : connection_(connection), columns_(columns) {}
  ~PostgresBulkLoad() override {
    if (open_) {
      // Unfinished: the indexes or foreign keys may be missing, so the transaction must not
      // commit. (Destroying the writer ends the COPY.)
      writer_.reset();
      connection_.failed_ = true;
    }
  }

  Status Start(std::string_view table, std::span<const std::string> columns,
               std::int64_t expected_rows) {
    if (columns.empty()) {
      return Internal("postgresql: bulk load without columns");
    }
    open_ = true;
    const std::string name(table);
    if (expected_rows >= sql::kBulkRebuildMinRows) {
      ASSIGN_OR_RETURN(bool rebuild, RebuildPaysOff(name, expected_rows));
      if (rebuild) {
        RETURN_IF_ERROR(SetAside(name));
      }
    }
    buffer_.reserve(kChunkBytes + kChunkBytes / 8);
    return connection_.Run([&] {
// pqxx::tablewriter is deprecated in libpqxx 6.4 (in favour of stream_to) and gone in pqxx 7,
// but in 6.4 it is the only public way to send COPY text as it is (stream_to::write_raw_line is
// private). Only its constructors are marked deprecated.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      writer_ = std::make_unique<pqxx::tablewriter>(connection_.Tx(), name, columns.begin(),
                                                    columns.end());
#pragma GCC diagnostic pop
    });
  }

  Status Append(std::span<const sql::Row> rows) override {
    if (!open_ || !writer_) {
      return FailedPrecondition("bulk load is finished");
    }
    for (const sql::Row& row : rows) {
      if (row.size() != columns_) {
        return Internal("bulk load: expected " + std::to_string(columns_) +
                        " values per row, got " + std::to_string(row.size()));
      }
    }
    for (const sql::Row& row : rows) {
      if (!buffer_.empty()) {
        buffer_ += '\n';
      }
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0) {
          buffer_ += '\t';
        }
        AppendCopyField(buffer_, row[i]);
      }
      if (buffer_.size() >= kChunkBytes) {
        RETURN_IF_ERROR(Send());
      }
    }
    return OkStatus();
  }

  Status Finish() override {
    if (!open_ || !writer_) {
      return FailedPrecondition("bulk load is finished");
    }
    Status status = buffer_.empty() ? OkStatus() : Send();
    if (status) {
      status = connection_.Run([&] { writer_->complete(); });
    }
    writer_.reset();
    for (const std::string& statement : restore_) {
      if (!status) {
        break;
      }
      status = connection_.ExecuteScript(statement);
    }
    open_ = false;
    if (!status) {
      connection_.failed_ = true;
    }
    return status;
  }

 private:
  // Sends the buffered rows. tablewriter::write_raw_line adds the final newline and sends the
  // whole string with one PQputCopyData; rows inside it are already separated by newlines.
  Status Send() {
    Status status = connection_.Run([&] { writer_->write_raw_line(buffer_); });
    buffer_.clear();
    return status;
  }

  // Whether the load is large enough against the table's current size, and this role may alter
  // the table (ownership); otherwise the load keeps every index and trigger in place.
  Result<bool> RebuildPaysOff(const std::string& table, std::int64_t expected_rows) {
    ASSIGN_OR_RETURN(auto rows,
                     connection_.Query("SELECT (SELECT count(*) FROM (SELECT 1 FROM " + table +
                                           " LIMIT $1) AS existing), pg_has_role(relowner, "
                                           "'USAGE') FROM pg_class WHERE oid = $2::regclass",
                                       std::vector<sql::Value>{expected_rows, table}));
    if (rows.size() != 1 || rows[0].size() != 2) {
      return Internal("postgresql: cannot size table " + table);
    }
    const auto* existing = std::get_if<std::string>(&rows[0][0]);
    const auto* owner = std::get_if<std::string>(&rows[0][1]);
    if (!existing || !owner) {
      return Internal("postgresql: cannot size table " + table);
    }
    return *owner == "t" && sql::RebuildPaysOff(expected_rows, std::stoll(*existing));
  }

  // Locks the table, drops its foreign keys and plain indexes and remembers how to restore them.
  Status SetAside(const std::string& table) {
    RETURN_IF_ERROR(connection_.ExecuteScript(std::string("SET LOCAL lock_timeout = '") +
                                              kLockTimeout + "'; LOCK TABLE " + table +
                                              " IN ACCESS EXCLUSIVE MODE"));
    const std::vector<sql::Value> oid{table};
    ASSIGN_OR_RETURN(auto keys, connection_.Query("SELECT quote_ident(conname), "
                                                  "pg_get_constraintdef(oid) FROM pg_constraint "
                                                  "WHERE conrelid = $1::regclass AND contype = "
                                                  "'f' ORDER BY conname",
                                                  oid));
    ASSIGN_OR_RETURN(auto indexes,
                     connection_.Query("SELECT i.indexrelid::regclass::text, "
                                       "pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE "
                                       "i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM "
                                       "pg_constraint c WHERE c.conrelid = i.indrelid AND "
                                       "c.conindid = i.indexrelid) ORDER BY 1",
                                       oid));
    std::string drop_keys;
    std::string add_keys;
    for (const sql::Row& key : keys) {
      const std::string name = TextOf(key[0]);
      drop_keys += (drop_keys.empty() ? "ALTER TABLE " + table + " " : ", ") +
                   std::string("DROP CONSTRAINT ") + name;
      add_keys += (add_keys.empty() ? "ALTER TABLE " + table + " " : ", ") +
                  std::string("ADD CONSTRAINT ") + name + " " + TextOf(key[1]);
    }
    std::string drop_indexes;
    for (const sql::Row& index : indexes) {
      drop_indexes += (drop_indexes.empty() ? "DROP INDEX " : ", ") + TextOf(index[0]);
      restore_.push_back(TextOf(index[1]));
    }
    if (!add_keys.empty()) {
      restore_.push_back(add_keys);
    }
    for (const std::string& statement : {drop_keys, drop_indexes}) {
      if (!statement.empty()) {
        RETURN_IF_ERROR(connection_.ExecuteScript(statement));
      }
    }
    return connection_.ExecuteScript("SET LOCAL lock_timeout TO DEFAULT");
  }

  PostgresConnection& connection_;
  std::size_t columns_;
  std::unique_ptr<pqxx::tablewriter> writer_;
  std::string buffer_;  // COPY text of rows not yet sent, separated (not ended) by newlines
  std::vector<std::string> restore_;  // CREATE INDEX ..., then ALTER TABLE ... ADD CONSTRAINT ...
  bool open_ = false;
};

Result<std::unique_ptr<sql::BulkLoad>> PostgresConnection::BeginBulkLoad(
    std::string_view table, std::span<const std::string> columns, std::int64_t expected_rows) {
  auto load = std::make_unique<PostgresBulkLoad>(*this, columns.size());
  RETURN_IF_ERROR(load->Start(table, columns, expected_rows));
  return std::unique_ptr<sql::BulkLoad>(std::move(load));
}

class PostgresPool final : public sql::ConnectionPool {
 public:
  explicit PostgresPool(std::string url) : url_(std::move(url)) {}

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }

  Result<std::unique_ptr<sql::Connection>> Acquire(sql::TxMode) override {
    {
      std::lock_guard guard(mutex_);
      while (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        if (connection->is_open()) {
          return std::unique_ptr<sql::Connection>(
              new PostgresConnection(*this, std::move(connection)));
        }
      }
    }
    ASSIGN_OR_RETURN(auto connection, Connect());
    return std::unique_ptr<sql::Connection>(new PostgresConnection(*this, std::move(connection)));
  }

  Result<std::unique_ptr<pqxx::connection>> Connect() {
    try {
      auto connection = std::make_unique<pqxx::connection>(url_);
      pqxx::nontransaction setup(*connection);
      setup.exec(
          "SET DateStyle = 'ISO, YMD'; SET client_min_messages = warning; "
          "SET TIME ZONE 'UTC'");
      setup.commit();
      return connection;
    } catch (const pqxx::broken_connection&) {
      return Unavailable("postgresql: cannot connect to the database server");
    } catch (const std::exception& exception) {
      return MapPostgresError(exception);
    }
  }

  void Return(std::unique_ptr<pqxx::connection> connection) {
    std::lock_guard guard(mutex_);
    if (idle_.size() < kMaxIdle && connection->is_open()) {
      idle_.push_back(std::move(connection));
    }
  }

 private:
  // Opening a PostgreSQL connection forks a server process (milliseconds): at 64 concurrent
  // requests a pool that kept only 8 idle opened and closed connections all the time (chart p99
  // 370 ms in bench/multi_instance_bench.sh). The pool keeps as many as the worker threads use.
  static constexpr std::size_t kMaxIdle = 64;
  std::string url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
};

PostgresConnection::~PostgresConnection() {
  Rollback();
  pool_.Return(std::move(connection_));
}

}  // namespace

Result<std::unique_ptr<sql::SqlStore>> OpenPostgresStore(const std::string& url,
                                                         const ports::Clock& clock) {
  auto pool = std::make_unique<PostgresPool>(url);
  // Connect once now so a wrong URL or a stopped server fails at open, not at first use.
  ASSIGN_OR_RETURN(auto first, pool->Connect());
  pool->Return(std::move(first));
  return sql::SqlStore::Open(std::move(pool), "postgresql", clock);
}

}  // namespace backcare::store
