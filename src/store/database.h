// store::Database: an opened database. It is the ClinicStore the use cases work through, plus the
// administration that is no business of theirs: the backend's name, the schema version and
// migrations, and backups. Only the composition root (src/main.cc) and the CLI's administration
// commands (migrate, backup, restore, demo) see this interface; everything else holds a
// ports::ClinicStore&.
#ifndef BACKCARE_STORE_DATABASE_H_
#define BACKCARE_STORE_DATABASE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/ports/clinic_store.h"

namespace backcare::store {

// Options for Database::WriteBackup and RestoreBackup.
struct BackupOptions {
  // When set (exactly 32 bytes), the backup is encrypted and authenticated with
  // XChaCha20-Poly1305 (libsodium secretstream); restore then needs the same key.
  std::optional<std::vector<unsigned char>> key;
};

class Database : public ports::ClinicStore {
 public:
  // "memory", "sqlite" or "postgresql".
  virtual std::string_view BackendName() const = 0;
  // The schema version the database is at (0 = empty database) and the newest this binary knows.
  virtual Result<int> SchemaVersion() = 0;
  virtual int LatestSchemaVersion() const = 0;
  // Applies every migration newer than SchemaVersion(), each in its own transaction, and returns
  // the versions applied (empty when up to date).
  virtual Result<std::vector<int>> Migrate() = 0;

  // Writes every row of every table, in one consistent snapshot, to the file at `path` in the
  // portable backup format (docs/store.md), encrypted when options.key is set. The file is written
  // to path + ".tmp" and renamed into place. Backends that cannot (memory) return
  // kFailedPrecondition.
  virtual Status WriteBackup(const std::string& path, const BackupOptions& options) = 0;
  // Loads a backup (written by WriteBackup at the latest schema; another schema version is
  // kFailedPrecondition) into this database. A new database (schema 0) is first migrated (each
  // migration commits on its own, so a backup that then fails to load leaves an empty, migrated
  // database); any other must be migrated and hold no rows (else kFailedPrecondition).
  // kInvalidInput when the file is malformed; kDataCorruption when decryption or authentication
  // fails (wrong key or a tampered file). All-or-nothing.
  virtual Status RestoreBackup(const std::string& path, const BackupOptions& options) = 0;
};

}  // namespace backcare::store

#endif  // BACKCARE_STORE_DATABASE_H_
