#include "core/screening/referral.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
  EXPECT_EQ(error.message,
            "session 12 is suspended and cannot be marked attended: patient 3 has an open "
            "referral (screening 7 decided 'refer_emergency') until its outcome is recorded "
            "(medical clearance or discontinuation)");
}

clinic::Date D(int y, unsigned m, unsigned d) {
  return clinic::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TEST(ReferralTest, AClearanceNeedsItsDateWithinTheReferralAndItsSource) {
  const clinic::Date referred = D(2026, 11, 20);
  const clinic::Date today = D(2026, 12, 5);
  OutcomeRecord ok{ReferralOutcome::kCleared, D(2026, 12, 1), "GP, Dr Okafor", ""};
  EXPECT_OK(CheckReferralOutcome(ok, 3, 7, Decision::kReferUrgent, referred, today));
  ok.cleared_on = referred;  // the same day as the referral, and today, are both fine
  EXPECT_OK(CheckReferralOutcome(ok, 3, 7, Decision::kMedicalReview, referred, today));
  ok.cleared_on = today;
  EXPECT_OK(CheckReferralOutcome(ok, 3, 7, Decision::kReferEmergency, referred, today));

  struct Case {
    OutcomeRecord record;
    FieldError error;
  };
  const std::vector<Case> cases = {
      {{ReferralOutcome::kCleared, std::nullopt, "GP", ""},
       {"", "cleared_on", "expected the date of the medical clearance"}},
      {{ReferralOutcome::kCleared, D(2026, 12, 9), "GP", ""},
       {"", "cleared_on", "2026-12-09 is after today (2026-12-05)"}},
      {{ReferralOutcome::kCleared, D(2026, 11, 1), "GP", ""},
       {"", "cleared_on", "2026-11-01 is before the referral (2026-11-20)"}},
      {{ReferralOutcome::kCleared, D(2026, 12, 1), "", ""},
       {"", "source", "expected who gave the clearance"}},
      {{ReferralOutcome::kCleared, D(2026, 12, 1), std::string(501, 's'), ""},
       {"", "source", "expected at most 500 characters"}},
      {{ReferralOutcome::kDiscontinued, std::nullopt, "", ""},
       {"", "note", "expected why treatment is discontinued"}},
      {{ReferralOutcome::kNone, std::nullopt, "", ""},
       {"", "outcome", "expected 'cleared' or 'discontinued'"}},
  };
  for (const Case& c : cases) {
    ASSERT_ERROR_AND_ASSIGN(
        Error error, CheckReferralOutcome(c.record, 3, 7, Decision::kReferUrgent, referred, today),
        ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, "referral outcome is invalid");
    EXPECT_EQ(error.fields, std::vector<FieldError>{c.error}) << c.error.message;
  }
  const OutcomeRecord stop{ReferralOutcome::kDiscontinued, std::nullopt, "", "patient declined"};
  EXPECT_OK(CheckReferralOutcome(stop, 3, 7, Decision::kReferUrgent, referred, today));
}

TEST(ReferralTest, ThereIsNoOutcomeWithoutAnOpenReferral) {
  const OutcomeRecord ok{ReferralOutcome::kCleared, D(2026, 12, 1), "GP", ""};
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      CheckReferralOutcome(ok, 3, 7, Decision::kModify, D(2026, 11, 1), D(2026, 12, 5)),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message, "patient 3 has no open referral (screening 7 decided 'modify')");
  EXPECT_EQ(ReferralOutcomeName(ReferralOutcome::kCleared), "cleared");
  EXPECT_EQ(ParseReferralOutcome("discontinued"), ReferralOutcome::kDiscontinued);
  EXPECT_EQ(ParseReferralOutcome("Cleared"), std::nullopt);
}

}  // namespace
}  // namespace backcare::screening
