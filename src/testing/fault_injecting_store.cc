#include "testing/fault_injecting_store.h"

#include <utility>

namespace backcare::testing {

class FaultInjectingTransaction final : public ForwardingTransaction {
 public:
  FaultInjectingTransaction(FaultInjectingStore& store, std::unique_ptr<ports::Transaction> inner)
      : ForwardingTransaction(std::move(inner)), store_(store) {}

 protected:
  Status BeforeCall(std::string_view method) override { return store_.Tick(method); }

 private:
  FaultInjectingStore& store_;
};

Status FaultInjectingStore::Tick(std::string_view method) {
  ++calls_;
  methods_.emplace_back(method);
  if (calls_ == fail_at_) {
    return Unavailable("injected fault at call " + std::to_string(calls_));
  }
  return OkStatus();
}

Result<std::unique_ptr<ports::Transaction>> FaultInjectingStore::Begin() {
  ASSIGN_OR_RETURN(auto inner, ForwardingStore::Begin());
  return std::unique_ptr<ports::Transaction>(
      new FaultInjectingTransaction(*this, std::move(inner)));
}

Result<std::unique_ptr<ports::Transaction>> FaultInjectingStore::BeginReadOnly() {
  ASSIGN_OR_RETURN(auto inner, ForwardingStore::BeginReadOnly());
  return std::unique_ptr<ports::Transaction>(
      new FaultInjectingTransaction(*this, std::move(inner)));
}

}  // namespace backcare::testing
