// The composition root: the only file that knows every concrete adapter.
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  backcare::cli::CliEnvironment env{std::cout, std::cerr, BACKCARE_VERSION};
  return backcare::cli::RunCli(argc, argv, env);
}
