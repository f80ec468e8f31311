#include "core/clinic/reminders.h"

#include <gtest/gtest.h>

namespace backcare::clinic {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// 2026-MM-DD HH:MM UTC.
Timestamp Utc(unsigned month, unsigned day, int hour, int minute = 0) {
  return std::chrono::sys_days{std::chrono::year{2026} / std::chrono::month{month} /
                               std::chrono::day{day}} +
         hours(hour) + minutes(minute);
}
ports::UtcMinutes UtcMin(unsigned month, unsigned day, int hour, int minute = 0) {
  return std::chrono::floor<minutes>(Utc(month, day, hour, minute));
}
Date Day(unsigned month, unsigned day) {
  return std::chrono::year{2026} / std::chrono::month{month} / std::chrono::day{day};
}

// A Central European zone: UTC+1, UTC+2 from 2026-03-29 01:00 UTC (02:00 local jumps to 03:00),
// UTC+1 again from 2026-10-25 01:00 UTC (03:00 local falls back to 02:00).
ports::FakeTimeZone CentralEurope() {
  ports::FakeTimeZone zone("Test/Central", hours(1));
  zone.AddTransition(UtcMin(3, 29, 1), hours(2));
  zone.AddTransition(UtcMin(10, 25, 1), hours(1));
  return zone;
}

Session BookedAt(Timestamp start) {
  Session session;
  session.id = SessionId(12);
  session.start = start;
  session.end = start + minutes(60);
  session.status = SessionStatus::kBooked;
  return session;
}

TEST(AppointmentReminderDueTest, WindowIsNowExclusiveToNowPlusHoursInclusive) {
  // Tue 8 Dec 2026 10:00 local = 09:00 UTC.
  const Session session = BookedAt(Utc(12, 8, 9));
  EXPECT_TRUE(AppointmentReminderDue(session, 24, Utc(12, 7, 9)));       // exactly 24 h before
  EXPECT_FALSE(AppointmentReminderDue(session, 24, Utc(12, 7, 8, 59)));  // 24 h + 1 min: not yet
  EXPECT_TRUE(AppointmentReminderDue(session, 24, Utc(12, 8, 8, 59)));   // booked late: still sent
  EXPECT_FALSE(AppointmentReminderDue(session, 24, Utc(12, 8, 9)));      // starts now: too late
  EXPECT_FALSE(AppointmentReminderDue(session, 0, Utc(12, 8, 8)));       // clinic sends none
  EXPECT_TRUE(AppointmentReminderDue(session, 168, Utc(12, 1, 9)));      // a week ahead
  EXPECT_FALSE(AppointmentReminderDue(session, 168, Utc(12, 1, 8, 59)));
}

TEST(AppointmentReminderDueTest, OnlyBookedSessions) {
  Session session = BookedAt(Utc(12, 8, 9));
  for (SessionStatus status :
       {SessionStatus::kCancelled, SessionStatus::kAttended, SessionStatus::kMissed}) {
    session.status = status;
    EXPECT_FALSE(AppointmentReminderDue(session, 24, Utc(12, 8, 8)));
  }
}

TEST(AppointmentReminderDueTest, WindowIsElapsedTimeAcrossDst) {
  // Sun 29 Mar 2026 10:00 local is 08:00 UTC (CEST); 24 h earlier is Sat 28 Mar 09:00 local
  // (CET), 08:00 UTC: the window counts real hours, not wall-clock ones.
  const ports::FakeTimeZone zone = CentralEurope();
  const Session session = BookedAt(Utc(3, 29, 8));
  EXPECT_TRUE(AppointmentReminderDue(session, 24, Utc(3, 28, 8)));
  EXPECT_FALSE(AppointmentReminderDue(session, 24, Utc(3, 28, 7, 59)));
  EXPECT_EQ(FormatReminderTime(zone, session.start), "Sun 29 Mar 2026 at 10:00");
  // The same UTC hour a day earlier still shows CET.
  EXPECT_EQ(FormatReminderTime(zone, Utc(3, 28, 8)), "Sat 28 Mar 2026 at 09:00");
}

TEST(FormatReminderTimeTest, ClinicLocalDayAndTime) {
  const ports::FakeTimeZone zone = CentralEurope();
  EXPECT_EQ(FormatReminderTime(zone, Utc(12, 8, 9)), "Tue 8 Dec 2026 at 10:00");
  // 23:30 UTC on the 7th is already the 8th locally.
  EXPECT_EQ(FormatReminderTime(zone, Utc(12, 7, 23, 30)), "Tue 8 Dec 2026 at 00:30");
  EXPECT_EQ(FormatReminderTime(ports::FakeTimeZone("Test/West", hours(-5)), Utc(1, 1, 3, 5)),
            "Wed 31 Dec 2025 at 22:05");
}

TEST(NudgeDayTest, DueFromTheTimeForTwoHours) {
  const ports::FakeTimeZone zone = CentralEurope();
  const int six_pm = 18 * 60;  // 17:00 UTC in December
  EXPECT_EQ(NudgeDay(zone, six_pm, Utc(12, 7, 16, 59)), std::nullopt);
  EXPECT_EQ(NudgeDay(zone, six_pm, Utc(12, 7, 17)), Day(12, 7));
  EXPECT_EQ(NudgeDay(zone, six_pm, Utc(12, 7, 18, 59)), Day(12, 7));
  EXPECT_EQ(NudgeDay(zone, six_pm, Utc(12, 7, 19)), std::nullopt);  // 2 h past: not sent
  EXPECT_EQ(NudgeDay(zone, six_pm, Utc(12, 8, 3)), std::nullopt);   // at night: not yesterday's
}

TEST(NudgeDayTest, LateNudgeRunsPastMidnightForItsOwnDay) {
  const ports::FakeTimeZone zone = CentralEurope();
  const int half_past_eleven = 23 * 60 + 30;  // 22:30 UTC
  // 00:10 local on the 8th: the 7th's nudge is 40 minutes old.
  EXPECT_EQ(NudgeDay(zone, half_past_eleven, Utc(12, 7, 23, 10)), Day(12, 7));
  EXPECT_EQ(NudgeDay(zone, half_past_eleven, Utc(12, 8, 0, 30)), std::nullopt);
}

TEST(NudgeDayTest, TimeInTheSpringGapIsDueFromTheTransition) {
  const ports::FakeTimeZone zone = CentralEurope();
  const int two_thirty = 2 * 60 + 30;  // does not exist on 29 Mar; the clocks jump at 01:00 UTC
  EXPECT_EQ(NudgeDay(zone, two_thirty, Utc(3, 29, 0, 59)), std::nullopt);
  EXPECT_EQ(NudgeDay(zone, two_thirty, Utc(3, 29, 1)), Day(3, 29));
  EXPECT_EQ(NudgeDay(zone, two_thirty, Utc(3, 29, 2, 59)), Day(3, 29));
  EXPECT_EQ(NudgeDay(zone, two_thirty, Utc(3, 29, 3)), std::nullopt);
  // The evening after the change uses the new offset: 18:00 CEST is 16:00 UTC.
  EXPECT_EQ(NudgeDay(zone, 18 * 60, Utc(3, 29, 15, 59)), std::nullopt);
  EXPECT_EQ(NudgeDay(zone, 18 * 60, Utc(3, 29, 16)), Day(3, 29));
}

TEST(NudgeDayTest, TimeInTheAutumnOverlapIsDueFromItsFirstOccurrence) {
  const ports::FakeTimeZone zone = CentralEurope();
  const int two_thirty = 2 * 60 + 30;  // on 25 Oct: 00:30 UTC (CEST) and 01:30 UTC (CET)
  EXPECT_EQ(NudgeDay(zone, two_thirty, Utc(10, 25, 0, 29)), std::nullopt);
  EXPECT_EQ(NudgeDay(zone, two_thirty, Utc(10, 25, 0, 30)), Day(10, 25));
  EXPECT_EQ(NudgeDay(zone, two_thirty, Utc(10, 25, 2, 29)), Day(10, 25));
  EXPECT_EQ(NudgeDay(zone, two_thirty, Utc(10, 25, 2, 30)), std::nullopt);
}

TEST(NudgeWantedTest, EveryConditionMatters) {
  const NudgeFacts wanted{.nudge_chosen = true,
                          .reachable = true,
                          .course_active = true,
                          .exercises_due = 3,
                          .any_exercise_done = false};
  EXPECT_TRUE(NudgeWanted(wanted));
  NudgeFacts facts = wanted;
  facts.any_exercise_done = true;  // already ticked one today
  EXPECT_FALSE(NudgeWanted(facts));
  facts = wanted;
  facts.nudge_chosen = false;
  EXPECT_FALSE(NudgeWanted(facts));
  facts = wanted;
  facts.reachable = false;
  EXPECT_FALSE(NudgeWanted(facts));
  facts = wanted;
  facts.course_active = false;
  EXPECT_FALSE(NudgeWanted(facts));
  facts = wanted;
  facts.exercises_due = 0;
  EXPECT_FALSE(NudgeWanted(facts));
}

TEST(ReminderKeyTest, AppointmentKeyChangesWithTheStart) {
  EXPECT_EQ(AppointmentReminderKey(SessionId(12), Utc(12, 8, 9)), "session:12@1796720400000000");
  EXPECT_NE(AppointmentReminderKey(SessionId(12), Utc(12, 8, 9)),
            AppointmentReminderKey(SessionId(12), Utc(12, 8, 10)));
  EXPECT_EQ(NudgeReminderKey(Day(12, 8)), "2026-12-08");
}

TEST(ClockTimeTest, ParsesAndFormatsHoursAndMinutes) {
  EXPECT_EQ(ParseClockTime("18:00"), 1080);
  EXPECT_EQ(ParseClockTime("00:00"), 0);
  EXPECT_EQ(ParseClockTime("23:59"), 1439);
  for (std::string_view bad : {"24:00", "12:60", "8:00", "08:0", "08-00", "", "ab:cd", "08:000"}) {
    EXPECT_EQ(ParseClockTime(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(FormatClockTime(1080), "18:00");
  EXPECT_EQ(FormatClockTime(65), "01:05");
}

TEST(ValidatePatientRemindersTest, NamesTheNudgeTime) {
  PatientReminders reminders;
  EXPECT_TRUE(ValidatePatientReminders(reminders).has_value());
  for (int bad : {-1, 1440}) {
    reminders.nudge_minutes = bad;
    const Status status = ValidatePatientReminders(reminders);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
    ASSERT_EQ(status.error().fields.size(), 1u);
    EXPECT_EQ(status.error().fields[0].path, "nudge_time");
  }
}

}  // namespace
}  // namespace backcare::clinic
