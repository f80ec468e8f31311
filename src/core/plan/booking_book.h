// The clinic's booking book: every booked interval of every therapist, room and patient, in UTC.
// The planner reads it to avoid double booking; callers add a plan's sessions after planning.
// CheckNoConflicts is an independent checker (a sort and a sweep, sharing no code with the book)
// used by tests and the benchmark to prove that nothing is double booked.
//
// Layout: one lane per resource (found by one hash lookup, or kept as a LaneId), holding its
// intervals bucketed by UTC day in a vector sorted by day, so a lookup binary-searches one small
// array and reads one or two short sorted vectors; adding is O(bookings that day) for the
// resource. A second index keeps, per UTC day and 15-minute cell, a bit mask of the therapists
// with a booking in it (flat arrays indexed by day), so a search can tell most free and busy
// therapists apart without reading their bookings.
#ifndef BACKCARE_CORE_PLAN_BOOKING_BOOK_H_
#define BACKCARE_CORE_PLAN_BOOKING_BOOK_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
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
  // A handle on one resource's bookings, so that repeated lookups skip the hash of the resource:
  // resolve it once with FindLane, then ask ConflictEnd(lane, ...). Valid as long as the book.
  struct LaneId {
    std::uint32_t value = 0;
  };

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

  // The lane of `resource`, or nullopt when it has never been booked (then it is free
  // everywhere, until the next Add).
  std::optional<LaneId> FindLane(ResourceKey resource) const;
  // ConflictEnd above, for the resource of `lane`.
  std::optional<ports::UtcMinutes> ConflictEnd(LaneId lane, ports::UtcMinutes start,
                                               ports::UtcMinutes end, CourseId ignore_course) const;

  // True when `lane` holds an interval of `course`.
  bool LaneHolds(LaneId lane, CourseId course) const;

  // How many intervals `resource` holds (used to spread new courses over therapists).
  int CountFor(ResourceKey resource) const;

  // The therapist occupancy index, for answering most questions about therapists without reading
  // their bookings: each therapist seen by Add gets a dense index (a bit in a mask of
  // TherapistMaskWords() 64-bit words), and each 15-minute UTC cell (a day has kCellsPerDay, the
  // first from 00:00Z) holds the mask of the therapists with a booking overlapping it.
  //  - A booking overlaps [start, end) only if it overlaps a cell that [start, end) touches: when
  //    none of those cells has the therapist's bit, the therapist is certainly free
  //    (TherapistCertainlyFree).
  //  - Every booking overlapping a cell that lies wholly inside [start, end) overlaps [start, end):
  //    a bit in such a cell means certainly busy.
  std::optional<std::size_t> TherapistIndex(TherapistId id) const;
  std::optional<std::size_t> TherapistIndex(LaneId lane) const;  // the same, by the lane
  std::size_t TherapistMaskWords() const { return mask_words_; }
  // The masks of the kCellsPerDay cells of UTC day `day` (days since 1970-01-01),
  // TherapistMaskWords() words per cell, or nullptr when no therapist is booked that day. Valid
  // until the next Add or Remove.
  const std::uint64_t* BusyCellsOfDay(std::int32_t day) const;
  // True when no cell touched by [start, end) has the bit of therapist `index` (from
  // TherapistIndex); false means possibly busy: ask ConflictEnd.
  bool TherapistCertainlyFree(std::size_t index, ports::UtcMinutes start,
                              ports::UtcMinutes end) const;
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
  // One UTC day of one resource: the intervals overlapping it, sorted by start. An interval
  // across midnight is in the bucket of every day it overlaps.
  struct DayBucket {
    std::int32_t day;  // days since 1970-01-01, UTC
    std::vector<Stored> intervals;
  };
  // Every booking of one resource, by day: buckets sorted by day, only days with bookings.
  struct Lane {
    ResourceKey resource;
    int count = 0;
    std::uint32_t therapist_index = kNoIndex;  // occupancy index bit (therapists only)
    std::vector<DayBucket> days;
  };
  static constexpr std::uint32_t kNoIndex = 0xFFFFFFFFu;
  // Open addressing with linear probing, resource -> lane (lane_of_ below): one probe usually
  // reads one cache line, where a node-based map reads two or three.
  struct LaneSlot {
    std::int64_t id = 0;
    ResourceKind kind = ResourceKind::kTherapist;
    std::uint32_t lane = kNoIndex;  // kNoIndex: empty slot
  };
  std::size_t SlotOf(ResourceKey resource) const;  // where `resource` is or would go

  static const DayBucket* FindDay(const Lane& lane, std::int32_t day);
  static DayBucket& DayFor(Lane& lane, std::int32_t day);
  // The cell masks of `day`, created (zeroed) when absent.
  std::uint64_t* CellsOfDay(std::int32_t day);
  // Sets or (after removal) re-derives the occupancy bits of `interval`'s cells.
  void UpdateCells(const BookedInterval& interval, LaneId lane, bool added);

  std::vector<LaneSlot> lane_of_;  // size a power of two, at most half full
  std::vector<Lane> lanes_;
  std::size_t size_ = 0;
  std::size_t therapists_ = 0;  // therapists with an occupancy index bit
  std::size_t mask_words_ = 1;
  // Dense by day from cells_first_day_: kCellsPerDay masks of mask_words_ words, or empty when no
  // therapist is booked that day.
  std::int32_t cells_first_day_ = 0;
  std::vector<std::vector<std::uint64_t>> cells_;
};

// kConflict when two intervals of one resource overlap (touching end == start is fine), naming
// the first overlapping pair found ("therapist 3 double booked: course 1 session 4
// [2024-03-11T09:00Z, 2024-03-11T10:00Z) overlaps course 2 session 1 [...]"), plus a count.
// OkStatus otherwise. Independent of BookingBook: sorts a copy and sweeps.
Status CheckNoConflicts(std::span<const BookedInterval> intervals);

}  // namespace backcare::plan

#endif  // BACKCARE_CORE_PLAN_BOOKING_BOOK_H_
