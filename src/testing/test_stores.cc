// The stores behind app_testing.h: the memory store, or any database URL.
#include "store/memory/memory_store.h"
#include "store/open_store.h"
#include "testing/app_testing.h"

namespace backcare::app::testing {

std::unique_ptr<store::Database> NewTestStore() { return store::NewMemoryStore(); }

Result<std::unique_ptr<store::Database>> OpenTestStore(const std::string& url) {
  return store::OpenStore(url);
}

}  // namespace backcare::app::testing
