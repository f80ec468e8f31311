#include "core/clinic/import_row.h"

namespace backcare::clinic {
PatientKey KeyOf(const Patient& patient) {
  return {patient.email, patient.family_name, patient.given_name, patient.date_of_birth};
}

}  // namespace backcare::clinic
