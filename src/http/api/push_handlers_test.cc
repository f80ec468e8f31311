// The push subscription routes and the reminders' push choices through ApiDispatcher::Handle
// (routing, session, CSRF, roles, JSON), over app::PushService with the real Web Push encryption
// and a fake ports::PushSender that records each message.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "app/audit_log.h"
#include "app/clinic_service.h"
#include "core/ports/push_sender.h"
#include "exchange/toml/protocol_toml.h"
#include "http/api/api_services.h"
#include "http/server/api_dispatcher.h"
#include "http/server/request_log.h"
#include "testing/app_testing.h"
#include "testing/fake_push_sender.h"
#include "testing/status_matchers.h"

namespace backcare::http {
namespace {

using app::testing::Day;
using backcare::testing::FakePushSender;

class PlainHasher final : public app::crypto::PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) override {
    return "plain:" + std::string(password);
  }
  bool Verify(std::string_view hash, std::string_view password) override {
    return hash == "plain:" + std::string(password);
  }
};

constexpr std::string_view kPassword = "correct horse battery";
// The browser's keys of RFC 8291 Appendix A: a real P-256 point and a 16-byte secret.
constexpr std::string_view kP256dh =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr std::string_view kAuth = "BTBZMqHH6r4Tts7J_aSIgg";

// A subscription body as PushSubscription.toJSON() gives it.
std::string SubscriptionBody(std::string_view endpoint, std::string_view p256dh = kP256dh,
                             std::string_view auth = kAuth) {
  return R"({"endpoint":")" + std::string(endpoint) + R"(","expirationTime":null,)" +
         R"("keys":{"p256dh":")" + std::string(p256dh) + R"(","auth":")" + std::string(auth) +
         R"("}})";
}

bool Has(const std::string& body, const std::string& part) {
  return body.find(part) != std::string::npos;
}

class PushRoutesTest : public ::testing::Test {
 protected:
  struct Login {
    std::string cookie;  // "backcare_session=..."
    std::string csrf;
  };

  PushRoutesTest() {
    clinic_id_ = *app::ClinicService(context_).CreateClinic({"Clinic A", "Europe/London"}, "test");
    const app::RequestContext system{app::SystemActor(clinic_id_), "test"};
    therapist_id_ =
        *app::ClinicService(context_).CreateTherapist(system, {"Dana", "Okafor", "T-1"});
    mine_ = *services_.patients.RegisterPatient(system, {"Pat", "One", Day(1980, 1, 2), "", ""});
    theirs_ = *services_.patients.RegisterPatient(system, {"Pam", "Two", Day(1975, 6, 7), "", ""});
    auto add = [&](const char* email, clinic::Role role, std::optional<TherapistId> therapist,
                   std::optional<PatientId> patient) {
      EXPECT_OK(services_.accounts.CreateUser(
          system, {email, email, role, std::string(kPassword), therapist, patient}));
    };
    add("dana@a.test", clinic::Role::kTherapist, therapist_id_, std::nullopt);
    add("pat@a.test", clinic::Role::kPatient, std::nullopt, mine_);
    add("pam@a.test", clinic::Role::kPatient, std::nullopt, theirs_);
    patient_ = LogIn("pat@a.test");
    other_patient_ = LogIn("pam@a.test");
    therapist_ = LogIn("dana@a.test");
  }

  static protocol::Protocol LoadProtocol() {
    Result<protocol::Protocol> loaded = exchange::LoadDefaultProtocol();
    BACKCARE_CHECK(loaded.has_value());
    return *loaded;
  }

  HttpResponse Send(ApiDispatcher& dispatcher, HttpMethod method, const Login* as, std::string path,
                    std::string body = "") {
    HttpRequest request;
    request.method = method;
    request.path = std::move(path);
    request.body = std::move(body);
    request.remote_address = "10.0.0.1";
    if (!request.body.empty()) request.SetHeader("Content-Type", "application/json");
    if (as != nullptr) {
      request.SetHeader("Cookie", as->cookie);
      request.SetHeader("X-CSRF-Token", as->csrf);
    }
    return dispatcher.Handle(request);
  }
  HttpResponse Send(HttpMethod method, const Login& as, std::string path, std::string body = "") {
    return Send(dispatcher_, method, &as, std::move(path), std::move(body));
  }

  Login LogIn(std::string_view email) {
    HttpResponse response = Send(dispatcher_, HttpMethod::kPost, nullptr, "/api/v1/login",
                                 R"({"email":")" + std::string(email) + R"(","password":")" +
                                     std::string(kPassword) + R"("})");
    EXPECT_EQ(response.status, 200) << response.body;
    std::string set_cookie(response.Header("Set-Cookie").value_or(""));
    const std::size_t start = response.body.find(R"("csrf_token":")") + 14;
    return {set_cookie.substr(0, set_cookie.find(';')),
            response.body.substr(start, response.body.find('"', start) - start)};
  }

  std::string Subscriptions(PatientId patient) const {
    return "/api/v1/patients/" + std::to_string(patient.value()) + "/push-subscriptions";
  }

  // Subscribes `endpoint` as the patient; the new subscription's id ("" when refused).
  std::string Subscribe(std::string_view endpoint) {
    HttpResponse created =
        Send(HttpMethod::kPost, patient_, Subscriptions(mine_), SubscriptionBody(endpoint));
    EXPECT_EQ(created.status, 201) << created.body;
    const std::size_t at = created.body.find(R"("id":)");
    if (created.status != 201 || at == std::string::npos) return "";
    return created.body.substr(at + 5, created.body.find_first_of(",}", at) - at - 5);
  }

  std::unique_ptr<store::Database> store_ = app::testing::NewTestStore();
  ports::FakeClock clock_{std::chrono::sys_days(std::chrono::year{2024} / 3 / 18)};
  app::ProtocolCatalog protocols_{&exchange::ParseProtocolToml, {LoadProtocol(), "", ""}};
  app::AuditLog audit_log_{*store_};
  app::AppContext context_{
      *store_, clock_, protocols_,
      [](std::string_view name) -> Result<std::shared_ptr<const ports::TimeZone>> {
        return std::make_shared<ports::FakeTimeZone>(std::string(name), std::chrono::minutes(0));
      },
      audit_log_};
  PlainHasher hasher_;
  FakePushSender sender_;
  api::ApiServices services_{context_, hasher_, {}, {}, nullptr, &sender_, "mailto:clinic@a.test"};
  std::ostringstream log_stream_;
  RequestLog log_{&log_stream_, &log_stream_};
  ApiDispatcher dispatcher_{services_, log_, DispatcherOptions{}};
  ClinicId clinic_id_;
  TherapistId therapist_id_;
  PatientId mine_;
  PatientId theirs_;
  Login patient_;
  Login other_patient_;
  Login therapist_;
};

// The clinic's VAPID public key: "public_key":"B..." with 87 characters; "" when absent.
std::string PublicKey(const std::string& body) {
  const std::string marker = R"("public_key":")";
  const std::size_t at = body.find(marker);
  if (at == std::string::npos) return "";
  const std::size_t start = at + marker.size();
  return body.substr(start, body.find('"', start) - start);
}

TEST_F(PushRoutesTest, SetupSaysWhetherTheServerSendsPushAndGivesTheClinicsKey) {
  HttpResponse with_sender = Send(HttpMethod::kGet, patient_, Subscriptions(mine_));
  ASSERT_EQ(with_sender.status, 200) << with_sender.body;
  const std::string key = PublicKey(with_sender.body);
  EXPECT_EQ(key.size(), 87u) << with_sender.body;
  EXPECT_TRUE(key.starts_with('B')) << key;
  EXPECT_EQ(with_sender.body,
            R"({"available":true,"public_key":")" + key + R"(","subscriptions":[]})");

  // The same clinic served without a sender: push unavailable, the key unchanged.
  api::ApiServices no_push(context_, hasher_);
  ApiDispatcher dispatcher(no_push, log_, DispatcherOptions{});
  HttpResponse without = Send(dispatcher, HttpMethod::kGet, &patient_, Subscriptions(mine_));
  ASSERT_EQ(without.status, 200) << without.body;
  EXPECT_EQ(without.body,
            R"({"available":false,"public_key":")" + key + R"(","subscriptions":[]})");
  HttpResponse refused = Send(dispatcher, HttpMethod::kPost, &patient_, Subscriptions(mine_),
                              SubscriptionBody("https://push.example/a"));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_TRUE(Has(refused.body, "push notifications are not available on this server"))
      << refused.body;
  EXPECT_EQ(Send(dispatcher, HttpMethod::kPost, &patient_, Subscriptions(mine_) + "/test").status,
            409);
  EXPECT_TRUE(sender_.sent.empty());
}

TEST_F(PushRoutesTest, APatientSubscribesAndTheSameBrowserAgainKeepsItsId) {
  HttpResponse created = Send(HttpMethod::kPost, patient_, Subscriptions(mine_),
                              SubscriptionBody("https://push.example/a"));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::size_t at = created.body.find(R"("id":)");
  ASSERT_NE(at, std::string::npos) << created.body;
  const std::string id = created.body.substr(at + 5, created.body.find('}', at) - at - 5);
  const std::string stored =
      R"({"created_at":"2024-03-18T00:00:00Z","endpoint":"https://push.example/a","id":)" + id +
      "}";
  EXPECT_EQ(created.body, stored);

  // The browser subscribing again (a page reload) keeps the row and its id.
  HttpResponse again = Send(HttpMethod::kPost, patient_, Subscriptions(mine_),
                            SubscriptionBody("https://push.example/a"));
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body, stored);

  HttpResponse listed = Send(HttpMethod::kGet, patient_, Subscriptions(mine_));
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(Has(listed.body, R"("subscriptions":[)" + stored + "]}")) << listed.body;
  // Staff see them too (and never the keys).
  HttpResponse as_staff = Send(HttpMethod::kGet, therapist_, Subscriptions(mine_));
  EXPECT_EQ(as_staff.status, 200);
  EXPECT_EQ(as_staff.body, listed.body);
  EXPECT_FALSE(Has(listed.body, std::string(kAuth))) << listed.body;
}

TEST_F(PushRoutesTest, BadSubscriptionsNameTheField) {
  struct Case {
    std::string body;
    int status;
    std::string field;  // {"message":...,"path":"<field>"} in the error body
  };
  const std::string good = "https://push.example/a";
  const std::vector<Case> cases = {
      {SubscriptionBody(good, kP256dh.substr(1)), 422, R"("path":"keys.p256dh")"},
      {SubscriptionBody(good, kP256dh, "BTBZMqHH6r4Tts7J_aSIgg=="), 422, R"("path":"keys.auth")"},
      {SubscriptionBody("https://evil.example/x"), 422,
       R"({"message":"not a push service this server sends to","path":"endpoint"})"},
      {SubscriptionBody("ftp://push.example/a"), 422, R"("path":"endpoint")"},
      // Missing or unknown fields: a malformed body (400), every field named.
      {R"({"keys":{"p256dh":"B","auth":"x"}})", 400, R"({"message":"required","path":"endpoint"})"},
      {R"({"endpoint":"https://push.example/a","keys":{}})", 400,
       R"({"message":"required","path":"keys.p256dh"},{"message":"required","path":"keys.auth"})"},
      {R"({"endpoint":"https://push.example/a"})", 400, R"({"message":"required","path":"keys"})"},
      {R"({"endpoint":"https://push.example/a","expirationTime":"soon","keys":{"p256dh":")" +
           std::string(kP256dh) + R"(","auth":")" + std::string(kAuth) + R"(","extra":1}})",
       400, R"("path":"expirationTime"},{"message":"unknown field","path":"keys.extra"})"},
  };
  for (const Case& c : cases) {
    HttpResponse response = Send(HttpMethod::kPost, patient_, Subscriptions(mine_), c.body);
    EXPECT_EQ(response.status, c.status) << c.body << "\n" << response.body;
    EXPECT_TRUE(Has(response.body, c.field)) << c.body << "\n" << response.body;
  }
  // A number is a valid expirationTime, and ignored.
  HttpResponse expiring = Send(
      HttpMethod::kPost, patient_, Subscriptions(mine_),
      R"({"endpoint":"https://push.example/e","expirationTime":1893456000000,"keys":{"p256dh":")" +
          std::string(kP256dh) + R"(","auth":")" + std::string(kAuth) + R"("}})");
  EXPECT_EQ(expiring.status, 201) << expiring.body;
}

TEST_F(PushRoutesTest, OnlyThePatientSubscribesAndOnlyThemself) {
  HttpResponse staff = Send(HttpMethod::kPost, therapist_, Subscriptions(mine_),
                            SubscriptionBody("https://push.example/a"));
  EXPECT_EQ(staff.status, 403) << staff.body;
  EXPECT_EQ(Send(HttpMethod::kPost, therapist_, Subscriptions(mine_) + "/test").status, 403);

  // Another patient's URL is not found, like an absent patient's.
  HttpResponse other = Send(HttpMethod::kPost, patient_, Subscriptions(theirs_),
                            SubscriptionBody("https://push.example/a"));
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(Send(HttpMethod::kGet, patient_, Subscriptions(theirs_)).status, 404);
  EXPECT_EQ(Send(HttpMethod::kPost, patient_, Subscriptions(theirs_) + "/test").status, 404);
  EXPECT_EQ(Send(HttpMethod::kGet, patient_, "/api/v1/patients/999/push-subscriptions").status,
            404);
  EXPECT_TRUE(Has(Send(HttpMethod::kGet, other_patient_, Subscriptions(theirs_)).body,
                  R"("subscriptions":[])"));
  EXPECT_TRUE(sender_.sent.empty());
}

TEST_F(PushRoutesTest, DeletingASubscription) {
  const std::string id = Subscribe("https://push.example/a");
  ASSERT_FALSE(id.empty());
  const std::string path = Subscriptions(mine_) + "/" + id;

  // Another patient cannot remove it, through their own URL or the owner's.
  EXPECT_EQ(Send(HttpMethod::kDelete, other_patient_, Subscriptions(theirs_) + "/" + id).status,
            404);
  EXPECT_EQ(Send(HttpMethod::kDelete, other_patient_, path).status, 404);
  EXPECT_EQ(Send(HttpMethod::kDelete, patient_, Subscriptions(mine_) + "/x").status, 404);

  HttpResponse deleted = Send(HttpMethod::kDelete, patient_, path);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(deleted.body, "");
  HttpResponse again = Send(HttpMethod::kDelete, patient_, path);
  EXPECT_EQ(again.status, 404);
  EXPECT_TRUE(Has(again.body, "push subscription " + id + " not found")) << again.body;
  EXPECT_TRUE(
      Has(Send(HttpMethod::kGet, patient_, Subscriptions(mine_)).body, R"("subscriptions":[])"));

  // Staff remove one for a lost phone.
  const std::string lost = Subscribe("https://push.example/lost");
  EXPECT_EQ(Send(HttpMethod::kDelete, therapist_, Subscriptions(mine_) + "/" + lost).status, 204);
}

TEST_F(PushRoutesTest, ATestNotificationGoesToEachSubscription) {
  HttpResponse none = Send(HttpMethod::kPost, patient_, Subscriptions(mine_) + "/test");
  EXPECT_EQ(none.status, 404) << none.body;
  EXPECT_TRUE(Has(none.body, "no push subscription")) << none.body;

  ASSERT_FALSE(Subscribe("https://push.example/a").empty());
  HttpResponse sent = Send(HttpMethod::kPost, patient_, Subscriptions(mine_) + "/test");
  EXPECT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.body, R"({"failed":0,"gone":0,"sent":1})");
  ASSERT_EQ(sender_.sent.size(), 1u);
  const ports::PushMessage& message = sender_.sent[0];
  EXPECT_EQ(message.endpoint, "https://push.example/a");
  EXPECT_TRUE(message.authorization.starts_with("vapid t=")) << message.authorization;
  // aes128gcm: an 86-byte header (salt, record size, key id length, the 65-byte key), then the
  // encrypted record.
  EXPECT_GT(message.body.size(), 86u);
  EXPECT_EQ(message.body.find("Notifications are on"), std::string::npos) << "encrypted";

  // A push service that cannot be reached: failed, the subscription kept.
  sender_.answer = Unavailable("push service unreachable");
  EXPECT_EQ(Send(HttpMethod::kPost, patient_, Subscriptions(mine_) + "/test").body,
            R"({"failed":1,"gone":0,"sent":0})");
  EXPECT_TRUE(Has(Send(HttpMethod::kGet, patient_, Subscriptions(mine_)).body,
                  R"("endpoint":"https://push.example/a")"));
}

TEST_F(PushRoutesTest, ASubscriptionThePushServiceSaysIsGoneIsDeleted) {
  ASSERT_FALSE(Subscribe("https://push.example/a").empty());
  sender_.answer = NotFound("push subscription gone");
  HttpResponse sent = Send(HttpMethod::kPost, patient_, Subscriptions(mine_) + "/test");
  EXPECT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.body, R"({"failed":0,"gone":1,"sent":0})");
  EXPECT_EQ(sender_.sent.size(), 1u);
  EXPECT_TRUE(
      Has(Send(HttpMethod::kGet, patient_, Subscriptions(mine_)).body, R"("subscriptions":[])"));
}

TEST_F(PushRoutesTest, RemindersCarryThePushChoices) {
  const std::string path = "/api/v1/patients/" + std::to_string(mine_.value()) + "/reminders";
  HttpResponse defaults = Send(HttpMethod::kGet, patient_, path);
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.body,
            R"({"appointment_email":true,"appointment_push":false,"nudge_email":false,)"
            R"("nudge_push":false,"nudge_time":"18:00"})");

  HttpResponse pushed =
      Send(HttpMethod::kPut, patient_, path,
           R"({"appointment_email":false,"nudge_email":false,"nudge_time":"19:30",)"
           R"("appointment_push":true,"nudge_push":true})");
  ASSERT_EQ(pushed.status, 200) << pushed.body;
  EXPECT_EQ(pushed.body,
            R"({"appointment_email":false,"appointment_push":true,"nudge_email":false,)"
            R"("nudge_push":true,"nudge_time":"19:30"})");
  EXPECT_EQ(Send(HttpMethod::kGet, therapist_, path).body, pushed.body);

  // Absent push choices are off (a PUT replaces every setting); a wrong type is a 400.
  HttpResponse without = Send(HttpMethod::kPut, patient_, path,
                              R"({"appointment_email":true,"nudge_email":false,)"
                              R"("nudge_time":"19:30"})");
  ASSERT_EQ(without.status, 200) << without.body;
  EXPECT_EQ(without.body,
            R"({"appointment_email":true,"appointment_push":false,"nudge_email":false,)"
            R"("nudge_push":false,"nudge_time":"19:30"})");
  HttpResponse wrong = Send(HttpMethod::kPut, patient_, path,
                            R"({"appointment_email":true,"nudge_email":false,)"
                            R"("nudge_time":"19:30","nudge_push":"yes"})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(Has(wrong.body, R"("path":"nudge_push")")) << wrong.body;
}

}  // namespace
}  // namespace backcare::http
