#include "http/server/login_throttle.h"

#include <gtest/gtest.h>

namespace backcare::http {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class LoginThrottleTest : public ::testing::Test {
 protected:
  ports::FakeClock clock_{std::chrono::sys_days(std::chrono::year{2024} / 3 / 18)};
  LoginThrottle throttle_{5, 20, minutes(15), clock_};
};

TEST_F(LoginThrottleTest, FifthFailureInWindowLocksTheAccount) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(throttle_.RetryAfter("a@x.test", "10.0.0.1").has_value()) << i;
    throttle_.RecordFailure("a@x.test", "10.0.0.1");
    clock_.Advance(seconds(10));
  }
  throttle_.RecordFailure("a@x.test", "10.0.0.1");  // t = 40 s
  // Locked until the first failure (t = 0) is 15 minutes old.
  EXPECT_EQ(throttle_.RetryAfter("a@x.test", "10.0.0.2"), minutes(15) - seconds(40));
}

TEST_F(LoginThrottleTest, AccountKeyIgnoresCase) {
  for (int i = 0; i < 5; ++i) throttle_.RecordFailure("A@X.test", "10.0.0." + std::to_string(i));
  EXPECT_TRUE(throttle_.RetryAfter("a@x.TEST", "10.0.0.9").has_value());
}

TEST_F(LoginThrottleTest, AddressIsLockedAcrossAccountsAtItsOwnLimit) {
  for (int i = 0; i < 19; ++i)
    throttle_.RecordFailure("u" + std::to_string(i) + "@x.test", "10.0.0.1");
  EXPECT_FALSE(throttle_.RetryAfter("fresh@x.test", "10.0.0.1").has_value());
  throttle_.RecordFailure("u19@x.test", "10.0.0.1");
  EXPECT_TRUE(throttle_.RetryAfter("fresh@x.test", "10.0.0.1").has_value());
  EXPECT_FALSE(throttle_.RetryAfter("fresh@x.test", "10.0.0.2").has_value());
}

TEST_F(LoginThrottleTest, UnlocksWhenFailuresAgeOut) {
  for (int i = 0; i < 5; ++i) throttle_.RecordFailure("a@x.test", "10.0.0.1");
  clock_.Advance(minutes(15) - seconds(1));
  EXPECT_EQ(throttle_.RetryAfter("a@x.test", "10.0.0.1"), seconds(1));
  clock_.Advance(seconds(1));
  EXPECT_FALSE(throttle_.RetryAfter("a@x.test", "10.0.0.1").has_value());
}

TEST_F(LoginThrottleTest, SuccessClearsTheAccountButNotTheAddress) {
  for (int i = 0; i < 4; ++i) throttle_.RecordFailure("a@x.test", "10.0.0.1");
  throttle_.RecordSuccess("a@x.test");
  throttle_.RecordFailure("a@x.test", "10.0.0.2");
  EXPECT_FALSE(throttle_.RetryAfter("a@x.test", "10.0.0.3").has_value());
  for (int i = 0; i < 16; ++i) throttle_.RecordFailure("b@x.test", "10.0.0.1");  // 20 in all
  EXPECT_TRUE(throttle_.RetryAfter("c@x.test", "10.0.0.1").has_value());
}

TEST_F(LoginThrottleTest, ManyDistinctKeysAreSweptOnceExpired) {
  for (int i = 0; i < 10001; ++i) throttle_.RecordFailure(std::to_string(i), "10.0.0.1");
  clock_.Advance(minutes(16));
  throttle_.RecordFailure("late", "10.0.0.2");
  EXPECT_FALSE(throttle_.RetryAfter("0", "10.0.0.3").has_value());
}

}  // namespace
}  // namespace backcare::http
