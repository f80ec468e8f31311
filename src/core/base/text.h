// What a typed text may hold. Names, emails and other one-line fields are single lines; notes are
// free text with line breaks. Neither may hold control characters (NUL, ESC, DEL, C1 controls) or
// the Unicode bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069),
// which make a text display differently from what it holds ("Trojan Source").
#ifndef BACKCARE_CORE_BASE_TEXT_H_
#define BACKCARE_CORE_BASE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

namespace backcare {

enum class TextShape {
  kSingleLine,  // no line break or tab either
  kMultiLine,   // LF, CR and TAB allowed
};

// Why `utf8` (valid UTF-8) cannot be stored as `shape`, as a field error message ("expected a
// single line without control characters"); nullopt when it can. Never quotes the text.
std::optional<std::string> TextProblem(std::string_view utf8, TextShape shape);

}  // namespace backcare

#endif  // BACKCARE_CORE_BASE_TEXT_H_
