// The server configuration file (exchange::ParseServerConfigToml) on arbitrary bytes. Invariants:
// an error is kInvalidInput with a message and at least one field error, each located in the file;
// parsing is a pure function of the text (a second parse gives the same answer).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exchange/config/server_config_toml.h"
#include "fuzz_support.h"

namespace {

bool SameSettings(const backcare::exchange::ServerConfigFile& a,
                  const backcare::exchange::ServerConfigFile& b) {
  return a.db == b.db && a.bind == b.bind && a.tls_cert == b.tls_cert && a.tls_key == b.tls_key &&
         a.static_dir == b.static_dir && a.access_log == b.access_log && a.threads == b.threads &&
         a.max_body_bytes == b.max_body_bytes && a.read_timeout_seconds == b.read_timeout_seconds &&
         a.write_timeout_seconds == b.write_timeout_seconds &&
         a.session_idle_minutes == b.session_idle_minutes &&
         a.keep_alive_timeout_seconds == b.keep_alive_timeout_seconds &&
         a.max_connections == b.max_connections && a.trusted_proxies == b.trusted_proxies &&
         a.login_threads == b.login_threads && a.public_url == b.public_url &&
         a.smtp_url == b.smtp_url && a.smtp_from == b.smtp_from && a.smtp_user == b.smtp_user &&
         a.smtp_password_file == b.smtp_password_file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace backcare;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<exchange::ServerConfigFile> parsed = exchange::ParseServerConfigToml(text, "fuzz.toml");
  Result<exchange::ServerConfigFile> again = exchange::ParseServerConfigToml(text, "fuzz.toml");
  fuzz::Require(parsed.has_value() == again.has_value(), "parsing is deterministic");
  if (!parsed.has_value()) {
    fuzz::RequireWellFormed(parsed.error());
    fuzz::Require(parsed.error().code == ErrorCode::kInvalidInput, "a bad file is invalid input");
    fuzz::Require(!parsed.error().fields.empty(), "an invalid file lists its problems");
    for (const FieldError& field : parsed.error().fields) {
      fuzz::Require(field.location.starts_with("fuzz.toml"), "each problem names its place");
    }
    fuzz::Require(parsed.error().fields == again.error().fields, "the same problems each time");
    return 0;
  }
  fuzz::Require(SameSettings(*parsed, *again), "the same settings each time");
  return 0;
}
