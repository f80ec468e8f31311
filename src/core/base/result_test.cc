#include "core/base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/base/ids.h"

namespace backcare {
namespace {

Result<int> ParsePositive(int value) {
  if (value <= 0) return InvalidInput("expected > 0, got " + std::to_string(value));
  return value;
}

Result<int> Doubled(int value) {
  ASSIGN_OR_RETURN(int parsed, ParsePositive(value));
  return parsed * 2;
}

Status CheckBoth(int a, int b) {
  RETURN_IF_ERROR(ParsePositive(a));
  RETURN_IF_ERROR(ParsePositive(b));
  return OkStatus();
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> ok = ParsePositive(3);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 3);
  Result<int> bad = ParsePositive(0);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.error().message, "expected > 0, got 0");
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(ResultTest, AssignOrReturnPropagatesTheError) {
  EXPECT_EQ(*Doubled(4), 8);
  Result<int> bad = Doubled(-2);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "expected > 0, got -2");
}

TEST(ResultTest, ReturnIfErrorStopsAtTheFirstError) {
  EXPECT_TRUE(CheckBoth(1, 2));
  Status status = CheckBoth(1, -5);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "expected > 0, got -5");
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> owned = std::make_unique<int>(7);
  ASSERT_TRUE(owned);
  std::unique_ptr<int> taken = std::move(owned).value();
  EXPECT_EQ(*taken, 7);
}

TEST(ErrorTest, ToStringListsEveryFieldError) {
  Error error = InvalidInput(
      "protocol.toml is invalid",
      {{"protocol.toml:3:1", "phases[0].end_week", "expected > 0, got 0"}, {"", "id", "missing"}});
  EXPECT_EQ(error.ToString(),
            "protocol.toml is invalid\n"
            "protocol.toml:3:1: phases[0].end_week: expected > 0, got 0\n"
            "id: missing");
}

TEST(ErrorTest, EachCodeMapsToOneExitCodeAndHttpStatus) {
  struct Case {
    ErrorCode code;
    std::string_view name;
    int exit_code;
    int http_status;
  };
  const Case cases[] = {
      {ErrorCode::kInvalidInput, "invalid_input", 2, 422},
      {ErrorCode::kNotFound, "not_found", 3, 404},
      {ErrorCode::kConflict, "conflict", 4, 409},
      {ErrorCode::kFailedPrecondition, "failed_precondition", 4, 409},
      {ErrorCode::kGone, "gone", 4, 410},
      {ErrorCode::kPermissionDenied, "permission_denied", 5, 403},
      {ErrorCode::kUnauthenticated, "unauthenticated", 5, 401},
      {ErrorCode::kUnavailable, "unavailable", 6, 503},
      {ErrorCode::kDataCorruption, "data_corruption", 7, 500},
      {ErrorCode::kInternal, "internal", 70, 500},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ErrorCodeName(c.code), c.name);
    EXPECT_EQ(ExitCodeFor(c.code), c.exit_code);
    EXPECT_EQ(HttpStatusFor(c.code), c.http_status);
  }
}

TEST(StrongIdTest, ComparesWithinOneType) {
  PatientId a{1};
  PatientId b{2};
  EXPECT_LT(a, b);
  EXPECT_TRUE(a.is_assigned());
  EXPECT_FALSE(PatientId{}.is_assigned());
  static_assert(!std::is_convertible_v<PatientId, CourseId>);
}

TEST(CheckDeathTest, FailedCheckAborts) {
  EXPECT_DEATH(BACKCARE_CHECK(1 + 1 == 3), "check failed at .*: 1 \\+ 1 == 3");
}

}  // namespace
}  // namespace backcare
