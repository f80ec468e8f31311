#include "core/plan/booking_book.h"

#include <algorithm>
#include <chrono>

#include "core/base/check.h"
#include "core/plan/calendar_types.h"

namespace backcare::plan {
namespace {

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b) < 0 ? 1 : 0); }

std::int32_t DayOf(ports::UtcMinutes t) {
  return static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::days>(t).time_since_epoch().count());
}

std::string Describe(const BookedInterval& interval) {
  return "course " + std::to_string(interval.course.value()) + " session " +
         std::to_string(interval.session_number) + " [" + FormatUtc(interval.start) + ", " +
         FormatUtc(interval.end) + ")";
}

}  // namespace

std::string_view ResourceKindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kTherapist:
      return "therapist";
    case ResourceKind::kRoom:
      return "room";
    case ResourceKind::kPatient:
      return "patient";
  }
  return "resource";
}

std::size_t BookingBook::SlotOf(ResourceKey resource) const {
  std::uint64_t h =
      (static_cast<std::uint64_t>(resource.id) * 4 + static_cast<std::uint64_t>(resource.kind)) *
      0x9E3779B97F4A7C15ull;
  std::size_t mask = lane_of_.size() - 1;
  std::size_t at = static_cast<std::size_t>(h >> 32) & mask;
  while (lane_of_[at].lane != kNoIndex &&
         (lane_of_[at].id != resource.id || lane_of_[at].kind != resource.kind)) {
    at = (at + 1) & mask;
  }
  return at;
}

const BookingBook::DayBucket* BookingBook::FindDay(const Lane& lane, std::int32_t day) {
  const std::vector<DayBucket>& days = lane.days;
  if (days.empty() || day < days.front().day || day > days.back().day) return nullptr;
  // Days are distinct and sorted, so `day` can only sit at an index between these two bounds;
  // for a resource booked most days the range is a few buckets wide.
  auto size = static_cast<std::int64_t>(days.size());
  std::int64_t low = std::max<std::int64_t>(0, size - 1 - (days.back().day - day));
  std::int64_t high = std::min<std::int64_t>(size - 1, day - days.front().day);
  auto first = days.begin() + low;
  auto last = days.begin() + high + 1;
  auto at = std::lower_bound(
      first, last, day, [](const DayBucket& bucket, std::int32_t d) { return bucket.day < d; });
  return at != last && at->day == day ? &*at : nullptr;
}

BookingBook::DayBucket& BookingBook::DayFor(Lane& lane, std::int32_t day) {
  auto at =
      std::lower_bound(lane.days.begin(), lane.days.end(), day,
                       [](const DayBucket& bucket, std::int32_t d) { return bucket.day < d; });
  if (at == lane.days.end() || at->day != day) at = lane.days.insert(at, DayBucket{day, {}});
  return *at;
}

std::optional<BookingBook::LaneId> BookingBook::FindLane(ResourceKey resource) const {
  if (lane_of_.empty()) return std::nullopt;
  const LaneSlot& slot = lane_of_[SlotOf(resource)];
  if (slot.lane == kNoIndex) return std::nullopt;
  return LaneId{slot.lane};
}

void BookingBook::Add(const BookedInterval& interval) {
  BACKCARE_CHECK(interval.start < interval.end);
  std::optional<LaneId> lane_id = FindLane(interval.resource);
  if (!lane_id) {
    if ((lanes_.size() + 1) * 2 > lane_of_.size()) {
      // Grow the table and re-insert every lane.
      std::vector<LaneSlot> old = std::move(lane_of_);
      lane_of_.assign(std::max<std::size_t>(64, old.size() * 2), LaneSlot{});
      for (const LaneSlot& slot : old) {
        if (slot.lane != kNoIndex) lane_of_[SlotOf({slot.kind, slot.id})] = slot;
      }
    }
    lane_id = LaneId{static_cast<std::uint32_t>(lanes_.size())};
    lane_of_[SlotOf(interval.resource)] =
        LaneSlot{interval.resource.id, interval.resource.kind, lane_id->value};
    lanes_.push_back(Lane{interval.resource, 0, kNoIndex, {}});
  }
  Lane& lane = lanes_[lane_id->value];
  Stored stored{interval.start, interval.end, interval.course, interval.session_number};
  for (std::int32_t day = DayOf(interval.start);
       day <= DayOf(interval.end - std::chrono::minutes(1)); ++day) {
    std::vector<Stored>& bucket = DayFor(lane, day).intervals;
    auto at = std::upper_bound(bucket.begin(), bucket.end(), stored,
                               [](const Stored& a, const Stored& b) { return a.start < b.start; });
    bucket.insert(at, stored);
  }
  ++lane.count;
  ++size_;
  if (interval.resource.kind == ResourceKind::kTherapist) UpdateCells(interval, *lane_id, true);
}

bool BookingBook::Remove(const BookedInterval& interval) {
  std::optional<LaneId> lane_id = FindLane(interval.resource);
  if (!lane_id) return false;
  Lane& lane = lanes_[lane_id->value];
  bool found = false;
  for (std::int32_t day = DayOf(interval.start);
       day <= DayOf(interval.end - std::chrono::minutes(1)); ++day) {
    auto bucket = std::lower_bound(lane.days.begin(), lane.days.end(), day,
                                   [](const DayBucket& b, std::int32_t d) { return b.day < d; });
    if (bucket == lane.days.end() || bucket->day != day) continue;
    auto at =
        std::find_if(bucket->intervals.begin(), bucket->intervals.end(), [&](const Stored& s) {
          return s.start == interval.start && s.end == interval.end &&
                 s.course == interval.course && s.session_number == interval.session_number;
        });
    if (at == bucket->intervals.end()) continue;
    bucket->intervals.erase(at);
    if (bucket->intervals.empty()) lane.days.erase(bucket);
    found = true;
  }
  if (found) {
    --lane.count;
    --size_;
    if (interval.resource.kind == ResourceKind::kTherapist) UpdateCells(interval, *lane_id, false);
  }
  return found;
}

std::optional<ports::UtcMinutes> BookingBook::ConflictEnd(ResourceKey resource,
                                                          ports::UtcMinutes start,
                                                          ports::UtcMinutes end,
                                                          CourseId ignore_course) const {
  std::optional<LaneId> lane = FindLane(resource);
  if (!lane) return std::nullopt;
  return ConflictEnd(*lane, start, end, ignore_course);
}

std::optional<ports::UtcMinutes> BookingBook::ConflictEnd(LaneId lane_id, ports::UtcMinutes start,
                                                          ports::UtcMinutes end,
                                                          CourseId ignore_course) const {
  const Lane& lane = lanes_[lane_id.value];
  std::optional<ports::UtcMinutes> latest;
  for (std::int32_t day = DayOf(start); day <= DayOf(end - std::chrono::minutes(1)); ++day) {
    const DayBucket* bucket = FindDay(lane, day);
    if (bucket == nullptr) continue;
    for (const Stored& stored : bucket->intervals) {
      if (stored.start >= end) break;  // sorted by start: nothing later overlaps
      if (stored.end <= start) continue;
      if (ignore_course.is_assigned() && stored.course == ignore_course) continue;
      if (!latest || stored.end > *latest) latest = stored.end;
    }
  }
  return latest;
}

bool BookingBook::LaneHolds(LaneId lane, CourseId course) const {
  for (const DayBucket& bucket : lanes_[lane.value].days) {
    for (const Stored& stored : bucket.intervals) {
      if (stored.course == course) return true;
    }
  }
  return false;
}

int BookingBook::CountFor(ResourceKey resource) const {
  std::optional<LaneId> lane = FindLane(resource);
  return lane ? lanes_[lane->value].count : 0;
}

std::optional<std::size_t> BookingBook::TherapistIndex(TherapistId id) const {
  std::optional<LaneId> lane = FindLane(TherapistResource(id));
  if (!lane || lanes_[lane->value].therapist_index == kNoIndex) return std::nullopt;
  return lanes_[lane->value].therapist_index;
}

std::optional<std::size_t> BookingBook::TherapistIndex(LaneId lane) const {
  std::uint32_t index = lanes_[lane.value].therapist_index;
  if (index == kNoIndex) return std::nullopt;
  return index;
}

std::uint64_t* BookingBook::CellsOfDay(std::int32_t day) {
  const std::size_t per_day = static_cast<std::size_t>(kCellsPerDay) * mask_words_;
  if (cells_.empty()) {
    cells_first_day_ = day;
    cells_.emplace_back();
  } else if (day < cells_first_day_) {
    cells_.insert(cells_.begin(), static_cast<std::size_t>(cells_first_day_ - day), {});
    cells_first_day_ = day;
  } else if (static_cast<std::size_t>(day - cells_first_day_) >= cells_.size()) {
    cells_.resize(static_cast<std::size_t>(day - cells_first_day_) + 1);
  }
  std::vector<std::uint64_t>& cells = cells_[static_cast<std::size_t>(day - cells_first_day_)];
  if (cells.empty()) cells.assign(per_day, 0);
  return cells.data();
}

void BookingBook::UpdateCells(const BookedInterval& interval, LaneId lane, bool added) {
  std::uint32_t& lane_index = lanes_[lane.value].therapist_index;
  if (lane_index == kNoIndex) lane_index = static_cast<std::uint32_t>(therapists_++);
  std::size_t index = lane_index;
  if (index >= mask_words_ * 64) {
    // Widen every day's masks: new therapists are rare, lookups are not.
    std::size_t words = mask_words_;
    while (index >= words * 64) words *= 2;
    for (std::vector<std::uint64_t>& cells : cells_) {
      if (cells.empty()) continue;
      std::vector<std::uint64_t> wider(static_cast<std::size_t>(kCellsPerDay) * words, 0);
      for (std::size_t cell = 0; cell < static_cast<std::size_t>(kCellsPerDay); ++cell) {
        for (std::size_t w = 0; w < mask_words_; ++w) {
          wider[cell * words + w] = cells[cell * mask_words_ + w];
        }
      }
      cells = std::move(wider);
    }
    mask_words_ = words;
  }
  std::uint64_t bit = std::uint64_t{1} << (index % 64);
  std::size_t word = index / 64;
  std::int64_t first = interval.start.time_since_epoch().count();
  std::int64_t last = interval.end.time_since_epoch().count() - 1;
  for (std::int64_t cell = FloorDiv(first, kCellMinutes); cell <= FloorDiv(last, kCellMinutes);
       ++cell) {
    auto day = static_cast<std::int32_t>(FloorDiv(cell, kCellsPerDay));
    std::uint64_t* cells = CellsOfDay(day);
    std::size_t at =
        static_cast<std::size_t>(cell - std::int64_t{day} * kCellsPerDay) * mask_words_ + word;
    if (added) {
      cells[at] |= bit;
    } else {
      // Still busy in this cell through another booking?
      ports::UtcMinutes cell_start{std::chrono::minutes(cell * kCellMinutes)};
      if (!ConflictEnd(lane, cell_start, cell_start + std::chrono::minutes(kCellMinutes),
                       CourseId())) {
        cells[at] &= ~bit;
      }
    }
  }
}

const std::uint64_t* BookingBook::BusyCellsOfDay(std::int32_t day) const {
  if (day < cells_first_day_ || static_cast<std::size_t>(day - cells_first_day_) >= cells_.size()) {
    return nullptr;
  }
  const std::vector<std::uint64_t>& cells =
      cells_[static_cast<std::size_t>(day - cells_first_day_)];
  return cells.empty() ? nullptr : cells.data();
}

bool BookingBook::TherapistCertainlyFree(std::size_t index, ports::UtcMinutes start,
                                         ports::UtcMinutes end) const {
  std::uint64_t bit = std::uint64_t{1} << (index % 64);
  std::size_t word = index / 64;
  std::int64_t first = FloorDiv(start.time_since_epoch().count(), kCellMinutes);
  std::int64_t last = FloorDiv(end.time_since_epoch().count() - 1, kCellMinutes);
  auto day = static_cast<std::int32_t>(FloorDiv(first, kCellsPerDay));
  const std::uint64_t* cells = BusyCellsOfDay(day);
  std::int64_t day_first_cell = std::int64_t{day} * kCellsPerDay;
  for (std::int64_t cell = first; cell <= last; ++cell) {
    if (cell - day_first_cell >= kCellsPerDay) {
      ++day;
      day_first_cell += kCellsPerDay;
      cells = BusyCellsOfDay(day);
    }
    if (cells == nullptr) continue;
    if (cells[static_cast<std::size_t>(cell - day_first_cell) * mask_words_ + word] & bit) {
      return false;
    }
  }
  return true;
}

std::vector<BookedInterval> BookingBook::All() const {
  std::vector<BookedInterval> out;
  out.reserve(size_);
  for (const Lane& lane : lanes_) {
    for (const DayBucket& bucket : lane.days) {
      for (const Stored& stored : bucket.intervals) {
        if (DayOf(stored.start) != bucket.day) continue;  // listed once, under its first day
        out.push_back(
            {lane.resource, stored.start, stored.end, stored.course, stored.session_number});
      }
    }
  }
  return out;
}

Status CheckNoConflicts(std::span<const BookedInterval> intervals) {
  std::vector<BookedInterval> sorted(intervals.begin(), intervals.end());
  std::sort(sorted.begin(), sorted.end(), [](const BookedInterval& a, const BookedInterval& b) {
    if (a.resource != b.resource) return a.resource < b.resource;
    return a.start < b.start;
  });
  std::size_t conflicts = 0;
  std::string first;
  // Sweep per resource, remembering the interval reaching furthest so far.
  std::size_t reach = 0;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i].resource != sorted[i - 1].resource) {
      reach = i;
      continue;
    }
    if (sorted[i].start < sorted[reach].end) {
      ++conflicts;
      if (first.empty()) {
        first = std::string(ResourceKindName(sorted[i].resource.kind)) + " " +
                std::to_string(sorted[i].resource.id) +
                " double booked: " + Describe(sorted[reach]) + " overlaps " + Describe(sorted[i]);
      }
    }
    if (sorted[i].end > sorted[reach].end) reach = i;
  }
  if (conflicts == 0) return OkStatus();
  return Conflict(first + " (" + std::to_string(conflicts) + " overlapping interval" +
                  (conflicts == 1 ? "" : "s") + " in all)");
}

}  // namespace backcare::plan
