#include "tests/store/test_stores.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "store/memory/memory_store.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace backcare::store::testing {
namespace {

std::atomic<int> counter{0};

std::shared_ptr<ports::FakeClock> NewTestClock() {
  return std::make_shared<ports::FakeClock>(kTestClockStart);
}

Result<TestDatabase> Finish(std::shared_ptr<ports::FakeClock> clock,
                            std::unique_ptr<sql::SqlStore> store, std::string url,
                            std::shared_ptr<void> cleanup, bool migrate) {
  TestDatabase db;
  db.clock = std::move(clock);
  db.sql = store.get();
  db.store = std::move(store);
  db.url = std::move(url);
  db.cleanup = std::move(cleanup);
  if (migrate) {
    RETURN_IF_ERROR(db.store->Migrate());
  }
  return db;
}

}  // namespace

Result<std::optional<std::string>> PostgresUrl() {
  const char* url = std::getenv("BACKCARE_TEST_PG_URL");
  if (url && *url) {
    return std::optional<std::string>(url);
  }
  const char* skip = std::getenv("BACKCARE_SKIP_PG");
  if (skip && std::string(skip) == "1") {
    return std::optional<std::string>();
  }
  return Unavailable(
      "BACKCARE_TEST_PG_URL is not set: run tests/store/with_postgres.sh BINARY, or set "
      "BACKCARE_SKIP_PG=1 to skip the PostgreSQL tests visibly");
}

Result<std::string> NewPostgresSchemaUrl(std::shared_ptr<void>& cleanup) {
  ASSIGN_OR_RETURN(auto base, PostgresUrl());
  if (!base) {
    return Unavailable("PostgreSQL is disabled");
  }
  const std::string schema =
      "bc_test_" + std::to_string(getpid()) + "_" + std::to_string(counter.fetch_add(1));
  ASSIGN_OR_RETURN(auto admin, OpenPostgresStore(*base));
  {
    ASSIGN_OR_RETURN(auto connection, admin->pool().Acquire(sql::TxMode::kWrite));
    RETURN_IF_ERROR(connection->ExecuteScript("DROP SCHEMA IF EXISTS " + schema +
                                              " CASCADE; CREATE SCHEMA " + schema));
  }
  std::shared_ptr<sql::SqlStore> shared_admin(std::move(admin));
  cleanup = std::shared_ptr<void>(nullptr, [shared_admin, schema](void*) {
    auto connection = shared_admin->pool().Acquire(sql::TxMode::kWrite);
    if (connection) {
      (void)(*connection)->ExecuteScript("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  });
  const char separator = base->find('?') == std::string::npos ? '?' : '&';
  return *base + separator + "options=-csearch_path%3D" + schema;
}

std::string NewSqlitePath(std::shared_ptr<void>& cleanup) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("backcare_store_test_" + std::to_string(getpid()) + "_" +
                             std::to_string(counter.fetch_add(1)) + ".db"))
                               .string();
  cleanup = std::shared_ptr<void>(nullptr, [path](void*) {
    for (const char* suffix : {"", "-wal", "-shm", ".tmp"}) {
      std::error_code ignored;
      std::filesystem::remove(path + suffix, ignored);
    }
  });
  return path;
}

Result<TestDatabase> MemoryBackend::Open(bool) {
  TestDatabase db;
  db.clock = NewTestClock();
  db.store = NewMemoryStore(*db.clock);
  return db;
}

Result<TestDatabase> SqliteMemoryBackend::Open(bool migrate) {
  auto clock = NewTestClock();
  ASSIGN_OR_RETURN(auto store, OpenSqliteStore(":memory:", {}, *clock));
  return Finish(std::move(clock), std::move(store), "", nullptr, migrate);
}

Result<TestDatabase> SqliteFileBackend::Open(bool migrate) {
  std::shared_ptr<void> cleanup;
  const std::string path = NewSqlitePath(cleanup);
  auto clock = NewTestClock();
  ASSIGN_OR_RETURN(auto store, OpenSqliteStore(path, {}, *clock));
  return Finish(std::move(clock), std::move(store), "sqlite:" + path, std::move(cleanup), migrate);
}

Result<TestDatabase> PostgresBackend::Open(bool migrate) {
  std::shared_ptr<void> cleanup;
  ASSIGN_OR_RETURN(std::string url, NewPostgresSchemaUrl(cleanup));
  auto clock = NewTestClock();
  ASSIGN_OR_RETURN(auto store, OpenPostgresStore(url, *clock));
  return Finish(std::move(clock), std::move(store), url, std::move(cleanup), migrate);
}

}  // namespace backcare::store::testing
