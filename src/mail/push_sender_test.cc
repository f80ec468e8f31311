#include "mail/push_sender.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::mail {
namespace {

std::unique_ptr<ports::PushSender> Sender(std::vector<std::string> hosts) {
  auto sender = NewPushSender({std::move(hosts), std::chrono::seconds(5)});
  EXPECT_TRUE(sender) << sender.error().ToString();
  return sender ? std::move(*sender) : nullptr;
}

TEST(PushSenderTest, SendsOnlyToTheAllowedPushServices) {
  auto sender = Sender(DefaultPushHosts());
  EXPECT_TRUE(sender->Accepts("https://fcm.googleapis.com/fcm/send/dXk:APA91"));
  EXPECT_TRUE(sender->Accepts("https://FCM.googleapis.com/fcm/send/x"));
  EXPECT_TRUE(sender->Accepts("https://updates.push.services.mozilla.com/wpush/v2/gAAAA"));
  EXPECT_TRUE(sender->Accepts("https://wns2-par02p.notify.windows.com/w/?token=x"));
  EXPECT_TRUE(sender->Accepts("https://web.push.apple.com/QGu1"));
  // Not a listed host, or only a look-alike of one.
  EXPECT_FALSE(sender->Accepts("https://push.apple.com/x"));  // the domain itself is not listed
  EXPECT_FALSE(sender->Accepts("https://evilpush.apple.com.example/x"));
  EXPECT_FALSE(sender->Accepts("https://fcm.googleapis.com.evil.example/x"));
  EXPECT_FALSE(sender->Accepts("https://127.0.0.1/x"));
  EXPECT_FALSE(sender->Accepts("https://169.254.169.254/latest/meta-data"));
  // Only https to a real push service.
  EXPECT_FALSE(sender->Accepts("http://fcm.googleapis.com/fcm/send/x"));
  EXPECT_FALSE(sender->Accepts("ftp://fcm.googleapis.com/x"));
  EXPECT_FALSE(sender->Accepts("not a url"));
}

TEST(PushSenderTest, PlainHttpOnlyForAnAllowedLoopbackHost) {
  auto sender = Sender({"127.0.0.1", "::1", "push.example"});
  EXPECT_TRUE(sender->Accepts("http://127.0.0.1:8123/push/1"));
  EXPECT_TRUE(sender->Accepts("http://[::1]:8123/push/1"));
  EXPECT_TRUE(sender->Accepts("https://push.example/p"));
  EXPECT_FALSE(sender->Accepts("http://push.example/p"));
  EXPECT_FALSE(sender->Accepts("http://127.0.0.2:8123/push/1"));  // loopback, but not listed
  EXPECT_FALSE(sender->Accepts("http://localhost:8123/push/1"));
}

TEST(PushSenderTest, SettingsAreCheckedNamingTheField) {
  auto refused = NewPushSender({{"fcm.googleapis.com", "evil.example/path"}});
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].path, "push_hosts");
  EXPECT_FALSE(NewPushSender({{""}}));
}

TEST(PushSenderTest, RefusedEndpointsAndUnreachableServices) {
  auto sender = Sender({"127.0.0.1"});
  ports::PushMessage message;
  message.endpoint = "https://fcm.googleapis.com/fcm/send/x";  // not allowed by this sender
  message.authorization = "vapid t=x, k=y";
  message.body = std::string("\x01\x02\x00\x03", 4);
  message.ttl_seconds = 60;
  Status refused = sender->Send(message);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition) << refused.error().ToString();
  // Port 9 (discard) on loopback: nothing listens there in the test environment.
  message.endpoint = "http://127.0.0.1:9/push/1";
  Status unreachable = sender->Send(message);
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable) << unreachable.error().ToString();
  EXPECT_EQ(unreachable.error().message.substr(0, 6), "push: ");
}

}  // namespace
}  // namespace backcare::mail
