// A patient's findings across screenings. A re-screen adds to the record: every finding still
// active at the previous screening stays active unless the clinician resolves it explicitly (who
// and why are stored with the screening), so an empty re-screen never erases an anticoagulant or
// a red flag. A red flag (a condition whose decision stops treatment) is not resolved this way: it
// closes when the referral's outcome is recorded (referral.h). Pure.
#ifndef BACKCARE_CORE_SCREENING_FINDINGS_H_
#define BACKCARE_CORE_SCREENING_FINDINGS_H_

#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/screening/screen.h"

namespace backcare::screening {

// A clinician resolving a finding that is no longer present: the condition id and why.
struct Resolution {
  std::string condition;
  std::string reason;
};

inline constexpr std::size_t kMaxReasonLength = 500;

// The findings active after a re-screen: the `active` ones in their order, then the newly `found`
// ones not already active (a finding is its condition and area: a second skin lesion on another
// area is a second finding), without those whose condition is `resolved`.
// Errors (nothing is resolved unless every resolution is valid):
//   kInvalidInput "screening resolutions are invalid", one FieldError per problem:
//     resolved[i].condition  "'x' is not an active finding"
//     resolved[i].condition  "'x' is both found and resolved"
//     resolved[i].condition  "'x' is resolved twice"
//     resolved[i].reason     "expected a reason" / "expected at most 500 characters"
//   kFailedPrecondition "'cauda_equina_signs' is a red flag: it is closed by recording the
//     referral's outcome (medical clearance or discontinuation), not by a re-screen"
Result<std::vector<Finding>> CarryForward(std::span<const Finding> active,
                                          std::span<const Finding> found,
                                          std::span<const Resolution> resolved);

// The findings of a medical clearance: `active` without its red flags, and the red flags'
// condition ids (what the clearance resolves), both in order.
struct Cleared {
  std::vector<Finding> remaining;
  std::vector<std::string> resolved_ids;
};
Cleared ClearRedFlags(std::span<const Finding> active);

// True when `condition` is a catalogue condition whose decision stops treatment.
bool IsRedFlag(std::string_view condition);

}  // namespace backcare::screening

#endif  // BACKCARE_CORE_SCREENING_FINDINGS_H_
