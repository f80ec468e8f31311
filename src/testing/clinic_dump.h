// Test helpers over a whole clinic: a text dump of every record the port lists (to compare a
// store before and after a unit of work that failed), and a SQLite database file of its own.
#ifndef BACKCARE_TESTING_CLINIC_DUMP_H_
#define BACKCARE_TESTING_CLINIC_DUMP_H_

#include <filesystem>
#include <memory>
#include <string>

#include "core/base/ids.h"
#include "core/ports/clinic_store.h"
#include "store/database.h"

namespace backcare::app::testing {

// Everything of the clinic the port can list, as text: which records exist, their states, and the
// audit chain's length, and when the store last wrote each patient, course and session. Two
// dumps are equal when a failed unit of work left nothing behind.
std::string DumpClinic(ports::ClinicStore& store, ClinicId clinic);

// A SQLite database file in the temporary folder, unique to this process and object, removed
// (with its -wal and -shm files) when the object goes.
class TempSqliteDatabase {
 public:
  TempSqliteDatabase();
  ~TempSqliteDatabase();
  TempSqliteDatabase(const TempSqliteDatabase&) = delete;
  TempSqliteDatabase& operator=(const TempSqliteDatabase&) = delete;

  // The store over the file, migrated (aborts on failure: a test fixture).
  std::unique_ptr<store::Database> Open() const;
  const std::filesystem::path& path() const { return path_; }
  std::string url() const { return "sqlite:" + path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

}  // namespace backcare::app::testing

#endif  // BACKCARE_TESTING_CLINIC_DUMP_H_
