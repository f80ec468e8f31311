// An open referral suspends the patient's sessions (issue 20, "screening history and referral
// workflow"): re-screened refer_emergency mid-course, a booked session was still attended, noted
// and signed. Each refusal writes nothing; the sessions stay booked.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/note_service.h"
#include "app/schedule_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using std::chrono::minutes;
using testing::Day;
using testing::MinimalNote;
using testing::PlanOf;
using testing::Rescreen;
using testing::TestClinic;

void ExpectSuspended(const Error& error, const std::string& subject, const std::string& action) {
  EXPECT_EQ(error.message.rfind(subject + " is suspended and cannot " + action + ": patient ", 0),
            0u)
      << error.message;
  EXPECT_NE(error.message.find("has an open referral (screening "), std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find("decided 'refer_emergency') until its outcome is recorded (medical "
                               "clearance or discontinuation)"),
            std::string::npos)
      << error.message;
}

TEST(ReferralHoldTest, AnEmergencyReferralSuspendsAttendMissAndNotes) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  ASSERT_OK(t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  const std::vector<ScheduleEntry> plan = PlanOf(t, t.patient_1);
  ASSERT_GE(plan.size(), 2u);
  const ScheduleEntry& first = plan[0];
  const ScheduleEntry& second = plan[1];
  t.clock.Set(second.start + minutes{5});
  ASSERT_OK(t.schedule.MarkAttended(t.front_desk, first.session_id));
  auto drafted = t.notes.DraftNote(t.therapist, first.session_id, MinimalNote());
  ASSERT_OK(drafted);

  BACKCARE_CHECK(
      Rescreen(t, t.patient_1, {{"bladder_or_bowel_dysfunction", std::nullopt}}).has_value());

  const std::string first_label = "session " + std::to_string(first.session_id.value());
  const std::string second_label = "session " + std::to_string(second.session_id.value());
  ASSERT_ERROR_AND_ASSIGN(Error attend, t.schedule.MarkAttended(t.therapist, second.session_id),
                          ErrorCode::kFailedPrecondition);
  ExpectSuspended(attend, second_label, "be marked attended");
  ASSERT_ERROR_AND_ASSIGN(Error miss, t.schedule.MarkMissed(t.therapist, second.session_id),
                          ErrorCode::kFailedPrecondition);
  ExpectSuspended(miss, second_label, "be marked missed");
  // Front desk may not see screening results: told only that it is not available.
  ASSERT_ERROR_AND_ASSIGN(Error desk, t.schedule.MarkAttended(t.front_desk, second.session_id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(desk.message, second_label +
                              " cannot be marked attended: not available for this patient now; a "
                              "therapist can say why");
  ASSERT_ERROR_AND_ASSIGN(Error draft,
                          t.notes.DraftNote(t.therapist, second.session_id, MinimalNote()),
                          ErrorCode::kFailedPrecondition);
  ExpectSuspended(draft, second_label, "have a note drafted");
  ASSERT_ERROR_AND_ASSIGN(Error edit, t.notes.UpdateDraft(t.therapist, *drafted, MinimalNote()),
                          ErrorCode::kFailedPrecondition);
  ExpectSuspended(edit, first_label, "have its note edited");
  ASSERT_ERROR_AND_ASSIGN(Error sign, t.notes.SignNote(t.therapist, *drafted),
                          ErrorCode::kFailedPrecondition);
  ExpectSuspended(sign, first_label, "have its note signed");

  // Nothing was written: the booked sessions stay booked (suspended, not deleted), the note
  // stays a draft, and no note exists for the second session.
  const std::vector<ScheduleEntry> after = PlanOf(t, t.patient_1);
  ASSERT_EQ(after.size(), plan.size());
  EXPECT_EQ(after[0].status, clinic::SessionStatus::kAttended);
  for (std::size_t i = 1; i < after.size(); ++i) {
    EXPECT_EQ(after[i].status, clinic::SessionStatus::kBooked);
  }
  auto note = t.notes.GetNote(t.therapist, *drafted);
  ASSERT_OK(note);
  EXPECT_FALSE(note->note.signed_at.has_value());
  ASSERT_ERROR(t.notes.NoteForSession(t.therapist, second.session_id), ErrorCode::kNotFound);
}

// Every screening is kept and can be read back: who screened, when, what was found.
TEST(ReferralHoldTest, EveryScreeningIsKeptInTheHistory) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8, {"radiating_leg_pain"});
  t.clock.Set(t.clock.Now() + std::chrono::hours{24});
  BACKCARE_CHECK(
      Rescreen(t, t.patient_1, {{"bladder_or_bowel_dysfunction", std::nullopt}}).has_value());
  auto history = t.patients.ListScreenings(t.therapist, t.patient_1);
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].condition_ids, std::vector<std::string>{"radiating_leg_pain"});
  EXPECT_EQ((*history)[0].decision, screening::Decision::kClear);
  // The re-screen keeps the earlier finding and adds the new one.
  EXPECT_EQ((*history)[1].condition_ids,
            (std::vector<std::string>{"radiating_leg_pain", "bladder_or_bowel_dysfunction"}));
  EXPECT_EQ((*history)[1].decision, screening::Decision::kReferEmergency);
  EXPECT_EQ((*history)[1].screened_by, t.therapist.actor.user_id);
  EXPECT_LT((*history)[0].screened_at, (*history)[1].screened_at);
  ASSERT_OK(t.patients.ListScreenings(t.patient, t.patient_1));
  ASSERT_ERROR(t.patients.ListScreenings(t.patient, t.patient_2), ErrorCode::kNotFound);
  ASSERT_ERROR(t.patients.ListScreenings(t.front_desk, t.patient_1), ErrorCode::kPermissionDenied);
}

// The critical alert of a referral was acknowledged by a click while the referral stayed open.
TEST(ReferralHoldTest, TheRedFlagOfAnOpenReferralIsNotAcknowledgedByAClick) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  IntakeRequest intake;
  intake.patient_id = t.patient_1;
  intake.findings = {{"bladder_or_bowel_dysfunction", std::nullopt}};
  auto flagged = t.patients.Intake(t.therapist, intake);
  ASSERT_OK(flagged);
  ASSERT_EQ(flagged->alerts.size(), 1u);
  const AlertId alert = flagged->alerts[0];
  ASSERT_ERROR_AND_ASSIGN(Error refused, t.alerts.Acknowledge(t.therapist, alert),
                          ErrorCode::kFailedPrecondition);
  ExpectSuspended(refused, "red_flag alert " + std::to_string(alert.value()), "be acknowledged");
  auto open = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kUnacknowledged);
  ASSERT_OK(open);
  EXPECT_EQ(open->size(), 1u);
  // An empty re-screen does not close it either; recording the referral's outcome does.
  t.ScreenClear(t.patient_1);
  ASSERT_ERROR(t.alerts.Acknowledge(t.therapist, alert), ErrorCode::kFailedPrecondition);
  auto cleared = t.patients.RecordReferralOutcome(
      t.therapist,
      {t.patient_1,
       {screening::ReferralOutcome::kCleared, std::chrono::floor<std::chrono::days>(t.clock.Now()),
        "Emergency department", "MRI normal"}});
  ASSERT_OK(cleared);
  EXPECT_EQ(cleared->acknowledged_alerts, std::vector<AlertId>{alert});
  open = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kUnacknowledged);
  ASSERT_OK(open);
  EXPECT_TRUE(open->empty());
}

TEST(ReferralHoldTest, AModifyDecisionDoesNotSuspend) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8, {"anticoagulants"});
  ASSERT_OK(t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  const ScheduleEntry first = PlanOf(t, t.patient_1).front();
  t.clock.Set(first.start + minutes{5});
  ASSERT_OK(t.schedule.MarkAttended(t.front_desk, first.session_id));
  auto drafted = t.notes.DraftNote(t.therapist, first.session_id, MinimalNote());
  ASSERT_OK(drafted);
  ASSERT_OK(t.notes.SignNote(t.therapist, *drafted));
}

}  // namespace
}  // namespace backcare::app
