// One value of a parsed document (a TOML file, a JSON text) as the protocol reader sees it: a
// table, an array or a scalar, with the place it was read from. The TOML and JSON codecs wrap
// their parser's tree in this interface, so the protocol is built from either by one reader
// (exchange/protocol/protocol_reader.h) with the same structural rules and messages.
#ifndef BACKCARE_EXCHANGE_PROTOCOL_DOCUMENT_NODE_H_
#define BACKCARE_EXCHANGE_PROTOCOL_DOCUMENT_NODE_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcare::exchange {

// A node borrows the parsed document it wraps: it and the nodes it returns must not outlive it.
// Accessors of one type are called only on nodes of that type (Member and Keys on tables, Size
// and Element on arrays, ...); anything else is a bug.
class DocumentNode {
 public:
  // What a node holds. A format uses the kinds it has: dates and times are TOML's, null and
  // binary data JSON's; kNothing is a parser's "no value", kUnknown a kind this list lacks.
  enum class Type {
    kTable,
    kArray,
    kString,
    kInteger,
    kFloat,
    kBoolean,
    kDate,
    kTime,
    kDateTime,
    kNull,
    kBinary,
    kNothing,
    kUnknown,
  };

  // A key of a table, with the place the key itself stands.
  struct Key {
    std::string name;
    std::string location;
  };

  virtual ~DocumentNode() = default;

  virtual Type type() const = 0;
  // Where the node begins, "file:line:column"; empty for a format read without positions.
  virtual std::string Location() const = 0;

  // Tables. The member at `key`, or nullptr when the table has none (a format may also count an
  // explicit null as none).
  virtual std::unique_ptr<DocumentNode> Member(std::string_view key) const = 0;
  // Every key of the table, in the order they stand in the document.
  virtual std::vector<Key> Keys() const = 0;

  // Arrays.
  virtual std::size_t Size() const = 0;
  virtual std::unique_ptr<DocumentNode> Element(std::size_t index) const = 0;

  // Scalars.
  virtual std::string String() const = 0;
  virtual bool Bool() const = 0;
  // An integer or a float, as a double.
  virtual double Number() const = 0;
  // An integer: its value when it fits an int, else nullopt.
  virtual std::optional<int> IntegerAsInt() const = 0;
  // An integer in decimal, for messages about one out of range.
  virtual std::string IntegerDigits() const = 0;
};

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_PROTOCOL_DOCUMENT_NODE_H_
