#include "core/plan/slot_search.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/plan/plan_fixtures.h"

namespace backcare::plan::internal {
namespace {

using fixtures::Date;
using fixtures::Window;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

struct Lcg {
  std::uint64_t state;
  std::int64_t Next(std::int64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::int64_t>((state >> 33) % static_cast<std::uint64_t>(bound));
  }
};

// The slot search's answer, found the slow way: every day, therapist, window and 15-minute start
// in the finder's order, each checked against every booking. No preferences (no preferred
// therapist, weekday or time), so the order is: days ascending, then qualified therapists in
// order, then windows, then start times.
std::optional<Placement> BruteForce(const ClinicCalendar& clinic, const CourseRequest& request,
                                    const std::vector<BookedInterval>& bookings,
                                    const std::vector<const TherapistCalendar*>& qualified,
                                    minutes duration, const SlotTarget& target) {
  const ports::TimeZone& zone = *clinic.time_zone;
  auto busy = [&](ResourceKey resource, UtcMinutes start, UtcMinutes end) {
    for (const BookedInterval& b : bookings) {
      if (b.resource == resource && b.course != request.course_id && b.start < end &&
          start < b.end) {
        return true;
      }
    }
    return false;
  };
  for (LocalDate day = target.window_first; day <= target.window_last; day += days(1)) {
    if (AnyContains(clinic.closures, day) || AnyContains(request.availability.blocked, day)) {
      continue;
    }
    std::chrono::weekday weekday{day};
    for (const TherapistCalendar* therapist : qualified) {
      if (AnyContains(therapist->time_off, day)) continue;
      // Common windows, minute by minute: open, available and working.
      std::vector<WeeklyWindow> common;
      for (int m = 0; m < 24 * 60; ++m) {
        auto inside = [&](const std::vector<WeeklyWindow>& windows) {
          for (const WeeklyWindow& w : windows) {
            if (w.weekday == weekday && w.start <= minutes(m) && minutes(m) < w.end) return true;
          }
          return false;
        };
        bool all = inside(clinic.opening_hours) && inside(request.availability.windows) &&
                   inside(therapist->working_hours);
        if (!all) continue;
        if (!common.empty() && common.back().end == minutes(m)) {
          common.back().end = minutes(m + 1);
        } else {
          common.push_back({weekday, minutes(m), minutes(m + 1)});
        }
      }
      for (const WeeklyWindow& window : common) {
        for (minutes start{(window.start.count() + 14) / 15 * 15}; start + duration <= window.end;
             start += minutes(15)) {
          LocalMinutes local_start = LocalMinutes{day} + start;
          std::optional<UtcMinutes> utc = ports::ResolveLocalTime(zone, local_start);
          if (!utc) continue;
          UtcMinutes utc_end = *utc + duration;
          LocalMinutes local_end = zone.ToLocal(utc_end);
          if (local_end - LocalMinutes{day} > window.end) continue;
          if (busy(TherapistResource(therapist->id), *utc, utc_end) ||
              busy(PatientResource(request.patient_id), *utc, utc_end)) {
            continue;
          }
          return Placement{local_start, local_end, *utc, utc_end, therapist->id, std::nullopt};
        }
      }
    }
  }
  return std::nullopt;
}

struct Scenario {
  std::string name;
  std::function<void(ports::FakeTimeZone&)> transitions;
  minutes offset;
  minutes duration;
  bool own_course_booked;  // the course's own sessions are in the book (a re-plan)
};

UtcMinutes Utc(LocalDate date, int hour) {
  return UtcMinutes{date.time_since_epoch()} + hours(hour);
}

// Many random calendars, each searched by the finder and by brute force: the same slot, or none
// by both. Bookings fall at any minute (so some 15-minute cells are only partly busy), across
// midnight, on daylight-saving days in both directions, with an offset that is not a whole
// number of cells, and with the course's own bookings in the book (ignored by a re-plan).
TEST(SlotFinderTest, FindsTheSlotABruteForceSearchFinds) {
  const std::vector<Scenario> scenarios = {
      {"UTC+1, 60 minutes", {}, hours(1), minutes(60), false},
      {"UTC+1, 50 minutes", {}, hours(1), minutes(50), false},
      {"UTC+5:45, 60 minutes", {}, minutes(345), minutes(60), false},
      {"UTC+1, own course booked", {}, hours(1), minutes(60), true},
      {"spring forward 2024-03-12 01:00 local, fall back 2024-03-14 02:00 local",
       [](ports::FakeTimeZone& zone) {
         zone.AddTransition(Utc(Date(2024, 3, 12), 0), hours(2));
         zone.AddTransition(Utc(Date(2024, 3, 14), 0), hours(1));
       },
       hours(1), minutes(60), false},
      {"transitions at 10:00 local",
       [](ports::FakeTimeZone& zone) {
         zone.AddTransition(Utc(Date(2024, 3, 12), 9), hours(2));
         zone.AddTransition(Utc(Date(2024, 3, 14), 8), hours(1));
       },
       hours(1), minutes(45), false},
  };
  int placed = 0;
  int unplaced = 0;
  for (const Scenario& scenario : scenarios) {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
      SCOPED_TRACE(scenario.name + ", seed " + std::to_string(seed));
      Lcg random{seed};
      ports::FakeTimeZone zone("Test/Zone", scenario.offset);
      if (scenario.transitions) scenario.transitions(zone);
      ClinicCalendar clinic;
      clinic.time_zone = &zone;
      clinic.opening_hours = {Window(1, 7, 20), Window(2, 7, 20), Window(3, 0, 24),
                              Window(4, 7, 20), Window(5, 7, 20)};
      for (int id = 1; id <= 4; ++id) {
        TherapistCalendar therapist = fixtures::FullTimeTherapist(id);
        therapist.working_hours = {};
        for (unsigned day = 1; day <= 5; ++day) {
          int from = 6 + static_cast<int>(random.Next(5));
          therapist.working_hours.push_back(Window(day, from, from + 6 + id));
        }
        if (random.Next(4) == 0) {
          LocalDate off = Date(2024, 3, 11) + days(random.Next(5));
          therapist.time_off.push_back({off, off});
        }
        clinic.therapists.push_back(therapist);
      }
      CourseRequest request;
      request.course_id = CourseId(1);
      request.patient_id = PatientId(1);
      request.start_date = Date(2024, 3, 11);
      request.availability.windows = {Window(1, 8, 12), Window(2, 9, 17), Window(3, 0, 24),
                                      Window(4, 13, 19), Window(5, 7, 10)};
      std::vector<BookedInterval> bookings;
      UtcMinutes week = UtcMinutes{LocalMinutes{Date(2024, 3, 11)}.time_since_epoch()};
      int count = 20 + static_cast<int>(random.Next(400));
      for (int i = 0; i < count; ++i) {
        UtcMinutes start = week + minutes(random.Next(5 * 24 * 60));
        UtcMinutes end = start + minutes(10 + random.Next(120));
        int course = 2 + static_cast<int>(random.Next(30));
        ResourceKey resource = TherapistResource(TherapistId(1 + random.Next(4)));
        if (random.Next(8) == 0) resource = PatientResource(PatientId(1));
        if (scenario.own_course_booked && random.Next(3) == 0) course = 1;
        bookings.push_back({resource, start, end, CourseId(course), i});
      }
      if (scenario.own_course_booked) {
        bookings.push_back(
            {PatientResource(PatientId(1)), week + hours(34), week + hours(35), CourseId(1), 99});
      }
      BookingBook book;
      for (const BookedInterval& b : bookings) book.Add(b);
      std::vector<const TherapistCalendar*> qualified;
      for (const TherapistCalendar& t : clinic.therapists) qualified.push_back(&t);
      SlotTarget target;
      target.window_first = Date(2024, 3, 11);
      target.window_last = target.window_first + days(random.Next(5));
      SlotFinder finder(clinic, request, book, qualified, scenario.duration, Date(2024, 3, 1));
      std::optional<Placement> expected =
          BruteForce(clinic, request, bookings, qualified, scenario.duration, target);
      auto found = finder.Find(target, {});
      if (!expected) {
        ++unplaced;
        EXPECT_TRUE(std::holds_alternative<NoPlacement>(found));
        continue;
      }
      ++placed;
      const auto* placement = std::get_if<Placement>(&found);
      ASSERT_NE(placement, nullptr) << std::get<NoPlacement>(found).detail << "; expected "
                                    << FormatLocalDateTime(expected->local_start);
      EXPECT_EQ(FormatLocalDateTime(placement->local_start),
                FormatLocalDateTime(expected->local_start));
      EXPECT_EQ(FormatUtc(placement->utc_start), FormatUtc(expected->utc_start));
      EXPECT_EQ(FormatLocalDateTime(placement->local_end),
                FormatLocalDateTime(expected->local_end));
      EXPECT_EQ(placement->therapist, expected->therapist);
    }
  }
  // The calendars are crowded enough to exercise both outcomes.
  EXPECT_GT(placed, 200);
  EXPECT_GT(unplaced, 0);
}

}  // namespace
}  // namespace backcare::plan::internal
