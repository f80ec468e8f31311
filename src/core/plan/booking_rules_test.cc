#include "core/plan/booking_rules.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/plan/plan_fixtures.h"
#include "core/plan/planner.h"
#include "testing/status_matchers.h"

namespace backcare::plan {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;

clinic::Timestamp At(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
         hours{hour} + minutes{minute};
}

clinic::Session SessionAt(std::int64_t id, clinic::Timestamp start, std::string phase,
                          clinic::SessionStatus status = clinic::SessionStatus::kBooked) {
  clinic::Session session;
  session.id = SessionId(id);
  session.course_id = CourseId(1);
  session.patient_id = PatientId(5);
  session.start = start;
  session.end = start + hours{1};
  session.phase_id = std::move(phase);
  session.status = status;
  return session;
}

class BookingRulesTest : public ::testing::Test {
 protected:
  BookingRulesTest() : zone_("Test/UTC", minutes{0}) {}

  Status Check(const clinic::Session& candidate, clinic::Timestamp now) {
    const std::vector<WeeklyWindow> opening = DefaultOpeningHours();  // Mon-Fri 08:00-19:00
    return CheckBookable({protocol_, zone_, opening, patient_sessions_, closures_}, candidate, now);
  }

  protocol::Protocol protocol_ = fixtures::ArticleProtocol();
  ports::FakeTimeZone zone_;
  std::vector<clinic::Session> patient_sessions_;
  std::vector<clinic::ClinicClosure> closures_;
  // Monday 2024-03-04 08:00Z.
  clinic::Timestamp now_ = At(2024, 3, 4, 8);
};

TEST_F(BookingRulesTest, AWeekdayInsideOpeningHoursIsBookable) {
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 5, 9), "initial_relief"), now_));
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 5, 18), "initial_relief"), now_));  // ends at 19:00
}

TEST_F(BookingRulesTest, AnUnknownPhaseIsAnInvalidField) {
  ASSERT_ERROR_AND_ASSIGN(Error error, Check(SessionAt(0, At(2024, 3, 5, 9), "nonsense"), now_),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].path, "phase_id");
  EXPECT_EQ(error.fields[0].message,
            "'nonsense' is not a phase of protocol 'deep-tissue-chronic-low-back-pain' "
            "(initial_relief, structural_change, maintenance)");
}

TEST_F(BookingRulesTest, APastTimeIsRefused) {
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          Check(SessionAt(0, At(2024, 3, 1, 9), "initial_relief"), now_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message, "the start 2024-03-01T09:00Z is in the past (now 2024-03-04T08:00Z)");
}

TEST_F(BookingRulesTest, ClosedDaysAndHoursAreRefusedWithTheOpeningHours) {
  ASSERT_ERROR_AND_ASSIGN(Error saturday,
                          Check(SessionAt(0, At(2024, 3, 9, 10), "initial_relief"), now_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(saturday.message,
            "the clinic is closed at 2024-03-09T10:00 (sat, Test/UTC): closed on sat");
  ASSERT_ERROR_AND_ASSIGN(Error sunday_night,
                          Check(SessionAt(0, At(2024, 3, 10, 3), "initial_relief"), now_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(sunday_night.message,
            "the clinic is closed at 2024-03-10T03:00 (sun, Test/UTC): closed on sun");
  ASSERT_ERROR_AND_ASSIGN(Error late,
                          Check(SessionAt(0, At(2024, 3, 5, 22), "initial_relief"), now_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.message,
            "the clinic is closed at 2024-03-05T22:00 (tue, Test/UTC) for a 60-minute session: "
            "open 08:00-19:00");
  // Starting inside the hours is not enough: the whole session must fit.
  EXPECT_ERROR(Check(SessionAt(0, At(2024, 3, 5, 18, 30), "initial_relief"), now_),
               ErrorCode::kFailedPrecondition);
}

TEST_F(BookingRulesTest, AClosedDayIsRefusedNamingTheClosure) {
  clinic::ClinicClosure closure;
  closure.id = ClosureId(7);
  closure.first_day = std::chrono::year{2024} / 3 / 6;
  closure.last_day = std::chrono::year{2024} / 3 / 7;
  closure.reason = "Staff training";
  closures_.push_back(closure);
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          Check(SessionAt(0, At(2024, 3, 7, 9), "initial_relief"), now_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "the clinic is closed on 2024-03-07: closure 7 'Staff training' "
            "(2024-03-06..2024-03-07)");
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 5, 9), "initial_relief"), now_));
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 8, 9), "initial_relief"), now_));
}

TEST_F(BookingRulesTest, OpeningHoursAreTheClinicsLocalTime) {
  zone_ = ports::FakeTimeZone("Test/Minus5", minutes{-5 * 60});
  // 13:00Z is 08:00 local: open. 02:00Z on Wednesday is 21:00 local on Tuesday: closed.
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 5, 13), "initial_relief"), now_));
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          Check(SessionAt(0, At(2024, 3, 6, 2), "initial_relief"), now_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "the clinic is closed at 2024-03-05T21:00 (tue, Test/Minus5) for a 60-minute session: "
            "open 08:00-19:00");
}

TEST_F(BookingRulesTest, OneSessionAPatientADayWhateverTheCourse) {
  patient_sessions_.push_back(SessionAt(11, At(2024, 3, 6, 9), "initial_relief"));
  patient_sessions_.back().course_id = CourseId(2);
  ASSERT_ERROR_AND_ASSIGN(Error error, Check(SessionAt(0, At(2024, 3, 6, 17), "maintenance"), now_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message, "patient 5 already has session 11 on 2024-03-06: one session a day");
}

TEST_F(BookingRulesTest, ThePhasesSpacingHoldsWithinTheCourse) {
  patient_sessions_.push_back(SessionAt(11, At(2024, 3, 5, 9), "initial_relief"));
  // The article's first phase keeps sessions 2 days apart: Wednesday is 1 day after Tuesday.
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          Check(SessionAt(0, At(2024, 3, 6, 9), "initial_relief"), now_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "session 11 on 2024-03-05 is 1 day(s) away: phase 'initial_relief' keeps sessions 2 "
            "days apart");
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 7, 9), "initial_relief"), now_));
  // Another phase of the course has its own spacing (none here beyond one a day).
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 6, 9), "structural_change"), now_));
}

TEST_F(BookingRulesTest, MissedAndCancelledSessionsTakeNoDayAndAMovingSessionIgnoresItself) {
  patient_sessions_.push_back(
      SessionAt(11, At(2024, 3, 5, 9), "initial_relief", clinic::SessionStatus::kMissed));
  patient_sessions_.push_back(
      SessionAt(12, At(2024, 3, 6, 9), "initial_relief", clinic::SessionStatus::kCancelled));
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 5, 15), "initial_relief"), now_));
  EXPECT_OK(Check(SessionAt(0, At(2024, 3, 6, 15), "initial_relief"), now_));
  patient_sessions_.push_back(SessionAt(13, At(2024, 3, 7, 9), "initial_relief"));
  EXPECT_OK(Check(SessionAt(13, At(2024, 3, 7, 15), "initial_relief"), now_));
}

}  // namespace
}  // namespace backcare::plan
