// Writes the backup fuzz target's seeds into OUT (fuzz/corpus/backup holds the committed output):
// a database with one clinic, backed up plain and sealed with the target's key (32 bytes of
// 0x42), each file behind the target's key byte: plain_no_key (0), plain_with_key (1),
// sealed_right_key (1), sealed_wrong_key (2), sealed_no_key (0).
// Usage: make_backup_seeds OUT
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "core/clinic/clinic.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/sqlite_store.h"

int main(int argc, char** argv) {
  using namespace backcare;
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_backup_seeds OUT\n");
    return 2;
  }
  const std::string out = argv[1];
  Result<std::unique_ptr<store::sql::SqlStore>> database = store::OpenSqliteStore(":memory:");
  if (!database || !(*database)->Migrate()) return 1;
  {
    Result<std::unique_ptr<ports::Transaction>> write = (*database)->Begin();
    if (!write) return 1;
    clinic::Clinic clinic;
    clinic.name = "Clinic A";
    clinic.time_zone = "Europe/London";
    if (!(*write)->CreateClinic(clinic) || !(*write)->Commit()) return 1;
  }
  store::BackupOptions sealed;
  sealed.key = std::vector<unsigned char>(32, 0x42);
  Status plain_written = (*database)->WriteBackup(out + "/plain.bak", {});
  Status sealed_written = (*database)->WriteBackup(out + "/sealed.bak", sealed);
  if (!plain_written || !sealed_written) {
    std::fprintf(stderr, "backup failed\n");
    return 1;
  }
  auto read = [&](const std::string& name) {
    std::ifstream in(out + "/" + name, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string plain = read("plain.bak");
  const std::string sealed_bytes = read("sealed.bak");
  std::remove((out + "/plain.bak").c_str());
  std::remove((out + "/sealed.bak").c_str());
  auto write = [&](const std::string& name, char key_byte, const std::string& bytes) {
    std::ofstream(out + "/" + name, std::ios::binary) << key_byte << bytes;
  };
  write("plain_no_key", 0, plain);
  write("plain_with_key", 1, plain);
  write("sealed_right_key", 1, sealed_bytes);
  write("sealed_wrong_key", 2, sealed_bytes);
  write("sealed_no_key", 0, sealed_bytes);
  return 0;
}
