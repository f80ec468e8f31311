#include "http/server/login_throttle.h"

#include <utility>

#include "http/server/http_message.h"

namespace backcare::http {

LoginThrottle::LoginThrottle(int account_max_failures, int address_max_failures,
                             std::chrono::seconds window, const ports::Clock& clock)
    : account_max_failures_(account_max_failures),
      address_max_failures_(address_max_failures),
      window_(window),
      clock_(clock) {}

void LoginThrottle::PruneLocked(Failures& failures,
                                std::chrono::system_clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
}

std::optional<std::chrono::seconds> LoginThrottle::WaitLocked(
    Failures& failures, int max_failures, std::chrono::system_clock::time_point now) const {
  PruneLocked(failures, now);
  if (static_cast<int>(failures.size()) < max_failures) return std::nullopt;
  // The attempt is allowed again once enough failures have aged out of the window.
  auto until = failures[failures.size() - static_cast<std::size_t>(max_failures)] + window_;
  auto wait = std::chrono::ceil<std::chrono::seconds>(until - now);
  return wait < std::chrono::seconds(1) ? std::chrono::seconds(1) : wait;
}

std::optional<std::chrono::seconds> LoginThrottle::RetryAfter(std::string_view email,
                                                              std::string_view address) {
  std::lock_guard lock(mutex_);
  auto now = clock_.Now();
  std::optional<std::chrono::seconds> wait;
  if (auto it = by_account_.find(ToLowerAscii(email)); it != by_account_.end()) {
    wait = WaitLocked(it->second, account_max_failures_, now);
    if (it->second.empty()) by_account_.erase(it);
  }
  if (auto it = by_address_.find(std::string(address)); it != by_address_.end()) {
    auto address_wait = WaitLocked(it->second, address_max_failures_, now);
    if (it->second.empty()) by_address_.erase(it);
    if (address_wait && (!wait || *address_wait > *wait)) wait = address_wait;
  }
  return wait;
}

void LoginThrottle::RecordFailure(std::string_view email, std::string_view address) {
  std::lock_guard lock(mutex_);
  auto now = clock_.Now();
  // Bound memory under a spray of distinct e-mails or addresses: drop keys with no live failures.
  constexpr std::size_t kSweepAbove = 10000;
  for (auto* table : {&by_account_, &by_address_}) {
    if (table->size() <= kSweepAbove) continue;
    for (auto it = table->begin(); it != table->end();) {
      PruneLocked(it->second, now);
      it = it->second.empty() ? table->erase(it) : std::next(it);
    }
  }
  Failures& account = by_account_[ToLowerAscii(email)];
  PruneLocked(account, now);
  account.push_back(now);
  Failures& peer = by_address_[std::string(address)];
  PruneLocked(peer, now);
  peer.push_back(now);
}

void LoginThrottle::RecordSuccess(std::string_view email) {
  std::lock_guard lock(mutex_);
  by_account_.erase(ToLowerAscii(email));
}

}  // namespace backcare::http
