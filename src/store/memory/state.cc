#include "store/memory/state.h"

#include <utility>

namespace backcare::store::memory {

std::shared_ptr<const State> CommittedState::Snapshot() const {
  std::lock_guard lock(state_mutex_);
  return state_;
}

void CommittedState::Publish(std::shared_ptr<const State> state) {
  std::lock_guard lock(state_mutex_);
  state_ = std::move(state);
}

}  // namespace backcare::store::memory
