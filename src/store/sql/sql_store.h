// The ClinicStore over SQL: every repository method written once, in SQL that SQLite 3.40 and
// PostgreSQL 15 both accept, against the Connection interface (connection.h). The backends only
// supply connections (store/sqlite, store/postgres). Also runs migrations and backups.
#ifndef BACKCARE_STORE_SQL_SQL_STORE_H_
#define BACKCARE_STORE_SQL_SQL_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "core/ports/clock.h"
#include "store/database.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

class SqlStore final : public Database {
 public:
  // Takes the pool and checks the schema version: kFailedPrecondition "database schema version N
  // is newer than this backcare supports (M); use a newer backcare" when the database was
  // migrated by a newer binary. An older (or empty) schema is accepted; run Migrate().
  // `clock` stamps every record a write touches (updated_at) and the migrations' applied_at; it
  // must outlive the store.
  static Result<std::unique_ptr<SqlStore>> Open(std::unique_ptr<ConnectionPool> pool,
                                                std::string backend_name,
                                                const ports::Clock& clock);

  Result<std::unique_ptr<ports::Transaction>> Begin() override;
  Result<std::unique_ptr<ports::Transaction>> BeginReadOnly() override;
  std::string_view BackendName() const override { return backend_name_; }
  Result<int> SchemaVersion() override;
  int LatestSchemaVersion() const override;
  Result<std::vector<int>> Migrate() override;
  Status WriteBackup(const std::string& path, const BackupOptions& options) override;
  Status RestoreBackup(const std::string& path, const BackupOptions& options) override;
  // RestoreBackup on the file's bytes, already read (the backup fuzz target's entry point).
  Status RestoreBackupBytes(std::string bytes, const BackupOptions& options);

  // Applies migrations up to and including `version` (for upgrade tests).
  Result<std::vector<int>> MigrateTo(int version);
  ConnectionPool& pool() { return *pool_; }

 private:
  SqlStore(std::unique_ptr<ConnectionPool> pool, std::string backend_name,
           const ports::Clock& clock)
      : pool_(std::move(pool)), backend_name_(std::move(backend_name)), clock_(clock) {}

  std::unique_ptr<ConnectionPool> pool_;
  std::string backend_name_;
  const ports::Clock& clock_;
};

// The version recorded in schema_version as seen through `connection` (0 when the table does not
// exist yet).
Result<int> ReadSchemaVersion(Connection& connection, SqlDialect dialect);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_SQL_STORE_H_
