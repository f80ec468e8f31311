// `backcare migrate`, `backup`, `backup keygen` and `restore` run in-process through RunCli against
// real SQLite files (the store comes through CliEnvironment::open_store, as main.cc sets it).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "store/open_store.h"

namespace backcare::cli {
namespace {

struct CliRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

CliRun RunBackcare(std::vector<std::string> args) {
  args.insert(args.begin(), "backcare");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  CliEnvironment env{out, err, "test"};
  env.open_store = [](const std::string& url) { return store::OpenStore(url); };
  const int exit_code = RunCli(static_cast<int>(argv.size()), argv.data(), env);
  return CliRun{exit_code, out.str(), err.str()};
}

class StoreCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("backcare_store_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

TEST_F(StoreCliTest, MigrateCreatesThenReportsUpToDate) {
  const std::string db = "sqlite:" + Path("clinic.db");
  CliRun first = RunBackcare({"migrate", "--db", db});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out,
            "schema at version 22 (applied 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, "
            "17, 18, 19, 20, 21, 22)\n");
  CliRun second = RunBackcare({"migrate", "--db", db});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.out, "schema up to date at version 22\n");
}

TEST_F(StoreCliTest, MigrateReportsABadUrlWithExitCode2) {
  CliRun run = RunBackcare({"migrate", "--db", "mysql://user:secret@host/db"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "backcare migrate: database url: expected sqlite:PATH, sqlite::memory:, "
            "postgresql://... or memory:\n");
  EXPECT_EQ(run.err.find("secret"), std::string::npos);
}

TEST_F(StoreCliTest, SealedBackupRestoresIntoAnEmptyDatabaseOnly) {
  const std::string source = "sqlite:" + Path("source.db");
  const std::string target = "sqlite:" + Path("target.db");
  const std::string key = Path("backup.key");
  const std::string backup = Path("clinic.backup");
  ASSERT_EQ(RunBackcare({"migrate", "--db", source}).exit_code, 0);
  ASSERT_EQ(RunBackcare({"migrate", "--db", target}).exit_code, 0);
  {
    auto store = store::OpenStore(source);
    ASSERT_TRUE(store.has_value());
    auto tx = (*store)->Begin();
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE((*tx)->CreateClinic({ClinicId(), "North", "Europe/Berlin"}).has_value());
    ASSERT_TRUE((*tx)->Commit().has_value());
  }

  CliRun keygen = RunBackcare({"backup", "keygen", "--out", key});
  EXPECT_EQ(keygen.exit_code, 0) << keygen.err;
  EXPECT_EQ(keygen.out, "wrote a new backup key to " + key + "\n");
  EXPECT_EQ(std::filesystem::file_size(key), 32u);
  CliRun again = RunBackcare({"backup", "keygen", "--out", key});
  EXPECT_EQ(again.exit_code, 4);
  EXPECT_EQ(again.err,
            "backcare backup keygen: key file " + key + " already exists; not overwriting it\n");

  CliRun written = RunBackcare({"backup", "--db", source, "--out", backup, "--key-file", key});
  EXPECT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(written.out, "wrote encrypted backup to " + backup + "\n");

  CliRun no_key = RunBackcare({"restore", "--db", target, "--in", backup});
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_EQ(no_key.err, "backcare restore: backup: the file is encrypted; give the key file\n");

  CliRun restored = RunBackcare({"restore", "--db", target, "--in", backup, "--key-file", key});
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(restored.out, "restored " + backup + "\n");
  auto store = store::OpenStore(target);
  ASSERT_TRUE(store.has_value());
  auto tx = (*store)->BeginReadOnly();
  ASSERT_TRUE(tx.has_value());
  auto clinics = (*tx)->ListClinics();
  ASSERT_TRUE(clinics.has_value());
  ASSERT_EQ(clinics->size(), 1u);
  EXPECT_EQ((*clinics)[0].name, "North");

  CliRun twice = RunBackcare({"restore", "--db", target, "--in", backup, "--key-file", key});
  EXPECT_EQ(twice.exit_code, 4);
  EXPECT_EQ(twice.err,
            "backcare restore: restore: the database is not empty (table clinics has rows)\n");
}

TEST_F(StoreCliTest, RestoreIntoANewFileMigratesItFirst) {
  const std::string source = "sqlite:" + Path("source.db");
  const std::string fresh = "sqlite:" + Path("fresh.db");
  const std::string backup = Path("clinic.backup");
  ASSERT_EQ(RunBackcare({"migrate", "--db", source}).exit_code, 0);
  {
    auto store = store::OpenStore(source);
    ASSERT_TRUE(store.has_value());
    auto tx = (*store)->Begin();
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE((*tx)->CreateClinic({ClinicId(), "South", "Europe/Madrid"}).has_value());
    ASSERT_TRUE((*tx)->Commit().has_value());
  }
  ASSERT_EQ(RunBackcare({"backup", "--db", source, "--out", backup}).exit_code, 0);

  // A malformed backup is refused before the new file is touched.
  const std::string broken = Path("broken.backup");
  {
    std::ofstream out(broken, std::ios::binary);
    out << "backcare-backup 1\nschema nine\n";
  }
  CliRun refused = RunBackcare({"restore", "--db", fresh, "--in", broken});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, "backcare restore: backup:2: expected 'schema <version>'\n");
  EXPECT_EQ(RunBackcare({"migrate", "--db", fresh}).out.substr(0, 21), "schema at version 22 ");
  std::filesystem::remove(Path("fresh.db"));

  CliRun restored = RunBackcare({"restore", "--db", fresh, "--in", backup});
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(restored.out, "restored " + backup + "\n");
  auto store = store::OpenStore(fresh);
  ASSERT_TRUE(store.has_value());
  EXPECT_EQ((*store)->SchemaVersion().value(), (*store)->LatestSchemaVersion());
  auto tx = (*store)->BeginReadOnly();
  ASSERT_TRUE(tx.has_value());
  auto clinics = (*tx)->ListClinics();
  ASSERT_TRUE(clinics.has_value());
  ASSERT_EQ(clinics->size(), 1u);
  EXPECT_EQ((*clinics)[0].name, "South");
}

}  // namespace
}  // namespace backcare::cli
