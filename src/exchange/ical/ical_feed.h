// iCalendar feeds (RFC 5545) of planned sessions, built with libical: one per patient (the
// sessions of their courses) and one per therapist (the sessions they hold, plus cancellations of
// sessions moved away from them). Events carry stable UIDs ("session-<course>-<n>@backcare"),
// DTSTART/DTEND in the clinic's zone with TZID, a VTIMEZONE generated from the tz database's
// observances around the events, SEQUENCE (bumped on every change) and STATUS (CANCELLED for
// cancelled sessions, CONFIRMED otherwise). Summaries never carry clinical details.
#ifndef BACKCARE_EXCHANGE_ICAL_ICAL_FEED_H_
#define BACKCARE_EXCHANGE_ICAL_ICAL_FEED_H_

#include <span>
#include <string>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/plan/course_plan.h"

namespace backcare::exchange {

// The summary every event carries, for patients and therapists alike.
inline constexpr const char* kSessionSummary = "Massage session";

struct FeedOptions {
  std::string calendar_name;       // X-WR-CALNAME, e.g. "backcare sessions"
  ports::UtcMinutes generated_at;  // DTSTAMP of every event (passed in: feeds are reproducible)
};

// "session-<course>-<number>@backcare".
std::string SessionUid(CourseId course, int number);

// The patient's feed: every session of `plans`, cancelled ones with STATUS:CANCELLED.
// kInvalidInput "plans: expected one time zone per feed, got 'A' and 'B'" when plans disagree;
// kInvalidInput "plans: unknown time zone 'Z'" when the zone is not in the tz database.
Result<std::string> PatientFeed(std::span<const plan::CoursePlan> plans,
                                const FeedOptions& options);

// The therapist's feed: sessions `therapist` holds, plus STATUS:CANCELLED events (same UID) for
// sessions that moved to another therapist. Errors as PatientFeed.
Result<std::string> TherapistFeed(std::span<const plan::CoursePlan> plans, TherapistId therapist,
                                  const FeedOptions& options);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_ICAL_ICAL_FEED_H_
