#include "http/server/session_table.h"

#include <gtest/gtest.h>

namespace backcare::http {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class SessionTableTest : public ::testing::Test {
 protected:
  ports::FakeClock clock_{std::chrono::sys_days(std::chrono::year{2024} / 3 / 18)};
  SessionTable<int> sessions_{minutes(30), clock_};
};

TEST_F(SessionTableTest, CreatesDistinctUnguessableIds) {
  auto a = sessions_.Create(1);
  auto b = sessions_.Create(1);
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.csrf_token, b.csrf_token);
  EXPECT_NE(a.id, a.csrf_token);
  EXPECT_EQ(a.id.size(), 43u);
}

TEST_F(SessionTableTest, TouchReturnsThePrincipal) {
  auto session = sessions_.Create(7);
  auto found = sessions_.Touch(session.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->principal, 7);
  EXPECT_EQ(found->csrf_token, session.csrf_token);
}

TEST_F(SessionTableTest, ExpiresAfterThirtyIdleMinutes) {
  auto session = sessions_.Create(7);
  clock_.Advance(minutes(30));
  EXPECT_TRUE(sessions_.Touch(session.id).has_value());  // exactly 30 minutes idle: still valid
  clock_.Advance(minutes(30) + seconds(1));
  EXPECT_FALSE(sessions_.Touch(session.id).has_value());
  EXPECT_EQ(sessions_.size(), 0u);
}

TEST_F(SessionTableTest, EachRequestRestartsTheIdleTimer) {
  auto session = sessions_.Create(7);
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(minutes(20));
    ASSERT_TRUE(sessions_.Touch(session.id).has_value()) << i;
  }
}

TEST_F(SessionTableTest, RemoveEndsTheSession) {
  auto session = sessions_.Create(7);
  sessions_.Remove(session.id);
  EXPECT_FALSE(sessions_.Touch(session.id).has_value());
  sessions_.Remove("unknown");  // no effect
}

TEST_F(SessionTableTest, UnknownIdIsNotFound) { EXPECT_FALSE(sessions_.Touch("nope").has_value()); }

TEST_F(SessionTableTest, CreateEvictsExpiredSessions) {
  sessions_.Create(1);
  sessions_.Create(2);
  clock_.Advance(minutes(31));
  sessions_.Create(3);
  EXPECT_EQ(sessions_.size(), 1u);
}

}  // namespace
}  // namespace backcare::http
