#include "http/server/router.h"

#include <utility>

#include "core/base/check.h"

namespace backcare::http {
namespace {

// Splits "/a/b" into {"a", "b"}; "/" gives {""}.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::optional<PathParams> MatchSegments(const std::vector<std::string_view>& want,
                                        const std::vector<std::string_view>& have) {
  if (want.size() != have.size()) return std::nullopt;
  PathParams params;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (IsPlaceholder(want[i])) {
      if (have[i].empty()) return std::nullopt;
      params.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::string(have[i]));
    } else if (want[i] != have[i]) {
      return std::nullopt;
    }
  }
  return params;
}

}  // namespace

std::optional<PathParams> MatchPathPattern(std::string_view pattern, std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  return MatchSegments(Segments(pattern), Segments(path));
}

Router::Router(std::vector<Entry> entries) : entries_(std::move(entries)) {
  for (const Entry& entry : entries_) pattern_segments_.push_back(Segments(entry.pattern));
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    for (std::size_t j = i + 1; j < entries_.size(); ++j) {
      BACKCARE_CHECK(entries_[i].method != entries_[j].method ||
                     entries_[i].pattern != entries_[j].pattern);
    }
  }
}

Router::Lookup Router::Find(HttpMethod method, std::string_view path) const {
  Lookup lookup;
  // Literal segments win over placeholders: prefer the match with the fewest placeholders, so
  // "/users/me" beats "/users/{id}" whatever the table order.
  if (path.empty() || path.front() != '/') return lookup;
  std::vector<std::string_view> have = Segments(path);
  std::size_t best_placeholders = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    std::optional<PathParams> params = MatchSegments(pattern_segments_[i], have);
    if (!params) continue;
    if (entries_[i].method != method) {
      lookup.allowed_methods.push_back(entries_[i].method);
      continue;
    }
    if (!lookup.match || params->size() < best_placeholders) {
      best_placeholders = params->size();
      lookup.match = Match{i, std::move(*params)};
    }
  }
  if (lookup.match) lookup.allowed_methods.clear();
  return lookup;
}

}  // namespace backcare::http
