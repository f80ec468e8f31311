#include "core/plan/availability.h"

#include <algorithm>

#include "core/plan/closure_rules.h"

namespace backcare::plan {
namespace {

using std::chrono::minutes;

// `open` minus the busy intervals clipped to `date`, keeping pieces at least `min_free` long.
std::vector<DayWindow> FreeWindows(const std::vector<DayWindow>& open,
                                   std::span<const BusyInterval> busy, LocalDate date,
                                   minutes min_free) {
  const LocalMinutes midnight{date};
  const LocalMinutes next_midnight{date + std::chrono::days{1}};
  std::vector<DayWindow> taken;
  for (const BusyInterval& interval : busy) {
    if (interval.end <= midnight || interval.start >= next_midnight) continue;
    taken.push_back({std::max(interval.start, midnight) - midnight,
                     std::min(interval.end, next_midnight) - midnight});
  }
  std::sort(taken.begin(), taken.end(),
            [](const DayWindow& a, const DayWindow& b) { return a.start < b.start; });

  std::vector<DayWindow> free;
  for (const DayWindow& window : open) {
    minutes cursor = window.start;
    for (const DayWindow& t : taken) {
      if (t.end <= cursor || t.start >= window.end) continue;
      if (t.start - cursor >= min_free) free.push_back({cursor, t.start});
      cursor = std::max(cursor, t.end);
      if (cursor >= window.end) break;
    }
    if (cursor < window.end && window.end - cursor >= min_free)
      free.push_back({cursor, window.end});
  }
  return free;
}

}  // namespace

std::vector<DayAvailability> DailyAvailability(std::span<const WeeklyWindow> hours,
                                               std::span<const clinic::ClinicClosure> closures,
                                               std::span<const BusyInterval> busy, DateRange dates,
                                               minutes min_free) {
  std::vector<DayAvailability> days;
  for (LocalDate date = dates.first; date <= dates.last; date += std::chrono::days{1}) {
    DayAvailability day;
    day.date = date;
    if (const clinic::ClinicClosure* closure = ClosureOn(closures, date)) {
      day.closed_reason = closure->reason;
    } else {
      for (const WeeklyWindow& window : WindowsOn(hours, std::chrono::weekday{date})) {
        day.open.push_back({window.start, window.end});
      }
      day.free = FreeWindows(day.open, busy, date, min_free);
    }
    days.push_back(std::move(day));
  }
  return days;
}

}  // namespace backcare::plan
