#include "core/screening/screen.h"

#include <algorithm>
#include <string>

namespace backcare::screening {
namespace {

template <typename T>
void AppendIfAbsent(std::vector<T>& values, const T& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

}  // namespace

bool AllowsTreatment(Decision decision) {
  switch (decision) {
    case Decision::kClear:
    case Decision::kAvoidArea:
    case Decision::kModify:
      return true;
    case Decision::kMedicalReview:
    case Decision::kReferUrgent:
    case Decision::kReferEmergency:
      return false;
  }
  return false;
}

Result<ScreeningResult> Screen(const protocol::Protocol& protocol,
                               std::span<const Finding> findings) {
  std::vector<FieldError> errors;
  ScreeningResult result;
  std::vector<std::string> condition_ids;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    const std::string path = "findings[" + std::to_string(i) + "]";
    const Condition* condition = FindCondition(finding.condition);
    if (condition == nullptr) {
      errors.push_back({"", path + ".condition", "unknown condition '" + finding.condition + "'"});
      continue;
    }
    if (finding.area.has_value()) {
      if (condition->decision != Decision::kAvoidArea) {
        errors.push_back({"", path + ".area",
                          "only avoid_area conditions take an area; '" + finding.condition +
                              "' is " + std::string(DecisionName(condition->decision))});
        continue;
      }
      if (finding.area->empty()) {
        errors.push_back({"", path + ".area", "expected a non-empty area"});
        continue;
      }
    }
    result.decision = std::max(result.decision, condition->decision);
    result.reasons.push_back(ScreeningReason{finding.condition, std::string(condition->label),
                                             condition->decision, finding.area});
    if (condition->tracked_sign) AppendIfAbsent(result.tracked_signs, finding.condition);
    if (finding.area.has_value()) AppendIfAbsent(result.areas_to_avoid, *finding.area);
    AppendIfAbsent(condition_ids, finding.condition);
  }
  if (!errors.empty()) return InvalidInput("screening findings are invalid", std::move(errors));
  result.restrictions = RestrictTechniques(protocol, condition_ids);
  return result;
}

}  // namespace backcare::screening
