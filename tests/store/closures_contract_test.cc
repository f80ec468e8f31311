// Contract for the clinic-closure methods of ports::Transaction on every backend: add, list by
// first_day then id (never another clinic's), delete, and the store-level refusals. Overlaps are
// the use case's rule (core/plan/closure_rules.h), not the store's. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

clinic::Date Day(unsigned month, unsigned day) {
  return std::chrono::year{2026} / std::chrono::month{month} / std::chrono::day{day};
}

clinic::ClinicClosure Closure(clinic::Date first, clinic::Date last, std::string reason) {
  clinic::ClinicClosure closure;
  closure.first_day = first;
  closure.last_day = last;
  closure.reason = std::move(reason);
  closure.created_at = clinic::FromUnixMicros(1'767'225'600'000'000);
  return closure;
}

template <typename Backend>
class ClosureContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(ClosureContractTest, AllBackends, BackendNames);

TYPED_TEST(ClosureContractTest, ClosuresAreAddedListedByFirstDayAndDeleted) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSERT_OK_AND_ASSIGN(ClinicId south, tx->CreateClinic({ClinicId(), "South", "Europe/Berlin"}));
  clinic::User user;
  user.email = "desk@example.test";
  user.display_name = "Desk";
  user.role = clinic::Role::kFrontDesk;
  user.password_hash = "$argon2id$synthetic";
  ASSERT_OK_AND_ASSIGN(UserId desk, tx->CreateUser(north, user));

  clinic::ClinicClosure christmas = Closure(Day(12, 24), Day(12, 26), "Christmas");
  christmas.created_by = desk;
  ASSERT_OK_AND_ASSIGN(ClosureId later, tx->AddClosure(north, christmas));
  ASSERT_OK_AND_ASSIGN(ClosureId earlier,
                       tx->AddClosure(north, Closure(Day(4, 3), Day(4, 6), "Easter")));
  ASSERT_OK_AND_ASSIGN(ClosureId other,
                       tx->AddClosure(south, Closure(Day(1, 1), Day(1, 1), "New year")));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto listed, read->ListClosures(north));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, earlier);
  EXPECT_EQ(listed[0].created_by, std::nullopt);
  EXPECT_EQ(listed[1].id, later);
  christmas.id = later;
  christmas.clinic_id = north;
  EXPECT_EQ(listed[1], christmas);
  read.reset();

  ASSERT_OK_AND_ASSIGN(auto write, db.store->Begin());
  ASSERT_ERROR_AND_ASSIGN(Error foreign, write->DeleteClosure(north, other), ErrorCode::kNotFound);
  EXPECT_EQ(foreign.message, "closure " + std::to_string(other.value()) + " not found");
  ASSERT_OK(write->DeleteClosure(north, later));
  EXPECT_ERROR(write->DeleteClosure(north, later), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto remaining, write->ListClosures(north));
  ASSERT_EQ(remaining.size(), 1u);
  EXPECT_EQ(remaining[0].id, earlier);
  ASSERT_OK_AND_ASSIGN(auto south_list, write->ListClosures(south));
  ASSERT_EQ(south_list.size(), 1u);
}

TYPED_TEST(ClosureContractTest, ABadClosureIsRefusedByTheStore) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSERT_ERROR_AND_ASSIGN(Error backwards,
                          tx->AddClosure(north, Closure(Day(12, 26), Day(12, 24), "Christmas")),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(backwards.fields.size(), 1u);
  EXPECT_EQ(backwards.fields[0].path, "last_day");
  ASSERT_ERROR_AND_ASSIGN(Error empty, tx->AddClosure(north, Closure(Day(1, 1), Day(1, 1), "")),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(empty.fields.size(), 1u);
  EXPECT_EQ(empty.fields[0].path, "reason");
  clinic::ClinicClosure stranger = Closure(Day(1, 1), Day(1, 1), "New year");
  stranger.created_by = UserId(987654);
  EXPECT_ERROR(tx->AddClosure(north, stranger), ErrorCode::kNotFound);
  EXPECT_ERROR(tx->AddClosure(ClinicId(987654), Closure(Day(1, 1), Day(1, 1), "New year")),
               ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto listed, tx->ListClosures(north));
  EXPECT_TRUE(listed.empty());
}

}  // namespace
}  // namespace backcare::store::testing
