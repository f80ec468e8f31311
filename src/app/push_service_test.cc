// Web Push on the memory store with a fake clock and a fake push service: the clinic's keys, who
// may subscribe, the per-patient limit, gone subscriptions, and reminders pushed by the sweep
// once, beside or instead of the email. (The encryption itself: crypto/web_push_test.cc; the
// bytes on the wire, decrypted by an independent library: tests/web/push.test.mjs.)
#include "app/push_service.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/reminder_service.h"
#include "testing/app_testing.h"
#include "testing/fake_push_sender.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using backcare::testing::FakePushSender;
using std::chrono::hours;
using std::chrono::minutes;
using testing::Day;
using testing::TestClinic;

// RFC 8291 Appendix A's user agent keys: a real P-256 point and secret.
constexpr const char* kP256dh =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr const char* kAuth = "BTBZMqHH6r4Tts7J_aSIgg";
constexpr std::size_t kHeaderBytes = 16 + 4 + 1 + 65;  // salt, rs, idlen, keyid
constexpr std::size_t kTagBytes = 16;

clinic::PushSubscription Browser(PatientId patient, const std::string& name) {
  clinic::PushSubscription subscription;
  subscription.patient_id = patient;
  subscription.endpoint = "https://push.example/" + name;
  subscription.p256dh = kP256dh;
  subscription.auth = kAuth;
  return subscription;
}

TEST(PushServiceTest, SetupGivesTheClinicsKeyMadeWithTheClinic) {
  TestClinic t;
  FakePushSender fake;
  PushService push(t.context, &fake, "mailto:clinic@example.org");
  ASSERT_OK_AND_ASSIGN(PushSetup setup, push.Setup(t.patient, t.patient_1));
  EXPECT_TRUE(setup.available);
  EXPECT_EQ(setup.public_key.size(), clinic::kP256PublicKeyBase64Length);
  EXPECT_EQ(setup.public_key[0], 'B');
  {
    auto read = t.store->BeginReadOnly();
    ASSERT_TRUE(read.has_value());
    ASSERT_OK_AND_ASSIGN(std::optional<clinic::VapidKeys> keys, (*read)->GetVapidKeys(t.clinic_id));
    ASSERT_TRUE(keys.has_value()) << "made by clinic create";
    EXPECT_EQ(keys->public_key, setup.public_key);
  }
  ASSERT_OK_AND_ASSIGN(PushSetup again, push.Setup(t.front_desk, t.patient_1));
  EXPECT_EQ(again.public_key, setup.public_key);
  EXPECT_ERROR(push.Setup(t.patient2, t.patient_1), ErrorCode::kNotFound);

  PushService off(t.context, nullptr, "");
  ASSERT_OK_AND_ASSIGN(PushSetup unavailable, off.Setup(t.patient, t.patient_1));
  EXPECT_FALSE(unavailable.available);
  EXPECT_ERROR(off.Subscribe(t.patient, Browser(t.patient_1, "a")), ErrorCode::kFailedPrecondition);
}

TEST(PushServiceTest, OnlyThePatientSubscribesTheirOwnBrowser) {
  TestClinic t;
  FakePushSender fake;
  PushService push(t.context, &fake, "mailto:clinic@example.org");
  for (const RequestContext* staff : {&t.admin, &t.therapist, &t.front_desk}) {
    EXPECT_ERROR(push.Subscribe(*staff, Browser(t.patient_1, "a")), ErrorCode::kPermissionDenied);
  }
  EXPECT_ERROR(push.Subscribe(t.patient2, Browser(t.patient_1, "a")), ErrorCode::kNotFound);

  clinic::PushSubscription elsewhere = Browser(t.patient_1, "a");
  elsewhere.endpoint = "https://attacker.example/collect";
  auto refused = push.Subscribe(t.patient, elsewhere);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].path, "endpoint");

  ASSERT_OK_AND_ASSIGN(clinic::PushSubscription mine,
                       push.Subscribe(t.patient, Browser(t.patient_1, "a")));
  EXPECT_EQ(mine.clinic_id, t.clinic_id);
  ASSERT_OK_AND_ASSIGN(clinic::PushSubscription same,
                       push.Subscribe(t.patient, Browser(t.patient_1, "a")));
  EXPECT_EQ(same.id, mine.id) << "subscribing the same browser again keeps its id";
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::PushSubscription> listed,
                       push.List(t.therapist, t.patient_1));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].endpoint, "https://push.example/a");
  EXPECT_ERROR(push.List(t.patient2, t.patient_1), ErrorCode::kNotFound);

  // Staff remove a lost phone; another patient cannot.
  EXPECT_ERROR(push.Unsubscribe(t.patient2, t.patient_1, mine.id), ErrorCode::kNotFound);
  ASSERT_OK(push.Unsubscribe(t.front_desk, t.patient_1, mine.id));
  EXPECT_ERROR(push.Unsubscribe(t.patient, t.patient_1, mine.id), ErrorCode::kNotFound);
}

TEST(PushServiceTest, TheEleventhBrowserDropsTheOldest) {
  TestClinic t;
  FakePushSender fake;
  PushService push(t.context, &fake, "");
  for (int i = 0; i < clinic::kMaxPushSubscriptionsPerPatient + 1; ++i) {
    t.clock.Advance(minutes(1));
    ASSERT_OK(push.Subscribe(t.patient, Browser(t.patient_1, "phone-" + std::to_string(i))));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::PushSubscription> listed,
                       push.List(t.patient, t.patient_1));
  ASSERT_EQ(listed.size(), static_cast<std::size_t>(clinic::kMaxPushSubscriptionsPerPatient));
  EXPECT_EQ(listed.front().endpoint, "https://push.example/phone-1");
  EXPECT_EQ(listed.back().endpoint, "https://push.example/phone-10");
}

TEST(PushServiceTest, TheTestNotificationIsEncryptedSignedAndGoneSubscriptionsAreDeleted) {
  TestClinic t;
  FakePushSender fake;
  PushService push(t.context, &fake, "mailto:clinic@example.org");
  EXPECT_ERROR(push.SendTest(t.patient, t.patient_1), ErrorCode::kNotFound);  // none yet
  ASSERT_OK(push.Subscribe(t.patient, Browser(t.patient_1, "a")));
  ASSERT_OK(push.Subscribe(t.patient, Browser(t.patient_1, "b")));
  EXPECT_ERROR(push.SendTest(t.therapist, t.patient_1), ErrorCode::kPermissionDenied);

  ASSERT_OK_AND_ASSIGN(PushDelivery delivery, push.SendTest(t.patient, t.patient_1));
  EXPECT_EQ(delivery, (PushDelivery{2, 0, 0}));
  ASSERT_EQ(fake.sent.size(), 2u);
  ASSERT_OK_AND_ASSIGN(PushSetup setup, push.Setup(t.patient, t.patient_1));
  const PushText text = TestPush("Synthetic Clinic");
  for (const ports::PushMessage& message : fake.sent) {
    EXPECT_TRUE(message.authorization.starts_with("vapid t=")) << message.authorization;
    EXPECT_TRUE(message.authorization.ends_with(", k=" + setup.public_key))
        << message.authorization;
    // One aes128gcm record: the header, "title\nbody", the 0x02 delimiter and the tag.
    EXPECT_EQ(message.body.size(),
              kHeaderBytes + text.title.size() + 1 + text.body.size() + 1 + kTagBytes);
    EXPECT_EQ(message.body.find("Synthetic Clinic"), std::string::npos) << "encrypted";
    EXPECT_EQ(message.ttl_seconds, 3600);
  }
  EXPECT_NE(fake.sent[0].body.substr(0, 16), fake.sent[1].body.substr(0, 16)) << "a salt each";

  fake.answer = NotFound("push: the push service answered 410: subscription gone");
  ASSERT_OK_AND_ASSIGN(PushDelivery gone, push.SendTest(t.patient, t.patient_1));
  EXPECT_EQ(gone, (PushDelivery{0, 2, 0}));
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::PushSubscription> left,
                       push.List(t.patient, t.patient_1));
  EXPECT_TRUE(left.empty());
}

TEST(PushServiceTest, AFailingPushServiceKeepsTheSubscription) {
  TestClinic t;
  FakePushSender fake;
  PushService push(t.context, &fake, "");
  ASSERT_OK(push.Subscribe(t.patient, Browser(t.patient_1, "a")));
  fake.answer = Unavailable("push: the push service answered 503");
  ASSERT_OK_AND_ASSIGN(PushDelivery delivery, push.SendTest(t.patient, t.patient_1));
  EXPECT_EQ(delivery, (PushDelivery{0, 0, 1}));
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::PushSubscription> kept,
                       push.List(t.patient, t.patient_1));
  EXPECT_EQ(kept.size(), 1u);
}

// A screened patient_1 with a course from 2024-03-04 and every exercise assigned from then.
std::vector<clinic::Session> StartWithProgram(TestClinic& t) {
  t.ScreenClear(t.patient_1);
  auto course = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
  BACKCARE_CHECK(course.has_value());
  BACKCARE_CHECK(t.home.Assign(t.therapist, {t.patient_1, course->course_id, {}, Day(2024, 3, 4)})
                     .has_value());
  auto read = t.store->BeginReadOnly();
  BACKCARE_CHECK(read.has_value());
  auto sessions = (*read)->ListSessionsForPatient(t.clinic_id, t.patient_1);
  BACKCARE_CHECK(sessions.has_value());
  return *sessions;
}

TEST(PushReminderTest, AnAppointmentIsPushedOnceBesideTheEmail) {
  TestClinic t;
  const clinic::Session first = StartWithProgram(t).front();
  FakePushSender fake;
  PushService push(t.context, &fake, "mailto:clinic@example.org");
  ReminderService reminders(t.context, "https://clinic.example", &push);
  ReminderService other_server(t.context, "https://clinic.example", &push);
  ASSERT_OK(push.Subscribe(t.patient, Browser(t.patient_1, "a")));
  ASSERT_OK_AND_ASSIGN(clinic::PatientReminders mine, reminders.Get(t.patient, t.patient_1));
  mine.appointment_push = true;
  ASSERT_OK(reminders.Put(t.patient, mine));

  t.clock.Set(first.start - hours(24));
  ASSERT_OK_AND_ASSIGN(ReminderSweep sweep, reminders.Sweep());
  EXPECT_EQ(sweep.appointment_emails, 1);
  EXPECT_EQ(sweep.appointment_pushes, 1);
  ASSERT_EQ(fake.sent.size(), 1u);
  EXPECT_EQ(fake.sent[0].ttl_seconds, 24 * 3600) << "kept until the appointment starts";
  t.clock.Advance(minutes(1));
  ASSERT_OK_AND_ASSIGN(ReminderSweep again, reminders.Sweep());
  ASSERT_OK_AND_ASSIGN(ReminderSweep elsewhere, other_server.Sweep());
  EXPECT_EQ(again.appointment_pushes + elsewhere.appointment_pushes, 0);
  EXPECT_EQ(fake.sent.size(), 1u);
}

TEST(PushReminderTest, ANudgeByPushAloneNeedsNoEmailOrLinks) {
  TestClinic t;
  StartWithProgram(t);
  FakePushSender fake;
  PushService push(t.context, &fake, "");
  ReminderService reminders(t.context, "", &push);  // no public address: no email at all
  ASSERT_OK(push.Subscribe(t.patient, Browser(t.patient_1, "a")));
  clinic::PatientReminders mine;
  mine.patient_id = t.patient_1;
  mine.appointment_email = false;
  mine.nudge_push = true;
  mine.nudge_minutes = 18 * 60;
  ASSERT_OK(reminders.Put(t.patient, mine));

  t.clock.Set(testing::At(2024, 3, 5, 18, 0));
  ASSERT_OK_AND_ASSIGN(ReminderSweep due, reminders.Sweep());
  EXPECT_EQ(due, (ReminderSweep{0, 0, 0, 1, 0}));
  ASSERT_EQ(fake.sent.size(), 1u);
  EXPECT_EQ(fake.sent[0].ttl_seconds, 2 * 3600) << "until the nudge's window closes";

  // A push service that is down loses that day's nudge (at most once) and says so.
  fake.answer = Unavailable("push: the push service answered 503");
  t.clock.Set(testing::At(2024, 3, 6, 18, 0));
  ASSERT_OK_AND_ASSIGN(ReminderSweep failed, reminders.Sweep());
  EXPECT_EQ(failed, (ReminderSweep{0, 0, 0, 0, 1}));
  fake.answer = OkStatus();
  t.clock.Set(testing::At(2024, 3, 6, 18, 5));
  ASSERT_OK_AND_ASSIGN(ReminderSweep not_again, reminders.Sweep());
  EXPECT_EQ(not_again, ReminderSweep{});
  EXPECT_EQ(fake.sent.size(), 2u);

  // Without a subscription, the push choice alone reaches no one: no nudge is recorded.
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::PushSubscription> subscriptions,
                       push.List(t.patient, t.patient_1));
  ASSERT_OK(push.Unsubscribe(t.patient, t.patient_1, subscriptions.at(0).id));
  t.clock.Set(testing::At(2024, 3, 7, 18, 0));
  ASSERT_OK_AND_ASSIGN(ReminderSweep unreachable, reminders.Sweep());
  EXPECT_EQ(unreachable, ReminderSweep{});
}

}  // namespace
}  // namespace backcare::app
