#include "core/screening/findings.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::screening {
namespace {

const Finding kAnticoagulants{"anticoagulants", std::nullopt};
const Finding kCaudaEquina{"bladder_or_bowel_dysfunction", std::nullopt};
const Finding kSciatica{"radiating_leg_pain", std::nullopt};

// Issue 20: an empty re-screen erased the findings, cleared the red flag and the restrictions.
TEST(FindingsTest, AnEmptyRescreenKeepsEveryActiveFinding) {
  const std::vector<Finding> active = {kAnticoagulants, kCaudaEquina};
  auto kept = CarryForward(active, {}, {});
  ASSERT_OK(kept);
  EXPECT_EQ(*kept, active);
}

TEST(FindingsTest, NewFindingsAreAddedAfterTheActiveOnesOnce) {
  const std::vector<Finding> active = {kSciatica, {"skin_lesion", "left flank"}};
  const std::vector<Finding> found = {kAnticoagulants, kSciatica, {"skin_lesion", "right calf"}};
  auto kept = CarryForward(active, found, {});
  ASSERT_OK(kept);
  const std::vector<Finding> expected = {
      kSciatica, {"skin_lesion", "left flank"}, kAnticoagulants, {"skin_lesion", "right calf"}};
  EXPECT_EQ(*kept, expected);
}

TEST(FindingsTest, AResolvedFindingGoesAndEveryAreaOfItsConditionWithIt) {
  const std::vector<Finding> active = {
      kAnticoagulants, {"skin_lesion", "left flank"}, {"skin_lesion", "right calf"}};
  const std::vector<Resolution> resolved = {{"skin_lesion", "healed, seen 2024-03-01"}};
  auto kept = CarryForward(active, {}, resolved);
  ASSERT_OK(kept);
  EXPECT_EQ(*kept, std::vector<Finding>{kAnticoagulants});
}

TEST(FindingsTest, BadResolutionsAreNamedAndNothingIsResolved) {
  const std::vector<Finding> active = {kAnticoagulants, kSciatica};
  const std::vector<Finding> found = {kSciatica};
  const std::vector<Resolution> resolved = {{"osteoporosis", "x"},
                                            {"radiating_leg_pain", "better"},
                                            {"anticoagulants", ""},
                                            {"anticoagulants", std::string(501, 'a')}};
  ASSERT_ERROR_AND_ASSIGN(Error error, CarryForward(active, found, resolved),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "screening resolutions are invalid");
  const std::vector<FieldError> expected = {
      {"", "resolved[0].condition", "'osteoporosis' is not an active finding"},
      {"", "resolved[1].condition", "'radiating_leg_pain' is both found and resolved"},
      {"", "resolved[2].reason", "expected a reason"},
      {"", "resolved[3].condition", "'anticoagulants' is resolved twice"},
      {"", "resolved[3].reason", "expected at most 500 characters"},
  };
  EXPECT_EQ(error.fields, expected);
}

TEST(FindingsTest, ARedFlagIsNotResolvedByARescreen) {
  const std::vector<Finding> active = {kCaudaEquina};
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      CarryForward(active, {}, std::vector<Resolution>{{kCaudaEquina.condition, "feels fine"}}),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "'bladder_or_bowel_dysfunction' is a red flag: it is closed by recording the "
            "referral's outcome (medical clearance or discontinuation), not by a re-screen");
}

TEST(FindingsTest, AClearanceResolvesOnlyTheRedFlags) {
  EXPECT_TRUE(IsRedFlag("bladder_or_bowel_dysfunction"));
  EXPECT_TRUE(IsRedFlag("history_of_cancer"));  // medical_review
  EXPECT_FALSE(IsRedFlag("anticoagulants"));
  EXPECT_FALSE(IsRedFlag("radiating_leg_pain"));
  EXPECT_FALSE(IsRedFlag("no_such_condition"));
  const std::vector<Finding> active = {
      kAnticoagulants, kCaudaEquina, kSciatica, {"history_of_cancer", std::nullopt}};
  const Cleared cleared = ClearRedFlags(active);
  EXPECT_EQ(cleared.remaining, (std::vector<Finding>{kAnticoagulants, kSciatica}));
  EXPECT_EQ(cleared.resolved_ids,
            (std::vector<std::string>{"bladder_or_bowel_dysfunction", "history_of_cancer"}));
}

}  // namespace
}  // namespace backcare::screening
