#include "core/screening/referral.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::screening {
namespace {

TEST(ReferralTest, OnlyDecisionsThatRefuseTreatmentOpenAReferral) {
  EXPECT_FALSE(OpensReferral(Decision::kClear));
  EXPECT_FALSE(OpensReferral(Decision::kAvoidArea));
  EXPECT_FALSE(OpensReferral(Decision::kModify));
  EXPECT_TRUE(OpensReferral(Decision::kMedicalReview));
  EXPECT_TRUE(OpensReferral(Decision::kReferUrgent));
  EXPECT_TRUE(OpensReferral(Decision::kReferEmergency));
}

TEST(ReferralTest, AnOpenReferralSuspendsTheSessionAndNamesIt) {
  EXPECT_OK(CheckNotSuspended("session 12", "be marked attended", 3, 7, Decision::kModify));
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      CheckNotSuspended("session 12", "be marked attended", 3, 7, Decision::kReferEmergency),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(
      error.message,
      "session 12 is suspended and cannot be marked attended: patient 3 has an open "
      "referral (screening 7 decided 'refer_emergency') until a screening allows treatment again");
}

}  // namespace
}  // namespace backcare::screening
