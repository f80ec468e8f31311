// A therapist of a clinic: who sessions are booked with and who signs session notes.
#ifndef BACKCARE_CORE_CLINIC_THERAPIST_H_
#define BACKCARE_CORE_CLINIC_THERAPIST_H_

#include <string>

#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

enum class TherapistState { kActive, kInactive };

struct Therapist {
  TherapistId id;  // assigned by the store
  ClinicId clinic_id;
  std::string given_name;
  std::string family_name;     // non-empty
  std::string license_number;  // professional registration; may be empty
  TherapistState state = TherapistState::kActive;
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const Therapist&, const Therapist&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_THERAPIST_H_
