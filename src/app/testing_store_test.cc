// The memory store behind app_testing.h's TestClinic.
#include "app/app_testing.h"
#include "store/memory/memory_store.h"

namespace backcare::app::testing {

std::unique_ptr<ports::ClinicStore> NewTestStore() { return store::NewMemoryStore(); }

}  // namespace backcare::app::testing
