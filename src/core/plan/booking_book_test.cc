#include "core/plan/booking_book.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/plan/calendar_types.h"
#include "testing/status_matchers.h"

namespace backcare::plan {
namespace {

using ports::UtcMinutes;
using std::chrono::hours;
using std::chrono::minutes;

UtcMinutes At(int hour, int minute = 0) {
  return UtcMinutes{std::chrono::sys_days{std::chrono::year{2024} / 3 / 11}.time_since_epoch()} +
         hours(hour) + minutes(minute);
}

BookedInterval Therapist1(UtcMinutes start, UtcMinutes end, int course) {
  return {TherapistResource(TherapistId(1)), start, end, CourseId(course), 1};
}

TEST(BookingBookTest, FindsConflictsAndTheirEnd) {
  BookingBook book;
  book.Add(Therapist1(At(9), At(10), 1));
  book.Add(Therapist1(At(10), At(11), 2));
  struct Case {
    UtcMinutes start;
    UtcMinutes end;
    int ignore_course;
    std::optional<UtcMinutes> conflict_end;
  };
  const std::vector<Case> cases = {
      {At(8), At(9), 0, std::nullopt},  // touching is fine
      {At(11), At(12), 0, std::nullopt},
      {At(9, 30), At(10, 30), 0, At(11)},  // overlaps both: the latest end
      {At(9, 30), At(10, 30), 2, At(10)},  // course 2 ignored
      {At(8), At(12), 0, At(11)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(book.ConflictEnd(TherapistResource(TherapistId(1)), c.start, c.end,
                               CourseId(c.ignore_course)),
              c.conflict_end);
  }
  EXPECT_FALSE(book.ConflictEnd(TherapistResource(TherapistId(2)), At(9), At(10), CourseId(0)));
  EXPECT_FALSE(book.ConflictEnd(RoomResource(RoomId(1)), At(9), At(10), CourseId(0)));
  EXPECT_EQ(book.CountFor(TherapistResource(TherapistId(1))), 2);
}

TEST(BookingBookTest, HandlesIntervalsAcrossMidnightAndRemoval) {
  BookingBook book;
  BookedInterval late = Therapist1(At(23), At(25), 1);
  book.Add(late);
  EXPECT_EQ(book.ConflictEnd(late.resource, At(24), At(24, 30), CourseId(0)), At(25));
  EXPECT_EQ(book.All().size(), 1u);
  EXPECT_TRUE(book.Remove(late));
  EXPECT_FALSE(book.Remove(late));
  EXPECT_FALSE(book.ConflictEnd(late.resource, At(24), At(24, 30), CourseId(0)));
  EXPECT_EQ(book.size(), 0u);
}

BookedInterval Therapist(std::int64_t id, UtcMinutes start, UtcMinutes end, int course) {
  return {TherapistResource(TherapistId(id)), start, end, CourseId(course), 1};
}

// The cell index bit of therapist `id` in 15-minute cell `cell` of the UTC day of At(0) + `day`.
bool CellBit(const BookingBook& book, std::int64_t id, int day, int cell) {
  std::int32_t epoch_day = static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::days>(At(0)).time_since_epoch().count() + day);
  const std::uint64_t* cells = book.BusyCellsOfDay(epoch_day);
  if (cells == nullptr) return false;
  std::size_t index = *book.TherapistIndex(TherapistId(id));
  std::size_t words = book.TherapistMaskWords();
  return (cells[static_cast<std::size_t>(cell) * words + index / 64] >> (index % 64)) & 1u;
}

TEST(BookingBookTest, TouchingIsFreeAndOneMinuteOfOverlapIsNot) {
  BookingBook book;
  book.Add(Therapist1(At(9), At(10), 1));
  const ResourceKey t1 = TherapistResource(TherapistId(1));
  struct Case {
    UtcMinutes start;
    UtcMinutes end;
    std::optional<UtcMinutes> conflict_end;
    bool certainly_free;  // what the occupancy index can tell alone
  };
  const std::vector<Case> cases = {
      {At(10), At(11), std::nullopt, true},    // starts as it ends
      {At(8), At(9), std::nullopt, true},      // ends as it starts
      {At(9, 59), At(10, 59), At(10), false},  // one minute at its end
      {At(8, 1), At(9, 1), At(10), false},     // one minute at its start
      {At(9, 15), At(9, 30), At(10), false},   // inside
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatUtc(c.start) + " - " + FormatUtc(c.end));
    EXPECT_EQ(book.ConflictEnd(t1, c.start, c.end, CourseId()), c.conflict_end);
    EXPECT_EQ(book.TherapistCertainlyFree(0, c.start, c.end), c.certainly_free);
  }
}

TEST(BookingBookTest, OffGridBookingsMakeTheIndexAskTheBook) {
  // 09:05-10:05 marks cells 09:00 to 10:00 (the one ending 10:15) busy.
  BookingBook book;
  book.Add(Therapist1(At(9, 5), At(10, 5), 1));
  const ResourceKey t1 = TherapistResource(TherapistId(1));
  EXPECT_TRUE(CellBit(book, 1, 0, 36));   // 09:00-09:15
  EXPECT_TRUE(CellBit(book, 1, 0, 40));   // 10:00-10:15
  EXPECT_FALSE(CellBit(book, 1, 0, 35));  // 08:45-09:00
  EXPECT_FALSE(CellBit(book, 1, 0, 41));  // 10:15-10:30
  // Touching at 10:05: the index cannot tell (cell 40 is busy), the book says free.
  EXPECT_FALSE(book.TherapistCertainlyFree(0, At(10, 5), At(11, 5)));
  EXPECT_FALSE(book.ConflictEnd(t1, At(10, 5), At(11, 5), CourseId()));
  EXPECT_TRUE(book.TherapistCertainlyFree(0, At(10, 15), At(11, 15)));
  EXPECT_EQ(book.ConflictEnd(t1, At(10), At(11), CourseId()), At(10, 5));
  EXPECT_EQ(book.ConflictEnd(t1, At(8, 5), At(9, 5), CourseId()), std::nullopt);
  EXPECT_EQ(book.ConflictEnd(t1, At(8, 6), At(9, 6), CourseId()), At(10, 5));
}

TEST(BookingBookTest, IntervalsAcrossMidnightAreFoundFromBothDays) {
  BookingBook book;
  BookedInterval late = Therapist1(At(23, 30), At(24, 30), 1);
  book.Add(late);
  const ResourceKey t1 = late.resource;
  EXPECT_EQ(book.ConflictEnd(t1, At(23), At(23, 45), CourseId()), At(24, 30));
  EXPECT_EQ(book.ConflictEnd(t1, At(24, 15), At(25), CourseId()), At(24, 30));
  EXPECT_FALSE(book.ConflictEnd(t1, At(24, 30), At(25), CourseId()));
  EXPECT_FALSE(book.ConflictEnd(t1, At(22, 30), At(23, 30), CourseId()));
  EXPECT_TRUE(CellBit(book, 1, 0, 94));  // 23:30-23:45
  EXPECT_TRUE(CellBit(book, 1, 0, 95));  // 23:45-24:00
  EXPECT_TRUE(CellBit(book, 1, 1, 0));   // 00:00-00:15 next day
  EXPECT_TRUE(CellBit(book, 1, 1, 1));   // 00:15-00:30
  EXPECT_FALSE(CellBit(book, 1, 1, 2));
  EXPECT_FALSE(book.TherapistCertainlyFree(0, At(23, 50), At(24, 10)));
  EXPECT_TRUE(book.TherapistCertainlyFree(0, At(24, 30), At(25, 30)));
  EXPECT_EQ(book.All(), std::vector<BookedInterval>{late});
  EXPECT_EQ(book.CountFor(t1), 1);
  ASSERT_TRUE(book.Remove(late));
  EXPECT_FALSE(CellBit(book, 1, 0, 95));
  EXPECT_FALSE(CellBit(book, 1, 1, 0));
  EXPECT_EQ(book.CountFor(t1), 0);
  EXPECT_TRUE(book.All().empty());
}

TEST(BookingBookTest, RemovalKeepsACellBusyWhileAnotherBookingHoldsIt) {
  BookingBook book;
  BookedInterval first = Therapist1(At(9), At(9, 5), 1);
  BookedInterval second = Therapist1(At(9, 10), At(9, 15), 2);
  book.Add(first);
  book.Add(second);
  ASSERT_TRUE(book.Remove(first));
  EXPECT_TRUE(CellBit(book, 1, 0, 36));
  EXPECT_FALSE(book.TherapistCertainlyFree(0, At(9), At(9, 10)));
  ASSERT_TRUE(book.Remove(second));
  EXPECT_FALSE(CellBit(book, 1, 0, 36));
  EXPECT_TRUE(book.TherapistCertainlyFree(0, At(9), At(10)));
}

TEST(BookingBookTest, LanesStayValidAsTheBookGrows) {
  BookingBook book;
  const ResourceKey patient = PatientResource(PatientId(5));
  EXPECT_FALSE(book.FindLane(patient));
  book.Add({patient, At(9), At(10), CourseId(3), 1});
  std::optional<BookingBook::LaneId> lane = book.FindLane(patient);
  ASSERT_TRUE(lane);
  // Thousands of other resources (the lane table grows and rehashes several times).
  for (int i = 0; i < 3000; ++i) {
    book.Add({PatientResource(PatientId(100 + i)), At(9), At(10), CourseId(1000 + i), 1});
    book.Add({RoomResource(RoomId(i)), At(9), At(10), CourseId(1000 + i), 1});
  }
  EXPECT_EQ(book.FindLane(patient)->value, lane->value);
  EXPECT_EQ(book.ConflictEnd(*lane, At(9, 30), At(11), CourseId()), At(10));
  EXPECT_FALSE(book.ConflictEnd(*lane, At(9, 30), At(11), CourseId(3)));
  EXPECT_TRUE(book.LaneHolds(*lane, CourseId(3)));
  EXPECT_FALSE(book.LaneHolds(*lane, CourseId(4)));
  // Same id, different kinds: different lanes.
  EXPECT_FALSE(book.FindLane(TherapistResource(TherapistId(5))));
  EXPECT_EQ(book.CountFor(RoomResource(RoomId(5))), 1);
  EXPECT_EQ(book.size(), 6001u);
}

TEST(BookingBookTest, OccupancyIndexWidensPastSixtyFourTherapists) {
  BookingBook book;
  for (int id = 1; id <= 130; ++id) book.Add(Therapist(id, At(id % 10), At(id % 10 + 1), id));
  EXPECT_EQ(book.TherapistMaskWords(), 4u);
  for (int id = 1; id <= 130; ++id) {
    SCOPED_TRACE(id);
    std::size_t index = *book.TherapistIndex(TherapistId(id));
    EXPECT_EQ(index, static_cast<std::size_t>(id - 1));
    EXPECT_TRUE(CellBit(book, id, 0, (id % 10) * 4));
    EXPECT_FALSE(CellBit(book, id, 0, (id % 10) * 4 + 4));
    EXPECT_FALSE(book.TherapistCertainlyFree(index, At(id % 10), At(id % 10 + 1)));
    EXPECT_TRUE(book.TherapistCertainlyFree(index, At(id % 10 + 1), At(id % 10 + 2)));
  }
  EXPECT_FALSE(book.TherapistIndex(TherapistId(131)));
}

// Random intervals at minute resolution (many across midnight) against a brute-force scan: the
// book's ConflictEnd is exact, and "certainly free" is never wrong.
TEST(BookingBookTest, AgreesWithABruteForceScan) {
  std::uint64_t state = 12345;
  auto next = [&](std::int64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::int64_t>((state >> 33) % static_cast<std::uint64_t>(bound));
  };
  BookingBook book;
  std::vector<BookedInterval> all;
  for (int i = 0; i < 600; ++i) {
    UtcMinutes start = At(0) + minutes(next(3 * 24 * 60));
    BookedInterval interval = Therapist(1 + next(3), start, start + minutes(1 + next(150)),
                                        static_cast<int>(1 + next(20)));
    interval.session_number = i;
    book.Add(interval);
    all.push_back(interval);
  }
  for (int i = 0; i < 200; ++i) {  // and remove some again
    auto at = static_cast<std::size_t>(next(static_cast<std::int64_t>(all.size())));
    ASSERT_TRUE(book.Remove(all[at]));
    all.erase(all.begin() + static_cast<std::ptrdiff_t>(at));
  }
  for (int q = 0; q < 3000; ++q) {
    std::int64_t id = 1 + next(3);
    UtcMinutes start = At(0) + minutes(next(3 * 24 * 60));
    UtcMinutes end = start + minutes(1 + next(120));
    CourseId ignore = next(2) == 0 ? CourseId() : CourseId(1 + next(20));
    std::optional<UtcMinutes> expected;
    for (const BookedInterval& b : all) {
      if (b.resource.id != id || b.end <= start || b.start >= end) continue;
      if (ignore.is_assigned() && b.course == ignore) continue;
      if (!expected || b.end > *expected) expected = b.end;
    }
    SCOPED_TRACE("therapist " + std::to_string(id) + " " + FormatUtc(start) + " - " +
                 FormatUtc(end));
    ASSERT_EQ(book.ConflictEnd(TherapistResource(TherapistId(id)), start, end, ignore), expected);
    std::optional<UtcMinutes> any;  // ignoring nothing
    for (const BookedInterval& b : all) {
      if (b.resource.id == id && b.start < end && start < b.end) any = b.end;
    }
    if (book.TherapistCertainlyFree(*book.TherapistIndex(TherapistId(id)), start, end)) {
      ASSERT_FALSE(any);
    }
  }
  EXPECT_EQ(book.size(), all.size());
  EXPECT_EQ(book.All().size(), all.size());
}

TEST(CheckNoConflictsTest, ReportsTheFirstOverlapAndTheCount) {
  std::vector<BookedInterval> fine = {
      Therapist1(At(9), At(10), 1),
      Therapist1(At(10), At(11), 2),
      {PatientResource(PatientId(1)), At(9), At(10), CourseId(1), 1},
      {RoomResource(RoomId(1)), At(9), At(10), CourseId(1), 1}};
  EXPECT_TRUE(CheckNoConflicts(fine).has_value());
  std::vector<BookedInterval> bad = fine;
  bad.push_back(Therapist1(At(8), At(12), 3));  // contains both
  ASSERT_ERROR_AND_ASSIGN(Error error, CheckNoConflicts(bad), ErrorCode::kConflict);
  EXPECT_EQ(error.message,
            "therapist 1 double booked: course 3 session 1 [2024-03-11T08:00Z, 2024-03-11T12:00Z) "
            "overlaps course 1 session 1 [2024-03-11T09:00Z, 2024-03-11T10:00Z) (2 overlapping "
            "intervals in all)");
}

}  // namespace
}  // namespace backcare::plan
