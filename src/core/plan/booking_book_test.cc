#include "core/plan/booking_book.h"

#include <gtest/gtest.h>

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

TEST(CheckNoConflictsTest, ReportsTheFirstOverlapAndTheCount) {
  std::vector<BookedInterval> fine = {
      Therapist1(At(9), At(10), 1),
      Therapist1(At(10), At(11), 2),
      {PatientResource(PatientId(1)), At(9), At(10), CourseId(1), 1},
      {RoomResource(RoomId(1)), At(9), At(10), CourseId(1), 1}};
  EXPECT_TRUE(CheckNoConflicts(fine).has_value());
  std::vector<BookedInterval> bad = fine;
  bad.push_back(Therapist1(At(8), At(12), 3));  // contains both
  Status status = CheckNoConflicts(bad);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
  EXPECT_EQ(status.error().message,
            "therapist 1 double booked: course 3 session 1 [2024-03-11T08:00Z, 2024-03-11T12:00Z) "
            "overlaps course 1 session 1 [2024-03-11T09:00Z, 2024-03-11T10:00Z) (2 overlapping "
            "intervals in all)");
}

}  // namespace
}  // namespace backcare::plan
