// `backcare serve --db URL [--bind HOST:PORT] [--config FILE] ...`: resolves the server settings
// (flag > environment > config file > default) and runs the server through
// CliEnvironment::serve (the composition root connects it to src/http).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/serve_options.h"
#include "exchange/config/server_config_toml.h"

namespace backcare::cli {
namespace {

// One setting: its name (flag "--NAME" with '_' as '-', config key NAME), environment variable.
struct Setting {
  const char* name;
  const char* env;
};
constexpr Setting kSettings[] = {
    {"db", "BACKCARE_DB"},
    {"bind", "BACKCARE_BIND"},
    {"tls_cert", "BACKCARE_TLS_CERT"},
    {"tls_key", "BACKCARE_TLS_KEY"},
    {"static_dir", "BACKCARE_STATIC_DIR"},
    {"access_log", "BACKCARE_ACCESS_LOG"},
    {"threads", "BACKCARE_THREADS"},
    {"max_body_bytes", "BACKCARE_MAX_BODY_BYTES"},
    {"read_timeout_seconds", "BACKCARE_READ_TIMEOUT_SECONDS"},
    {"write_timeout_seconds", "BACKCARE_WRITE_TIMEOUT_SECONDS"},
    {"session_idle_minutes", "BACKCARE_SESSION_IDLE_MINUTES"},
    {"session_max_hours", "BACKCARE_SESSION_MAX_HOURS"},
    {"keep_alive_timeout_seconds", "BACKCARE_KEEP_ALIVE_TIMEOUT_SECONDS"},
    {"max_connections", "BACKCARE_MAX_CONNECTIONS"},
    {"trusted_proxies", "BACKCARE_TRUSTED_PROXIES"},
    {"login_threads", "BACKCARE_LOGIN_THREADS"},
    {"public_url", "BACKCARE_PUBLIC_URL"},
    {"smtp_url", "BACKCARE_SMTP_URL"},
    {"smtp_from", "BACKCARE_SMTP_FROM"},
    {"smtp_user", "BACKCARE_SMTP_USER"},
    {"smtp_password_file", "BACKCARE_SMTP_PASSWORD_FILE"},
    {"push_hosts", "BACKCARE_PUSH_HOSTS"},
};

std::string FlagName(std::string_view name) {
  std::string flag = "--";
  for (char c : name) flag += c == '_' ? '-' : c;
  return flag;
}

// The file's value of setting `name`, as text.
std::optional<std::string> FileValue(const exchange::ServerConfigFile& file,
                                     std::string_view name) {
  auto text = [](const std::optional<std::int64_t>& value) -> std::optional<std::string> {
    if (!value) return std::nullopt;
    return std::to_string(*value);
  };
  if (name == "db") return file.db;
  if (name == "bind") return file.bind;
  if (name == "tls_cert") return file.tls_cert;
  if (name == "tls_key") return file.tls_key;
  if (name == "static_dir") return file.static_dir;
  if (name == "access_log") return file.access_log;
  if (name == "threads") return text(file.threads);
  if (name == "max_body_bytes") return text(file.max_body_bytes);
  if (name == "read_timeout_seconds") return text(file.read_timeout_seconds);
  if (name == "write_timeout_seconds") return text(file.write_timeout_seconds);
  if (name == "session_idle_minutes") return text(file.session_idle_minutes);
  if (name == "session_max_hours") return text(file.session_max_hours);
  if (name == "keep_alive_timeout_seconds") return text(file.keep_alive_timeout_seconds);
  if (name == "max_connections") return text(file.max_connections);
  if (name == "trusted_proxies") return file.trusted_proxies;
  if (name == "login_threads") return text(file.login_threads);
  if (name == "public_url") return file.public_url;
  if (name == "smtp_url") return file.smtp_url;
  if (name == "smtp_from") return file.smtp_from;
  if (name == "smtp_user") return file.smtp_user;
  if (name == "smtp_password_file") return file.smtp_password_file;
  if (name == "push_hosts") return file.push_hosts;
  return std::nullopt;
}

struct Value {
  std::string text;
  std::string source;  // "--threads", "BACKCARE_THREADS", "serve.toml"
};

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

int WorkerThreadsFor(const ServeOptions& options, unsigned cores) {
  if (options.threads > 0) return options.threads;
  const std::string_view url = options.db_url;
  const bool postgres = url.starts_with("postgresql:") || url.starts_with("postgres:");
  const int per_core = postgres ? 4 : 2;
  return std::max(4, per_core * static_cast<int>(std::min(cores, 256u)));
}

Result<ServeOptions> ResolveServeOptions(const ServeSources& sources) {
  exchange::ServerConfigFile file;
  if (!sources.config_file.empty()) {
    ASSIGN_OR_RETURN(file, exchange::LoadServerConfigFile(sources.config_file));
  }
  // Highest-precedence value of each setting.
  std::map<std::string, Value> values;
  for (const Setting& setting : kSettings) {
    if (auto flag = sources.flags.find(setting.name); flag != sources.flags.end()) {
      values[setting.name] = {flag->second, FlagName(setting.name)};
    } else if (auto env = sources.env ? sources.env(setting.env) : std::nullopt;
               env && !env->empty()) {
      values[setting.name] = {*env, setting.env};
    } else if (auto from_file = FileValue(file, setting.name)) {
      values[setting.name] = {*from_file, sources.config_file};
    }
  }

  ServeOptions options;
  std::vector<FieldError> errors;
  auto bad = [&](const std::string& name, std::string message) {
    errors.push_back({"", name, std::move(message)});
  };
  auto integer = [&](const std::string& name, std::int64_t min, std::int64_t max, auto& out) {
    auto it = values.find(name);
    if (it == values.end()) return;
    std::optional<std::int64_t> value = ParseInteger(it->second.text);
    if (!value || *value < min || *value > max) {
      bad(name, "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                    "], got '" + it->second.text + "' (from " + it->second.source + ")");
      return;
    }
    out = static_cast<std::remove_reference_t<decltype(out)>>(*value);
  };
  auto text = [&](const std::string& name, std::string& out) {
    if (auto it = values.find(name); it != values.end()) out = it->second.text;
  };

  options.list_routes = sources.flags.contains("list_routes");
  text("db", options.db_url);
  if (options.db_url.empty() && !options.list_routes) {
    bad("db", "required: --db, BACKCARE_DB or 'db' in the config file");
  }
  if (auto it = values.find("bind"); it != values.end()) {
    const std::string& bind = it->second.text;
    std::size_t colon = bind.rfind(':');
    std::string host = colon == std::string::npos ? "" : bind.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);  // [::1]:8080
    }
    std::optional<std::int64_t> port =
        colon == std::string::npos ? std::nullopt : ParseInteger(bind.substr(colon + 1));
    if (host.empty() || !port || *port < 0 || *port > 65535) {
      bad("bind", "expected HOST:PORT with PORT in [0, 65535], got '" + bind + "' (from " +
                      it->second.source + ")");
    } else {
      options.host = host;
      options.port = static_cast<int>(*port);
    }
  }
  text("tls_cert", options.tls_cert_file);
  text("tls_key", options.tls_key_file);
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    bad(options.tls_cert_file.empty() ? "tls_cert" : "tls_key",
        "required with " + std::string(options.tls_cert_file.empty() ? "tls_key" : "tls_cert"));
  }
  text("static_dir", options.static_dir);
  text("access_log", options.access_log);
  if (options.access_log != "stderr" && options.access_log != "stdout" &&
      options.access_log != "off") {
    bad("access_log", "expected one of: stderr, stdout, off, got '" + options.access_log +
                          "' (from " + values["access_log"].source + ")");
  }
  integer("threads", 0, 1024, options.threads);
  integer("max_body_bytes", 1024, 64 << 20, options.max_body_bytes);
  integer("read_timeout_seconds", 1, 3600, options.read_timeout_seconds);
  integer("write_timeout_seconds", 1, 3600, options.write_timeout_seconds);
  integer("session_idle_minutes", 1, 24 * 60, options.session_idle_minutes);
  integer("session_max_hours", 1, 7 * 24, options.session_max_hours);
  integer("keep_alive_timeout_seconds", 1, 24 * 3600, options.keep_alive_timeout_seconds);
  integer("max_connections", 1, 1'000'000, options.max_connections);
  integer("login_threads", 1, 64, options.login_threads);
  text("trusted_proxies", options.trusted_proxies);
  text("public_url", options.public_url);
  if (!options.public_url.empty() && !options.public_url.starts_with("http://") &&
      !options.public_url.starts_with("https://")) {
    bad("public_url", "expected http://... or https://..., got '" + options.public_url +
                          "' (from " + values["public_url"].source + ")");
  }
  text("smtp_url", options.smtp_url);
  text("smtp_from", options.smtp_from);
  text("smtp_user", options.smtp_user);
  text("smtp_password_file", options.smtp_password_file);
  text("push_hosts", options.push_hosts);
  if (options.push_hosts.empty()) {
    bad("push_hosts", "expected 'default', 'off' or a comma-separated list of hosts (from " +
                          values["push_hosts"].source + ")");
  }
  if (!options.smtp_url.empty()) {
    if (options.smtp_from.empty()) bad("smtp_from", "required with smtp_url");
    if (options.public_url.empty()) {
      bad("public_url", "required with smtp_url (the links in emails point there)");
    }
  }
  if (!errors.empty()) return InvalidInput("invalid serve settings", std::move(errors));
  return options;
}

void AddServeCommand(CLI::App& app, CommandContext& context) {
  CLI::App* serve = app.add_subcommand(
      "serve", "Run the clinic server: the JSON API under /api/v1 (see docs/http.md)");
  struct Flags {
    std::map<std::string, std::string> values;
    std::string config;
    bool list_routes = false;
  };
  auto flags = std::make_shared<Flags>();
  for (const Setting& setting : kSettings) {
    std::string help = std::string("(env ") + setting.env + ")";
    serve->add_option_function<std::string>(
        FlagName(setting.name),
        [flags, name = std::string(setting.name)](const std::string& value) {
          flags->values[name] = value;
        },
        help);
  }
  serve->add_option("--config", flags->config, "TOML settings file (env BACKCARE_CONFIG)");
  serve->add_flag("--list-routes", flags->list_routes, "Print the route table as JSON and exit");
  serve->callback([flags, &context] {
    ServeSources sources;
    sources.flags = flags->values;
    if (flags->list_routes) sources.flags["list_routes"] = "1";
    sources.env = [](const std::string& name) -> std::optional<std::string> {
      const char* value = std::getenv(name.c_str());
      if (value == nullptr) return std::nullopt;
      return std::string(value);
    };
    sources.config_file = flags->config;
    if (sources.config_file.empty())
      sources.config_file = sources.env("BACKCARE_CONFIG").value_or("");
    Result<ServeOptions> options = ResolveServeOptions(sources);
    if (!options) {
      context.env.err << "backcare serve: " << options.error().ToString() << "\n";
      context.exit_code = ExitCodeFor(options.error().code);
      return;
    }
    if (!context.env.serve) {
      context.env.err << "backcare serve: this build has no server\n";
      context.exit_code = ExitCodeFor(ErrorCode::kInternal);
      return;
    }
    context.exit_code = context.env.serve(*options);
  });
}

}  // namespace backcare::cli
