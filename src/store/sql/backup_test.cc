#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "core/base/check.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/status_matchers.h"

namespace backcare::store::sql {
namespace {

// A migrated, empty in-memory SQLite database.
std::unique_ptr<SqlStore> EmptyDatabase() {
  Result<std::unique_ptr<SqlStore>> opened = OpenSqliteStore(":memory:");
  BACKCARE_CHECK(opened.has_value() && (*opened)->Migrate().has_value());
  return std::move(*opened);
}

// The plain backup of an empty database, as WriteBackup writes it.
std::string EmptyBackup() {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("backcare_backup_test_" + std::to_string(::getpid()) + ".bak");
  BACKCARE_CHECK(EmptyDatabase()->WriteBackup(path.string(), {}).has_value());
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  return bytes;
}

// The backup with one clinic row whose id is `id`.
std::string BackupWithClinicId(const std::string& id) {
  std::string bytes = EmptyBackup();
  const std::size_t end = bytes.find("end clinics 0\n");
  BACKCARE_CHECK(end != std::string::npos);
  bytes.replace(
      end, 14,
      "row\t" + id +
          "\tClinic A\tEurope/London\t24\t0\t\\N\t\\N\toptional\t9\t48\t1700000000000001\n"
          "end clinics 1\n");
  return bytes;
}

TEST(RestoreBackupTest, LoadsAClinicRow) {
  std::unique_ptr<SqlStore> database = EmptyDatabase();
  ASSERT_OK(database->RestoreBackupBytes(BackupWithClinicId("7"), {}));
  ASSERT_OK_AND_ASSIGN(auto read, database->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto clinics, read->ListClinics());
  ASSERT_EQ(clinics.size(), 1u);
  EXPECT_EQ(clinics[0].id.value(), 7);
  EXPECT_EQ(clinics[0].exercise_pain_alert_threshold, 9);  // schema 20's column is kept
  EXPECT_EQ(clinics[0].appointment_reminder_hours, 48);    // and schema 21's
  // Restore keeps the backup's updated_at (the time of the original write), not its own.
  EXPECT_EQ(clinic::ToUnixMicros(clinics[0].updated_at), 1700000000000001);
}

// Found by fuzz/backup_fuzzer.cc: a non-integer id reached SQLite's rowid column, whose
// "datatype mismatch" came back as an internal error (exit 70) instead of naming the line.
TEST(RestoreBackupTest, RefusesAnIdThatIsNotAnInteger) {
  for (const std::string id : {"1\xff", "x", "", "1.5", "\\N", "99999999999999999999"}) {
    SCOPED_TRACE(id);
    std::unique_ptr<SqlStore> database = EmptyDatabase();
    ASSERT_ERROR_AND_ASSIGN(Error error, database->RestoreBackupBytes(BackupWithClinicId(id), {}),
                            ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, "backup:6: expected an integer id");
    ASSERT_OK_AND_ASSIGN(auto read, database->BeginReadOnly());
    ASSERT_OK_AND_ASSIGN(auto clinics, read->ListClinics());
    EXPECT_TRUE(clinics.empty());
  }
}

}  // namespace
}  // namespace backcare::store::sql
