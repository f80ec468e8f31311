// Reads result cells in column order into typed values, remembering the first problem as a
// kDataCorruption error that names the table and column (never the cell's content, except for
// enum columns whose values are not patient data).
#ifndef BACKCARE_STORE_SQL_ROW_READER_H_
#define BACKCARE_STORE_SQL_ROW_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/base/result.h"
#include "core/clinic/time.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

class RowReader {
 public:
  // `row` must outlive the reader.
  RowReader(const Row& row, std::string_view table) : row_(row), table_(table) {}

  std::int64_t Int(std::string_view column);
  std::optional<std::int64_t> OptionalInt(std::string_view column);
  double Double(std::string_view column);
  std::optional<double> OptionalDouble(std::string_view column);
  std::string Text(std::string_view column);
  std::optional<std::string> OptionalText(std::string_view column);
  clinic::Date DateValue(std::string_view column);
  std::optional<clinic::Date> OptionalDate(std::string_view column);
  clinic::Timestamp Time(std::string_view column);  // microseconds since the epoch
  std::optional<clinic::Timestamp> OptionalTime(std::string_view column);
  // Parses the text with `parse` (returning std::optional<E>).
  template <typename Parse>
  auto Enum(std::string_view column, Parse parse) ->
      typename decltype(parse(std::string_view()))::value_type {
    std::string text = Text(column);
    auto value = parse(text);
    if (!value) {
      if (text.size() > 32) {
        text = text.substr(0, 32) + "...";
      }
      Fail(column, "unknown value '" + text + "'");
      return {};
    }
    return *value;
  }
  // An enum column that may be null (std::nullopt); a non-null value must parse.
  template <typename Parse>
  auto OptionalEnum(std::string_view column, Parse parse) -> decltype(parse(std::string_view())) {
    std::optional<std::string> text = OptionalText(column);
    if (!text) {
      return std::nullopt;
    }
    auto value = parse(*text);
    if (!value) {
      if (text->size() > 32) {
        *text = text->substr(0, 32) + "...";
      }
      Fail(column, "unknown value '" + *text + "'");
    }
    return value;
  }
  // An id column that may be null, as a strong id type (core/base/ids.h).
  template <typename Id>
  std::optional<Id> OptionalId(std::string_view column) {
    std::optional<std::int64_t> value = OptionalInt(column);
    if (!value) {
      return std::nullopt;
    }
    return Id(*value);
  }
  // Decodes a text column holding an encoded list with `decode` (codec.h), recording
  // "malformed encoded list" when it fails.
  template <typename Decode>
  auto List(std::string_view column, Decode decode) ->
      typename decltype(decode(std::string_view()))::value_type {
    auto decoded = decode(Text(column));
    if (!decoded) {
      Fail(column, "malformed encoded list");
      return {};
    }
    return std::move(decoded).value();
  }
  // Records a problem found by the caller (e.g. in an encoded list).
  void Fail(std::string_view column, const std::string& message);

  // OK, or the first problem found.
  Status status() const;

 private:
  const Value* Next(std::string_view column);

  const Row& row_;
  std::string_view table_;
  std::size_t index_ = 0;
  std::optional<Error> error_;
};

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_ROW_READER_H_
