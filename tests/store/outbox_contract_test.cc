// Contract for the email outbox methods of ports::Transaction on every backend: messages are
// enqueued (recipient, subject and deadline checked), claimed when due with a lease that hides
// them from a second claim, and recorded as sent (body erased), pending again or failed; the
// pending count follows. Test data is synthetic.
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

clinic::OutgoingEmail Email(const std::string& to, int due_minute) {
  clinic::OutgoingEmail email;
  email.recipient = to;
  email.subject = "Your invitation";
  email.body = "Set your password: https://clinic.example/set-password#token=abc\n";
  email.created_at = At(0);
  email.deliver_by = At(72 * 60);
  email.next_attempt_at = At(due_minute);
  return email;
}

template <typename Backend>
class OutboxContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(OutboxContractTest, AllBackends, BackendNames);

TYPED_TEST(OutboxContractTest, MessagesAreClaimedWhenDueAndRecordedOnce) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSERT_OK_AND_ASSIGN(EmailId first, tx->EnqueueEmail(north, Email("a@example.test", 0)));
  ASSERT_OK_AND_ASSIGN(EmailId second, tx->EnqueueEmail(north, Email("b@example.test", 5)));
  ASSERT_OK_AND_ASSIGN(EmailId later, tx->EnqueueEmail(north, Email("c@example.test", 60)));
  EXPECT_ERROR(tx->EnqueueEmail(ClinicId(999), Email("d@example.test", 0)), ErrorCode::kNotFound);
  clinic::OutgoingEmail bad = Email("x@example.test\r\nBcc: all@example.test", 0);
  bad.subject = "Hi\nthere";
  bad.deliver_by = bad.created_at;
  Result<EmailId> refused = tx->EnqueueEmail(north, bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.error().fields.size(), 3u) << refused.error().ToString();
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(std::int64_t pending, read->CountPendingEmails());
  EXPECT_EQ(pending, 3);
  ASSERT_OK_AND_ASSIGN(clinic::OutgoingEmail stored, read->GetEmail(first));
  clinic::OutgoingEmail expected = Email("a@example.test", 0);
  expected.id = first;
  expected.clinic_id = north;
  EXPECT_EQ(stored, expected);
  EXPECT_ERROR(read->GetEmail(EmailId(987654)), ErrorCode::kNotFound);
  read.reset();

  // At minute 10 two are due, oldest first; a second claim inside the lease finds none.
  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(auto claimed, tx->ClaimDueEmails(At(10), At(12), 10));
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].id, first);
  EXPECT_EQ(claimed[1].id, second);
  EXPECT_EQ(claimed[0].next_attempt_at, At(12));
  ASSERT_OK_AND_ASSIGN(auto again, tx->ClaimDueEmails(At(11), At(13), 10));
  EXPECT_TRUE(again.empty());
  ASSERT_OK(tx->RecordEmailAttempt(first, clinic::EmailStatus::kSent, At(11), At(11), ""));
  ASSERT_OK(tx->RecordEmailAttempt(second, clinic::EmailStatus::kPending, At(11), At(20),
                                   "connection refused"));
  EXPECT_ERROR(
      tx->RecordEmailAttempt(EmailId(987654), clinic::EmailStatus::kSent, At(11), At(11), ""),
      ErrorCode::kNotFound);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(stored, read->GetEmail(first));
  EXPECT_EQ(stored.status, clinic::EmailStatus::kSent);
  EXPECT_EQ(stored.sent_at, At(11));
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_EQ(stored.body, "") << "a sent message's body (it may hold a link) is erased";
  ASSERT_OK_AND_ASSIGN(stored, read->GetEmail(second));
  EXPECT_EQ(stored.status, clinic::EmailStatus::kPending);
  EXPECT_EQ(stored.last_error, "connection refused");
  EXPECT_EQ(stored.next_attempt_at, At(20));
  EXPECT_FALSE(stored.sent_at);
  EXPECT_NE(stored.body, "");
  ASSERT_OK_AND_ASSIGN(pending, read->CountPendingEmails());
  EXPECT_EQ(pending, 2);
  EXPECT_ERROR(read->ClaimDueEmails(At(30), At(31), 10), ErrorCode::kFailedPrecondition);
  read.reset();

  // The limit holds; a failed message is never claimed again.
  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(claimed, tx->ClaimDueEmails(At(90), At(91), 1));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, second);
  ASSERT_OK(tx->RecordEmailAttempt(second, clinic::EmailStatus::kFailed, At(90), At(90),
                                   "550 no such user"));
  ASSERT_OK_AND_ASSIGN(claimed, tx->ClaimDueEmails(At(120), At(121), 10));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, later);
  ASSERT_OK(tx->Commit());
}

}  // namespace
}  // namespace backcare::store::testing
