#include "store/memory/memory_store.h"

#include <mutex>
#include <utility>

#include "store/memory/state.h"
#include "store/memory/transaction.h"
#include "store/migrations/migrations.h"

namespace backcare::store {
namespace {

class MemoryStore final : public Database {
 public:
  explicit MemoryStore(const ports::Clock& clock) : clock_(clock) {}

  Result<std::unique_ptr<ports::Transaction>> Begin() override {
    std::unique_lock writer(committed_.writer_mutex());
    return std::unique_ptr<ports::Transaction>(
        std::make_unique<memory::MemoryTransaction>(committed_, std::move(writer), clock_));
  }
  Result<std::unique_ptr<ports::Transaction>> BeginReadOnly() override {
    return std::unique_ptr<ports::Transaction>(
        std::make_unique<memory::MemoryTransaction>(committed_.Snapshot()));
  }
  std::string_view BackendName() const override { return "memory"; }
  Result<int> SchemaVersion() override { return kLatestSchemaVersion; }
  int LatestSchemaVersion() const override { return kLatestSchemaVersion; }
  Result<std::vector<int>> Migrate() override { return std::vector<int>(); }
  Status WriteBackup(const std::string&, const BackupOptions&) override {
    return FailedPrecondition("the memory store cannot write backups");
  }
  Status RestoreBackup(const std::string&, const BackupOptions&) override {
    return FailedPrecondition("the memory store cannot restore backups");
  }

 private:
  const ports::Clock& clock_;
  memory::CommittedState committed_;
};

}  // namespace

std::unique_ptr<Database> NewMemoryStore(const ports::Clock& clock) {
  return std::make_unique<MemoryStore>(clock);
}

}  // namespace backcare::store
