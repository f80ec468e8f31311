#include "core/progress/due_check_in.h"

#include <gtest/gtest.h>

namespace backcare::progress {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

clinic::Date D(int m, int d) {
  return clinic::Date{year{2026}, month{unsigned(m)}, day{unsigned(d)}};
}

protocol::Checkpoint Make(std::string id, std::vector<std::string> instruments) {
  protocol::Checkpoint checkpoint;
  checkpoint.id = std::move(id);
  checkpoint.instruments = std::move(instruments);
  return checkpoint;
}

// The shape of the article's protocol: baseline, after the 6th session, weeks 4 and 12.
std::vector<protocol::Checkpoint> Checkpoints() {
  protocol::Checkpoint baseline = Make("baseline", {"nprs", "odi", "startback"});
  baseline.at_baseline = true;
  protocol::Checkpoint session_6 = Make("session_6", {"nprs"});
  session_6.after_session = 6;
  protocol::Checkpoint week_4 = Make("week_4", {"nprs", "odi"});
  week_4.week = 4;
  protocol::Checkpoint week_12 = Make("week_12", {"nprs", "odi"});
  week_12.week = 12;
  return {baseline, session_6, week_4, week_12};
}

// Course starts Monday 2026-11-02; two sessions a week, the 6th attended on Thursday 2026-11-19.
// week_4 is anchored on 2026-11-02 + 28 days = 2026-11-30.
const clinic::Date kStart = D(11, 2);
const std::vector<clinic::Date> kSix = {D(11, 3),  D(11, 5),  D(11, 10),
                                        D(11, 12), D(11, 17), D(11, 19)};

TEST(DueCheckInTest, Session6IsDueOnTheDayOfTheSixthAttendedSession) {
  const auto due = FindDueCheckIn(Checkpoints(), kStart, kSix, D(11, 19), {});
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(*due, (DueCheckIn{"session_6", {"nprs"}, D(11, 19)}));
}

TEST(DueCheckInTest, NothingIsDueBeforeTheSixthSessionOrBeforeAnyAnchor) {
  const std::vector<clinic::Date> five(kSix.begin(), kSix.end() - 1);
  EXPECT_EQ(FindDueCheckIn(Checkpoints(), kStart, five, D(11, 18), {}), std::nullopt);
  // Baseline is never offered, even on the course's first day.
  EXPECT_EQ(FindDueCheckIn(Checkpoints(), kStart, {}, kStart, {}), std::nullopt);
}

TEST(DueCheckInTest, Week4IsDueOnStartPlus28Days) {
  const std::vector<protocol::Checkpoint> only_week_4 = {Checkpoints()[2]};
  EXPECT_EQ(FindDueCheckIn(only_week_4, kStart, {}, D(11, 29), {}), std::nullopt);
  const auto due = FindDueCheckIn(only_week_4, kStart, {}, D(11, 30), {});
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(*due, (DueCheckIn{"week_4", {"nprs", "odi"}, D(11, 30)}));
}

TEST(DueCheckInTest, WhenTwoAnchorsHavePassedTheLaterIsDue) {
  const auto due = FindDueCheckIn(Checkpoints(), kStart, kSix, D(12, 2), {});
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(due->checkpoint_id, "week_4");
  EXPECT_EQ(due->since, D(11, 30));
}

TEST(DueCheckInTest, AnAnsweredCheckpointIsNotDueAndTheEarlierOneStillIs) {
  EXPECT_EQ(FindDueCheckIn(Checkpoints(), kStart, kSix, D(11, 19), {"session_6"}), std::nullopt);
  const auto due = FindDueCheckIn(Checkpoints(), kStart, kSix, D(12, 2), {"week_4"});
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(due->checkpoint_id, "session_6");  // 2026-11-19 is 13 days before 2026-12-02
  EXPECT_EQ(FindDueCheckIn(Checkpoints(), kStart, kSix, D(12, 2), {"session_6", "week_4"}),
            std::nullopt);
}

TEST(DueCheckInTest, AnAnchorOlderThan14DaysIsNoLongerDue) {
  const std::vector<protocol::Checkpoint> only_week_4 = {Checkpoints()[2]};
  // 2026-11-30 + 14 = 2026-12-14 is the last day it is offered.
  EXPECT_TRUE(FindDueCheckIn(only_week_4, kStart, {}, D(12, 14), {}).has_value());
  EXPECT_EQ(FindDueCheckIn(only_week_4, kStart, {}, D(12, 15), {}), std::nullopt);
  // session_6 (2026-11-19) has expired by 2026-12-04, so with week_4 answered nothing is due.
  EXPECT_EQ(FindDueCheckIn(Checkpoints(), kStart, kSix, D(12, 4), {"week_4"}), std::nullopt);
}

TEST(DueCheckInTest, ACheckpointIsAnsweredWhenEveryInstrumentHasATaggedResponse) {
  const auto checkpoints = Checkpoints();
  EXPECT_EQ(AnsweredCheckpoints(checkpoints, {{"week_4", "nprs"}, {"", "odi"}}),
            std::set<std::string>{});
  EXPECT_EQ(AnsweredCheckpoints(checkpoints, {{"week_4", "nprs"}, {"week_4", "odi"}}),
            std::set<std::string>{"week_4"});
  EXPECT_EQ(AnsweredCheckpoints(checkpoints, {{"session_6", "nprs"}, {"week_12", "odi"}}),
            std::set<std::string>{"session_6"});
}

TEST(DueCheckInTest, TheWeeklyNprsIsDueWhenNoneWasTakenInTheLastSevenDays) {
  EXPECT_TRUE(WeeklyCheckInDue(std::nullopt, D(12, 7)));
  EXPECT_FALSE(WeeklyCheckInDue(D(12, 7), D(12, 7)));  // today
  EXPECT_FALSE(WeeklyCheckInDue(D(12, 1), D(12, 7)));  // 2026-12-01..07 are the last 7 days
  EXPECT_TRUE(WeeklyCheckInDue(D(11, 30), D(12, 7)));  // 8 days ago
  EXPECT_FALSE(WeeklyCheckInDue(D(12, 8), D(12, 7)));  // clock skew counts as recent
}

}  // namespace
}  // namespace backcare::progress
