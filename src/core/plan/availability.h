// When a therapist can take a session, day by day: the working hours of each date (none on a
// closure), and what is still free once the therapist's sessions are taken out. The front desk's
// week grid shades this; booking still goes through the booking rules (booking_rules.h), which
// decide. Pure: the caller loads the hours, closures and sessions and maps sessions to local time.
#ifndef BACKCARE_CORE_PLAN_AVAILABILITY_H_
#define BACKCARE_CORE_PLAN_AVAILABILITY_H_

#include <chrono>
#include <span>
#include <string>
#include <vector>

#include "core/clinic/closure.h"
#include "core/plan/calendar_types.h"

namespace backcare::plan {

// Local time [start, end) of one date, in minutes after its midnight (0 <= start < end <= 1440).
struct DayWindow {
  std::chrono::minutes start{0};
  std::chrono::minutes end{0};
  friend bool operator==(const DayWindow&, const DayWindow&) = default;
};

// Local wall-clock time [start, end) the therapist is taken (a session), possibly across midnight.
struct BusyInterval {
  LocalMinutes start;
  LocalMinutes end;
};

struct DayAvailability {
  LocalDate date;
  std::vector<DayWindow> open;  // working hours this date, by start; empty when closed or off
  std::vector<DayWindow> free;  // `open` minus busy intervals, pieces at least min_free long
  std::string closed_reason;    // the closure's reason when one covers the date, else empty
  friend bool operator==(const DayAvailability&, const DayAvailability&) = default;
};

// One entry per date of `dates` (first..last, both included), in order. `hours` are the weekly
// working hours (windows of one weekday must not overlap, as ParseWeeklyWindows guarantees);
// `busy` may be in any order and may overlap.
std::vector<DayAvailability> DailyAvailability(std::span<const WeeklyWindow> hours,
                                               std::span<const clinic::ClinicClosure> closures,
                                               std::span<const BusyInterval> busy, DateRange dates,
                                               std::chrono::minutes min_free);

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_AVAILABILITY_H_
