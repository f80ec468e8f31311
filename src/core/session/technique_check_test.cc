#include "core/session/technique_check.h"

#include <gtest/gtest.h>

#include <vector>

#include "testing/status_matchers.h"

namespace backcare::session {
namespace {

using screening::TechniqueRestriction;

// The article's three techniques with the parameters the checks read.
protocol::Protocol ArticleTechniques() {
  protocol::Protocol p;
  p.id = "deep-tissue";
  p.version = 2;
  protocol::Technique stripping;
  stripping.id = "muscle_stripping";
  stripping.direction = "sacrum_to_neck";
  protocol::Technique trigger;
  trigger.id = "trigger_point";
  trigger.hold_seconds = protocol::IntRange{60, 90};
  protocol::Technique release;
  release.id = "myofascial_release";
  p.techniques = {stripping, trigger, release};
  return p;
}

TechniqueLog ByTheProtocol() {
  TechniqueLog log;
  log.strip_passes.push_back({"erector_spinae", Side::kBilateral, "sacrum_to_neck", 4});
  log.trigger_points.push_back({"quadratus_lumborum", Side::kLeft, 60});
  log.trigger_points.push_back({"quadratus_lumborum", Side::kRight, 90});
  log.release_areas.push_back({"thoracolumbar_fascia", 10});
  log.pressure = Pressure::kDeep;
  return log;
}

TEST(TechniqueCheckTest, ALogWithinTheProtocolPasses) {
  EXPECT_TRUE(ProtocolDeviations(ByTheProtocol(), ArticleTechniques()).empty());
  EXPECT_OK(CheckTechniqueLog(ByTheProtocol(), ArticleTechniques(), {}, ""));
}

TEST(TechniqueCheckTest, HoldsOutsideTheRangeAndStrippingAgainstTheGrainAreDeviations) {
  TechniqueLog log = ByTheProtocol();
  log.trigger_points[0].hold_seconds = 45;
  log.trigger_points[1].hold_seconds = 120;
  log.strip_passes[0].direction = "neck_to_sacrum";
  const std::vector<ProtocolDeviation> expected = {
      {"strip_passes[0]",
       "erector_spinae stripped neck_to_sacrum; the protocol strips sacrum_to_neck"},
      {"trigger_points[0]", "quadratus_lumborum held 45 s; the protocol holds 60-90 s"},
      {"trigger_points[1]", "quadratus_lumborum held 120 s; the protocol holds 60-90 s"},
  };
  EXPECT_EQ(ProtocolDeviations(log, ArticleTechniques()), expected);
  ASSERT_ERROR_AND_ASSIGN(Error error, CheckTechniqueLog(log, ArticleTechniques(), {}, ""),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "the technique log departs from protocol 'deep-tissue' version 2 (strip_passes[0]: "
            "erector_spinae stripped neck_to_sacrum; the protocol strips sacrum_to_neck; "
            "trigger_points[0]: quadratus_lumborum held 45 s; the protocol holds 60-90 s; "
            "trigger_points[1]: quadratus_lumborum held 120 s; the protocol holds 60-90 s): state "
            "a deviation_reason to keep it");
  // A stated reason keeps the log as entered.
  EXPECT_OK(CheckTechniqueLog(log, ArticleTechniques(), {}, "patient could not tolerate longer"));
}

TEST(TechniqueCheckTest, ADisabledTechniqueIsRefusedWhateverTheReason) {
  const std::vector<TechniqueRestriction> restrictions = {
      {"muscle_stripping", protocol::PrecautionAction::kDisable, "osteoporosis", "fracture risk"}};
  ASSERT_ERROR_AND_ASSIGN(
      Error error, CheckTechniqueLog(ByTheProtocol(), ArticleTechniques(), restrictions, "why"),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "technique 'muscle_stripping' is disabled for this patient (screening condition "
            "'osteoporosis')");
  TechniqueLog without = ByTheProtocol();
  without.strip_passes.clear();
  EXPECT_OK(CheckTechniqueLog(without, ArticleTechniques(), restrictions, ""));
}

TEST(TechniqueCheckTest, AnAvoidedAreaIsRefused) {
  const std::vector<TechniqueRestriction> restrictions = {
      {"trigger_point",
       protocol::PrecautionAction::kModify,
       "radiating_leg_pain",
       "no sustained pressure over the sciatic notch",
       "",
       {"sciatic_notch"}}};
  TechniqueLog log = ByTheProtocol();
  EXPECT_OK(CheckTechniqueLog(log, ArticleTechniques(), restrictions, ""));
  log.trigger_points.push_back({"sciatic_notch", Side::kLeft, 75});
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          CheckTechniqueLog(log, ArticleTechniques(), restrictions, "because"),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "trigger_points[2]: trigger_point on 'sciatic_notch' is restricted for this patient "
            "(screening condition 'radiating_leg_pain': no sustained pressure over the sciatic "
            "notch)");
  // The restriction is on trigger-point work: releasing the area is another technique.
  log.trigger_points.pop_back();
  log.release_areas.push_back({"sciatic_notch", 5});
  EXPECT_OK(CheckTechniqueLog(log, ArticleTechniques(), restrictions, ""));
}

TEST(TechniqueCheckTest, PressureAboveTheRestrictionsLimitIsRefused) {
  const std::vector<TechniqueRestriction> restrictions = {{"myofascial_release",
                                                           protocol::PrecautionAction::kModify,
                                                           "anticoagulants",
                                                           "light pressure only",
                                                           "light",
                                                           {}}};
  TechniqueLog log;
  log.release_areas.push_back({"thoracolumbar_fascia", 10});
  log.pressure = Pressure::kDeep;
  ASSERT_ERROR_AND_ASSIGN(Error error,
                          CheckTechniqueLog(log, ArticleTechniques(), restrictions, ""),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "pressure: 'deep' is firmer than 'light', the most myofascial_release may use for "
            "this patient (screening condition 'anticoagulants': light pressure only)");
  log.pressure = Pressure::kModerate;
  EXPECT_ERROR(CheckTechniqueLog(log, ArticleTechniques(), restrictions, ""),
               ErrorCode::kFailedPrecondition);
  log.pressure = Pressure::kLight;
  EXPECT_OK(CheckTechniqueLog(log, ArticleTechniques(), restrictions, ""));
  log.pressure.reset();  // not entered: nothing to refuse
  EXPECT_OK(CheckTechniqueLog(log, ArticleTechniques(), restrictions, ""));
}

}  // namespace
}  // namespace backcare::session
