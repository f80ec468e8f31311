// Text names of enums: one constexpr table of {value, name} pairs per enum, and lookups both ways.
// The names are the ones stored in the database and used in JSON, TOML and CLI arguments, so a
// table is written once, next to its enum, and every codec reads the same table:
//
//   inline constexpr EnumNames<Side, 2> kSideNames = {{{Side::kLeft, "left"},
//                                                      {Side::kRight, "right"}}};
//   NameOf(kSideNames, Side::kLeft)  // "left"
//   ValueOf(kSideNames, "right")     // Side::kRight; std::nullopt for an unknown name
#ifndef BACKCARE_CORE_BASE_ENUM_NAMES_H_
#define BACKCARE_CORE_BASE_ENUM_NAMES_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/check.h"

namespace backcare {

template <typename Enum>
struct EnumName {
  Enum value;
  std::string_view name;
};

// Every value of `Enum` with its name, in documentation order.
template <typename Enum, std::size_t N>
using EnumNames = std::array<EnumName<Enum>, N>;

// The name of `value`. A value missing from `table` is a bug (BACKCARE_CHECK).
template <typename Enum, std::size_t N>
constexpr std::string_view NameOf(const EnumNames<Enum, N>& table, Enum value) {
  for (const EnumName<Enum>& entry : table) {
    if (entry.value == value) {
      return entry.name;
    }
  }
  BACKCARE_CHECK(false);
  return {};
}

// The value named `name`, or std::nullopt when no entry has that name (names are case-sensitive).
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> ValueOf(const EnumNames<Enum, N>& table, std::string_view name) {
  for (const EnumName<Enum>& entry : table) {
    if (entry.name == name) {
      return entry.value;
    }
  }
  return std::nullopt;
}

// Every name of `table`, each wrapped in `quote` and joined by `separator`, for "expected one of"
// messages: JoinNames(table, ", ", "'") is "'left', 'right'".
template <typename Enum, std::size_t N>
std::string JoinNames(const EnumNames<Enum, N>& table, std::string_view separator,
                      std::string_view quote = "") {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) {
      out += separator;
    }
    out += quote;
    out += table[i].name;
    out += quote;
  }
  return out;
}

}  // namespace backcare

#endif  // BACKCARE_CORE_BASE_ENUM_NAMES_H_
