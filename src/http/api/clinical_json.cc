// JSON for a patient's clinical precautions (dto.h): the technique restrictions and the areas to
// avoid, shared by the patient chart, note reads and schedule reads.
#include <string>
#include <vector>

#include "http/api/dto.h"

namespace backcare::http::api {

Json RestrictionsJson(const std::vector<screening::TechniqueRestriction>& restrictions) {
  Json out = Json::array();
  for (const screening::TechniqueRestriction& restriction : restrictions) {
    out.push_back(
        {{"technique_id", restriction.technique_id},
         {"action",
          restriction.action == protocol::PrecautionAction::kDisable ? "disable" : "modify"},
         {"condition", restriction.condition},
         {"note", restriction.note}});
  }
  return out;
}

Json AreasToAvoidJson(const std::vector<screening::AreaToAvoid>& areas) {
  Json out = Json::array();
  for (const screening::AreaToAvoid& area : areas) {
    out.push_back({{"condition", area.condition}, {"area", area.area ? Json(*area.area) : Json()}});
  }
  return out;
}

Json PrecautionsJson(const screening::Precautions& precautions) {
  return {{"restrictions", RestrictionsJson(precautions.restrictions)},
          {"areas_to_avoid", AreasToAvoidJson(precautions.areas_to_avoid)}};
}

}  // namespace backcare::http::api
