// The default treatment protocol, protocols/deep-tissue-chronic-low-back-pain.toml, compiled into
// the binary at build time (cmake/EmbedFile.cmake) so it is available without the source tree.
#ifndef BACKCARE_EXCHANGE_TOML_DEFAULT_PROTOCOL_H_
#define BACKCARE_EXCHANGE_TOML_DEFAULT_PROTOCOL_H_

#include <string_view>

namespace backcare::exchange {

// The file's bytes, unchanged.
std::string_view DefaultProtocolToml();

// The name errors in the embedded file are reported under.
inline constexpr std::string_view kDefaultProtocolName = "deep-tissue-chronic-low-back-pain.toml";

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_TOML_DEFAULT_PROTOCOL_H_
