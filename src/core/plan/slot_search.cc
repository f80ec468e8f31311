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

SlotFinder::SlotFinder(const ClinicCalendar& clinic, const CourseRequest& request,
                       const BookingBook& book, std::vector<const TherapistCalendar*> qualified,
                       std::chrono::minutes duration, LocalDate not_before)
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
  patient_lane_ = book_.FindLane(PatientResource(request_.patient_id));
  index_proves_busy_ = !patient_lane_ || !book_.LaneHolds(*patient_lane_, request_.course_id);
  for (const Room& room : clinic_.rooms)
    room_lanes_.push_back(book_.FindLane(RoomResource(room.id)));
  therapists_.resize(qualified_.size());
}

std::vector<WeeklyWindow> SlotFinder::CommonWindows(LocalDate date,
                                                    const TherapistCalendar& therapist) const {
  std::chrono::weekday weekday{date};
  return Intersect(patient_clinic_[weekday.c_encoding()],
                   WindowsOn(therapist.working_hours, weekday));
}

SlotFinder::TherapistState& SlotFinder::Resolve(std::size_t position) const {
  TherapistState& state = therapists_[position];
  if (!state.resolved) {
    state.resolved = true;
    TherapistId id = qualified_[position]->id;
    if (auto lane = book_.FindLane(TherapistResource(id))) {
      state.lane = lane->value;
      if (auto index = book_.TherapistIndex(*lane)) {
        state.book_index = static_cast<std::uint32_t>(*index);
      }
    }
  }
  return state;
}

std::span<const WeeklyWindow> SlotFinder::TherapistWindows(std::size_t position,
                                                           std::chrono::weekday weekday) const {
  TherapistState& state = therapists_[position];
  if (!state.windows_ready) {
    state.windows_ready = true;
    for (unsigned day = 0; day < 7; ++day) {
      state.window_offsets[day] = static_cast<std::uint32_t>(window_pool_.size());
      for (const WeeklyWindow& window :
           Intersect(patient_clinic_[day],
                     WindowsOn(qualified_[position]->working_hours, std::chrono::weekday{day}))) {
        if (window.end - window.start >= duration_) window_pool_.push_back(window);
      }
    }
    state.window_offsets[7] = static_cast<std::uint32_t>(window_pool_.size());
  }
  unsigned day = weekday.c_encoding();
  return std::span<const WeeklyWindow>(window_pool_)
      .subspan(state.window_offsets[day],
               state.window_offsets[day + 1] - state.window_offsets[day]);
}

std::optional<std::size_t> SlotFinder::PositionOf(TherapistId id) const {
  for (std::size_t i = 0; i < qualified_.size(); ++i) {
    if (qualified_[i]->id == id) return i;
  }
  return std::nullopt;
}

const ports::LocalTimeMapping& SlotFinder::MidnightOf(LocalDate date) const {
  const LocalDate base = not_before_;
  if (date < base) {
    scratch_midnight_ = clinic_.time_zone->MapLocal(LocalMinutes{date});
    return scratch_midnight_;
  }
  auto at = static_cast<std::size_t>((date - base).count());
  if (at >= midnights_.size()) midnights_.resize(at + 1);
  if (!midnights_[at]) midnights_[at] = clinic_.time_zone->MapLocal(LocalMinutes{date});
  return *midnights_[at];
}

SlotFinder::DayZone SlotFinder::ZoneOn(LocalDate date) const {
  using Kind = ports::LocalTimeMapping::Kind;
  ports::LocalTimeMapping first = MidnightOf(date);
  if (first.kind != Kind::kUnique) return {};
  const ports::LocalTimeMapping& last = MidnightOf(date + std::chrono::days(1));
  if (last.kind != Kind::kUnique) return {};
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

bool SlotFinder::UseIndex() const {
  if (!use_index_) {
    bool all = !qualified_.empty() && index_proves_busy_;
    for (std::size_t position = 0; position < qualified_.size() && all; ++position) {
      all = Resolve(position).book_index != kNone;
    }
    use_index_ = all;
    if (all) {
      qualified_mask_.assign(book_.TherapistMaskWords(), 0);
      for (const TherapistState& state : therapists_) {
        qualified_mask_[state.book_index / 64] |= std::uint64_t{1} << (state.book_index % 64);
      }
    }
  }
  return *use_index_;
}

void SlotFinder::PossiblyFree(LocalDate date, const DayZone& day_zone, std::uint64_t* free) const {
  const std::size_t words = book_.TherapistMaskWords();
  std::fill(free, free + words, 0);
  busy_scratch_.resize(words);
  std::uint64_t* busy = busy_scratch_.data();
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
      std::fill(busy, busy + words, 0);
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
      for (std::size_t w = 0; w < words; ++w) free[w] |= qualified_mask_[w] & ~busy[w];
    }
  }
}

bool SlotFinder::MaskHas(const std::uint64_t* mask, std::size_t position) const {
  std::size_t index = therapists_[position].book_index;
  return (mask[index / 64] >> (index % 64)) & 1u;
}

SlotFinder::CellVerdict SlotFinder::Verdict(const DayCells& cells, std::chrono::minutes start,
                                            std::chrono::minutes end) const {
  if (!cells.valid) return CellVerdict::kAskTheBook;
  constexpr std::int64_t kCell = BookingBook::kCellMinutes;
  // Whether any bit in [from, to) is set (cells 0..127).
  auto any = [&](std::int64_t from, std::int64_t to) {
    for (std::int64_t cell = from; cell < to;) {
      auto word = static_cast<std::size_t>(cell / 64);
      std::int64_t word_end = std::min<std::int64_t>(to, (cell / 64 + 1) * 64);
      std::uint64_t bits = cells.busy[word] >> (cell % 64);
      std::int64_t count = word_end - cell;
      if (count < 64) bits &= (std::uint64_t{1} << count) - 1;
      if (bits != 0) return true;
      cell = word_end;
    }
    return false;
  };
  std::int64_t first = start.count();
  std::int64_t last = end.count();
  // Touched cells: a booking can only overlap [start, end) through one of them.
  if (!any(first / kCell, (last + kCell - 1) / kCell)) return CellVerdict::kFree;
  // Cells wholly inside: any booking in one of them overlaps [start, end).
  if (index_proves_busy_ && any((first + kCell - 1) / kCell, last / kCell)) {
    return CellVerdict::kBusy;
  }
  return CellVerdict::kAskTheBook;
}

std::optional<Placement> SlotFinder::TryStart(LocalDate date, const DayZone& day_zone,
                                              std::chrono::minutes start,
                                              std::chrono::minutes window_end, std::size_t position,
                                              const DayCells& cells, const SlotTarget& target,
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
  const TherapistState& therapist = Resolve(position);
  // The occupancy index answers most questions without reading the therapist's bookings.
  if (therapist.lane != kNone) {
    CellVerdict verdict = cells.valid ? Verdict(cells, start, start + duration_)
                          : book_.TherapistCertainlyFree(therapist.book_index, *utc_start, utc_end)
                              ? CellVerdict::kFree
                              : CellVerdict::kAskTheBook;
    if (verdict == CellVerdict::kBusy) return std::nullopt;
    if (verdict == CellVerdict::kAskTheBook) {
      if (auto end =
              book_.ConflictEnd(BookingBook::LaneId{therapist.lane}, *utc_start, utc_end, course)) {
        conflict_end = end;
        return std::nullopt;
      }
    }
  }
  if (patient_lane_) {
    if (auto end = book_.ConflictEnd(*patient_lane_, *utc_start, utc_end, course)) {
      conflict_end = end;
      return std::nullopt;
    }
  }
  std::optional<RoomId> room;
  if (!clinic_.rooms.empty()) {
    std::optional<UtcMinutes> earliest_free;
    auto try_room = [&](RoomId id, std::optional<BookingBook::LaneId> lane) {
      if (room) return;
      std::optional<UtcMinutes> end;
      if (lane) end = book_.ConflictEnd(*lane, *utc_start, utc_end, course);
      if (!end) {
        room = id;
      } else if (!earliest_free || *end < *earliest_free) {
        earliest_free = end;
      }
    };
    if (target.preferred_room) {
      try_room(*target.preferred_room, book_.FindLane(RoomResource(*target.preferred_room)));
    }
    for (std::size_t i = 0; i < clinic_.rooms.size(); ++i) {
      try_room(clinic_.rooms[i].id, room_lanes_[i]);
    }
    if (!room) {
      conflict_end = earliest_free;
      return std::nullopt;
    }
  }
  return Placement{local_start, local_end, *utc_start, utc_end, qualified_[position]->id, room};
}

std::optional<Placement> SlotFinder::TryDay(LocalDate date, const DayZone& day_zone,
                                            std::size_t position, const SlotTarget& target,
                                            DayOutcome& outcome) const {
  const TherapistCalendar& therapist = *qualified_[position];
  if (AnyContains(therapist.time_off, date)) return std::nullopt;
  outcome.open = true;
  std::span<const WeeklyWindow> windows = TherapistWindows(position, std::chrono::weekday{date});
  if (windows.empty()) return std::nullopt;
  outcome.has_window = true;
  DayCells cells;
  const TherapistState& state = Resolve(position);
  constexpr std::int64_t kCell = BookingBook::kCellMinutes;
  if (state.lane != kNone && day_zone.uniform && day_zone.offset.count() % kCell == 0) {
    cells.valid = true;
    const std::size_t words = book_.TherapistMaskWords();
    const std::size_t word = state.book_index / 64;
    const std::uint64_t bit = std::uint64_t{1} << (state.book_index % 64);
    // UTC cell of local midnight: exact, as midnight and the offset are whole cells.
    const std::int64_t midnight_cell =
        (LocalMinutes{date}.time_since_epoch() - day_zone.offset).count() / kCell;
    std::int64_t from = windows.front().start.count() / kCell;
    std::int64_t to = (windows.back().end.count() + kCell - 1) / kCell;
    std::int32_t cached_day = 0;
    const std::uint64_t* day_cells = nullptr;
    bool looked_up = false;
    for (std::int64_t local_cell = from; local_cell < to; ++local_cell) {
      std::int64_t cell = midnight_cell + local_cell;
      std::int64_t day64 = cell / BookingBook::kCellsPerDay;
      if (cell < 0 && cell % BookingBook::kCellsPerDay != 0) --day64;
      auto day = static_cast<std::int32_t>(day64);
      if (!looked_up || day != cached_day) {
        day_cells = book_.BusyCellsOfDay(day);
        cached_day = day;
        looked_up = true;
      }
      if (day_cells == nullptr) continue;
      std::size_t at =
          static_cast<std::size_t>(cell - day64 * BookingBook::kCellsPerDay) * words + word;
      if (day_cells[at] & bit) {
        cells.busy[static_cast<std::size_t>(local_cell / 64)] |= std::uint64_t{1}
                                                                 << (local_cell % 64);
      }
    }
  }
  std::optional<UtcMinutes> conflict_end;
  if (target.preferred_time) {
    for (const WeeklyWindow& window : windows) {
      if (window.start <= *target.preferred_time &&
          *target.preferred_time + duration_ <= window.end) {
        if (auto placement = TryStart(date, day_zone, *target.preferred_time, window.end, position,
                                      cells, target, conflict_end)) {
          return placement;
        }
      }
    }
  }
  const LocalMinutes midnight{date};
  for (const WeeklyWindow& window : windows) {
    std::chrono::minutes start = CeilToGrid(window.start);
    while (start + duration_ <= window.end) {
      if (auto placement =
              TryStart(date, day_zone, start, window.end, position, cells, target, conflict_end)) {
        return placement;
      }
      std::chrono::minutes next = start + kSlotGrid;
      if (conflict_end) {
        // Jump past the booking in the way instead of probing every grid step.
        LocalMinutes local_end{conflict_end->time_since_epoch() + day_zone.offset};
        if (!day_zone.uniform || local_end >= midnight + std::chrono::days(1)) {
          local_end = clinic_.time_zone->ToLocal(*conflict_end);
        }
        next = std::max(next, CeilToGrid(local_end - midnight));
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
  std::vector<LocalDate>& days = days_;
  days.clear();
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
  // Pass 0: the preferred therapist alone (when there is one); then everyone else, in order.
  std::optional<std::size_t> preferred =
      target.preferred_therapist ? PositionOf(*target.preferred_therapist) : std::nullopt;
  const int passes = preferred ? 2 : 1;
  day_info_.assign(days.size(), DayInfo{});
  DayOutcome outcome;
  for (int pass = 0; pass < passes; ++pass) {
    const bool preferred_only = preferred && pass == 0;
    for (std::size_t d = 0; d < days.size(); ++d) {
      LocalDate day = days[d];
      DayInfo& day_info = day_info_[d];
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
      const std::size_t count = preferred_only ? 1 : qualified_.size();
      for (std::size_t i = 0; i < count; ++i) {
        std::size_t position = preferred_only ? *preferred : i;
        if (preferred && !preferred_only && position == *preferred) continue;
        // The first two therapists are simply tried (usually one fits); past them the occupancy
        // index rules out, in one sweep, everyone booked throughout the patient's windows.
        if (++tried > 2 && !day_info.indexed && UseIndex()) {
          const std::size_t words = book_.TherapistMaskWords();
          day_masks_.resize(days.size() * words);
          PossiblyFree(day, day_info.zone, day_masks_.data() + d * words);
          day_info.indexed = true;
        }
        if (day_info.indexed &&
            !MaskHas(day_masks_.data() + d * book_.TherapistMaskWords(), position)) {
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
  const TherapistCalendar* therapist = qualified_[*position];
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
