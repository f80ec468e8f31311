#include "core/base/text.h"

#include <gtest/gtest.h>

#include <string>

namespace backcare {
namespace {

TEST(TextProblemTest, PlainTextInBothShapes) {
  for (std::string_view text : {"", "Dora O'Neill", "Zoë Ångström", "عائشة", "07700 900123"}) {
    EXPECT_EQ(TextProblem(text, TextShape::kSingleLine), std::nullopt) << text;
    EXPECT_EQ(TextProblem(text, TextShape::kMultiLine), std::nullopt) << text;
  }
}

TEST(TextProblemTest, LineBreaksAndTabsOnlyInMultiLineText) {
  for (std::string_view text : {"a\nb", "a\r\nb", "a\tb"}) {
    EXPECT_EQ(TextProblem(text, TextShape::kSingleLine),
              "expected a single line (no line break or tab)")
        << text;
    EXPECT_EQ(TextProblem(text, TextShape::kMultiLine), std::nullopt) << text;
  }
}

TEST(TextProblemTest, ControlCharactersNowhere) {
  const std::string nul("a\0b", 3);
  // ESC, DEL, and the C1 controls NEL (U+0085) and U+009F.
  for (std::string_view text :
       {std::string_view(nul), std::string_view("a\x1B[31m"), std::string_view("a\x7F"),
        std::string_view("a\xC2\x85"), std::string_view("\xC2\x9F")}) {
    EXPECT_EQ(TextProblem(text, TextShape::kSingleLine),
              "expected text without control characters");
    EXPECT_EQ(TextProblem(text, TextShape::kMultiLine), "expected text without control characters");
  }
  // U+00A0 (C2 A0) is a no-break space, not a control.
  EXPECT_EQ(TextProblem("a\xC2\xA0"
                        "b",
                        TextShape::kSingleLine),
            std::nullopt);
}

TEST(TextProblemTest, BidirectionalOverridesNowhere) {
  // U+202A, U+202E (RLO), U+2066, U+2069; the marks U+200E/U+200F and U+202F stay allowed.
  for (std::string_view text :
       {"\xE2\x80\xAA", "invoice\xE2\x80\xAEgpj.exe", "\xE2\x81\xA6x", "x\xE2\x81\xA9"}) {
    EXPECT_EQ(TextProblem(text, TextShape::kMultiLine),
              "expected text without bidirectional override characters");
  }
  for (std::string_view text : {"\xE2\x80\x8E", "\xE2\x80\x8F", "\xE2\x80\xAF", "\xE2\x81\xA5"}) {
    EXPECT_EQ(TextProblem(text, TextShape::kSingleLine), std::nullopt);
  }
}

}  // namespace
}  // namespace backcare
