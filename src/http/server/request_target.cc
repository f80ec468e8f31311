#include "http/server/request_target.h"

#include <optional>
#include <utility>

namespace backcare::http {
namespace {

std::optional<int> HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      std::optional<int> high = i + 1 < text.size() ? HexValue(text[i + 1]) : std::nullopt;
      std::optional<int> low = i + 2 < text.size() ? HexValue(text[i + 2]) : std::nullopt;
      if (!high || !low) return InvalidInput("invalid percent-encoding");
      int value = *high * 16 + *low;
      if (value == 0) return InvalidInput("invalid percent-encoding: NUL");
      out += static_cast<char>(value);
      i += 2;
    }
  }
  return out;
}

Result<RequestTarget> ParseRequestTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return InvalidInput("request target must start with '/'");
  }
  if (target.find('#') != std::string_view::npos) {
    return InvalidInput("request target may not hold a fragment");
  }
  RequestTarget out;
  std::size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  out.raw_path = std::string(path);
  ASSIGN_OR_RETURN(out.path, PercentDecode(path, /*plus_is_space=*/false));
  if (question == std::string_view::npos) return out;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t equals = pair.find('=');
    ASSIGN_OR_RETURN(std::string key,
                     PercentDecode(pair.substr(0, equals), /*plus_is_space=*/true));
    std::string value;
    if (equals != std::string_view::npos) {
      ASSIGN_OR_RETURN(value, PercentDecode(pair.substr(equals + 1), /*plus_is_space=*/true));
    }
    out.query_params.emplace_back(key, value);
    out.query.emplace(std::move(key), std::move(value));  // the first value wins
  }
  return out;
}

}  // namespace backcare::http
