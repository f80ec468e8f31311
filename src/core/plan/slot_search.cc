#include "core/plan/slot_search.h"

#include <algorithm>
#include <utility>

#include "core/base/check.h"

namespace backcare::plan::internal {
namespace {

std::chrono::minutes CeilToGrid(std::chrono::minutes t) {
  auto grid = kSlotGrid.count();
  return std::chrono::minutes(((t.count() + grid - 1) / grid) * grid);
}

// Intersection of two lists of same-day windows, each sorted by start and non-overlapping.
std::vector<WeeklyWindow> Intersect(const std::vector<WeeklyWindow>& a,
                                    const std::vector<WeeklyWindow>& b) {
  std::vector<WeeklyWindow> out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    std::chrono::minutes start = std::max(a[i].start, b[j].start);
    std::chrono::minutes end = std::min(a[i].end, b[j].end);
    if (start < end) out.push_back({a[i].weekday, start, end});
    if (a[i].end < b[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

}  // namespace

SlotFinder::SlotFinder(const Clinic& clinic, const CourseRequest& request, const BookingBook& book,
                       std::vector<const Therapist*> qualified, std::chrono::minutes duration,
                       LocalDate not_before)
    : clinic_(clinic),
      request_(request),
      book_(book),
      qualified_(std::move(qualified)),
      duration_(duration),
      not_before_(not_before) {
  BACKCARE_CHECK(clinic_.time_zone != nullptr);
}

std::vector<WeeklyWindow> SlotFinder::CommonWindows(LocalDate date,
                                                    const Therapist& therapist) const {
  std::chrono::weekday weekday{date};
  std::vector<WeeklyWindow> windows = Intersect(WindowsOn(clinic_.opening_hours, weekday),
                                                WindowsOn(request_.availability.windows, weekday));
  return Intersect(windows, WindowsOn(therapist.working_hours, weekday));
}

const Therapist* SlotFinder::FindTherapist(TherapistId id) const {
  for (const Therapist* therapist : qualified_) {
    if (therapist->id == id) return therapist;
  }
  return nullptr;
}

std::optional<Placement> SlotFinder::TryStart(LocalDate date, std::chrono::minutes start,
                                              std::chrono::minutes window_end,
                                              const Therapist& therapist, const SlotTarget& target,
                                              std::optional<UtcMinutes>& conflict_end) const {
  conflict_end.reset();
  const ports::TimeZone& zone = *clinic_.time_zone;
  LocalMinutes local_start = LocalMinutes{date} + start;
  std::optional<UtcMinutes> utc_start = ports::ResolveLocalTime(zone, local_start);
  if (!utc_start) return std::nullopt;  // in a spring-forward gap: this slot is skipped
  UtcMinutes utc_end = *utc_start + duration_;
  LocalMinutes local_end = zone.ToLocal(utc_end);
  if (local_end - LocalMinutes{date} > window_end) return std::nullopt;
  CourseId course = request_.course_id;
  if (auto end = book_.ConflictEnd(TherapistResource(therapist.id), *utc_start, utc_end, course)) {
    conflict_end = end;
    return std::nullopt;
  }
  if (auto end =
          book_.ConflictEnd(PatientResource(request_.patient_id), *utc_start, utc_end, course)) {
    conflict_end = end;
    return std::nullopt;
  }
  std::optional<RoomId> room;
  if (!clinic_.rooms.empty()) {
    std::optional<UtcMinutes> earliest_free;
    auto try_room = [&](RoomId id) {
      if (room) return;
      auto end = book_.ConflictEnd(RoomResource(id), *utc_start, utc_end, course);
      if (!end) {
        room = id;
      } else if (!earliest_free || *end < *earliest_free) {
        earliest_free = end;
      }
    };
    if (target.preferred_room) try_room(*target.preferred_room);
    for (const Room& candidate : clinic_.rooms) try_room(candidate.id);
    if (!room) {
      conflict_end = earliest_free;
      return std::nullopt;
    }
  }
  return Placement{local_start, local_end, *utc_start, utc_end, therapist.id, room};
}

std::optional<Placement> SlotFinder::TryDay(LocalDate date, const Therapist& therapist,
                                            const SlotTarget& target, DayOutcome& outcome) const {
  if (AnyContains(clinic_.closures, date) || AnyContains(request_.availability.blocked, date) ||
      AnyContains(therapist.time_off, date)) {
    return std::nullopt;
  }
  outcome.open = true;
  std::vector<WeeklyWindow> windows = CommonWindows(date, therapist);
  std::erase_if(windows, [&](const WeeklyWindow& w) { return w.end - w.start < duration_; });
  if (windows.empty()) return std::nullopt;
  outcome.has_window = true;
  std::optional<UtcMinutes> conflict_end;
  if (target.preferred_time) {
    for (const WeeklyWindow& window : windows) {
      if (window.start <= *target.preferred_time &&
          *target.preferred_time + duration_ <= window.end) {
        if (auto placement = TryStart(date, *target.preferred_time, window.end, therapist, target,
                                      conflict_end)) {
          return placement;
        }
      }
    }
  }
  for (const WeeklyWindow& window : windows) {
    std::chrono::minutes start = CeilToGrid(window.start);
    while (start + duration_ <= window.end) {
      if (auto placement = TryStart(date, start, window.end, therapist, target, conflict_end)) {
        return placement;
      }
      std::chrono::minutes next = start + kSlotGrid;
      if (conflict_end) {
        // Jump past the booking in the way instead of probing every grid step.
        next = std::max(next,
                        CeilToGrid(clinic_.time_zone->ToLocal(*conflict_end) - LocalMinutes{date}));
      }
      start = next;
    }
  }
  return std::nullopt;
}

std::variant<Placement, NoPlacement> SlotFinder::Find(
    const SlotTarget& target, std::span<const LocalDate> other_dates) const {
  std::string minutes = std::to_string(duration_.count());
  if (target.window_last < not_before_) {
    return NoPlacement{UnplacedReason::kWindowPassed, "every allowed day is before today"};
  }
  std::vector<LocalDate> days;
  for (LocalDate day = std::max(target.window_first, not_before_); day <= target.window_last;
       day += std::chrono::days(1)) {
    bool spaced = std::all_of(other_dates.begin(), other_dates.end(), [&](LocalDate other) {
      auto gap = day > other ? day - other : other - day;
      return gap >= std::chrono::days(target.min_gap_days);
    });
    if (spaced) days.push_back(day);
  }
  if (days.empty()) {
    return NoPlacement{UnplacedReason::kSpacing, "no allowed day is at least " +
                                                     std::to_string(target.min_gap_days) + " day" +
                                                     (target.min_gap_days == 1 ? "" : "s") +
                                                     " from the course's other sessions"};
  }
  if (target.preferred_weekday) {
    auto preferred = std::find_if(days.begin(), days.end(), [&](LocalDate day) {
      return std::chrono::weekday{day} == *target.preferred_weekday;
    });
    if (preferred != days.end()) std::rotate(days.begin(), preferred, preferred + 1);
  }
  std::vector<std::vector<const Therapist*>> passes;
  const Therapist* preferred_therapist =
      target.preferred_therapist ? FindTherapist(*target.preferred_therapist) : nullptr;
  if (preferred_therapist != nullptr) {
    passes.push_back({preferred_therapist});
    std::vector<const Therapist*> others;
    for (const Therapist* therapist : qualified_) {
      if (therapist != preferred_therapist) others.push_back(therapist);
    }
    passes.push_back(std::move(others));
  } else {
    passes.push_back(qualified_);
  }
  DayOutcome outcome;
  for (const std::vector<const Therapist*>& pass : passes) {
    for (LocalDate day : days) {
      for (const Therapist* therapist : pass) {
        if (auto placement = TryDay(day, *therapist, target, outcome)) return *placement;
      }
    }
  }
  if (!outcome.open) {
    return NoPlacement{UnplacedReason::kClosedOrBlocked,
                       "every allowed day is a clinic closure, a blocked date or therapist time "
                       "off"};
  }
  if (!outcome.has_window) {
    return NoPlacement{UnplacedReason::kNoCommonWindow,
                       "the patient's availability, the opening hours and the therapists' working "
                       "hours leave no " +
                           minutes + "-minute window"};
  }
  return NoPlacement{UnplacedReason::kFullyBooked,
                     "every " + minutes + "-minute slot in the common windows is already booked"};
}

bool SlotFinder::StillValid(const PlannedSession& session) const {
  const Therapist* therapist = FindTherapist(session.therapist);
  if (therapist == nullptr) return false;
  LocalDate date = session.Date();
  if (AnyContains(clinic_.closures, date) || AnyContains(request_.availability.blocked, date) ||
      AnyContains(therapist->time_off, date)) {
    return false;
  }
  std::chrono::minutes start = session.local_start - LocalMinutes{date};
  std::chrono::minutes end = session.local_end - LocalMinutes{date};
  std::vector<WeeklyWindow> windows = CommonWindows(date, *therapist);
  bool inside = std::any_of(windows.begin(), windows.end(), [&](const WeeklyWindow& w) {
    return w.start <= start && end <= w.end;
  });
  if (!inside) return false;
  if (ports::ResolveLocalTime(*clinic_.time_zone, session.local_start) != session.utc_start) {
    return false;
  }
  CourseId course = request_.course_id;
  if (book_.ConflictEnd(TherapistResource(session.therapist), session.utc_start, session.utc_end,
                        course) ||
      book_.ConflictEnd(PatientResource(request_.patient_id), session.utc_start, session.utc_end,
                        course)) {
    return false;
  }
  if (session.room &&
      book_.ConflictEnd(RoomResource(*session.room), session.utc_start, session.utc_end, course)) {
    return false;
  }
  return true;
}

}  // namespace backcare::plan::internal
