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
      if (stored.end <= start || stored.course == ignore_course) continue;
      if (!latest || stored.end > *latest) latest = stored.end;
    }
  }
  return latest;
}

int BookingBook::CountFor(ResourceKey resource) const {
  auto it = counts_.find(resource);
  return it == counts_.end() ? 0 : it->second;
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
