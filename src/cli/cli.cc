#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/commands.h"

namespace backcare::cli {

int RunCli(int argc, const char* const* argv, CliEnvironment& env) {
  CLI::App app{"backcare: a deep-tissue massage program for chronic low back pain, run as software",
               "backcare"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "backcare " + env.version);
  CommandContext context{env};
  for (const CommandSpec& command : CommandTable()) {
    command.add(app, context);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    env.out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp& e) {
    env.out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    env.out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    // A usage error names what was wrong (an unknown option, a missing argument).
    env.err << "backcare: " << e.what() << "\n";
    env.err << "Run 'backcare --help' for usage.\n";
    return 2;
  }
  if (app.get_subcommands().empty()) {
    env.out << app.help();
  }
  return context.exit_code;
}

}  // namespace backcare::cli
