// Internal to src/core/plan: the search for one session's slot, shared by the planner and
// rescheduling. Given the dates a cadence slot allows, the course's other session dates and the
// preferences (weekday, time, therapist, room), finds the best free slot or says why none exists.
//
// Order of preference: the preferred therapist before any other (continuity first), then the
// preferred weekday's date before the other dates (chronological), then the preferred time
// before the earliest free time that day. Start times lie on a 15-minute grid.
#ifndef BACKCARE_CORE_PLAN_SLOT_SEARCH_H_
#define BACKCARE_CORE_PLAN_SLOT_SEARCH_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/plan/booking_book.h"
#include "core/plan/course_plan.h"

namespace backcare::plan::internal {

inline constexpr std::chrono::minutes kSlotGrid{15};

struct SlotTarget {
  LocalDate window_first;
  LocalDate window_last;
  std::optional<std::chrono::weekday> preferred_weekday;
  std::optional<std::chrono::minutes> preferred_time;  // after local midnight
  std::optional<TherapistId> preferred_therapist;
  std::optional<RoomId> preferred_room;
  int min_gap_days = 1;  // to every other active session of the course
};

struct Placement {
  LocalMinutes local_start;
  LocalMinutes local_end;
  UtcMinutes utc_start;
  UtcMinutes utc_end;
  TherapistId therapist;
  std::optional<RoomId> room;
};

struct NoPlacement {
  UnplacedReason reason;
  std::string detail;
};

class SlotFinder {
 public:
  // All references must outlive the finder, and the book must not change while it is used (the
  // finder caches lanes and index bits). `qualified` is in order of preference for a course with
  // no preferred therapist yet. Days before `not_before` are never offered. Not thread-safe.
  SlotFinder(const ClinicCalendar& clinic, const CourseRequest& request, const BookingBook& book,
             std::vector<const TherapistCalendar*> qualified, std::chrono::minutes duration,
             LocalDate not_before);

  std::variant<Placement, NoPlacement> Find(const SlotTarget& target,
                                            std::span<const LocalDate> other_dates) const;

  // True when `session`'s slot still satisfies every constraint (opening hours, closures,
  // availability, blocked dates, therapist hours and time off, bookings of other courses).
  bool StillValid(const PlannedSession& session) const;

  const std::vector<const TherapistCalendar*>& qualified() const { return qualified_; }

 private:
  struct DayOutcome {
    bool open = false;        // not closed, blocked or on time off
    bool has_window = false;  // a common window at least `duration` long
    bool booked = false;      // the occupancy index ruled a therapist out for the day
  };
  // How local times of one date map to UTC: one offset all day (the common case) or not.
  struct DayZone {
    bool uniform = false;
    std::chrono::minutes offset{0};
  };
  // What the finder learns about one qualified therapist, on first use.
  struct TherapistState {
    bool resolved = false;             // lane and book_index looked up
    bool windows_ready = false;        // window_offsets filled
    std::uint32_t lane = kNone;        // BookingBook lane, kNone: never booked
    std::uint32_t book_index = kNone;  // occupancy index bit, kNone: never booked
    // The therapist's windows on weekday d (c_encoding) intersected with the patient's and the
    // opening hours, at least `duration` long: window_pool_[window_offsets[d], [d + 1]).
    std::array<std::uint32_t, 8> window_offsets{};
  };
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  // Per allowed day of one Find: whether the day is open to the patient, its zone mapping and
  // (once computed) the therapists the occupancy index has not ruled out.
  struct DayInfo {
    bool ready = false;
    bool usable = false;
    bool indexed = false;
    DayZone zone;
  };

  // One therapist's occupancy on one local day, read from the book's occupancy index: bit i of
  // `busy` is set when a booking overlaps local minutes [15i, 15i + 15). Only built (`valid`)
  // for a day with one UTC offset that is a whole number of cells, so local cells are UTC cells.
  struct DayCells {
    bool valid = false;
    std::array<std::uint64_t, 2> busy{};
  };
  // What DayCells says about the therapist for local minutes [start, end).
  enum class CellVerdict { kFree, kBusy, kAskTheBook };
  CellVerdict Verdict(const DayCells& cells, std::chrono::minutes start,
                      std::chrono::minutes end) const;

  DayZone ZoneOn(LocalDate date) const;
  // The zone's mapping of `date`'s local midnight, asked once per date (a day's zone needs its
  // own midnight and the next).
  const ports::LocalTimeMapping& MidnightOf(LocalDate date) const;
  std::optional<UtcMinutes> ToUtc(const DayZone& day_zone, LocalMinutes local) const;
  TherapistState& Resolve(std::size_t position) const;
  // Therapist `position` (in qualified_) windows on `weekday`; computed once per finder.
  std::span<const WeeklyWindow> TherapistWindows(std::size_t position,
                                                 std::chrono::weekday weekday) const;
  // Whether the occupancy index may rule therapists out for a whole day: only when it proves
  // busy (index_proves_busy_) and every qualified therapist has a bit (a therapist the book has
  // never seen is free everywhere).
  bool UseIndex() const;
  // Sets `free` (TherapistMaskWords() words, book index bits) to the qualified therapists not
  // ruled out on `date` by the occupancy index.
  void PossiblyFree(LocalDate date, const DayZone& day_zone, std::uint64_t* free) const;
  bool MaskHas(const std::uint64_t* mask, std::size_t position) const;

  std::optional<Placement> TryDay(LocalDate date, const DayZone& day_zone, std::size_t position,
                                  const SlotTarget& target, DayOutcome& outcome) const;
  std::optional<Placement> TryStart(LocalDate date, const DayZone& day_zone,
                                    std::chrono::minutes start, std::chrono::minutes window_end,
                                    std::size_t position, const DayCells& cells,
                                    const SlotTarget& target,
                                    std::optional<UtcMinutes>& conflict_end) const;
  std::vector<WeeklyWindow> CommonWindows(LocalDate date, const TherapistCalendar& therapist) const;
  std::optional<std::size_t> PositionOf(TherapistId id) const;

  const ClinicCalendar& clinic_;
  const CourseRequest& request_;
  const BookingBook& book_;
  std::vector<const TherapistCalendar*> qualified_;
  std::chrono::minutes duration_;
  LocalDate not_before_;
  // Patient availability intersected with the opening hours, by weekday (c_encoding).
  std::array<std::vector<WeeklyWindow>, 7> patient_clinic_;
  std::optional<BookingBook::LaneId> patient_lane_;
  // The occupancy index cannot tell this course's own bookings (which a re-plan ignores) from
  // others': when the book holds any (its patient's lane does, as AddToBook books the patient
  // with every session), a set bit no longer proves a therapist busy.
  bool index_proves_busy_ = true;
  std::vector<std::optional<BookingBook::LaneId>> room_lanes_;  // by position in clinic_.rooms
  // Caches and scratch space (the finder is not shared between threads).
  mutable std::vector<TherapistState> therapists_;
  mutable std::vector<WeeklyWindow> window_pool_;
  mutable std::optional<bool> use_index_;
  mutable std::vector<std::uint64_t> qualified_mask_;
  mutable std::vector<std::uint64_t> busy_scratch_;
  mutable std::vector<LocalDate> days_;
  mutable std::vector<DayInfo> day_info_;
  // MidnightOf by date, from not_before_.
  mutable std::vector<std::optional<ports::LocalTimeMapping>> midnights_;
  mutable ports::LocalTimeMapping scratch_midnight_;
  mutable std::vector<std::uint64_t> day_masks_;  // possibly-free masks, words per day
};

}  // namespace backcare::plan::internal

#endif  // BACKCARE_CORE_PLAN_SLOT_SEARCH_H_
