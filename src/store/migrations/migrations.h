// The schema migrations compiled into the binary: numbered SQL scripts, one set per backend
// (src/store/migrations/sqlite/NNNN_name.sql, .../postgres/NNNN_name.sql), with the same numbers
// in both. The applied version is kept in the table schema_version.
#ifndef BACKCARE_STORE_MIGRATIONS_MIGRATIONS_H_
#define BACKCARE_STORE_MIGRATIONS_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace backcare::store {

// The newest schema version this binary knows.
inline constexpr int kLatestSchemaVersion = 22;

struct Migration {
  int version;
  std::string_view name;  // "0001_init"
  std::string_view sql;   // one or more statements
};

enum class SqlDialect { kSqlite, kPostgres };

// Every migration for `dialect`, in version order 1..kLatestSchemaVersion.
std::span<const Migration> Migrations(SqlDialect dialect);

}  // namespace backcare::store

#endif  // BACKCARE_STORE_MIGRATIONS_MIGRATIONS_H_
