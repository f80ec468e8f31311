#include "app/web_session_service.h"

#include <gtest/gtest.h>

#include <set>

#include "app/crypto/crypto.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::TestClinic;

class WebSessionServiceTest : public ::testing::Test {
 protected:
  // The last_seen_at the store holds for the session with this id.
  clinic::Timestamp LastSeen(const std::string& id) {
    auto transaction = t_.store->BeginReadOnly().value();
    return transaction->FindWebSession(crypto::Sha256Hex(id)).value().last_seen_at;
  }

  TestClinic t_;
  WebSessionService sessions_{t_.context, WebSessionOptions{}};
};

TEST_F(WebSessionServiceTest, AStartedSessionResumesAsItsUserWithItsCsrfToken) {
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.therapist.actor));
  EXPECT_EQ(started.id.size(), 43u);  // 32 random bytes, URL-safe base64
  ASSERT_OK_AND_ASSIGN(ResumedSession resumed, sessions_.Resume(started.id));
  EXPECT_EQ(resumed.actor, t_.therapist.actor);
  EXPECT_EQ(resumed.csrf_token, started.csrf_token);
  EXPECT_NE(started.csrf_token, started.id);

  // The store holds neither the id nor the CSRF token.
  auto transaction = t_.store->BeginReadOnly().value();
  ASSERT_OK_AND_ASSIGN(clinic::WebSession stored,
                       transaction->FindWebSession(crypto::Sha256Hex(started.id)));
  EXPECT_NE(stored.id_hash, started.id);
  EXPECT_NE(stored.id_hash, started.csrf_token);
  EXPECT_EQ(stored.user_id, t_.therapist.actor.user_id);
}

TEST_F(WebSessionServiceTest, EveryStartGivesAFreshIdAndToken) {
  std::set<std::string> ids;
  std::set<std::string> tokens;
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.admin.actor));
    ids.insert(started.id);
    tokens.insert(started.csrf_token);
  }
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(tokens.size(), 20u);
}

TEST_F(WebSessionServiceTest, UnknownAndEndedSessionsAreRefusedAlike) {
  ASSERT_ERROR_AND_ASSIGN(Error unknown, sessions_.Resume("no-such-session"),
                          ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.message, "session expired or unknown; log in again");
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.admin.actor));
  ASSERT_OK(sessions_.End(started.id));
  EXPECT_ERROR(sessions_.Resume(started.id), ErrorCode::kUnauthenticated);
  EXPECT_OK(sessions_.End(started.id));  // twice: not an error
}

TEST_F(WebSessionServiceTest, ASessionEndsAfterThirtyIdleMinutesAndEachUseRestartsTheTimer) {
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.admin.actor));
  t_.clock.Advance(minutes(29));
  EXPECT_OK(sessions_.Resume(started.id));
  t_.clock.Advance(minutes(29));
  EXPECT_OK(sessions_.Resume(started.id));
  t_.clock.Advance(minutes(30) + seconds(1));
  EXPECT_ERROR(sessions_.Resume(started.id), ErrorCode::kUnauthenticated);
}

TEST_F(WebSessionServiceTest, ABusySessionStillEndsTwelveHoursAfterItsLogin) {
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.admin.actor));
  // Used every 20 minutes, it never idles out; 12 hours after the login it ends all the same.
  for (int i = 0; i < 35; ++i) {
    t_.clock.Advance(minutes(20));
    ASSERT_OK(sessions_.Resume(started.id)) << "after " << (i + 1) * 20 << " minutes";
  }
  t_.clock.Advance(minutes(19) + seconds(59));  // 11 h 59 min 59 s
  EXPECT_OK(sessions_.Resume(started.id));
  t_.clock.Advance(seconds(1));
  EXPECT_ERROR(sessions_.Resume(started.id), ErrorCode::kUnauthenticated);
  // A new login starts a new 12 hours.
  ASSERT_OK_AND_ASSIGN(StartedSession again, sessions_.Start(t_.admin.actor));
  EXPECT_OK(sessions_.Resume(again.id));
}

TEST_F(WebSessionServiceTest, TheIdleTimerIsWrittenAtMostOnceAMinute) {
  const clinic::Timestamp start = t_.clock.Now();
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.admin.actor));
  t_.clock.Advance(seconds(59));
  ASSERT_OK(sessions_.Resume(started.id));
  EXPECT_EQ(LastSeen(started.id), start) << "no write within the minute";
  t_.clock.Advance(seconds(1));
  ASSERT_OK(sessions_.Resume(started.id));
  EXPECT_EQ(LastSeen(started.id), start + minutes(1));
}

TEST_F(WebSessionServiceTest, DisablingALoginEndsItsSessionsAndReEnablingDoesNotRestoreThem) {
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.therapist.actor));
  ASSERT_OK_AND_ASSIGN(StartedSession other, sessions_.Start(t_.therapist2.actor));
  ASSERT_OK(t_.accounts.SetUserState(t_.admin, t_.therapist.actor.user_id,
                                     clinic::AccountState::kDisabled));
  // Neither session was read yet, so neither is cached.
  EXPECT_ERROR(sessions_.Resume(started.id), ErrorCode::kUnauthenticated);
  EXPECT_OK(sessions_.Resume(other.id));
  ASSERT_OK(t_.accounts.SetUserState(t_.admin, t_.therapist.actor.user_id,
                                     clinic::AccountState::kActive));
  EXPECT_ERROR(sessions_.Resume(started.id), ErrorCode::kUnauthenticated);
}

TEST_F(WebSessionServiceTest, ASessionFollowsItsUsersCurrentRecordWithinHalfASecond) {
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.therapist.actor));
  ASSERT_OK(sessions_.Resume(started.id));  // now remembered by this process
  // The user is disabled in the store by another process (no DeleteUserWebSessions here).
  auto transaction = t_.store->Begin().value();
  clinic::User user = transaction->GetUser(t_.clinic_id, t_.therapist.actor.user_id).value();
  user.state = clinic::AccountState::kDisabled;
  ASSERT_OK(transaction->UpdateUser(t_.clinic_id, user));
  ASSERT_OK(transaction->Commit());
  t_.clock.Advance(std::chrono::milliseconds(499));
  EXPECT_OK(sessions_.Resume(started.id)) << "still within the half second it is remembered";
  t_.clock.Advance(std::chrono::milliseconds(1));
  EXPECT_ERROR(sessions_.Resume(started.id), ErrorCode::kUnauthenticated);
}

TEST_F(WebSessionServiceTest, AnEndedSessionIsForgottenAtOnceByTheProcessThatEndedIt) {
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.therapist.actor));
  ASSERT_OK(sessions_.Resume(started.id));
  ASSERT_OK(sessions_.End(started.id));
  EXPECT_ERROR(sessions_.Resume(started.id), ErrorCode::kUnauthenticated);
}

TEST_F(WebSessionServiceTest, WithoutTheCacheEveryRequestReadsTheStore) {
  WebSessionOptions options;
  options.cache_for = std::chrono::milliseconds(0);
  WebSessionService uncached{t_.context, options};
  ASSERT_OK_AND_ASSIGN(StartedSession started, uncached.Start(t_.therapist.actor));
  ASSERT_OK(uncached.Resume(started.id));
  ASSERT_OK(sessions_.End(started.id));  // another process logs it out
  EXPECT_ERROR(uncached.Resume(started.id), ErrorCode::kUnauthenticated);
}

TEST_F(WebSessionServiceTest, StartPrunesSessionsIdlePastTheTimeout) {
  ASSERT_OK_AND_ASSIGN(StartedSession old, sessions_.Start(t_.admin.actor));
  const std::string old_hash = crypto::Sha256Hex(old.id);
  t_.clock.Advance(minutes(31));
  ASSERT_OK(sessions_.Start(t_.admin.actor));
  auto transaction = t_.store->BeginReadOnly().value();
  EXPECT_ERROR(transaction->FindWebSession(old_hash), ErrorCode::kNotFound);
}

// Login throttling, with the default limits: 5 failures per account and 20 per address within
// 15 minutes.
TEST_F(WebSessionServiceTest, FifthFailureInTheWindowLocksTheAccountUntilTheFirstAgesOut) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_OK_AND_ASSIGN(auto wait, sessions_.LoginRetryAfter("a@x.test", "10.0.0.1"));
    EXPECT_FALSE(wait.has_value()) << i;
    ASSERT_OK(sessions_.RecordLoginFailure("a@x.test", "10.0.0.1"));
    t_.clock.Advance(seconds(10));
  }
  ASSERT_OK(sessions_.RecordLoginFailure("a@x.test", "10.0.0.1"));  // t = 40 s
  // Locked, from any address, until the first failure (t = 0) is 15 minutes old.
  ASSERT_OK_AND_ASSIGN(auto wait, sessions_.LoginRetryAfter("a@x.test", "10.0.0.2"));
  EXPECT_EQ(wait, minutes(15) - seconds(40));
  t_.clock.Advance(minutes(15) - seconds(40) - seconds(1));
  ASSERT_OK_AND_ASSIGN(wait, sessions_.LoginRetryAfter("a@x.test", "10.0.0.2"));
  EXPECT_EQ(wait, seconds(1));
  t_.clock.Advance(seconds(1));
  ASSERT_OK_AND_ASSIGN(wait, sessions_.LoginRetryAfter("a@x.test", "10.0.0.2"));
  EXPECT_FALSE(wait.has_value());
}

TEST_F(WebSessionServiceTest, TheAccountKeyIgnoresCase) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(sessions_.RecordLoginFailure("A@X.test", "10.0.0." + std::to_string(i)));
  }
  ASSERT_OK_AND_ASSIGN(auto wait, sessions_.LoginRetryAfter("a@x.TEST", "10.0.0.9"));
  EXPECT_TRUE(wait.has_value());
}

TEST_F(WebSessionServiceTest, AnAddressIsLockedAcrossAccountsAtItsOwnLimit) {
  for (int i = 0; i < 19; ++i) {
    ASSERT_OK(sessions_.RecordLoginFailure("u" + std::to_string(i) + "@x.test", "10.0.0.1"));
  }
  ASSERT_OK_AND_ASSIGN(auto wait, sessions_.LoginRetryAfter("fresh@x.test", "10.0.0.1"));
  EXPECT_FALSE(wait.has_value());
  ASSERT_OK(sessions_.RecordLoginFailure("u19@x.test", "10.0.0.1"));
  ASSERT_OK_AND_ASSIGN(wait, sessions_.LoginRetryAfter("fresh@x.test", "10.0.0.1"));
  EXPECT_EQ(wait, minutes(15));
  ASSERT_OK_AND_ASSIGN(wait, sessions_.LoginRetryAfter("fresh@x.test", "10.0.0.2"));
  EXPECT_FALSE(wait.has_value());
}

TEST_F(WebSessionServiceTest, SuccessClearsTheAccountButNotTheAddress) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_OK(sessions_.RecordLoginFailure("a@x.test", "10.0.0.1"));
  }
  ASSERT_OK(sessions_.RecordLoginSuccess("A@x.test"));
  ASSERT_OK(sessions_.RecordLoginFailure("a@x.test", "10.0.0.2"));
  ASSERT_OK_AND_ASSIGN(auto wait, sessions_.LoginRetryAfter("a@x.test", "10.0.0.3"));
  EXPECT_FALSE(wait.has_value()) << "only one failure counts after the success";
  for (int i = 0; i < 16; ++i) {
    ASSERT_OK(sessions_.RecordLoginFailure("b@x.test", "10.0.0.1"));  // 20 from .1 in all
  }
  ASSERT_OK_AND_ASSIGN(wait, sessions_.LoginRetryAfter("c@x.test", "10.0.0.1"));
  EXPECT_TRUE(wait.has_value());
}

TEST_F(WebSessionServiceTest, TwoServicesOnOneStoreShareSessionsAndFailures) {
  // Two server processes on one database: what one records, the other sees.
  WebSessionService other{t_.context, WebSessionOptions{}};
  ASSERT_OK_AND_ASSIGN(StartedSession started, sessions_.Start(t_.admin.actor));
  EXPECT_OK(other.Resume(started.id));
  EXPECT_OK(sessions_.Resume(started.id));
  ASSERT_OK(other.End(started.id));
  t_.clock.Advance(std::chrono::milliseconds(500));  // what this process remembered runs out
  EXPECT_ERROR(sessions_.Resume(started.id), ErrorCode::kUnauthenticated);
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK((i % 2 == 0 ? sessions_ : other).RecordLoginFailure("a@x.test", "10.0.0.1"));
  }
  ASSERT_OK_AND_ASSIGN(auto wait, other.LoginRetryAfter("a@x.test", "10.0.0.7"));
  EXPECT_TRUE(wait.has_value());
}

}  // namespace
}  // namespace backcare::app
