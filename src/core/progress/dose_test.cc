#include "core/progress/dose.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace backcare::progress {
namespace {

clinic::Session At(int day, clinic::SessionStatus status) {
  clinic::Session session;
  session.start = clinic::Timestamp{std::chrono::days{day}};
  session.status = status;
  return session;
}

TEST(DoseTest, CountsAttendedAgainstPlannedToDate) {
  using enum clinic::SessionStatus;
  // Days 1-4 have passed at day 5: attended, missed, cancelled, booked (not marked) -> 3 planned
  // to date, 1 attended; day 9 is still ahead.
  const std::vector<clinic::Session> sessions = {At(1, kAttended), At(2, kMissed),
                                                 At(3, kCancelled), At(4, kBooked), At(9, kBooked)};
  EXPECT_EQ(CountDose(sessions, clinic::Timestamp{std::chrono::days{5}}), (Dose{1, 3}));
  EXPECT_EQ(CountDose({}, clinic::Timestamp{std::chrono::days{5}}), (Dose{0, 0}));
}

}  // namespace
}  // namespace backcare::progress
