// Contract for the access-link and calendar-feed methods of ports::Transaction on every backend:
// links are created (hash, user and creator checked), found by hash, used once (a second use is
// kGone), and a user's unused links deleted while used ones stay; a login's one calendar feed is
// replaced by a new token or deleted. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using std::chrono::hours;

clinic::Timestamp At(int hour) {
  return clinic::FromUnixMicros(1'767'225'600'000'000) + hours(hour);
}

clinic::AccessLink Link(char digit, ClinicId clinic_id, UserId user_id,
                        std::optional<UserId> created_by) {
  clinic::AccessLink link;
  link.token_hash = std::string(64, digit);
  link.clinic_id = clinic_id;
  link.user_id = user_id;
  link.purpose = created_by ? clinic::AccessPurpose::kInvite : clinic::AccessPurpose::kReset;
  link.created_by = created_by;
  link.created_at = At(0);
  link.expires_at = At(72);
  return link;
}

template <typename Backend>
class AccessLinkContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(AccessLinkContractTest, AllBackends, BackendNames);

TYPED_TEST(AccessLinkContractTest, LinksAreCreatedFoundUsedOnceAndDeletedWhenUnused) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSERT_OK_AND_ASSIGN(ClinicId south, tx->CreateClinic({ClinicId(), "South", "Europe/Berlin"}));
  clinic::User user;
  user.email = "admin@example.test";
  user.role = clinic::Role::kAdmin;
  ASSERT_OK_AND_ASSIGN(UserId admin, tx->CreateUser(north, user));
  ASSERT_OK_AND_ASSIGN(UserId south_admin, tx->CreateUser(south, user));
  user.email = "desk@example.test";
  user.role = clinic::Role::kFrontDesk;
  ASSERT_OK_AND_ASSIGN(UserId desk, tx->CreateUser(north, user));

  ASSERT_OK(tx->CreateAccessLink(Link('a', north, desk, admin)));
  ASSERT_OK(tx->CreateAccessLink(Link('b', north, desk, std::nullopt)));
  ASSERT_OK(tx->CreateAccessLink(Link('c', north, admin, std::nullopt)));
  EXPECT_ERROR(tx->CreateAccessLink(Link('a', north, admin, admin)), ErrorCode::kConflict);
  // The user and the creator must be in the link's clinic.
  EXPECT_ERROR(tx->CreateAccessLink(Link('d', south, desk, std::nullopt)), ErrorCode::kNotFound);
  EXPECT_ERROR(tx->CreateAccessLink(Link('d', north, desk, south_admin)), ErrorCode::kNotFound);
  clinic::AccessLink bad = Link('e', north, desk, admin);
  bad.token_hash = "ABC";
  bad.expires_at = bad.created_at;
  Status refused = tx->CreateAccessLink(bad);
  EXPECT_ERROR(refused, ErrorCode::kInvalidInput);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.size(), 2u) << refused.error().ToString();
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::AccessLink found, read->FindAccessLink(std::string(64, 'a')));
  EXPECT_EQ(found, Link('a', north, desk, admin));
  EXPECT_ERROR(read->FindAccessLink(std::string(64, 'f')), ErrorCode::kNotFound);
  EXPECT_ERROR(read->UseAccessLink(std::string(64, 'a'), At(1)), ErrorCode::kFailedPrecondition);
  read.reset();

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->UseAccessLink(std::string(64, 'a'), At(1)));
  EXPECT_ERROR(tx->UseAccessLink(std::string(64, 'a'), At(2)), ErrorCode::kGone);
  EXPECT_ERROR(tx->UseAccessLink(std::string(64, 'f'), At(2)), ErrorCode::kNotFound);
  ASSERT_OK(tx->DeleteUnusedAccessLinks(north, desk));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(found, read->FindAccessLink(std::string(64, 'a')));
  EXPECT_EQ(found.used_at, At(1)) << "a used link stays, so a replay is told it was used";
  EXPECT_ERROR(read->FindAccessLink(std::string(64, 'b')), ErrorCode::kNotFound);
  EXPECT_OK(read->FindAccessLink(std::string(64, 'c'))) << "another user's link is untouched";
}

TYPED_TEST(AccessLinkContractTest, AUseRolledBackLeavesTheLinkUsable) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  clinic::User user;
  user.email = "desk@example.test";
  ASSERT_OK_AND_ASSIGN(UserId desk, tx->CreateUser(north, user));
  ASSERT_OK(tx->CreateAccessLink(Link('a', north, desk, std::nullopt)));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->UseAccessLink(std::string(64, 'a'), At(1)));
  tx.reset();  // not committed
  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->UseAccessLink(std::string(64, 'a'), At(2)));
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::AccessLink found, read->FindAccessLink(std::string(64, 'a')));
  EXPECT_EQ(found.used_at, At(2));
}

TYPED_TEST(AccessLinkContractTest, ALoginHasOneCalendarFeedReplacedOrDeleted) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(ClinicId north, tx->CreateClinic({ClinicId(), "North", "Europe/Berlin"}));
  ASSERT_OK_AND_ASSIGN(ClinicId south, tx->CreateClinic({ClinicId(), "South", "Europe/Berlin"}));
  clinic::User user;
  user.email = "ada@example.test";
  user.role = clinic::Role::kFrontDesk;
  ASSERT_OK_AND_ASSIGN(UserId ada, tx->CreateUser(north, user));
  user.email = "ben@example.test";
  ASSERT_OK_AND_ASSIGN(UserId ben, tx->CreateUser(north, user));
  const clinic::CalendarFeed first{std::string(64, 'a'), north, ada, At(0)};
  ASSERT_OK(tx->ReplaceCalendarFeed(first));
  ASSERT_OK(tx->ReplaceCalendarFeed({std::string(64, 'b'), north, ben, At(1)}));
  EXPECT_ERROR(tx->ReplaceCalendarFeed({std::string(64, 'b'), north, ada, At(1)}),
               ErrorCode::kConflict);
  EXPECT_ERROR(tx->ReplaceCalendarFeed({std::string(64, 'c'), south, ada, At(1)}),
               ErrorCode::kNotFound);
  EXPECT_ERROR(tx->ReplaceCalendarFeed({"ABC", north, ada, At(1)}), ErrorCode::kInvalidInput);
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(clinic::CalendarFeed found, read->FindCalendarFeed(std::string(64, 'a')));
  EXPECT_EQ(found, first);
  EXPECT_ERROR(read->FindCalendarFeed(std::string(64, 'c')), ErrorCode::kNotFound);
  read.reset();

  // Regenerating replaces the token: the old one stops working.
  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK(tx->ReplaceCalendarFeed({std::string(64, 'd'), north, ada, At(2)}));
  ASSERT_OK(tx->DeleteCalendarFeed(north, ben));
  ASSERT_OK(tx->DeleteCalendarFeed(north, ben));  // none left: not an error
  ASSERT_OK(tx->Commit());
  ASSERT_OK_AND_ASSIGN(read, db.store->BeginReadOnly());
  EXPECT_ERROR(read->FindCalendarFeed(std::string(64, 'a')), ErrorCode::kNotFound);
  EXPECT_ERROR(read->FindCalendarFeed(std::string(64, 'b')), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(found, read->FindCalendarFeed(std::string(64, 'd')));
  EXPECT_EQ(found.user_id, ada);
  EXPECT_EQ(found.created_at, At(2));
}

}  // namespace
}  // namespace backcare::store::testing
