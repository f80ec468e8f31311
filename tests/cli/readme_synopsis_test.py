#!/usr/bin/env python3
"""README.md's "Command line" block against `backcare --help` (issue 14 item 8).

Walks the subcommand tree from the binary's help (`backcare --help`, `backcare SUB --help`, ...)
and checks, for every command that has options or no subcommands of its own: the README block has
an entry for it (a line starting `backcare SUB ...`, continued by indented lines), the entries
name every flag its help lists, and they name no flag or subcommand the binary lacks.
Usage: readme_synopsis_test.py BACKCARE_BINARY README.md
"""
import re
import subprocess
import sys


def help_of(binary, path):
    """(flags, subcommands) of `backcare PATH... --help`."""
    text = subprocess.run([binary, *path, "--help"], capture_output=True, text=True,
                          check=True).stdout
    flags, subcommands, section = set(), [], None
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line[:-1]
            continue
        if section == "Options":
            match = re.match(r"^  (?:-\w,)?(--[\w-]+)", line)
            if match and match.group(1) != "--help":
                flags.add(match.group(1))
        elif section == "Subcommands":
            match = re.match(r"^  ([a-z][\w-]*)\s", line)
            if match:
                subcommands.append(match.group(1))
    return flags, subcommands


def tree(binary, path=()):
    """Every command path with its flags and subcommands, depth first."""
    flags, subcommands = help_of(binary, list(path))
    yield path, flags, subcommands
    for sub in subcommands:
        yield from tree(binary, (*path, sub))


def synopsis(readme):
    """The entries of the first code block under '## Command line', each as one string."""
    text = open(readme, encoding="utf-8").read()
    section = text.split("## Command line", 1)[1]
    block = section.split("```", 2)[1]
    entries = []
    for line in block.splitlines():
        if line.startswith("backcare"):
            entries.append(line)
        elif line.strip() and entries:
            entries[-1] += " " + line.strip()
    return entries


def main():
    binary, readme = sys.argv[1], sys.argv[2]
    commands = {path: (flags, subs) for path, flags, subs in tree(binary)}
    # Each entry belongs to the longest command path its leading words spell.
    named = {}
    for entry in synopsis(readme):
        words = entry.split()[1:]
        path = ()
        while words and (*path, words[0]) in commands:
            path = (*path, words.pop(0))
        flags = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", " ".join(words)))
        named.setdefault(path, set()).update(flags)
    failures = []
    for path, (flags, subs) in commands.items():
        name = " ".join(("backcare", *path))
        if not flags and subs:
            continue  # a group: its subcommands have the entries
        if path not in named:
            failures.append(f"{name}: no entry in README.md's Command line block")
            continue
        for flag in sorted(flags - named[path]):
            failures.append(f"{name}: README.md does not mention {flag}")
    for path, flags in named.items():
        known = commands[path][0] | {"--help"}
        for flag in sorted(flags - known):
            failures.append(f"{' '.join(('backcare', *path))}: README.md names {flag}, "
                            "which --help does not list")
    for failure in failures:
        print("FAIL " + failure)
    print(f"{len(commands)} commands checked against README.md; {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
