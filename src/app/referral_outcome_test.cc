// A screening adds to the patient's record and a referral closes only with its outcome (issue 20,
// "screening history and referral workflow"): an empty re-screen used to erase the findings, clear
// the red flag and drop an anticoagulated patient's restrictions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/alert_service.h"
#include "app/patient_service.h"
#include "app/schedule_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using std::chrono::minutes;
using testing::Day;
using testing::Rescreen;
using testing::TestClinic;

std::size_t ScreeningCount(TestClinic& t, PatientId patient) {
  auto history = t.patients.ListScreenings(t.therapist, patient);
  BACKCARE_CHECK(history.has_value());
  return history->size();
}

std::size_t OpenAlerts(TestClinic& t) {
  auto open = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kUnacknowledged);
  BACKCARE_CHECK(open.has_value());
  return open->size();
}

ReferralOutcomeRequest Clearance(PatientId patient, clinic::Date on, std::string source) {
  return {patient, {screening::ReferralOutcome::kCleared, on, std::move(source), ""}};
}

TEST(ReferralOutcomeTest, AnEmptyRescreenKeepsTheRedFlagAndTheRestrictions) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8, {"anticoagulants"});
  ASSERT_OK(Rescreen(t, t.patient_1, {{"bladder_or_bowel_dysfunction", std::nullopt}}));
  ASSERT_EQ(OpenAlerts(t), 1u);

  auto empty = Rescreen(t, t.patient_1, {});
  ASSERT_OK(empty);
  EXPECT_EQ(empty->decision, screening::Decision::kReferEmergency);
  EXPECT_FALSE(empty->allows_treatment);
  EXPECT_EQ(empty->findings,
            (std::vector<screening::Finding>{{"anticoagulants", std::nullopt},
                                             {"bladder_or_bowel_dysfunction", std::nullopt}}));
  EXPECT_FALSE(empty->restrictions.empty());
  EXPECT_TRUE(empty->alerts.empty());  // a carried red flag is not a new one
  ASSERT_ERROR(t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}),
               ErrorCode::kFailedPrecondition);
  ASSERT_ERROR(
      Rescreen(t, t.patient_1, {}, {{"bladder_or_bowel_dysfunction", "says it has settled"}}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(OpenAlerts(t), 1u);
}

TEST(ReferralOutcomeTest, AFindingIsResolvedOnlyExplicitlyWithWhoAndWhy) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8, {"anticoagulants"});
  auto kept = Rescreen(t, t.patient_1, {});
  ASSERT_OK(kept);
  EXPECT_EQ(kept->decision, screening::Decision::kModify);
  auto chart = t.patients.GetPatient(t.therapist, t.patient_1);
  ASSERT_OK(chart);
  ASSERT_TRUE(chart->clinical.has_value());
  EXPECT_FALSE(chart->clinical->restrictions.empty());

  const std::size_t before = ScreeningCount(t, t.patient_1);
  ASSERT_ERROR_AND_ASSIGN(Error bad, Rescreen(t, t.patient_1, {}, {{"anticoagulants", ""}}),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.fields.at(0).path, "resolved[0].reason");
  EXPECT_EQ(ScreeningCount(t, t.patient_1), before);  // nothing written

  auto resolved =
      Rescreen(t, t.patient_1, {}, {{"anticoagulants", "warfarin stopped by the GP in February"}});
  ASSERT_OK(resolved);
  EXPECT_EQ(resolved->decision, screening::Decision::kClear);
  EXPECT_TRUE(resolved->restrictions.empty());
  auto history = t.patients.ListScreenings(t.therapist, t.patient_1);
  ASSERT_OK(history);
  const clinic::ScreeningResult& last = history->back();
  EXPECT_TRUE(last.condition_ids.empty());
  EXPECT_EQ(last.resolved_ids, std::vector<std::string>{"anticoagulants"});
  EXPECT_EQ(last.note, "anticoagulants: warfarin stopped by the GP in February");
  EXPECT_EQ(last.screened_by, t.therapist.actor.user_id);
}

TEST(ReferralOutcomeTest, AnAreaIsKeptWithItsFinding) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8, {});
  ASSERT_OK(Rescreen(t, t.patient_1, {{"skin_lesion", "left flank"}}));
  auto again = Rescreen(t, t.patient_1, {{"anticoagulants", std::nullopt}});
  ASSERT_OK(again);
  EXPECT_EQ(again->findings, (std::vector<screening::Finding>{{"skin_lesion", "left flank"},
                                                              {"anticoagulants", std::nullopt}}));
  auto history = t.patients.ListScreenings(t.therapist, t.patient_1);
  ASSERT_OK(history);
  EXPECT_EQ(history->back().areas, (std::vector<std::string>{"left flank", ""}));
}

TEST(ReferralOutcomeTest, AClearanceLiftsTheSuspensionAndClosesTheRedFlag) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8, {"anticoagulants"});
  ASSERT_OK(t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  auto plan = t.schedule.PatientPlan(t.front_desk, t.patient_1);
  ASSERT_OK(plan);
  const ScheduleEntry first = plan->front();
  ASSERT_OK(Rescreen(t, t.patient_1, {{"suspected_dvt", std::nullopt}}));
  t.clock.Set(first.start + minutes{5});
  ASSERT_ERROR(t.schedule.MarkAttended(t.front_desk, first.session_id),
               ErrorCode::kFailedPrecondition);

  // Refused outcomes write nothing: no source, a date in the future, the wrong role.
  const std::size_t before = ScreeningCount(t, t.patient_1);
  const clinic::Date today = std::chrono::floor<std::chrono::days>(t.clock.Now());
  ASSERT_ERROR_AND_ASSIGN(
      Error no_source,
      t.patients.RecordReferralOutcome(t.therapist, Clearance(t.patient_1, today, "")),
      ErrorCode::kInvalidInput);
  EXPECT_EQ(no_source.fields.at(0).path, "source");
  const clinic::Date tomorrow{std::chrono::sys_days{today} + std::chrono::days{1}};
  ASSERT_ERROR(t.patients.RecordReferralOutcome(
                   t.therapist, Clearance(t.patient_1, tomorrow, "Vascular clinic")),
               ErrorCode::kInvalidInput);
  ASSERT_ERROR(t.patients.RecordReferralOutcome(t.front_desk,
                                                Clearance(t.patient_1, today, "Vascular clinic")),
               ErrorCode::kPermissionDenied);
  EXPECT_EQ(ScreeningCount(t, t.patient_1), before);
  EXPECT_EQ(OpenAlerts(t), 1u);

  auto cleared = t.patients.RecordReferralOutcome(
      t.therapist, Clearance(t.patient_1, today, "Vascular clinic, duplex scan negative"));
  ASSERT_OK(cleared);
  EXPECT_EQ(cleared->decision, screening::Decision::kModify);  // anticoagulants remain
  EXPECT_TRUE(cleared->allows_treatment);
  EXPECT_EQ(cleared->resolved_ids, std::vector<std::string>{"suspected_dvt"});
  EXPECT_EQ(cleared->acknowledged_alerts.size(), 1u);
  EXPECT_FALSE(cleared->discontinued_course.has_value());
  EXPECT_EQ(OpenAlerts(t), 0u);
  ASSERT_OK(t.schedule.MarkAttended(t.front_desk, first.session_id));

  auto history = t.patients.ListScreenings(t.therapist, t.patient_1);
  ASSERT_OK(history);
  const clinic::ScreeningResult& last = history->back();
  EXPECT_EQ(last.outcome, screening::ReferralOutcome::kCleared);
  EXPECT_EQ(last.cleared_on, today);
  EXPECT_EQ(last.clearance_source, "Vascular clinic, duplex scan negative");
  EXPECT_EQ(last.condition_ids, std::vector<std::string>{"anticoagulants"});
  // The referral is closed: a second outcome has nothing to close.
  ASSERT_ERROR(t.patients.RecordReferralOutcome(t.therapist,
                                                Clearance(t.patient_1, today, "Vascular clinic")),
               ErrorCode::kFailedPrecondition);
}

TEST(ReferralOutcomeTest, ADiscontinuationEndsTheCourseAndKeepsTheRedFlag) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  auto started = t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}});
  ASSERT_OK(started);
  ASSERT_OK(Rescreen(t, t.patient_1, {{"history_of_cancer", std::nullopt}}));
  ASSERT_ERROR_AND_ASSIGN(
      Error no_reason,
      t.patients.RecordReferralOutcome(
          t.therapist, {t.patient_1, {screening::ReferralOutcome::kDiscontinued, {}, "", ""}}),
      ErrorCode::kInvalidInput);
  EXPECT_EQ(no_reason.fields.at(0).path, "note");

  auto stopped = t.patients.RecordReferralOutcome(
      t.therapist,
      {t.patient_1, {screening::ReferralOutcome::kDiscontinued, {}, "", "oncology review first"}});
  ASSERT_OK(stopped);
  EXPECT_EQ(stopped->decision, screening::Decision::kMedicalReview);
  EXPECT_FALSE(stopped->allows_treatment);
  ASSERT_TRUE(stopped->discontinued_course.has_value());
  EXPECT_FALSE(stopped->cancelled_sessions.empty());
  EXPECT_EQ(OpenAlerts(t), 0u);
  auto courses = t.schedule.ListCourses(t.therapist, t.patient_1);
  ASSERT_OK(courses);
  EXPECT_EQ(courses->back().course.status, clinic::CourseStatus::kDiscontinued);
  auto plan = t.schedule.PatientPlan(t.front_desk, t.patient_1);
  ASSERT_OK(plan);
  for (const ScheduleEntry& entry : *plan) {
    EXPECT_EQ(entry.status, clinic::SessionStatus::kCancelled);
  }
  // The red flag stays on the record: a new course needs a clearance first.
  ASSERT_ERROR(t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 11), {}, {}}),
               ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace backcare::app
