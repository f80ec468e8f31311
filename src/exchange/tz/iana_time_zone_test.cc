#include "exchange/tz/iana_time_zone.h"

#include <gtest/gtest.h>

#include "core/plan/plan_fixtures.h"
#include "core/plan/planner.h"
#include "testing/status_matchers.h"

namespace backcare::exchange {
namespace {

using plan::FormatLocalDateTime;
using plan::FormatUtc;
using plan::fixtures::Date;
using std::chrono::hours;
using std::chrono::minutes;

std::unique_ptr<ports::TimeZone> Load(std::string_view name) {
  auto zone = LoadIanaTimeZone(name, "--tz");
  EXPECT_OK(zone);
  return zone ? std::move(*zone) : nullptr;
}

// A Monday 09:00 series stays at 09:00 local across a daylight-saving change; the UTC instant
// moves by one hour.
TEST(IanaTimeZoneTest, MondayNineStaysNineAcrossDaylightSavingChanges) {
  struct Case {
    std::string zone;
    plan::LocalDate start;  // a Monday two weeks before the change
    std::string before_local, before_utc, after_local, after_utc;
  };
  const std::vector<Case> cases = {
      // Europe/London: BST starts Sunday 2024-03-31.
      {"Europe/London", Date(2024, 3, 18), "2024-03-25T09:00", "2024-03-25T09:00Z",
       "2024-04-01T09:00", "2024-04-01T08:00Z"},
      // America/New_York: EDT starts Sunday 2024-03-10.
      {"America/New_York", Date(2024, 2, 26), "2024-03-04T09:00", "2024-03-04T14:00Z",
       "2024-03-11T09:00", "2024-03-11T13:00Z"},
      // America/New_York in autumn: EST returns Sunday 2024-11-03.
      {"America/New_York", Date(2024, 10, 21), "2024-10-28T09:00", "2024-10-28T13:00Z",
       "2024-11-04T09:00", "2024-11-04T14:00Z"},
      // Australia/Sydney: AEDT (+11) ends Sunday 2024-04-07, AEST (+10) follows.
      {"Australia/Sydney", Date(2024, 3, 25), "2024-04-01T09:00", "2024-03-31T22:00Z",
       "2024-04-08T09:00", "2024-04-07T23:00Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.zone + " " + plan::FormatDate(c.start));
    std::unique_ptr<ports::TimeZone> zone = Load(c.zone);
    ASSERT_NE(zone, nullptr);
    plan::ClinicCalendar clinic;
    clinic.time_zone = zone.get();
    clinic.opening_hours = plan::DefaultOpeningHours();
    clinic.therapists = {plan::fixtures::FullTimeTherapist(1)};
    plan::CourseRequest request;
    request.course_id = CourseId(1);
    request.patient_id = PatientId(1);
    request.start_date = c.start;
    request.availability.windows = {plan::fixtures::Window(1, 9, 10),
                                    plan::fixtures::Window(4, 9, 10)};
    auto planned =
        plan::PlanCourse(plan::fixtures::ArticleProtocol(), request, clinic, plan::BookingBook{});
    ASSERT_TRUE(planned.has_value());
    ASSERT_TRUE(planned->unplaced.empty());
    EXPECT_EQ(planned->time_zone, c.zone);
    // Sessions 3 and 5 are the second and third Mondays.
    const plan::PlannedSession* before = planned->FindSession(3);
    const plan::PlannedSession* after = planned->FindSession(5);
    EXPECT_EQ(FormatLocalDateTime(before->local_start), c.before_local);
    EXPECT_EQ(FormatUtc(before->utc_start), c.before_utc);
    EXPECT_EQ(FormatLocalDateTime(after->local_start), c.after_local);
    EXPECT_EQ(FormatUtc(after->utc_start), c.after_utc);
    EXPECT_EQ(after->utc_end - after->utc_start, minutes(60));
    for (const plan::PlannedSession& s : planned->sessions) {
      EXPECT_EQ(s.local_start - plan::LocalMinutes{s.Date()}, hours(9)) << s.number;
    }
  }
}

TEST(IanaTimeZoneTest, SkipsNonexistentTimesAndTakesTheEarlierAmbiguousOne) {
  struct Case {
    std::string zone;
    plan::LocalMinutes local;
    std::optional<std::string> resolved;  // nullopt: skipped
  };
  auto at = [](plan::LocalDate date, int hour, int minute) {
    return plan::LocalMinutes{date} + hours(hour) + minutes(minute);
  };
  const std::vector<Case> cases = {
      {"Europe/London", at(Date(2024, 3, 31), 1, 30), std::nullopt},
      {"Europe/London", at(Date(2024, 10, 27), 1, 30), "2024-10-27T00:30Z"},
      {"America/New_York", at(Date(2024, 3, 10), 2, 30), std::nullopt},
      {"America/New_York", at(Date(2024, 11, 3), 1, 30), "2024-11-03T05:30Z"},
      {"Australia/Sydney", at(Date(2024, 10, 6), 2, 30), std::nullopt},
      {"Australia/Sydney", at(Date(2024, 4, 7), 2, 30), "2024-04-06T15:30Z"},
      {"Australia/Sydney", at(Date(2024, 4, 7), 9, 0), "2024-04-06T23:00Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.zone + " " + FormatLocalDateTime(c.local));
    std::unique_ptr<ports::TimeZone> zone = Load(c.zone);
    std::optional<ports::UtcMinutes> resolved = ports::ResolveLocalTime(*zone, c.local);
    EXPECT_EQ(resolved ? std::optional<std::string>(FormatUtc(*resolved)) : std::nullopt,
              c.resolved);
    if (resolved) {
      EXPECT_EQ(zone->ToLocal(*resolved), c.local);
    }
  }
}

TEST(IanaTimeZoneTest, RejectsUnknownZones) {
  ASSERT_ERROR_AND_ASSIGN(Error error, LoadIanaTimeZone("Mars/Olympus_Mons", "--tz"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "--tz: unknown time zone 'Mars/Olympus_Mons'");
}

TEST(IanaTimeZoneTest, ListsObservancesAcrossAYear) {
  auto from = ports::UtcMinutes{std::chrono::sys_days{std::chrono::year{2024} / 1 / 1}};
  auto to = ports::UtcMinutes{std::chrono::sys_days{std::chrono::year{2025} / 1 / 1}};
  auto observances = ZoneObservances("Europe/London", from, to, "--tz");
  ASSERT_TRUE(observances.has_value());
  ASSERT_EQ(observances->size(), 3u);
  EXPECT_EQ((*observances)[0].abbreviation, "GMT");
  EXPECT_EQ(FormatUtc((*observances)[1].begin), "2024-03-31T01:00Z");
  EXPECT_EQ((*observances)[1].offset, hours(1));
  EXPECT_TRUE((*observances)[1].daylight);
  EXPECT_EQ(FormatUtc((*observances)[2].begin), "2024-10-27T01:00Z");
  EXPECT_FALSE((*observances)[2].daylight);
}

}  // namespace
}  // namespace backcare::exchange
