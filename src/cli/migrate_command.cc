// `backcare migrate --db URL`: brings the database schema to the version this binary knows.
//
// Prints "schema at version N (applied 1, 2)" or "schema up to date at version N" on stdout and
// exits 0; a database that cannot be opened, or whose schema is newer than this binary, prints the
// error on stderr and exits with its code (core/base/result.h). The store comes from
// CliEnvironment::open_store, so this file names no concrete store.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "core/ports/clinic_store.h"

namespace backcare::cli {

void AddMigrateCommand(CLI::App& app, CommandContext& context) {
  CLI::App* command =
      app.add_subcommand("migrate", "Create or upgrade the database schema (numbered migrations)");
  auto url = std::make_shared<std::string>();
  command->add_option("--db", *url, "Database URL: sqlite:PATH or postgresql://...")->required();
  command->callback([url, &context] {
    auto fail = [&context](const Error& error) {
      context.env.err << "backcare migrate: " << error.ToString() << "\n";
      context.exit_code = ExitCodeFor(error.code);
    };
    if (!context.env.open_store) {
      return fail(Internal("this build has no store"));
    }
    auto store = context.env.open_store(*url);
    if (!store) {
      return fail(store.error());
    }
    auto applied = (*store)->Migrate();
    if (!applied) {
      return fail(applied.error());
    }
    const int version = (*store)->LatestSchemaVersion();
    if (applied->empty()) {
      context.env.out << "schema up to date at version " << version << "\n";
    } else {
      context.env.out << "schema at version " << version << " (applied";
      for (std::size_t i = 0; i < applied->size(); ++i) {
        context.env.out << (i == 0 ? " " : ", ") << (*applied)[i];
      }
      context.env.out << ")\n";
    }
    context.exit_code = 0;
  });
}

}  // namespace backcare::cli
