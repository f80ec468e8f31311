// Reminders by email on the memory store with a fake clock: appointment reminders once per
// session start, daily nudges, settings and the one-click unsubscribe.
#include "app/reminder_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::Day;
using testing::TestClinic;

constexpr const char* kBase = "https://clinic.example/";

// A screened patient_1 with a course from 2024-03-04 and every exercise assigned from then.
void StartWithProgram(TestClinic& t) {
  t.ScreenClear(t.patient_1);
  auto course = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
  BACKCARE_CHECK(course.has_value());
  BACKCARE_CHECK(t.home.Assign(t.therapist, {t.patient_1, course->course_id, {}, Day(2024, 3, 4)})
                     .has_value());
}

// The clinic's appointment_reminder_hours, as its admin sets it.
void SetReminderHours(TestClinic& t, int reminder_hours) {
  NewClinic settings{"Synthetic Clinic", "Europe/London"};
  settings.appointment_reminder_hours = reminder_hours;
  BACKCARE_CHECK(t.clinics.UpdateClinic(t.admin, settings).has_value());
}

std::vector<clinic::Session> Booked(TestClinic& t, PatientId patient) {
  auto read = t.store->BeginReadOnly();
  BACKCARE_CHECK(read.has_value());
  auto sessions = (*read)->ListSessionsForPatient(t.clinic_id, patient);
  BACKCARE_CHECK(sessions.has_value());
  std::vector<clinic::Session> booked;
  for (const clinic::Session& s : *sessions) {
    if (s.status == clinic::SessionStatus::kBooked) booked.push_back(s);
  }
  return booked;
}

// Every email now in the outbox (claimed, so each is returned once).
std::vector<clinic::OutgoingEmail> TakeOutbox(TestClinic& t) {
  auto write = t.store->Begin();
  BACKCARE_CHECK(write.has_value());
  const clinic::Timestamp now = t.clock.Now();
  auto emails = (*write)->ClaimDueEmails(now + hours(24 * 365), now + hours(24 * 400), 100);
  BACKCARE_CHECK(emails.has_value());
  BACKCARE_CHECK((*write)->Commit().has_value());
  return *emails;
}

std::string TokenOf(const clinic::OutgoingEmail& email) {
  const std::string marker = "?token=";
  return email.list_unsubscribe.substr(email.list_unsubscribe.find(marker) + marker.size());
}

TEST(AppointmentReminderTest, OncePerSessionAcrossSweepsAndServers) {
  TestClinic t;
  StartWithProgram(t);
  const clinic::Session first = Booked(t, t.patient_1).front();
  ReminderService service(t.context, kBase);
  ReminderService other_server(t.context, kBase);

  t.clock.Set(first.start - hours(24) - minutes(1));  // 24 h + 1 min before: not yet
  ASSERT_OK_AND_ASSIGN(ReminderSweep early, service.Sweep());
  EXPECT_EQ(early.appointment_emails, 0);

  t.clock.Set(first.start - hours(24));  // exactly 24 h before: due
  ASSERT_OK_AND_ASSIGN(ReminderSweep sweep, service.Sweep());
  EXPECT_EQ(sweep.appointment_emails, 1);
  t.clock.Advance(minutes(1));
  ASSERT_OK_AND_ASSIGN(ReminderSweep again, service.Sweep());
  EXPECT_EQ(again.appointment_emails, 0);
  ASSERT_OK_AND_ASSIGN(ReminderSweep elsewhere, other_server.Sweep());
  EXPECT_EQ(elsewhere.appointment_emails, 0);

  std::vector<clinic::OutgoingEmail> emails = TakeOutbox(t);
  ASSERT_EQ(emails.size(), 1u);
  const clinic::OutgoingEmail& email = emails[0];
  EXPECT_EQ(email.recipient, "pat@example.org");  // no contact email: the portal login's
  EXPECT_EQ(email.deliver_by, first.start);
  EXPECT_TRUE(
      email.list_unsubscribe.starts_with("https://clinic.example/api/v1/unsubscribe?token="))
      << email.list_unsubscribe;
  EXPECT_NE(email.body.find("https://clinic.example/portal\n"), std::string::npos);
  EXPECT_NE(email.body.find("https://clinic.example/unsubscribe#token=" + TokenOf(email)),
            std::string::npos);
  EXPECT_NE(email.body.find("Hello Pat,"), std::string::npos);
  EXPECT_NE(email.body.find(clinic::FormatReminderTime(*t.zone, first.start)), std::string::npos);
}

TEST(AppointmentReminderTest, ARescheduledSessionIsRemindedForItsNewTimeACancelledOneNot) {
  TestClinic t;
  StartWithProgram(t);
  std::vector<clinic::Session> booked = Booked(t, t.patient_1);
  ASSERT_GE(booked.size(), 2u);
  clinic::Session moved = booked[0];
  SetReminderHours(t, 3);  // the window (now, now + 3 h] holds only the first session
  ReminderService service(t.context, kBase);
  t.clock.Set(moved.start - hours(2));
  ASSERT_OK_AND_ASSIGN(ReminderSweep sweep, service.Sweep());
  EXPECT_EQ(sweep.appointment_emails, 1);

  // Moved one hour later: a new start, a new reminder.
  moved.start += hours(1);
  moved.end += hours(1);
  {
    auto write = t.store->Begin();
    ASSERT_TRUE(write.has_value());
    ASSERT_OK((*write)->UpdateSession(t.clinic_id, moved));
    ASSERT_OK((*write)->Commit());
  }
  ASSERT_OK_AND_ASSIGN(ReminderSweep after_move, service.Sweep());
  EXPECT_EQ(after_move.appointment_emails, 1);

  // The next session, cancelled before its window opens, is never reminded.
  clinic::Session cancelled = booked[1];
  cancelled.status = clinic::SessionStatus::kCancelled;
  {
    auto write = t.store->Begin();
    ASSERT_TRUE(write.has_value());
    ASSERT_OK((*write)->UpdateSession(t.clinic_id, cancelled));
    ASSERT_OK((*write)->Commit());
  }
  t.clock.Set(cancelled.start - hours(1));
  ASSERT_OK_AND_ASSIGN(ReminderSweep none, service.Sweep());
  EXPECT_EQ(none.appointment_emails, 0);
}

TEST(AppointmentReminderTest, TheClinicAndThePatientCanSwitchThemOff) {
  TestClinic t;
  StartWithProgram(t);
  const clinic::Session first = Booked(t, t.patient_1).front();
  ReminderService service(t.context, kBase);
  ReminderService without_links(t.context, "");
  t.clock.Set(first.start - hours(1));
  ASSERT_OK_AND_ASSIGN(ReminderSweep unlinked, without_links.Sweep());
  EXPECT_EQ(unlinked, ReminderSweep{});

  ASSERT_OK(t.clinics.UpdateClinic(t.admin, [&] {
    NewClinic settings{"Synthetic Clinic", "Europe/London"};
    settings.appointment_reminder_hours = 0;
    return settings;
  }()));
  ASSERT_OK_AND_ASSIGN(ReminderSweep off, service.Sweep());
  EXPECT_EQ(off.appointment_emails, 0);

  ASSERT_OK(t.clinics.UpdateClinic(t.admin, [&] {
    NewClinic settings{"Synthetic Clinic", "Europe/London"};
    settings.appointment_reminder_hours = 2;
    return settings;
  }()));
  clinic::PatientReminders mine;
  mine.patient_id = t.patient_1;
  mine.appointment_email = false;
  ASSERT_OK(service.Put(t.patient, mine));
  ASSERT_OK_AND_ASSIGN(ReminderSweep declined, service.Sweep());
  EXPECT_EQ(declined.appointment_emails, 0);
  mine.appointment_email = true;
  ASSERT_OK(service.Put(t.patient, mine));
  ASSERT_OK_AND_ASSIGN(ReminderSweep on, service.Sweep());
  EXPECT_EQ(on.appointment_emails, 1);
}

TEST(ReminderSettingsTest, OwnPatientAndStaffOnlyValidated) {
  TestClinic t;
  ReminderService service(t.context, kBase);
  ASSERT_OK_AND_ASSIGN(clinic::PatientReminders defaults, service.Get(t.patient, t.patient_1));
  EXPECT_TRUE(defaults.appointment_email);
  EXPECT_FALSE(defaults.nudge_email);
  EXPECT_EQ(defaults.nudge_minutes, 18 * 60);

  clinic::PatientReminders changed = defaults;
  changed.nudge_email = true;
  changed.nudge_minutes = 7 * 60 + 30;
  ASSERT_OK(service.Put(t.front_desk, changed));
  for (const RequestContext* who : {&t.patient, &t.therapist, &t.front_desk, &t.admin}) {
    ASSERT_OK_AND_ASSIGN(clinic::PatientReminders read, service.Get(*who, t.patient_1));
    EXPECT_EQ(read, changed);
  }
  // Another patient's settings are "not found", to read and to write.
  EXPECT_ERROR(service.Get(t.patient2, t.patient_1), ErrorCode::kNotFound);
  EXPECT_ERROR(service.Put(t.patient2, changed), ErrorCode::kNotFound);

  changed.nudge_minutes = 24 * 60;
  Status bad = service.Put(t.patient, changed);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].path, "nudge_time");
}

TEST(NudgeTest, OncePerDayInItsWindowUnlessAnExerciseIsTicked) {
  TestClinic t;
  StartWithProgram(t);
  ReminderService service(t.context, kBase);
  clinic::PatientReminders mine;
  mine.patient_id = t.patient_1;
  mine.appointment_email = false;
  mine.nudge_email = true;
  mine.nudge_minutes = 18 * 60;  // Europe/London is UTC+0 in the test zone
  ASSERT_OK(service.Put(t.patient, mine));

  t.clock.Set(testing::At(2024, 3, 5, 17, 59));
  ASSERT_OK_AND_ASSIGN(ReminderSweep before, service.Sweep());
  EXPECT_EQ(before.nudge_emails, 0);
  t.clock.Set(testing::At(2024, 3, 5, 18, 0));
  ASSERT_OK_AND_ASSIGN(ReminderSweep due, service.Sweep());
  EXPECT_EQ(due.nudge_emails, 1);
  t.clock.Set(testing::At(2024, 3, 5, 19, 0));
  ASSERT_OK_AND_ASSIGN(ReminderSweep again, service.Sweep());
  EXPECT_EQ(again.nudge_emails, 0);
  std::vector<clinic::OutgoingEmail> emails = TakeOutbox(t);
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_NE(emails[0].body.find("reminder to do today's home exercises"), std::string::npos);
  EXPECT_EQ(emails[0].deliver_by, testing::At(2024, 3, 5, 20, 0));
  for (const char* exercise : {"sitting_posture", "bird_dog", "abdominal_bracing"}) {
    EXPECT_EQ(emails[0].body.find(exercise), std::string::npos) << exercise;
  }

  // The next day the patient ticked an exercise before 18:00: no nudge.
  t.clock.Set(testing::At(2024, 3, 6, 12, 0));
  LogAdherence tick;
  tick.patient_id = t.patient_1;
  tick.date = Day(2024, 3, 6);
  tick.exercise_id = "bird_dog";
  tick.completion = clinic::Completion::kDone;
  ASSERT_OK(t.home.Log(t.patient, tick));
  t.clock.Set(testing::At(2024, 3, 6, 18, 30));
  ASSERT_OK_AND_ASSIGN(ReminderSweep ticked, service.Sweep());
  EXPECT_EQ(ticked.nudge_emails, 0);

  // A server down through the evening does not nudge two hours after the time.
  t.clock.Set(testing::At(2024, 3, 7, 20, 0));
  ASSERT_OK_AND_ASSIGN(ReminderSweep late, service.Sweep());
  EXPECT_EQ(late.nudge_emails, 0);
}

TEST(UnsubscribeTest, SwitchesTheKindOffIsIdempotentAndEndsWhenSwitchedOnAgain) {
  TestClinic t;
  StartWithProgram(t);
  const clinic::Session first = Booked(t, t.patient_1).front();
  SetReminderHours(t, 3);
  ReminderService service(t.context, kBase);
  t.clock.Set(first.start - hours(3));
  ASSERT_OK_AND_ASSIGN(ReminderSweep sweep, service.Sweep());
  ASSERT_EQ(sweep.appointment_emails, 1);
  const std::string token = TokenOf(TakeOutbox(t).at(0));

  ASSERT_OK_AND_ASSIGN(UnsubscribeResult done, service.Unsubscribe(token, "198.51.100.7"));
  EXPECT_EQ(done.kind, clinic::ReminderKind::kAppointment);
  EXPECT_FALSE(done.already_used);
  ASSERT_OK_AND_ASSIGN(clinic::PatientReminders after, service.Get(t.patient, t.patient_1));
  EXPECT_FALSE(after.appointment_email);

  ASSERT_OK_AND_ASSIGN(UnsubscribeResult repeat, service.Unsubscribe(token, "198.51.100.7"));
  EXPECT_TRUE(repeat.already_used);
  EXPECT_ERROR(service.Unsubscribe("not-a-token", "198.51.100.7"), ErrorCode::kNotFound);
  EXPECT_ERROR(service.Unsubscribe("", "198.51.100.7"), ErrorCode::kNotFound);

  // Switched on again: the old link no longer switches anything off.
  after.appointment_email = true;
  ASSERT_OK(service.Put(t.patient, after));
  EXPECT_ERROR(service.Unsubscribe(token, "198.51.100.7"), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(clinic::PatientReminders on, service.Get(t.patient, t.patient_1));
  EXPECT_TRUE(on.appointment_email);
}

}  // namespace
}  // namespace backcare::app
