// Test helper: runs the backcare CLI in-process and captures its exit code and output.
// Used by the src/cli/*_test.cc files; not part of the backcare_cli library.
#ifndef BACKCARE_CLI_CLI_TESTING_H_
#define BACKCARE_CLI_CLI_TESTING_H_

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace backcare::cli {

struct CliRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Runs `backcare ARGS...` through RunCli with string streams and no store or server factories.
inline CliRun RunBackcare(std::vector<std::string> args) {
  args.insert(args.begin(), "backcare");
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  CliEnvironment env{out, err, "test"};
  const int exit_code = RunCli(static_cast<int>(argv.size()), argv.data(), env);
  return CliRun{exit_code, out.str(), err.str()};
}

}  // namespace backcare::cli

#endif  // BACKCARE_CLI_CLI_TESTING_H_
