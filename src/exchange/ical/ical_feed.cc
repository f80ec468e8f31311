#include "exchange/ical/ical_feed.h"

#include <libical/ical.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "exchange/tz/iana_time_zone.h"

namespace backcare::exchange {
namespace {

struct ComponentDeleter {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

ComponentPtr NewComponent(icalcomponent_kind kind) { return ComponentPtr(icalcomponent_new(kind)); }

// Moves ownership of `child` into `parent`.
void Adopt(icalcomponent* parent, ComponentPtr child) {
  icalcomponent_add_component(parent, child.release());
}

icaltimetype LocalTime(ports::LocalMinutes local) {
  auto date = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{date};
  std::chrono::minutes time = local - date;
  icaltimetype t = icaltime_null_time();
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.hour = static_cast<int>(time.count() / 60);
  t.minute = static_cast<int>(time.count() % 60);
  t.second = 0;
  t.is_date = 0;
  return t;
}

icaltimetype UtcTime(ports::UtcMinutes utc) {
  icaltimetype t = LocalTime(ports::LocalMinutes{utc.time_since_epoch()});
  t.zone = icaltimezone_get_utc_timezone();
  return t;
}

icalproperty* WithTzid(icalproperty* property, const std::string& tzid) {
  icalproperty_add_parameter(property, icalparameter_new_tzid(tzid.c_str()));
  return property;
}

// STANDARD/DAYLIGHT observances covering [from, to): each onset's DTSTART is the local time
// just before the change (RFC 5545 3.6.5), with the offsets before and after.
Result<ComponentPtr> BuildTimezone(const std::string& tzid, ports::UtcMinutes from,
                                   ports::UtcMinutes to) {
  ASSIGN_OR_RETURN(std::vector<Observance> observances, ZoneObservances(tzid, from, to, "plans"));
  ComponentPtr zone = NewComponent(ICAL_VTIMEZONE_COMPONENT);
  icalcomponent_add_property(zone.get(), icalproperty_new_tzid(tzid.c_str()));
  // The first observance began long ago; its onset is stated one year before the feed's start.
  ports::UtcMinutes earliest = from - std::chrono::days(366);
  for (std::size_t i = 0; i < observances.size(); ++i) {
    const Observance& now = observances[i];
    std::chrono::minutes before = i == 0 ? now.offset : observances[i - 1].offset;
    ports::UtcMinutes begin = std::max(now.begin, earliest);
    ComponentPtr part =
        NewComponent(now.daylight ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT);
    icalcomponent_add_property(part.get(), icalproperty_new_dtstart(LocalTime(ports::LocalMinutes{
                                               begin.time_since_epoch() + before})));
    icalcomponent_add_property(
        part.get(), icalproperty_new_tzoffsetfrom(static_cast<int>(before.count() * 60)));
    icalcomponent_add_property(
        part.get(), icalproperty_new_tzoffsetto(static_cast<int>(now.offset.count() * 60)));
    if (!now.abbreviation.empty()) {
      icalcomponent_add_property(part.get(), icalproperty_new_tzname(now.abbreviation.c_str()));
    }
    Adopt(zone.get(), std::move(part));
  }
  return zone;
}

struct FeedEvent {
  const plan::CoursePlan* plan;
  const plan::PlannedSession* session;
  bool cancelled;
};

Result<std::string> BuildFeed(std::span<const plan::CoursePlan> plans,
                              const std::vector<FeedEvent>& events, const FeedOptions& options) {
  std::string tzid;
  for (const plan::CoursePlan& plan : plans) {
    if (tzid.empty()) tzid = plan.time_zone;
    if (plan.time_zone != tzid) {
      return InvalidInput("plans: expected one time zone per feed, got '" + tzid + "' and '" +
                          plan.time_zone + "'");
    }
  }
  ComponentPtr calendar = NewComponent(ICAL_VCALENDAR_COMPONENT);
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//backcare//plan//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  if (!options.calendar_name.empty()) {
    icalproperty* name = icalproperty_new_x(options.calendar_name.c_str());
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(calendar.get(), name);
  }
  if (!events.empty()) {
    auto [first, last] = std::minmax_element(events.begin(), events.end(),
                                             [](const FeedEvent& a, const FeedEvent& b) {
                                               return a.session->utc_start < b.session->utc_start;
                                             });
    ASSIGN_OR_RETURN(ComponentPtr zone,
                     BuildTimezone(tzid, first->session->utc_start - std::chrono::days(1),
                                   last->session->utc_end + std::chrono::days(1)));
    Adopt(calendar.get(), std::move(zone));
  }
  for (const FeedEvent& event : events) {
    const plan::PlannedSession& session = *event.session;
    ComponentPtr vevent = NewComponent(ICAL_VEVENT_COMPONENT);
    icalcomponent* e = vevent.get();
    std::string uid = SessionUid(event.plan->course_id, session.number);
    icalcomponent_add_property(e, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(e, icalproperty_new_dtstamp(UtcTime(options.generated_at)));
    icalcomponent_add_property(
        e, WithTzid(icalproperty_new_dtstart(LocalTime(session.local_start)), tzid));
    // DURATION, not DTEND: on a fall-back day a 01:00-02:00 session ends at 01:00 local time
    // again, and a DTEND of 01:00 would read as a zero-length event (RFC 5545 3.3.6: an hour of
    // DURATION is exact elapsed time, across a clock change too).
    icalcomponent_add_property(
        e, icalproperty_new_duration(icaldurationtype_from_int(static_cast<int>(
               std::chrono::seconds(session.utc_end - session.utc_start).count()))));
    icalcomponent_add_property(e, icalproperty_new_sequence(session.sequence));
    icalcomponent_add_property(e, icalproperty_new_status(event.cancelled ? ICAL_STATUS_CANCELLED
                                                                          : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(e, icalproperty_new_summary(kSessionSummary));
    if (session.room) {
      std::string room = "Room " + std::to_string(session.room->value());
      icalcomponent_add_property(e, icalproperty_new_location(room.c_str()));
    }
    Adopt(calendar.get(), std::move(vevent));
  }
  char* text = icalcomponent_as_ical_string_r(calendar.get());
  std::string out(text);
  icalmemory_free_buffer(text);
  return out;
}

}  // namespace

std::string SessionUid(CourseId course, int number) {
  return "session-" + std::to_string(course.value()) + "-" + std::to_string(number) + "@backcare";
}

Result<std::string> PatientFeed(std::span<const plan::CoursePlan> plans,
                                const FeedOptions& options) {
  std::vector<FeedEvent> events;
  for (const plan::CoursePlan& plan : plans) {
    for (const plan::PlannedSession& session : plan.sessions) {
      events.push_back({&plan, &session, session.status == plan::PlannedSessionStatus::kCancelled});
    }
  }
  return BuildFeed(plans, events, options);
}

Result<std::string> TherapistFeed(std::span<const plan::CoursePlan> plans, TherapistId therapist,
                                  const FeedOptions& options) {
  std::vector<FeedEvent> events;
  for (const plan::CoursePlan& plan : plans) {
    for (const plan::PlannedSession& session : plan.sessions) {
      bool holds = session.therapist == therapist;
      bool released =
          std::find(session.released_therapists.begin(), session.released_therapists.end(),
                    therapist) != session.released_therapists.end();
      if (holds || released) {
        events.push_back(
            {&plan, &session, !holds || session.status == plan::PlannedSessionStatus::kCancelled});
      }
    }
  }
  return BuildFeed(plans, events, options);
}

}  // namespace backcare::exchange
