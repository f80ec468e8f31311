// The password policy (CheckPasswordPolicy): length, the compiled-in list of common passwords
// (common_passwords.inc), the email's name, and zxcvbn's guess estimate.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "app/account_service.h"

#include <zxcvbn.h>

namespace backcare::app {
namespace {

constexpr std::string_view kCommonPasswords[] = {
#include "app/common_passwords.inc"
};

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// log2 of the guesses zxcvbn estimates an attacker needs for `password`, knowing the email's
// words. zxcvbn's cost grows with the length; its first 100 bytes are what it rates (as the
// reference implementations do), and a longer password only gets harder.
double EstimatedGuessBits(std::string_view password, std::string_view email) {
  constexpr std::size_t kRatedBytes = 100;
  const std::string rated(password.substr(0, kRatedBytes));
  std::vector<std::string> words;
  std::string word;
  for (char c : Lower(email)) {
    if (c == '@' || c == '.' || c == '-' || c == '_' || c == '+') {
      if (word.size() >= 3) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (word.size() >= 3) words.push_back(word);
  std::vector<const char*> dictionary;
  dictionary.reserve(words.size() + 1);
  for (const std::string& entry : words) dictionary.push_back(entry.c_str());
  dictionary.push_back(nullptr);
  return ZxcvbnMatch(rated.c_str(), dictionary.data(), nullptr);
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  std::string lower(password);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::binary_search(std::begin(kCommonPasswords), std::end(kCommonPasswords),
                            std::string_view(lower));
}

// For the test that keeps the list sorted and of a useful size.
std::span<const std::string_view> CommonPasswordList() { return kCommonPasswords; }

Status CheckPasswordPolicy(std::string_view password, std::string_view email,
                           std::string_view field) {
  std::string problem;
  if (password.size() < kMinPasswordLength) {
    problem = "expected at least " + std::to_string(kMinPasswordLength) + " characters, got " +
              std::to_string(password.size());
  } else if (IsCommonPassword(password)) {
    problem = "is a commonly used password";
  } else {
    const std::string local = Lower(email.substr(0, email.find('@')));
    if (local.size() >= 4 && Lower(password).find(local) != std::string::npos) {
      problem = "must not contain the email address's name";
    } else if (EstimatedGuessBits(password, email) < std::log2(kMinPasswordGuesses)) {
      problem = "is too easy to guess (a keyboard pattern, repeats, a sequence or common words)";
    }
  }
  if (problem.empty()) {
    return OkStatus();
  }
  return InvalidInput("password is too weak", {{"", std::string(field), problem}});
}

}  // namespace backcare::app
