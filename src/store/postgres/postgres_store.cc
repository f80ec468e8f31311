#include "store/postgres/postgres_store.h"

#include <array>
#include <cstdio>
#include <mutex>
#include <pqxx/pqxx>
#include <utility>
#include <vector>

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

std::string FormatDouble(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  return buffer;
}

// Text form of each value (nullptr for NULL), valid while `storage` lives.
void ToText(std::span<const sql::Value> values, std::vector<std::string>& storage,
            std::vector<const char*>& pointers) {
  storage.resize(values.size());
  pointers.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const sql::Value& value = values[i];
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      storage[i] = std::to_string(*integer);
    } else if (const auto* number = std::get_if<double>(&value)) {
      storage[i] = FormatDouble(*number);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      storage[i] = *text;
    } else {
      pointers[i] = nullptr;
      continue;
    }
    pointers[i] = storage[i].c_str();
  }
}

// COPY rows of exactly N columns (stream_to takes tuple-like rows; std::array is one).
template <std::size_t N>
void StreamRows(pqxx::stream_to& stream, std::span<const sql::Row> rows) {
  std::vector<std::string> storage;
  std::vector<const char*> pointers;
  std::array<const char*, N> cells{};
  for (const sql::Row& row : rows) {
    ToText(row, storage, pointers);
    for (std::size_t i = 0; i < N; ++i) {
      cells[i] = pointers[i];
    }
    stream << cells;
  }
}

using StreamFn = void (*)(pqxx::stream_to&, std::span<const sql::Row>);
template <std::size_t... I>
constexpr std::array<StreamFn, sizeof...(I)> MakeStreamTable(std::index_sequence<I...>) {
  return {&StreamRows<I + 1>...};
}
constexpr auto kStreamTable = MakeStreamTable(std::make_index_sequence<32>());

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
  Status BulkInsert(std::string_view table, std::span<const std::string> columns,
                    std::span<const sql::Row> rows) override {
    if (rows.empty()) {
      return OkStatus();
    }
    if (columns.empty() || columns.size() > kStreamTable.size()) {
      return Internal("postgresql: bulk insert of " + std::to_string(columns.size()) +
                      " columns is not supported");
    }
    return Run([&] {
      std::vector<std::string> names(columns.begin(), columns.end());
      pqxx::stream_to stream(Tx(), std::string(table), names);
      kStreamTable[columns.size() - 1](stream, rows);
      stream.complete();
    });
  }

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

  PostgresPool& pool_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<pqxx::nontransaction> transaction_;
  bool failed_ = false;
};

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
  static constexpr std::size_t kMaxIdle = 8;
  std::string url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
};

PostgresConnection::~PostgresConnection() {
  Rollback();
  pool_.Return(std::move(connection_));
}

}  // namespace

Result<std::unique_ptr<sql::SqlStore>> OpenPostgresStore(const std::string& url) {
  auto pool = std::make_unique<PostgresPool>(url);
  // Connect once now so a wrong URL or a stopped server fails at open, not at first use.
  ASSIGN_OR_RETURN(auto first, pool->Connect());
  pool->Return(std::move(first));
  return sql::SqlStore::Open(std::move(pool), "postgresql");
}

}  // namespace backcare::store
