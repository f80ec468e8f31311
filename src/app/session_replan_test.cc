// Cancelled and missed sessions are made up through the core rescheduler (issue 20, item 2):
// the phase gains a make-up session at its end, later phases move, nothing is booked in the past,
// and a make-up that finds no slot is reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "app/clinic_service.h"
#include "app/schedule_service.h"
#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using std::chrono::days;
using std::chrono::hours;
using testing::Day;
using testing::PlanOf;
using testing::TestClinic;

std::vector<ScheduleEntry> Booked(TestClinic& t, PatientId patient) {
  std::vector<ScheduleEntry> booked;
  for (const ScheduleEntry& entry : PlanOf(t, patient)) {
    if (entry.status == clinic::SessionStatus::kBooked) booked.push_back(entry);
  }
  return booked;
}

const ScheduleEntry* Find(const std::vector<ScheduleEntry>& plan, SessionId id) {
  for (const ScheduleEntry& entry : plan) {
    if (entry.session_id == id) return &entry;
  }
  return nullptr;
}

// A clinic whose patient 1 has a course starting on TestNow's day (Monday 2024-03-04).
struct CourseFixture {
  TestClinic t;
  CourseFixture() {
    t.ScreenClear(t.patient_1);
    auto started = t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), {}, {}});
    BACKCARE_CHECK(started.has_value());
  }
  // The first booked session starting at least `ahead` after now.
  ScheduleEntry SessionAhead(clinic::Timestamp::duration ahead) {
    const clinic::Timestamp from = t.clock.Now() + ahead;
    for (const ScheduleEntry& entry : Booked(t, t.patient_1)) {
      if (entry.start >= from) return entry;
    }
    BACKCARE_CHECK(false);
    return {};
  }
};

TEST(SessionReplanTest, ACancelledFirstPhaseSessionGetsAMakeUpAtTheEndOfThePhase) {
  CourseFixture f;
  TestClinic& t = f.t;
  const ScheduleEntry cancelled = f.SessionAhead(days{2});
  const std::size_t booked_before = Booked(t, t.patient_1).size();
  clinic::Timestamp phase_end_before = cancelled.start;
  for (const ScheduleEntry& entry : Booked(t, t.patient_1)) {
    if (entry.phase_id == cancelled.phase_id) phase_end_before = entry.start;
  }

  ASSERT_OK_AND_ASSIGN(Replan replan, t.schedule.Cancel(t.front_desk, cancelled.session_id));
  ASSERT_EQ(replan.added.size(), 1u);
  EXPECT_TRUE(replan.unplaced.empty());
  const std::vector<ScheduleEntry> plan = PlanOf(t, t.patient_1);
  const ScheduleEntry* make_up = Find(plan, replan.added[0]);
  ASSERT_NE(make_up, nullptr);
  EXPECT_EQ(make_up->status, clinic::SessionStatus::kBooked);
  EXPECT_EQ(make_up->phase_id, cancelled.phase_id);
  EXPECT_GT(make_up->start, phase_end_before);  // after the phase's last session: its end
  EXPECT_GT(make_up->start, t.clock.Now());
  EXPECT_EQ(Booked(t, t.patient_1).size(), booked_before);  // one lost, one made up
  // Later phases moved later; every moved session is still booked and in the future.
  EXPECT_FALSE(replan.moved.empty());
  for (SessionId id : replan.moved) {
    const ScheduleEntry* moved = Find(plan, id);
    ASSERT_NE(moved, nullptr);
    EXPECT_EQ(moved->status, clinic::SessionStatus::kBooked);
    EXPECT_GT(moved->start, make_up->start);
  }
  // No two sessions of the patient on one day.
  std::vector<clinic::Timestamp> days_booked;
  for (const ScheduleEntry& entry : Booked(t, t.patient_1)) {
    days_booked.push_back(std::chrono::floor<days>(entry.start));
  }
  std::sort(days_booked.begin(), days_booked.end());
  EXPECT_EQ(std::adjacent_find(days_booked.begin(), days_booked.end()), days_booked.end());
  // The change log says old -> new: the make-up replaces the lost slot, each move names both.
  ASSERT_EQ(replan.changes.size(), replan.added.size() + replan.moved.size());
  const auto added_it =
      std::find_if(replan.changes.begin(), replan.changes.end(),
                   [](const ReplanChange& c) { return c.kind == ReplanChange::Kind::kAdded; });
  ASSERT_NE(added_it, replan.changes.end());
  const ReplanChange& added = *added_it;
  EXPECT_EQ(added.session_id, replan.added[0]);
  ASSERT_TRUE(added.from.has_value() && added.to.has_value());
  EXPECT_EQ(added.from->start, cancelled.start);
  EXPECT_EQ(added.to->start, make_up->start);
  for (const ReplanChange& change : replan.changes) {
    if (change.kind != ReplanChange::Kind::kMoved) continue;
    const ScheduleEntry* moved = Find(plan, change.session_id);
    ASSERT_NE(moved, nullptr);
    ASSERT_TRUE(change.from.has_value() && change.to.has_value());
    EXPECT_EQ(change.to->start, moved->start);
    EXPECT_LT(change.from->start, change.to->start);
  }
}

TEST(SessionReplanTest, AMissedSessionGetsAMakeUpInTheFuture) {
  CourseFixture f;
  TestClinic& t = f.t;
  const ScheduleEntry first = Booked(t, t.patient_1).front();
  t.clock.Set(first.start + hours{2});
  ASSERT_OK_AND_ASSIGN(Replan replan, t.schedule.MarkMissed(t.front_desk, first.session_id));
  ASSERT_EQ(replan.added.size(), 1u);
  const std::vector<ScheduleEntry> plan = PlanOf(t, t.patient_1);  // Find points into it
  const ScheduleEntry* make_up = Find(plan, replan.added[0]);
  ASSERT_NE(make_up, nullptr);
  EXPECT_EQ(make_up->phase_id, first.phase_id);
  EXPECT_GT(make_up->start, t.clock.Now());
  // Nothing booked lies in the past.
  for (const ScheduleEntry& entry : Booked(t, t.patient_1)) {
    EXPECT_GT(entry.start, t.clock.Now()) << entry.session_id.value();
  }
}

TEST(SessionReplanTest, MakeUpsWithNoSlotAreReportedNotDropped) {
  CourseFixture f;
  TestClinic& t = f.t;
  const ScheduleEntry cancelled = f.SessionAhead(days{2});
  const std::size_t booked_before = Booked(t, t.patient_1).size();
  // The clinic is closed from the day after the cancelled session for the rest of the course.
  const clinic::Date from = clinic::Date{std::chrono::floor<days>(cancelled.start) + days{1}};
  ASSERT_OK(t.clinics.AddClosure(t.front_desk, {from, Day(2024, 12, 31), "Renovation"}));
  ASSERT_OK_AND_ASSIGN(Replan replan, t.schedule.Cancel(t.front_desk, cancelled.session_id));
  // Make-ups that found a slot lie after the closure (the maintenance phase's); those of the
  // closed weeks are reported with the core's reason.
  const std::vector<ScheduleEntry> plan = PlanOf(t, t.patient_1);
  for (SessionId id : replan.added) {
    const ScheduleEntry* make_up = Find(plan, id);
    ASSERT_NE(make_up, nullptr);
    EXPECT_GT(make_up->start, std::chrono::sys_days{Day(2025, 1, 1)});
  }
  ASSERT_FALSE(replan.unplaced.empty());
  for (const plan::UnplacedSession& unplaced : replan.unplaced) {
    EXPECT_EQ(unplaced.reason, plan::UnplacedReason::kClosedOrBlocked) << unplaced.detail;
    EXPECT_FALSE(unplaced.detail.empty());
  }
  // What could not move is cancelled and reported; nothing else changed.
  EXPECT_FALSE(replan.cancelled.empty());
  EXPECT_EQ(Booked(t, t.patient_1).size() + 1 + replan.cancelled.size(),
            booked_before + replan.added.size());
}

TEST(SessionReplanTest, APatientsOwnCancellationIsMadeUpToo) {
  CourseFixture f;
  TestClinic& t = f.t;
  const ScheduleEntry cancelled = f.SessionAhead(days{2});
  ASSERT_OK_AND_ASSIGN(Replan replan, t.schedule.Cancel(t.patient, cancelled.session_id));
  EXPECT_EQ(replan.added.size(), 1u);
}

// A second cancellation in the same phase makes up that one session only: the first one's
// make-up is not booked again, and the course keeps as many booked sessions as it planned.
TEST(SessionReplanTest, EachCancellationIsMadeUpOnce) {
  CourseFixture f;
  TestClinic& t = f.t;
  const std::size_t booked_before = Booked(t, t.patient_1).size();
  const ScheduleEntry first = f.SessionAhead(days{2});
  ASSERT_OK_AND_ASSIGN(Replan once, t.schedule.Cancel(t.front_desk, first.session_id));
  ASSERT_EQ(once.added.size(), 1u);
  const ScheduleEntry second = f.SessionAhead(days{2});
  ASSERT_EQ(second.phase_id, first.phase_id);
  ASSERT_OK_AND_ASSIGN(Replan twice, t.schedule.Cancel(t.front_desk, second.session_id));
  EXPECT_EQ(twice.added.size(), 1u);
  EXPECT_TRUE(std::find(twice.added.begin(), twice.added.end(), once.added[0]) ==
              twice.added.end());
  EXPECT_EQ(Booked(t, t.patient_1).size(), booked_before);
  std::vector<std::chrono::sys_days> days_booked;
  for (const ScheduleEntry& entry : Booked(t, t.patient_1)) {
    days_booked.push_back(std::chrono::floor<days>(entry.start));
  }
  std::sort(days_booked.begin(), days_booked.end());
  EXPECT_TRUE(std::adjacent_find(days_booked.begin(), days_booked.end()) == days_booked.end());
}

}  // namespace
}  // namespace backcare::app
