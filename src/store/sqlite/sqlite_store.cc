#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <system_error>
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

  SqliteConnection& sqlite() { return *connection_; }

 private:
  SqlitePool& pool_;
  std::unique_ptr<SqliteConnection> connection_;
  std::unique_lock<std::timed_mutex> writer_lock_;  // owned only while lending the writer
};

// A read-only connection to a copy of the database in a temporary file. Destroying it closes the
// copy and removes the file with any journal, WAL or shared-memory file SQLite made beside it.
class SnapshotCopy final : public sql::Connection {
 public:
  explicit SnapshotCopy(std::string path) : path_(std::move(path)) {}
  ~SnapshotCopy() override {
    copy_.reset();
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      ::unlink((path_ + suffix).c_str());
    }
  }
  SnapshotCopy(const SnapshotCopy&) = delete;
  SnapshotCopy& operator=(const SnapshotCopy&) = delete;

  void Adopt(std::unique_ptr<SqliteConnection> copy) { copy_ = std::move(copy); }

  Status Begin(sql::TxMode mode) override { return copy_->Begin(mode); }
  Status Commit() override { return copy_->Commit(); }
  void Rollback() override { copy_->Rollback(); }
  Result<std::vector<sql::Row>> Query(std::string_view sql,
                                      std::span<const sql::Value> params) override {
    return copy_->Query(sql, params);
  }
  Result<std::int64_t> Execute(std::string_view sql, std::span<const sql::Value> params) override {
    return copy_->Execute(sql, params);
  }
  Status ExecuteScript(std::string_view sql) override { return copy_->ExecuteScript(sql); }
  Result<std::unique_ptr<sql::BulkLoad>> BeginBulkLoad(std::string_view table,
                                                       std::span<const std::string> columns,
                                                       std::int64_t expected_rows) override {
    return copy_->BeginBulkLoad(table, columns, expected_rows);
  }

 private:
  std::string path_;
  std::unique_ptr<SqliteConnection> copy_;
};

class SqlitePool final : public sql::ConnectionPool {
 public:
  SqlitePool(std::string path, SqliteOptions options, std::unique_ptr<SqliteConnection> writer)
      : path_(std::move(path)), options_(options), writer_(std::move(writer)) {}

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }

  Result<std::unique_ptr<sql::Connection>> Acquire(sql::TxMode mode) override {
    ASSIGN_OR_RETURN(auto lease, AcquireLease(mode));
    return std::unique_ptr<sql::Connection>(std::move(lease));
  }

  // The online backup API run on a reader (the writer for ":memory:"), never blocking writers.
  Result<std::unique_ptr<sql::Connection>> OpenSnapshot(const std::string& path) override {
    auto snapshot = std::make_unique<SnapshotCopy>(path);  // removes the files on every return
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      ::unlink((path + suffix).c_str());  // left by a backup that was killed
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      const int error = errno;
      return Unavailable("backup: cannot create " + path + ": " +
                         std::generic_category().message(error));
    }
    const bool private_mode = ::fchmod(fd, 0600) == 0;  // whatever the umask
    ::close(fd);
    if (!private_mode) {
      return Unavailable("backup: cannot make " + path + " private (mode 0600)");
    }
    ASSIGN_OR_RETURN(auto source, AcquireLease(sql::TxMode::kRead));
    ASSIGN_OR_RETURN(auto copy,
                     SqliteConnection::OpenCopyOf(source->sqlite(), path,
                                                  static_cast<int>(options_.busy_timeout.count())));
    snapshot->Adopt(std::move(copy));
    return std::unique_ptr<sql::Connection>(std::move(snapshot));
  }

  // Acquire, keeping the concrete type (OpenSnapshot needs the sqlite3 connection).
  Result<std::unique_ptr<Lease>> AcquireLease(sql::TxMode mode) {
    if (mode == sql::TxMode::kWrite || path_ == ":memory:") {
      std::unique_lock lock(writer_mutex_, std::defer_lock);
      if (!lock.try_lock_for(options_.busy_timeout)) {
        return Unavailable("database is busy: another transaction holds the writer");
      }
      return std::make_unique<Lease>(*this, std::move(writer_), std::move(lock));
    }
    {
      std::lock_guard guard(readers_mutex_);
      if (!readers_.empty()) {
        auto reader = std::move(readers_.back());
        readers_.pop_back();
        return std::make_unique<Lease>(*this, std::move(reader),
                                       std::unique_lock<std::timed_mutex>());
      }
    }
    ASSIGN_OR_RETURN(auto reader,
                     SqliteConnection::Open(path_, SqliteConnection::Access::kQueryOnly,
                                            static_cast<int>(options_.busy_timeout.count())));
    return std::make_unique<Lease>(*this, std::move(reader), std::unique_lock<std::timed_mutex>());
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
  // Reader connections kept open between transactions. Opening one (file, WAL index, pragma
  // checks, statement cache) costs far more than the read it serves, so the pool keeps as many
  // as a busy server runs at once (the HTTP server's 64 connections); beyond that a reader is
  // opened for the transaction and closed after it.
  static constexpr std::size_t kMaxIdleReaders = 64;
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
                                                       SqliteOptions options,
                                                       const ports::Clock& clock) {
  if (sqlite3_libversion_number() < 3035000) {
    return Unavailable(std::string("sqlite: version 3.35 or newer is needed, found ") +
                       sqlite3_libversion());
  }
  ASSIGN_OR_RETURN(auto writer,
                   SqliteConnection::Open(path, SqliteConnection::Access::kReadWrite,
                                          static_cast<int>(options.busy_timeout.count())));
  return sql::SqlStore::Open(std::make_unique<SqlitePool>(path, options, std::move(writer)),
                             "sqlite", clock);
}

}  // namespace backcare::store
