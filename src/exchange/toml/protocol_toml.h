// The protocol file codec: reads a treatment protocol from TOML (docs/protocol-format.md) into a
// protocol::Protocol and validates it completely, so callers receive either a Protocol that
// downstream code may trust or every problem in the file at once, each naming its place.
#ifndef BACKCARE_EXCHANGE_TOML_PROTOCOL_TOML_H_
#define BACKCARE_EXCHANGE_TOML_PROTOCOL_TOML_H_

#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/protocol/protocol.h"

namespace backcare::exchange {

// Parses `text` as a protocol file and validates it (protocol::ValidateProtocol).
// `file_name` is only used in messages. On success the Protocol is valid.
// Errors: kInvalidInput with message "<file_name>: invalid protocol (N problems)" ("1 problem"
// when N is 1) and one FieldError per problem. Each FieldError has location
// "<file_name>:<line>:<column>", the field path ("phases[1].cadence.sessions_per_week") and a
// message saying what was expected and what was found. A TOML syntax error is one FieldError
// with toml++'s position and description and an empty path. Structural problems (unknown keys,
// missing required keys, wrong types) are reported first; semantic checks run only when there
// are none, so one mistake does not cascade into several reports.
Result<protocol::Protocol> ParseProtocolToml(std::string_view text, std::string_view file_name);

// The built-in default protocol (protocols/deep-tissue-chronic-low-back-pain.toml, embedded at
// build time), parsed and validated. Errors name kDefaultProtocolName; a test keeps it valid.
Result<protocol::Protocol> LoadDefaultProtocol();

// Reads the file at `path` and parses it with ParseProtocolToml, using `path` as the file name.
// Errors: kInvalidInput "cannot read protocol file '<path>': <reason>" when the file cannot be
// opened or read; otherwise as ParseProtocolToml.
// The text of the protocol file at `path`; kInvalidInput "cannot read protocol file ..." naming it.
Result<std::string> ReadProtocolFile(const std::string& path);

Result<protocol::Protocol> LoadProtocolFile(const std::string& path);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_TOML_PROTOCOL_TOML_H_
