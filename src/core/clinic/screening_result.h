// A stored intake screening: the condition ids found (core/screening/catalog.h) and the decision
// computed from them (screening::Decision; stored by its name: "clear", "modify", ...).
#ifndef BACKCARE_CORE_CLINIC_SCREENING_RESULT_H_
#define BACKCARE_CORE_CLINIC_SCREENING_RESULT_H_

#include <string>
#include <vector>

#include "core/base/ids.h"
#include "core/clinic/time.h"
#include "core/screening/catalog.h"

namespace backcare::clinic {

using ScreeningId = StrongId<struct ScreeningIdTag>;

struct ScreeningResult {
  ScreeningId id;  // assigned by the store
  ClinicId clinic_id;
  PatientId patient_id;
  // Condition ids, each non-empty and made of [a-z0-9_] only; order is kept.
  std::vector<std::string> condition_ids;
  screening::Decision decision = screening::Decision::kClear;
  UserId screened_by;
  Timestamp screened_at;
  friend bool operator==(const ScreeningResult&, const ScreeningResult&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_SCREENING_RESULT_H_
