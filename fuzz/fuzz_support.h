// Helpers the fuzz targets share: invariant checks that abort (so libFuzzer records the input as
// a crash) and a byte reader that lets one input choose between cases before its payload.
#ifndef BACKCARE_FUZZ_FUZZ_SUPPORT_H_
#define BACKCARE_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "core/base/result.h"
#include "core/protocol/protocol.h"
#include "exchange/toml/protocol_toml.h"

namespace backcare::fuzz {

// Aborts with `what` when `condition` is false: an invariant the input broke.
inline void Require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

// Every error a parser returns says what went wrong: a known code and a non-empty message, and
// each field error a non-empty message.
inline void RequireWellFormed(const Error& error) {
  if (error.message.empty() || error.code == ErrorCode::kInternal) {
    std::fprintf(stderr, "the error: %s: %s\n", std::string(ErrorCodeName(error.code)).c_str(),
                 error.ToString().c_str());
  }
  Require(!error.message.empty(), "an error carries a message");
  Require(error.code != ErrorCode::kInternal, "a parser error is not an internal error");
  for (const FieldError& field : error.fields) {
    Require(!field.message.empty(), "a field error carries a message");
  }
}

// Reads the input front to back: a few choice bytes, then the rest as the payload.
class InputReader {
 public:
  InputReader(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}
  // The next byte (0 when none is left).
  std::uint8_t Byte() {
    if (rest_.empty()) return 0;
    const auto byte = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return byte;
  }
  // Everything up to the next `separator` (or the end), which is consumed.
  std::string_view Until(char separator) {
    const std::size_t at = rest_.find(separator);
    const std::string_view part = rest_.substr(0, at);
    rest_.remove_prefix(at == std::string_view::npos ? rest_.size() : at + 1);
    return part;
  }
  std::string_view Rest() const { return rest_; }

 private:
  std::string_view rest_;
};

// The built-in protocol, parsed once.
inline const protocol::Protocol& BuiltInProtocol() {
  static const protocol::Protocol* protocol = [] {
    Result<protocol::Protocol> loaded = exchange::LoadDefaultProtocol();
    Require(loaded.has_value(), "the built-in protocol loads");
    return new protocol::Protocol(std::move(*loaded));
  }();
  return *protocol;
}

}  // namespace backcare::fuzz

#endif  // BACKCARE_FUZZ_FUZZ_SUPPORT_H_
