#!/usr/bin/env python3
"""docs/architecture.md's include arrows equal the ones tests/layering_check.sh enforces.

The doc's first code block lists `src/LAYER -> a, b, c` per layer (main.cc and "std only"
aside); layering_check.sh's allowed_layers() says which layers each layer may include (itself
included). Both must name the same layers for every layer.
Usage: architecture_doc_test.py SOURCE_DIR
"""
import re
import sys


def doc_arrows(path):
    block = open(path, encoding="utf-8").read().split("```", 2)[1]
    arrows = {}
    for line in block.splitlines():
        match = re.match(r"^\s*src/(\w+)\s+->\s+(.*)$", line)
        if not match:
            continue
        layer, rest = match.groups()
        targets = re.match(r"^((?:\w+(?:, )?)+)", rest).group(1)
        names = {name.strip() for name in targets.split(",")} - {"std"}
        arrows[layer] = names
    return arrows


def check_arrows(path):
    text = open(path, encoding="utf-8").read()
    body = text.split("allowed_layers() {", 1)[1].split("esac", 1)[0]
    arrows = {}
    for layer, allowed in re.findall(r"^\s*(\w+)\) echo \"([^\"]*)\" ;;", body, re.M):
        arrows[layer] = set(allowed.split()) - {layer}
    return arrows


def main():
    source = sys.argv[1]
    documented = doc_arrows(source + "/docs/architecture.md")
    enforced = check_arrows(source + "/tests/layering_check.sh")
    failures = []
    for layer in sorted(set(documented) | set(enforced)):
        doc, rule = documented.get(layer), enforced.get(layer)
        if doc is None or rule is None:
            failures.append(f"src/{layer}: only in {'the check' if doc is None else 'the doc'}")
        elif doc != rule:
            failures.append(f"src/{layer}: the doc says {sorted(doc)}, the check allows "
                            f"{sorted(rule)}")
    for failure in failures:
        print("FAIL " + failure)
    print(f"{len(enforced)} layers compared; {len(failures)} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
