#include "core/plan/closure_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace backcare::plan {
namespace {

using std::chrono::year;

clinic::ClinicClosure Closure(std::int64_t id, clinic::Date first, clinic::Date last,
                              std::string reason = "Christmas") {
  clinic::ClinicClosure closure;
  closure.id = ClosureId(id);
  closure.first_day = first;
  closure.last_day = last;
  closure.reason = std::move(reason);
  return closure;
}

TEST(ClosureRulesTest, AValidClosureWithoutOverlapIsAccepted) {
  const std::vector<clinic::ClinicClosure> existing = {
      Closure(1, year{2026} / 12 / 31, year{2027} / 1 / 1, "New year")};
  EXPECT_OK(ValidateClosure(Closure(0, year{2026} / 12 / 24, year{2026} / 12 / 26), existing));
  EXPECT_OK(ValidateClosure(Closure(0, year{2026} / 12 / 30, year{2026} / 12 / 30), existing));
  // 366 days, both included.
  EXPECT_OK(ValidateClosure(Closure(0, year{2028} / 1 / 1, year{2028} / 12 / 31), {}));
}

TEST(ClosureRulesTest, BadFieldsAreInvalidInputNamingEachField) {
  struct Case {
    clinic::ClinicClosure closure;
    std::vector<FieldError> fields;
  };
  const std::vector<Case> cases = {
      {Closure(0, year{2026} / 12 / 26, year{2026} / 12 / 24),
       {{"", "last_day", "expected a day on or after first_day 2026-12-26, got 2026-12-24"}}},
      {Closure(0, year{2026} / 1 / 1, year{2027} / 1 / 2),
       {{"", "last_day", "a closure lasts at most 366 days, got 367"}}},
      {Closure(0, year{2026} / 2 / 30, year{2026} / 12 / 24, ""),
       {{"", "first_day", "expected a calendar date YYYY-MM-DD"},
        {"", "reason", "expected a non-empty reason"}}},
      {Closure(0, year{2026} / 12 / 24, year{2026} / 12 / 24, std::string(201, 'x')),
       {{"", "reason", "expected at most 200 characters, got 201"}}},
  };
  for (const Case& c : cases) {
    ASSERT_ERROR_AND_ASSIGN(Error error, ValidateClosure(c.closure, {}), ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, "closure is invalid");
    EXPECT_EQ(error.fields, c.fields) << DescribeClosure(c.closure);
  }
}

TEST(ClosureRulesTest, ReasonLengthCountsCharactersNotBytes) {
  std::string reason;
  for (int i = 0; i < 200; ++i) reason += "\xC3\xA9";  // U+00E9, two bytes
  EXPECT_OK(ValidateClosure(Closure(0, year{2026} / 12 / 24, year{2026} / 12 / 24, reason), {}));
}

TEST(ClosureRulesTest, AnOverlapIsAConflictNamingTheExistingClosure) {
  const std::vector<clinic::ClinicClosure> existing = {
      Closure(9, year{2027} / 1 / 1, year{2027} / 1 / 1, "New year"),
      Closure(4, year{2026} / 12 / 24, year{2026} / 12 / 26)};
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      ValidateClosure(Closure(0, year{2026} / 12 / 26, year{2027} / 1 / 3, "Winter"), existing),
      ErrorCode::kConflict);
  EXPECT_EQ(error.message, "closure overlaps closure 4 'Christmas' (2026-12-24..2026-12-26)");
}

TEST(ClosureRulesTest, ClosureOnFindsTheDaysClosure) {
  const std::vector<clinic::ClinicClosure> closures = {
      Closure(4, year{2026} / 12 / 24, year{2026} / 12 / 26)};
  const auto day = [](clinic::Date date) {
    return LocalDate{std::chrono::sys_days{date}.time_since_epoch()};
  };
  EXPECT_EQ(ClosureOn(closures, day(year{2026} / 12 / 23)), nullptr);
  ASSERT_NE(ClosureOn(closures, day(year{2026} / 12 / 26)), nullptr);
  EXPECT_EQ(ClosureOn(closures, day(year{2026} / 12 / 26))->id, ClosureId(4));
  ASSERT_EQ(ClosureRanges(closures).size(), 1u);
  EXPECT_EQ(ClosureRanges(closures)[0].first, day(year{2026} / 12 / 24));
}

}  // namespace
}  // namespace backcare::plan
