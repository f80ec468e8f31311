// Intake, questionnaires, progress, the home program and the alerts they raise.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/instrument/plain_language.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::TestClinic;

// A patient's technique restrictions were returned only once, in the intake response; they are
// part of every read of the patient now (issue 20).
TEST(IntakeTest, ThePatientsRestrictionsAreReadWithThePatient) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8, {"osteoporosis"});
  auto view = t.patients.GetPatient(t.therapist, t.patient_1);
  ASSERT_OK(view);
  ASSERT_TRUE(view->clinical.has_value());
  const std::vector<screening::TechniqueRestriction>& restrictions = view->clinical->restrictions;
  ASSERT_FALSE(restrictions.empty());
  for (const screening::TechniqueRestriction& restriction : restrictions) {
    EXPECT_EQ(restriction.condition, "osteoporosis");
  }
  EXPECT_NE(std::find_if(restrictions.begin(), restrictions.end(),
                         [](const screening::TechniqueRestriction& r) {
                           return r.technique_id == "muscle_stripping" &&
                                  r.action == protocol::PrecautionAction::kDisable;
                         }),
            restrictions.end());
  auto listed = t.patients.ListPatients(t.therapist);
  ASSERT_OK(listed);
  for (const PatientView& other : *listed) {
    ASSERT_TRUE(other.clinical.has_value());
    EXPECT_EQ(other.clinical->restrictions.size(),
              other.patient.id == t.patient_1 ? restrictions.size() : 0u);
  }
}

TEST(IntakeTest, ScreensScoresBaselineAndRaisesARedFlagOnce) {
  TestClinic t;
  IntakeRequest intake;
  intake.patient_id = t.patient_1;
  intake.findings = {{"radiating_leg_pain", std::nullopt}};
  intake.baseline = {{"nprs", {8}, ""}, {"odi", {3, 2, 2, 3, 1, 2, 3, 2, std::nullopt, 2}, ""}};
  auto result = t.patients.Intake(t.therapist, intake);
  ASSERT_OK(result);
  EXPECT_EQ(result->decision, screening::Decision::kClear);
  EXPECT_TRUE(result->allows_treatment);
  EXPECT_EQ(result->tracked_signs, std::vector<std::string>{"radiating_leg_pain"});
  ASSERT_EQ(result->responses.size(), 2u);
  EXPECT_EQ(result->responses[0].score, 8.0);
  EXPECT_EQ(result->responses[0].checkpoint_id, "baseline");
  EXPECT_EQ(result->responses[1].score, 44.44);  // 20 of 45 over 9 answered sections
  EXPECT_EQ(result->responses[1].band, "severe");
  EXPECT_TRUE(result->alerts.empty());

  intake.findings.push_back({"history_of_cancer", std::nullopt});
  intake.baseline.clear();
  auto flagged = t.patients.Intake(t.therapist, intake);
  ASSERT_TRUE(flagged);
  EXPECT_EQ(flagged->decision, screening::Decision::kMedicalReview);
  EXPECT_FALSE(flagged->allows_treatment);
  ASSERT_EQ(flagged->alerts.size(), 1u);
  // The same red flag at the next screening is not new: no second alert.
  auto again = t.patients.Intake(t.therapist, intake);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->alerts.empty());
  auto alerts = t.alerts.ListAlerts(t.admin, ports::AlertFilter::kAll);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().kind, "red_flag");
  EXPECT_EQ(alerts->front().severity, clinic::AlertSeverity::kCritical);
}

TEST(IntakeTest, AFailureAfterWritesKeepsNothing) {
  TestClinic t;
  IntakeRequest intake;
  intake.patient_id = t.patient_1;
  intake.findings = {{"suspected_dvt", std::nullopt}};
  intake.baseline = {{"nprs", {8}, ""}, {"odi", {9}, ""}};  // the ODI fails after two writes
  ASSERT_ERROR_AND_ASSIGN(Error result, t.patients.Intake(t.therapist, intake),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(result.fields.size(), 1u);
  EXPECT_EQ(result.fields[0].path, "baseline[1].answers");
  EXPECT_EQ(result.fields[0].message, "odi: expected 10 answers, got 1");
  auto transaction = t.store->BeginReadOnly().value();
  EXPECT_TRUE(transaction->ListScreeningResults(t.clinic_id, t.patient_1)->empty());
  EXPECT_TRUE(transaction->ListResponses(t.clinic_id, t.patient_1)->empty());
  EXPECT_TRUE(transaction->ListAlerts(t.clinic_id, ports::AlertFilter::kAll)->empty());
}

TEST(IntakeTest, InvalidFindingsAndInstrumentsNameTheirFields) {
  TestClinic t;
  ASSERT_ERROR_AND_ASSIGN(
      Error findings, t.patients.Intake(t.therapist, {t.patient_1, {{"xyz", std::nullopt}}, {}}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(findings.fields.size(), 1u);
  EXPECT_EQ(findings.fields[0].path, "findings[0].condition");

  ASSERT_ERROR_AND_ASSIGN(Error instrument,
                          t.questionnaires.Submit(t.patient, {t.patient_1, {"sf36", {1}, ""}}),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(instrument.fields.size(), 1u);
  EXPECT_EQ(instrument.fields[0].path, "questionnaire.instrument");
  EXPECT_EQ(instrument.fields[0].message,
            "unknown instrument; expected nprs, odi, rmdq, peg or startback");
}

TEST(ProgressTest, TooLittleReliefAfterTheCheckpointIsOffTrackAndRaisesOneAlert) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8);
  ASSERT_TRUE(t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  t.clock.Advance(std::chrono::weeks{2});
  auto on_track = t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {6}, ""}});
  ASSERT_TRUE(on_track);  // week 2.05: 25 % against 15.38-25.63 %
  t.clock.Advance(std::chrono::weeks{3});
  ASSERT_TRUE(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {7}, ""}}));
  ASSERT_TRUE(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {7}, ""}}));

  auto report = t.progress.GetProgress(t.therapist, t.patient_1);
  ASSERT_OK(report);
  EXPECT_EQ(report->baseline_nprs, 8.0);
  ASSERT_EQ(report->points.size(), 3u);
  EXPECT_EQ(report->points[0].status, "on_track");
  EXPECT_EQ(report->points[0].week, 2.05);  // two weeks after 08:00 on the start date
  EXPECT_EQ(report->points[0].reduction_percent, 25.0);
  EXPECT_EQ(report->points[0].expected_min_percent, 15.38);  // 30 % * 2.05 / 4
  EXPECT_EQ(report->points[1].reduction_percent, 12.5);
  EXPECT_EQ(report->status, "off_track");
  // The patient reads the same report in plain words, never the labels (#20 item 7).
  auto mine = t.progress.GetProgress(t.patient, t.patient_1);
  ASSERT_OK(mine);
  EXPECT_EQ(mine->status, "");
  EXPECT_EQ(mine->summary, instrument::PlainProgressSummary("off_track"));
  ASSERT_EQ(mine->points.size(), 3u);
  EXPECT_EQ(mine->points[0].status, "");
  EXPECT_EQ(mine->points[0].summary, instrument::PlainProgressSummary("on_track"));
  EXPECT_EQ(mine->points[0].reduction_percent, 25.0);
  auto alerts = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kAll);
  ASSERT_EQ(alerts->size(), 1u);  // not repeated while open
  EXPECT_EQ(alerts->front().kind, "off_track");
  EXPECT_EQ(alerts->front().record_type, "response");
}

// Issue #20 item 7: a patient reads the plain sentence of their ODI band, never the band; the
// therapist reads the band. ODI all 4: 100 * 40 / 50 = 80 -> "crippled".
TEST(QuestionnaireTest, APatientReadsAPlainSentenceWhereStaffReadTheBand) {
  TestClinic t;
  auto submitted = t.questionnaires.Submit(
      t.patient, {t.patient_1, {"odi", std::vector<std::optional<int>>(10, 4), ""}});
  ASSERT_OK(submitted);
  EXPECT_EQ(submitted->band, "");
  EXPECT_EQ(submitted->audience, instrument::Audience::kPatient);
  const std::string_view plain =
      instrument::PlainBandSummary(instrument::InstrumentId::kOdi, "crippled");
  EXPECT_EQ(submitted->summary, plain);
  auto mine = t.questionnaires.ListResponses(t.patient, t.patient_1);
  ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().band, "");
  EXPECT_EQ(mine->front().summary, plain);
  auto staff = t.questionnaires.ListResponses(t.therapist, t.patient_1);
  ASSERT_OK(staff);
  ASSERT_EQ(staff->size(), 1u);
  EXPECT_EQ(staff->front().band, "crippled");
  EXPECT_EQ(staff->front().summary, "");
  EXPECT_EQ(staff->front().audience, instrument::Audience::kStaff);
}

// Issue #20 item 5: the week-12 checkpoint (60 % in the default protocol) alerts too, not only
// week 4. Baseline 8, week 12 NPRS 5: 100 * 3 / 8 = 37.5 % < 60 %.
TEST(ProgressTest, BelowTheBandAtWeekTwelveIsOffTrackAndAlerts) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8);
  ASSERT_TRUE(t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  t.clock.Advance(std::chrono::weeks{12});
  ASSERT_TRUE(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {5}, ""}}));
  auto report = t.progress.GetProgress(t.therapist, t.patient_1);
  ASSERT_OK(report);
  ASSERT_EQ(report->points.size(), 1u);
  EXPECT_EQ(report->points[0].reduction_percent, 37.5);
  EXPECT_EQ(report->status, "off_track");
  auto alerts = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kAll);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().kind, "off_track");
}

// Issue #20 item 5: NPRS 0 -> 4 is worse by 4 points, at least the NPRS minimal important change
// of 2 points (Ostelo et al., Spine 2008;33:90; docs/instruments.md): shown as "worse" and alerted
// once, although no percentage exists from a baseline of 0.
TEST(ProgressTest, WorseningFromABaselineOfZeroIsShownAndAlertsOnce) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 0);
  ASSERT_TRUE(t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  t.clock.Advance(std::chrono::weeks{1});
  ASSERT_TRUE(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {4}, ""}}));
  ASSERT_TRUE(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {5}, ""}}));
  auto report = t.progress.GetProgress(t.therapist, t.patient_1);
  ASSERT_OK(report);
  ASSERT_EQ(report->points.size(), 2u);
  EXPECT_EQ(report->points[0].status, "worse");
  EXPECT_EQ(report->status, "worse");
  auto alerts = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kAll);
  ASSERT_EQ(alerts->size(), 1u);  // not repeated while open
  EXPECT_EQ(alerts->front().kind, "worse");
  EXPECT_EQ(alerts->front().record_type, "response");
}

// Issue #20 item 5: a checkpoint tag names a checkpoint of the protocol, and only staff tag a
// baseline (a patient tagging their own score as baseline would move their own reference).
TEST(ProgressTest, CheckpointTagsAreValidatedAndOnlyStaffTagABaseline) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8);
  ASSERT_ERROR_AND_ASSIGN(
      Error unknown, t.questionnaires.Submit(t.therapist, {t.patient_1, {"nprs", {5}, "week_5"}}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(unknown.fields.size(), 1u);
  EXPECT_EQ(unknown.fields[0].path, "questionnaire.checkpoint_id");
  EXPECT_EQ(unknown.fields[0].message,
            "unknown checkpoint 'week_5'; expected one of baseline, session_6, week_4, week_12, "
            "followup_3m");
  ASSERT_ERROR_AND_ASSIGN(
      Error patient_baseline,
      t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {2}, "baseline"}}),
      ErrorCode::kPermissionDenied);
  EXPECT_EQ(patient_baseline.message,
            "checkpoint 'baseline': only staff may tag a baseline response");
  ASSERT_OK(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {5}, "week_4"}}));
  ASSERT_OK(t.questionnaires.Submit(t.therapist, {t.patient_1, {"nprs", {6}, "baseline"}}));
  auto transaction = t.store->BeginReadOnly().value();
  EXPECT_EQ(transaction->ListResponses(t.clinic_id, t.patient_1)->size(), 3u);  // intake + 2
}

// Issue #20 item 5: the dose received is shown beside the status. The course starts on the
// clock's day; after two weeks every planned session up to now has started; one is attended.
TEST(ProgressTest, ShowsTheDoseReceivedBesideTheStatus) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 8);
  auto course = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
  ASSERT_TRUE(course);
  t.clock.Advance(std::chrono::weeks{2});
  auto read = t.store->BeginReadOnly().value();
  auto sessions = read->ListSessionsForCourse(t.clinic_id, course->course_id).value();
  read.reset();
  int started = 0;
  for (const clinic::Session& session : sessions) {
    if (session.start <= t.clock.Now()) ++started;
  }
  ASSERT_GE(started, 2);  // two weeks of two sessions a week
  ASSERT_OK(t.schedule.MarkAttended(t.therapist, sessions.front().id));
  auto report = t.progress.GetProgress(t.therapist, t.patient_1);
  ASSERT_OK(report);
  ASSERT_TRUE(report->dose.has_value());
  EXPECT_EQ(report->dose->attended, 1);
  EXPECT_EQ(report->dose->planned_to_date, started);
}

// Issue #20 item 5: ODI 46 -> 70 (sums 23/50 -> 35/50) is 24 points worse, beyond the ODI minimal
// important change of 10 points (Ostelo et al., Spine 2008;33:90): shown in /progress and alerted.
TEST(ProgressTest, FunctionWorseningBeyondTheMicIsShownAndAlerts) {
  TestClinic t;
  t.ScreenClear(t.patient_1, 5);
  ASSERT_OK(t.questionnaires.Submit(t.therapist,
                                    {t.patient_1, {"odi", {3, 3, 3, 2, 2, 2, 2, 2, 2, 2}, ""}}));
  ASSERT_TRUE(t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  t.clock.Advance(std::chrono::weeks{4});
  ASSERT_OK(t.questionnaires.Submit(t.patient,
                                    {t.patient_1, {"odi", {4, 4, 4, 4, 4, 3, 3, 3, 3, 3}, ""}}));
  auto report = t.progress.GetProgress(t.therapist, t.patient_1);
  ASSERT_OK(report);
  ASSERT_EQ(report->function_changes.size(), 1u);
  const auto& odi = report->function_changes[0];
  EXPECT_EQ(odi.instrument, instrument::InstrumentId::kOdi);
  EXPECT_EQ(odi.baseline, 46.0);
  EXPECT_EQ(odi.latest, 70.0);
  EXPECT_EQ(odi.points_change, -24.0);
  EXPECT_EQ(odi.responder_class, "worsened");
  EXPECT_TRUE(odi.worse);
  auto alerts = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kAll);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().kind, "function_worse");
}

TEST(HomeProgramTest, PatientsLogTheirOwnAdherenceAndALapseRaisesAnAlert) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  auto course = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
  ASSERT_TRUE(course);
  auto assigned = t.home.Assign(t.therapist, {t.patient_1, course->course_id, {}, Day(2024, 3, 4)});
  ASSERT_OK(assigned);
  ASSERT_ERROR_AND_ASSIGN(
      Error unknown,
      t.home.Assign(t.therapist,
                    {t.patient_1, course->course_id, {"bird_dog", "handstand"}, Day(2024, 3, 4)}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(unknown.fields.size(), 1u);
  EXPECT_EQ(unknown.fields[0].path, "exercise_ids[1]");

  t.clock.Advance(std::chrono::days{3});  // 2024-03-07
  ASSERT_TRUE(t.home.Log(
      t.patient, {t.patient_1, Day(2024, 3, 4), "bird_dog", clinic::Completion::kDone, ""}));
  ASSERT_ERROR_AND_ASSIGN(Error future,
                          t.home.Log(t.patient, {t.patient_1, Day(2024, 3, 8), "bird_dog",
                                                 clinic::Completion::kDone, ""}),
                          ErrorCode::kInvalidInput);
  ASSERT_FALSE(future.fields.empty());
  EXPECT_EQ(future.fields[0].path, "date");
  EXPECT_EQ(future.fields[0].message, "expected a date not after today");
  ASSERT_ERROR(t.home.Log(t.patient2, {t.patient_1, Day(2024, 3, 5), "bird_dog",
                                       clinic::Completion::kDone, ""}),
               ErrorCode::kNotFound);

  for (unsigned day : {5u, 6u}) {
    ASSERT_TRUE(t.home.Log(
        t.patient, {t.patient_1, Day(2024, 3, day), "bird_dog", clinic::Completion::kNotDone, ""}));
  }
  EXPECT_TRUE(t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kAll)->empty());
  ASSERT_TRUE(t.home.Log(
      t.patient, {t.patient_1, Day(2024, 3, 7), "bird_dog", clinic::Completion::kNotDone, ""}));
  auto alerts = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kAll);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().kind, "adherence_lapse");

  auto program = t.home.GetProgram(t.patient, t.patient_1);
  ASSERT_TRUE(program);
  EXPECT_EQ(program->exercises.size(), 3u);
  EXPECT_EQ(program->recent.size(), 4u);
}

}  // namespace
}  // namespace backcare::app
