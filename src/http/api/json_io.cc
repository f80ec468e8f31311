#include "http/api/json_io.h"

#include <climits>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

namespace backcare::http::api {
namespace {

using Json = nlohmann::json;

std::string_view JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer";
    case Json::value_t::number_float:
      return "number";
    case Json::value_t::binary:
    case Json::value_t::discarded:
      return "unknown";
  }
  return "unknown";
}

std::string Expected(std::string_view want, const Json& got) {
  return "expected " + std::string(want) + ", got " + std::string(JsonTypeName(got));
}

// Finds the first key that appears twice in one object while the parser reads it, as a path
// from the root ("findings[1].code"). nlohmann keeps the last of duplicated keys; another parser
// may keep the first, so a body with one is refused rather than read one way here.
class DuplicateKeyFinder {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        frames_.push_back({event == Json::parse_event_t::array_start, 0, ChildPath(), {}, {}});
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        break;
      case Json::parse_event_t::key: {
        Frame& frame = frames_.back();
        frame.key = parsed.get<std::string>();
        if (!frame.keys.insert(frame.key).second && !duplicate_) {
          duplicate_ = frame.path.empty() ? frame.key : frame.path + "." + frame.key;
        }
        break;
      }
      case Json::parse_event_t::value:
        if (!frames_.empty() && frames_.back().array) ++frames_.back().next_index;
        break;
    }
    return true;
  }
  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool array = false;
    std::size_t next_index = 0;
    std::string path;
    std::set<std::string> keys;
    std::string key;
  };

  // The path of the value that starts now.
  std::string ChildPath() {
    if (frames_.empty()) return {};
    Frame& parent = frames_.back();
    if (parent.array) return parent.path + "[" + std::to_string(parent.next_index++) + "]";
    return parent.path.empty() ? parent.key : parent.path + "." + parent.key;
  }

  std::vector<Frame> frames_;
  std::optional<std::string> duplicate_;
};

}  // namespace

Result<Json> ParseJsonObject(std::string_view body) {
  Json value;
  DuplicateKeyFinder finder;
  try {
    value = Json::parse(body.begin(), body.end(),
                        [&finder](int depth, Json::parse_event_t event, Json& parsed) {
                          return finder(depth, event, parsed);
                        });
  } catch (const Json::parse_error& e) {
    // Only the position: the library's own message quotes the input, which may hold patient data.
    return InvalidInput("request body is not valid JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const Json::out_of_range&) {
    // "1e400": a number no double holds.
    return InvalidInput("request body is not valid JSON (a number is out of range)");
  }
  if (!value.is_object()) return InvalidInput("request body must be a JSON object");
  if (finder.duplicate()) {
    return InvalidInput("request body has a duplicated key",
                        {{"", *finder.duplicate(), "appears more than once in its object"}});
  }
  return value;
}

ObjectReader::ObjectReader(const Json& object, std::string path, std::vector<FieldError>& errors)
    : object_(object), path_(std::move(path)), errors_(errors) {}

std::string ObjectReader::PathOf(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

void ObjectReader::AddError(std::string_view key, std::string message) {
  errors_.push_back(FieldError{"", PathOf(key), std::move(message)});
}

const Json* ObjectReader::Find(std::string_view key, Presence presence) {
  known_.emplace(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (presence == Presence::kRequired) AddError(key, "required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ObjectReader::String(std::string_view key, Presence presence,
                                                std::size_t max_length) {
  return Checked(key, presence, max_length, TextShape::kSingleLine);
}

std::optional<std::string> ObjectReader::Text(std::string_view key, Presence presence,
                                              std::size_t max_length) {
  return Checked(key, presence, max_length, TextShape::kMultiLine);
}

std::optional<std::string> ObjectReader::Secret(std::string_view key, Presence presence,
                                                std::size_t max_length) {
  return Checked(key, presence, max_length, std::nullopt);
}

std::optional<std::string> ObjectReader::Checked(std::string_view key, Presence presence,
                                                 std::size_t max_length,
                                                 std::optional<TextShape> shape) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    AddError(key, Expected("a string", *value));
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (text.size() > max_length) {
    AddError(key, "expected at most " + std::to_string(max_length) + " bytes, got " +
                      std::to_string(text.size()));
    return std::nullopt;
  }
  if (shape) {
    if (std::optional<std::string> problem = TextProblem(text, *shape)) {
      AddError(key, std::move(*problem));
      return std::nullopt;
    }
  }
  return text;
}

std::optional<std::int64_t> ObjectReader::Integer(std::string_view key, Presence presence,
                                                  std::int64_t min, std::int64_t max) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > INT64_MAX) {
    AddError(key,
             "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    AddError(key, Expected("an integer", *value));
    return std::nullopt;
  }
  std::int64_t number = value->get<std::int64_t>();
  if (number < min || number > max) {
    AddError(key, "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                      "], got " + std::to_string(number));
    return std::nullopt;
  }
  return number;
}

std::optional<int> ObjectReader::UncheckedInt(std::string_view key, int invalid) {
  const Json* value = Find(key, Presence::kOptional);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer() &&
      !(value->is_number_unsigned() && value->get<std::uint64_t>() > INT64_MAX)) {
    const std::int64_t number = value->get<std::int64_t>();
    if (number >= INT_MIN && number <= INT_MAX) return static_cast<int>(number);
  }
  return invalid;
}

std::optional<double> ObjectReader::Number(std::string_view key, Presence presence) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    AddError(key, Expected("a number", *value));
    return std::nullopt;
  }
  return value->get<double>();
}

std::optional<bool> ObjectReader::Boolean(std::string_view key, Presence presence) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    AddError(key, Expected("a boolean", *value));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<clinic::Date> ObjectReader::Date(std::string_view key, Presence presence) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    AddError(key, Expected("a date string YYYY-MM-DD", *value));
    return std::nullopt;
  }
  std::optional<clinic::Date> date = clinic::ParseDate(value->get_ref<const std::string&>());
  if (!date) AddError(key, "expected a date YYYY-MM-DD");
  return date;
}

std::optional<clinic::Timestamp> ObjectReader::Instant(std::string_view key, Presence presence) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    AddError(key, Expected("a UTC time string YYYY-MM-DDTHH:MM:SSZ", *value));
    return std::nullopt;
  }
  std::optional<clinic::Timestamp> at = ParseInstant(value->get_ref<const std::string&>());
  if (!at) AddError(key, "expected a UTC time YYYY-MM-DDTHH:MM:SSZ");
  return at;
}

std::optional<std::string> ObjectReader::NameIn(std::string_view key, Presence presence,
                                                std::span<const std::string_view> names) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  std::string list;
  for (std::string_view name : names) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  if (!value->is_string()) {
    AddError(key, Expected("one of: " + list, *value));
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  for (std::string_view name : names) {
    if (name == text) return text;
  }
  AddError(key, "expected one of: " + list);
  return std::nullopt;
}

std::optional<std::vector<std::string>> ObjectReader::StringArray(std::string_view key,
                                                                  Presence presence) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) {
    AddError(key, Expected("an array of strings", *value));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& item = (*value)[i];
    if (!item.is_string()) {
      AddError(std::string(key) + "[" + std::to_string(i) + "]", Expected("a string", item));
      ok = false;
      continue;
    }
    if (auto problem = TextProblem(item.get_ref<const std::string&>(), TextShape::kSingleLine)) {
      AddError(std::string(key) + "[" + std::to_string(i) + "]", std::move(*problem));
      ok = false;
      continue;
    }
    out.push_back(item.get<std::string>());
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::optional<int>>> ObjectReader::OptionalIntArray(std::string_view key,
                                                                              Presence presence,
                                                                              int min, int max) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) {
    AddError(key, Expected("an array of integers", *value));
    return std::nullopt;
  }
  std::vector<std::optional<int>> out;
  bool ok = true;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& item = (*value)[i];
    std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    if (item.is_null()) {
      out.push_back(std::nullopt);
    } else if (!item.is_number_integer()) {
      AddError(item_key, Expected("an integer or null", item));
      ok = false;
    } else if (item.get<std::int64_t>() < min || item.get<std::int64_t>() > max) {
      AddError(item_key, "expected an integer in [" + std::to_string(min) + ", " +
                             std::to_string(max) + "], got " +
                             std::to_string(item.get<std::int64_t>()));
      ok = false;
    } else {
      out.push_back(static_cast<int>(item.get<std::int64_t>()));
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

bool ObjectReader::Object(std::string_view key, Presence presence,
                          const std::function<void(ObjectReader&)>& read) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return false;
  if (!value->is_object()) {
    AddError(key, Expected("an object", *value));
    return false;
  }
  ObjectReader nested(*value, PathOf(key), errors_);
  read(nested);
  nested.RejectUnknownFields();
  return true;
}

bool ObjectReader::ObjectArray(std::string_view key, Presence presence,
                               const std::function<void(ObjectReader&, std::size_t)>& read) {
  const Json* value = Find(key, presence);
  if (value == nullptr) return false;
  if (!value->is_array()) {
    AddError(key, Expected("an array of objects", *value));
    return false;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& item = (*value)[i];
    std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      AddError(item_key, Expected("an object", item));
      continue;
    }
    ObjectReader nested(item, PathOf(item_key), errors_);
    read(nested, i);
    nested.RejectUnknownFields();
  }
  return true;
}

void ObjectReader::RejectUnknownFields() {
  for (const auto& [key, value] : object_.items()) {
    if (!known_.contains(key)) AddError(key, "unknown field");
  }
}

Status FieldErrorsToStatus(std::vector<FieldError> errors) {
  if (errors.empty()) return OkStatus();
  return InvalidInput("request body has invalid fields", std::move(errors));
}

HttpResponse JsonResponse(int status, const Json& value) {
  HttpResponse response;
  response.status = status;
  response.body = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

HttpResponse ErrorResponse(const Error& error, std::optional<int> status) {
  Json fields = Json::array();
  for (const FieldError& field : error.fields) {
    fields.push_back({{"path", field.path}, {"message", field.message}});
  }
  Json body = {{"error",
                {{"code", std::string(ErrorCodeName(error.code))},
                 {"message", error.message},
                 {"fields", std::move(fields)}}}};
  return JsonResponse(status.value_or(HttpStatusFor(error.code)), body);
}

std::optional<clinic::Timestamp> ParseInstant(std::string_view text) {
  // "YYYY-MM-DDTHH:MMZ" (17) or "YYYY-MM-DDTHH:MM:SSZ" (20).
  if ((text.size() != 17 && text.size() != 20) || text[10] != 'T' || text.back() != 'Z') {
    return std::nullopt;
  }
  std::optional<clinic::Date> date = clinic::ParseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  // Years a Timestamp cannot hold (after 2262) would overflow it.
  std::optional<clinic::Timestamp> midnight = clinic::StartOfDayUtc(*date);
  if (!midnight) return std::nullopt;
  auto two_digits = [&](std::size_t at) -> int {
    char a = text[at], b = text[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    return (a - '0') * 10 + (b - '0');
  };
  int hours = two_digits(11);
  int minutes = text[13] == ':' ? two_digits(14) : -1;
  int seconds = 0;
  if (text.size() == 20) seconds = text[16] == ':' ? two_digits(17) : -1;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
    return std::nullopt;
  }
  return *midnight + std::chrono::hours(hours) + std::chrono::minutes(minutes) +
         std::chrono::seconds(seconds);
}

}  // namespace backcare::http::api
