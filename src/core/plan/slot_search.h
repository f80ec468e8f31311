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
  // All references must outlive the finder. `qualified` is in order of preference for a course
  // with no preferred therapist yet. Days before `not_before` are never offered.
  SlotFinder(const Clinic& clinic, const CourseRequest& request, const BookingBook& book,
             std::vector<const Therapist*> qualified, std::chrono::minutes duration,
             LocalDate not_before);

  std::variant<Placement, NoPlacement> Find(const SlotTarget& target,
                                            std::span<const LocalDate> other_dates) const;

  // True when `session`'s slot still satisfies every constraint (opening hours, closures,
  // availability, blocked dates, therapist hours and time off, bookings of other courses).
  bool StillValid(const PlannedSession& session) const;

  const std::vector<const Therapist*>& qualified() const { return qualified_; }

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
  DayZone ZoneOn(LocalDate date) const;
  std::optional<UtcMinutes> ToUtc(const DayZone& day_zone, LocalMinutes local) const;
  // Therapist `position` (in qualified_) windows on `weekday`, intersected with the patient's
  // availability and the opening hours; computed once per finder.
  const std::vector<WeeklyWindow>& TherapistWindows(std::size_t position,
                                                    std::chrono::weekday weekday) const;
  // Bit mask (book index) of qualified therapists not ruled out on `date` by the occupancy index.
  std::vector<std::uint64_t> PossiblyFree(LocalDate date, const DayZone& day_zone) const;
  bool MaskHas(const std::vector<std::uint64_t>& mask, std::size_t position) const;

  std::optional<Placement> TryDay(LocalDate date, const DayZone& day_zone, std::size_t position,
                                  const SlotTarget& target, DayOutcome& outcome) const;
  std::optional<Placement> TryStart(LocalDate date, const DayZone& day_zone,
                                    std::chrono::minutes start, std::chrono::minutes window_end,
                                    const Therapist& therapist, const SlotTarget& target,
                                    std::optional<UtcMinutes>& conflict_end) const;
  std::vector<WeeklyWindow> CommonWindows(LocalDate date, const Therapist& therapist) const;
  std::optional<std::size_t> PositionOf(TherapistId id) const;

  const Clinic& clinic_;
  const CourseRequest& request_;
  const BookingBook& book_;
  std::vector<const Therapist*> qualified_;
  std::chrono::minutes duration_;
  LocalDate not_before_;
  // Patient availability intersected with the opening hours, by weekday (c_encoding).
  std::array<std::vector<WeeklyWindow>, 7> patient_clinic_;
  // Book index of each qualified therapist; the filter is used only when all have one (a
  // therapist the book has never seen is free everywhere).
  std::vector<std::optional<std::size_t>> book_index_;
  bool use_index_ = false;
  mutable std::vector<std::array<std::vector<WeeklyWindow>, 7>> therapist_windows_;
  mutable std::vector<bool> therapist_windows_ready_;
};

}  // namespace backcare::plan::internal

#endif  // BACKCARE_CORE_PLAN_SLOT_SEARCH_H_
