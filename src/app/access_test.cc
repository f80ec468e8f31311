// Authorization across the use cases: other clinics and other patients look exactly like missing
// records (kNotFound), roles outside an operation get kPermissionDenied with a fixed message, and
// front desk sees contact details without clinical fields.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using ::backcare::testing::Describe;
using testing::Day;
using testing::TestClinic;

TEST(AccessTest, PatientOfAnotherClinicIsNotFoundLikeAMissingOne) {
  TestClinic t;
  const ClinicId other = t.clinics.CreateClinic({"Other Clinic", "Europe/London"}, "test").value();
  const RequestContext other_desk{SystemActor(other), "test"};
  const PatientId foreign =
      t.patients.RegisterPatient(other_desk, {"Zed", "Zulu", Day(1970, 1, 1), "", ""}).value();

  ASSERT_ERROR_AND_ASSIGN(Error foreign_read, t.patients.GetPatient(t.therapist, foreign),
                          ErrorCode::kNotFound);
  EXPECT_EQ(foreign_read.message, "patient " + std::to_string(foreign.value()) + " not found");

  ASSERT_ERROR_AND_ASSIGN(Error missing, t.patients.GetPatient(t.therapist, PatientId{9999}),
                          ErrorCode::kNotFound);
  EXPECT_EQ(missing.message, "patient 9999 not found");

  ASSERT_ERROR(t.progress.GetProgress(t.therapist, foreign), ErrorCode::kNotFound);
}

TEST(AccessTest, PatientSeesOnlyTheirOwnRecords) {
  TestClinic t;
  ASSERT_TRUE(t.patients.GetPatient(t.patient, t.patient_1));
  const std::string expected = "patient " + std::to_string(t.patient_2.value()) + " not found";
  auto expect_not_found = [&](const std::string& name, auto result) {
    SCOPED_TRACE(name);
    ASSERT_ERROR_AND_ASSIGN(Error error, std::move(result), ErrorCode::kNotFound);
    EXPECT_EQ(error.message, expected);
  };
  expect_not_found("GetPatient", t.patients.GetPatient(t.patient, t.patient_2));
  expect_not_found("GetProgress", t.progress.GetProgress(t.patient, t.patient_2));
  expect_not_found("PatientPlan", t.schedule.PatientPlan(t.patient, t.patient_2));
  expect_not_found("GetProgram", t.home.GetProgram(t.patient, t.patient_2));
  expect_not_found("ListResponses", t.questionnaires.ListResponses(t.patient, t.patient_2));
  expect_not_found("Submit", t.questionnaires.Submit(t.patient, {t.patient_2, {"nprs", {5}, ""}}));
}

TEST(AccessTest, RolesOutsideAnOperationAreDenied) {
  TestClinic t;
  struct Case {
    std::string name;
    std::function<std::string()> outcome;  // Describe(result)
    std::string message;
  };
  const PatientId p = t.patient_1;
  const std::vector<Case> cases = {
      {"front desk reads progress",
       [&] { return Describe(t.progress.GetProgress(t.front_desk, p)); },
       "role 'front_desk' may not read progress"},
      {"front desk lists notes", [&] { return Describe(t.notes.ListNotes(t.front_desk, p)); },
       "role 'front_desk' may not read session notes"},
      {"patient reads a note", [&] { return Describe(t.notes.GetNote(t.patient, NoteId{1})); },
       "role 'patient' may not read session notes"},
      {"front desk screens",
       [&] {
         return Describe(t.patients.Intake(t.front_desk, {p, {}, {}}));
       },
       "role 'front_desk' may not screen patients"},
      {"admin drafts a note",
       [&] { return Describe(t.notes.DraftNote(t.admin, SessionId{1}, {})); },
       "role 'admin' may not write session notes"},
      {"therapist creates a user",
       [&] {
         return Describe(t.accounts.CreateUser(
             t.therapist,
             {"x@example.org", "x", clinic::Role::kAdmin, testing::kTestPassword, {}, {}}));
       },
       "role 'therapist' may not create users"},
      {"patient lists patients", [&] { return Describe(t.patients.ListPatients(t.patient)); },
       "role 'patient' may not list patients"},
      {"patient reads the schedule",
       [&] {
         return Describe(t.schedule.ScheduleView(t.patient, testing::TestNow(),
                                                 testing::TestNow() + std::chrono::days{7}, {}));
       },
       "role 'patient' may not read the schedule"},
      {"therapist logs adherence",
       [&] {
         return Describe(t.home.Log(
             t.therapist, {p, Day(2024, 3, 4), "bird_dog", clinic::Completion::kDone, ""}));
       },
       "role 'therapist' may not log home-program adherence"},
      {"front desk lists alerts",
       [&] { return Describe(t.alerts.ListAlerts(t.front_desk, ports::AlertFilter::kAll)); },
       "role 'front_desk' may not read alerts"},
      {"front desk submits a questionnaire",
       [&] {
         return Describe(t.questionnaires.Submit(t.front_desk, {p, {"nprs", {5}, ""}}));
       },
       "role 'front_desk' may not submit questionnaires"},
      {"patient starts a course",
       [&] {
         return Describe(t.schedule.StartCourse(t.patient, {p, Day(2024, 3, 4), {}, {}}));
       },
       "role 'patient' may not start courses"},
      {"admin acknowledges an alert",
       [&] { return Describe(t.alerts.Acknowledge(t.admin, AlertId{1})); },
       "role 'admin' may not acknowledge alerts"},
      {"front desk changes settings",
       [&] {
         return Describe(t.clinics.UpdateClinic(t.front_desk, {"New", "Europe/London"}));
       },
       "role 'front_desk' may not change clinic settings"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.outcome(), "permission_denied: " + c.message) << c.name;
  }
}

TEST(AccessTest, FrontDeskSeesContactDetailsButNoClinicalSummary) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 7);
  auto desk = t.patients.GetPatient(t.front_desk, t.patient_1);
  ASSERT_TRUE(desk);
  EXPECT_EQ(desk->patient.family_name, "One");
  EXPECT_FALSE(desk->clinical.has_value());

  auto therapist = t.patients.GetPatient(t.therapist, t.patient_1);
  ASSERT_TRUE(therapist);
  ASSERT_TRUE(therapist->clinical.has_value());
  EXPECT_EQ(therapist->clinical->screening_decision, screening::Decision::kClear);
  EXPECT_EQ(therapist->clinical->latest_nprs, 7.0);

  auto listed = t.patients.ListPatients(t.front_desk);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  for (const PatientView& view : *listed) {
    EXPECT_FALSE(view.clinical.has_value());
  }
}

}  // namespace
}  // namespace backcare::app
