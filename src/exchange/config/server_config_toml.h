// The server configuration file (`backcare serve --config FILE`): a flat TOML table of optional
// settings. This codec only reads and type-checks the file; the CLI merges it with environment
// variables and flags (flag > environment > file > default, docs/http.md). Example:
//
//   db = "sqlite:/var/lib/backcare/clinic.db"
//   bind = "127.0.0.1:8080"
//   threads = 8
//   session_idle_minutes = 30
#ifndef BACKCARE_EXCHANGE_CONFIG_SERVER_CONFIG_TOML_H_
#define BACKCARE_EXCHANGE_CONFIG_SERVER_CONFIG_TOML_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace backcare::exchange {

// Every setting the file may hold; absent keys stay nullopt.
struct ServerConfigFile {
  std::optional<std::string> db;          // store URL, e.g. "sqlite:clinic.db"
  std::optional<std::string> bind;        // "HOST:PORT"
  std::optional<std::string> tls_cert;    // PEM certificate chain file
  std::optional<std::string> tls_key;     // PEM private key file
  std::optional<std::string> static_dir;  // folder served at "/"
  std::optional<std::string> access_log;  // "stderr", "stdout" or "off"
  std::optional<std::int64_t> threads;
  std::optional<std::int64_t> max_body_bytes;
  std::optional<std::int64_t> read_timeout_seconds;
  std::optional<std::int64_t> write_timeout_seconds;
  std::optional<std::int64_t> session_idle_minutes;
  std::optional<std::int64_t> session_max_hours;
  std::optional<std::int64_t> keep_alive_timeout_seconds;
  std::optional<std::int64_t> max_connections;
  std::optional<std::string> trusted_proxies;  // "10.0.0.0/8, 192.168.1.5"
  std::optional<std::int64_t> login_threads;
  std::optional<std::string> public_url;  // "https://clinic.example"
  std::optional<std::string> smtp_url;    // "smtp://mail.example:587"
  std::optional<std::string> smtp_from;
  std::optional<std::string> push_hosts;
  std::optional<std::string> smtp_user;
  std::optional<std::string> smtp_password_file;
};

// Parses `text`; `file_name` is used in messages only. Errors: kInvalidInput "<file_name>: invalid
// server configuration (N problems)" with one FieldError per problem, located
// "<file_name>:<line>:<column>": "unknown key" (the valid keys are the fields above), "expected a
// string, got integer", "expected an integer, got string", or a TOML syntax error (empty path).
// Ranges are not checked here (the CLI checks them once all sources are merged).
Result<ServerConfigFile> ParseServerConfigToml(std::string_view text, std::string_view file_name);

// Reads and parses the file at `path`. kInvalidInput "cannot read configuration file '<path>'"
// when it cannot be read.
Result<ServerConfigFile> LoadServerConfigFile(const std::string& path);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_CONFIG_SERVER_CONFIG_TOML_H_
