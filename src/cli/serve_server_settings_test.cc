// The event-loop server's settings of `backcare serve` (issue #12): keep_alive_timeout_seconds,
// max_connections, trusted_proxies and login_threads, from flag, environment and config file.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli/serve_options.h"
#include "testing/status_matchers.h"

namespace backcare::cli {
namespace {

// No environment variables but `name`=`value`.
std::function<std::optional<std::string>(const std::string&)> OneVariable(std::string name,
                                                                          std::string value) {
  return [name = std::move(name),
          value = std::move(value)](const std::string& asked) -> std::optional<std::string> {
    if (asked == name) return value;
    return std::nullopt;
  };
}

TEST(ServeServerSettingsTest, Defaults) {
  ASSERT_OK_AND_ASSIGN(ServeOptions options, ResolveServeOptions(ServeSources{
                                                 {{"db", "memory:"}}, OneVariable("", ""), ""}));
  EXPECT_EQ(options.keep_alive_timeout_seconds, 60);
  EXPECT_EQ(options.max_connections, 10'000);
  EXPECT_EQ(options.trusted_proxies, "");
  EXPECT_EQ(options.login_threads, 2);
}

TEST(ServeServerSettingsTest, FlagEnvironmentAndFile) {
  const std::string path = ::testing::TempDir() + "backcare_serve_server_settings.toml";
  std::ofstream(path, std::ios::binary)
      << "max_connections = 500\ntrusted_proxies = \"10.0.0.0/8\"\nlogin_threads = 3\n"
         "keep_alive_timeout_seconds = 5\n";
  ASSERT_OK_AND_ASSIGN(
      ServeOptions options,
      ResolveServeOptions(ServeSources{{{"db", "memory:"}, {"keep_alive_timeout_seconds", "120"}},
                                       OneVariable("BACKCARE_MAX_CONNECTIONS", "20000"),
                                       path}));
  EXPECT_EQ(options.keep_alive_timeout_seconds, 120);  // flag over file
  EXPECT_EQ(options.max_connections, 20'000);          // environment over file
  EXPECT_EQ(options.trusted_proxies, "10.0.0.0/8");
  EXPECT_EQ(options.login_threads, 3);
}

TEST(ServeServerSettingsTest, OutOfRange) {
  ASSERT_ERROR_AND_ASSIGN(
      Error error,
      ResolveServeOptions(ServeSources{{{"db", "memory:"}, {"keep_alive_timeout_seconds", "0"}},
                                       OneVariable("BACKCARE_LOGIN_THREADS", "100"),
                                       ""}),
      ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 2u);
  EXPECT_EQ(error.fields[0].ToString(),
            "keep_alive_timeout_seconds: expected an integer in [1, 86400], got '0' (from "
            "--keep-alive-timeout-seconds)");
  EXPECT_EQ(error.fields[1].ToString(),
            "login_threads: expected an integer in [1, 64], got '100' (from "
            "BACKCARE_LOGIN_THREADS)");
}

}  // namespace
}  // namespace backcare::cli
