// Referral holds: while a patient's latest screening decision does not allow treatment
// (medical_review, refer_urgent, refer_emergency) the patient has an open referral, and every
// session of theirs is suspended. A suspended session keeps its status (booked sessions stay
// booked, so they are neither lost nor silently freed), but nothing clinical happens on it: it is
// not marked attended or missed, and no note is drafted, edited or signed for it, until a
// clinician records the referral's outcome: a medical clearance (with its date and source), which
// resolves the red flags, or the discontinuation of treatment. Pure; the caller loads the latest
// screening.
#ifndef BACKCARE_CORE_SCREENING_REFERRAL_H_
#define BACKCARE_CORE_SCREENING_REFERRAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/enum_names.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "core/screening/catalog.h"

namespace backcare::screening {

// How a referral ended. kNone on every screening that records no outcome.
enum class ReferralOutcome { kNone, kCleared, kDiscontinued };

inline constexpr EnumNames<ReferralOutcome, 3> kReferralOutcomeNames = {{
    {ReferralOutcome::kNone, "none"},
    {ReferralOutcome::kCleared, "cleared"},
    {ReferralOutcome::kDiscontinued, "discontinued"},
}};

std::string_view ReferralOutcomeName(ReferralOutcome outcome);
std::optional<ReferralOutcome> ParseReferralOutcome(std::string_view name);

// A clinician's record of a referral's outcome.
struct OutcomeRecord {
  ReferralOutcome outcome = ReferralOutcome::kNone;
  std::optional<clinic::Date> cleared_on{};  // kCleared: the date of the medical clearance
  std::string source{};                      // kCleared: who cleared ("GP, Dr Okafor")
  std::string note{};                        // kDiscontinued: why (required); kCleared: optional
};

inline constexpr std::size_t kMaxOutcomeTextLength = 500;

// True when `decision` opens a referral (the same decisions AllowsTreatment refuses).
bool OpensReferral(Decision decision);

// OK when the patient's latest screening (`screening_id`, `decision`) allows treatment.
// Otherwise kFailedPrecondition naming the subject, the action and the referral, e.g.
//   "session 12 is suspended and cannot be marked attended: patient 3 has an open referral
//    (screening 7 decided 'refer_emergency') until its outcome is recorded (medical clearance or
//    discontinuation)"
// `subject` is the record ("session 12"), `action` what was asked ("be marked attended").
Status CheckNotSuspended(std::string_view subject, std::string_view action, std::int64_t patient_id,
                         std::int64_t screening_id, Decision decision);

// Checks `record` against the patient's latest screening (`screening_id`, `decision`, taken on
// `referred_on`) and the clinic's `today`. Errors:
//   kFailedPrecondition "patient 3 has no open referral (screening 7 decided 'modify')"
//   kInvalidInput "referral outcome is invalid", one FieldError per problem:
//     outcome     "expected 'cleared' or 'discontinued'"
//     cleared_on  "expected the date of the medical clearance" / "2026-12-09 is after today
//                 (2026-12-05)" / "2026-11-01 is before the referral (2026-11-20)"
//     source      "expected who gave the clearance" / "expected at most 500 characters"
//     note        "expected why treatment is discontinued" / "expected at most 500 characters"
Status CheckReferralOutcome(const OutcomeRecord& record, std::int64_t patient_id,
                            std::int64_t screening_id, Decision decision, clinic::Date referred_on,
                            clinic::Date today);

}  // namespace backcare::screening

#endif  // BACKCARE_CORE_SCREENING_REFERRAL_H_
