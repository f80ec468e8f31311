// A clinic closure: whole days (a holiday, a refurbishment) on which the clinic is closed. The
// planner leaves them free when it places a course and a booking on one is refused
// (core/plan/closure_rules.h). Closures are added and deleted, never edited.
#ifndef BACKCARE_CORE_CLINIC_CLOSURE_H_
#define BACKCARE_CORE_CLINIC_CLOSURE_H_

#include <optional>
#include <string>

#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

struct ClinicClosure {
  ClosureId id;  // assigned by the store
  ClinicId clinic_id;
  Date first_day;      // the clinic's civil dates, both included
  Date last_day;       // not before first_day
  std::string reason;  // non-empty, e.g. "Christmas"; shown to staff and in booking refusals
  std::optional<UserId> created_by;  // the user who added it; unset for the system
  Timestamp created_at;
  friend bool operator==(const ClinicClosure&, const ClinicClosure&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_CLOSURE_H_
