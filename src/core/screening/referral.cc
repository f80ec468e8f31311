#include "core/screening/referral.h"

#include <string>

#include "core/screening/screen.h"

namespace backcare::screening {

bool OpensReferral(Decision decision) { return !AllowsTreatment(decision); }

Status CheckNotSuspended(std::string_view subject, std::string_view action, std::int64_t patient_id,
                         std::int64_t screening_id, Decision decision) {
  if (!OpensReferral(decision)) {
    return OkStatus();
  }
  return FailedPrecondition(std::string(subject) + " is suspended and cannot " +
                            std::string(action) + ": patient " + std::to_string(patient_id) +
                            " has an open referral (screening " + std::to_string(screening_id) +
                            " decided '" + std::string(DecisionName(decision)) +
                            "') until a screening allows treatment again");
}

}  // namespace backcare::screening
