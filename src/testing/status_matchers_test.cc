#include "testing/status_matchers.h"

#include <gtest/gtest-spi.h>

namespace backcare::testing {
namespace {

Result<int> Ok() { return 7; }
Result<int> Fails() { return NotFound("patient 3 not found"); }

TEST(StatusMatchersTest, OkPassesAndAssigns) {
  ASSERT_OK_AND_ASSIGN(int value, Ok());
  EXPECT_EQ(value, 7);
  EXPECT_OK(Status());
}

TEST(StatusMatchersTest, ErrorOfTheExpectedCodePassesAndAssigns) {
  ASSERT_ERROR_AND_ASSIGN(Error error, Fails(), ErrorCode::kNotFound);
  EXPECT_EQ(error.message, "patient 3 not found");
}

TEST(StatusMatchersTest, ASuccessWhereAnErrorWasExpectedFailsTheTestWithoutAborting) {
  EXPECT_NONFATAL_FAILURE(EXPECT_ERROR(Ok(), ErrorCode::kNotFound),
                          "expected not_found, got ok (the call succeeded)");
}

TEST(StatusMatchersTest, AnotherCodeFailsTheTestNamingBoth) {
  EXPECT_NONFATAL_FAILURE(EXPECT_ERROR(Fails(), ErrorCode::kConflict),
                          "expected conflict, got not_found: patient 3 not found");
}

TEST(StatusMatchersTest, AnErrorWhereOkWasExpectedFailsWithTheErrorText) {
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(Fails()), "expected ok, got not_found: patient 3 not found");
}

}  // namespace
}  // namespace backcare::testing
