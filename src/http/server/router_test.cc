#include "http/server/router.h"

#include <gtest/gtest.h>

namespace backcare::http {
namespace {

TEST(MatchPathPatternTest, Table) {
  struct Case {
    const char* pattern;
    const char* path;
    std::optional<PathParams> want;
  };
  const Case cases[] = {
      {"/healthz", "/healthz", PathParams{}},
      {"/healthz", "/healthz/", std::nullopt},
      {"/api/v1/patients/{id}", "/api/v1/patients/42", PathParams{{"id", "42"}}},
      {"/api/v1/patients/{id}", "/api/v1/patients/", std::nullopt},
      {"/api/v1/patients/{id}", "/api/v1/patients", std::nullopt},
      {"/api/v1/patients/{id}/progress", "/api/v1/patients/7/progress", PathParams{{"id", "7"}}},
      {"/api/v1/patients/{id}/progress", "/api/v1/patients/7/notes", std::nullopt},
      {"/a/{x}/b/{y}", "/a/1/b/2", PathParams{{"x", "1"}, {"y", "2"}}},
      {"/a", "a", std::nullopt},
      {"/a", "", std::nullopt},
  };
  for (const Case& test : cases) {
    EXPECT_EQ(MatchPathPattern(test.pattern, test.path), test.want)
        << test.pattern << " vs " << test.path;
  }
}

TEST(RouterTest, FindsByMethodAndPath) {
  Router router({{HttpMethod::kGet, "/p/{id}"}, {HttpMethod::kPost, "/p/{id}"}});
  Router::Lookup get = router.Find(HttpMethod::kGet, "/p/3");
  ASSERT_TRUE(get.match.has_value());
  EXPECT_EQ(get.match->route_index, 0u);
  EXPECT_EQ(get.match->params.at("id"), "3");
  Router::Lookup post = router.Find(HttpMethod::kPost, "/p/3");
  ASSERT_TRUE(post.match.has_value());
  EXPECT_EQ(post.match->route_index, 1u);
}

TEST(RouterTest, ReportsAllowedMethodsWhenOnlyThePathMatches) {
  Router router({{HttpMethod::kGet, "/p/{id}"}, {HttpMethod::kPost, "/p/{id}"}});
  Router::Lookup lookup = router.Find(HttpMethod::kDelete, "/p/3");
  EXPECT_FALSE(lookup.match.has_value());
  EXPECT_EQ(lookup.allowed_methods, (std::vector<HttpMethod>{HttpMethod::kGet, HttpMethod::kPost}));
}

TEST(RouterTest, UnknownPathHasNoAllowedMethods) {
  Router router({{HttpMethod::kGet, "/p/{id}"}});
  Router::Lookup lookup = router.Find(HttpMethod::kGet, "/q/3");
  EXPECT_FALSE(lookup.match.has_value());
  EXPECT_TRUE(lookup.allowed_methods.empty());
}

TEST(RouterTest, LiteralSegmentBeatsPlaceholderWhateverTheOrder) {
  Router router({{HttpMethod::kGet, "/users/{id}"}, {HttpMethod::kGet, "/users/me"}});
  Router::Lookup lookup = router.Find(HttpMethod::kGet, "/users/me");
  ASSERT_TRUE(lookup.match.has_value());
  EXPECT_EQ(lookup.match->route_index, 1u);
  EXPECT_TRUE(lookup.match->params.empty());
}

TEST(RouterTest, SurvivesAMove) {
  Router first({{HttpMethod::kGet, "/a/{x}"}});
  Router moved = std::move(first);
  EXPECT_TRUE(moved.Find(HttpMethod::kGet, "/a/1").match.has_value());
}

}  // namespace
}  // namespace backcare::http
