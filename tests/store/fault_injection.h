// A ClinicStore decorator that fails the Nth call (counting every Transaction method, Commit
// included, across all transactions it began) with kUnavailable "injected fault at call N", so
// tests can prove a unit of work is all-or-nothing whatever step fails.
#ifndef BACKCARE_TESTS_STORE_FAULT_INJECTION_H_
#define BACKCARE_TESTS_STORE_FAULT_INJECTION_H_

#include <memory>

#include "core/ports/clinic_store.h"

namespace backcare::store::testing {

class FaultInjectingStore final : public ports::ClinicStore {
 public:
  // `inner` must outlive this store. fail_at = 0 never fails (it only counts).
  FaultInjectingStore(ports::ClinicStore& inner, int fail_at) : inner_(inner), fail_at_(fail_at) {}

  Result<std::unique_ptr<ports::Transaction>> Begin() override;
  Result<std::unique_ptr<ports::Transaction>> BeginReadOnly() override;
  std::string_view BackendName() const override { return inner_.BackendName(); }
  Result<int> SchemaVersion() override { return inner_.SchemaVersion(); }
  int LatestSchemaVersion() const override { return inner_.LatestSchemaVersion(); }
  Result<std::vector<int>> Migrate() override { return inner_.Migrate(); }
  Status WriteBackup(const std::string& path, const ports::BackupOptions& options) override {
    return inner_.WriteBackup(path, options);
  }
  Status RestoreBackup(const std::string& path, const ports::BackupOptions& options) override {
    return inner_.RestoreBackup(path, options);
  }

  // Calls seen so far.
  int calls() const { return calls_; }

 private:
  friend class FaultInjectingTransaction;
  ports::ClinicStore& inner_;
  int fail_at_;
  int calls_ = 0;
};

}  // namespace backcare::store::testing

#endif  // BACKCARE_TESTS_STORE_FAULT_INJECTION_H_
