// Contract for the browser-session and failed-login methods of ports::Transaction on every
// backend: create, find, touch and delete sessions (one, or every session of a user), failures
// listed by key from a time on, cleared by key, and pruning by age; plus the store-level refusals.
// Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using std::chrono::minutes;

clinic::Timestamp At(int minute) {
  return clinic::FromUnixMicros(1'767'225'600'000'000) + minutes(minute);
}

clinic::WebSession Session(char digit, ClinicId clinic_id, UserId user_id, int minute) {
  return {std::string(64, digit),
          clinic_id,
          user_id,
          At(minute),
          At(minute),
          clinic::SessionStage::kSignedIn,
          "Mozilla/5.0 (test)",
          "192.0.2.7"};
}

template <typename Backend>
class WebSessionContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(WebSessionContractTest, AllBackends, BackendNames);

TYPED_TEST(WebSessionContractTest, SessionsAreCreatedFoundTouchedAndDeleted) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSERT_OK_AND_ASSIGN(ClinicId south, tx->CreateClinic({ClinicId(), "South", "Europe/Berlin"}));
  clinic::User user;
  user.email = "desk@example.test";
  user.role = clinic::Role::kFrontDesk;
  ASSERT_OK_AND_ASSIGN(UserId desk, tx->CreateUser(north, user));
  user.email = "admin@example.test";
  user.role = clinic::Role::kAdmin;
  ASSERT_OK_AND_ASSIGN(UserId admin, tx->CreateUser(north, user));

  ASSERT_OK(tx->CreateWebSession(Session('a', north, desk, 0)));
  ASSERT_OK(tx->CreateWebSession(Session('b', north, desk, 5)));
  ASSERT_OK(tx->CreateWebSession(Session('c', north, admin, 10)));
  EXPECT_ERROR(tx->CreateWebSession(Session('a', north, admin, 0)), ErrorCode::kConflict);
  // The user must be in the session's clinic.
  EXPECT_ERROR(tx->CreateWebSession(Session('d', south, desk, 0)), ErrorCode::kNotFound);
  clinic::WebSession bad = Session('e', north, desk, 0);
  bad.id_hash = "ABC";
  EXPECT_ERROR(tx->CreateWebSession(bad), ErrorCode::kInvalidInput);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::WebSession found, read->FindWebSession(std::string(64, 'b')));
  EXPECT_EQ(found, Session('b', north, desk, 5));
  EXPECT_ERROR(read->FindWebSession(std::string(64, 'f')), ErrorCode::kNotFound);
  EXPECT_ERROR(read->DeleteWebSession(std::string(64, 'a')), ErrorCode::kFailedPrecondition);
  read.reset();

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->TouchWebSession(std::string(64, 'a'), At(20)));
  ASSERT_OK(tx->TouchWebSession(std::string(64, 'f'), At(20)));  // gone: not an error
  ASSERT_OK(tx->DeleteWebSession(std::string(64, 'c')));
  ASSERT_OK(tx->DeleteWebSession(std::string(64, 'c')));  // again: not an error
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(found, read->FindWebSession(std::string(64, 'a')));
  EXPECT_EQ(found.last_seen_at, At(20));
  EXPECT_EQ(found.created_at, At(0));
  EXPECT_ERROR(read->FindWebSession(std::string(64, 'c')), ErrorCode::kNotFound);
  read.reset();

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->CreateWebSession(Session('c', north, admin, 30)));
  ASSERT_OK(tx->DeleteUserWebSessions(north, desk));
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(read, db.store->BeginReadOnly());
  EXPECT_ERROR(read->FindWebSession(std::string(64, 'a')), ErrorCode::kNotFound);
  EXPECT_ERROR(read->FindWebSession(std::string(64, 'b')), ErrorCode::kNotFound);
  EXPECT_OK(read->FindWebSession(std::string(64, 'c')));
}

TYPED_TEST(WebSessionContractTest, AUsersSessionsAreListedNewestFirstWithStageAndOrigin) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  clinic::User user;
  user.email = "desk@example.test";
  ASSERT_OK_AND_ASSIGN(UserId desk, tx->CreateUser(north, user));
  user.email = "other@example.test";
  ASSERT_OK_AND_ASSIGN(UserId other, tx->CreateUser(north, user));
  ASSERT_OK(tx->CreateWebSession(Session('a', north, desk, 0)));
  clinic::WebSession pending = Session('b', north, desk, 5);
  pending.stage = clinic::SessionStage::kMfaPending;
  pending.user_agent = "Ünïcode agent";
  ASSERT_OK(tx->CreateWebSession(pending));
  ASSERT_OK(tx->CreateWebSession(Session('c', north, other, 10)));
  clinic::WebSession long_agent = Session('d', north, desk, 1);
  long_agent.user_agent = std::string(301, 'x');
  EXPECT_ERROR(tx->CreateWebSession(long_agent), ErrorCode::kInvalidInput);
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::WebSession> listed,
                       read->ListUserWebSessions(north, desk));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0], pending);
  EXPECT_EQ(listed[1], Session('a', north, desk, 0));
}

TYPED_TEST(WebSessionContractTest, RecoveryCodesAreReplacedUsedOnceAndCounted) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSERT_OK_AND_ASSIGN(ClinicId south, tx->CreateClinic({ClinicId(), "South", "Europe/Berlin"}));
  clinic::User user;
  user.email = "admin@example.test";
  user.role = clinic::Role::kAdmin;
  ASSERT_OK_AND_ASSIGN(UserId admin, tx->CreateUser(north, user));
  const std::vector<std::string> codes = {std::string(64, '1'), std::string(64, '2'),
                                          std::string(64, '3')};
  ASSERT_OK(tx->ReplaceRecoveryCodes(north, admin, codes));
  EXPECT_ERROR(tx->ReplaceRecoveryCodes(south, admin, codes), ErrorCode::kNotFound);
  EXPECT_ERROR(tx->ReplaceRecoveryCodes(north, admin, {std::string(64, '1'), std::string(64, '1')}),
               ErrorCode::kInvalidInput);
  EXPECT_ERROR(tx->ReplaceRecoveryCodes(north, admin, {"short"}), ErrorCode::kInvalidInput);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->UseRecoveryCode(north, admin, codes[1], At(1)));
  EXPECT_ERROR(tx->UseRecoveryCode(north, admin, codes[1], At(2)), ErrorCode::kNotFound);
  EXPECT_ERROR(tx->UseRecoveryCode(south, admin, codes[0], At(2)), ErrorCode::kNotFound);
  EXPECT_ERROR(tx->UseRecoveryCode(north, admin, std::string(64, '9'), At(2)),
               ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(int left, tx->CountRecoveryCodes(north, admin));
  EXPECT_EQ(left, 2);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->ReplaceRecoveryCodes(north, admin, {std::string(64, '4')}));
  EXPECT_ERROR(tx->UseRecoveryCode(north, admin, codes[0], At(3)), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(left, tx->CountRecoveryCodes(north, admin));
  EXPECT_EQ(left, 1);
  ASSERT_OK(tx->ReplaceRecoveryCodes(north, admin, {}));
  ASSERT_OK_AND_ASSIGN(left, tx->CountRecoveryCodes(north, admin));
  EXPECT_EQ(left, 0);
  ASSERT_OK(tx->Commit());
}

TYPED_TEST(WebSessionContractTest, ATotpStepIsClaimedOnceAndUpdateUserLeavesItAlone) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  clinic::User user;
  user.email = "admin@example.test";
  user.role = clinic::Role::kAdmin;
  user.totp_secret = "JBSWY3DPEHPK3PXP";
  user.totp_enabled_at = At(0);
  user.password_change_required = true;
  ASSERT_OK_AND_ASSIGN(user.id, tx->CreateUser(north, user));
  ASSERT_OK(tx->ClaimTotpStep(north, user.id, 100));
  ASSERT_ERROR_AND_ASSIGN(Error used, tx->ClaimTotpStep(north, user.id, 100), ErrorCode::kConflict);
  EXPECT_EQ(used.message, "the code was used already");
  EXPECT_ERROR(tx->ClaimTotpStep(north, user.id, 99), ErrorCode::kConflict);
  EXPECT_ERROR(tx->ClaimTotpStep(north, UserId(999), 101), ErrorCode::kNotFound);
  // An update made from a copy read before the claim does not undo it.
  user.display_name = "Renamed";
  ASSERT_OK(tx->UpdateUser(north, user));
  EXPECT_ERROR(tx->ClaimTotpStep(north, user.id, 100), ErrorCode::kConflict);
  ASSERT_OK(tx->ClaimTotpStep(north, user.id, 101));
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::User stored, read->GetUser(north, user.id));
  EXPECT_EQ(stored.totp_last_step, 101);
  EXPECT_EQ(stored.totp_secret, "JBSWY3DPEHPK3PXP");
  EXPECT_EQ(stored.totp_enabled_at, At(0));
  EXPECT_TRUE(stored.password_change_required);
  EXPECT_EQ(stored.display_name, "Renamed");
}

TYPED_TEST(WebSessionContractTest, FailuresAreListedByKeyClearedAndPrunedWithOldSessions) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  clinic::User user;
  user.email = "desk@example.test";
  ASSERT_OK_AND_ASSIGN(UserId desk, tx->CreateUser(north, user));
  ASSERT_OK(tx->CreateWebSession(Session('a', north, desk, 0)));
  ASSERT_OK(tx->CreateWebSession(Session('b', north, desk, 40)));
  ASSERT_OK(tx->AddLoginFailure("account:a@x.test", At(3)));
  ASSERT_OK(tx->AddLoginFailure("account:a@x.test", At(1)));
  ASSERT_OK(tx->AddLoginFailure("account:a@x.test", At(2)));
  ASSERT_OK(tx->AddLoginFailure("address:10.0.0.1", At(2)));
  EXPECT_ERROR(tx->AddLoginFailure("", At(2)), ErrorCode::kInvalidInput);
  EXPECT_ERROR(tx->AddLoginFailure(std::string(401, 'k'), At(2)), ErrorCode::kInvalidInput);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto failures, read->ListLoginFailures("account:a@x.test", At(2)));
  EXPECT_EQ(failures, (std::vector<clinic::Timestamp>{At(2), At(3)}));
  ASSERT_OK_AND_ASSIGN(failures, read->ListLoginFailures("account:b@x.test", At(0)));
  EXPECT_TRUE(failures.empty());
  read.reset();

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->ClearLoginFailures("account:a@x.test"));
  ASSERT_OK(tx->PruneLogins(At(30), At(3)));
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(failures, read->ListLoginFailures("account:a@x.test", At(0)));
  EXPECT_TRUE(failures.empty());
  ASSERT_OK_AND_ASSIGN(failures, read->ListLoginFailures("address:10.0.0.1", At(0)));
  EXPECT_TRUE(failures.empty()) << "a failure before the cut-off is pruned";
  EXPECT_ERROR(read->FindWebSession(std::string(64, 'a')), ErrorCode::kNotFound);
  EXPECT_OK(read->FindWebSession(std::string(64, 'b')));
}

TYPED_TEST(WebSessionContractTest, ATokenUserKeepsItsOwnerInTheClinic) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSERT_OK_AND_ASSIGN(ClinicId south, tx->CreateClinic({ClinicId(), "South", "Europe/Berlin"}));
  clinic::User user;
  user.email = "admin@example.test";
  user.role = clinic::Role::kAdmin;
  ASSERT_OK_AND_ASSIGN(UserId admin, tx->CreateUser(north, user));
  ASSERT_OK_AND_ASSIGN(UserId other, tx->CreateUser(south, user));
  clinic::User token = user;
  token.email = "api-token:" + std::string(64, '0');
  token.owner_id = admin;
  ASSERT_OK_AND_ASSIGN(UserId token_id, tx->CreateUser(north, token));
  token.email = "api-token:" + std::string(64, '1');
  token.owner_id = other;
  EXPECT_ERROR(tx->CreateUser(north, token), ErrorCode::kNotFound);
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::User stored, read->GetUser(north, token_id));
  EXPECT_EQ(stored.owner_id, admin);
}

}  // namespace
}  // namespace backcare::store::testing
