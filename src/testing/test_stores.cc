// The stores behind app_testing.h: the memory store, or any database URL.
#include "store/memory/memory_store.h"
#include "store/open_store.h"
#include "testing/app_testing.h"

namespace backcare::app::testing {

const ports::Clock& TestStoreClock() {
  static const ports::FakeClock kClock(TestNow());
  return kClock;
}

std::unique_ptr<store::Database> NewTestStore() { return store::NewMemoryStore(TestStoreClock()); }

Result<std::unique_ptr<store::Database>> OpenTestStore(const std::string& url) {
  return store::OpenStore(url, TestStoreClock());
}

}  // namespace backcare::app::testing
