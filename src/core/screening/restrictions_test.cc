#include "core/screening/restrictions.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
                     {"anticoagulants", PrecautionAction::kModify, "a second note is ignored"}}),
  };
  return protocol;
}

constexpr const char* kDeepAnticoagulants =
    "deep pressure is disabled under a 'modify' decision: Takes anticoagulants";

struct Case {
  const char* name;
  std::vector<std::string> conditions;
  std::vector<TechniqueRestriction> expected;
};

TEST(RestrictTechniquesTest, Table) {
  const std::vector<Case> cases = {
      {"no conditions", {}, {}},
      {"a clear condition with no precaution", {"leg_numbness"}, {}},
      {"a modify decision disables every deep-pressure technique",
       {"anticoagulants"},
       {{"muscle_stripping", PrecautionAction::kDisable, "anticoagulants", kDeepAnticoagulants},
        {"trigger_point", PrecautionAction::kDisable, "anticoagulants", kDeepAnticoagulants},
        {"myofascial_release", PrecautionAction::kModify, "anticoagulants",
         "gentle traction only"}}},
      {"a protocol kModify precaution on a clear condition",
       {"radiating_leg_pain"},
       {{"muscle_stripping", PrecautionAction::kModify, "radiating_leg_pain",
         "avoid the sciatic notch"}}},
      {"the deep-pressure disable wins over the protocol's kModify for the same pair",
       {"osteoporosis"},
       {{"muscle_stripping", PrecautionAction::kDisable, "osteoporosis",
         "deep pressure is disabled under a 'modify' decision: Osteoporosis"},
        {"trigger_point", PrecautionAction::kDisable, "osteoporosis",
         "deep pressure is disabled under a 'modify' decision: Osteoporosis"}}},
      {"a protocol kDisable wins over its kModify; an empty note is explained",
       {"varicose_veins", "pregnancy"},
       {{"muscle_stripping", PrecautionAction::kDisable, "pregnancy",
         "deep pressure is disabled under a 'modify' decision: Pregnancy"},
        {"trigger_point", PrecautionAction::kDisable, "varicose_veins", "no holds near veins"},
        {"trigger_point", PrecautionAction::kDisable, "pregnancy",
         "disabled by the protocol for: Pregnancy"}}},
      {"ordered by technique, then by condition order in the input",
       {"radiating_leg_pain", "anticoagulants"},
       {{"muscle_stripping", PrecautionAction::kModify, "radiating_leg_pain",
         "avoid the sciatic notch"},
        {"muscle_stripping", PrecautionAction::kDisable, "anticoagulants", kDeepAnticoagulants},
        {"trigger_point", PrecautionAction::kDisable, "anticoagulants", kDeepAnticoagulants},
        {"myofascial_release", PrecautionAction::kModify, "anticoagulants",
         "gentle traction only"}}},
      {"duplicates give one entry per pair; unknown ids are skipped",
       {"anticoagulants", "not_a_condition", "anticoagulants"},
       {{"muscle_stripping", PrecautionAction::kDisable, "anticoagulants", kDeepAnticoagulants},
        {"trigger_point", PrecautionAction::kDisable, "anticoagulants", kDeepAnticoagulants},
        {"myofascial_release", PrecautionAction::kModify, "anticoagulants",
         "gentle traction only"}}},
  };
  const protocol::Protocol protocol = TestProtocol();
  for (const Case& c : cases) {
    EXPECT_EQ(RestrictTechniques(protocol, c.conditions), c.expected) << c.name;
  }
}

}  // namespace
}  // namespace backcare::screening
