// The home program of a course: which protocol exercises a patient was assigned from when, and
// the patient's daily adherence entries (one per patient, date and exercise).
#ifndef BACKCARE_CORE_CLINIC_HOME_PROGRAM_H_
#define BACKCARE_CORE_CLINIC_HOME_PROGRAM_H_

#include <optional>
#include <string>
#include <vector>

#include "core/base/ids.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

using AssignmentId = StrongId<struct AssignmentIdTag>;

struct HomeProgramAssignment {
  AssignmentId id;  // assigned by the store
  ClinicId clinic_id;
  PatientId patient_id;
  CourseId course_id;  // must belong to patient_id
  // Protocol exercise ids, each non-empty and made of [a-z0-9_] only; order is kept.
  std::vector<std::string> exercise_ids;
  Date start_date;
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const HomeProgramAssignment&, const HomeProgramAssignment&) = default;
};

enum class Completion { kNotDone, kDone };

// Keyed by (clinic, patient, date, exercise_id): writing the same key again replaces it.
struct AdherenceEntry {
  ClinicId clinic_id;
  PatientId patient_id;
  Date date;
  std::string exercise_id;  // non-empty
  Completion completion = Completion::kNotDone;
  std::string note;  // free text from the patient; may be empty
  // How much the exercise hurt, 0 (no pain) .. 10 (worst imaginable), as the patient rated it;
  // nullopt when not rated. Stores refuse other values (CHECK 0..10).
  std::optional<int> pain_rating{};
  // When the store last wrote this record; set by the store on every insert and update;
  // ignored on input.
  Timestamp updated_at{};
  friend bool operator==(const AdherenceEntry&, const AdherenceEntry&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_HOME_PROGRAM_H_
