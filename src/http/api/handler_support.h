// Helpers shared by the handler files: reading path ids, parsing and checking request bodies,
// and turning use-case results into responses. Internal to src/http/api.
#ifndef BACKCARE_HTTP_API_HANDLER_SUPPORT_H_
#define BACKCARE_HTTP_API_HANDLER_SUPPORT_H_

#include <charconv>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/api/dto.h"
#include "http/api/json_io.h"
#include "http/api/route_table.h"

namespace backcare::http::api {

// `text` as a whole 64-bit integer (an optional minus sign and digits, nothing else), or nullopt.
inline std::optional<std::int64_t> WholeNumber(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The id in path parameter `name`, or the kNotFound "<record> not found" a missing record gets
// (a non-numeric or non-positive id cannot name a record).
template <typename Id>
Result<Id> PathId(const HandlerContext& context, std::string_view name, std::string_view record) {
  auto it = context.params.find(name);
  if (it != context.params.end()) {
    const std::optional<std::int64_t> value = WholeNumber(it->second);
    if (value && *value > 0) return Id(*value);
  }
  return NotFound(std::string(record) + " not found");
}

// A 400 response for a body that is not the expected shape (malformed JSON, wrong types, unknown
// or missing fields); use-case validation failures are 422 (HttpStatusFor).
HttpResponse BadRequest(const Error& error);

// Parses the body as a JSON object and reads it with `read`; on any problem returns the 400
// response naming every field, else nullopt and `read` has filled its outputs.
std::optional<HttpResponse> ReadBody(const HandlerContext& context,
                                     const std::function<void(ObjectReader&)>& read);

// 200 (or `status`) with to_json(value), or the error response.
template <typename T, typename ToJson>
HttpResponse Reply(Result<T> result, ToJson to_json, int status = 200) {
  if (!result) return ErrorResponse(result.error());
  return JsonResponse(status, to_json(*result));
}

// 204 No Content, or the error response.
HttpResponse ReplyEmpty(const Status& status);

// A JSON array of to_json(item) for each item.
template <typename T, typename ToJson>
Json JsonArray(const std::vector<T>& items, ToJson to_json) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return out;
}

}  // namespace backcare::http::api

#endif  // BACKCARE_HTTP_API_HANDLER_SUPPORT_H_
