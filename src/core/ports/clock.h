// The Clock port: where the current time comes from. The core never reads the system clock; use
// cases get a Clock from the composition root (a system clock) or from a test (FakeClock).
#ifndef BACKCARE_CORE_PORTS_CLOCK_H_
#define BACKCARE_CORE_PORTS_CLOCK_H_

#include <chrono>
#include <mutex>

namespace backcare::ports {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant (UTC). Thread-safe in every implementation.
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

// A clock that stands still until told otherwise. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point now) : now_(now) {}

  std::chrono::system_clock::time_point Now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void Set(std::chrono::system_clock::time_point now) {
    std::lock_guard lock(mutex_);
    now_ = now;
  }
  void Advance(std::chrono::system_clock::duration by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point now_;
};

}  // namespace backcare::ports

#endif  // BACKCARE_CORE_PORTS_CLOCK_H_
