#include "cli/terminal.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <optional>
#include <string>

namespace backcare::cli {
namespace {

// One line from stdin without "\n" or "\r\n"; nullopt at end of input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Reads a line with the terminal's echo off, restoring it afterwards.
std::optional<std::string> ReadHidden(std::string_view prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool have_terminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (have_terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::optional<std::string> line = ReadLine();
  if (have_terminal) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << "\n";
  return line;
}

}  // namespace

Result<std::string> ReadSecret(std::string_view prompt) {
  if (::isatty(STDIN_FILENO) == 0) {
    std::optional<std::string> line = ReadLine();
    if (!line) return InvalidInput("expected the password on the first line of standard input");
    return *std::move(line);
  }
  std::optional<std::string> first = ReadHidden(prompt);
  if (!first) return InvalidInput("no password entered");
  std::optional<std::string> again = ReadHidden("Again: ");
  if (!again || *again != *first) return InvalidInput("the two passwords differ");
  return *std::move(first);
}

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) != 0; }

}  // namespace backcare::cli
