#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::PlanOf;
using testing::TestClinic;

struct Started {
  TestClinic t;
  CourseId course;
  explicit Started() {
    t.ScreenClear(t.patient_1, 8);  // baseline NPRS 8
    auto started = t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}});
    BACKCARE_CHECK(started.has_value());
    course = started->course_id;
  }
};

TEST(DischargeTest, EndsTheCourseCancelsFutureBookingsAndComparesFinalScores) {
  Started s;
  TestClinic& t = s.t;
  t.clock.Advance(std::chrono::weeks{6});
  ASSERT_OK(t.questionnaires.Submit(t.patient, {t.patient_1, {"nprs", {4}, ""}}));
  const clinic::Timestamp now = t.clock.Now();
  const std::vector<ScheduleEntry> before = PlanOf(t, t.patient_1);
  const auto future_booked = std::count_if(before.begin(), before.end(), [&](const auto& e) {
    return e.status == clinic::SessionStatus::kBooked && e.start > now;
  });
  ASSERT_GT(future_booked, 0);

  ASSERT_OK_AND_ASSIGN(
      DischargeSummary summary,
      t.schedule.DischargeCourse(
          t.therapist, {s.course, clinic::DischargeOutcome::kGoalsMet, "pain-free walking"}));
  EXPECT_EQ(summary.status, clinic::CourseStatus::kCompleted);
  EXPECT_EQ(summary.discharge.discharged_on, Day(2024, 4, 15));  // 6 weeks after 2024-03-04
  EXPECT_EQ(static_cast<long>(summary.cancelled_sessions.size()), future_booked);
  ASSERT_EQ(summary.changes.size(), 1u);  // NPRS only: no other instrument was scored
  EXPECT_EQ(summary.changes[0].baseline, 8);
  EXPECT_EQ(summary.changes[0].latest, 4);
  EXPECT_EQ(summary.changes[0].responder_class, "substantial");  // 50 %

  for (const ScheduleEntry& entry : PlanOf(t, t.patient_1)) {
    EXPECT_FALSE(entry.status == clinic::SessionStatus::kBooked && entry.start > now)
        << "session " << entry.session_id.value() << " is still booked";
  }
  ASSERT_OK_AND_ASSIGN(std::vector<CourseView> courses,
                       t.schedule.ListCourses(t.therapist, t.patient_1));
  ASSERT_TRUE(courses.front().course.discharge.has_value());
  EXPECT_EQ(courses.front().course.discharge->note, "pain-free walking");
  EXPECT_EQ(courses.front().course.discharge->outcome, clinic::DischargeOutcome::kGoalsMet);
  // The course list repeats the discharge's final scores for clinicians, later too.
  ASSERT_EQ(courses.front().changes.size(), 1u);
  EXPECT_EQ(courses.front().changes[0].baseline, 8);
  EXPECT_EQ(courses.front().changes[0].latest, 4);
  EXPECT_EQ(courses.front().changes[0].responder_class, "substantial");
  // The front desk learns that and when it ended, not the note or the scores.
  ASSERT_OK_AND_ASSIGN(std::vector<CourseView> desk_view,
                       t.schedule.ListCourses(t.front_desk, t.patient_1));
  ASSERT_TRUE(desk_view.front().course.discharge.has_value());
  EXPECT_FALSE(desk_view.front().clinical);
  EXPECT_EQ(desk_view.front().course.discharge->note, "");
  EXPECT_TRUE(desk_view.front().changes.empty());

  // Ended once: a second discharge is refused and changes nothing.
  ASSERT_ERROR_AND_ASSIGN(
      Error again,
      t.schedule.DischargeCourse(t.therapist, {s.course, clinic::DischargeOutcome::kPlateau, ""}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.message, "course " + std::to_string(s.course.value()) +
                               " is completed, not active: it has ended");
}

TEST(DischargeTest, OutcomesOtherThanGoalsOrPlateauDiscontinueAndOnlyClinicalRolesDischarge) {
  Started s;
  TestClinic& t = s.t;
  EXPECT_ERROR(t.schedule.DischargeCourse(t.front_desk,
                                          {s.course, clinic::DischargeOutcome::kReferredOn, ""}),
               ErrorCode::kPermissionDenied);
  EXPECT_ERROR(
      t.schedule.DischargeCourse(
          t.therapist, {s.course, clinic::DischargeOutcome::kReferredOn, std::string(4001, 'x')}),
      ErrorCode::kInvalidInput);
  ASSERT_OK_AND_ASSIGN(DischargeSummary summary,
                       t.schedule.DischargeCourse(
                           t.admin, {s.course, clinic::DischargeOutcome::kLostToFollowUp, ""}));
  EXPECT_EQ(summary.status, clinic::CourseStatus::kDiscontinued);
  EXPECT_TRUE(summary.changes.empty());  // only the baseline: nothing to compare
}

}  // namespace
}  // namespace backcare::app
