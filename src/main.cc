// The composition root: the only file that knows every concrete adapter.
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "app/audit_log.h"
#include "app/crypto/crypto.h"
#include "cli/app_setup.h"
#include "cli/cli.h"
#include "cli/terminal.h"
#include "http/api/route_table.h"
#include "http/server/serve.h"
#include "mail/push_sender.h"
#include "mail/smtp_sender.h"
#include "store/open_store.h"
#include "store/sqlite/sqlite_file.h"

namespace {

// The SMTP adapter for `options`, or null when no smtp_url is set. The password comes from
// smtp_password_file (its first line) or BACKCARE_SMTP_PASSWORD.
backcare::Result<std::unique_ptr<backcare::ports::MailSender>> MailSenderFor(
    const backcare::cli::ServeOptions& options) {
  using namespace backcare;
  if (options.smtp_url.empty()) return std::unique_ptr<ports::MailSender>();
  mail::SmtpSettings settings{options.smtp_url, options.smtp_from, options.smtp_user, ""};
  if (!options.smtp_password_file.empty()) {
    std::ifstream file(options.smtp_password_file);
    if (!file || !std::getline(file, settings.password)) {
      return InvalidInput("invalid mail settings",
                          {{"", "smtp_password_file",
                            "cannot read a line from '" + options.smtp_password_file + "'"}});
    }
  } else if (const char* password = std::getenv("BACKCARE_SMTP_PASSWORD")) {
    settings.password = password;
  }
  return mail::NewSmtpSender(std::move(settings));
}

// The Web Push adapter for `options`, or null when push_hosts is "off".
backcare::Result<std::unique_ptr<backcare::ports::PushSender>> PushSenderFor(
    const backcare::cli::ServeOptions& options) {
  using namespace backcare;
  if (options.push_hosts == "off") return std::unique_ptr<ports::PushSender>();
  mail::PushSenderSettings settings;
  if (options.push_hosts == "default") {
    settings.allowed_hosts = mail::DefaultPushHosts();
  } else {
    std::stringstream list(options.push_hosts);
    for (std::string host; std::getline(list, host, ',');) {
      const auto first = host.find_first_not_of(' ');
      const auto last = host.find_last_not_of(' ');
      settings.allowed_hosts.push_back(
          first == std::string::npos ? "" : host.substr(first, last - first + 1));
    }
  }
  return mail::NewPushSender(std::move(settings));
}

// The VAPID contact the push services may write to: the clinic's email address, else its public
// address, else none (RFC 8292 makes it optional; Apple's service wants one).
std::string PushSubjectFor(const backcare::cli::ServeOptions& options) {
  if (!options.smtp_from.empty()) return "mailto:" + options.smtp_from;
  return options.public_url;
}

// `backcare serve` (and `backcare demo`): open and migrate the store, then serve until a signal;
// the store closes when this returns, after in-flight requests finished.
int Serve(const backcare::cli::ServeOptions& options) {
  using namespace backcare;
  if (options.list_routes) {
    std::cout << http::api::RouteTableJson() << "\n";
    return 0;
  }
  // Before the store, the audit writer and the worker pools start threads.
  http::BlockStopSignals();
  auto fail = [](const Error& error) {
    std::cerr << "backcare serve: " << error.ToString() << "\n";
    return ExitCodeFor(error.code);
  };
  Result<std::unique_ptr<ports::MailSender>> mail_sender = MailSenderFor(options);
  if (!mail_sender) return fail(mail_sender.error());
  Result<std::unique_ptr<ports::PushSender>> push_sender = PushSenderFor(options);
  if (!push_sender) return fail(push_sender.error());
  Result<std::unique_ptr<store::Database>> store = store::OpenStore(options.db_url);
  if (!store) return fail(store.error());
  if (auto migrated = (*store)->Migrate(); !migrated) return fail(migrated.error());
  Result<std::unique_ptr<app::ProtocolCatalog>> protocols = cli::NewProtocolCatalog();
  if (!protocols) return fail(protocols.error());
  cli::SystemClock clock;
  app::AuditLog audit_log(**store);
  app::AppContext context{**store, clock, **protocols, cli::IanaTimeZones(), audit_log};
  std::unique_ptr<app::crypto::PasswordHasher> hasher = app::crypto::NewArgon2idHasher();

  http::ServeConfig config;
  config.public_url = options.public_url;
  config.mail_sender = mail_sender->get();
  config.push_sender = push_sender->get();
  config.push_subject = PushSubjectFor(options);
  config.server.host = options.host;
  config.server.port = options.port;
  config.server.tls_cert_file = options.tls_cert_file;
  config.server.tls_key_file = options.tls_key_file;
  config.server.static_dir = options.static_dir;
  config.server.worker_threads =
      cli::WorkerThreadsFor(options, std::thread::hardware_concurrency());
  config.server.max_body_bytes = static_cast<std::size_t>(options.max_body_bytes);
  config.server.read_timeout = std::chrono::seconds(options.read_timeout_seconds);
  config.server.write_timeout = std::chrono::seconds(options.write_timeout_seconds);
  config.server.keep_alive_timeout = std::chrono::seconds(options.keep_alive_timeout_seconds);
  config.server.max_connections = options.max_connections;
  config.server.trusted_proxies = options.trusted_proxies;
  config.server.login_worker_threads = options.login_threads;
  config.sessions.idle_timeout = std::chrono::minutes(options.session_idle_minutes);
  config.sessions.absolute_timeout = std::chrono::hours(options.session_max_hours);
  config.access_log = options.access_log == "off"      ? nullptr
                      : options.access_log == "stdout" ? &std::cout
                                                       : &std::cerr;
  return http::Serve(config, context, *hasher, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
  backcare::cli::CliEnvironment env{std::cout, std::cerr, BACKCARE_VERSION};
  env.serve = Serve;
  // The CLI's stores stamp updated_at with the system clock (store::DefaultClock()).
  env.open_store = [](const std::string& url) { return backcare::store::OpenStore(url); };
  env.delete_sqlite_database = backcare::store::DeleteSqliteDatabase;
  env.read_secret = backcare::cli::ReadSecret;
  return backcare::cli::RunCli(argc, argv, env);
}
