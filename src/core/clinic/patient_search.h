// The patient list's search: which patients a front-desk query such as "ada alp", "1980-01-02",
// "1980-01" or "07700 900123" finds. Pure; the patient service filters with it.
#ifndef BACKCARE_CORE_CLINIC_PATIENT_SEARCH_H_
#define BACKCARE_CORE_CLINIC_PATIENT_SEARCH_H_

#include <string_view>

#include "core/clinic/patient.h"

namespace backcare::clinic {

// True when every word of `query` (split at spaces) matches the patient: a word with a letter
// matches the start of the given or family name (case-insensitive, ASCII); a word of digits and
// dashes matches the start of the date of birth ("1980", "1980-01-02"); a word of 5 or more digits
// (spaces, dashes, dots, '+', parentheses ignored in both) also matches anywhere in the phone
// number. A blank query matches everyone.
bool MatchesPatientSearch(const Patient& patient, std::string_view query);

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_PATIENT_SEARCH_H_
