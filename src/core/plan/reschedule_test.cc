#include "core/plan/reschedule.h"

#include <gtest/gtest.h>

#include "core/plan/plan_fixtures.h"
#include "core/plan/planner.h"
#include "testing/status_matchers.h"

namespace backcare::plan {
namespace {

using fixtures::Date;
using fixtures::Window;
using std::chrono::days;
using std::chrono::hours;

class RescheduleTest : public ::testing::Test {
 protected:
  RescheduleTest() : zone_("Test/UTC", hours(0)) {
    clinic_.time_zone = &zone_;
    clinic_.opening_hours = DefaultOpeningHours();
    clinic_.therapists = {fixtures::FullTimeTherapist(1), fixtures::FullTimeTherapist(2)};
    request_.course_id = CourseId(1);
    request_.patient_id = PatientId(10);
    request_.start_date = Date(2024, 3, 4);  // Monday
    request_.availability.windows = {Window(1, 9, 12), Window(3, 9, 12), Window(5, 9, 12)};
    auto planned = PlanCourse(protocol_, request_, clinic_, book_);
    EXPECT_OK(planned);
    plan_ = planned.value_or(CoursePlan{});
    AddToBook(plan_, book_);
  }

  RescheduleResult Apply(const RescheduleEvent& event, LocalDate today) {
    auto result = Reschedule(protocol_, request_, clinic_, book_, plan_, event, today);
    EXPECT_OK(result);
    if (!result) return {};
    // Every rescheduled plan goes back into the book and must not double-book anything.
    RemoveFromBook(plan_, book_);
    AddToBook(result->plan, book_);
    Status conflicts = CheckNoConflicts(book_.All());
    EXPECT_OK(conflicts);
    return *result;
  }

  std::vector<std::string> Changes(const RescheduleResult& result) {
    std::vector<std::string> out;
    for (const SessionChange& change : result.changes) out.push_back(change.ToString());
    return out;
  }

  static int Planned(const CoursePlan& plan) {
    int n = 0;
    for (const PlannedSession& s : plan.sessions) n += s.status == PlannedSessionStatus::kPlanned;
    return n;
  }

  ports::FakeTimeZone zone_;
  protocol::Protocol protocol_ = fixtures::ArticleProtocol();
  ClinicCalendar clinic_;
  CourseRequest request_;
  BookingBook book_;
  CoursePlan plan_;
};

TEST_F(RescheduleTest, BaselinePlanUsesMondayWednesdayThenMondays) {
  ASSERT_EQ(plan_.sessions.size(), 21u);
  EXPECT_EQ(FormatLocalDateTime(plan_.FindSession(2)->local_start), "2024-03-06T09:00");
  EXPECT_EQ(FormatLocalDateTime(plan_.FindSession(9)->local_start), "2024-04-01T09:00");
  EXPECT_EQ(FormatLocalDateTime(plan_.FindSession(17)->local_start), "2024-05-27T09:00");
}

TEST_F(RescheduleTest, CancelledSessionExtendsItsPhaseAndShiftsLaterPhases) {
  RescheduleResult result = Apply(RescheduleEvent::Cancelled(3), Date(2024, 3, 8));
  std::vector<std::string> changes = Changes(result);
  ASSERT_EQ(changes.size(), 1u + 1u + 8u + 5u);  // cancel, make-up, 13 shifted sessions
  EXPECT_EQ(changes[0], "session 3 cancelled: 2024-03-11T09:00 therapist 1 (cancelled)");
  // The make-up takes the extension week (course week 4), on the phase's first weekday; the
  // change names the lost session it replaces, old -> new.
  EXPECT_EQ(changes[1],
            "session 22 added: 2024-03-11T09:00 therapist 1 -> 2024-04-01T09:00 therapist 1 "
            "(make-up for session 3, a lost initial_relief session)");
  // The structural phase starts a week later, on the same weekday and time.
  EXPECT_EQ(changes[2],
            "session 9 moved: 2024-04-01T09:00 therapist 1 -> 2024-04-08T09:00 therapist 1 "
            "(phase 'structural_change' starts later after lost sessions)");
  EXPECT_EQ(changes.back(),
            "session 21 moved: 2024-08-05T09:00 therapist 1 -> 2024-08-12T09:00 therapist 1 "
            "(phase 'maintenance' starts later after lost sessions)");
  const CoursePlan& plan = result.plan;
  EXPECT_EQ(Planned(plan), 21);  // nothing dropped
  EXPECT_EQ(plan.FindSession(3)->status, PlannedSessionStatus::kCancelled);
  EXPECT_EQ(plan.FindSession(3)->sequence, 1);
  EXPECT_EQ(plan.FindSession(22)->phase_id, "initial_relief");
  EXPECT_TRUE(plan.FindSession(22)->make_up);
  EXPECT_EQ(plan.phases[0].end_week, 5);
  EXPECT_EQ(plan.phases[1].start_week, 5);
  EXPECT_EQ(plan.phases[2].end_week, 27);
  EXPECT_TRUE(plan.unplaced.empty());
}

TEST_F(RescheduleTest, ExtensionWeeksHoldTheCadenceNotMore) {
  RescheduleResult first = Apply(RescheduleEvent::Cancelled(3), Date(2024, 3, 8));
  plan_ = first.plan;
  RescheduleResult second = Apply(RescheduleEvent::Cancelled(5), Date(2024, 3, 8));
  // The second lost session fills the extension week's second slot: no further shift.
  std::vector<std::string> changes = Changes(second);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0], "session 5 cancelled: 2024-03-18T09:00 therapist 1 (cancelled)");
  EXPECT_EQ(changes[1],
            "session 23 added: 2024-03-18T09:00 therapist 1 -> 2024-04-03T09:00 therapist 1 "
            "(make-up for session 5, a lost initial_relief session)");
  EXPECT_EQ(second.plan.phases[0].end_week, 5);
  EXPECT_EQ(second.plan.phases[0].lost_sessions, 2);
  EXPECT_EQ(Planned(second.plan), 21);
}

TEST_F(RescheduleTest, MissedSessionsInEachPhase) {
  struct Case {
    int session;
    LocalDate today;
    std::string make_up;  // the added session's change line
    std::size_t shifted;
  };
  const std::vector<Case> cases = {
      {10, Date(2024, 4, 8),
       "session 22 added: 2024-04-08T09:00 therapist 1 -> 2024-05-27T09:00 therapist 1 (make-up "
       "for session 10, a lost structural_change session)",
       5},
      {20, Date(2024, 7, 8),
       "session 22 added: 2024-07-08T09:00 therapist 1 -> 2024-09-02T09:00 therapist 1 (make-up "
       "for session 20, a lost maintenance session)",
       0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.session);
    RescheduleResult result = Apply(RescheduleEvent::Missed(c.session), c.today);
    std::vector<std::string> changes = Changes(result);
    ASSERT_EQ(changes.size(), 2u + c.shifted);
    EXPECT_EQ(result.plan.FindSession(c.session)->status, PlannedSessionStatus::kMissed);
    EXPECT_EQ(changes[0].substr(0, 18), "session " + std::to_string(c.session) + " missed:");
    EXPECT_NE(std::find(changes.begin(), changes.end(), c.make_up), changes.end());
    EXPECT_EQ(Planned(result.plan), 21);
    // Restore the original plan and book for the next case.
    RemoveFromBook(result.plan, book_);
    AddToBook(plan_, book_);
  }
}

// A miss recorded late (today 2024-04-17, course week 6): the initial phase's extension week 4
// (2024-04-01..2024-04-07) has passed, so the make-up goes to the week from today, where the
// structural phase's future sessions make room by moving one week later. Nothing is unplaced.
TEST_F(RescheduleTest, MakeUpWhoseExtensionWeekPassedGoesToTheWeekFromToday) {
  const LocalDate today = Date(2024, 4, 17);  // Wednesday
  RescheduleResult result = Apply(RescheduleEvent::Missed(3), today);
  std::vector<std::string> changes = Changes(result);
  ASSERT_EQ(changes.size(), 2u + 10u);  // missed, make-up, sessions 12-21 one week later
  EXPECT_EQ(changes[0], "session 3 missed: 2024-03-11T09:00 therapist 1 (missed)");
  EXPECT_EQ(changes[1],
            "session 22 added: 2024-03-11T09:00 therapist 1 -> 2024-04-22T09:00 therapist 1 "
            "(make-up for session 3, a lost initial_relief session; its extension week 4 "
            "(2024-04-01..2024-04-07) had passed)");
  EXPECT_EQ(changes[2],
            "session 12 moved: 2024-04-22T09:00 therapist 1 -> 2024-04-29T09:00 therapist 1 "
            "(phase 'structural_change' starts later after lost sessions)");
  const CoursePlan& plan = result.plan;
  EXPECT_TRUE(plan.unplaced.empty());
  EXPECT_EQ(Planned(plan), 21);
  const PlannedSession* make_up = plan.FindSession(22);
  ASSERT_NE(make_up, nullptr);
  EXPECT_TRUE(make_up->make_up);
  EXPECT_EQ(make_up->phase_id, "initial_relief");
  EXPECT_EQ(make_up->week, 7);  // 2024-04-22
  EXPECT_EQ(plan.phases[0].lost_sessions, 1);
  // Sessions before today stayed where they were.
  EXPECT_EQ(FormatLocalDateTime(plan.FindSession(11)->local_start), "2024-04-15T09:00");

  // A second late miss in the same twice-weekly phase shares the extension: its make-up takes
  // the week's other slot (at least 2 days from every session), and nothing moves again.
  plan_ = plan;
  RescheduleResult second = Apply(RescheduleEvent::Missed(5), today);
  EXPECT_EQ(Changes(second),
            (std::vector<std::string>{
                "session 5 missed: 2024-03-18T09:00 therapist 1 (missed)",
                "session 23 added: 2024-03-18T09:00 therapist 1 -> 2024-04-17T09:00 therapist 1 "
                "(make-up for session 5, a lost initial_relief session; its extension week 4 "
                "(2024-04-01..2024-04-07) had passed)"}));
  EXPECT_TRUE(second.plan.unplaced.empty());
  EXPECT_EQ(Planned(second.plan), 21);
  // The cadence holds around the make-ups: no two sessions on one day, initial-phase sessions
  // at least 2 days from every other session.
  std::vector<const PlannedSession*> planned;
  for (const PlannedSession& s : second.plan.sessions) {
    if (s.status == PlannedSessionStatus::kPlanned) planned.push_back(&s);
  }
  for (const PlannedSession* a : planned) {
    for (const PlannedSession* b : planned) {
      if (a == b) continue;
      auto gap = a->Date() > b->Date() ? a->Date() - b->Date() : b->Date() - a->Date();
      int needed = a->phase_id == "initial_relief" || b->phase_id == "initial_relief" ? 2 : 1;
      EXPECT_GE(gap.count(), needed) << a->number << " and " << b->number;
    }
  }
}

// A miss recorded during the extension week, with no day of it left (today is its Saturday):
// the make-up moves on to the following week.
TEST_F(RescheduleTest, LateMakeUpWithNoDayLeftInItsWeekTakesTheNext) {
  RescheduleResult result = Apply(RescheduleEvent::Missed(3), Date(2024, 4, 6));
  std::vector<std::string> changes = Changes(result);
  ASSERT_GE(changes.size(), 3u);
  EXPECT_EQ(changes[1],
            "session 22 added: 2024-03-11T09:00 therapist 1 -> 2024-04-08T09:00 therapist 1 "
            "(make-up for session 3, a lost initial_relief session; its extension week 4 "
            "(2024-04-01..2024-04-07) began before today)");
  EXPECT_EQ(changes[2],
            "session 10 moved: 2024-04-08T09:00 therapist 1 -> 2024-04-15T09:00 therapist 1 "
            "(phase 'structural_change' starts later after lost sessions)");
  EXPECT_TRUE(result.plan.unplaced.empty());
  EXPECT_EQ(result.plan.FindSession(22)->week, 5);
  EXPECT_EQ(Planned(result.plan), 21);
}

// When no week up to the end of the (extended) course has room, the late make-up is listed as
// unplaced, naming the weeks tried, never dropped. The last session (2024-08-05) is recorded as
// missed on 2024-09-20; its extension (4 weeks, week 26 from 2024-09-02) has passed and the
// patient cannot come until November.
TEST_F(RescheduleTest, LateMakeUpWithNoRoomUpToTheEndIsListedNotDropped) {
  request_.availability.blocked = {{Date(2024, 9, 20), Date(2024, 10, 31)}};
  RescheduleResult result = Apply(RescheduleEvent::Missed(21), Date(2024, 9, 20));
  const std::string why =
      "make-up for session 21, a lost maintenance session; its extension week 26 "
      "(2024-09-02..2024-09-08) had passed; weeks 28-29 (2024-09-20..2024-10-03): every allowed "
      "day is a clinic closure, a blocked date or therapist time off";
  EXPECT_EQ(Changes(result),
            (std::vector<std::string>{"session 21 missed: 2024-08-05T09:00 therapist 1 (missed)",
                                      "session 22 unplaced: (" + why + ")"}));
  ASSERT_EQ(result.plan.unplaced.size(), 1u);
  const UnplacedSession& unplaced = result.plan.unplaced[0];
  EXPECT_EQ(unplaced.number, 22);
  EXPECT_EQ(unplaced.phase_id, "maintenance");
  EXPECT_EQ(unplaced.week, 28);  // the first week tried; the window spans every week tried
  EXPECT_EQ(FormatDate(unplaced.window_first), "2024-09-20");
  EXPECT_EQ(FormatDate(unplaced.window_last), "2024-10-03");
  EXPECT_EQ(unplaced.reason, UnplacedReason::kClosedOrBlocked);
  EXPECT_EQ(unplaced.detail,
            "weeks 28-29 (2024-09-20..2024-10-03): every allowed day is a clinic closure, a "
            "blocked date or therapist time off");
  EXPECT_EQ(result.plan.phases[2].end_week, 30);
}

TEST_F(RescheduleTest, TherapistTimeOffMovesOnlyTheirSessionsToAnotherTherapist) {
  // Therapist 1 off for the whole of course week 5: the session keeps its day and time with
  // therapist 2; nothing else moves.
  RescheduleResult result = Apply(
      RescheduleEvent::TherapistTimeOff(TherapistId(1), {Date(2024, 4, 8), Date(2024, 4, 14)}),
      Date(2024, 4, 1));
  EXPECT_EQ(Changes(result),
            std::vector<std::string>{"session 10 moved: 2024-04-08T09:00 therapist 1 -> "
                                     "2024-04-08T09:00 therapist 2 (therapist 1 time off "
                                     "2024-04-08..2024-04-14)"});
  const PlannedSession* moved = result.plan.FindSession(10);
  EXPECT_EQ(moved->sequence, 1);
  EXPECT_EQ(moved->released_therapists, std::vector<TherapistId>{TherapistId(1)});
  EXPECT_EQ(result.plan.FindSession(11)->therapist, TherapistId(1));
}

TEST_F(RescheduleTest, PatientBlockedDatesMoveInsideTheWeekOrExtendThePhase) {
  struct Case {
    std::string name;
    DateRange blocked;
    std::vector<std::string> first_changes;
    int structural_end_week;
  };
  const std::vector<Case> cases = {
      {"one day",
       {Date(2024, 4, 8), Date(2024, 4, 8)},
       {"session 10 moved: 2024-04-08T09:00 therapist 1 -> 2024-04-10T09:00 therapist 1 "
        "(patient blocked 2024-04-08..2024-04-08)"},
       12},
      {"whole week",
       {Date(2024, 4, 8), Date(2024, 4, 14)},
       {"session 10 cancelled: 2024-04-08T09:00 therapist 1 (patient blocked "
        "2024-04-08..2024-04-14; no slot in week 5: every allowed day is a clinic closure, a "
        "blocked date or therapist time off)",
        "session 22 added: 2024-04-08T09:00 therapist 1 -> 2024-05-27T09:00 therapist 1 "
        "(make-up for session 10, a lost structural_change session)"},
       13},
  };
  CoursePlan original = plan_;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    RescheduleResult result = Apply(RescheduleEvent::PatientBlocked(c.blocked), Date(2024, 4, 1));
    std::vector<std::string> changes = Changes(result);
    ASSERT_GE(changes.size(), c.first_changes.size());
    changes.resize(c.first_changes.size());
    EXPECT_EQ(changes, c.first_changes);
    EXPECT_EQ(result.plan.phases[1].end_week, c.structural_end_week);
    EXPECT_EQ(Planned(result.plan), 21);
    for (const PlannedSession& s : result.plan.sessions) {
      if (s.status == PlannedSessionStatus::kPlanned) {
        EXPECT_FALSE(c.blocked.Contains(s.Date()));
      }
    }
    RemoveFromBook(result.plan, book_);
    AddToBook(original, book_);
  }
}

TEST_F(RescheduleTest, DoesNotDoubleBookAnotherCourse) {
  // A second course fills therapist 2's Monday and Wednesday mornings in course week 5.
  CourseRequest other = request_;
  other.course_id = CourseId(2);
  other.patient_id = PatientId(20);
  other.availability.windows = {Window(1, 9, 10), Window(3, 9, 10)};
  for (const LocalDate day : {Date(2024, 4, 8), Date(2024, 4, 10)}) {
    book_.Add({TherapistResource(TherapistId(2)), UtcMinutes{day.time_since_epoch()} + hours(9),
               UtcMinutes{day.time_since_epoch()} + hours(10), CourseId(2), 1});
  }
  RescheduleResult result = Apply(
      RescheduleEvent::TherapistTimeOff(TherapistId(1), {Date(2024, 4, 8), Date(2024, 4, 14)}),
      Date(2024, 4, 1));
  EXPECT_EQ(Changes(result),
            std::vector<std::string>{"session 10 moved: 2024-04-08T09:00 therapist 1 -> "
                                     "2024-04-08T10:00 therapist 2 (therapist 1 time off "
                                     "2024-04-08..2024-04-14)"});
}

TEST_F(RescheduleTest, RejectsImpossibleEvents) {
  struct Case {
    RescheduleEvent event;
    ErrorCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {RescheduleEvent::Cancelled(99), ErrorCode::kNotFound, "session 99 is not in course 1"},
      {RescheduleEvent::Cancelled(1), ErrorCode::kFailedPrecondition,
       "session 1 on 2024-03-04 is before today (2024-03-20): record it as missed"},
      {RescheduleEvent::Missed(9), ErrorCode::kFailedPrecondition,
       "session 9 on 2024-04-01 is after today (2024-03-20): cancel it instead"},
      {RescheduleEvent::TherapistTimeOff(TherapistId(9), {Date(2024, 4, 1), Date(2024, 4, 1)}),
       ErrorCode::kNotFound, "therapist 9 is not in the clinic"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    ASSERT_ERROR_AND_ASSIGN(
        Error error,
        Reschedule(protocol_, request_, clinic_, book_, plan_, c.event, Date(2024, 3, 20)), c.code);
    EXPECT_EQ(error.message, c.message);
  }
  ASSERT_OK_AND_ASSIGN(RescheduleResult once,
                       Reschedule(protocol_, request_, clinic_, book_, plan_,
                                  RescheduleEvent::Missed(1), Date(2024, 3, 20)));
  ASSERT_ERROR_AND_ASSIGN(Error twice,
                          Reschedule(protocol_, request_, clinic_, book_, once.plan,
                                     RescheduleEvent::Missed(1), Date(2024, 3, 20)),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(twice.message, "session 1 is already missed");
}

}  // namespace
}  // namespace backcare::plan
