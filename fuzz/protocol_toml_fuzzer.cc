// The protocol file loader (exchange::ParseProtocolToml) on arbitrary bytes: toml++'s parser, the
// structural reader and protocol::ValidateProtocol. Invariants: an error has a message and one
// field error per problem; a protocol that loads is valid, so it survives the JSON round trip
// (ProtocolToJson then ProtocolFromJson) unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exchange/json/protocol_json.h"
#include "exchange/toml/protocol_toml.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace backcare;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<protocol::Protocol> loaded = exchange::ParseProtocolToml(text, "fuzz.toml");
  if (!loaded.has_value()) {
    fuzz::RequireWellFormed(loaded.error());
    fuzz::Require(loaded.error().code == ErrorCode::kInvalidInput, "a bad file is invalid input");
    fuzz::Require(!loaded.error().fields.empty(), "an invalid protocol lists its problems");
    return 0;
  }
  Result<protocol::Protocol> again = exchange::ProtocolFromJson(exchange::ProtocolToJson(*loaded));
  fuzz::Require(again.has_value(), "a loaded protocol reads back from its JSON");
  fuzz::Require(*again == *loaded, "the JSON round trip keeps the protocol");
  return 0;
}
