#include "app/calendar_feed_service.h"

#include <gtest/gtest.h>

#include <set>

#include "testing/app_testing.h"
#include "testing/status_matchers.h"

namespace backcare::app {
namespace {

using testing::Day;
using testing::TestClinic;

// The session ids a feed shows, over every course.
std::set<std::int64_t> SessionIds(const FeedContent& content) {
  std::set<std::int64_t> ids;
  for (const plan::CoursePlan& course : content.plans) {
    for (const plan::PlannedSession& session : course.sessions) ids.insert(session.number);
  }
  return ids;
}

TEST(CalendarFeedServiceTest, AFeedShowsItsLoginsSessionsUntilRemadeRevokedOrDisabled) {
  TestClinic t;
  t.ScreenClear(t.patient_1);
  ASSERT_OK_AND_ASSIGN(
      StartedCourse course,
      t.schedule.StartCourse(t.front_desk, {t.patient_1, Day(2024, 3, 4), t.therapist_a, {}}));
  ASSERT_FALSE(course.sessions.empty());
  CalendarFeedService feeds(t.context);

  ASSERT_OK_AND_ASSIGN(IssuedFeed patient_feed, feeds.CreateFeed(t.patient));
  EXPECT_EQ(patient_feed.path, "/cal/" + patient_feed.token + ".ics");
  ASSERT_OK_AND_ASSIGN(FeedContent content, feeds.ReadFeed(patient_feed.token, "198.51.100.7"));
  EXPECT_FALSE(content.therapist_id);
  EXPECT_EQ(content.calendar_name, "Synthetic Clinic sessions");
  std::set<std::int64_t> expected;
  for (SessionId id : course.sessions) expected.insert(id.value());
  EXPECT_EQ(SessionIds(content), expected);
  ASSERT_EQ(content.plans.size(), 1u);
  EXPECT_EQ(content.plans[0].time_zone, "Europe/London");

  ASSERT_OK_AND_ASSIGN(IssuedFeed therapist_feed, feeds.CreateFeed(t.therapist));
  ASSERT_OK_AND_ASSIGN(content, feeds.ReadFeed(therapist_feed.token, "x"));
  EXPECT_EQ(content.therapist_id, t.therapist_a);
  EXPECT_EQ(SessionIds(content), expected);

  EXPECT_ERROR(feeds.CreateFeed(t.front_desk), ErrorCode::kPermissionDenied);
  EXPECT_ERROR(feeds.ReadFeed("forged", "x"), ErrorCode::kNotFound);

  // Remade: the old token stops working. Revoked: so does the new one.
  ASSERT_OK_AND_ASSIGN(IssuedFeed remade, feeds.CreateFeed(t.patient));
  EXPECT_ERROR(feeds.ReadFeed(patient_feed.token, "x"), ErrorCode::kNotFound);
  ASSERT_OK(feeds.ReadFeed(remade.token, "x"));
  ASSERT_OK(feeds.RevokeFeed(t.patient));
  EXPECT_ERROR(feeds.ReadFeed(remade.token, "x"), ErrorCode::kNotFound);

  // Disabling the login deletes its feed.
  ASSERT_OK(
      t.accounts.SetUserState(t.admin, t.therapist.actor.user_id, clinic::AccountState::kDisabled));
  EXPECT_ERROR(feeds.ReadFeed(therapist_feed.token, "x"), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace backcare::app
