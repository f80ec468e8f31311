#include "app/outcomes_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using std::chrono::days;
using testing::At;
using testing::Day;
using testing::TestClinic;

// The test clinic's protocol with the article's core-exercise claim and one core exercise.
protocol::Protocol WithCoreClaim(protocol::Protocol p) {
  protocol::HomeExercise bracing;
  bracing.id = "abdominal_bracing";
  bracing.kind = protocol::HomeExerciseKind::kCore;
  protocol::HomeExercise sitting;
  sitting.id = "sitting_posture";
  sitting.kind = protocol::HomeExerciseKind::kPosture;
  p.home_program = {bracing, sitting};
  protocol::Claim core;
  core.id = "best_with_core_exercises";
  core.kind = "comparison";
  core.factor = "core_exercise_adherence";
  core.instrument = "nprs";
  core.checkpoint = "week_12";
  core.min_reduction_percent = 30;
  p.claims = {core};
  return p;
}

clinic::QuestionnaireResponse Nprs(PatientId patient, std::optional<CourseId> course, int score,
                                   std::string checkpoint, clinic::Timestamp at) {
  clinic::QuestionnaireResponse response;
  response.patient_id = patient;
  response.course_id = course;
  response.instrument_id = instrument::InstrumentId::kNprs;
  response.answers = {score};
  response.score = score;
  response.score_status = instrument::ScoreStatus::kScored;
  response.checkpoint_id = std::move(checkpoint);
  response.taken_at = at;
  return response;
}

// Patient 1 (therapist A): baselines 8 (before the start) and 6 (after it: not the baseline),
// sciatic signs, a week 4 score of 5, a week 12 check-in of 3 (untagged, 2 days late), a week 12
// score of 1 recorded for another course (not this one's), core exercises on 40 dates from day
// 14 and a posture exercise on more, then discontinued on 2024-06-10. Patient 2 (therapist B): no
// baseline. Patient 3: a baseline and a course, then deleted.
struct Cohort3 {
  TestClinic t;
  CourseId course_1;
  CourseId course_2;
  Cohort3() {
    const ClinicId c = t.clinic_id;
    auto tx = t.store->Begin().value();
    const UserId by = t.therapist.actor.user_id;
    clinic::Course course;
    course.patient_id = t.patient_1;
    course.therapist_id = t.therapist_a;
    course.protocol_id = t.protocol.id;
    course.protocol_version = t.protocol.version;
    course.start_date = Day(2024, 3, 4);
    course_1 = tx->CreateCourse(c, course).value();
    course.patient_id = t.patient_2;
    course.therapist_id = t.therapist_b;
    course_2 = tx->CreateCourse(c, course).value();
    clinic::Course other = course;
    other.patient_id = t.patient_1;
    other.start_date = Day(2023, 1, 9);
    other.status = clinic::CourseStatus::kCompleted;
    const CourseId old_course = tx->CreateCourse(c, other).value();

    BACKCARE_CHECK(tx->AddResponse(c, Nprs(t.patient_1, {}, 8, "baseline", At(2024, 3, 1, 10))));
    BACKCARE_CHECK(tx->AddResponse(c, Nprs(t.patient_1, {}, 6, "baseline", At(2024, 3, 10, 10))));
    BACKCARE_CHECK(tx->AddResponse(c, Nprs(t.patient_1, course_1, 5, "week_4", At(2024, 4, 1, 9))));
    // Week 12's anchor is 2024-05-27: the untagged 3 on 05-29 counts, the other course's does not.
    BACKCARE_CHECK(tx->AddResponse(c, Nprs(t.patient_1, {}, 3, "", At(2024, 5, 29, 9))));
    BACKCARE_CHECK(
        tx->AddResponse(c, Nprs(t.patient_1, old_course, 1, "week_12", At(2024, 5, 28, 9))));

    clinic::ScreeningResult screening;
    screening.patient_id = t.patient_1;
    screening.condition_ids = {"radiating_leg_pain"};
    screening.screened_by = by;
    screening.screened_at = At(2024, 3, 1, 9);
    BACKCARE_CHECK(tx->AddScreeningResult(c, screening));

    const auto log = [&](const char* exercise, clinic::Date date) {
      clinic::AdherenceEntry entry;
      entry.patient_id = t.patient_1;
      entry.date = date;
      entry.exercise_id = exercise;
      entry.completion = clinic::Completion::kDone;
      BACKCARE_CHECK(tx->RecordAdherence(c, entry));
    };
    const std::chrono::sys_days start{Day(2024, 3, 4)};
    for (int i = 0; i < 40; ++i) log("abdominal_bracing", clinic::Date{start + days{14 + i}});
    for (int i = 0; i < 60; ++i) log("sitting_posture", clinic::Date{start + days{i}});

    clinic::Course stored = tx->GetCourse(c, course_1).value();
    stored.status = clinic::CourseStatus::kDiscontinued;
    stored.discharge =
        clinic::Discharge{clinic::DischargeOutcome::kPatientChoice, Day(2024, 6, 10), by, ""};
    BACKCARE_CHECK(tx->UpdateCourse(c, stored));

    clinic::Patient third;
    third.given_name = "Deleted";
    third.family_name = "Three";
    third.date_of_birth = Day(1970, 1, 1);
    const PatientId patient_3 = tx->CreatePatient(c, third).value();
    course.patient_id = patient_3;
    BACKCARE_CHECK(tx->CreateCourse(c, course));
    BACKCARE_CHECK(tx->AddResponse(c, Nprs(patient_3, {}, 9, "baseline", At(2024, 3, 1, 10))));
    BACKCARE_CHECK(tx->SoftDeletePatient(
        c, patient_3, {At(2024, 7, 1, 9), by, "patient request", Day(2034, 7, 1)}));
    BACKCARE_CHECK(tx->Commit());
  }
};

TEST(OutcomesServiceTest, LoadsEachCourseFromThePatientsRecords) {
  Cohort3 s;
  const protocol::Protocol p = WithCoreClaim(s.t.protocol);
  auto tx = s.t.store->BeginReadOnly().value();
  ASSERT_OK_AND_ASSIGN(clinic::Clinic clinic, tx->GetClinic(s.t.clinic_id));
  ASSERT_OK_AND_ASSIGN(outcomes::Cohort cohort,
                       LoadCohort(*tx, s.t.context, std::span(&clinic, 1), p, /*block_size=*/1));
  // Patient 1's two courses and patient 2's; the deleted patient's course is left out.
  ASSERT_EQ(cohort.size(), 3u);
  const auto row_of = [&](CourseId id) {
    for (std::size_t r = 0; r < cohort.size(); ++r) {
      if (cohort.course_id[r] == id.value()) return r;
    }
    ADD_FAILURE() << "course " << id.value() << " not loaded";
    return std::size_t{0};
  };
  const std::size_t one = row_of(s.course_1);
  EXPECT_EQ(cohort.baseline[one], 8);  // the baseline taken after the start does not count
  EXPECT_EQ(cohort.sciatic[one], 1);
  EXPECT_EQ(cohort.core_adherent[one], 1);  // 40 core dates in [day 14, day 84): 40 >= 35
  EXPECT_EQ(outcomes::DayOf(cohort.dropout[one]), std::chrono::sys_days{Day(2024, 6, 10)});
  std::size_t week_4 = 0;
  std::size_t week_12 = 0;
  for (std::size_t i = 0; i < p.checkpoints.size(); ++i) {
    if (p.checkpoints[i].id == "week_4") week_4 = i;
    if (p.checkpoints[i].id == "week_12") week_12 = i;
  }
  EXPECT_EQ(cohort.score[week_4][one], 5);
  EXPECT_EQ(cohort.score[week_12][one], 3);  // untagged, not the other course's tagged 1
  EXPECT_EQ(cohort.therapist_ids[cohort.therapist_slot[one]], s.t.therapist_a.value());
  const std::size_t two = row_of(s.course_2);
  EXPECT_TRUE(std::isnan(cohort.baseline[two]));
  EXPECT_EQ(cohort.sciatic[two], 0);

  // Week 12 of patient 1's course is due on 2024-06-10 (anchor 05-27 + 14 days): 8 -> 3 is a
  // response, and the patient adhered.
  const outcomes::OutcomesReport report =
      outcomes::BuildOutcomesReport(p, cohort, {}, std::chrono::sys_days{Day(2024, 6, 30)});
  ASSERT_EQ(report.claims.claims.size(), 1u);
  const outcomes::ClaimResult& claim = report.claims.claims[0];
  EXPECT_EQ(claim.adherent.itt.k, 1);
  EXPECT_EQ(claim.adherent.itt.n, 1);
  EXPECT_EQ(claim.not_adherent.itt.n, 0);
  EXPECT_EQ(claim.verdict, "not_shown");  // one group is empty: no interval
}

TEST(OutcomesServiceTest, BuildsTheReportForAQueryAndRefusesBadOnes) {
  Cohort3 s;
  OutcomesQuery query;
  query.as_of = Day(2024, 6, 30);
  ASSERT_OK_AND_ASSIGN(OutcomesResult result, BuildOutcomes(s.t.context, query));
  // The old course (2023) has no baseline before its start: not evaluable, like patient 2's.
  EXPECT_EQ(result.report.claims.courses, 1);
  EXPECT_EQ(result.report.claims.not_evaluable, 2);
  EXPECT_EQ(result.report.dropouts, 1);
  EXPECT_EQ(result.report.time_to_response.events, 1);  // 8 -> 5 on 2024-04-01
  EXPECT_EQ(result.report.time_to_response.steps.at(0).time, 28);
  EXPECT_EQ(result.therapist_names.at(s.t.therapist_a.value()), "Ada Alpha");

  query.sciatic = false;
  ASSERT_OK_AND_ASSIGN(OutcomesResult without, BuildOutcomes(s.t.context, query));
  EXPECT_EQ(without.report.claims.courses, 0);
  query.sciatic.reset();

  query.therapist_id = TherapistId{9999};
  ASSERT_ERROR_AND_ASSIGN(Error unknown, BuildOutcomes(s.t.context, query), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.message, "therapist 9999 not found");
  query.therapist_id.reset();

  query.from = Day(2024, 5, 1);
  query.to = Day(2024, 4, 1);
  ASSERT_ERROR_AND_ASSIGN(Error backwards, BuildOutcomes(s.t.context, query),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(backwards.message, "from 2024-05-01 is after to 2024-04-01");
  ASSERT_EQ(backwards.fields.size(), 1u);
  EXPECT_EQ(backwards.fields[0].path, "from");
  query.from.reset();
  query.to.reset();

  query.clinic_id = ClinicId{4242};
  EXPECT_FALSE(BuildOutcomes(s.t.context, query).has_value());
}

}  // namespace
}  // namespace backcare::app
