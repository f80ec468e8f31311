#include "core/clinic/patient_search.h"

#include <gtest/gtest.h>

namespace backcare::clinic {
namespace {

Patient Ada() {
  Patient patient;
  patient.given_name = "Ada";
  patient.family_name = "O'Neill-Alpha";
  patient.date_of_birth = Date{std::chrono::year{1980}, std::chrono::month{1}, std::chrono::day{2}};
  patient.phone = "+44 (0)7700 900-123";
  return patient;
}

TEST(PatientSearchTest, Table) {
  struct Case {
    const char* query;
    bool matches;
  };
  const Case cases[] = {
      {"", true},          {"   ", true},        {"ada", true},        {"ADA", true},
      {"o'neill", true},   {"ada o'n", true},  // every word must match
      {"ada beta", false},                     // one word does not
      {"da", false},                           // names match from their start
      {"alpha", false},                        // the family name's start, not a later part
      {"1980", true},      {"1980-01", true},    {"1980-01-02", true}, {"1980-02", false},
      {"07700", true},  // 5+ digits anywhere in the phone, punctuation ignored
      {"900123", true},    {"7700900123", true}, {"0770", false},  // too short for a phone, and not
                                                                   // the date of birth
      {"12345", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MatchesPatientSearch(Ada(), c.query), c.matches) << "'" << c.query << "'";
  }
}

}  // namespace
}  // namespace backcare::clinic
