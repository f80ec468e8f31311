// The patient portal's use cases: pain ratings on adherence entries and the "exercise_pain" alert,
// the home program's dates and doses, and the portal summary's due check-in.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "app/portal_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::TestClinic;

LogAdherence Entry(PatientId patient, clinic::Date date, std::string exercise,
                   std::optional<int> pain_rating) {
  LogAdherence entry;
  entry.patient_id = patient;
  entry.date = date;
  entry.exercise_id = std::move(exercise);
  entry.completion = clinic::Completion::kDone;
  entry.pain_rating = pain_rating;
  return entry;
}

std::vector<clinic::Alert> PainAlerts(TestClinic& t) {
  auto alerts = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kAll);
  EXPECT_TRUE(alerts.has_value());
  std::vector<clinic::Alert> pain;
  for (const clinic::Alert& alert : *alerts) {
    if (alert.kind == "exercise_pain") pain.push_back(alert);
  }
  return pain;
}

// A screened patient_1 with a course and every exercise assigned from Monday 2024-03-04 (the test
// clock's day); abdominal_bracing starts in week 2 (2024-03-18).
CourseId StartWithProgram(TestClinic& t, clinic::Date program_start = Day(2024, 3, 4)) {
  t.ScreenClear(t.patient_1);
  auto course = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
  BACKCARE_CHECK(course.has_value());
  BACKCARE_CHECK(
      t.home.Assign(t.therapist, {t.patient_1, course->course_id, {}, program_start}).has_value());
  return course->course_id;
}

TEST(ExercisePainTest, ARatingAtTheClinicsThresholdRaisesOneAlertPerExerciseAndDay) {
  TestClinic t;
  StartWithProgram(t);
  t.clock.Advance(std::chrono::days{3});  // 2024-03-07

  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 7), "bird_dog", 6)));
  EXPECT_TRUE(PainAlerts(t).empty());  // 6 < 7

  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 6), "bird_dog", 7)));
  std::vector<clinic::Alert> pain = PainAlerts(t);
  ASSERT_EQ(pain.size(), 1u);
  EXPECT_EQ(pain[0].patient_id, t.patient_1);
  EXPECT_EQ(pain[0].severity, clinic::AlertSeverity::kWarning);
  EXPECT_EQ(pain[0].detail, "Rated bird_dog 7/10 on 2024-03-06 (clinic threshold 7)");

  // The same entry replayed (an offline queue), or corrected to 9: still the one alert.
  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 6), "bird_dog", 7)));
  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 6), "bird_dog", 9)));
  EXPECT_EQ(PainAlerts(t).size(), 1u);

  // Another exercise on that day is another alert.
  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 6), "sitting_posture", 10)));
  pain = PainAlerts(t);
  ASSERT_EQ(pain.size(), 2u);
  EXPECT_EQ(pain[1].detail, "Rated sitting_posture 10/10 on 2024-03-06 (clinic threshold 7)");

  // Once acknowledged, a new report of the same exercise and day raises a new one.
  ASSERT_OK(t.alerts.Acknowledge(t.therapist, pain[0].id));
  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 6), "bird_dog", 8)));
  EXPECT_EQ(PainAlerts(t).size(), 3u);

  // The replaced entry carries the last rating.
  ASSERT_OK_AND_ASSIGN(HomeProgramView program, t.home.GetProgram(t.patient, t.patient_1));
  auto it = std::find_if(program.recent.begin(), program.recent.end(), [](const auto& e) {
    return e.exercise_id == "bird_dog" && e.date == Day(2024, 3, 6);
  });
  ASSERT_NE(it, program.recent.end());
  EXPECT_EQ(it->pain_rating, 8);
}

TEST(ExercisePainTest, TheThresholdIsTheClinicsSetting) {
  TestClinic t;
  StartWithProgram(t);
  t.clock.Advance(std::chrono::days{3});
  NewClinic settings{"Synthetic Clinic", "Europe/London"};
  settings.exercise_pain_alert_threshold = 9;
  ASSERT_OK(t.clinics.UpdateClinic(t.admin, settings));
  ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, t.clinics.GetClinic(t.admin));
  EXPECT_EQ(clinic.exercise_pain_alert_threshold, 9);
  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 5), "bird_dog", 8)));
  EXPECT_TRUE(PainAlerts(t).empty());
  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 5), "bird_dog", 9)));
  ASSERT_EQ(PainAlerts(t).size(), 1u);
  EXPECT_EQ(PainAlerts(t)[0].detail, "Rated bird_dog 9/10 on 2024-03-05 (clinic threshold 9)");

  // Unset keeps it; out of range is refused naming the field.
  ASSERT_OK(t.clinics.UpdateClinic(t.admin, {"Synthetic Clinic", "Europe/London"}));
  EXPECT_EQ(t.clinics.GetClinic(t.admin)->exercise_pain_alert_threshold, 9);
  for (int bad : {0, 11}) {
    settings.exercise_pain_alert_threshold = bad;
    ASSERT_ERROR_AND_ASSIGN(Error error, t.clinics.UpdateClinic(t.admin, settings),
                            ErrorCode::kInvalidInput);
    ASSERT_EQ(error.fields.size(), 1u);
    EXPECT_EQ(error.fields[0].path, "exercise_pain_alert_threshold");
    EXPECT_EQ(error.fields[0].message, "expected 1..10, got " + std::to_string(bad));
  }
}

TEST(ExercisePainTest, BadEntriesAreRefusedNamingTheField) {
  TestClinic t;
  // A program assigned from before the course started: the course's start still bounds the log.
  StartWithProgram(t, Day(2024, 3, 1));
  t.clock.Advance(std::chrono::days{3});  // 2024-03-07
  auto refused = [&](const LogAdherence& entry) -> FieldError {
    auto status = t.home.Log(t.patient, entry);
    EXPECT_FALSE(status.has_value());
    if (status.has_value()) return {};
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(status.error().fields.size(), 1u) << status.error().ToString();
    return status.error().fields.empty() ? FieldError{} : status.error().fields[0];
  };
  for (int bad : {-1, 11}) {
    const FieldError rating = refused(Entry(t.patient_1, Day(2024, 3, 7), "bird_dog", bad));
    EXPECT_EQ(rating.path, "pain_rating");
    EXPECT_EQ(rating.message, "expected a whole number from 0 to 10");
  }
  const FieldError before_course = refused(Entry(t.patient_1, Day(2024, 3, 3), "bird_dog", 2));
  EXPECT_EQ(before_course.path, "date");
  EXPECT_EQ(before_course.message, "expected a date on or after the course's start");
  const FieldError future = refused(Entry(t.patient_1, Day(2024, 3, 8), "bird_dog", 2));
  EXPECT_EQ(future.path, "date");
  EXPECT_EQ(future.message, "expected a date not after today");
  const FieldError not_yet =
      refused(Entry(t.patient_1, Day(2024, 3, 7), "abdominal_bracing", std::nullopt));
  EXPECT_EQ(not_yet.path, "date");
  EXPECT_EQ(not_yet.message, "this exercise starts on 2024-03-15");  // 2024-03-01 + 14 days
  const FieldError unknown = refused(Entry(t.patient_1, Day(2024, 3, 7), "handstand", 2));
  EXPECT_EQ(unknown.path, "exercise_id");
  EXPECT_EQ(unknown.message, "expected an exercise of the patient's home program");
  // 0 is a rating; nothing of the above was written.
  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 7), "bird_dog", 0)));
  ASSERT_OK_AND_ASSIGN(HomeProgramView program, t.home.GetProgram(t.patient, t.patient_1));
  ASSERT_EQ(program.recent.size(), 1u);
  EXPECT_EQ(program.recent[0].pain_rating, 0);
}

TEST(HomeProgramViewTest, SaysTodayTheCourseWeekAndWhenEachExerciseStarts) {
  TestClinic t;
  StartWithProgram(t);
  t.clock.Advance(std::chrono::days{10});  // Thursday 2024-03-14: course day 10, week 2
  ASSERT_OK_AND_ASSIGN(HomeProgramView program, t.home.GetProgram(t.patient, t.patient_1));
  EXPECT_EQ(program.today, Day(2024, 3, 14));
  EXPECT_EQ(program.course_week, 2);
  ASSERT_EQ(program.exercises.size(), 3u);
  const HomeExerciseView& bracing = program.exercises[1];
  EXPECT_EQ(bracing.id, "abdominal_bracing");
  EXPECT_EQ(bracing.kind, protocol::HomeExerciseKind::kCore);
  EXPECT_EQ(bracing.start_week, 2);
  EXPECT_EQ(bracing.starts_on, Day(2024, 3, 18));
  EXPECT_FALSE(bracing.due_today);
  EXPECT_EQ(program.exercises[2].starts_on, Day(2024, 3, 4));
  EXPECT_TRUE(program.exercises[2].due_today);

  t.clock.Advance(std::chrono::days{4});  // Monday 2024-03-18: week 3 begins; bracing is due
  ASSERT_OK_AND_ASSIGN(program, t.home.GetProgram(t.patient, t.patient_1));
  EXPECT_EQ(program.course_week, 3);
  EXPECT_TRUE(program.exercises[1].due_today);

  // Without a course there is no course week.
  ASSERT_OK_AND_ASSIGN(HomeProgramView none, t.home.GetProgram(t.patient2, t.patient_2));
  EXPECT_EQ(none.course_week, std::nullopt);
  EXPECT_TRUE(none.exercises.empty());
}

TEST(HomeProgramViewTest, TodayIsTheClinicsCalendarDay) {
  TestClinic t;
  StartWithProgram(t);
  // From 2024-03-10 the clinic is 2 hours ahead of UTC: at 22:30 UTC it is already the 11th.
  t.zone->AddTransition(std::chrono::floor<std::chrono::minutes>(testing::At(2024, 3, 10, 0)),
                        std::chrono::hours{2});
  t.clock.Set(testing::At(2024, 3, 10, 22, 30));
  ASSERT_OK_AND_ASSIGN(HomeProgramView program, t.home.GetProgram(t.patient, t.patient_1));
  EXPECT_EQ(program.today, Day(2024, 3, 11));
  EXPECT_EQ(program.course_week, 2);
  ASSERT_OK(t.home.Log(t.patient, Entry(t.patient_1, Day(2024, 3, 11), "bird_dog", std::nullopt)));
}

TEST(PortalTest, WithoutACourseNothingIsDueButTheWeeklyNprs) {
  TestClinic t;
  PortalService portal(t.context);
  ASSERT_OK_AND_ASSIGN(PortalSummary summary, portal.GetSummary(t.patient2, t.patient_2));
  EXPECT_EQ(summary.today, Day(2024, 3, 4));
  EXPECT_EQ(summary.clinic.name, "Synthetic Clinic");
  EXPECT_EQ(summary.clinic.exercise_pain_alert_threshold, 7);
  EXPECT_EQ(summary.due, std::nullopt);
  EXPECT_EQ(summary.weekly_last_taken_at, std::nullopt);
  EXPECT_TRUE(summary.weekly_due);
}

TEST(PortalTest, Week4IsDueOnItsDayUntilEachInstrumentIsTaggedWithIt) {
  TestClinic t;
  PortalService portal(t.context);
  StartWithProgram(t);
  const clinic::Timestamp baseline_at = t.clock.Now();
  ASSERT_OK_AND_ASSIGN(PortalSummary summary, portal.GetSummary(t.patient, t.patient_1));
  EXPECT_EQ(summary.due, std::nullopt);  // the baseline is staff's, never the portal's
  EXPECT_EQ(summary.weekly_last_taken_at, baseline_at);
  EXPECT_FALSE(summary.weekly_due);

  t.clock.Set(testing::At(2024, 3, 10, 20));  // 6 days after the baseline NPRS
  ASSERT_OK_AND_ASSIGN(summary, portal.GetSummary(t.patient, t.patient_1));
  EXPECT_FALSE(summary.weekly_due);
  t.clock.Set(testing::At(2024, 3, 11, 9));  // 7 days after
  ASSERT_OK_AND_ASSIGN(summary, portal.GetSummary(t.patient, t.patient_1));
  EXPECT_TRUE(summary.weekly_due);

  t.clock.Set(testing::At(2024, 4, 1, 9));  // 2024-03-04 + 28 days
  ASSERT_OK_AND_ASSIGN(summary, portal.GetSummary(t.patient, t.patient_1));
  ASSERT_TRUE(summary.due.has_value());
  EXPECT_EQ(*summary.due, (progress::DueCheckIn{"week_4", {"nprs", "odi"}, Day(2024, 4, 1)}));

  // The patient tags their check-in with the (non-baseline) checkpoint; a baseline is refused.
  ASSERT_ERROR(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {4}, "baseline"}}),
               ErrorCode::kPermissionDenied);
  ASSERT_OK(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {4}, "week_4"}}));
  ASSERT_OK_AND_ASSIGN(summary, portal.GetSummary(t.patient, t.patient_1));
  ASSERT_TRUE(summary.due.has_value());  // ODI still missing
  EXPECT_EQ(summary.due->checkpoint_id, "week_4");
  EXPECT_FALSE(summary.weekly_due);
  EXPECT_EQ(summary.weekly_last_taken_at, testing::At(2024, 4, 1, 9));
  const std::vector<std::optional<int>> odi(10, 2);
  ASSERT_OK(t.questionnaires.Submit(t.patient, {t.patient_1, {"odi", odi, "week_4"}}));
  ASSERT_OK_AND_ASSIGN(summary, portal.GetSummary(t.patient, t.patient_1));
  EXPECT_EQ(summary.due, std::nullopt);
}

TEST(PortalTest, ExpiresFourteenDaysAfterItsAnchor) {
  TestClinic t;
  PortalService portal(t.context);
  StartWithProgram(t);
  t.clock.Set(testing::At(2024, 4, 15, 9));  // week_4 + 14 days
  ASSERT_OK_AND_ASSIGN(PortalSummary summary, portal.GetSummary(t.patient, t.patient_1));
  ASSERT_TRUE(summary.due.has_value());
  EXPECT_EQ(summary.due->since, Day(2024, 4, 1));
  t.clock.Set(testing::At(2024, 4, 16, 9));
  ASSERT_OK_AND_ASSIGN(summary, portal.GetSummary(t.patient, t.patient_1));
  EXPECT_EQ(summary.due, std::nullopt);
}

TEST(PortalTest, Session6IsDueOnTheDayOfTheSixthAttendedSession) {
  TestClinic t;
  PortalService portal(t.context);
  StartWithProgram(t);
  auto read = t.store->BeginReadOnly();
  ASSERT_OK(read);
  auto courses = (*read)->ListCoursesForPatient(t.clinic_id, t.patient_1);
  ASSERT_OK(courses);
  auto sessions = (*read)->ListSessionsForCourse(t.clinic_id, courses->back().id);
  ASSERT_OK(sessions);
  read->reset();
  std::sort(sessions->begin(), sessions->end(),
            [](const auto& a, const auto& b) { return a.start < b.start; });
  ASSERT_GE(sessions->size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    t.clock.Set((*sessions)[i].end);
    ASSERT_OK(t.schedule.MarkAttended(t.therapist, (*sessions)[i].id)) << i;
    ASSERT_OK_AND_ASSIGN(PortalSummary summary, portal.GetSummary(t.patient, t.patient_1));
    if (i < 5) {
      EXPECT_EQ(summary.due, std::nullopt) << i;
    } else {
      const clinic::Date sixth{std::chrono::floor<std::chrono::days>((*sessions)[5].start)};
      ASSERT_TRUE(summary.due.has_value());
      EXPECT_EQ(*summary.due, (progress::DueCheckIn{"session_6", {"nprs"}, sixth}));
    }
  }
}

TEST(PortalTest, StaffReadAnyPatientsAPatientOnlyTheirOwn) {
  TestClinic t;
  PortalService portal(t.context);
  EXPECT_OK(portal.GetSummary(t.therapist, t.patient_1));
  EXPECT_OK(portal.GetSummary(t.admin, t.patient_1));
  ASSERT_ERROR(portal.GetSummary(t.front_desk, t.patient_1), ErrorCode::kPermissionDenied);
  ASSERT_ERROR_AND_ASSIGN(Error other, portal.GetSummary(t.patient2, t.patient_1),
                          ErrorCode::kNotFound);
  EXPECT_EQ(other.message, "patient " + std::to_string(t.patient_1.value()) + " not found");
}

}  // namespace
}  // namespace backcare::app
