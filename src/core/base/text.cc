#include "core/base/text.h"

#include <cstddef>

namespace backcare {

std::optional<std::string> TextProblem(std::string_view utf8, TextShape shape) {
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    const bool line_break = byte == '\n' || byte == '\r' || byte == '\t';
    if (line_break && shape == TextShape::kSingleLine) {
      return "expected a single line (no line break or tab)";
    }
    if ((byte < 0x20 && !line_break) || byte == 0x7F) {
      return "expected text without control characters";
    }
    // C1 controls U+0080..U+009F are C2 80..C2 9F.
    if (byte == 0xC2 && i + 1 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) <= 0x9F) {
      return "expected text without control characters";
    }
    // U+202A..U+202E are E2 80 AA..AE; U+2066..U+2069 are E2 81 A6..A9.
    if (byte == 0xE2 && i + 2 < utf8.size()) {
      const auto second = static_cast<unsigned char>(utf8[i + 1]);
      const auto third = static_cast<unsigned char>(utf8[i + 2]);
      if ((second == 0x80 && third >= 0xAA && third <= 0xAE) ||
          (second == 0x81 && third >= 0xA6 && third <= 0xA9)) {
        return "expected text without bidirectional override characters";
      }
    }
  }
  return std::nullopt;
}

}  // namespace backcare
