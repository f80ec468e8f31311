// Builds a protocol::Protocol from a parsed document, whatever its format: the one reader behind
// ParseProtocolToml (exchange/toml) and ProtocolFromJson (exchange/json). It applies the
// structural rules of docs/protocol-format.md (required keys, types, no unknown keys) and then
// protocol::ValidateProtocol, and reports every problem with its path and place.
#ifndef BACKCARE_EXCHANGE_PROTOCOL_PROTOCOL_READER_H_
#define BACKCARE_EXCHANGE_PROTOCOL_PROTOCOL_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/protocol/protocol.h"
#include "exchange/protocol/document_node.h"

namespace backcare::exchange {

// Whether an unknown key's message suggests a known key within two edits ("did you mean ...?").
enum class KeyHints { kSuggest, kNone };

// How messages speak of a format's documents.
struct DocumentFormat {
  std::string_view table;       // what a table is called, with its article: "a table", "an object"
  std::string_view table_list;  // "an array of tables", "an array of objects"
  KeyHints key_hints = KeyHints::kNone;
};

// A node type as messages name it: "a table" (the format's `table`), "an integer", "a date",
// "null"...
std::string TypeName(DocumentNode::Type type, const DocumentFormat& format);

// kInvalidInput "<summary> (N problems)" ("1 problem" when N is 1) with `fields`.
Error InvalidProtocol(std::string_view summary, std::vector<FieldError> fields);

// Reads the protocol from `root`, a table. On success the Protocol is valid.
// Errors: InvalidProtocol(summary, ...) with one FieldError per problem: its location (the
// node's Location(); for a missing key, the table's), the field path ("phases[1].cadence") and
// what was expected and found. Structural problems (unknown keys in document order, missing
// required keys, wrong types, integers out of int range) are reported first; the semantic
// checks of protocol::ValidateProtocol run only when there are none, located through the
// places of the nodes read.
Result<protocol::Protocol> ReadProtocol(const DocumentNode& root, const DocumentFormat& format,
                                        std::string_view summary);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_PROTOCOL_PROTOCOL_READER_H_
