// The rows of a CSV import (`backcare import csv`, docs/csv.md) as values: what the codec
// (src/exchange/csv) reads from a file and the import use cases (src/app/csv_import.h) check
// against the store and write. Each row keeps the line it came from, so every problem names it.
// Patients are referred to by their natural key, never by an id of the database that exported
// the file: an export imports into another clinic, whose ids differ.
#ifndef BACKCARE_CORE_CLINIC_IMPORT_ROW_H_
#define BACKCARE_CORE_CLINIC_IMPORT_ROW_H_

#include <optional>
#include <string>

#include "core/clinic/course.h"
#include "core/clinic/patient.h"
#include "core/clinic/response.h"
#include "core/clinic/session.h"
#include "core/clinic/time.h"

namespace backcare::clinic {

// A patient's natural key within a clinic: the email when there is one, else family name, given
// name and date of birth.
struct PatientKey {
  std::string email;
  std::string family_name;
  std::string given_name;
  Date date_of_birth;
  friend bool operator==(const PatientKey&, const PatientKey&) = default;
};

// The key of `patient` (its email, names and date of birth).
PatientKey KeyOf(const Patient& patient);

struct PatientImportRow {
  int line = 0;
  Patient patient;  // id, clinic_id and deletion unset
};

// A session with the course it belongs to: the course is found by patient, protocol and start
// date, or created (status `course_status`) when the patient has none such.
struct SessionImportRow {
  int line = 0;
  PatientKey patient;
  std::string protocol_id;
  int protocol_version = 0;
  Date course_start_date;
  CourseStatus course_status = CourseStatus::kActive;
  std::string therapist_license_number;  // the therapist, found by registration number
  Session session;                       // ids unset; start, end, status, phase_id
};

// A questionnaire response; its score is computed again from the answers on import.
struct ResponseImportRow {
  int line = 0;
  PatientKey patient;
  std::optional<Date> course_start_date;  // links the patient's course that starts on it
  QuestionnaireResponse response;         // ids and score unset; instrument, answers, ...
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_IMPORT_ROW_H_
