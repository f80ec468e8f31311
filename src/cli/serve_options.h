// The settings of `backcare serve`, fully resolved (flag > environment variable > config file >
// default; docs/http.md). The CLI resolves them and hands them to CliEnvironment::serve, which
// main.cc connects to the HTTP server; `backcare demo` builds them directly.
#ifndef BACKCARE_CLI_SERVE_OPTIONS_H_
#define BACKCARE_CLI_SERVE_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/base/result.h"

namespace backcare::cli {

struct ServeOptions {
  std::string db_url;  // required unless list_routes
  std::string host = "127.0.0.1";
  int port = 8080;            // 0 = any free port (the log line "listening on ..." names it)
  std::string tls_cert_file;  // both set: HTTPS
  std::string tls_key_file;
  std::string static_dir;             // served at "/" when set
  std::string access_log = "stderr";  // "stderr", "stdout" or "off"
  int threads = 0;  // worker threads that run handlers; 0 = WorkerThreadsFor's choice
  std::int64_t max_body_bytes = 1 << 20;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 60;  // an idle keep-alive connection is closed after this
  int max_connections = 10'000;         // beyond: new connections are closed at once
  std::string trusted_proxies;          // CIDR list whose X-Forwarded-For names the client
  int login_threads = 2;                // threads hashing passwords for POST /api/v1/login
  int session_idle_minutes = 30;
  int session_max_hours = 12;  // a session ends this long after its login, however busy
  // The address people reach the server at ("https://clinic.example"): links in emails use it.
  std::string public_url;
  // Email (all optional together; smtp_url set requires smtp_from and public_url). The password
  // comes from smtp_password_file, or BACKCARE_SMTP_PASSWORD (never a flag).
  std::string smtp_url;  // smtp://HOST:587 (STARTTLS) or smtps://HOST:465
  std::string smtp_from;
  std::string smtp_user;
  std::string smtp_password_file;
  // Web Push: "default" (the browsers' push services, mail::DefaultPushHosts), "off", or a
  // comma-separated list of hosts (".domain" for its subdomains) the server may POST pushes to.
  std::string push_hosts = "default";
  bool list_routes = false;  // print the route table as JSON and exit
};

// Where each setting may come from. `flags` holds the command-line values by setting name
// ("db", "bind", "threads", ...); `env` looks up an environment variable (nullopt when unset);
// `config_file` is the path given by --config or BACKCARE_CONFIG (empty = none).
struct ServeSources {
  std::map<std::string, std::string> flags;
  std::function<std::optional<std::string>(const std::string& name)> env;
  std::string config_file;
};

// Merges the sources. kInvalidInput "invalid serve settings" listing every bad setting, e.g.
// field "bind": "expected HOST:PORT, got 'localhost' (from BACKCARE_BIND)", "threads": "expected
// an integer in [1, 1024], got 0 (from --threads)", "db": "required: --db, BACKCARE_DB or 'db' in
// the config file". Config file errors are returned as the file codec reports them.
Result<ServeOptions> ResolveServeOptions(const ServeSources& sources);

// The worker pool's size: `options.threads` when set, else chosen from the store and the
// machine's `cores` (at least 4). A handler on SQLite uses the CPU from start to end, so more
// handlers than cores only contend for SQLite's locks: 2 per core. A handler on PostgreSQL waits
// for the database's round trips: 4 per core. (Measured in docs/http.md, "Session 11": on 2 cores
// 128 workers cost a chart read 66-86 us of CPU, 4 workers 42-46 us.)
int WorkerThreadsFor(const ServeOptions& options, unsigned cores);

}  // namespace backcare::cli

#endif  // BACKCARE_CLI_SERVE_OPTIONS_H_
