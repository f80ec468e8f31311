#include "store/open_store.h"

#include "store/memory/memory_store.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace backcare::store {

Result<std::unique_ptr<Database>> OpenStore(const std::string& url, const ports::Clock& clock) {
  if (url == "memory:") {
    return NewMemoryStore(clock);
  }
  if (url.starts_with("sqlite:")) {
    const std::string path = url.substr(7);
    if (path.empty()) {
      return InvalidInput("database url: expected sqlite:PATH, got an empty path");
    }
    ASSIGN_OR_RETURN(auto store, OpenSqliteStore(path, {}, clock));
    return std::unique_ptr<Database>(std::move(store));
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    ASSIGN_OR_RETURN(auto store, OpenPostgresStore(url, clock));
    return std::unique_ptr<Database>(std::move(store));
  }
  return InvalidInput(
      "database url: expected sqlite:PATH, sqlite::memory:, postgresql://... or memory:");
}

}  // namespace backcare::store
