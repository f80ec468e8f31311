#include "store/memory/transaction.h"

#include <utility>

#include "store/common/validation.h"

namespace backcare::store::memory {

MemoryTransaction::MemoryTransaction(std::shared_ptr<const State> snapshot)
    : view_(std::move(snapshot)), checks_(TransactionChecks::Access::kReadOnly) {}

MemoryTransaction::MemoryTransaction(CommittedState& committed,
                                     std::unique_lock<std::mutex> writer_lock,
                                     const ports::Clock& clock)
    : committed_(&committed),
      clock_(&clock),
      writer_lock_(std::move(writer_lock)),
      draft_(std::make_shared<State>(*committed.Snapshot())),
      view_(draft_),
      checks_(TransactionChecks::Access::kReadWrite) {}

Status MemoryTransaction::Commit() {
  RETURN_IF_ERROR(CheckOpen());
  checks_.Finish();
  view_.reset();
  if (committed_ != nullptr) {
    committed_->Publish(std::move(draft_));
    writer_lock_.unlock();
  }
  return OkStatus();
}

Status MemoryTransaction::CheckWriteInClinic(ClinicId clinic_id) const {
  RETURN_IF_ERROR(CheckWrite());
  if (state().clinics.find(clinic_id.value()) == state().clinics.end()) {
    return NotFoundError("clinic", clinic_id.value());
  }
  return OkStatus();
}

}  // namespace backcare::store::memory
