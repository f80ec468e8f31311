#include "app/mfa_service.h"

#include <gtest/gtest.h>

#include "app/crypto/totp.h"
#include "app/web_session_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::kTestPassword;
using testing::TestClinic;

std::int64_t StepNow(const TestClinic& t) {
  return crypto::TotpStep(
      std::chrono::duration_cast<std::chrono::seconds>(t.clock.Now().time_since_epoch()).count());
}

// The code of `secret` at `step`, by the RFC algorithm.
std::string CodeAt(const std::string& secret, std::int64_t step) {
  return crypto::HotpCode(*crypto::DecodeBase32(secret), step);
}

struct MfaTest : ::testing::Test {
  TestClinic t;
  MfaService mfa{t.context, t.hasher};

  // Turns two-step sign-in on for `who`; returns the secret and recovery codes.
  std::pair<std::string, std::vector<std::string>> Enable(const RequestContext& who) {
    MfaEnrolment started = mfa.BeginEnrolment(who).value();
    std::vector<std::string> codes =
        mfa.ConfirmEnrolment(who, CodeAt(started.secret, StepNow(t))).value();
    return {started.secret, codes};
  }
};

TEST_F(MfaTest, EnrolmentNeedsTheRightCodeAndTurnsItOn) {
  ASSERT_OK_AND_ASSIGN(MfaStatus before, mfa.GetStatus(t.therapist));
  EXPECT_FALSE(before.enabled);
  ASSERT_OK_AND_ASSIGN(MfaEnrolment started, mfa.BeginEnrolment(t.therapist));
  EXPECT_EQ(started.otpauth_uri.rfind(
                "otpauth://totp/backcare:ada@example.org?secret=" + started.secret, 0),
            0u);
  ASSERT_ERROR_AND_ASSIGN(Error wrong,
                          mfa.ConfirmEnrolment(t.therapist, CodeAt(started.secret, StepNow(t) + 2)),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(wrong.fields.at(0).path, "code");
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> codes,
                       mfa.ConfirmEnrolment(t.therapist, CodeAt(started.secret, StepNow(t))));
  EXPECT_EQ(codes.size(), 10u);
  ASSERT_OK_AND_ASSIGN(MfaStatus after, mfa.GetStatus(t.therapist));
  EXPECT_TRUE(after.enabled);
  EXPECT_EQ(after.enabled_at, t.clock.Now());
  EXPECT_EQ(after.recovery_codes_left, 10);
  EXPECT_ERROR(mfa.BeginEnrolment(t.therapist), ErrorCode::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(bool due, mfa.SecondStepDue(t.therapist.actor));
  EXPECT_TRUE(due);
}

TEST_F(MfaTest, ALoginCodeWorksOnceWithinOneStepOfNow) {
  auto [secret, codes] = Enable(t.therapist);
  const std::int64_t now = StepNow(t);
  // The confirming code's step is used; so is any earlier one.
  EXPECT_ERROR(mfa.CompleteLogin(t.therapist.actor, CodeAt(secret, now), "x"),
               ErrorCode::kUnauthenticated);
  EXPECT_ERROR(mfa.CompleteLogin(t.therapist.actor, CodeAt(secret, now - 1), "x"),
               ErrorCode::kUnauthenticated);
  EXPECT_ERROR(mfa.CompleteLogin(t.therapist.actor, CodeAt(secret, now + 2), "x"),
               ErrorCode::kUnauthenticated);
  ASSERT_OK_AND_ASSIGN(MfaLogin login,
                       mfa.CompleteLogin(t.therapist.actor, CodeAt(secret, now + 1), "x"));
  EXPECT_FALSE(login.used_recovery_code);
  EXPECT_EQ(login.recovery_codes_left, 10);
  EXPECT_ERROR(mfa.CompleteLogin(t.therapist.actor, CodeAt(secret, now + 1), "x"),
               ErrorCode::kUnauthenticated);
  // A minute later the then-current code works.
  t.clock.Advance(std::chrono::seconds(60));
  EXPECT_OK(mfa.CompleteLogin(t.therapist.actor, CodeAt(secret, StepNow(t)), "x"));
}

TEST_F(MfaTest, RecoveryCodesWorkOnceAndRenewingVoidsTheOldOnes) {
  auto [secret, codes] = Enable(t.therapist);
  ASSERT_OK_AND_ASSIGN(MfaLogin login, mfa.CompleteLogin(t.therapist.actor, codes[3], "x"));
  EXPECT_TRUE(login.used_recovery_code);
  EXPECT_EQ(login.recovery_codes_left, 9);
  EXPECT_ERROR(mfa.CompleteLogin(t.therapist.actor, codes[3], "x"), ErrorCode::kUnauthenticated);
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> renewed,
                       mfa.RenewRecoveryCodes(t.therapist, CodeAt(secret, StepNow(t) + 1)));
  EXPECT_ERROR(mfa.CompleteLogin(t.therapist.actor, codes[4], "x"), ErrorCode::kUnauthenticated);
  EXPECT_OK(mfa.CompleteLogin(t.therapist.actor, renewed[0], "x"));
}

TEST_F(MfaTest, TheClinicPolicyKeepsItOnAndRestrictsSessionsUntilEnrolled) {
  NewClinic settings{"Synthetic Clinic", "Europe/London"};
  settings.mfa_policy = clinic::MfaPolicy::kAdmins;
  ASSERT_OK(t.clinics.UpdateClinic(t.admin, settings));
  WebSessionService sessions(t.context, WebSessionOptions{.cache_for = {}});
  ASSERT_OK_AND_ASSIGN(StartedSession admin_session, sessions.Start(t.admin.actor));
  EXPECT_EQ(admin_session.restriction, SessionRestriction::kMfaEnrolment);
  ASSERT_OK_AND_ASSIGN(StartedSession desk_session, sessions.Start(t.front_desk.actor));
  EXPECT_EQ(desk_session.restriction, SessionRestriction::kNone);
  Enable(t.admin);
  ASSERT_OK_AND_ASSIGN(ResumedSession resumed, sessions.Resume(admin_session.id));
  EXPECT_EQ(resumed.restriction, SessionRestriction::kNone);
  ASSERT_ERROR_AND_ASSIGN(Error kept, mfa.Disable(t.admin, kTestPassword),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(kept.message, "your clinic requires two-step sign-in for your role");
  settings.mfa_policy = clinic::MfaPolicy::kOptional;
  ASSERT_OK(t.clinics.UpdateClinic(t.admin, settings));
  EXPECT_ERROR(mfa.Disable(t.admin, "not the password"), ErrorCode::kInvalidInput);
  ASSERT_OK(mfa.Disable(t.admin, kTestPassword));
  ASSERT_OK_AND_ASSIGN(MfaStatus status, mfa.GetStatus(t.admin));
  EXPECT_FALSE(status.enabled);
  EXPECT_EQ(status.recovery_codes_left, 0);
}

TEST_F(MfaTest, OnlyAdminsResetAnotherLoginAndTheResetEndsItsSessions) {
  Enable(t.therapist);
  WebSessionService sessions(t.context, WebSessionOptions{.cache_for = {}});
  ASSERT_OK_AND_ASSIGN(StartedSession session, sessions.Start(t.therapist.actor));
  EXPECT_ERROR(mfa.ResetForUser(t.front_desk, t.therapist.actor.user_id),
               ErrorCode::kPermissionDenied);
  ASSERT_OK(mfa.ResetForUser(t.admin, t.therapist.actor.user_id));
  EXPECT_ERROR(sessions.Resume(session.id), ErrorCode::kUnauthenticated);
  ASSERT_OK_AND_ASSIGN(bool due, mfa.SecondStepDue(t.therapist.actor));
  EXPECT_FALSE(due);
  EXPECT_ERROR(mfa.GetStatus(t.patient), ErrorCode::kPermissionDenied);
}

TEST_F(MfaTest, APendingLoginAuthorizesNothingAndEndsAfterFiveWrongCodes) {
  WebSessionService sessions(t.context, WebSessionOptions{.cache_for = {}});
  ASSERT_OK_AND_ASSIGN(StartedSession pending, sessions.StartPending(t.therapist.actor));
  EXPECT_ERROR(sessions.Resume(pending.id), ErrorCode::kUnauthenticated);
  ASSERT_OK_AND_ASSIGN(Actor actor, sessions.ResumePending(pending.id));
  EXPECT_EQ(actor, t.therapist.actor);
  for (int i = 0; i < kMaxMfaCodeFailures; ++i)
    ASSERT_OK(sessions.RecordPendingFailure(pending.id));
  EXPECT_ERROR(sessions.ResumePending(pending.id), ErrorCode::kUnauthenticated);
  ASSERT_OK_AND_ASSIGN(StartedSession later, sessions.StartPending(t.therapist.actor));
  t.clock.Advance(kMfaLoginWindow + std::chrono::seconds(1));
  EXPECT_ERROR(sessions.ResumePending(later.id), ErrorCode::kUnauthenticated);
}

TEST_F(MfaTest, TheSessionsListShowsOwnSignedInSessionsAndRevokesByHandle) {
  WebSessionService sessions(t.context, WebSessionOptions{.cache_for = {}});
  ASSERT_OK_AND_ASSIGN(StartedSession first,
                       sessions.Start(t.therapist.actor, {"Firefox/128", "192.0.2.1"}));
  t.clock.Advance(std::chrono::seconds(5));
  ASSERT_OK_AND_ASSIGN(StartedSession second,
                       sessions.Start(t.therapist.actor, {std::string(400, 'u'), "192.0.2.2"}));
  ASSERT_TRUE(sessions.StartPending(t.therapist.actor).has_value());
  ASSERT_TRUE(sessions.Start(t.front_desk.actor).has_value());
  ASSERT_OK_AND_ASSIGN(std::vector<SessionView> listed,
                       sessions.ListSessions(t.therapist.actor, first.id));
  ASSERT_EQ(listed.size(), 2u);               // not the pending login, not another login's
  EXPECT_EQ(listed[0].address, "192.0.2.2");  // newest first
  EXPECT_EQ(listed[0].user_agent.size(), 300u);
  EXPECT_FALSE(listed[0].current);
  EXPECT_TRUE(listed[1].current);
  EXPECT_EQ(listed[1].user_agent, "Firefox/128");
  EXPECT_ERROR(sessions.Revoke(t.front_desk.actor, listed[0].handle, ""), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(bool was_current,
                       sessions.Revoke(t.therapist.actor, listed[0].handle, first.id));
  EXPECT_FALSE(was_current);
  EXPECT_ERROR(sessions.Resume(second.id), ErrorCode::kUnauthenticated);
  EXPECT_OK(sessions.Resume(first.id));
}

}  // namespace
}  // namespace backcare::app
