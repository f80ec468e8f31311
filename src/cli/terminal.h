// Terminal helpers for CLI commands: reading a secret (a password) from a terminal with echo
// off, or from the first line of standard input when it is not a terminal (a script:
// `printf '%s\n' "$PW" | backcare clinic create ...`); whether stdout is a terminal (progress).
#ifndef BACKCARE_CLI_TERMINAL_H_
#define BACKCARE_CLI_TERMINAL_H_

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace backcare::cli {

// On a terminal: writes `prompt` to stderr, reads a line with echo off, then asks again and
// requires the same text (kInvalidInput "the two passwords differ"). Otherwise: the first line of
// stdin without its line ending (kInvalidInput when stdin is empty).
Result<std::string> ReadSecret(std::string_view prompt);

// True when standard output is a terminal: long-running commands then show their progress (on
// stderr); under a pipe or a file they stay quiet.
bool StdoutIsTerminal();

}  // namespace backcare::cli

#endif  // BACKCARE_CLI_TERMINAL_H_
