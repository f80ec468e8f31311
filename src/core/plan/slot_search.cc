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
  for (unsigned day = 0; day < 7; ++day) {
    std::chrono::weekday weekday{day};
    patient_clinic_[day] = Intersect(WindowsOn(clinic_.opening_hours, weekday),
                                     WindowsOn(request_.availability.windows, weekday));
  }
  use_index_ = !qualified_.empty();
  for (const Therapist* therapist : qualified_) {
    book_index_.push_back(book_.TherapistIndex(therapist->id));
    if (!book_index_.back()) use_index_ = false;
  }
  therapist_windows_.resize(qualified_.size());
  therapist_windows_ready_.assign(qualified_.size(), false);
}

std::vector<WeeklyWindow> SlotFinder::CommonWindows(LocalDate date,
                                                    const Therapist& therapist) const {
  std::chrono::weekday weekday{date};
  return Intersect(patient_clinic_[weekday.c_encoding()],
                   WindowsOn(therapist.working_hours, weekday));
}

const std::vector<WeeklyWindow>& SlotFinder::TherapistWindows(std::size_t position,
                                                              std::chrono::weekday weekday) const {
  if (!therapist_windows_ready_[position]) {
    for (unsigned day = 0; day < 7; ++day) {
      std::vector<WeeklyWindow> windows =
          Intersect(patient_clinic_[day],
                    WindowsOn(qualified_[position]->working_hours, std::chrono::weekday{day}));
      std::erase_if(windows, [&](const WeeklyWindow& w) { return w.end - w.start < duration_; });
      therapist_windows_[position][day] = std::move(windows);
    }
    therapist_windows_ready_[position] = true;
  }
  return therapist_windows_[position][weekday.c_encoding()];
}

std::optional<std::size_t> SlotFinder::PositionOf(TherapistId id) const {
  for (std::size_t i = 0; i < qualified_.size(); ++i) {
    if (qualified_[i]->id == id) return i;
  }
  return std::nullopt;
}

SlotFinder::DayZone SlotFinder::ZoneOn(LocalDate date) const {
  const ports::TimeZone& zone = *clinic_.time_zone;
  ports::LocalTimeMapping first = zone.MapLocal(LocalMinutes{date});
  ports::LocalTimeMapping last = zone.MapLocal(LocalMinutes{date + std::chrono::days(1)});
  using Kind = ports::LocalTimeMapping::Kind;
  if (first.kind != Kind::kUnique || last.kind != Kind::kUnique) return {};
  std::chrono::minutes first_offset =
      LocalMinutes{date}.time_since_epoch() - first.earliest.time_since_epoch();
  std::chrono::minutes last_offset = LocalMinutes{date + std::chrono::days(1)}.time_since_epoch() -
                                     last.earliest.time_since_epoch();
  if (first_offset != last_offset) return {};
  return {true, first_offset};
}

std::optional<UtcMinutes> SlotFinder::ToUtc(const DayZone& day_zone, LocalMinutes local) const {
  if (day_zone.uniform) return UtcMinutes{local.time_since_epoch() - day_zone.offset};
  return ports::ResolveLocalTime(*clinic_.time_zone, local);
}

std::vector<std::uint64_t> SlotFinder::PossiblyFree(LocalDate date, const DayZone& day_zone) const {
  const std::size_t words = book_.TherapistMaskWords();
  std::vector<std::uint64_t> qualified(words, 0);
  for (const std::optional<std::size_t>& index : book_index_) {
    qualified[*index / 64] |= std::uint64_t{1} << (*index % 64);
  }
  std::vector<std::uint64_t> free(words, 0);
  std::vector<std::uint64_t> busy(words, 0);
  constexpr std::int64_t kCell = BookingBook::kCellMinutes;
  constexpr std::int64_t kPerDay = BookingBook::kCellsPerDay;
  std::int32_t cached_day = 0;
  const std::uint64_t* cells = nullptr;
  bool looked_up = false;
  for (const WeeklyWindow& window : patient_clinic_[std::chrono::weekday{date}.c_encoding()]) {
    for (std::chrono::minutes start = CeilToGrid(window.start); start + duration_ <= window.end;
         start += kSlotGrid) {
      std::optional<UtcMinutes> utc = ToUtc(day_zone, LocalMinutes{date} + start);
      if (!utc) continue;
      std::fill(busy.begin(), busy.end(), 0);
      // Cells wholly inside [utc, utc + duration): their busy therapists are busy in the slot.
      std::int64_t first = (utc->time_since_epoch().count() + kCell - 1) / kCell;
      std::int64_t stop = (utc->time_since_epoch().count() + duration_.count()) / kCell;
      for (std::int64_t cell = first; cell < stop; ++cell) {
        auto day = static_cast<std::int32_t>(cell / kPerDay);
        if (!looked_up || day != cached_day) {
          cells = book_.BusyCellsOfDay(day);
          cached_day = day;
          looked_up = true;
        }
        if (cells == nullptr) continue;
        const std::uint64_t* mask =
            cells + static_cast<std::size_t>(cell - std::int64_t{day} * kPerDay) * words;
        for (std::size_t w = 0; w < words; ++w) busy[w] |= mask[w];
      }
      for (std::size_t w = 0; w < words; ++w) free[w] |= qualified[w] & ~busy[w];
    }
  }
  return free;
}

bool SlotFinder::MaskHas(const std::vector<std::uint64_t>& mask, std::size_t position) const {
  std::size_t index = *book_index_[position];
  return (mask[index / 64] >> (index % 64)) & 1u;
}

std::optional<Placement> SlotFinder::TryStart(LocalDate date, const DayZone& day_zone,
                                              std::chrono::minutes start,
                                              std::chrono::minutes window_end,
                                              const Therapist& therapist, const SlotTarget& target,
                                              std::optional<UtcMinutes>& conflict_end) const {
  conflict_end.reset();
  LocalMinutes local_start = LocalMinutes{date} + start;
  std::optional<UtcMinutes> utc_start = ToUtc(day_zone, local_start);
  if (!utc_start) return std::nullopt;  // in a spring-forward gap: this slot is skipped
  UtcMinutes utc_end = *utc_start + duration_;
  LocalMinutes local_end = day_zone.uniform
                               ? LocalMinutes{utc_end.time_since_epoch() + day_zone.offset}
                               : clinic_.time_zone->ToLocal(utc_end);
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

std::optional<Placement> SlotFinder::TryDay(LocalDate date, const DayZone& day_zone,
                                            std::size_t position, const SlotTarget& target,
                                            DayOutcome& outcome) const {
  const Therapist& therapist = *qualified_[position];
  if (AnyContains(therapist.time_off, date)) return std::nullopt;
  outcome.open = true;
  const std::vector<WeeklyWindow>& windows = TherapistWindows(position, std::chrono::weekday{date});
  if (windows.empty()) return std::nullopt;
  outcome.has_window = true;
  std::optional<UtcMinutes> conflict_end;
  if (target.preferred_time) {
    for (const WeeklyWindow& window : windows) {
      if (window.start <= *target.preferred_time &&
          *target.preferred_time + duration_ <= window.end) {
        if (auto placement = TryStart(date, day_zone, *target.preferred_time, window.end, therapist,
                                      target, conflict_end)) {
          return placement;
        }
      }
    }
  }
  for (const WeeklyWindow& window : windows) {
    std::chrono::minutes start = CeilToGrid(window.start);
    while (start + duration_ <= window.end) {
      if (auto placement =
              TryStart(date, day_zone, start, window.end, therapist, target, conflict_end)) {
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
  if (target.window_last < not_before_) {
    return NoPlacement{UnplacedReason::kWindowPassed, "every allowed day is before today"};
  }
  std::vector<LocalDate> days;
  days.reserve(7);
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
  std::vector<std::vector<std::size_t>> passes;
  std::optional<std::size_t> preferred =
      target.preferred_therapist ? PositionOf(*target.preferred_therapist) : std::nullopt;
  if (preferred) {
    passes.push_back({*preferred});
    passes.emplace_back();
    for (std::size_t i = 0; i < qualified_.size(); ++i) {
      if (i != *preferred) passes.back().push_back(i);
    }
  } else {
    passes.emplace_back();
    for (std::size_t i = 0; i < qualified_.size(); ++i) passes.back().push_back(i);
  }
  // Per day, computed on first use: whether the day is open to the patient, its zone mapping and
  // the therapists the occupancy index has not ruled out.
  struct DayInfo {
    bool ready = false;
    bool usable = false;
    bool indexed = false;
    DayZone zone;
    std::vector<std::uint64_t> possibly_free;
  };
  std::vector<DayInfo> info(days.size());
  DayOutcome outcome;
  for (const std::vector<std::size_t>& pass : passes) {
    for (std::size_t d = 0; d < days.size(); ++d) {
      LocalDate day = days[d];
      DayInfo& day_info = info[d];
      if (!day_info.ready) {
        day_info.ready = true;
        bool closed =
            AnyContains(clinic_.closures, day) || AnyContains(request_.availability.blocked, day);
        const auto& windows = patient_clinic_[std::chrono::weekday{day}.c_encoding()];
        bool long_enough = std::any_of(windows.begin(), windows.end(), [&](const WeeklyWindow& w) {
          return w.end - w.start >= duration_;
        });
        if (!closed && !long_enough) outcome.open = true;  // open, but no window to share
        day_info.usable = !closed && long_enough;
        if (day_info.usable) day_info.zone = ZoneOn(day);
      }
      if (!day_info.usable) continue;
      std::size_t tried = 0;
      for (std::size_t position : pass) {
        // The first two therapists are simply tried (usually one fits); past them the occupancy
        // index rules out, in one sweep, everyone booked throughout the patient's windows.
        if (use_index_ && ++tried > 2 && !day_info.indexed) {
          day_info.possibly_free = PossiblyFree(day, day_info.zone);
          day_info.indexed = true;
        }
        if (day_info.indexed && !MaskHas(day_info.possibly_free, position)) {
          outcome.open = true;
          outcome.booked = true;
          continue;
        }
        if (auto placement = TryDay(day, day_info.zone, position, target, outcome)) {
          return *placement;
        }
      }
    }
  }
  if (!outcome.open) {
    return NoPlacement{UnplacedReason::kClosedOrBlocked,
                       "every allowed day is a clinic closure, a blocked date or therapist time "
                       "off"};
  }
  std::string minutes = std::to_string(duration_.count());
  if (!outcome.has_window && !outcome.booked) {
    return NoPlacement{UnplacedReason::kNoCommonWindow,
                       "the patient's availability, the opening hours and the therapists' working "
                       "hours leave no " +
                           minutes + "-minute window"};
  }
  return NoPlacement{UnplacedReason::kFullyBooked,
                     "every " + minutes + "-minute slot in the common windows is already booked"};
}

bool SlotFinder::StillValid(const PlannedSession& session) const {
  std::optional<std::size_t> position = PositionOf(session.therapist);
  if (!position) return false;
  const Therapist* therapist = qualified_[*position];
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
