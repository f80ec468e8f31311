// A ClinicStore decorator that fails the Nth call (counting every Transaction method, Commit
// included, across all transactions it began) with kUnavailable "injected fault at call N", so
// tests can prove a unit of work is all-or-nothing whatever step fails. Counting only (fail_at 0)
// tells a test how many calls a use case makes. Test support only (src/testing/).
#ifndef BACKCARE_TESTING_FAULT_INJECTING_STORE_H_
#define BACKCARE_TESTING_FAULT_INJECTING_STORE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "testing/forwarding_store.h"

namespace backcare::testing {

class FaultInjectingStore final : public ForwardingStore {
 public:
  // `inner` must outlive this store. fail_at = 0 never fails (it only counts).
  FaultInjectingStore(ports::ClinicStore& inner, int fail_at)
      : ForwardingStore(inner), fail_at_(fail_at) {}

  Result<std::unique_ptr<ports::Transaction>> Begin() override;
  Result<std::unique_ptr<ports::Transaction>> BeginReadOnly() override;

  // Calls seen so far.
  int calls() const { return calls_; }
  // The method names of the calls seen so far, in order (for failure messages).
  const std::vector<std::string>& methods() const { return methods_; }

 private:
  friend class FaultInjectingTransaction;
  // The error for the next call, or ok.
  Status Tick(std::string_view method);

  int fail_at_;
  int calls_ = 0;
  std::vector<std::string> methods_;
};

}  // namespace backcare::testing

#endif  // BACKCARE_TESTING_FAULT_INJECTING_STORE_H_
