// The backcare command line: one table of subcommands (commands.cc), each in its own file.
// RunCli parses argv, runs the chosen subcommand and returns the process exit code; it writes
// only to the streams in CliEnvironment, so tests can run it in-process.
#ifndef BACKCARE_CLI_CLI_H_
#define BACKCARE_CLI_CLI_H_

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/serve_options.h"
#include "core/base/result.h"
#include "store/database.h"

namespace backcare::cli {

// What the composition root (main.cc) hands the CLI. Adapters the CLI may not construct itself
// (stores, the HTTP server) arrive here as factories.
struct CliEnvironment {
  std::ostream& out;
  std::ostream& err;
  std::string version;
  // Runs the HTTP server until SIGTERM/SIGINT and returns the exit code (set by main.cc; unset in
  // builds or tests without a server). `backcare serve` and `backcare demo` call it.
  std::function<int(const ServeOptions&)> serve = nullptr;
  // Opens a database from its URL (store::OpenStore, set by main.cc; unset in tests that need
  // no store). `migrate`, `backup`, `restore`, `demo` and `audit` use it; store::Database is the
  // one store header the CLI may include (its administration: migrations and backups).
  std::function<Result<std::unique_ptr<store::Database>>(const std::string& url)> open_store =
      nullptr;
  // For a "sqlite:PATH" URL deletes the database file with its WAL, SHM and journal files
  // (creating the folder) and returns PATH; for other URLs does nothing and returns nullopt
  // (store::DeleteSqliteDatabase, set by main.cc). `demo` uses it to start afresh.
  std::function<Result<std::optional<std::string>>(std::string_view url)> delete_sqlite_database =
      nullptr;
  // Reads a password for `clinic create` (cli/terminal.h's ReadSecret, set by main.cc: a prompt
  // with no echo on a terminal, else the first line of stdin); tests set their own.
  std::function<Result<std::string>(std::string_view prompt)> read_secret = nullptr;
};

// Exit codes: 0 success; usage errors 2; otherwise ExitCodeFor(error.code) (core/base/result.h).
int RunCli(int argc, const char* const* argv, CliEnvironment& env);

}  // namespace backcare::cli

#endif  // BACKCARE_CLI_CLI_H_
