#include "core/screening/screen.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace backcare::screening {
namespace {

using protocol::PrecautionAction;

protocol::Technique MakeTechnique(std::string id, bool deep_pressure,
                                  std::vector<protocol::Precaution> precautions) {
  protocol::Technique technique;
  technique.id = std::move(id);
  technique.deep_pressure = deep_pressure;
  technique.precautions = std::move(precautions);
  return technique;
}

// The article's three techniques with synthetic precautions.
protocol::Protocol TestProtocol() {
  protocol::Protocol protocol;
  protocol.id = "test";
  protocol.techniques = {
      MakeTechnique("muscle_stripping", true,
                    {{"radiating_leg_pain", PrecautionAction::kModify, "avoid the sciatic notch"},
                     {"osteoporosis", PrecautionAction::kModify, "lighter pressure"}}),
      MakeTechnique("trigger_point", true,
                    {{"pregnancy", PrecautionAction::kDisable, ""},
                     {"varicose_veins", PrecautionAction::kModify, "not over the veins"},
                     {"varicose_veins", PrecautionAction::kDisable, "no holds near veins"}}),
      MakeTechnique("myofascial_release", false,
                    {{"anticoagulants", PrecautionAction::kModify, "gentle traction only"},
                     {"open_wound", PrecautionAction::kDisable, "not over the wound"}}),
  };
  return protocol;
}

TEST(ScreenTest, NoFindingsIsClear) {
  Result<ScreeningResult> result = Screen(TestProtocol(), {});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->decision, Decision::kClear);
  EXPECT_TRUE(result->reasons.empty());
  EXPECT_TRUE(result->restrictions.empty());
}

TEST(ScreenTest, EachConditionAloneGivesItsCatalogueDecision) {
  for (const Condition& condition : ConditionCatalog()) {
    const std::vector<Finding> findings = {{std::string(condition.id), std::nullopt}};
    Result<ScreeningResult> result = Screen(TestProtocol(), findings);
    ASSERT_TRUE(result.has_value()) << condition.id;
    EXPECT_EQ(result->decision, condition.decision) << condition.id;
    ASSERT_EQ(result->reasons.size(), 1u);
    EXPECT_EQ(result->reasons[0].label, condition.label);
    EXPECT_EQ(result->tracked_signs.size(), condition.tracked_sign ? 1u : 0u) << condition.id;
  }
}

TEST(ScreenTest, TheMostRestrictiveDecisionWins) {
  struct Case {
    std::vector<std::string> conditions;
    Decision decision;
  };
  const Case cases[] = {
      {{"radiating_leg_pain", "leg_numbness"}, Decision::kClear},
      {{"radiating_leg_pain", "varicose_veins"}, Decision::kAvoidArea},
      {{"varicose_veins", "anticoagulants"}, Decision::kModify},
      {{"anticoagulants", "history_of_cancer", "open_wound"}, Decision::kMedicalReview},
      {{"history_of_cancer", "suspected_dvt"}, Decision::kReferUrgent},
      {{"saddle_anaesthesia", "anticoagulants", "suspected_dvt"}, Decision::kReferEmergency},
      {{"anticoagulants", "saddle_anaesthesia"}, Decision::kReferEmergency},
  };
  for (const Case& c : cases) {
    std::vector<Finding> findings;
    for (const std::string& id : c.conditions) findings.push_back({id, std::nullopt});
    Result<ScreeningResult> result = Screen(TestProtocol(), findings);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(DecisionName(result->decision), DecisionName(c.decision)) << c.conditions[0];
  }
}

TEST(ScreenTest, ReportsReasonsAreasTrackedSignsAndRestrictions) {
  const std::vector<Finding> findings = {
      {"anticoagulants", std::nullopt},     {"open_wound", "left calf"},
      {"radiating_leg_pain", std::nullopt}, {"skin_lesion", "left calf"},
      {"radiating_leg_pain", std::nullopt}, {"recent_surgery", std::nullopt},
  };
  Result<ScreeningResult> result = Screen(TestProtocol(), findings);
  ASSERT_OK(result);
  EXPECT_EQ(result->decision, Decision::kModify);
  const std::vector<ScreeningReason> reasons = {
      {"anticoagulants", "Takes anticoagulants", Decision::kModify, std::nullopt},
      {"open_wound", "Open wound", Decision::kAvoidArea, "left calf"},
      {"radiating_leg_pain", "Radiating leg pain (sciatica)", Decision::kClear, std::nullopt},
      {"skin_lesion", "Skin lesion or infection", Decision::kAvoidArea, "left calf"},
      {"radiating_leg_pain", "Radiating leg pain (sciatica)", Decision::kClear, std::nullopt},
      {"recent_surgery", "Recent surgery site", Decision::kAvoidArea, std::nullopt},
  };
  EXPECT_EQ(result->reasons, reasons);
  EXPECT_EQ(result->tracked_signs, std::vector<std::string>{"radiating_leg_pain"});
  EXPECT_EQ(result->areas_to_avoid, std::vector<std::string>{"left calf"});
  const std::vector<TechniqueRestriction> restrictions = {
      {"muscle_stripping", PrecautionAction::kDisable, "anticoagulants",
       "deep pressure is disabled under a 'modify' decision: Takes anticoagulants"},
      {"muscle_stripping", PrecautionAction::kModify, "radiating_leg_pain",
       "avoid the sciatic notch"},
      {"trigger_point", PrecautionAction::kDisable, "anticoagulants",
       "deep pressure is disabled under a 'modify' decision: Takes anticoagulants"},
      {"myofascial_release", PrecautionAction::kModify, "anticoagulants", "gentle traction only"},
      {"myofascial_release", PrecautionAction::kDisable, "open_wound", "not over the wound"},
  };
  EXPECT_EQ(result->restrictions, restrictions);
  EXPECT_TRUE(AllowsTreatment(result->decision));
}

TEST(ScreenTest, SciaticSignsAreTrackedNotARefusal) {
  const std::vector<Finding> findings = {{"leg_numbness", std::nullopt},
                                         {"radiating_leg_pain", std::nullopt}};
  Result<ScreeningResult> result = Screen(TestProtocol(), findings);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->decision, Decision::kClear);
  EXPECT_TRUE(AllowsTreatment(result->decision));
  EXPECT_EQ(result->tracked_signs,
            (std::vector<std::string>{"leg_numbness", "radiating_leg_pain"}));
}

TEST(ScreenTest, AllowsTreatment) {
  EXPECT_TRUE(AllowsTreatment(Decision::kClear));
  EXPECT_TRUE(AllowsTreatment(Decision::kAvoidArea));
  EXPECT_TRUE(AllowsTreatment(Decision::kModify));
  EXPECT_FALSE(AllowsTreatment(Decision::kMedicalReview));
  EXPECT_FALSE(AllowsTreatment(Decision::kReferUrgent));
  EXPECT_FALSE(AllowsTreatment(Decision::kReferEmergency));
}

TEST(ScreenTest, InvalidFindingsAreAllReportedByPath) {
  const std::vector<Finding> findings = {
      {"anticoagulants", "lower back"},
      {"open_wound", "right thigh"},
      {"broken_heart", std::nullopt},
      {"open_wound", ""},
      {"", std::nullopt},
  };
  ASSERT_ERROR_AND_ASSIGN(Error error, Screen(TestProtocol(), findings), ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "screening findings are invalid");
  const std::vector<FieldError> fields = {
      {"", "findings[0].area",
       "only avoid_area conditions take an area; 'anticoagulants' is modify"},
      {"", "findings[2].condition", "unknown condition 'broken_heart'"},
      {"", "findings[3].area", "expected a non-empty area"},
      {"", "findings[4].condition", "unknown condition ''"},
  };
  EXPECT_EQ(error.fields, fields);
  // The area text never appears in the error.
  EXPECT_EQ(error.ToString().find("lower back"), std::string::npos);
}

}  // namespace
}  // namespace backcare::screening
