// A patient's precautions: what every clinical read of the patient (chart, note, session) shows
// the therapist, computed from the findings active after the latest screening. The technique
// restrictions the protocol implies (restrictions.h) plus the areas to avoid, each with the
// condition that named it, so an avoid_area finding's area text is never lost. Pure.
#ifndef BACKCARE_CORE_SCREENING_PRECAUTIONS_H_
#define BACKCARE_CORE_SCREENING_PRECAUTIONS_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/protocol/protocol.h"
#include "core/screening/restrictions.h"
#include "core/screening/screen.h"

namespace backcare::screening {

// One body area not to be worked on, and the avoid_area condition that named it.
struct AreaToAvoid {
  std::string condition;            // e.g. "skin_lesion"
  std::optional<std::string> area;  // e.g. "left flank"; nullopt when none was given
  friend bool operator==(const AreaToAvoid&, const AreaToAvoid&) = default;
};

struct Precautions {
  std::vector<TechniqueRestriction> restrictions;  // RestrictTechniques over the findings
  std::vector<AreaToAvoid> areas_to_avoid;         // avoid_area findings, distinct, in order
  friend bool operator==(const Precautions&, const Precautions&) = default;
};

// The precautions for `findings` (already validated, e.g. ActiveFindings of a stored screening)
// under `protocol`. Findings whose condition is not an avoid_area condition give no area, and
// unknown conditions give none; an avoid_area finding without area text gives an entry with
// nullopt area (the whole condition still calls for care). Never fails.
Precautions PrecautionsFor(const protocol::Protocol& protocol, std::span<const Finding> findings);

}  // namespace backcare::screening

#endif  // BACKCARE_CORE_SCREENING_PRECAUTIONS_H_
