#include "http/server/static_files.h"

#include <gtest/gtest.h>

#include <fstream>

#include "http/server/security_headers.h"
#include "testing/status_matchers.h"

namespace backcare::http {
namespace {

namespace fs = std::filesystem;

TEST(SafeRelativePathTest, Table) {
  struct Case {
    const char* raw_path;
    std::optional<std::string> want;
  };
  const Case cases[] = {
      {"/", "index.html"},
      {"/app.js", "app.js"},
      {"/assets/app-4ed993c7.js", "assets/app-4ed993c7.js"},
      {"/assets//x.css", "assets/x.css"},
      {"/docs/", "docs/index.html"},
      {"/a%20b.txt", "a b.txt"},
      {"/../etc/passwd", std::nullopt},
      {"/assets/../../etc/passwd", std::nullopt},
      {"/%2e%2e/etc/passwd", std::nullopt},
      {"/%2E%2E/etc/passwd", std::nullopt},
      {"/.%2e/x", std::nullopt},
      {"/./x", std::nullopt},
      {"/..%2fetc%2fpasswd", std::nullopt},
      {"/assets%2F..%2F..%2Fx", std::nullopt},
      {"/..%5cx", std::nullopt},
      {"/a\\b", std::nullopt},
      {"/a%00b", std::nullopt},
      {"/a%zz", std::nullopt},
      {"relative", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SafeRelativePath(c.raw_path), c.want) << c.raw_path;
  }
}

TEST(StaticFilesTest, ContentTypesAndHashedNames) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a/app-4ed993c7.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("font.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("blob"), "application/octet-stream");
  EXPECT_TRUE(IsContentHashedName("app-4ed993c7.js"));
  EXPECT_TRUE(IsContentHashedName("index.BXk3J2a9.css"));
  EXPECT_FALSE(IsContentHashedName("index.html"));
  EXPECT_FALSE(IsContentHashedName("my-component.js"));  // no digit: a word, not a hash
  EXPECT_FALSE(IsContentHashedName("app-123.js"));       // too short
}

TEST(StaticFilesTest, AcceptsEncoding) {
  EXPECT_TRUE(AcceptsEncoding("gzip, deflate, br", "br"));
  EXPECT_TRUE(AcceptsEncoding("br;q=0.5", "br"));
  EXPECT_FALSE(AcceptsEncoding("gzip, br;q=0", "br"));
  EXPECT_FALSE(AcceptsEncoding("br;q=0.000", "br"));
  EXPECT_FALSE(AcceptsEncoding("", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("gzip2", "gzip"));
}

class StaticFilesFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::path(::testing::TempDir()) /
            ("static_files_test_" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "web" / "assets");
    Write("web/index.html", "<!doctype html><title>app</title>");
    Write("web/assets/app-4ed993c7.js", "console.log(1)");
    Write("web/assets/app-4ed993c7.js.br", "BROTLI");
    Write("web/assets/app-4ed993c7.js.gz", "GZIP");
    Write("secret.txt", "outside");
    fs::create_symlink(base_ / "secret.txt", base_ / "web" / "leak.txt");
    ASSERT_OK_AND_ASSIGN(StaticFiles files, StaticFiles::Open((base_ / "web").string()));
    files_.emplace(std::move(files));
  }
  void TearDown() override { fs::remove_all(base_); }
  void Write(const std::string& relative, const std::string& text) {
    std::ofstream(base_ / relative, std::ios::binary) << text;
  }
  std::optional<HttpResponse> Get(std::string_view path, std::string_view accept = "*/*",
                                  std::string_view encoding = "", std::string_view etag = "") {
    return files_->Serve(StaticRequest{path, accept, encoding, etag});
  }

  fs::path base_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesFolderTest, ServesIndexWithRevalidationAndStrictCsp) {
  std::optional<HttpResponse> response = Get("/");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response->body, "<!doctype html><title>app</title>");
  EXPECT_EQ(response->Header("Cache-Control"), "no-cache");
  EXPECT_EQ(response->Header("Content-Security-Policy"), kStaticContentSecurityPolicy);
  EXPECT_EQ(response->Header("X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticFilesFolderTest, HashedAssetsAreImmutableAndPrecompressed) {
  std::optional<HttpResponse> plain = Get("/assets/app-4ed993c7.js");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->body, "console.log(1)");
  EXPECT_EQ(plain->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(plain->Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(plain->Header("Vary"), "Accept-Encoding");
  EXPECT_EQ(plain->Header("Content-Encoding"), std::nullopt);

  std::optional<HttpResponse> brotli = Get("/assets/app-4ed993c7.js", "*/*", "gzip, br");
  ASSERT_TRUE(brotli.has_value());
  EXPECT_EQ(brotli->body, "BROTLI");
  EXPECT_EQ(brotli->Header("Content-Encoding"), "br");
  EXPECT_EQ(brotli->content_type, "text/javascript; charset=utf-8");

  std::optional<HttpResponse> gzip = Get("/assets/app-4ed993c7.js", "*/*", "gzip, br;q=0");
  ASSERT_TRUE(gzip.has_value());
  EXPECT_EQ(gzip->body, "GZIP");
  EXPECT_EQ(gzip->Header("Content-Encoding"), "gzip");
  EXPECT_NE(gzip->Header("ETag"), plain->Header("ETag"));
}

TEST_F(StaticFilesFolderTest, MatchingEtagIsNotModified) {
  std::optional<HttpResponse> first = Get("/assets/app-4ed993c7.js");
  ASSERT_TRUE(first.has_value());
  std::string etag(first->Header("ETag").value_or(""));
  ASSERT_FALSE(etag.empty());
  std::optional<HttpResponse> again = Get("/assets/app-4ed993c7.js", "*/*", "", etag);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  std::optional<HttpResponse> other = Get("/assets/app-4ed993c7.js", "*/*", "", "\"nope\"");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->status, 200);
}

TEST_F(StaticFilesFolderTest, ClientSideRoutesGetIndexOnlyForBrowsers) {
  std::optional<HttpResponse> page = Get("/patients/12", "text/html,application/xhtml+xml");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, "<!doctype html><title>app</title>");
  EXPECT_EQ(Get("/missing.js", "*/*"), std::nullopt);
}

TEST_F(StaticFilesFolderTest, PortalRoutesGetThePortalPage) {
  Write("web/portal.html", "<!doctype html><title>portal</title>");
  for (std::string_view path : {"/portal", "/portal/", "/portal/patients/3/today"}) {
    std::optional<HttpResponse> page = Get(path, "text/html");
    ASSERT_TRUE(page.has_value()) << path;
    EXPECT_EQ(page->status, 200) << path;
    EXPECT_EQ(page->body, "<!doctype html><title>portal</title>") << path;
    EXPECT_EQ(page->Header("Content-Security-Policy"), kStaticContentSecurityPolicy) << path;
  }
  std::optional<HttpResponse> staff = Get("/portals", "text/html");
  ASSERT_TRUE(staff.has_value());
  EXPECT_EQ(staff->body, "<!doctype html><title>app</title>");
  EXPECT_EQ(Get("/portal/missing.js", "*/*"), std::nullopt);
}

TEST_F(StaticFilesFolderTest, PortalRoutesFallBackToIndexWithoutAPortalPage) {
  std::optional<HttpResponse> page = Get("/portal/patients/3/today", "text/html");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->body, "<!doctype html><title>app</title>");
}

TEST_F(StaticFilesFolderTest, NothingOutsideTheFolder) {
  for (std::string_view path :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/assets%2f..%2f..%2fsecret.txt", "/leak.txt",
        "/assets/../../secret.txt"}) {
    std::optional<HttpResponse> response = Get(path, "text/html");
    ASSERT_TRUE(response.has_value()) << path;
    EXPECT_EQ(response->status, 404) << path;
    EXPECT_EQ(response->body.find("outside"), std::string::npos) << path;
  }
}

// The build compiled into the binary (web_assets.h) is served by the same rules.
class StaticFilesEmbeddedTest : public ::testing::Test {
 protected:
  static constexpr EmbeddedFile kFiles[] = {
      {"index.html", "<!doctype html><title>embedded</title>"},
      {"index.html.gz", "GZ-INDEX"},
      {"assets/index-IGZKighG.js", "console.log(2)"},  // Vite's hash may hold no digit
      {"assets/index-IGZKighG.js.gz", "GZ-JS"},
      {"robots.txt", "User-agent: *"},
      {"portal.html", "<!doctype html><title>portal</title>"},
  };
  std::optional<HttpResponse> Get(std::string_view path, std::string_view accept = "*/*",
                                  std::string_view encoding = "", std::string_view etag = "") {
    return files_.Serve({path, accept, encoding, etag});
  }
  StaticFiles files_ = StaticFiles::Embedded(kFiles);
};

TEST_F(StaticFilesEmbeddedTest, ServesTheBuildWithCachingByName) {
  std::optional<HttpResponse> index = Get("/", "text/html");
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->body, "<!doctype html><title>embedded</title>");
  EXPECT_EQ(index->Header("Cache-Control"), "no-cache");
  EXPECT_EQ(index->Header("Content-Security-Policy"), kStaticContentSecurityPolicy);
  std::optional<HttpResponse> script = Get("/assets/index-IGZKighG.js");
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(script->body, "console.log(2)");
  EXPECT_EQ(script->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script->Header("Cache-Control"), "public, max-age=31536000, immutable");
  std::optional<HttpResponse> robots = Get("/robots.txt");
  ASSERT_TRUE(robots.has_value());
  EXPECT_EQ(robots->Header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesEmbeddedTest, GzipWhenAcceptedAndNotModifiedOnAMatchingEtag) {
  std::optional<HttpResponse> gzip = Get("/assets/index-IGZKighG.js", "*/*", "gzip");
  ASSERT_TRUE(gzip.has_value());
  EXPECT_EQ(gzip->body, "GZ-JS");
  EXPECT_EQ(gzip->Header("Content-Encoding"), "gzip");
  std::optional<HttpResponse> plain = Get("/assets/index-IGZKighG.js", "*/*", "br");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->body, "console.log(2)");
  EXPECT_NE(plain->Header("ETag"), gzip->Header("ETag"));
  std::string etag(plain->Header("ETag").value_or(""));
  std::optional<HttpResponse> again = Get("/assets/index-IGZKighG.js", "*/*", "", etag);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
}

TEST_F(StaticFilesEmbeddedTest, ClientSideRoutesAndRefusedPaths) {
  std::optional<HttpResponse> page = Get("/patients/12", "text/html,application/xhtml+xml");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->body, "<!doctype html><title>embedded</title>");
  EXPECT_EQ(Get("/missing.js"), std::nullopt);
  std::optional<HttpResponse> refused = Get("/assets/../../etc/passwd", "text/html");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 404);
}

TEST_F(StaticFilesEmbeddedTest, PortalRoutesGetThePortalPage) {
  for (std::string_view path : {"/portal", "/portal/", "/portal/patients/3/plan"}) {
    std::optional<HttpResponse> page = Get(path, "text/html");
    ASSERT_TRUE(page.has_value()) << path;
    EXPECT_EQ(page->body, "<!doctype html><title>portal</title>") << path;
    EXPECT_EQ(page->Header("Cache-Control"), "no-cache") << path;
  }
  std::optional<HttpResponse> staff = Get("/portal-news", "text/html");
  ASSERT_TRUE(staff.has_value());
  EXPECT_EQ(staff->body, "<!doctype html><title>embedded</title>");
}

TEST(StaticFilesTest, AppPageFor) {
  EXPECT_EQ(AppPageFor("portal"), "portal.html");
  EXPECT_EQ(AppPageFor("portal/index.html"), "portal.html");
  EXPECT_EQ(AppPageFor("portal/patients/1/today"), "portal.html");
  EXPECT_EQ(AppPageFor("portals"), "index.html");
  EXPECT_EQ(AppPageFor("patients/12"), "index.html");
  EXPECT_EQ(AppPageFor("index.html"), "index.html");
}

TEST(StaticFilesOpenTest, MissingFolder) {
  ASSERT_ERROR_AND_ASSIGN(Error error, StaticFiles::Open("/no/such/folder"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "static folder not found");
}

}  // namespace
}  // namespace backcare::http
