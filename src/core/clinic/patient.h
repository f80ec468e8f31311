// A patient of a clinic. Patients are never erased: deleting one is a soft delete that records
// who deleted the record, when, why, and how long it must be retained (clinical records are legal
// records). A soft-deleted patient is hidden from lists but still readable by id.
#ifndef BACKCARE_CORE_CLINIC_PATIENT_H_
#define BACKCARE_CORE_CLINIC_PATIENT_H_

#include <optional>
#include <string>

#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

// Why and until when a soft-deleted patient's records are kept.
struct RetentionRecord {
  Timestamp deleted_at;
  UserId deleted_by;
  std::string reason;  // e.g. "patient request"; non-empty
  Date retain_until;   // records may be purged only after this date
  friend bool operator==(const RetentionRecord&, const RetentionRecord&) = default;
};

struct Patient {
  PatientId id;  // assigned by the store
  ClinicId clinic_id;
  std::string given_name;
  std::string family_name;  // non-empty
  Date date_of_birth;       // must be ok()
  std::string phone;        // may be empty
  std::string email;        // may be empty
  // Set by ClinicStore::SoftDeletePatient; the patient counts as deleted when present.
  std::optional<RetentionRecord> deletion;
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const Patient&, const Patient&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_PATIENT_H_
