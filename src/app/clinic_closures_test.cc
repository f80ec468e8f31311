// Clinic closures through the use cases (issue 20, item 6): who may add and delete them, the
// rules a new one follows (nothing written on refusal), and how booking and course planning honour
// them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/clinic_service.h"
#include "app/schedule_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using std::chrono::days;
using testing::At;
using testing::Day;
using testing::TestClinic;

std::vector<clinic::ClinicClosure> Closures(TestClinic& t) {
  auto listed = t.clinics.ListClosures(t.therapist);
  BACKCARE_CHECK(listed.has_value());
  return *listed;
}

std::string LastAuditAction(TestClinic& t) {
  auto read = t.store->BeginReadOnly();
  BACKCARE_CHECK(read.has_value());
  auto last = (*read)->LastAuditEvent(t.clinic_id);
  BACKCARE_CHECK(last.has_value() && last->has_value());
  return (*last)->action;
}

TEST(ClinicClosuresTest, TheFrontDeskAddsListsAndDeletesAClosureAudited) {
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(
      ClosureId late,
      t.clinics.AddClosure(t.front_desk, {Day(2024, 12, 31), Day(2024, 12, 31), "New year's eve"}));
  EXPECT_EQ(LastAuditAction(t), "closure.create");
  ASSERT_OK_AND_ASSIGN(
      ClosureId christmas,
      t.clinics.AddClosure(t.admin, {Day(2024, 12, 24), Day(2024, 12, 26), "Christmas"}));
  const std::vector<clinic::ClinicClosure> listed = Closures(t);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, christmas);  // by first_day
  EXPECT_EQ(listed[0].reason, "Christmas");
  EXPECT_EQ(listed[0].first_day, Day(2024, 12, 24));
  EXPECT_EQ(listed[0].last_day, Day(2024, 12, 26));
  EXPECT_EQ(listed[0].created_by, t.admin.actor.user_id);
  EXPECT_EQ(listed[1].id, late);

  ASSERT_OK(t.clinics.DeleteClosure(t.front_desk, christmas));
  EXPECT_EQ(LastAuditAction(t), "closure.delete");
  ASSERT_EQ(Closures(t).size(), 1u);
  ASSERT_ERROR_AND_ASSIGN(Error again, t.clinics.DeleteClosure(t.front_desk, christmas),
                          ErrorCode::kNotFound);
  EXPECT_EQ(again.message, "closure " + std::to_string(christmas.value()) + " not found");
}

TEST(ClinicClosuresTest, PatientsAndTherapistsMayNotChangeClosures) {
  TestClinic t;
  const NewClosure closure{Day(2024, 12, 24), Day(2024, 12, 26), "Christmas"};
  ASSERT_ERROR_AND_ASSIGN(Error patient, t.clinics.AddClosure(t.patient, closure),
                          ErrorCode::kPermissionDenied);
  EXPECT_EQ(patient.message, "role 'patient' may not manage clinic closures");
  EXPECT_ERROR(t.clinics.AddClosure(t.therapist, closure), ErrorCode::kPermissionDenied);
  EXPECT_ERROR(t.clinics.ListClosures(t.patient), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Closures(t).empty());
  ASSERT_OK_AND_ASSIGN(ClosureId id, t.clinics.AddClosure(t.front_desk, closure));
  EXPECT_ERROR(t.clinics.DeleteClosure(t.patient, id), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Closures(t).size(), 1u);
}

TEST(ClinicClosuresTest, ABadClosureIsRefusedNamingTheFieldOrTheOverlapAndNothingIsWritten) {
  TestClinic t;
  ASSERT_OK_AND_ASSIGN(
      ClosureId christmas,
      t.clinics.AddClosure(t.front_desk, {Day(2024, 12, 24), Day(2024, 12, 26), "Christmas"}));
  ASSERT_ERROR_AND_ASSIGN(
      Error backwards,
      t.clinics.AddClosure(t.front_desk, {Day(2024, 12, 26), Day(2024, 12, 20), "Backwards"}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(backwards.fields.size(), 1u);
  EXPECT_EQ(backwards.fields[0].path, "last_day");
  ASSERT_ERROR_AND_ASSIGN(
      Error empty, t.clinics.AddClosure(t.front_desk, {Day(2025, 1, 2), Day(2025, 1, 2), ""}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(empty.fields.size(), 1u);
  EXPECT_EQ(empty.fields[0].path, "reason");
  ASSERT_ERROR_AND_ASSIGN(
      Error overlap,
      t.clinics.AddClosure(t.front_desk, {Day(2024, 12, 20), Day(2024, 12, 24), "Winter"}),
      ErrorCode::kConflict);
  EXPECT_EQ(overlap.message, "closure overlaps closure " + std::to_string(christmas.value()) +
                                 " 'Christmas' (2024-12-24..2024-12-26)");
  EXPECT_EQ(Closures(t).size(), 1u);
  EXPECT_EQ(LastAuditAction(t), "closure.create");
}

TEST(ClinicClosuresTest, BookingOrMovingASessionOntoAClosedDayIsRefusedNamingTheClosure) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  ASSERT_OK_AND_ASSIGN(
      StartedCourse course,
      t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  // A free weekday from week 4 on, then closed.
  const clinic::Timestamp start = testing::FreeWeekday(t, {t.patient_1}, Day(2024, 4, 1), 10);
  const clinic::Date closed_day{std::chrono::floor<days>(start)};
  ASSERT_OK_AND_ASSIGN(ClosureId closure,
                       t.clinics.AddClosure(t.front_desk, {closed_day, closed_day, "Training"}));
  const std::string day_text = clinic::FormatDate(closed_day);
  const std::string expected = "the clinic is closed on " + day_text + ": closure " +
                               std::to_string(closure.value()) + " 'Training' (" + day_text + ".." +
                               day_text + ")";
  ASSERT_ERROR_AND_ASSIGN(
      Error book, t.schedule.Book(t.front_desk, {course.course_id, t.therapist_a, start, ""}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(book.message, expected);
  ASSERT_FALSE(course.sessions.empty());
  ASSERT_ERROR_AND_ASSIGN(
      Error move,
      t.schedule.Reschedule(t.front_desk, {course.sessions.back(), start, std::nullopt}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(move.message, expected);

  // Once the closure is deleted the day is bookable again.
  ASSERT_OK(t.clinics.DeleteClosure(t.front_desk, closure));
  EXPECT_OK(t.schedule.Book(t.front_desk, {course.course_id, t.therapist_a, start, ""}));
}

TEST(ClinicClosuresTest, AStartedCourseBooksNothingOnClosedDaysAndListsWhatItCouldNotPlace) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  // The course's first two weeks are closed.
  ASSERT_OK(t.clinics.AddClosure(t.front_desk, {Day(2024, 3, 4), Day(2024, 3, 17), "Works"}));
  ASSERT_OK_AND_ASSIGN(
      StartedCourse course,
      t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  ASSERT_FALSE(course.sessions.empty());
  auto plan = t.schedule.PatientPlan(t.front_desk, t.patient_1);
  ASSERT_TRUE(plan.has_value());
  for (const ScheduleEntry& entry : *plan) {
    EXPECT_GE(entry.start, At(2024, 3, 18, 0))
        << clinic::FormatDate(clinic::Date{std::chrono::floor<days>(entry.start)});
  }
  ASSERT_FALSE(course.unplaced.empty());
  EXPECT_EQ(course.unplaced_sessions, static_cast<int>(course.unplaced.size()));
  for (const plan::UnplacedSession& unplaced : course.unplaced) {
    EXPECT_EQ(unplaced.reason, plan::UnplacedReason::kClosedOrBlocked) << unplaced.detail;
  }
}

}  // namespace
}  // namespace backcare::app
