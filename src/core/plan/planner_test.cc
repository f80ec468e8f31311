#include "core/plan/planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/plan/plan_fixtures.h"
#include "testing/status_matchers.h"

namespace backcare::plan {
namespace {

using fixtures::Date;
using fixtures::Window;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

class PlannerTest : public ::testing::Test {
 protected:
  PlannerTest() : zone_("Test/UTC+1", hours(1)) {
    clinic_.time_zone = &zone_;
    clinic_.opening_hours = DefaultOpeningHours();
    clinic_.therapists = {fixtures::FullTimeTherapist(1)};
    request_.course_id = CourseId(7);
    request_.patient_id = PatientId(70);
    request_.start_date = Date(2024, 3, 4);  // a Monday
    request_.availability.windows = {Window(1, 9, 12), Window(3, 9, 12), Window(4, 14, 18)};
  }

  CoursePlan Plan() {
    auto plan = PlanCourse(protocol_, request_, clinic_, book_);
    EXPECT_OK(plan);
    return plan ? *plan : CoursePlan{};
  }

  std::vector<const PlannedSession*> InPhase(const CoursePlan& plan, const std::string& id) {
    std::vector<const PlannedSession*> out;
    for (const PlannedSession& s : plan.sessions) {
      if (s.phase_id == id) out.push_back(&s);
    }
    return out;
  }

  ports::FakeTimeZone zone_;
  protocol::Protocol protocol_ = fixtures::ArticleProtocol();
  ClinicCalendar clinic_;
  CourseRequest request_;
  BookingBook book_;
};

int WeekOf(const CoursePlan& plan, const PlannedSession& s) {
  return static_cast<int>((s.Date() - plan.start_date).count() / 7);
}

TEST_F(PlannerTest, PlacesEveryArticleSessionWithCadence) {
  CoursePlan plan = Plan();
  EXPECT_TRUE(plan.unplaced.empty());
  ASSERT_EQ(plan.sessions.size(), 21u);  // 8 + 8 + 5
  // Table of cadence rules per phase: expected count and the weeks the sessions fall in.
  struct Case {
    std::string phase;
    std::vector<int> weeks;
  };
  const std::vector<Case> cases = {
      {"initial_relief", {0, 0, 1, 1, 2, 2, 3, 3}},
      {"structural_change", {4, 5, 6, 7, 8, 9, 10, 11}},
      {"maintenance", {12, 14, 16, 18, 22}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.phase);
    std::vector<int> weeks;
    for (const PlannedSession* s : InPhase(plan, c.phase)) weeks.push_back(WeekOf(plan, *s));
    EXPECT_EQ(weeks, c.weeks);
  }
}

TEST_F(PlannerTest, TwiceWeeklySessionsAreAtLeastMinDaysApart) {
  // Availability on consecutive days tempts the planner to put sessions 1 day apart.
  request_.availability.windows = {Window(1, 9, 12), Window(2, 9, 12), Window(3, 9, 12),
                                   Window(4, 9, 12)};
  CoursePlan plan = Plan();
  ASSERT_TRUE(plan.unplaced.empty());
  for (std::size_t i = 1; i < plan.sessions.size(); ++i) {
    auto gap = plan.sessions[i].Date() - plan.sessions[i - 1].Date();
    EXPECT_GE(gap, days(plan.sessions[i].phase_id == "initial_relief" ? 2 : 1))
        << "sessions " << plan.sessions[i - 1].number << " and " << plan.sessions[i].number;
  }
}

TEST_F(PlannerTest, WeeklyAndMaintenanceSessionsKeepAStableWeekdayAndTime) {
  CoursePlan plan = Plan();
  for (const std::string phase : {"structural_change", "maintenance"}) {
    SCOPED_TRACE(phase);
    std::set<std::pair<unsigned, long>> slots;
    for (const PlannedSession* s : InPhase(plan, phase)) {
      slots.insert({std::chrono::weekday{s->Date()}.c_encoding(),
                    (s->local_start - LocalMinutes{s->Date()}).count()});
    }
    EXPECT_EQ(slots.size(), 1u);
  }
  const PlannedSession& first = plan.sessions.front();
  EXPECT_EQ(FormatLocalDateTime(first.local_start), "2024-03-04T09:00");
  EXPECT_EQ(FormatUtc(first.utc_start), "2024-03-04T08:00Z");
  EXPECT_EQ(FormatLocalDateTime(first.local_end), "2024-03-04T10:00");
}

TEST_F(PlannerTest, AttachesCheckpoints) {
  CoursePlan plan = Plan();
  std::map<std::string, std::pair<std::string, std::optional<int>>> got;
  for (const CheckpointDue& due : plan.checkpoints) {
    got[due.id] = {due.due_date ? FormatDate(*due.due_date) : "", due.session_number};
  }
  // Sessions: week 0 Mon 4th (1), Wed 6th (2); ... session 9 is the first of week 4 (Apr 1).
  EXPECT_EQ(got["baseline"], std::make_pair(std::string("2024-03-04"), std::optional<int>(1)));
  EXPECT_EQ(got["session_6"], std::make_pair(std::string("2024-03-20"), std::optional<int>(6)));
  EXPECT_EQ(got["week_4"], std::make_pair(std::string("2024-04-01"), std::optional<int>(9)));
  EXPECT_EQ(got["week_12"], std::make_pair(std::string("2024-05-27"), std::optional<int>(17)));
  // Week 25 lies after the last maintenance session (week 22): due without a session.
  EXPECT_EQ(got["followup_3m"], std::make_pair(std::string("2024-08-26"), std::optional<int>()));
  EXPECT_EQ(plan.FindSession(1)->checkpoints, std::vector<std::string>{"baseline"});
}

TEST_F(PlannerTest, SkipsClinicClosures) {
  struct Case {
    std::string name;
    std::vector<DateRange> closures;
    std::size_t unplaced;
    std::string first_session;  // local start of session 1
  };
  const std::vector<Case> cases = {
      {"none", {}, 0, "2024-03-04T09:00"},
      {"first monday", {{Date(2024, 3, 4), Date(2024, 3, 4)}}, 0, "2024-03-06T09:00"},
      // The whole first week closed: both of its sessions are unplaced, nothing crammed later.
      {"first week", {{Date(2024, 3, 4), Date(2024, 3, 10)}}, 2, "2024-03-11T09:00"},
  };
  request_.availability.windows = {Window(1, 9, 12), Window(3, 9, 12), Window(5, 9, 12)};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    clinic_.closures = c.closures;
    CoursePlan plan = Plan();
    EXPECT_EQ(plan.unplaced.size(), c.unplaced);
    EXPECT_EQ(plan.sessions.size() + plan.unplaced.size(), 21u);
    EXPECT_EQ(FormatLocalDateTime(plan.sessions.front().local_start), c.first_session);
    for (const UnplacedSession& u : plan.unplaced) {
      EXPECT_EQ(u.reason, UnplacedReason::kClosedOrBlocked);
    }
    for (const PlannedSession& s : plan.sessions) {
      EXPECT_FALSE(AnyContains(c.closures, s.Date())) << s.number;
    }
  }
}

TEST_F(PlannerTest, ListsUnplacedSessionsWithReasons) {
  struct Case {
    std::string name;
    std::vector<WeeklyWindow> availability;
    std::vector<DateRange> blocked;
    std::size_t unplaced;
    UnplacedReason reason;
    std::string first_detail;
  };
  const std::vector<Case> cases = {
      {"mondays only",
       {Window(1, 9, 12)},
       {},
       4,
       UnplacedReason::kNoCommonWindow,
       "week 0 (2024-03-04..2024-03-10): the patient's availability, the opening hours and the "
       "therapists' working hours leave no 60-minute window"},
      {"saturdays only",
       {Window(6, 9, 12)},
       {},
       21,
       UnplacedReason::kNoCommonWindow,
       "week 0 (2024-03-04..2024-03-08): the patient's availability, the opening hours and the "
       "therapists' working hours leave no 60-minute window"},
      {"blocked week 2",
       {Window(1, 9, 12), Window(3, 9, 12)},
       {{Date(2024, 3, 18), Date(2024, 3, 24)}},
       2,
       UnplacedReason::kClosedOrBlocked,
       "week 2 (2024-03-18..2024-03-22): every allowed day is a clinic closure, a blocked date or "
       "therapist time off"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    request_.availability.windows = c.availability;
    request_.availability.blocked = c.blocked;
    CoursePlan plan = Plan();
    ASSERT_EQ(plan.unplaced.size(), c.unplaced);
    EXPECT_EQ(plan.sessions.size() + plan.unplaced.size(), 21u);  // never silently thinner
    EXPECT_EQ(plan.unplaced.front().reason, c.reason);
    EXPECT_EQ(plan.unplaced.front().detail, c.first_detail);
  }
}

UtcMinutes Utc(LocalDate date, int hour) {
  return UtcMinutes{date.time_since_epoch()} + hours(hour);
}

TEST_F(PlannerTest, PrefersThePrimaryTherapistAndFallsBackWhenTheyAreBooked) {
  clinic_.therapists.push_back(fixtures::FullTimeTherapist(2));
  for (unsigned day = 6; day <= 11; ++day) {  // therapist 2 has more bookings: 1 is primary
    book_.Add({TherapistResource(TherapistId(2)), Utc(Date(2025, 1, day), 9),
               Utc(Date(2025, 1, day), 10), CourseId(99), static_cast<int>(day)});
  }
  for (int day = 8; day <= 12; ++day) {  // therapist 1 is fully booked in course week 5
    book_.Add({TherapistResource(TherapistId(1)), Utc(Date(2024, 4, static_cast<unsigned>(day)), 7),
               Utc(Date(2024, 4, static_cast<unsigned>(day)), 18), CourseId(99), 2 + day});
  }
  CoursePlan plan = Plan();
  ASSERT_TRUE(plan.unplaced.empty());
  EXPECT_EQ(plan.primary_therapist, TherapistId(1));
  for (const PlannedSession& s : plan.sessions) {
    bool week_5 = WeekOf(plan, s) == 5;
    EXPECT_EQ(s.therapist, TherapistId(week_5 ? 2 : 1)) << "session " << s.number;
    if (week_5) {  // the fallback keeps the stable weekday and time
      EXPECT_EQ(FormatLocalDateTime(s.local_start), "2024-04-08T09:00");
    }
  }
}

TEST_F(PlannerTest, NeverDoubleBooksAcrossManyCoursesInOneBook) {
  clinic_.therapists.push_back(fixtures::FullTimeTherapist(2));
  clinic_.rooms = {{RoomId(1)}, {RoomId(2)}};
  request_.availability.windows.clear();
  for (unsigned day = 1; day <= 5; ++day)
    request_.availability.windows.push_back(Window(day, 8, 19));
  std::vector<BookedInterval> all;
  std::size_t placed = 0;
  for (int course = 1; course <= 40; ++course) {
    request_.course_id = CourseId(course);
    request_.patient_id = PatientId(course);
    request_.start_date = Date(2024, 3, 4) + days(course % 5);
    CoursePlan plan = Plan();
    placed += plan.sessions.size();
    EXPECT_EQ(plan.sessions.size() + plan.unplaced.size(), 21u);
    AddToBook(plan, book_);
    std::vector<BookedInterval> intervals = IntervalsOf(plan);
    all.insert(all.end(), intervals.begin(), intervals.end());
  }
  EXPECT_GT(placed, 800u);
  EXPECT_OK(CheckNoConflicts(all));
  EXPECT_EQ(book_.size(), all.size());
}

TEST_F(PlannerTest, RefusesReferralDecisions) {
  struct Case {
    screening::Decision decision;
    std::string message;  // empty: planned
  };
  const std::vector<Case> cases = {
      {screening::Decision::kClear, ""},
      {screening::Decision::kAvoidArea, ""},
      {screening::Decision::kModify, ""},
      {screening::Decision::kMedicalReview,
       "course cannot be planned: screening decision is 'medical_review'; treatment waits until "
       "the referral is resolved"},
      {screening::Decision::kReferUrgent,
       "course cannot be planned: screening decision is 'refer_urgent'; treatment waits until "
       "the referral is resolved"},
      {screening::Decision::kReferEmergency,
       "course cannot be planned: screening decision is 'refer_emergency'; treatment waits until "
       "the referral is resolved"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    request_.decision = c.decision;
    auto plan = PlanCourse(protocol_, request_, clinic_, book_);
    if (c.message.empty()) {
      EXPECT_OK(plan);
    } else {
      ASSERT_ERROR_AND_ASSIGN(Error error, plan, ErrorCode::kFailedPrecondition);
      EXPECT_EQ(error.message, c.message);
    }
  }
}

TEST_F(PlannerTest, CarriesRestrictionsAndQualifiesTherapistsByTechnique) {
  // Therapist 2 does not deliver trigger-point therapy.
  TherapistCalendar partial = fixtures::FullTimeTherapist(2);
  partial.techniques = {"muscle_stripping", "myofascial_release"};
  clinic_.therapists = {partial};
  ASSERT_ERROR_AND_ASSIGN(Error refused, PlanCourse(protocol_, request_, clinic_, book_),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.message,
            "no therapist delivers every technique the sessions use: muscle_stripping, "
            "trigger_point, myofascial_release");

  request_.decision = screening::Decision::kModify;
  request_.restrictions = {
      {"trigger_point", protocol::PrecautionAction::kDisable, "osteoporosis", "deep pressure"},
      {"muscle_stripping", protocol::PrecautionAction::kModify, "pregnancy", "side-lying only"},
  };
  CoursePlan plan = Plan();
  ASSERT_EQ(plan.sessions.size(), 21u);
  EXPECT_EQ(plan.techniques, (std::vector<std::string>{"muscle_stripping", "myofascial_release"}));
  for (const PlannedSession& s : plan.sessions) {
    EXPECT_EQ(s.therapist, TherapistId(2));
    EXPECT_EQ(s.techniques, plan.techniques);
    EXPECT_EQ(s.restrictions, request_.restrictions);
  }
}

TEST_F(PlannerTest, RejectsInvalidRequests) {
  struct Case {
    std::string name;
    int session_minutes;
    bool drop_phases;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"negative minutes", -5, false, "session_minutes: expected > 0, got -5"},
      {"no phases", 0, true, "protocol: expected at least one phase, got none"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    protocol::Protocol protocol = protocol_;
    if (c.drop_phases) protocol.phases.clear();
    request_.session_minutes = c.session_minutes;
    ASSERT_ERROR_AND_ASSIGN(Error error, PlanCourse(protocol, request_, clinic_, book_),
                            ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, c.message);
  }
}

TEST_F(PlannerTest, ChecksWhetherAvailabilityCanHoldTheCadence) {
  struct Case {
    std::string availability;
    std::string message;  // empty: feasible
  };
  const std::vector<Case> cases = {
      {"mon 09:00-12:00,thu 14:00-18:00", ""},
      {"mon 09:00-12:00,sat 09:00-12:00", ""},  // Sat->Mon is 2 days, Mon->Sat 5
      {"mon 09:00-12:00,tue 09:00-12:00",
       "--availability: phase 'initial_relief' needs 2 sessions a week at least 2 days apart, but "
       "the available days allow only 1"},
      {"mon 09:00-12:00,sat 09:00-12:00,sun 10:00-12:00", ""},
      {"sat 09:00-12:00,sun 09:00-12:00",
       "--availability: phase 'initial_relief' needs 2 sessions a week at least 2 days apart, but "
       "the available days allow only 1"},
      {"sun 09:00-12:00",
       "--availability: no window overlaps the clinic's opening hours for a 60-minute session"},
      {"mon 18:30-20:00",
       "--availability: no window overlaps the clinic's opening hours for a 60-minute session"},
  };
  clinic_.opening_hours = DefaultOpeningHours();
  clinic_.opening_hours.push_back(Window(6, 9, 13));  // open Saturday mornings
  for (const Case& c : cases) {
    SCOPED_TRACE(c.availability);
    ASSERT_OK_AND_ASSIGN(request_.availability.windows,
                         ParseWeeklyWindows(c.availability, "--availability"));
    Status status = CheckCadenceFeasible(protocol_, request_, clinic_, "--availability");
    if (c.message.empty()) {
      EXPECT_OK(status);
    } else {
      ASSERT_ERROR_AND_ASSIGN(Error error, status, ErrorCode::kInvalidInput);
      EXPECT_EQ(error.message, c.message);
    }
  }
}

TEST_F(PlannerTest, KeepsLocalTimeAcrossAnOffsetChangeAndSkipsGaps) {
  // The zone moves from UTC+1 to UTC+2 on Sunday 2024-03-31 at 01:00 UTC (03:00 local).
  zone_.AddTransition(Utc(Date(2024, 3, 31), 1), hours(2));
  CoursePlan plan = Plan();
  const PlannedSession* before = plan.FindSession(7);  // Mon 2024-03-25
  const PlannedSession* after = plan.FindSession(9);   // Mon 2024-04-01
  ASSERT_NE(before, nullptr);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(FormatLocalDateTime(before->local_start), "2024-03-25T09:00");
  EXPECT_EQ(FormatUtc(before->utc_start), "2024-03-25T08:00Z");
  EXPECT_EQ(FormatLocalDateTime(after->local_start), "2024-04-01T09:00");
  EXPECT_EQ(FormatUtc(after->utc_start), "2024-04-01T07:00Z");
}

}  // namespace
}  // namespace backcare::plan
