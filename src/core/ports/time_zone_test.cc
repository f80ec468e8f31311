#include "core/ports/time_zone.h"

#include <gtest/gtest.h>

namespace backcare::ports {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

LocalMinutes Local(int hour, int minute = 0) {
  return LocalMinutes{std::chrono::local_days{std::chrono::year{2024} / 3 / 31}} + hours(hour) +
         minutes(minute);
}
UtcMinutes Utc(int hour, int minute = 0) {
  return UtcMinutes{std::chrono::sys_days{std::chrono::year{2024} / 3 / 31}} + hours(hour) +
         minutes(minute);
}

TEST(FakeTimeZoneTest, MapsUniqueGapAndOverlapTimes) {
  // UTC+0, then UTC+1 from 01:00 UTC (a spring-forward gap 01:00-02:00 local), then back to UTC+0
  // at 20:00 UTC (21:00 local -> 20:00 local: 20:00-21:00 local occurs twice).
  FakeTimeZone zone("Test/Zone", hours(0));
  zone.AddTransition(Utc(1), hours(1));
  zone.AddTransition(Utc(20), hours(0));
  using Kind = LocalTimeMapping::Kind;
  struct Case {
    LocalMinutes local;
    LocalTimeMapping expected;
    std::optional<UtcMinutes> resolved;
  };
  const std::vector<Case> cases = {
      {Local(0, 30), {Kind::kUnique, Utc(0, 30), Utc(0, 30)}, Utc(0, 30)},
      {Local(1, 30), {Kind::kNonexistent, Utc(1), Utc(1)}, std::nullopt},
      {Local(9), {Kind::kUnique, Utc(8), Utc(8)}, Utc(8)},
      {Local(20, 30), {Kind::kAmbiguous, Utc(19, 30), Utc(20, 30)}, Utc(19, 30)},
      {Local(21, 30), {Kind::kUnique, Utc(21, 30), Utc(21, 30)}, Utc(21, 30)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(zone.MapLocal(c.local), c.expected);
    EXPECT_EQ(ResolveLocalTime(zone, c.local), c.resolved);
  }
  EXPECT_EQ(zone.ToLocal(Utc(0, 59)), Local(0, 59));
  EXPECT_EQ(zone.ToLocal(Utc(1)), Local(2));
  EXPECT_EQ(zone.ToLocal(Utc(20)), Local(20));
  EXPECT_EQ(zone.Name(), "Test/Zone");
}

}  // namespace
}  // namespace backcare::ports
