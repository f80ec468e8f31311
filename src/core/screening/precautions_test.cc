#include "core/screening/precautions.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace backcare::screening {
namespace {

using protocol::PrecautionAction;

protocol::Protocol TestProtocol() {
  protocol::Protocol protocol;
  protocol.id = "test";
  protocol::Technique deep;
  deep.id = "trigger_point";
  deep.deep_pressure = true;
  protocol::Technique gentle;
  gentle.id = "myofascial_release";
  gentle.precautions = {{"anticoagulants", PrecautionAction::kModify, "gentle traction only"}};
  protocol.techniques = {deep, gentle};
  return protocol;
}

TEST(PrecautionsForTest, NoFindingsNoPrecautions) {
  EXPECT_EQ(PrecautionsFor(TestProtocol(), {}), Precautions{});
}

TEST(PrecautionsForTest, KeepsEachAreaWithItsConditionAndTheRestrictions) {
  const std::vector<Finding> findings = {{"anticoagulants", std::nullopt},
                                         {"skin_lesion", "left flank"},
                                         {"varicose_veins", "right calf"}};
  const Precautions precautions = PrecautionsFor(TestProtocol(), findings);
  EXPECT_EQ(
      precautions.areas_to_avoid,
      (std::vector<AreaToAvoid>{{"skin_lesion", "left flank"}, {"varicose_veins", "right calf"}}));
  ASSERT_EQ(precautions.restrictions.size(), 2U);
  EXPECT_EQ(precautions.restrictions[0].technique_id, "trigger_point");
  EXPECT_EQ(precautions.restrictions[0].action, PrecautionAction::kDisable);
  EXPECT_EQ(precautions.restrictions[0].condition, "anticoagulants");
  EXPECT_EQ(precautions.restrictions[1].technique_id, "myofascial_release");
  EXPECT_EQ(precautions.restrictions[1].action, PrecautionAction::kModify);
}

TEST(PrecautionsForTest, TheSameAreaTwiceForOneConditionIsListedOnce) {
  const std::vector<Finding> findings = {{"skin_lesion", "left flank"},
                                         {"skin_lesion", "left flank"},
                                         {"open_wound", "left flank"},
                                         {"skin_lesion", std::nullopt}};
  EXPECT_EQ(PrecautionsFor(TestProtocol(), findings).areas_to_avoid,
            (std::vector<AreaToAvoid>{{"skin_lesion", "left flank"},
                                      {"open_wound", "left flank"},
                                      {"skin_lesion", std::nullopt}}));
}

TEST(PrecautionsForTest, OnlyAvoidAreaConditionsGiveAreas) {
  const std::vector<Finding> findings = {{"radiating_leg_pain", std::nullopt},
                                         {"anticoagulants", std::nullopt},
                                         {"not_a_condition", "back"}};
  EXPECT_TRUE(PrecautionsFor(TestProtocol(), findings).areas_to_avoid.empty());
}

}  // namespace
}  // namespace backcare::screening
