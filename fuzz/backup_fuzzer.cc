// The backup file reader (sql::SqlStore::RestoreBackupBytes, what `backcare restore` runs on the
// file's bytes) into an empty, migrated in-memory SQLite database: the plain format's lines,
// escapes and row counts, and sealed files (libsodium secretstream) opened with no key, the right
// key or a wrong one.
//
// Input: byte 0 picks the key (0: none, 1: the key fuzz/corpus/backup/sealed.bak was sealed with,
// 2: another key), the rest is the file.
// Invariants: an error is well formed, kDataCorruption only for a sealed file opened with a key,
// and leaves the database empty (restore is all-or-nothing). After a restore that succeeds the
// database is replaced by a fresh one, so every input starts from an empty database.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace backcare;

// The key the sealed seed was made with (fuzz/make_backup_seeds.cc) and a wrong one.
std::vector<unsigned char> Key(unsigned char fill) { return std::vector<unsigned char>(32, fill); }

std::unique_ptr<store::sql::SqlStore> EmptyDatabase() {
  Result<std::unique_ptr<store::sql::SqlStore>> opened = store::OpenSqliteStore(":memory:");
  fuzz::Require(opened.has_value(), "an in-memory database opens");
  fuzz::Require((*opened)->Migrate().has_value(), "it migrates");
  return std::move(*opened);
}

// Rows in every table but schema_version: 0 for the empty database.
bool HasRows(store::sql::SqlStore& database) {
  Result<std::unique_ptr<ports::Transaction>> read = database.BeginReadOnly();
  fuzz::Require(read.has_value(), "a read transaction begins");
  Result<std::vector<clinic::Clinic>> clinics = (*read)->ListClinics();
  fuzz::Require(clinics.has_value(), "clinics list");
  return !clinics->empty();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static std::unique_ptr<store::sql::SqlStore> database = EmptyDatabase();
  fuzz::InputReader input(data, size);
  store::BackupOptions options;
  const std::uint8_t key_choice = input.Byte() % 3;
  if (key_choice == 1) options.key = Key(0x42);
  if (key_choice == 2) options.key = Key(0x43);

  Status restored = database->RestoreBackupBytes(std::string(input.Rest()), options);
  if (restored.has_value()) {
    database = EmptyDatabase();
    return 0;
  }
  fuzz::RequireWellFormed(restored.error());
  fuzz::Require(restored.error().code != ErrorCode::kDataCorruption || options.key.has_value(),
                "only a key can fail to open a file");
  fuzz::Require(!HasRows(*database), "a failed restore writes nothing");
  return 0;
}
