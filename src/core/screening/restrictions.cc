#include "core/screening/restrictions.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "core/screening/catalog.h"

namespace backcare::screening {
namespace {

// The distinct catalogue conditions in `condition_ids`, in first-seen order. Ids not in the
// catalogue are skipped: Screen (screen.h) rejects them before this is reached.
std::vector<const Condition*> KnownConditions(std::span<const std::string> condition_ids) {
  std::vector<const Condition*> conditions;
  for (const std::string& id : condition_ids) {
    const Condition* condition = FindCondition(id);
    if (condition == nullptr) continue;
    if (std::find(conditions.begin(), conditions.end(), condition) != conditions.end()) continue;
    conditions.push_back(condition);
  }
  return conditions;
}

// The restriction for one (technique, condition) pair, or nullopt when there is none.
std::optional<TechniqueRestriction> RestrictionFor(const protocol::Technique& technique,
                                                   const Condition& condition) {
  std::optional<TechniqueRestriction> restriction;
  for (const protocol::Precaution& precaution : technique.precautions) {
    if (precaution.condition != condition.id) continue;
    if (precaution.action == protocol::PrecautionAction::kDisable) {
      std::string note = precaution.note.empty()
                             ? "disabled by the protocol for: " + std::string(condition.label)
                             : precaution.note;
      return TechniqueRestriction{technique.id, protocol::PrecautionAction::kDisable,
                                  std::string(condition.id), std::move(note)};
    }
    if (!restriction.has_value()) {  // the first kModify's note stands
      restriction = TechniqueRestriction{technique.id,
                                         protocol::PrecautionAction::kModify,
                                         std::string(condition.id),
                                         precaution.note,
                                         precaution.max_pressure,
                                         precaution.avoid_areas};
    }
  }
  if (condition.decision == Decision::kModify && technique.deep_pressure) {
    return TechniqueRestriction{
        technique.id, protocol::PrecautionAction::kDisable, std::string(condition.id),
        "deep pressure is disabled under a 'modify' decision: " + std::string(condition.label)};
  }
  return restriction;
}

}  // namespace

std::vector<TechniqueRestriction> RestrictTechniques(const protocol::Protocol& protocol,
                                                     std::span<const std::string> condition_ids) {
  const std::vector<const Condition*> conditions = KnownConditions(condition_ids);
  std::vector<TechniqueRestriction> restrictions;
  for (const protocol::Technique& technique : protocol.techniques) {
    for (const Condition* condition : conditions) {
      std::optional<TechniqueRestriction> restriction = RestrictionFor(technique, *condition);
      if (restriction.has_value()) restrictions.push_back(std::move(*restriction));
    }
  }
  return restrictions;
}

}  // namespace backcare::screening
