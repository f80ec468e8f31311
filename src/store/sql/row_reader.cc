#include "store/sql/row_reader.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>

namespace backcare::store::sql {

void RowReader::Fail(std::string_view column, const std::string& message) {
  if (!error_) {
    error_ = DataCorruption(std::string(table_) + "." + std::string(column) + ": " + message);
  }
}

Status RowReader::status() const {
  if (error_) {
    return *error_;
  }
  return OkStatus();
}

const Value* RowReader::Next(std::string_view column) {
  if (index_ >= row_.size()) {
    Fail(column, "missing column");
    return nullptr;
  }
  return &row_[index_++];
}

std::optional<std::int64_t> RowReader::OptionalInt(std::string_view column) {
  const Value* value = Next(column);
  if (!value || std::holds_alternative<std::monostate>(*value)) {
    return std::nullopt;
  }
  if (const auto* integer = std::get_if<std::int64_t>(value)) {
    return *integer;
  }
  if (const auto* text = std::get_if<std::string>(value)) {
    std::int64_t out = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), out);
    if (error == std::errc() && end == text->data() + text->size()) {
      return out;
    }
  }
  Fail(column, "expected an integer");
  return std::nullopt;
}

std::int64_t RowReader::Int(std::string_view column) {
  const std::size_t at = index_;
  auto value = OptionalInt(column);
  if (!value) {
    if (at < row_.size() && std::holds_alternative<std::monostate>(row_[at])) {
      Fail(column, "unexpected null");
    }
    return 0;
  }
  return *value;
}

std::optional<double> RowReader::OptionalDouble(std::string_view column) {
  const Value* value = Next(column);
  if (!value || std::holds_alternative<std::monostate>(*value)) {
    return std::nullopt;
  }
  if (const auto* number = std::get_if<double>(value)) {
    return *number;
  }
  if (const auto* integer = std::get_if<std::int64_t>(value)) {
    return static_cast<double>(*integer);
  }
  if (const auto* text = std::get_if<std::string>(value)) {
    errno = 0;
    char* end = nullptr;
    double out = std::strtod(text->c_str(), &end);
    if (!text->empty() && end == text->c_str() + text->size() && errno == 0) {
      return out;
    }
  }
  Fail(column, "expected a number");
  return std::nullopt;
}

double RowReader::Double(std::string_view column) {
  const std::size_t at = index_;
  auto value = OptionalDouble(column);
  if (!value) {
    if (at < row_.size() && std::holds_alternative<std::monostate>(row_[at])) {
      Fail(column, "unexpected null");
    }
    return 0;
  }
  return *value;
}

std::optional<std::string> RowReader::OptionalText(std::string_view column) {
  const Value* value = Next(column);
  if (!value || std::holds_alternative<std::monostate>(*value)) {
    return std::nullopt;
  }
  if (const auto* text = std::get_if<std::string>(value)) {
    return *text;
  }
  Fail(column, "expected text");
  return std::nullopt;
}

std::string RowReader::Text(std::string_view column) {
  const std::size_t at = index_;
  auto value = OptionalText(column);
  if (!value) {
    if (at < row_.size() && std::holds_alternative<std::monostate>(row_[at])) {
      Fail(column, "unexpected null");
    }
    return {};
  }
  return *value;
}

std::optional<clinic::Date> RowReader::OptionalDate(std::string_view column) {
  auto text = OptionalText(column);
  if (!text) {
    return std::nullopt;
  }
  auto date = clinic::ParseDate(*text);
  if (!date) {
    Fail(column, "expected a date YYYY-MM-DD");
  }
  return date;
}

clinic::Date RowReader::DateValue(std::string_view column) {
  const std::size_t at = index_;
  auto value = OptionalDate(column);
  if (!value) {
    if (at < row_.size() && std::holds_alternative<std::monostate>(row_[at])) {
      Fail(column, "unexpected null");
    }
    return {};
  }
  return *value;
}

std::optional<clinic::Timestamp> RowReader::OptionalTime(std::string_view column) {
  auto micros = OptionalInt(column);
  if (!micros) {
    return std::nullopt;
  }
  return clinic::FromUnixMicros(*micros);
}

clinic::Timestamp RowReader::Time(std::string_view column) {
  return clinic::FromUnixMicros(Int(column));
}

}  // namespace backcare::store::sql
