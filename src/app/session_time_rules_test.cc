// The time rules of sessions and courses through the use cases (issue 20, "states that respect
// time"): each case was observed to succeed before these rules, and each refusal writes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "app/note_service.h"
#include "app/schedule_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using testing::At;
using testing::Day;
using testing::MinimalNote;
using testing::PlanOf;
using testing::TestClinic;

// A clinic whose patient 1 has a course starting on TestNow's day (Monday 2024-03-04).
struct CourseFixture {
  TestClinic t;
  StartedCourse course;
  CourseFixture() {
    t.ScreenClear(t.patient_1);
    auto started = t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}});
    BACKCARE_CHECK(started.has_value());
    course = *started;
  }
  // The first session starting at least `ahead` after now.
  ScheduleEntry SessionAhead(clinic::Timestamp::duration ahead) {
    const clinic::Timestamp from = t.clock.Now() + ahead;
    for (const ScheduleEntry& entry : PlanOf(t, t.patient_1)) {
      if (entry.start >= from) return entry;
    }
    BACKCARE_CHECK(false);
    return {};
  }
};

TEST(SessionTimeRulesTest, ASessionAMonthAheadIsNotAttendedMissedOrNoted) {
  CourseFixture f;
  TestClinic& t = f.t;
  const ScheduleEntry ahead = f.SessionAhead(days{30});
  const std::string id = std::to_string(ahead.session_id.value());
  ASSERT_ERROR_AND_ASSIGN(Error attend, t.schedule.MarkAttended(t.front_desk, ahead.session_id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_NE(attend.message.find("session " + id + " starts at "), std::string::npos);
  EXPECT_NE(attend.message.find("it can be marked attended only from its start"),
            std::string::npos);
  ASSERT_ERROR_AND_ASSIGN(Error miss, t.schedule.MarkMissed(t.front_desk, ahead.session_id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_NE(miss.message.find("marked missed only from its start"), std::string::npos);
  ASSERT_ERROR_AND_ASSIGN(Error note,
                          t.notes.DraftNote(t.therapist, ahead.session_id, MinimalNote()),
                          ErrorCode::kFailedPrecondition);
  EXPECT_NE(note.message.find("a note can be drafted only from its start"), std::string::npos);
  EXPECT_EQ(PlanOf(t, t.patient_1).size(), f.course.sessions.size());
  for (const ScheduleEntry& entry : PlanOf(t, t.patient_1)) {
    EXPECT_EQ(entry.status, clinic::SessionStatus::kBooked);
  }

  // From its start the visit is recorded and noted.
  t.clock.Set(ahead.start + minutes{5});
  auto drafted = t.notes.DraftNote(t.therapist, ahead.session_id, MinimalNote());
  ASSERT_OK(drafted);
  ASSERT_OK(t.schedule.MarkAttended(t.front_desk, ahead.session_id));
  ASSERT_OK(t.notes.SignNote(t.therapist, *drafted));
}

TEST(SessionTimeRulesTest, NobodyCancelsASessionFromThreeWeeksAgo) {
  CourseFixture f;
  TestClinic& t = f.t;
  const ScheduleEntry first = PlanOf(t, t.patient_1).front();
  t.clock.Set(first.start + days{21});
  const std::string expected = "session " + std::to_string(first.session_id.value()) +
                               " started at " +
                               plan::FormatUtc(std::chrono::floor<minutes>(first.start)) +
                               ": record it as attended or missed, not cancelled";
  ASSERT_ERROR_AND_ASSIGN(Error by_patient, t.schedule.Cancel(t.patient, first.session_id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(by_patient.message, expected);
  ASSERT_ERROR_AND_ASSIGN(Error by_desk, t.schedule.Cancel(t.front_desk, first.session_id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(by_desk.message, expected);
  ASSERT_ERROR(t.schedule.Reschedule(t.front_desk, {first.session_id, At(2024, 4, 30, 10), {}}),
               ErrorCode::kFailedPrecondition);
  EXPECT_EQ(PlanOf(t, t.patient_1).front().status, clinic::SessionStatus::kBooked);
  ASSERT_OK(t.schedule.MarkMissed(t.front_desk, first.session_id));
}

TEST(SessionTimeRulesTest, APatientCancelsOnlyWithTheClinicsNotice) {
  CourseFixture f;
  TestClinic& t = f.t;
  const ScheduleEntry next = f.SessionAhead(days{2});
  const ScheduleEntry later = f.SessionAhead(days{2} + (next.start - t.clock.Now()));
  t.clock.Set(next.start - hours{5});
  ASSERT_ERROR_AND_ASSIGN(Error late, t.schedule.Cancel(t.patient, next.session_id),
                          ErrorCode::kFailedPrecondition);
  EXPECT_NE(late.message.find(", in 5 h: the clinic asks for 24 h notice to cancel; please call "
                              "the clinic"),
            std::string::npos)
      << late.message;

  // The clinic may set its own notice; 4 hours lets this patient cancel.
  ASSERT_OK(t.clinics.UpdateClinic(t.admin, {"Synthetic Clinic", "Europe/London", 4}));
  auto clinic = t.clinics.GetClinic(t.admin);
  ASSERT_OK(clinic);
  EXPECT_EQ(clinic->patient_cancel_notice_hours, 4);
  ASSERT_ERROR_AND_ASSIGN(
      Error bad, t.clinics.UpdateClinic(t.admin, {"Synthetic Clinic", "Europe/London", 721}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(bad.fields.size(), 1u);
  EXPECT_EQ(bad.fields[0].path, "patient_cancel_notice_hours");
  ASSERT_OK(t.schedule.Cancel(t.patient, next.session_id));

  // The front desk records a late cancellation whatever the notice.
  t.clock.Set(later.start - minutes{30});
  ASSERT_ERROR(t.schedule.Cancel(t.patient, later.session_id), ErrorCode::kFailedPrecondition);
  ASSERT_OK(t.schedule.Cancel(t.front_desk, later.session_id));
}

TEST(SessionTimeRulesTest, ACourseStartsTodayUnlessBackEntered) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  ASSERT_ERROR_AND_ASSIGN(
      Error past, t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 2, 19), {}, {}}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(past.message,
            "course start 2024-02-19 is before today (2024-03-04 in the clinic's time zone): a "
            "course starts today or later; to record a course that began earlier, back-enter it "
            "with the outcome of each past session");
  EXPECT_TRUE(t.schedule.ListCourses(t.front_desk, t.patient_1)->empty());
  EXPECT_TRUE(PlanOf(t, t.patient_1).empty());

  StartCourseRequest request{t.patient_1, Day(2024, 2, 19), {}, {}};
  request.past_sessions = {{At(2024, 2, 19, 9), t.therapist_a, clinic::SessionStatus::kAttended}};
  ASSERT_ERROR_AND_ASSIGN(Error no_flag, t.schedule.StartCourse(t.front_desk, request),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(no_flag.fields.at(0).path, "past_sessions");

  request.back_entry = true;
  request.past_sessions.push_back(
      {At(2024, 2, 22, 9), t.therapist_a, clinic::SessionStatus::kBooked});
  ASSERT_ERROR_AND_ASSIGN(Error booked, t.schedule.StartCourse(t.front_desk, request),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(booked.fields.at(0).ToString(),
            "past_sessions[1].status: a past session is attended or missed, not booked");
  request.past_sessions[1] = {At(2024, 3, 5, 9), t.therapist_a, clinic::SessionStatus::kMissed};
  ASSERT_ERROR_AND_ASSIGN(Error future, t.schedule.StartCourse(t.front_desk, request),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(future.fields.at(0).ToString(),
            "past_sessions[1].start: 2024-03-05T09:00Z is not in the past");
  request.past_sessions[1] = {At(2024, 2, 12, 9), t.therapist_a, clinic::SessionStatus::kMissed};
  ASSERT_ERROR_AND_ASSIGN(Error early, t.schedule.StartCourse(t.front_desk, request),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(early.fields.at(0).ToString(),
            "past_sessions[1].start: 2024-02-12T09:00Z is before the course's start date "
            "2024-02-19");
  EXPECT_TRUE(PlanOf(t, t.patient_1).empty());

  request.past_sessions[1] = {At(2024, 2, 22, 9), t.therapist_a, clinic::SessionStatus::kMissed};
  request.past_sessions.push_back(
      {At(2024, 2, 26, 10), t.therapist_b, clinic::SessionStatus::kAttended});
  auto started = t.schedule.StartCourse(t.front_desk, request);
  ASSERT_OK(started);
  const std::vector<ScheduleEntry> plan = PlanOf(t, t.patient_1);
  ASSERT_EQ(plan.size(), started->sessions.size());
  int attended = 0;
  int missed = 0;
  for (const ScheduleEntry& entry : plan) {
    if (entry.start < t.clock.Now()) {
      EXPECT_NE(entry.status, clinic::SessionStatus::kBooked) << "a past session is never booked";
      attended += entry.status == clinic::SessionStatus::kAttended ? 1 : 0;
      missed += entry.status == clinic::SessionStatus::kMissed ? 1 : 0;
    } else {
      EXPECT_EQ(entry.status, clinic::SessionStatus::kBooked);
    }
  }
  EXPECT_EQ(attended, 2);
  EXPECT_EQ(missed, 1);
  EXPECT_EQ(plan.front().phase_id, "initial_relief");
  EXPECT_EQ(plan.front().start, At(2024, 2, 19, 9));
}

TEST(SessionTimeRulesTest, BookingAndReschedulingFollowThePlannersRules) {
  CourseFixture f;
  TestClinic& t = f.t;
  const std::vector<ScheduleEntry> before = PlanOf(t, t.patient_1);
  const ScheduleEntry& taken = before.at(1);  // a booked day of the course
  const auto day_of_taken = std::chrono::floor<days>(taken.start);
  struct Case {
    clinic::Timestamp start;
    std::string phase;
    ErrorCode code;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {At(2024, 3, 9, 10), "", ErrorCode::kFailedPrecondition, "closed on sat"},
      {At(2024, 3, 1, 10), "", ErrorCode::kFailedPrecondition, "is in the past"},
      {day_of_taken + hours{22}, "", ErrorCode::kFailedPrecondition, "open 08:00-19:00"},
      {day_of_taken + hours{17}, "", ErrorCode::kFailedPrecondition, "one session a day"},
      {At(2024, 3, 10, 3), "", ErrorCode::kFailedPrecondition, "closed on sun"},
      {At(2024, 3, 13, 10), "nonsense", ErrorCode::kInvalidInput, "session is invalid"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message_part);
    ASSERT_ERROR_AND_ASSIGN(
        Error book,
        t.schedule.Book(t.front_desk, {f.course.course_id, t.therapist_b, c.start, c.phase}),
        c.code);
    EXPECT_NE(book.message.find(c.message_part), std::string::npos) << book.message;
    if (c.phase.empty()) {
      ASSERT_ERROR_AND_ASSIGN(
          Error move,
          t.schedule.Reschedule(t.front_desk, {before.back().session_id, c.start, t.therapist_b}),
          c.code);
      EXPECT_NE(move.message.find(c.message_part), std::string::npos) << move.message;
    }
  }
  EXPECT_EQ(PlanOf(t, t.patient_1), before) << "a refused booking or move writes nothing";
}

}  // namespace
}  // namespace backcare::app

namespace backcare::app {
namespace {

TEST(SessionTimeRulesTest, UnplacedSessionsAreListedWithPhaseWeekAndReason) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  // The patient can only come on Saturdays, when the clinic is closed: nothing can be placed.
  StartCourseRequest request{t.patient_1, Day(2024, 3, 4), {}, {}};
  request.availability = {{std::chrono::Saturday, hours{9}, hours{12}}};
  ASSERT_OK_AND_ASSIGN(StartedCourse started, t.schedule.StartCourse(t.front_desk, request));
  EXPECT_TRUE(started.sessions.empty());
  ASSERT_EQ(started.unplaced.size(), 21u);
  EXPECT_EQ(started.unplaced_sessions, 21);
  EXPECT_EQ(started.unplaced.front().phase_id, "initial_relief");
  EXPECT_EQ(started.unplaced.front().week, 0);
  EXPECT_EQ(started.unplaced.front().reason, plan::UnplacedReason::kNoCommonWindow);
  EXPECT_EQ(started.unplaced.back().phase_id, "maintenance");
}

TEST(SessionTimeRulesTest, ASlotAlreadyPastWhenTheCourseStartsIsListedNotBooked) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  t.clock.Set(At(2024, 3, 4, 12));  // Monday noon: the planner's 08:00 slot has gone
  ASSERT_OK_AND_ASSIGN(
      StartedCourse started,
      t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  for (const ScheduleEntry& entry : PlanOf(t, t.patient_1)) {
    EXPECT_GE(entry.start, t.clock.Now()) << "a booked session in the past";
  }
  ASSERT_EQ(started.unplaced.size(), 1u);
  EXPECT_EQ(started.unplaced[0].reason, plan::UnplacedReason::kWindowPassed);
  EXPECT_EQ(started.unplaced[0].detail, "week 0: the slot 2024-03-04T08:00 was already past");
  EXPECT_EQ(started.sessions.size() + started.unplaced.size(), 21u);
}

}  // namespace
}  // namespace backcare::app
