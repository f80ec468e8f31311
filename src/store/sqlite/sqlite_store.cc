#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <mutex>
#include <vector>

#include "store/sqlite/sqlite_connection.h"

namespace backcare::store {
namespace {

class SqlitePool;

// Lends one connection of the pool to one transaction and gives it back when destroyed.
class Lease final : public sql::Connection {
 public:
  Lease(SqlitePool& pool, std::unique_ptr<SqliteConnection> connection,
        std::unique_lock<std::timed_mutex> writer_lock)
      : pool_(pool), connection_(std::move(connection)), writer_lock_(std::move(writer_lock)) {}
  ~Lease() override;

  Status Begin(sql::TxMode mode) override { return connection_->Begin(mode); }
  Status Commit() override { return connection_->Commit(); }
  void Rollback() override { connection_->Rollback(); }
  Result<std::vector<sql::Row>> Query(std::string_view sql,
                                      std::span<const sql::Value> params) override {
    return connection_->Query(sql, params);
  }
  Result<std::int64_t> Execute(std::string_view sql, std::span<const sql::Value> params) override {
    return connection_->Execute(sql, params);
  }
  Status ExecuteScript(std::string_view sql) override { return connection_->ExecuteScript(sql); }
  Result<std::unique_ptr<sql::BulkLoad>> BeginBulkLoad(std::string_view table,
                                                       std::span<const std::string> columns,
                                                       std::int64_t expected_rows) override {
    return connection_->BeginBulkLoad(table, columns, expected_rows);
  }

 private:
  SqlitePool& pool_;
  std::unique_ptr<SqliteConnection> connection_;
  std::unique_lock<std::timed_mutex> writer_lock_;  // owned only while lending the writer
};

class SqlitePool final : public sql::ConnectionPool {
 public:
  SqlitePool(std::string path, SqliteOptions options, std::unique_ptr<SqliteConnection> writer)
      : path_(std::move(path)), options_(options), writer_(std::move(writer)) {}

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }

  Result<std::unique_ptr<sql::Connection>> Acquire(sql::TxMode mode) override {
    if (mode == sql::TxMode::kWrite || path_ == ":memory:") {
      std::unique_lock lock(writer_mutex_, std::defer_lock);
      if (!lock.try_lock_for(options_.busy_timeout)) {
        return Unavailable("database is busy: another transaction holds the writer");
      }
      return std::unique_ptr<sql::Connection>(
          new Lease(*this, std::move(writer_), std::move(lock)));
    }
    {
      std::lock_guard guard(readers_mutex_);
      if (!readers_.empty()) {
        auto reader = std::move(readers_.back());
        readers_.pop_back();
        return std::unique_ptr<sql::Connection>(new Lease(*this, std::move(reader), {}));
      }
    }
    ASSIGN_OR_RETURN(auto reader,
                     SqliteConnection::Open(path_, SqliteConnection::Access::kQueryOnly,
                                            static_cast<int>(options_.busy_timeout.count())));
    return std::unique_ptr<sql::Connection>(new Lease(*this, std::move(reader), {}));
  }

  void Return(std::unique_ptr<SqliteConnection> connection, bool is_writer) {
    if (is_writer) {
      writer_ = std::move(connection);  // the caller still holds writer_mutex_
      return;
    }
    std::lock_guard guard(readers_mutex_);
    if (readers_.size() < kMaxIdleReaders) {
      readers_.push_back(std::move(connection));
    }
  }

 private:
  static constexpr std::size_t kMaxIdleReaders = 8;
  std::string path_;
  SqliteOptions options_;
  std::timed_mutex writer_mutex_;
  std::unique_ptr<SqliteConnection> writer_;  // guarded by writer_mutex_
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
};

Lease::~Lease() {
  connection_->Rollback();
  pool_.Return(std::move(connection_), writer_lock_.owns_lock());
}

}  // namespace

Result<std::unique_ptr<sql::SqlStore>> OpenSqliteStore(const std::string& path,
                                                       SqliteOptions options) {
  if (sqlite3_libversion_number() < 3035000) {
    return Unavailable(std::string("sqlite: version 3.35 or newer is needed, found ") +
                       sqlite3_libversion());
  }
  ASSIGN_OR_RETURN(auto writer,
                   SqliteConnection::Open(path, SqliteConnection::Access::kReadWrite,
                                          static_cast<int>(options.busy_timeout.count())));
  return sql::SqlStore::Open(std::make_unique<SqlitePool>(path, options, std::move(writer)),
                             "sqlite");
}

}  // namespace backcare::store
