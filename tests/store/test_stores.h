// The backends the store contract suite runs on, each as a type with Open(): a fresh, migrated,
// empty store per test. PostgreSQL tests use a fresh schema per test in the database named by
// BACKCARE_TEST_PG_URL (tests/store/with_postgres.sh starts a private server and sets it).
#ifndef BACKCARE_TESTS_STORE_TEST_STORES_H_
#define BACKCARE_TESTS_STORE_TEST_STORES_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/ports/clinic_store.h"
#include "core/ports/clock.h"
#include "store/database.h"
#include "store/sql/sql_store.h"

namespace backcare::store::testing {

// The instant every test database's clock starts at (whole microseconds, as stores keep them).
inline const clinic::Timestamp kTestClockStart = clinic::FromUnixMicros(1'700'000'000'000'000);

// A fresh database of one backend. `sql` is null for the memory store.
struct TestDatabase {
  std::shared_ptr<void> cleanup;  // drops the file or schema after the store is closed
  // The store's clock (it stamps updated_at), at kTestClockStart until a test moves it; outlives
  // the store.
  std::shared_ptr<ports::FakeClock> clock;
  std::unique_ptr<Database> store;
  sql::SqlStore* sql = nullptr;
  std::string url;  // for OpenStore / reopening (empty for memory and sqlite::memory:)
};

// nullopt when PostgreSQL tests should be skipped (BACKCARE_SKIP_PG=1 and no URL); otherwise the
// URL, or an error message when it is missing without permission to skip.
Result<std::optional<std::string>> PostgresUrl();

// A URL to a new empty PostgreSQL schema (dropped when `cleanup` goes).
Result<std::string> NewPostgresSchemaUrl(std::shared_ptr<void>& cleanup);
// A path to a new temporary SQLite file (deleted with its -wal/-shm when `cleanup` goes).
std::string NewSqlitePath(std::shared_ptr<void>& cleanup);

struct MemoryBackend {
  static constexpr const char* kName = "memory";
  static Result<TestDatabase> Open(bool migrate = true);
};
struct SqliteMemoryBackend {
  static constexpr const char* kName = "sqlite_memory";
  static Result<TestDatabase> Open(bool migrate = true);
};
struct SqliteFileBackend {
  static constexpr const char* kName = "sqlite_file";
  static Result<TestDatabase> Open(bool migrate = true);
};
struct PostgresBackend {
  static constexpr const char* kName = "postgresql";
  static Result<TestDatabase> Open(bool migrate = true);
};

// Every backend, for a TYPED_TEST_SUITE that runs on all of them; BackendNames names each
// instantiation after the backend ("memory", "postgresql", ...).
using AllBackends =
    ::testing::Types<MemoryBackend, SqliteMemoryBackend, SqliteFileBackend, PostgresBackend>;
class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};

}  // namespace backcare::store::testing

// In a test body: opens a database of Backend into `db`, skipping visibly or failing as the
// PostgreSQL policy says.
#define BACKCARE_OPEN_TEST_DATABASE(Backend, db, ...)                                          \
  if constexpr (std::is_same_v<Backend, ::backcare::store::testing::PostgresBackend>) {        \
    auto backcare_pg_url_ = ::backcare::store::testing::PostgresUrl();                         \
    ASSERT_TRUE(backcare_pg_url_.has_value()) << backcare_pg_url_.error().message;             \
    if (!backcare_pg_url_->has_value()) {                                                      \
      GTEST_SKIP() << "PostgreSQL tests skipped: BACKCARE_SKIP_PG=1 and BACKCARE_TEST_PG_URL " \
                      "is unset";                                                              \
    }                                                                                          \
  }                                                                                            \
  auto backcare_db_result_ = Backend::Open(__VA_ARGS__);                                       \
  ASSERT_TRUE(backcare_db_result_.has_value()) << backcare_db_result_.error().ToString();      \
  ::backcare::store::testing::TestDatabase db = std::move(backcare_db_result_).value()

#endif  // BACKCARE_TESTS_STORE_TEST_STORES_H_
