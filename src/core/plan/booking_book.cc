#include "core/plan/booking_book.h"

#include <algorithm>
#include <chrono>

#include "core/base/check.h"
#include "core/plan/calendar_types.h"

namespace backcare::plan {
namespace {

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

std::size_t BookingBook::ResourceKeyHash::operator()(const ResourceKey& key) const noexcept {
  return std::hash<std::int64_t>{}(key.id * 4 + static_cast<std::int64_t>(key.kind));
}

std::size_t BookingBook::BucketKeyHash::operator()(const BucketKey& key) const noexcept {
  std::uint64_t h = static_cast<std::uint64_t>(key.resource.id) * 0x9E3779B97F4A7C15ull;
  h ^= (static_cast<std::uint64_t>(key.resource.kind) << 56) ^
       static_cast<std::uint64_t>(static_cast<std::uint32_t>(key.day)) * 0xC2B2AE3D27D4EB4Full;
  return static_cast<std::size_t>(h ^ (h >> 29));
}

void BookingBook::Add(const BookedInterval& interval) {
  BACKCARE_CHECK(interval.start < interval.end);
  Stored stored{interval.start, interval.end, interval.course, interval.session_number};
  for (std::int32_t day = DayOf(interval.start);
       day <= DayOf(interval.end - std::chrono::minutes(1)); ++day) {
    std::vector<Stored>& bucket = buckets_[BucketKey{interval.resource, day}];
    auto at = std::upper_bound(bucket.begin(), bucket.end(), stored,
                               [](const Stored& a, const Stored& b) { return a.start < b.start; });
    bucket.insert(at, stored);
  }
  ++counts_[interval.resource];
  ++size_;
  if (interval.resource.kind == ResourceKind::kTherapist) UpdateCells(interval, true);
}

bool BookingBook::Remove(const BookedInterval& interval) {
  bool found = false;
  for (std::int32_t day = DayOf(interval.start);
       day <= DayOf(interval.end - std::chrono::minutes(1)); ++day) {
    auto bucket = buckets_.find(BucketKey{interval.resource, day});
    if (bucket == buckets_.end()) continue;
    auto at = std::find_if(bucket->second.begin(), bucket->second.end(), [&](const Stored& s) {
      return s.start == interval.start && s.end == interval.end && s.course == interval.course &&
             s.session_number == interval.session_number;
    });
    if (at == bucket->second.end()) continue;
    bucket->second.erase(at);
    found = true;
  }
  if (found) {
    --counts_[interval.resource];
    --size_;
    if (interval.resource.kind == ResourceKind::kTherapist) UpdateCells(interval, false);
  }
  return found;
}

std::optional<ports::UtcMinutes> BookingBook::ConflictEnd(ResourceKey resource,
                                                          ports::UtcMinutes start,
                                                          ports::UtcMinutes end,
                                                          CourseId ignore_course) const {
  std::optional<ports::UtcMinutes> latest;
  for (std::int32_t day = DayOf(start); day <= DayOf(end - std::chrono::minutes(1)); ++day) {
    auto bucket = buckets_.find(BucketKey{resource, day});
    if (bucket == buckets_.end()) continue;
    for (const Stored& stored : bucket->second) {
      if (stored.start >= end) break;  // sorted by start: nothing later overlaps
      if (stored.end <= start) continue;
      if (ignore_course.is_assigned() && stored.course == ignore_course) continue;
      if (!latest || stored.end > *latest) latest = stored.end;
    }
  }
  return latest;
}

int BookingBook::CountFor(ResourceKey resource) const {
  auto it = counts_.find(resource);
  return it == counts_.end() ? 0 : it->second;
}

std::optional<std::size_t> BookingBook::TherapistIndex(TherapistId id) const {
  auto it = therapist_index_.find(id.value());
  if (it == therapist_index_.end()) return std::nullopt;
  return it->second;
}

void BookingBook::UpdateCells(const BookedInterval& interval, bool added) {
  auto [entry, inserted] =
      therapist_index_.try_emplace(interval.resource.id, therapist_index_.size());
  std::size_t index = entry->second;
  if (index >= mask_words_ * 64) {
    // Widen every day's masks: new therapists are rare, lookups are not.
    std::size_t words = mask_words_;
    while (index >= words * 64) words *= 2;
    for (auto& [day, cells] : busy_cells_) {
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
  auto floor_div = [](std::int64_t a, std::int64_t b) { return a / b - ((a % b) < 0 ? 1 : 0); };
  for (std::int64_t cell = floor_div(first, kCellMinutes); cell <= floor_div(last, kCellMinutes);
       ++cell) {
    auto day = static_cast<std::int32_t>(floor_div(cell, kCellsPerDay));
    std::vector<std::uint64_t>& cells = busy_cells_[day];
    if (cells.empty()) cells.assign(static_cast<std::size_t>(kCellsPerDay) * mask_words_, 0);
    std::size_t at =
        static_cast<std::size_t>(cell - std::int64_t{day} * kCellsPerDay) * mask_words_ + word;
    if (added) {
      cells[at] |= bit;
    } else {
      // Still busy in this cell through another booking?
      ports::UtcMinutes cell_start{std::chrono::minutes(cell * kCellMinutes)};
      if (!ConflictEnd(interval.resource, cell_start,
                       cell_start + std::chrono::minutes(kCellMinutes), CourseId())) {
        cells[at] &= ~bit;
      }
    }
  }
}

void BookingBook::OrBusyTherapists(ports::UtcMinutes start, ports::UtcMinutes end,
                                   std::vector<std::uint64_t>& mask) const {
  BACKCARE_CHECK(mask.size() >= mask_words_);
  std::int64_t first = (start.time_since_epoch().count() + kCellMinutes - 1) / kCellMinutes;
  std::int64_t stop = end.time_since_epoch().count() / kCellMinutes;  // cells wholly inside
  std::int32_t cached_day = 0;
  const std::vector<std::uint64_t>* cells = nullptr;
  bool looked_up = false;
  for (std::int64_t cell = first; cell < stop; ++cell) {
    auto day = static_cast<std::int32_t>(cell / kCellsPerDay);
    if (!looked_up || day != cached_day) {
      auto it = busy_cells_.find(day);
      cells = it == busy_cells_.end() ? nullptr : &it->second;
      cached_day = day;
      looked_up = true;
    }
    if (cells == nullptr) continue;
    std::size_t at =
        static_cast<std::size_t>(cell - std::int64_t{day} * kCellsPerDay) * mask_words_;
    for (std::size_t w = 0; w < mask_words_; ++w) mask[w] |= (*cells)[at + w];
  }
}

const std::uint64_t* BookingBook::BusyCellsOfDay(std::int32_t day) const {
  auto it = busy_cells_.find(day);
  return it == busy_cells_.end() ? nullptr : it->second.data();
}

std::vector<BookedInterval> BookingBook::All() const {
  std::vector<BookedInterval> out;
  out.reserve(size_);
  for (const auto& [key, bucket] : buckets_) {
    for (const Stored& stored : bucket) {
      if (DayOf(stored.start) != key.day) continue;  // listed once, under its first day
      out.push_back({key.resource, stored.start, stored.end, stored.course, stored.session_number});
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
