// Authorization across the use cases: other clinics and other patients look exactly like missing
// records (kNotFound), roles outside an operation get kPermissionDenied with a fixed message, and
// front desk sees contact details without clinical fields.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "testing/app_testing.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::TestClinic;

TEST(AccessTest, PatientOfAnotherClinicIsNotFoundLikeAMissingOne) {
  TestClinic t;
  const ClinicId other = t.clinics.CreateClinic({"Other Clinic", "Europe/London"}, "test").value();
  const RequestContext other_desk{SystemActor(other), "test"};
  const PatientId foreign =
      t.patients.RegisterPatient(other_desk, {"Zed", "Zulu", Day(1970, 1, 1), "", ""}).value();

  auto foreign_read = t.patients.GetPatient(t.therapist, foreign);
  ASSERT_FALSE(foreign_read);
  EXPECT_EQ(foreign_read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(foreign_read.error().message,
            "patient " + std::to_string(foreign.value()) + " not found");

  auto missing = t.patients.GetPatient(t.therapist, PatientId{9999});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "patient 9999 not found");

  auto progress = t.progress.GetProgress(t.therapist, foreign);
  ASSERT_FALSE(progress);
  EXPECT_EQ(progress.error().code, ErrorCode::kNotFound);
}

TEST(AccessTest, PatientSeesOnlyTheirOwnRecords) {
  TestClinic t;
  ASSERT_TRUE(t.patients.GetPatient(t.patient, t.patient_1));
  const std::string expected = "patient " + std::to_string(t.patient_2.value()) + " not found";
  std::vector<std::pair<std::string, Error>> errors;
  auto record = [&](const std::string& name, auto result) {
    ASSERT_FALSE(result) << name;
    errors.emplace_back(name, result.error());
  };
  record("GetPatient", t.patients.GetPatient(t.patient, t.patient_2));
  record("GetProgress", t.progress.GetProgress(t.patient, t.patient_2));
  record("PatientPlan", t.schedule.PatientPlan(t.patient, t.patient_2));
  record("GetProgram", t.home.GetProgram(t.patient, t.patient_2));
  record("ListResponses", t.questionnaires.ListResponses(t.patient, t.patient_2));
  record("Submit", t.questionnaires.Submit(t.patient, {t.patient_2, {"nprs", {5}, ""}}));
  for (const auto& [name, error] : errors) {
    EXPECT_EQ(error.code, ErrorCode::kNotFound) << name;
    EXPECT_EQ(error.message, expected) << name;
  }
}

TEST(AccessTest, RolesOutsideAnOperationAreDenied) {
  TestClinic t;
  struct Case {
    std::string name;
    std::function<Status()> call;
    std::string message;
  };
  const PatientId p = t.patient_1;
  const std::vector<Case> cases = {
      {"front desk reads progress",
       [&] { return Status(t.progress.GetProgress(t.front_desk, p).error()); },
       "role 'front_desk' may not read progress"},
      {"front desk lists notes", [&] { return Status(t.notes.ListNotes(t.front_desk, p).error()); },
       "role 'front_desk' may not read session notes"},
      {"patient reads a note",
       [&] { return Status(t.notes.GetNote(t.patient, NoteId{1}).error()); },
       "role 'patient' may not read session notes"},
      {"front desk screens",
       [&] {
         return Status(t.patients.Intake(t.front_desk, {p, {}, {}}).error());
       },
       "role 'front_desk' may not screen patients"},
      {"admin drafts a note",
       [&] { return Status(t.notes.DraftNote(t.admin, SessionId{1}, {}).error()); },
       "role 'admin' may not write session notes"},
      {"therapist creates a user",
       [&] {
         return Status(
             t.accounts
                 .CreateUser(
                     t.therapist,
                     {"x@example.org", "x", clinic::Role::kAdmin, testing::kTestPassword, {}, {}})
                 .error());
       },
       "role 'therapist' may not create users"},
      {"patient lists patients", [&] { return Status(t.patients.ListPatients(t.patient).error()); },
       "role 'patient' may not list patients"},
      {"patient reads the schedule",
       [&] {
         return Status(t.schedule
                           .ScheduleView(t.patient, testing::TestNow(),
                                         testing::TestNow() + std::chrono::days{7}, {})
                           .error());
       },
       "role 'patient' may not read the schedule"},
      {"therapist logs adherence",
       [&] {
         return t.home.Log(t.therapist,
                           {p, Day(2024, 3, 4), "bird_dog", clinic::Completion::kDone, ""});
       },
       "role 'therapist' may not log home-program adherence"},
      {"front desk lists alerts",
       [&] { return Status(t.alerts.ListAlerts(t.front_desk, ports::AlertFilter::kAll).error()); },
       "role 'front_desk' may not read alerts"},
      {"front desk submits a questionnaire",
       [&] {
         return Status(t.questionnaires.Submit(t.front_desk, {p, {"nprs", {5}, ""}}).error());
       },
       "role 'front_desk' may not submit questionnaires"},
      {"patient starts a course",
       [&] {
         return Status(t.schedule.StartCourse(t.patient, {p, Day(2024, 3, 4), {}, {}}).error());
       },
       "role 'patient' may not start courses"},
      {"admin acknowledges an alert", [&] { return t.alerts.Acknowledge(t.admin, AlertId{1}); },
       "role 'admin' may not acknowledge alerts"},
      {"front desk changes settings",
       [&] {
         return t.clinics.UpdateClinic(t.front_desk, {"New", "Europe/London"});
       },
       "role 'front_desk' may not change clinic settings"},
  };
  for (const Case& c : cases) {
    const Status status = c.call();
    ASSERT_FALSE(status) << c.name;
    EXPECT_EQ(status.error().code, ErrorCode::kPermissionDenied) << c.name;
    EXPECT_EQ(status.error().message, c.message) << c.name;
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
  EXPECT_EQ(therapist->clinical->screening_decision, "clear");
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
