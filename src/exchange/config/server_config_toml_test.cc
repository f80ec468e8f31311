#include "exchange/config/server_config_toml.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::exchange {
namespace {

TEST(ServerConfigTomlTest, ReadsEveryKey) {
  Result<ServerConfigFile> config = ParseServerConfigToml(R"(
db = "sqlite:clinic.db"
bind = "0.0.0.0:9000"
tls_cert = "cert.pem"
tls_key = "key.pem"
static_dir = "web/dist"
access_log = "off"
threads = 64
max_body_bytes = 4096
read_timeout_seconds = 3
write_timeout_seconds = 4
session_idle_minutes = 15
session_max_hours = 8
)",
                                                          "serve.toml");
  ASSERT_OK(config);
  EXPECT_EQ(config->db, "sqlite:clinic.db");
  EXPECT_EQ(config->bind, "0.0.0.0:9000");
  EXPECT_EQ(config->tls_cert, "cert.pem");
  EXPECT_EQ(config->tls_key, "key.pem");
  EXPECT_EQ(config->static_dir, "web/dist");
  EXPECT_EQ(config->access_log, "off");
  EXPECT_EQ(config->threads, 64);
  EXPECT_EQ(config->max_body_bytes, 4096);
  EXPECT_EQ(config->read_timeout_seconds, 3);
  EXPECT_EQ(config->write_timeout_seconds, 4);
  EXPECT_EQ(config->session_idle_minutes, 15);
  EXPECT_EQ(config->session_max_hours, 8);
}

TEST(ServerConfigTomlTest, EmptyFileLeavesEverythingUnset) {
  Result<ServerConfigFile> config = ParseServerConfigToml("# nothing\n", "serve.toml");
  ASSERT_TRUE(config.has_value());
  EXPECT_FALSE(config->db.has_value());
  EXPECT_FALSE(config->threads.has_value());
}

TEST(ServerConfigTomlTest, Errors) {
  struct Case {
    const char* text;
    std::vector<std::string> errors;
  };
  const Case cases[] = {
      {"db = 5\n", {"serve.toml:1:6: db: expected a string, got integer"}},
      {"threads = \"many\"\n", {"serve.toml:1:11: threads: expected an integer, got string"}},
      {"port = 8080\nbind = true\n",
       {"serve.toml:1:8: port: unknown key",
        "serve.toml:2:8: bind: expected a string, got boolean"}},
      {"db = \n",
       {"serve.toml:1:6: Error while parsing key-value pair: expected value, saw '\\n'"}},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.text);
    ASSERT_ERROR_AND_ASSIGN(Error error, ParseServerConfigToml(test.text, "serve.toml"),
                            ErrorCode::kInvalidInput);
    std::vector<std::string> errors;
    for (const FieldError& field : error.fields) errors.push_back(field.ToString());
    EXPECT_EQ(errors, test.errors);
  }
}

TEST(ServerConfigTomlTest, CountsProblemsInTheMessage) {
  ASSERT_ERROR_AND_ASSIGN(Error error, ParseServerConfigToml("a = 1\nb = 2\n", "serve.toml"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "serve.toml: invalid server configuration (2 problems)");
}

TEST(ServerConfigTomlTest, MissingFileIsNamed) {
  ASSERT_ERROR_AND_ASSIGN(Error error, LoadServerConfigFile("/nonexistent/serve.toml"),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "cannot read configuration file '/nonexistent/serve.toml'");
}

}  // namespace
}  // namespace backcare::exchange
