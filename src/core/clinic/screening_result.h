// A stored screening: the findings active after it (condition ids, core/screening/catalog.h, with
// the body area given for each), the decision computed from them (screening::Decision; stored by
// its name: "clear", "modify", ...), the findings it resolved and why, and, when it records the
// outcome of a referral, that outcome. A patient's screenings are kept, never rewritten: each one
// carries the previous findings forward (core/screening/findings.h).
#ifndef BACKCARE_CORE_CLINIC_SCREENING_RESULT_H_
#define BACKCARE_CORE_CLINIC_SCREENING_RESULT_H_

#include <optional>
#include <string>
#include <vector>

#include "core/base/ids.h"
#include "core/clinic/time.h"
#include "core/screening/catalog.h"
#include "core/screening/referral.h"

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
  // The body area of each condition ("" when none), aligned with condition_ids; empty when no
  // condition has an area.
  std::vector<std::string> areas{};
  // Conditions active before this screening that it resolved, each an identifier like
  // condition_ids, and the clinician's reason (for a referral outcome: its note).
  std::vector<std::string> resolved_ids{};
  std::string note{};
  screening::ReferralOutcome outcome = screening::ReferralOutcome::kNone;
  std::optional<Date> cleared_on{};  // kCleared: the date of the medical clearance
  std::string clearance_source{};    // kCleared: who cleared the patient ("GP, Dr Okafor")
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const ScreeningResult&, const ScreeningResult&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_SCREENING_RESULT_H_
