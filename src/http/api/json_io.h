// JSON in and out of the API, confined to src/http/api: parsing a request body into a checked
// object, reading typed fields while collecting EVERY field error (wrong type, missing, out of
// range, unknown field) with its path, and rendering responses and the error body
// {"error":{"code","message","fields":[{"path","message"}]}}. Messages never echo input values,
// so patient data cannot reach an error body or a log through here.
#ifndef BACKCARE_HTTP_API_JSON_IO_H_
#define BACKCARE_HTTP_API_JSON_IO_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/enum_names.h"
#include "core/base/result.h"
#include "core/base/text.h"
#include "core/clinic/time.h"
#include "http/server/http_message.h"

namespace backcare::http::api {

// Parses `body` as a JSON object. Errors (kInvalidInput): "request body is not valid JSON (byte
// N)" for a syntax error, "... (a number is out of range)" for a number no double holds ("1e400"),
// "request body must be a JSON object" for any other JSON value, and "request body has a
// duplicated key" (the field error names its path) when an object repeats a key.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Reads the fields of one JSON object, recording a FieldError for each problem into a shared
// list. Paths are dotted from the body root: "screening.findings[2].code". The object and the
// error list are borrowed and must outlive the reader.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, std::string path, std::vector<FieldError>& errors);

  enum class Presence { kRequired, kOptional };

  // Each returns the value, or nullopt when absent (error "required" if kRequired), null
  // (treated as absent), or of the wrong type (error "expected a string, got number").
  // A one-line text (a name, an email): no line break, tab or other control character, no
  // bidirectional override (core/base/text.h).
  std::optional<std::string> String(std::string_view key, Presence presence,
                                    std::size_t max_length = 10000);
  // Free text (a note, a reason): line breaks and tabs allowed, other controls not.
  std::optional<std::string> Text(std::string_view key, Presence presence,
                                  std::size_t max_length = 10000);
  // A password or token, taken byte for byte.
  std::optional<std::string> Secret(std::string_view key, Presence presence,
                                    std::size_t max_length);
  std::optional<std::int64_t> Integer(std::string_view key, Presence presence,
                                      std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  std::optional<double> Number(std::string_view key, Presence presence);
  // An optional whole number whose range the use case checks (and names in its own 422 message):
  // nullopt when absent or null, the value for an integer that fits an int, and `invalid` for
  // anything else (a string, a fraction, a boolean, an integer beyond int). Records no error.
  std::optional<int> UncheckedInt(std::string_view key, int invalid);
  std::optional<bool> Boolean(std::string_view key, Presence presence);
  // "YYYY-MM-DD".
  std::optional<clinic::Date> Date(std::string_view key, Presence presence);
  // An ISO-8601 UTC instant "YYYY-MM-DDTHH:MM[:SS]Z".
  std::optional<clinic::Timestamp> Instant(std::string_view key, Presence presence);
  // One of `names` (error "expected one of: a, b, c").
  template <typename Enum>
  std::optional<Enum> OneOf(std::string_view key, Presence presence,
                            std::span<const EnumName<Enum>> names);
  // An array of strings.
  std::optional<std::vector<std::string>> StringArray(std::string_view key, Presence presence);
  // An array of integers in [min, max] or nulls (e.g. questionnaire answers with blank items).
  std::optional<std::vector<std::optional<int>>> OptionalIntArray(std::string_view key,
                                                                  Presence presence, int min,
                                                                  int max);
  // A nested object: `read` is called with a reader for it.
  bool Object(std::string_view key, Presence presence,
              const std::function<void(ObjectReader&)>& read);
  // An array of objects: `read` is called once per element with its index.
  bool ObjectArray(std::string_view key, Presence presence,
                   const std::function<void(ObjectReader&, std::size_t)>& read);

  // Records "unknown field" for every key no accessor above asked about. Call last.
  void RejectUnknownFields();

  // The path of `key` below this object.
  std::string PathOf(std::string_view key) const;
  void AddError(std::string_view key, std::string message);

 private:
  // The member or nullptr; marks `key` as known.
  const nlohmann::json* Find(std::string_view key, Presence presence);
  // A string of at most max_length bytes, of `shape` when given.
  std::optional<std::string> Checked(std::string_view key, Presence presence,
                                     std::size_t max_length, std::optional<TextShape> shape);
  std::optional<std::string> NameIn(std::string_view key, Presence presence,
                                    std::span<const std::string_view> names);

  const nlohmann::json& object_;
  std::string path_;
  std::vector<FieldError>& errors_;
  std::set<std::string, std::less<>> known_;
};

template <typename Enum>
std::optional<Enum> ObjectReader::OneOf(std::string_view key, Presence presence,
                                        std::span<const EnumName<Enum>> names) {
  std::vector<std::string_view> texts;
  for (const EnumName<Enum>& entry : names) texts.push_back(entry.name);
  std::optional<std::string> name = NameIn(key, presence, texts);
  if (!name) return std::nullopt;
  for (const EnumName<Enum>& entry : names) {
    if (entry.name == *name) return entry.value;
  }
  return std::nullopt;
}

// The kInvalidInput error "request body has invalid fields" carrying `errors`, or OK when empty.
Status FieldErrorsToStatus(std::vector<FieldError> errors);

// A response with `value` serialised (invalid UTF-8 replaced, never thrown).
HttpResponse JsonResponse(int status, const nlohmann::json& value);
// The error body for `error` with status HttpStatusFor(error.code), or `status` when given.
HttpResponse ErrorResponse(const Error& error, std::optional<int> status = std::nullopt);
// The same for the FHIR API (/fhir/R4, fhir_handlers.cc): an OperationOutcome as
// application/fhir+json; kInvalidInput is 400.
HttpResponse FhirErrorResponse(const Error& error, std::optional<int> status = std::nullopt);
// "2024-03-18T09:30:00Z" (UTC, whole seconds): core/clinic/time.h.
using clinic::FormatInstant;
// Inverse of FormatInstant (also accepts "YYYY-MM-DDTHH:MMZ"); nullopt otherwise.
std::optional<clinic::Timestamp> ParseInstant(std::string_view text);

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_JSON_IO_H_
