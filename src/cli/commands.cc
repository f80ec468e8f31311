// The subcommand table: one row per subcommand; the function lives in NAME_command.cc.
#include "cli/commands.h"

#include <vector>

namespace backcare::cli {

std::span<const CommandSpec> CommandTable() {
  static const std::vector<CommandSpec> kCommands = {
      {"protocol", AddProtocolCommand}, {"score", AddScoreCommand},
      {"progress", AddProgressCommand}, {"screen", AddScreenCommand},
      {"plan", AddPlanCommand},         {"serve", AddServeCommand},
      {"migrate", AddMigrateCommand},   {"clinic", AddClinicCommand},
      {"backup", AddBackupCommand},     {"restore", AddRestoreCommand},
      {"demo", AddDemoCommand},         {"audit", AddAuditCommand},
      {"report", AddReportCommand},     {"cohort", AddCohortCommand},
      {"export", AddExportCommand},     {"import", AddImportCommand},
  };
  return kCommands;
}

}  // namespace backcare::cli
