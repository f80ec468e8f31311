#include "exchange/toml/protocol_toml.h"

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exchange/protocol/document_node.h"
#include "exchange/protocol/protocol_reader.h"
#include "exchange/toml/default_protocol.h"

namespace backcare::exchange {
namespace {

using protocol::Protocol;

// "<file_name>:<line>:<column>" of where `region` begins.
std::string Locate(const std::string& file_name, const toml::source_region& region) {
  return file_name + ":" + std::to_string(region.begin.line) + ":" +
         std::to_string(region.begin.column);
}

// A node of a toml++ tree; locations are "<file_name>:<line>:<column>".
class TomlNode final : public DocumentNode {
 public:
  TomlNode(const toml::node& node, const std::string& file_name)
      : node_(node), file_name_(file_name) {}

  Type type() const override {
    // By toml::node_type: none, table, array, string, integer, floating_point, boolean, date, time,
    // date_time.
    using enum Type;
    static constexpr std::array<Type, 10> kTypes = {kNothing, kTable,   kArray, kString, kInteger,
                                                    kFloat,   kBoolean, kDate,  kTime,   kDateTime};
    static_assert(kTypes.size() == static_cast<std::size_t>(toml::node_type::date_time) + 1);
    const auto index = static_cast<std::size_t>(node_.type());
    return index < kTypes.size() ? kTypes[index] : kUnknown;
  }

  std::string Location() const override { return Locate(file_name_, node_.source()); }

  std::unique_ptr<DocumentNode> Member(std::string_view key) const override {
    const toml::node* member = node_.as_table()->get(key);
    return member == nullptr ? nullptr : Wrap(*member);
  }

  // toml++ keeps a table's keys sorted by name; sort them back into file order.
  std::vector<Key> Keys() const override {
    std::vector<const toml::key*> keys;
    for (const auto& [key, member] : *node_.as_table()) keys.push_back(&key);
    std::stable_sort(keys.begin(), keys.end(), [](const toml::key* a, const toml::key* b) {
      const toml::source_position& pa = a->source().begin;
      const toml::source_position& pb = b->source().begin;
      return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
    });
    std::vector<Key> out;
    out.reserve(keys.size());
    for (const toml::key* key : keys)
      out.push_back({std::string(key->str()), Locate(file_name_, key->source())});
    return out;
  }

  std::size_t Size() const override { return node_.as_array()->size(); }

  std::unique_ptr<DocumentNode> Element(std::size_t index) const override {
    return Wrap(*node_.as_array()->get(index));
  }

  std::string String() const override { return node_.as_string()->get(); }
  bool Bool() const override { return node_.as_boolean()->get(); }

  double Number() const override {
    if (const auto* integer = node_.as_integer()) return static_cast<double>(integer->get());
    return node_.as_floating_point()->get();
  }

  std::optional<int> IntegerAsInt() const override {
    const std::int64_t number = node_.as_integer()->get();
    if (number < INT_MIN || number > INT_MAX) return std::nullopt;
    return static_cast<int>(number);
  }

  std::string IntegerDigits() const override { return std::to_string(node_.as_integer()->get()); }

 private:
  std::unique_ptr<DocumentNode> Wrap(const toml::node& node) const {
    return std::make_unique<TomlNode>(node, file_name_);
  }

  const toml::node& node_;
  const std::string& file_name_;
};

constexpr DocumentFormat kTomlFormat{"a table", "an array of tables", KeyHints::kSuggest};

}  // namespace

Result<Protocol> ParseProtocolToml(std::string_view text, std::string_view file_name) {
  const std::string name(file_name);
  const std::string summary = name + ": invalid protocol";
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    return InvalidProtocol(
        summary, {FieldError{Locate(name, error.source()), "", std::string(error.description())}});
  }
  return ReadProtocol(TomlNode(root, name), kTomlFormat, summary);
}

Result<Protocol> LoadDefaultProtocol() {
  return ParseProtocolToml(DefaultProtocolToml(), kDefaultProtocolName);
}

Result<std::string> ReadProtocolFile(const std::string& path) {
  auto fail = [&path](int error_number) {
    return InvalidInput("cannot read protocol file '" + path + "': " + std::strerror(error_number));
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (file == nullptr) return fail(errno);
  std::string text;
  char buffer[8192];
  while (true) {
    const std::size_t read = std::fread(buffer, 1, sizeof buffer, file.get());
    text.append(buffer, read);
    if (read < sizeof buffer) break;
  }
  if (std::ferror(file.get())) return fail(errno);
  return text;
}

Result<Protocol> LoadProtocolFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadProtocolFile(path));
  return ParseProtocolToml(text, path);
}

}  // namespace backcare::exchange
