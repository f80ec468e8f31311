// The clinic's booking book: every booked interval of every therapist, room and patient, in UTC.
// The planner reads it to avoid double booking; callers add a plan's sessions after planning.
// CheckNoConflicts is an independent checker (a sort and a sweep, sharing no code with the book)
// used by tests and the benchmark to prove that nothing is double booked.
//
// Layout: intervals are bucketed by (resource, UTC day), so a lookup touches one or two small
// sorted vectors instead of every booking; adding is O(bookings that day) for the resource. A
// second index keeps, per UTC day and 15-minute cell, a bit mask of the therapists busy in it, so
// a search can rule out a whole day for every therapist at once.
#ifndef BACKCARE_CORE_PLAN_BOOKING_BOOK_H_
#define BACKCARE_CORE_PLAN_BOOKING_BOOK_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/ports/time_zone.h"

namespace backcare::plan {

enum class ResourceKind : std::uint8_t { kTherapist, kRoom, kPatient };

// "therapist", "room", "patient".
std::string_view ResourceKindName(ResourceKind kind);

// One bookable thing: a therapist, a room or a patient, by id.
struct ResourceKey {
  ResourceKind kind = ResourceKind::kTherapist;
  std::int64_t id = 0;
  friend auto operator<=>(const ResourceKey&, const ResourceKey&) = default;
};

inline ResourceKey TherapistResource(TherapistId id) {
  return {ResourceKind::kTherapist, id.value()};
}
inline ResourceKey RoomResource(RoomId id) { return {ResourceKind::kRoom, id.value()}; }
inline ResourceKey PatientResource(PatientId id) { return {ResourceKind::kPatient, id.value()}; }

// A resource booked for [start, end) by one session of one course.
struct BookedInterval {
  ResourceKey resource;
  ports::UtcMinutes start;
  ports::UtcMinutes end;
  CourseId course;
  int session_number = 0;
  friend bool operator==(const BookedInterval&, const BookedInterval&) = default;
};

class BookingBook {
 public:
  // Records `interval` (start < end, checked). It does not refuse overlaps: callers ask
  // ConflictEnd first; CheckNoConflicts finds any that slipped through.
  void Add(const BookedInterval& interval);

  // Removes one interval equal to `interval`; false when there is none.
  bool Remove(const BookedInterval& interval);

  // nullopt when `resource` is free for [start, end), ignoring intervals of `ignore_course` when
  // it is assigned (a course being re-planned does not collide with its own old sessions);
  // otherwise the latest end among the intervals that overlap, so a search can continue there.
  std::optional<ports::UtcMinutes> ConflictEnd(ResourceKey resource, ports::UtcMinutes start,
                                               ports::UtcMinutes end, CourseId ignore_course) const;

  // How many intervals `resource` holds (used to spread new courses over therapists).
  int CountFor(ResourceKey resource) const;

  // The therapist occupancy index, for skipping whole days in a search: each therapist seen by
  // Add gets a dense index (a bit in a mask of TherapistMaskWords() 64-bit words). OrBusyTherapists
  // sets the bit of every therapist with a booking overlapping any 15-minute UTC cell that lies
  // wholly inside [start, end): each of them is certainly busy at some point of [start, end).
  std::optional<std::size_t> TherapistIndex(TherapistId id) const;
  std::size_t TherapistMaskWords() const { return mask_words_; }
  void OrBusyTherapists(ports::UtcMinutes start, ports::UtcMinutes end,
                        std::vector<std::uint64_t>& mask) const;
  // The same index, raw: the masks of the 96 cells of UTC day `day` (days since 1970-01-01),
  // TherapistMaskWords() words per cell, or nullptr when nobody is booked that day. Valid until
  // the next Add or Remove.
  const std::uint64_t* BusyCellsOfDay(std::int32_t day) const;
  static constexpr std::int64_t kCellMinutes = 15;
  static constexpr std::int64_t kCellsPerDay = 24 * 60 / kCellMinutes;

  // Every interval once, in no particular order.
  std::vector<BookedInterval> All() const;

  std::size_t size() const { return size_; }

 private:
  struct Stored {
    ports::UtcMinutes start;
    ports::UtcMinutes end;
    CourseId course;
    int session_number;
  };
  struct BucketKey {
    ResourceKey resource;
    std::int32_t day;  // days since 1970-01-01, UTC
    friend bool operator==(const BucketKey&, const BucketKey&) = default;
  };
  struct BucketKeyHash {
    std::size_t operator()(const BucketKey& key) const noexcept;
  };
  struct ResourceKeyHash {
    std::size_t operator()(const ResourceKey& key) const noexcept;
  };

  // Sets or (after removal) re-derives the occupancy bits of `interval`'s cells.
  void UpdateCells(const BookedInterval& interval, bool added);

  std::unordered_map<BucketKey, std::vector<Stored>, BucketKeyHash> buckets_;
  std::unordered_map<ResourceKey, int, ResourceKeyHash> counts_;
  std::size_t size_ = 0;
  std::unordered_map<std::int64_t, std::size_t> therapist_index_;
  std::size_t mask_words_ = 1;
  // UTC day -> kCellsPerDay masks of mask_words_ words: therapists busy in each cell.
  std::unordered_map<std::int32_t, std::vector<std::uint64_t>> busy_cells_;
};

// kConflict when two intervals of one resource overlap (touching end == start is fine), naming
// the first overlapping pair found ("therapist 3 double booked: course 1 session 4
// [2024-03-11T09:00Z, 2024-03-11T10:00Z) overlaps course 2 session 1 [...]"), plus a count.
// OkStatus otherwise. Independent of BookingBook: sorts a copy and sweeps.
Status CheckNoConflicts(std::span<const BookedInterval> intervals);

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_BOOKING_BOOK_H_
