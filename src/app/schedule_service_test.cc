#include "app/schedule_service.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/audit_trail.h"
#include "core/plan/booking_book.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::At;
using testing::Day;
using testing::FreeWeekday;
using testing::TestClinic;

TEST(ScheduleServiceTest, StartCoursePlansEverySessionOfTheProtocol) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  auto started = t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}});
  ASSERT_OK(started);
  // 4 weeks x 2 + 8 weeks x 1 + maintenance (weeks 12, 14, 16, then 18, 22) = 21 sessions.
  EXPECT_EQ(started->sessions.size(), 21u);
  EXPECT_EQ(started->unplaced_sessions, 0);
  auto plan = t.schedule.PatientPlan(t.patient, t.patient_1);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->size(), 21u);
  EXPECT_EQ(plan->front().phase_id, "initial_relief");
  EXPECT_EQ(plan->back().phase_id, "maintenance");
  EXPECT_TRUE(plan->front().patient_name.empty());  // a patient's own plan carries no name
}

TEST(ScheduleServiceTest, TwoCoursesNeverDoubleBookATherapist) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  t.ScreenClear(t.patient_2);
  ASSERT_TRUE(
      t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), t.therapist_a, {}}));
  ASSERT_TRUE(
      t.schedule.StartCourse(t.front_desk, {t.patient_2, Day(2024, 3, 4), t.therapist_a, {}}));
  auto view = t.schedule.ScheduleView(t.front_desk, At(2024, 3, 1, 0), At(2024, 12, 1, 0), {});
  ASSERT_TRUE(view);
  EXPECT_EQ(view->size(), 42u);
  std::vector<plan::BookedInterval> intervals;
  for (const ScheduleEntry& entry : *view) {
    intervals.push_back({plan::TherapistResource(entry.therapist_id),
                         std::chrono::floor<std::chrono::minutes>(entry.start),
                         std::chrono::floor<std::chrono::minutes>(entry.end), entry.course_id, 0});
    EXPECT_FALSE(entry.patient_name.empty());
  }
  EXPECT_TRUE(plan::CheckNoConflicts(intervals));
}

TEST(ScheduleServiceTest, ReferredOrUnscreenedPatientsCannotStartACourse) {
  TestClinic t;
  ASSERT_ERROR_AND_ASSIGN(
      Error unscreened, t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(unscreened.message, "patient " + std::to_string(t.patient_1.value()) +
                                    " cannot start a course: the patient has not been screened");

  t.ScreenClear(t.patient_1, 8, {"suspected_dvt"});
  ASSERT_ERROR_AND_ASSIGN(
      Error referred, t.schedule.StartCourse(t.therapist, {t.patient_1, Day(2024, 3, 4), {}, {}}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(referred.message,
            "patient " + std::to_string(t.patient_1.value()) +
                " cannot start a course: screening decision 'refer_urgent' does not allow "
                "treatment");
  // Front desk may not see screening results: the refusal does not name the decision.
  ASSERT_ERROR_AND_ASSIGN(
      Error desk, t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(desk.message, "patient " + std::to_string(t.patient_1.value()) +
                              " cannot start a course: not available for this patient now; a "
                              "therapist can say why");
}

TEST(ScheduleServiceTest, BookingOverAnotherSessionIsAConflict) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  t.ScreenClear(t.patient_2);
  auto first =
      t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), t.therapist_a, {}});
  ASSERT_TRUE(first);
  auto second =
      t.schedule.StartCourse(t.front_desk, {t.patient_2, Day(2024, 3, 11), t.therapist_b, {}});
  ASSERT_TRUE(second);
  auto plan = t.schedule.PatientPlan(t.front_desk, t.patient_1);
  ASSERT_TRUE(plan);
  // Patient 1's first session, in the week before patient 2's course starts: only the
  // therapist's time clashes (one session a patient a day is a rule of its own).
  const ScheduleEntry& taken = plan->front();
  ASSERT_ERROR_AND_ASSIGN(
      Error clash,
      t.schedule.Book(t.front_desk, {second->course_id, t.therapist_a, taken.start, ""}),
      ErrorCode::kConflict);
  EXPECT_EQ(clash.message, "therapist " + std::to_string(t.therapist_a.value()) +
                               " is already booked at that time (session " +
                               std::to_string(taken.session_id.value()) + ")");
  // A free slot: noon on a weekday in the structural phase when neither patient has a session.
  auto booked = t.schedule.Book(
      t.front_desk, {second->course_id, t.therapist_a,
                     FreeWeekday(t, {t.patient_1, t.patient_2}, Day(2024, 4, 15), 12), ""});
  ASSERT_OK(booked);
}

TEST(ScheduleServiceTest, OnlyBookedSessionsChangeAndTwoMissedRaiseAnAlert) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  auto started = t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}});
  ASSERT_TRUE(started);
  const SessionId s1 = started->sessions[0];
  const SessionId s2 = started->sessions[1];
  ASSERT_TRUE(t.schedule.MarkMissed(t.front_desk, s1));
  ASSERT_ERROR_AND_ASSIGN(Error again, t.schedule.MarkAttended(t.front_desk, s1),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.message, "session " + std::to_string(s1.value()) + " is missed, not booked");
  EXPECT_TRUE(t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kAll)->empty());
  t.clock.Set(t.store->BeginReadOnly().value()->GetSession(t.clinic_id, s2).value().start);
  ASSERT_TRUE(t.schedule.MarkMissed(t.front_desk, s2));
  auto alerts = t.alerts.ListAlerts(t.therapist, ports::AlertFilter::kUnacknowledged);
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().kind, "missed_sessions");
  EXPECT_EQ(alerts->front().record_id, started->course_id.value());
}

TEST(ScheduleServiceTest, RescheduleMovesAndCancelByPatientOnlyOwn) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  auto started = t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}});
  ASSERT_TRUE(started);
  // The last (maintenance) session moves a week later, to 10:00 on the same weekday.
  const SessionId s = started->sessions.back();
  const clinic::Timestamp old_start =
      t.store->BeginReadOnly().value()->GetSession(t.clinic_id, s).value().start;
  const clinic::Timestamp new_start = std::chrono::floor<std::chrono::days>(old_start) +
                                      std::chrono::days{7} + std::chrono::hours{10};
  ASSERT_TRUE(t.schedule.Reschedule(t.front_desk, {s, new_start, std::nullopt}));
  auto plan = t.schedule.PatientPlan(t.front_desk, t.patient_1);
  ASSERT_TRUE(plan);
  const auto moved = std::find_if(plan->begin(), plan->end(),
                                  [&](const ScheduleEntry& e) { return e.session_id == s; });
  ASSERT_NE(moved, plan->end());
  EXPECT_EQ(moved->start, new_start);
  EXPECT_EQ(moved->end, new_start + std::chrono::hours{1});

  ASSERT_ERROR_AND_ASSIGN(Error other, t.schedule.Cancel(t.patient2, s), ErrorCode::kNotFound);
  EXPECT_EQ(other.message, "session " + std::to_string(s.value()) + " not found");
  ASSERT_TRUE(t.schedule.Cancel(t.patient, s));
}

TEST(ScheduleServiceTest, EveryUseCaseLeavesAnIntactAuditChainWithoutNames) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  ASSERT_TRUE(t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}}));
  ASSERT_TRUE(t.schedule.ScheduleView(t.front_desk, At(2024, 3, 1, 0), At(2024, 4, 1, 0), {}));
  ASSERT_TRUE(t.audit_log.Flush());  // the read's event is written by the log's writer thread
  auto transaction = t.store->BeginReadOnly().value();
  auto events = transaction->ListAuditEvents(t.clinic_id, 0, 100000).value();
  auto report = VerifyAuditChain(*transaction, t.clinic_id);
  ASSERT_OK(report);
  EXPECT_EQ(report->events, static_cast<std::int64_t>(events.size()));
  EXPECT_EQ(events.back().action, "schedule.read");
  EXPECT_EQ(events.back().role, "front_desk");
  EXPECT_EQ(events.back().from_address, "192.0.2.1");
  for (const clinic::AuditEvent& event : events) {
    for (const std::string& field : {event.action, event.record_type, event.role}) {
      EXPECT_EQ(field.find("One"), std::string::npos);
      EXPECT_EQ(field.find("Pat"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace backcare::app
