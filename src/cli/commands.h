// The subcommand table and the registration function each subcommand file defines.
// Internal to src/cli.
#ifndef BACKCARE_CLI_COMMANDS_H_
#define BACKCARE_CLI_COMMANDS_H_

#include <span>
#include <string_view>

#include "cli/cli.h"

namespace CLI {
class App;
}  // namespace CLI

namespace backcare::cli {

// Per-run state a subcommand's callback writes: the exit code to return.
struct CommandContext {
  CliEnvironment& env;
  int exit_code = 0;
};

// Adds one subcommand (with its options and callback) to `app`.
using AddCommandFn = void (*)(CLI::App& app, CommandContext& context);

struct CommandSpec {
  const char* name;
  AddCommandFn add;
};

// protocol_command.cc: `protocol validate FILE`, `protocol show [FILE] [--json]`,
// `protocol import --db URL FILE [--activate CLINIC_ID]...`.
void AddProtocolCommand(CLI::App& app, CommandContext& context);
// score_command.cc: `score INSTRUMENT ANSWERS`, `score change INSTRUMENT --baseline B --followup
// F`.
void AddScoreCommand(CLI::App& app, CommandContext& context);
// progress_command.cc: `progress --week W --reduction PCT [--protocol FILE]`.
void AddProgressCommand(CLI::App& app, CommandContext& context);
// screen_command.cc: `screen FILE.json [--protocol FILE]`.
void AddScreenCommand(CLI::App& app, CommandContext& context);
// plan_command.cc: `plan --start DATE --tz ZONE --availability WINDOWS [...]` (docs/planning.md).
void AddPlanCommand(CLI::App& app, CommandContext& context);
// serve_command.cc: `serve --db URL [--bind HOST:PORT] [--config FILE] ...` (docs/http.md).
void AddServeCommand(CLI::App& app, CommandContext& context);

// migrate_command.cc: `migrate --db URL`.
void AddMigrateCommand(CLI::App& app, CommandContext& context);
// backup_command.cc: `backup --db URL --out FILE [--key-file F]`, `backup keygen --out F`.
void AddBackupCommand(CLI::App& app, CommandContext& context);
// backup_command.cc: `restore --db URL --in FILE [--key-file F]`.
void AddRestoreCommand(CLI::App& app, CommandContext& context);

// demo_command.cc: `demo [--db URL] [--bind HOST:PORT] [--logins-json FILE] [--today DATE]
// [--no-serve]`.
void AddDemoCommand(CLI::App& app, CommandContext& context);
// clinic_command.cc: `clinic create --db URL --name N --time-zone Z --admin-email E`,
// `clinic list --db URL`.
void AddClinicCommand(CLI::App& app, CommandContext& context);
// audit_command.cc: `audit verify --db URL [--clinic N]`.
void AddAuditCommand(CLI::App& app, CommandContext& context);
// report_command.cc: `report outcomes --db URL [--as-of D] [--clinic ID] [--therapist ID]
// [--from D --to D] [--sciatic yes|no] [--protocol ID[@VERSION]] [--json]` (docs/analytics.md).
void AddReportCommand(CLI::App& app, CommandContext& context);
// cohort_command.cc: `cohort generate --db URL --courses N --seed S [--clinics C] [--as-of D]
// [--json]`.
void AddCohortCommand(CLI::App& app, CommandContext& context);
// csv_command.cc: `export csv --db URL --out DIR [--clinic ID] [--json]`, `import csv --db URL
// --in FILE --kind patients|sessions|responses [--clinic ID] [--dry-run] [--json]` (docs/csv.md).
void AddExportCommand(CLI::App& app, CommandContext& context);
void AddImportCommand(CLI::App& app, CommandContext& context);

// Reports `error` of subcommand `command` and sets the exit code (ExitCodeFor): under --json an
// object {"status", "message", "errors"?: [{"location", "path", "message"}]} on stdout, else
// "backcare COMMAND: <error>" on stderr.
void ReportError(CommandContext& context, std::string_view command, bool json, const Error& error);

// Every subcommand, in the order --help lists them.
std::span<const CommandSpec> CommandTable();

}  // namespace backcare::cli

#endif  // BACKCARE_CLI_COMMANDS_H_
