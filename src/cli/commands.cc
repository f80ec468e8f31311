// The subcommand table: one row per subcommand; the function lives in NAME_command.cc.
#include "cli/commands.h"

#include <array>

namespace backcare::cli {

std::span<const CommandSpec> CommandTable() {
  static constexpr std::array<CommandSpec, 0> kCommands = {};
  return kCommands;
}

}  // namespace backcare::cli
