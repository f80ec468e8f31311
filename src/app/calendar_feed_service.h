// Secret calendar feeds: a therapist or a patient gets a URL (/cal/<token>.ics) that a calendar
// app subscribes to without signing in. The token is random and shown once; the store keeps its
// SHA-256 (core/clinic/calendar_feed.h). Regenerating replaces the URL, revoking deletes it, and
// disabling the login deletes it too. A feed holds the login's sessions from 90 days back on, as
// course plans for the iCalendar writer (src/exchange/ical, called by the HTTP layer); like every
// calendar export it carries no clinical detail.
#ifndef BACKCARE_APP_CALENDAR_FEED_SERVICE_H_
#define BACKCARE_APP_CALENDAR_FEED_SERVICE_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/app_context.h"
#include "core/base/result.h"
#include "core/plan/course_plan.h"

namespace backcare::app {

// How far back a feed reaches.
inline constexpr std::chrono::days kFeedHistory{90};

struct IssuedFeed {
  std::string token;  // 43 URL-safe base64 characters; shown once
  std::string path;   // "/cal/<token>.ics"
};

// What a feed shows: the sessions of a therapist (therapist_id set) or of a patient, grouped by
// course, in the clinic's time zone. PlannedSession::number is the session's id, so an event's
// UID stays the same however the course changes.
struct FeedContent {
  std::string calendar_name;       // "<clinic name> sessions"
  clinic::Timestamp generated_at;  // now: every event's DTSTAMP
  std::optional<TherapistId> therapist_id;
  std::vector<plan::CoursePlan> plans;
};

class CalendarFeedService {
 public:
  explicit CalendarFeedService(AppContext context);

  // A new feed URL for the caller (therapists and patients; kPermissionDenied otherwise),
  // replacing any earlier one. Audits "calendar_feed.create".
  Result<IssuedFeed> CreateFeed(const RequestContext& context);

  // Deletes the caller's feed (none is not an error). Audits "calendar_feed.revoke".
  Status RevokeFeed(const RequestContext& context);

  // The feed of `token`, read as its login from `remote_address`. kNotFound "feed not found" for
  // an unknown, revoked or regenerated token, or a disabled login. Audits "calendar_feed.read".
  Result<FeedContent> ReadFeed(std::string_view token, std::string_view remote_address);

 private:
  AppContext context_;
};

}  // namespace backcare::app

#endif  // BACKCARE_APP_CALENDAR_FEED_SERVICE_H_
