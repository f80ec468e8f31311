// `backcare clinic create --db URL --name NAME --time-zone ZONE --admin-email EMAIL
// [--admin-name NAME] [--invite [--url BASE]] [--json]`: first install. Migrates the database, then
// creates the clinic and its first admin in one transaction
// (app::AccountService::CreateClinicWithAdmin, audited as the system from "cli"); the admin's
// password comes from CliEnvironment::read_secret (a prompt with no echo, or the first line of
// stdin) and must pass the password policy. With --invite no password is read: a one-time
// set-password link (BASE/set-password#token=..., valid 72 hours) is printed for the admin. A
// second clinic in the same database (a network) is created the same way; clinic names and login
// emails are unique across the database. `backcare clinic list --db URL [--json]`: every clinic
// with its id, time zone and demo marker. Errors name the field (name, time_zone, admin_email,
// admin_password) and write nothing: exit 2 for bad input, 4 for a taken name or email
// (core/base/result.h).
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "app/account_service.h"
#include "app/audit_log.h"
#include "app/crypto/crypto.h"
#include "cli/app_setup.h"
#include "cli/commands.h"

namespace backcare::cli {
namespace {

struct CreateOptions {
  std::string db_url;
  std::string name;
  std::string time_zone;
  std::string admin_email;
  std::string admin_name;
  bool invite = false;
  std::string url = "http://127.0.0.1:8080";  // where the admin will open the link
  bool json = false;
};

Result<app::CreatedClinic> CreateClinic(CliEnvironment& env, const CreateOptions& options) {
  if (!env.open_store || !env.read_secret) return Internal("this build has no store");
  // The password is read first, so a typo costs no database work.
  std::string password;
  if (!options.invite) {
    ASSIGN_OR_RETURN(password, env.read_secret("Password for " + options.admin_email + ": "));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> store, env.open_store(options.db_url));
  RETURN_IF_ERROR(store->Migrate());
  ASSIGN_OR_RETURN(std::unique_ptr<app::ProtocolCatalog> protocols, NewProtocolCatalog());
  const SystemClock clock;
  app::AuditLog audit_log(*store);
  const app::AppContext context{*store, clock, *protocols, IanaTimeZones(), audit_log};
  const std::unique_ptr<app::crypto::PasswordHasher> hasher = app::crypto::NewArgon2idHasher();
  app::AccountService accounts(context, *hasher);
  return accounts.CreateClinicWithAdmin(
      {options.name, options.time_zone},
      {options.admin_email, options.admin_name, password, options.invite}, "cli");
}

std::string LinkUrl(const CreateOptions& options, const app::IssuedLink& link) {
  std::string base = options.url;
  while (base.ends_with('/')) base.pop_back();
  return base + "/set-password#token=" + link.token;
}

Result<std::vector<clinic::Clinic>> ListClinics(CliEnvironment& env, const std::string& url) {
  if (!env.open_store) return Internal("this build has no store");
  ASSIGN_OR_RETURN(std::unique_ptr<store::Database> store, env.open_store(url));
  ASSIGN_OR_RETURN(const int version, store->SchemaVersion());
  if (version == 0) return std::vector<clinic::Clinic>{};  // nothing created yet
  ASSIGN_OR_RETURN(auto transaction, store->BeginReadOnly());
  return transaction->ListClinics();
}

void AddCreate(CLI::App& clinic, CommandContext& context) {
  auto options = std::make_shared<CreateOptions>();
  CLI::App* create = clinic.add_subcommand(
      "create",
      "Create a clinic and its first admin (password from a prompt or stdin, or --invite)");
  create->add_option("--db", options->db_url, "Database URL: sqlite:PATH or postgresql://...")
      ->required();
  create->add_option("--name", options->name, "The clinic's name (unique in the database)")
      ->required();
  create->add_option("--time-zone", options->time_zone, "IANA time zone, e.g. Europe/London")
      ->required();
  create->add_option("--admin-email", options->admin_email, "The first admin's login email")
      ->required();
  create->add_option("--admin-name", options->admin_name, "The first admin's display name");
  create->add_flag("--invite", options->invite,
                   "Read no password: print a one-time set-password link for the admin instead");
  create->add_option("--url", options->url,
                     "With --invite: the server's address as the admin reaches it (default "
                     "http://127.0.0.1:8080)");
  create->add_flag("--json", options->json, "Print the result as JSON");
  create->callback([options, &context] {
    Result<app::CreatedClinic> created = CreateClinic(context.env, *options);
    if (!created) return ReportError(context, "clinic create", options->json, created.error());
    if (options->json) {
      nlohmann::ordered_json out = {{"clinic_id", created->clinic_id.value()},
                                    {"name", options->name},
                                    {"time_zone", options->time_zone},
                                    {"admin_user_id", created->admin_id.value()},
                                    {"admin_email", options->admin_email}};
      if (created->invitation) {
        out["set_password_url"] = LinkUrl(*options, *created->invitation);
        out["expires_at"] = clinic::FormatInstant(created->invitation->expires_at);
      }
      context.env.out << out.dump() << "\n";
    } else if (created->invitation) {
      context.env.out << "clinic '" << options->name << "' created (id "
                      << created->clinic_id.value() << ", " << options->time_zone << ")\n"
                      << "admin " << options->admin_email << " (user " << created->admin_id.value()
                      << ") sets a password once, before "
                      << clinic::FormatInstant(created->invitation->expires_at) << ", at:\n"
                      << "  " << LinkUrl(*options, *created->invitation) << "\n"
                      << "then logs in once the server runs:\n"
                      << "  backcare serve --db " << options->db_url << "\n";
    } else {
      context.env.out << "clinic '" << options->name << "' created (id "
                      << created->clinic_id.value() << ", " << options->time_zone << ")\n"
                      << "admin " << options->admin_email << " (user " << created->admin_id.value()
                      << ") can log in once the server runs:\n"
                      << "  backcare serve --db " << options->db_url << "\n";
    }
    context.exit_code = 0;
  });
}

void AddList(CLI::App& clinic, CommandContext& context) {
  auto url = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  CLI::App* list = clinic.add_subcommand("list", "List the database's clinics");
  list->add_option("--db", *url, "Database URL: sqlite:PATH or postgresql://...")->required();
  list->add_flag("--json", *json, "Print the clinics as a JSON array");
  list->callback([url, json, &context] {
    Result<std::vector<clinic::Clinic>> clinics = ListClinics(context.env, *url);
    if (!clinics) return ReportError(context, "clinic list", *json, clinics.error());
    if (*json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const clinic::Clinic& c : *clinics) {
        out.push_back(
            {{"id", c.id.value()}, {"name", c.name}, {"time_zone", c.time_zone}, {"demo", c.demo}});
      }
      context.env.out << out.dump() << "\n";
    } else if (clinics->empty()) {
      context.env.out << "no clinics yet (backcare clinic create)\n";
    } else {
      for (const clinic::Clinic& c : *clinics) {
        context.env.out << c.id.value() << "  " << c.name << "  " << c.time_zone
                        << (c.demo ? "  (demo)" : "") << "\n";
      }
    }
    context.exit_code = 0;
  });
}

}  // namespace

void AddClinicCommand(CLI::App& app, CommandContext& context) {
  CLI::App* clinic = app.add_subcommand("clinic", "Create and list clinics (first install)");
  clinic->require_subcommand(1);
  AddCreate(*clinic, context);
  AddList(*clinic, context);
}

}  // namespace backcare::cli
