#include "http/server/request_target.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::http {
namespace {

TEST(ParseRequestTargetTest, DecodesPathAndQuery) {
  ASSERT_OK_AND_ASSIGN(RequestTarget target,
                       ParseRequestTarget("/api/v1/a%20b?status=all&q=x+y%21&q=second&flag"));
  EXPECT_EQ(target.raw_path, "/api/v1/a%20b");
  EXPECT_EQ(target.path, "/api/v1/a b");
  EXPECT_EQ(target.query,
            (std::map<std::string, std::string>{{"status", "all"}, {"q", "x y!"}, {"flag", ""}}));
  // Every parameter in order, repeats included (FHIR search ANDs them).
  EXPECT_EQ(target.query_params,
            (std::vector<std::pair<std::string, std::string>>{
                {"status", "all"}, {"q", "x y!"}, {"q", "second"}, {"flag", ""}}));
}

TEST(ParseRequestTargetTest, PlusInPathStaysPlus) {
  ASSERT_OK_AND_ASSIGN(RequestTarget target, ParseRequestTarget("/a+b"));
  EXPECT_EQ(target.path, "/a+b");
}

TEST(ParseRequestTargetTest, Errors) {
  struct Case {
    const char* target;
    const char* message;
  };
  const Case cases[] = {
      {"/a%zzb", "invalid percent-encoding"},
      {"/a%2", "invalid percent-encoding"},
      {"/a%", "invalid percent-encoding"},
      {"/a?x=%g1", "invalid percent-encoding"},
      {"/a?%=1", "invalid percent-encoding"},
      {"/a%00b", "invalid percent-encoding: NUL"},
      {"a/b", "request target must start with '/'"},
      {"http://host/a", "request target must start with '/'"},
      {"", "request target must start with '/'"},
      {"/a#frag", "request target may not hold a fragment"},
  };
  for (const Case& c : cases) {
    ASSERT_ERROR_AND_ASSIGN(Error error, ParseRequestTarget(c.target), ErrorCode::kInvalidInput);
    EXPECT_EQ(error.message, c.message) << c.target;
  }
}

}  // namespace
}  // namespace backcare::http
