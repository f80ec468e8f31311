#include "app/outbox_delivery.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/email_templates.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::TestClinic;

// Answers each Send with the next queued status (OK when the queue is empty) and keeps what it got.
class ScriptedSender final : public ports::MailSender {
 public:
  Status Send(const ports::MailMessage& message) override {
    sent.push_back(message);
    if (answers.empty()) return OkStatus();
    Status answer = answers.front();
    answers.pop_front();
    return answer;
  }
  std::deque<Status> answers;
  std::vector<ports::MailMessage> sent;
};

clinic::OutgoingEmail EmailOf(TestClinic& t, EmailId id) {
  auto transaction = t.store->BeginReadOnly().value();
  return transaction->GetEmail(id).value();
}

TEST(RetryDelayTest, DoublesFromThirtySecondsUpToAnHour) {
  EXPECT_EQ(RetryDelay(1), std::chrono::seconds(30));
  EXPECT_EQ(RetryDelay(2), std::chrono::seconds(60));
  EXPECT_EQ(RetryDelay(3), std::chrono::seconds(120));
  EXPECT_EQ(RetryDelay(7), std::chrono::seconds(1920));
  EXPECT_EQ(RetryDelay(8), std::chrono::seconds(3600));
  EXPECT_EQ(RetryDelay(50), std::chrono::seconds(3600));
}

TEST(AccessLinkEmailTest, CarriesTheLinkAndNoClinicalDetail) {
  const EmailText invite = AccessLinkEmail(clinic::AccessPurpose::kInvite, "Harbour Physio",
                                           "Ada Alpha", "https://c.example/set-password#token=abc",
                                           clinic::FromUnixMicros(1'767'225'600'000'000));
  EXPECT_EQ(invite.subject, "Your backcare invitation");
  EXPECT_EQ(invite.body.substr(0, 32), "Hello Ada Alpha,\n\nHarbour Physio");
  EXPECT_NE(invite.body.find("\nhttps://c.example/set-password#token=abc\n"), std::string::npos);
  EXPECT_NE(invite.body.find("until 2026-01-01T00:00:00Z (UTC)"), std::string::npos);
  const EmailText reset = AccessLinkEmail(clinic::AccessPurpose::kReset, "Harbour Physio", "",
                                          "https://c.example/x", clinic::Timestamp{});
  EXPECT_EQ(reset.subject, "Reset your backcare password");
  EXPECT_EQ(reset.body.substr(0, 8), "Hello,\n\n");
}

// An invitation made with a link base URL queues the email in the same transaction, and a round
// sends it; a temporary failure is retried after the backoff, a permanent one is given up.
TEST(OutboxDeliveryTest, AnInvitationIsQueuedThenSentRetriedOrGivenUp) {
  TestClinic t;
  AccountService mailing(t.context, t.hasher, "https://clinic.example/");
  ASSERT_OK_AND_ASSIGN(IssuedLink link, mailing.InviteUser(t.admin, {"cleo@example.org", "Cleo",
                                                                     clinic::Role::kFrontDesk,
                                                                     std::nullopt, std::nullopt}));
  EXPECT_TRUE(link.emailed);
  ASSERT_OK_AND_ASSIGN(IssuedLink quiet, t.accounts.CreatePasswordReset(t.admin, link.user_id));
  EXPECT_FALSE(quiet.emailed) << "without a base URL nothing is queued";

  ScriptedSender sender;
  sender.answers = {Unavailable("connection refused")};
  OutboxDelivery delivery(*t.store, t.clock, &sender);
  ASSERT_OK_AND_ASSIGN(DeliveryRound round, delivery.DeliverDue());
  EXPECT_EQ(round.retrying, 1);
  EXPECT_EQ(delivery.pending(), 1);
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(sender.sent[0].to, "cleo@example.org");
  EXPECT_EQ(sender.sent[0].subject, "Your backcare invitation");
  EXPECT_NE(sender.sent[0].body.find("https://clinic.example/set-password#token=" + link.token),
            std::string::npos);
  const EmailId id(std::stoll(sender.sent[0].message_id.substr(7)));
  clinic::OutgoingEmail stored = EmailOf(t, id);
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_EQ(stored.last_error, "connection refused");
  EXPECT_EQ(stored.next_attempt_at, t.clock.Now() + std::chrono::seconds(30));

  // Not due yet: nothing is sent. Due: sent, and the body (it holds the link) is erased.
  ASSERT_OK_AND_ASSIGN(round, delivery.DeliverDue());
  EXPECT_EQ(sender.sent.size(), 1u);
  t.clock.Advance(std::chrono::seconds(30));
  ASSERT_OK_AND_ASSIGN(round, delivery.DeliverDue());
  EXPECT_EQ(round.sent, 1);
  EXPECT_EQ(delivery.pending(), 0);
  stored = EmailOf(t, id);
  EXPECT_EQ(stored.status, clinic::EmailStatus::kSent);
  EXPECT_EQ(stored.body, "");
  EXPECT_EQ(sender.sent.size(), 2u);

  // A permanent refusal is not retried.
  ASSERT_OK_AND_ASSIGN(IssuedLink second, mailing.CreatePasswordReset(t.admin, link.user_id));
  EXPECT_TRUE(second.emailed);
  sender.answers = {FailedPrecondition("550 5.1.1 mailbox unavailable")};
  ASSERT_OK_AND_ASSIGN(round, delivery.DeliverDue());
  EXPECT_EQ(round.failed, 1);
  EXPECT_EQ(delivery.pending(), 0);
  t.clock.Advance(std::chrono::hours(2));
  ASSERT_OK_AND_ASSIGN(round, delivery.DeliverDue());
  EXPECT_EQ(sender.sent.size(), 3u);
}

TEST(OutboxDeliveryTest, AMessageNotSentBeforeItsLinkExpiresIsGivenUp) {
  TestClinic t;
  AccountService mailing(t.context, t.hasher, "https://clinic.example");
  ASSERT_OK(mailing.InviteUser(
      t.admin, {"cleo@example.org", "Cleo", clinic::Role::kFrontDesk, std::nullopt, std::nullopt}));
  OutboxDelivery without_server(*t.store, t.clock, nullptr);
  ASSERT_OK_AND_ASSIGN(DeliveryRound round, without_server.DeliverDue());
  EXPECT_EQ(round.sent + round.retrying + round.failed, 0);
  EXPECT_EQ(without_server.pending(), 1) << "no mail server: the message waits, counted";

  t.clock.Advance(kAccessLinkLifetime);
  ScriptedSender sender;
  OutboxDelivery delivery(*t.store, t.clock, &sender);
  ASSERT_OK_AND_ASSIGN(round, delivery.DeliverDue());
  EXPECT_EQ(round.failed, 1);
  EXPECT_TRUE(sender.sent.empty()) << "an expired link is not mailed";
  EXPECT_EQ(delivery.pending(), 0);
}

TEST(OutboxDeliveryTest, AForgottenPasswordIsEmailedOncePerQuarterHourAndOnlyToALogin) {
  TestClinic t;
  EXPECT_ERROR(t.accounts.RequestPasswordReset("ada@example.org", "x"),
               ErrorCode::kFailedPrecondition)
      << "without email settings the admin issues reset links";
  AccountService mailing(t.context, t.hasher, "https://clinic.example");
  ASSERT_OK(mailing.RequestPasswordReset("ada@example.org", "203.0.113.5"));
  ASSERT_OK(mailing.RequestPasswordReset("ada@example.org", "203.0.113.5"));  // throttled
  ASSERT_OK(mailing.RequestPasswordReset("nobody@example.org", "203.0.113.5"));
  ScriptedSender sender;
  OutboxDelivery delivery(*t.store, t.clock, &sender);
  ASSERT_OK(delivery.DeliverDue());
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(sender.sent[0].to, "ada@example.org");
  EXPECT_EQ(sender.sent[0].subject, "Reset your backcare password");

  // The emailed link sets a new password.
  const std::string marker = "https://clinic.example/set-password#token=";
  const std::string& body = sender.sent[0].body;
  const std::size_t at = body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string token = body.substr(at + marker.size(), 43);
  ASSERT_OK(mailing.SetPasswordWithLink(token, "violet harbour lamp", "x"));
  EXPECT_OK(mailing.Login({"ada@example.org", "violet harbour lamp", {}}, "x"));

  t.clock.Advance(kResetRequestInterval + std::chrono::minutes(1));
  ASSERT_OK(mailing.RequestPasswordReset("ada@example.org", "203.0.113.5"));
  ASSERT_OK(delivery.DeliverDue());
  EXPECT_EQ(sender.sent.size(), 2u) << "a quarter of an hour later another request is sent";
}

}  // namespace
}  // namespace backcare::app
