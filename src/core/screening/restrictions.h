// What a patient's screening findings do to the protocol's techniques: which are disabled and
// which are allowed with a modification. The planner copies these onto every planned session and
// session notes refuse a disabled technique.
#ifndef BACKCARE_CORE_SCREENING_RESTRICTIONS_H_
#define BACKCARE_CORE_SCREENING_RESTRICTIONS_H_

#include <span>
#include <string>
#include <vector>

#include "core/protocol/protocol.h"

namespace backcare::screening {

struct TechniqueRestriction {
  std::string technique_id;
  protocol::PrecautionAction action = protocol::PrecautionAction::kDisable;
  std::string condition;  // the screening condition id that caused it
  std::string note;       // the modification to apply (kModify), or why it is disabled
  // kModify in checkable form, from the protocol's precaution (protocol::Precaution).
  std::string max_pressure{};              // a session::Pressure name; empty = no limit
  std::vector<std::string> avoid_areas{};  // areas not to be worked on
  friend bool operator==(const TechniqueRestriction&, const TechniqueRestriction&) = default;
};

// For each condition id present (catalog.h): the technique precautions the protocol lists for it,
// plus, for any condition whose decision is kModify, every technique with deep_pressure = true
// disabled. One entry per (technique, condition), ordered by technique order in the protocol then
// condition order in `condition_ids`; a kDisable wins over a kModify for the same pair.
std::vector<TechniqueRestriction> RestrictTechniques(const protocol::Protocol& protocol,
                                                     std::span<const std::string> condition_ids);

}  // namespace backcare::screening

#endif  // BACKCARE_CORE_SCREENING_RESTRICTIONS_H_
