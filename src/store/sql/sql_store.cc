#include "store/sql/sql_store.h"

#include <chrono>

#include "store/sql/row_reader.h"
#include "store/sql/sql_transaction.h"

namespace backcare::store::sql {

Result<int> ReadSchemaVersion(Connection& connection, SqlDialect dialect) {
  const std::string_view exists_sql =
      dialect == SqlDialect::kSqlite
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
          : "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name = 'schema_version'";
  ASSIGN_OR_RETURN(auto exists, connection.Query(exists_sql, {}));
  RowReader exists_reader(exists.at(0), "schema_version");
  if (exists_reader.Int("count") == 0) {
    RETURN_IF_ERROR(exists_reader.status());
    return 0;
  }
  ASSIGN_OR_RETURN(auto rows, connection.Query("SELECT max(version) FROM schema_version", {}));
  RowReader reader(rows.at(0), "schema_version");
  const std::int64_t version = reader.OptionalInt("version").value_or(0);
  RETURN_IF_ERROR(reader.status());
  return static_cast<int>(version);
}

Result<std::unique_ptr<SqlStore>> SqlStore::Open(std::unique_ptr<ConnectionPool> pool,
                                                 std::string backend_name,
                                                 const ports::Clock& clock) {
  std::unique_ptr<SqlStore> store(new SqlStore(std::move(pool), std::move(backend_name), clock));
  ASSIGN_OR_RETURN(int version, store->SchemaVersion());
  if (version > kLatestSchemaVersion) {
    return FailedPrecondition("database schema version " + std::to_string(version) +
                              " is newer than this backcare supports (" +
                              std::to_string(kLatestSchemaVersion) + "); use a newer backcare");
  }
  return store;
}

Result<std::unique_ptr<ports::Transaction>> SqlStore::Begin() {
  ASSIGN_OR_RETURN(auto connection, pool_->Acquire(TxMode::kWrite));
  RETURN_IF_ERROR(connection->Begin(TxMode::kWrite));
  return NewSqlTransaction(std::move(connection), TxMode::kWrite, pool_->dialect(), clock_);
}

Result<std::unique_ptr<ports::Transaction>> SqlStore::BeginReadOnly() {
  ASSIGN_OR_RETURN(auto connection, pool_->Acquire(TxMode::kRead));
  RETURN_IF_ERROR(connection->Begin(TxMode::kRead));
  return NewSqlTransaction(std::move(connection), TxMode::kRead, pool_->dialect(), clock_);
}

Result<int> SqlStore::SchemaVersion() {
  ASSIGN_OR_RETURN(auto connection, pool_->Acquire(TxMode::kRead));
  RETURN_IF_ERROR(connection->Begin(TxMode::kRead));
  auto version = ReadSchemaVersion(*connection, pool_->dialect());
  connection->Rollback();
  return version;
}

int SqlStore::LatestSchemaVersion() const { return kLatestSchemaVersion; }

Result<std::vector<int>> SqlStore::Migrate() { return MigrateTo(kLatestSchemaVersion); }

Result<std::vector<int>> SqlStore::MigrateTo(int version) {
  std::vector<int> applied;
  for (const Migration& migration : Migrations(pool_->dialect())) {
    if (migration.version > version) {
      break;
    }
    ASSIGN_OR_RETURN(auto connection, pool_->Acquire(TxMode::kWrite));
    RETURN_IF_ERROR(connection->Begin(TxMode::kWrite));
    // Re-read inside the write transaction, so two migrators cannot apply the same script.
    auto current = ReadSchemaVersion(*connection, pool_->dialect());
    if (!current) {
      connection->Rollback();
      return std::move(current).error();
    }
    if (*current >= migration.version) {
      connection->Rollback();
      continue;
    }
    Status status = connection->ExecuteScript(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT "
        "NULL, applied_at_us BIGINT NOT NULL)");
    // The version row goes in before the script, in the same transaction, so a script can read
    // its own time (applied_at_us: the store's clock) as the upgrade's instant (0018 does).
    if (status) {
      const std::int64_t now =
          std::chrono::duration_cast<std::chrono::microseconds>(clock_.Now().time_since_epoch())
              .count();
      Value params[] = {static_cast<std::int64_t>(migration.version), std::string(migration.name),
                        now};
      auto inserted = connection->Execute(
          "INSERT INTO schema_version (version, name, applied_at_us) VALUES ($1, $2, $3)", params);
      if (!inserted) {
        status = std::move(inserted).error();
      }
    }
    if (status) {
      status = connection->ExecuteScript(migration.sql);
    }
    if (status) {
      status = connection->Commit();
    }
    if (!status) {
      connection->Rollback();
      Error error = std::move(status).error();
      error.message = "migration " + std::string(migration.name) + ": " + error.message;
      return error;
    }
    applied.push_back(migration.version);
  }
  return applied;
}

}  // namespace backcare::store::sql
