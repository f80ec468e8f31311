#include "core/clinic/patient_search.h"

#include <string>

namespace backcare::clinic {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[i]) != Lower(prefix[i])) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string DigitsOf(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (IsDigit(c)) digits += c;
  }
  return digits;
}

bool MatchesWord(const Patient& patient, std::string_view word) {
  bool letter = false;
  bool date_like = true;  // digits and dashes only
  for (char c : word) {
    letter = letter || (Lower(c) >= 'a' && Lower(c) <= 'z');
    date_like = date_like && (IsDigit(c) || c == '-');
  }
  if (letter) {
    return StartsWithNoCase(patient.given_name, word) ||
           StartsWithNoCase(patient.family_name, word);
  }
  if (date_like && FormatDate(patient.date_of_birth).starts_with(word)) return true;
  const std::string digits = DigitsOf(word);
  return digits.size() >= 5 && DigitsOf(patient.phone).find(digits) != std::string::npos;
}

}  // namespace

bool MatchesPatientSearch(const Patient& patient, std::string_view query) {
  while (!query.empty()) {
    const std::size_t space = query.find(' ');
    const std::string_view word = query.substr(0, space);
    if (!word.empty() && !MatchesWord(patient, word)) return false;
    if (space == std::string_view::npos) break;
    query.remove_prefix(space + 1);
  }
  return true;
}

}  // namespace backcare::clinic
