// The protocol's JSON form, for the HTTP API and `backcare protocol show --json`. The keys and
// nesting mirror the TOML file format (docs/protocol-format.md); an unset optional value is
// written as null. Reading applies the same structural rules as the TOML reader and then
// protocol::ValidateProtocol, so a Protocol read from JSON is as trustworthy as one from a file.
#ifndef BACKCARE_EXCHANGE_JSON_PROTOCOL_JSON_H_
#define BACKCARE_EXCHANGE_JSON_PROTOCOL_JSON_H_

#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/protocol/protocol.h"

namespace backcare::exchange {

// The protocol as a JSON object, keys in file order. `indent` spaces per level; a negative
// indent gives one compact line. Never fails.
std::string ProtocolToJson(const protocol::Protocol& protocol, int indent = 2);

// Reads a protocol from a JSON object and validates it. ProtocolFromJson(ProtocolToJson(p)) == p
// for every valid p.
// Errors: kInvalidInput "invalid protocol JSON (N problems)" ("1 problem" when N is 1), one
// FieldError per problem with an empty location, the field path and the message: a syntax
// error (nlohmann's description with line and column, empty path), an unknown key, a missing
// required key, a wrong type, or any semantic rule of ValidateProtocol.
Result<protocol::Protocol> ProtocolFromJson(std::string_view json);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_JSON_PROTOCOL_JSON_H_
