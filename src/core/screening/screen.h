// Safety screening: a patient's findings (catalogue conditions, catalog.h) turned into one
// decision, the reasons for it, the sciatic signs to track, the areas to avoid, and the technique
// restrictions the protocol implies (restrictions.h). Pure; the caller stores the result.
//
// Rules: the decision is the most restrictive decision among the findings (kClear when there are
// none). Tracked signs (radiating_leg_pain, leg_numbness) are recorded and followed; their
// decision is kClear, so they never refuse treatment by themselves. Only kAvoidArea conditions
// take a body area; the areas to avoid are the distinct areas given, in order.
#ifndef BACKCARE_CORE_SCREENING_SCREEN_H_
#define BACKCARE_CORE_SCREENING_SCREEN_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/protocol/protocol.h"
#include "core/screening/catalog.h"
#include "core/screening/restrictions.h"

namespace backcare::screening {

// One thing found at screening: a catalogue condition id, and for avoid_area conditions
// optionally the body area concerned ("left calf").
struct Finding {
  std::string condition;
  std::optional<std::string> area;
  friend bool operator==(const Finding&, const Finding&) = default;
};

// One finding with what it means.
struct ScreeningReason {
  std::string condition;
  std::string label;
  Decision decision = Decision::kClear;
  std::optional<std::string> area;
  friend bool operator==(const ScreeningReason&, const ScreeningReason&) = default;
};

struct ScreeningResult {
  Decision decision = Decision::kClear;
  std::vector<ScreeningReason> reasons;            // one per finding, in input order
  std::vector<std::string> tracked_signs;          // distinct tracked-sign condition ids, in order
  std::vector<std::string> areas_to_avoid;         // distinct areas, in order
  std::vector<TechniqueRestriction> restrictions;  // RestrictTechniques(protocol, conditions)
};

// True when treatment may go ahead under `decision`: kClear, kAvoidArea and kModify. False for
// kMedicalReview, kReferUrgent and kReferEmergency.
bool AllowsTreatment(Decision decision);

// Screens `findings` against the catalogue and `protocol`'s technique precautions.
// Errors: kInvalidInput "screening findings are invalid" with one FieldError per problem, all
// collected (the area text is never echoed):
//   findings[1].condition  "unknown condition 'xyz'"
//   findings[0].area       "only avoid_area conditions take an area; 'anticoagulants' is modify"
//   findings[2].area       "expected a non-empty area"
Result<ScreeningResult> Screen(const protocol::Protocol& protocol,
                               std::span<const Finding> findings);

}  // namespace backcare::screening

#endif  // BACKCARE_CORE_SCREENING_SCREEN_H_
