#include "exchange/ical/ical_feed.h"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <map>

#include "core/plan/plan_fixtures.h"
#include "core/plan/planner.h"
#include "core/plan/reschedule.h"
#include "exchange/tz/iana_time_zone.h"
#include "testing/status_matchers.h"

namespace backcare::exchange {
namespace {

using plan::fixtures::Date;

struct ParsedEvent {
  std::string dtstart;  // "20240325T090000"
  std::string tzid;
  std::string status;
  int sequence = 0;
  std::string summary;
};

// Parses a feed back with libical: UID -> event.
std::map<std::string, ParsedEvent> Parse(const std::string& text, int* timezones) {
  std::map<std::string, ParsedEvent> out;
  icalcomponent* calendar = icalparser_parse_string(text.c_str());
  EXPECT_NE(calendar, nullptr);
  if (calendar == nullptr) return out;
  *timezones = icalcomponent_count_components(calendar, ICAL_VTIMEZONE_COMPONENT);
  for (icalcomponent* e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
       e != nullptr; e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    ParsedEvent event;
    icalproperty* start = icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
    event.dtstart = icaltime_as_ical_string(icalproperty_get_dtstart(start));
    icalparameter* tzid = icalproperty_get_first_parameter(start, ICAL_TZID_PARAMETER);
    event.tzid = tzid ? icalparameter_get_tzid(tzid) : "";
    event.status = icalproperty_status_to_string(icalcomponent_get_status(e));
    event.sequence =
        icalproperty_get_sequence(icalcomponent_get_first_property(e, ICAL_SEQUENCE_PROPERTY));
    event.summary = icalcomponent_get_summary(e);
    out[icalcomponent_get_uid(e)] = event;
  }
  icalcomponent_free(calendar);
  return out;
}

class IcalFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto zone = LoadIanaTimeZone("Europe/London", "--tz");
    ASSERT_TRUE(zone.has_value());
    zone_ = std::move(*zone);
    clinic_.time_zone = zone_.get();
    clinic_.opening_hours = plan::DefaultOpeningHours();
    clinic_.therapists = {plan::fixtures::FullTimeTherapist(1),
                          plan::fixtures::FullTimeTherapist(2)};
    request_.course_id = CourseId(42);
    request_.patient_id = PatientId(4);
    request_.start_date = Date(2024, 3, 18);
    request_.availability.windows = {plan::fixtures::Window(1, 9, 12),
                                     plan::fixtures::Window(4, 9, 12)};
    auto planned = plan::PlanCourse(protocol_, request_, clinic_, book_);
    ASSERT_TRUE(planned.has_value());
    plan_ = *planned;
  }

  std::unique_ptr<ports::TimeZone> zone_;
  protocol::Protocol protocol_ = plan::fixtures::ArticleProtocol();
  plan::ClinicCalendar clinic_;
  plan::CourseRequest request_;
  plan::BookingBook book_;
  plan::CoursePlan plan_;
  FeedOptions options_{"backcare sessions",
                       ports::UtcMinutes{std::chrono::sys_days{std::chrono::year{2024} / 3 / 1}}};
};

TEST_F(IcalFeedTest, PatientFeedHasOneEventPerSessionInTheClinicZone) {
  auto cancelled = plan::Reschedule(protocol_, request_, clinic_, book_, plan_,
                                    plan::RescheduleEvent::Cancelled(3), Date(2024, 3, 20));
  ASSERT_TRUE(cancelled.has_value());
  std::vector<plan::CoursePlan> plans = {cancelled->plan};
  auto feed = PatientFeed(plans, options_);
  ASSERT_OK(feed);
  int timezones = 0;
  std::map<std::string, ParsedEvent> events = Parse(*feed, &timezones);
  EXPECT_EQ(timezones, 1);
  EXPECT_NE(feed->find("TZID:Europe/London"), std::string::npos);
  EXPECT_NE(feed->find("BEGIN:DAYLIGHT"), std::string::npos);
  EXPECT_NE(feed->find("TZOFFSETTO:+0100"), std::string::npos);
  ASSERT_EQ(events.size(), 22u);  // 21 + the cancelled one
  const ParsedEvent& third = events["session-42-3@backcare"];
  EXPECT_EQ(third.status, "CANCELLED");
  EXPECT_EQ(third.sequence, 1);
  EXPECT_EQ(third.dtstart, "20240325T090000");
  EXPECT_EQ(third.tzid, "Europe/London");
  const ParsedEvent& after_change = events["session-42-5@backcare"];  // first Monday in BST
  EXPECT_EQ(after_change.dtstart, "20240401T090000");
  EXPECT_EQ(after_change.status, "CONFIRMED");
  EXPECT_EQ(after_change.sequence, 0);
  const ParsedEvent& shifted = events["session-42-9@backcare"];  // structural phase moved a week
  EXPECT_EQ(shifted.dtstart, "20240422T090000");
  EXPECT_EQ(shifted.sequence, 1);
  for (const auto& [uid, event] : events) {
    EXPECT_EQ(event.summary, kSessionSummary) << uid;
  }
  EXPECT_EQ(feed->find("DTSTAMP:20240301T000000Z") != std::string::npos, true);
}

TEST_F(IcalFeedTest, TherapistFeedCancelsSessionsMovedAway) {
  auto moved = plan::Reschedule(protocol_, request_, clinic_, book_, plan_,
                                plan::RescheduleEvent::TherapistTimeOff(
                                    TherapistId(1), {Date(2024, 4, 22), Date(2024, 4, 28)}),
                                Date(2024, 4, 1));
  ASSERT_TRUE(moved.has_value());
  ASSERT_EQ(moved->changes.size(), 1u);
  int number = moved->changes[0].session_number;
  std::string uid = SessionUid(CourseId(42), number);
  std::vector<plan::CoursePlan> plans = {moved->plan};
  int timezones = 0;
  auto old_feed = TherapistFeed(plans, TherapistId(1), options_);
  auto new_feed = TherapistFeed(plans, TherapistId(2), options_);
  ASSERT_TRUE(old_feed.has_value());
  ASSERT_TRUE(new_feed.has_value());
  std::map<std::string, ParsedEvent> old_events = Parse(*old_feed, &timezones);
  std::map<std::string, ParsedEvent> new_events = Parse(*new_feed, &timezones);
  EXPECT_EQ(old_events.size(), 21u);
  EXPECT_EQ(old_events[uid].status, "CANCELLED");
  EXPECT_EQ(old_events[uid].sequence, 1);
  ASSERT_EQ(new_events.size(), 1u);
  EXPECT_EQ(new_events[uid].status, "CONFIRMED");
  EXPECT_EQ(new_events[uid].sequence, 1);
}

// Issue 20: on the New York fall-back day a 01:00 session (05:00Z-06:00Z) ends at 01:00 local
// time again; its event must still last an hour, not read as zero length.
TEST_F(IcalFeedTest, ASessionAcrossTheFallBackLastsItsFullLength) {
  plan::CoursePlan fold = plan_;
  fold.time_zone = "America/New_York";
  auto zone = LoadIanaTimeZone("America/New_York", "--tz");
  ASSERT_OK(zone);
  plan::PlannedSession session = fold.sessions.front();
  session.utc_start = ports::UtcMinutes{std::chrono::sys_days{std::chrono::year{2024} / 11 / 3}} +
                      std::chrono::hours{5};
  session.utc_end = session.utc_start + std::chrono::hours{1};
  session.local_start = (*zone)->ToLocal(session.utc_start);
  session.local_end = (*zone)->ToLocal(session.utc_end);
  ASSERT_EQ(session.local_start, session.local_end) << "both ends read 01:00 on the wall clock";
  fold.sessions = {session};
  std::vector<plan::CoursePlan> plans = {fold};
  ASSERT_OK_AND_ASSIGN(std::string feed, PatientFeed(plans, options_));
  icalcomponent* calendar = icalparser_parse_string(feed.c_str());
  ASSERT_NE(calendar, nullptr);
  icalcomponent* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY), nullptr);
  icalproperty* duration = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY);
  ASSERT_NE(duration, nullptr);
  EXPECT_EQ(icaldurationtype_as_int(icalproperty_get_duration(duration)), 3600);
  icalcomponent_free(calendar);
}

TEST_F(IcalFeedTest, RejectsMixedOrUnknownZones) {
  plan::CoursePlan other = plan_;
  other.time_zone = "America/New_York";
  std::vector<plan::CoursePlan> mixed = {plan_, other};
  ASSERT_ERROR_AND_ASSIGN(Error mixed_error, PatientFeed(mixed, options_),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(mixed_error.message,
            "plans: expected one time zone per feed, got 'Europe/London' and 'America/New_York'");
  other.time_zone = "Nowhere/Atlantis";
  std::vector<plan::CoursePlan> unknown = {other};
  ASSERT_ERROR_AND_ASSIGN(Error unknown_error, PatientFeed(unknown, options_),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(unknown_error.message, "plans: unknown time zone 'Nowhere/Atlantis'");
}

}  // namespace
}  // namespace backcare::exchange
