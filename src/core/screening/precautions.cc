#include "core/screening/precautions.h"

#include <algorithm>

#include "core/screening/catalog.h"

namespace backcare::screening {

Precautions PrecautionsFor(const protocol::Protocol& protocol, std::span<const Finding> findings) {
  Precautions precautions;
  std::vector<std::string> condition_ids;
  condition_ids.reserve(findings.size());
  for (const Finding& finding : findings) {
    condition_ids.push_back(finding.condition);
    const Condition* condition = FindCondition(finding.condition);
    if (condition == nullptr || condition->decision != Decision::kAvoidArea) {
      continue;
    }
    AreaToAvoid area{finding.condition, finding.area};
    if (std::find(precautions.areas_to_avoid.begin(), precautions.areas_to_avoid.end(), area) ==
        precautions.areas_to_avoid.end()) {
      precautions.areas_to_avoid.push_back(std::move(area));
    }
  }
  precautions.restrictions = RestrictTechniques(protocol, condition_ids);
  return precautions;
}

}  // namespace backcare::screening
