// The compiled-in list of common passwords (common_passwords.inc) and its lookup.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "app/account_service.h"

namespace backcare::app {
namespace {

constexpr std::string_view kCommonPasswords[] = {
#include "app/common_passwords.inc"
};

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

}  // namespace backcare::app
