// A login's secret calendar feed: the URL /cal/<token>.ics that a calendar app subscribes to. The
// store keeps only the token's SHA-256 in hex; a login has at most one feed, regenerating it
// replaces the token (the old URL stops working) and revoking deletes it.
#ifndef BACKCARE_CORE_CLINIC_CALENDAR_FEED_H_
#define BACKCARE_CORE_CLINIC_CALENDAR_FEED_H_

#include <string>

#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

struct CalendarFeed {
  std::string token_hash;  // 64 lower-case hex digits: SHA-256 of the token
  ClinicId clinic_id;
  UserId user_id;  // a therapist's or a patient's login
  Timestamp created_at;
  friend bool operator==(const CalendarFeed&, const CalendarFeed&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_CALENDAR_FEED_H_
