#include "store/default_clock.h"

#include <chrono>

namespace backcare::store {
namespace {

class SystemClock final : public ports::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

}  // namespace

const ports::Clock& DefaultClock() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace backcare::store
