// `backcare audit verify --db URL [--clinic N]`: checks every clinic's audit hash chain (or one
// clinic's) in the database (app/audit_trail.h). Exit 0 and "audit chain intact: N events" when
// every chain holds; exit 7 (kDataCorruption) and "backcare audit verify: clinic C: audit chain
// broken at event S: ..." naming the first bad event otherwise. Read-only.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "cli/commands.h"
#include "core/base/result.h"

namespace backcare::cli {
namespace {

struct AuditVerifyOptions {
  std::string db_url;
  std::int64_t clinic = 0;  // 0 = every clinic
};

Result<std::int64_t> VerifyAll(CliEnvironment& env, const AuditVerifyOptions& options) {
  if (!env.open_store) {
    return Internal("no store factory configured");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<ports::ClinicStore> store, env.open_store(options.db_url));
  ASSIGN_OR_RETURN(auto transaction, store->BeginReadOnly());
  std::vector<ClinicId> clinics;
  if (options.clinic > 0) {
    RETURN_IF_ERROR(transaction->GetClinic(ClinicId{options.clinic}));
    clinics.push_back(ClinicId{options.clinic});
  } else {
    ASSIGN_OR_RETURN(std::vector<clinic::Clinic> all, transaction->ListClinics());
    for (const clinic::Clinic& clinic : all) {
      clinics.push_back(clinic.id);
    }
  }
  std::int64_t events = 0;
  for (ClinicId clinic_id : clinics) {
    ASSIGN_OR_RETURN(app::AuditChainReport report, app::VerifyAuditChain(*transaction, clinic_id));
    events += report.events;
  }
  return events;
}

}  // namespace

void AddAuditCommand(CLI::App& app, CommandContext& context) {
  CLI::App* audit = app.add_subcommand("audit", "Check the audit trail");
  audit->require_subcommand(1);
  auto options = std::make_shared<AuditVerifyOptions>();
  CLI::App* verify = audit->add_subcommand(
      "verify", "Verify every clinic's audit hash chain; exit 7 naming the first broken event");
  verify->add_option("--db", options->db_url, "Database URL, e.g. sqlite:demo-data/demo.db")
      ->required();
  verify->add_option("--clinic", options->clinic, "Only this clinic id")
      ->check(CLI::PositiveNumber);
  verify->callback([options, &context] {
    auto events = VerifyAll(context.env, *options);
    if (!events) {
      context.env.err << "backcare audit verify: " << events.error().ToString() << "\n";
      context.exit_code = ExitCodeFor(events.error().code);
      return;
    }
    context.env.out << "audit chain intact: " << *events << " events\n";
    context.exit_code = 0;
  });
}

}  // namespace backcare::cli
