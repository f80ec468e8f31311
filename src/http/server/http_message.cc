#include "http/server/http_message.h"

namespace backcare::http {

std::string_view HttpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kPut:
      return "PUT";
    case HttpMethod::kPatch:
      return "PATCH";
    case HttpMethod::kDelete:
      return "DELETE";
  }
  return "GET";
}

std::optional<HttpMethod> ParseHttpMethod(std::string_view name) {
  for (HttpMethod method : {HttpMethod::kGet, HttpMethod::kPost, HttpMethod::kPut,
                            HttpMethod::kPatch, HttpMethod::kDelete}) {
    if (HttpMethodName(method) == name) return method;
  }
  return std::nullopt;
}

bool IsStateChanging(HttpMethod method) { return method != HttpMethod::kGet; }

std::string ToLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(ToLowerAscii(name));
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

void HttpRequest::SetHeader(std::string_view name, std::string value) {
  headers[ToLowerAscii(name)] = std::move(value);
}

std::optional<std::string> HttpRequest::Cookie(std::string_view name) const {
  std::optional<std::string_view> header = Header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    std::size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    while (!pair.empty() && pair.back() == ' ') pair.remove_suffix(1);
    std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    if (pair.substr(0, equals) == name) return std::string(pair.substr(equals + 1));
  }
  return std::nullopt;
}

std::optional<std::string_view> HttpRequest::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> HttpResponse::Header(std::string_view name) const {
  std::string lower = ToLowerAscii(name);
  for (const auto& [key, value] : headers) {
    if (ToLowerAscii(key) == lower) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace backcare::http
