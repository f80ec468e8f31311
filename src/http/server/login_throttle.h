// Login throttling: after `account_max_failures` failed logins within `window` for one account
// (e-mail, compared case-insensitively), or `address_max_failures` from one address, further
// attempts for that key are refused until enough counted failures leave the window. The address
// limit is higher because a clinic's staff often share one address (NAT): a few mistyped
// passwords must not lock everyone out, while a password spray across accounts still is. A
// successful login clears the account's failures (not the address's). Thread-safe.
#ifndef BACKCARE_HTTP_SERVER_LOGIN_THROTTLE_H_
#define BACKCARE_HTTP_SERVER_LOGIN_THROTTLE_H_

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/ports/clock.h"

namespace backcare::http {

class LoginThrottle {
 public:
  // `clock` is borrowed and must outlive the throttle.
  LoginThrottle(int account_max_failures, int address_max_failures, std::chrono::seconds window,
                const ports::Clock& clock);

  // Nullopt when an attempt for (email, address) may proceed; otherwise how long to wait (at
  // least 1 second), for the Retry-After header.
  std::optional<std::chrono::seconds> RetryAfter(std::string_view email, std::string_view address);
  void RecordFailure(std::string_view email, std::string_view address);
  void RecordSuccess(std::string_view email);

 private:
  using Failures = std::deque<std::chrono::system_clock::time_point>;
  void PruneLocked(Failures& failures, std::chrono::system_clock::time_point now) const;
  std::optional<std::chrono::seconds> WaitLocked(Failures& failures, int max_failures,
                                                 std::chrono::system_clock::time_point now) const;

  const int account_max_failures_;
  const int address_max_failures_;
  const std::chrono::seconds window_;
  const ports::Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> by_account_;
  std::unordered_map<std::string, Failures> by_address_;
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_LOGIN_THROTTLE_H_
