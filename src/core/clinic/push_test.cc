#include "core/clinic/push.h"

#include <gtest/gtest.h>

#include <string>

namespace backcare::clinic {
namespace {

// The browser's keys of RFC 8291 Appendix A (a real P-256 point and secret, as browsers send).
PushSubscription Valid() {
  PushSubscription subscription;
  subscription.endpoint = "https://fcm.googleapis.com/fcm/send/abc:def";
  subscription.p256dh =
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  subscription.auth = "BTBZMqHH6r4Tts7J_aSIgg";
  return subscription;
}

std::vector<std::string> BadFields(const PushSubscription& subscription) {
  Status status = ValidatePushSubscription(subscription);
  std::vector<std::string> paths;
  if (status) return paths;
  for (const FieldError& field : status.error().fields) paths.push_back(field.path);
  return paths;
}

TEST(PushSubscriptionTest, AcceptsWhatABrowserSends) {
  EXPECT_TRUE(ValidatePushSubscription(Valid()));
  PushSubscription local = Valid();
  local.endpoint = "http://127.0.0.1:8123/push/1";  // the sender decides on http
  EXPECT_TRUE(ValidatePushSubscription(local));
}

TEST(PushSubscriptionTest, NamesEachBadField) {
  PushSubscription bad = Valid();
  bad.endpoint = "ftp://example.org/x";
  bad.p256dh = Valid().p256dh.substr(1);  // 86 characters
  bad.auth = "BTBZMqHH6r4Tts7J_aSIgg==";  // padded
  EXPECT_EQ(BadFields(bad), (std::vector<std::string>{"endpoint", "keys.p256dh", "keys.auth"}));

  for (const char* endpoint : {"", "https://", "https:///path", "fcm.googleapis.com/x",
                               "https://user@host/x", "https://host/a b", "https://host/\x01"}) {
    PushSubscription one = Valid();
    one.endpoint = endpoint;
    EXPECT_EQ(BadFields(one), std::vector<std::string>{"endpoint"}) << endpoint;
  }
  PushSubscription long_endpoint = Valid();
  long_endpoint.endpoint = "https://h/" + std::string(kMaxPushEndpointLength, 'a');
  EXPECT_EQ(BadFields(long_endpoint), std::vector<std::string>{"endpoint"});

  PushSubscription compressed = Valid();
  compressed.p256dh[0] = 'A';  // not an uncompressed point (0x04...)
  EXPECT_EQ(BadFields(compressed), std::vector<std::string>{"keys.p256dh"});
  PushSubscription plus = Valid();
  plus.auth[3] = '+';  // base64, not base64url
  EXPECT_EQ(BadFields(plus), std::vector<std::string>{"keys.auth"});
}

TEST(UrlTest, HostAndOrigin) {
  EXPECT_EQ(UrlHost("https://FCM.googleapis.com/fcm/send/x"), "fcm.googleapis.com");
  EXPECT_EQ(UrlHost("http://127.0.0.1:8080/p?q"), "127.0.0.1");
  EXPECT_EQ(UrlHost("https://[::1]:9/p"), "::1");
  EXPECT_EQ(UrlHost("https://a@b/p"), "");
  EXPECT_EQ(UrlHost("mailto:x@y"), "");
  EXPECT_EQ(UrlOrigin("https://Updates.push.services.mozilla.com/wpush/v2/gAAA"),
            "https://updates.push.services.mozilla.com");
  EXPECT_EQ(UrlOrigin("http://127.0.0.1:8080/p?q#f"), "http://127.0.0.1:8080");
  EXPECT_EQ(UrlOrigin("https:///x"), "");
}

}  // namespace
}  // namespace backcare::clinic
