#include "mail/smtp_sender.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::mail {
namespace {

TEST(SmtpSenderTest, SettingsAreCheckedNamingTheField) {
  auto refused = NewSmtpSender({"http://mail.example", "not an address", "", ""});
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().fields.size(), 2u);
  EXPECT_EQ(refused.error().fields[0].path, "smtp_url");
  EXPECT_EQ(refused.error().fields[1].path, "smtp_from");
  EXPECT_OK(NewSmtpSender({"smtp://mail.example:587", "clinic@example.org", "", ""}));
  EXPECT_OK(NewSmtpSender({"smtps://mail.example", "clinic@example.org", "u", "p"}));
}

TEST(SmtpSenderTest, OnlyLoopbackHostsMayGoWithoutTls) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.3.2.1"));
  EXPECT_TRUE(IsLoopbackHost("[::1]"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_FALSE(IsLoopbackHost("128.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("mail.example"));
  EXPECT_FALSE(IsLoopbackHost("localhost.example"));
}

TEST(SmtpSenderTest, NoServerListeningIsRetryable) {
  // Port 9 (discard) on loopback: nothing listens there in the test environment.
  ASSERT_OK_AND_ASSIGN(auto sender, NewSmtpSender({"smtp://127.0.0.1:9", "clinic@example.org", "",
                                                   "", std::chrono::seconds(5)}));
  Status sent = sender->Send({"ada@example.org", "Hello", "Body\n", "outbox-1-1"});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable) << sent.error().ToString();
  EXPECT_EQ(sent.error().message.substr(0, 6), "smtp: ");
}

}  // namespace
}  // namespace backcare::mail
