// Matches request paths against the route table's patterns. A pattern is a path whose segments
// are literals or `{name}` placeholders ("/api/v1/patients/{id}/progress"); a placeholder matches
// exactly one non-empty segment. The router knows routes only by their index in the table, so it
// works for any table and is tested on its own.
#ifndef BACKCARE_HTTP_SERVER_ROUTER_H_
#define BACKCARE_HTTP_SERVER_ROUTER_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/server/http_message.h"

namespace backcare::http {

using PathParams = std::map<std::string, std::string, std::less<>>;

// The placeholders' values when `path` matches `pattern`; nullopt otherwise.
std::optional<PathParams> MatchPathPattern(std::string_view pattern, std::string_view path);

class Router {
 public:
  struct Entry {
    HttpMethod method;
    std::string pattern;
  };
  // Route i of the table is entries[i]. Two entries with the same method and pattern are a bug.
  explicit Router(std::vector<Entry> entries);
  Router(const Router&) = delete;  // pattern_segments_ points into entries_
  Router& operator=(const Router&) = delete;
  Router(Router&&) = default;  // moving the vector keeps its elements in place
  Router& operator=(Router&&) = default;

  struct Match {
    std::size_t route_index = 0;
    PathParams params;
  };
  struct Lookup {
    std::optional<Match> match;
    // When nothing matched: the methods that would match the path (empty = 404, else 405).
    std::vector<HttpMethod> allowed_methods;
  };
  Lookup Find(HttpMethod method, std::string_view path) const;

 private:
  std::vector<Entry> entries_;
  // Views into entries_[i].pattern (the strings are never modified after construction).
  std::vector<std::vector<std::string_view>> pattern_segments_;
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_ROUTER_H_
