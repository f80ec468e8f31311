#include "core/base/enum_names.h"

#include <gtest/gtest.h>

#include <optional>

namespace backcare {
namespace {

enum class Colour { kRed, kDarkBlue };

constexpr EnumNames<Colour, 2> kColourNames = {{
    {Colour::kRed, "red"},
    {Colour::kDarkBlue, "dark_blue"},
}};

TEST(EnumNamesTest, NameOfGivesTheTableName) {
  EXPECT_EQ(NameOf(kColourNames, Colour::kRed), "red");
  EXPECT_EQ(NameOf(kColourNames, Colour::kDarkBlue), "dark_blue");
  static_assert(NameOf(kColourNames, Colour::kDarkBlue) == "dark_blue");
}

TEST(EnumNamesTest, ValueOfIsTheInverseOfNameOf) {
  for (const EnumName<Colour>& entry : kColourNames) {
    EXPECT_EQ(ValueOf(kColourNames, NameOf(kColourNames, entry.value)), entry.value) << entry.name;
  }
}

TEST(EnumNamesTest, ValueOfRejectsUnknownAndDifferentlyCasedNames) {
  EXPECT_EQ(ValueOf(kColourNames, "green"), std::nullopt);
  EXPECT_EQ(ValueOf(kColourNames, "Red"), std::nullopt);
  EXPECT_EQ(ValueOf(kColourNames, ""), std::nullopt);
}

TEST(EnumNamesTest, JoinNamesListsEveryNameInTableOrder) {
  EXPECT_EQ(JoinNames(kColourNames, " "), "red dark_blue");
  EXPECT_EQ(JoinNames(kColourNames, ", ", "'"), "'red', 'dark_blue'");
}

TEST(EnumNamesDeathTest, NameOfAValueMissingFromTheTableIsABug) {
  EXPECT_DEATH(NameOf(kColourNames, static_cast<Colour>(7)), "false");
}

}  // namespace
}  // namespace backcare
