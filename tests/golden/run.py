#!/usr/bin/env python3
"""Golden tests for the CLI's human output and the HTTP API's error bodies (DuckDB `.test` spirit).

Each `.test` file under tests/golden/cli/ or tests/golden/http/ is a list of cases:

    === TITLE
    COMMAND OR REQUEST
    ----
    EXPECTED OUTPUT

Lines before the first `===` are the file's comment and are kept as they are. Cases run in order
and share state: one temporary folder per CLI file ($TMP), one fresh server per HTTP file.

CLI cases (tests/golden/cli/*.test): the command is one shell-quoted line; `backcare` is the binary
under test, other programs (sqlite3, sh) run from PATH. $TMP, $DATA (tests/golden/data), $SRC (the
source tree) and $BACKCARE (the binary, for `sh -c`) are substituted, and written back in the
output in place of the real values. The
expected output is stdout as printed, then `[stderr]` and stderr when there is any, then
`[exit N]`; `[no newline at end]` marks a stream without a final newline.

HTTP cases (tests/golden/http/*.test): the real `backcare serve` on a temporary SQLite database
seeded by backcare_http_fixture (two clinics a and b; tests/http/http_fixture.cc), on a free
loopback port. The request is

    METHOD PATH [as USER] [without csrf]
    [header NAME: VALUE]...
    [body TEXT | body-repeat CHARACTER COUNT]

USER is a fixture login (admin.a, front_desk.a, therapist.a, patient1.a, patient2.a, and the same
for b), logged in once and kept for the file; without `as` the request carries no credentials.
$a.patient1, $a.patient2, $a.therapist_id, $a.clinic_id (and $b....) are substituted in PATH and
TEXT. A body is sent as application/json unless a Content-Type header is given. The expected output
is `HTTP STATUS`, the headers Allow, Retry-After and WWW-Authenticate when present, then the body
(JSON pretty-printed in the server's key order).

Usage:
  run.py --backcare BIN [--fixture BIN] [--update] [FILE.test | FOLDER ...]
Without files: every .test file under tests/golden/. --update rewrites the expected outputs from
what the binaries print now (review the diff, then commit); `make golden` does this for all files.
Exit 0 when every case matches (or after an update), 1 otherwise, with a diff per failing case.
Test data is synthetic: the fixture's logins and ids, never patient data.
"""
import argparse
import difflib
import http.client
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
DATA_DIR = os.path.join(HERE, "data")
SHOWN_HEADERS = ["Allow", "Retry-After", "WWW-Authenticate"]


class Case:
    def __init__(self, title, line_number):
        self.title = title
        self.line_number = line_number
        self.input_lines = []
        self.expected_lines = []
        self.expected = ""
        self.actual = None


def parse(path):
    """Returns (the comment lines before the first case, the cases)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header, cases = [], []
    in_input = False
    for number, line in enumerate(lines, start=1):
        if line.startswith("=== "):
            cases.append(Case(line[4:], number))
            in_input = True
        elif not cases:
            header.append(line)
        elif in_input:
            if line == "----":
                in_input = False
            elif line.strip():
                cases[-1].input_lines.append(line)
        else:
            cases[-1].expected_lines.append(line)
    for case in cases:
        if not case.input_lines:
            raise SystemExit("%s:%d: case '%s' has no command" % (path, case.line_number, case.title))
        expected = case.expected_lines
        while expected and not expected[-1].strip():
            expected.pop()
        case.expected = "".join(line + "\n" for line in expected)
    return header, cases


def write(path, header, cases):
    out = []
    out.extend(line + "\n" for line in header)
    for index, case in enumerate(cases):
        if index > 0 or (header and header[-1].strip()):
            out.append("\n")
        out.append("=== %s\n" % case.title)
        out.extend(line + "\n" for line in case.input_lines)
        out.append("----\n")
        out.append(case.actual)
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def stream_block(text):
    if not text:
        return ""
    for line in text.split("\n"):
        if line.startswith("=== ") or line == "----":
            raise SystemExit("output line %r would read as a case boundary" % line)
    return text if text.endswith("\n") else text + "\n[no newline at end]\n"


# --- CLI ----------------------------------------------------------------------------------------

def run_cli_file(cases, binary):
    with tempfile.TemporaryDirectory(prefix="backcare-golden-") as tmp:
        env = dict(os.environ, TZ="UTC", LC_ALL="C")
        places = [("$TMP", tmp), ("$DATA", DATA_DIR), ("$SRC", SOURCE_DIR),
                  ("$BACKCARE", binary)]
        for case in cases:
            if len(case.input_lines) != 1:
                raise SystemExit("case '%s': a CLI case is one command line" % case.title)
            line = case.input_lines[0]
            for name, value in places:
                line = line.replace(name, value)
            argv = shlex.split(line)
            if argv[0] == "backcare":
                argv[0] = binary
            result = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp,
                                    stdin=subprocess.DEVNULL, timeout=300)
            out, err = result.stdout, result.stderr
            for name, value in places:  # TMP first: it may lie under another place
                out, err = out.replace(value, name), err.replace(value, name)
            block = stream_block(out)
            if err:
                block += "[stderr]\n" + stream_block(err)
            case.actual = block + "[exit %d]\n" % result.returncode


# --- HTTP ---------------------------------------------------------------------------------------

class Server:
    """`backcare serve` on a database, on 127.0.0.1:0 (as tests/http/http_api_test.py runs it)."""

    def __init__(self, binary, db_url):
        self.log_lines = []
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db_url, "--bind", "127.0.0.1:0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.port = None
        deadline = time.time() + 30
        while self.port is None:
            line = self.process.stderr.readline()
            if not line:
                raise SystemExit("server exited before listening: " + "".join(self.log_lines))
            self.log_lines.append(line)
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
            if time.time() > deadline:
                raise SystemExit("server did not start in 30 s")
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        for line in self.process.stderr:
            self.log_lines.append(line)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.reader.join(timeout=5)
        return code


def send(port, method, path, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


REQUEST_LINE = re.compile(r"^([A-Z]+) (\S+)"
                          r"(?: as ([a-z_0-9]+\.[ab]))?( without csrf)?$")


def run_http_file(cases, binary, fixture_binary):
    with tempfile.TemporaryDirectory(prefix="backcare-golden-") as tmp:
        db_url = "sqlite:" + os.path.join(tmp, "clinic.db")
        fixture_file = os.path.join(tmp, "fixture.json")
        subprocess.run([fixture_binary, db_url, fixture_file], check=True)
        with open(fixture_file) as f:
            fixture = json.load(f)
        values = {}
        for x, clinic in fixture["clinics"].items():
            values["$%s.patient1" % x], values["$%s.patient2" % x] = clinic["patient_ids"]
            values["$%s.therapist_id" % x] = clinic["therapist_id"]
            values["$%s.clinic_id" % x] = clinic["clinic_id"]

        def substitute(text):
            for key in sorted(values, key=len, reverse=True):
                text = text.replace(key, str(values[key]))
            return text

        server = Server(binary, db_url)
        sessions = {}  # "admin.a" -> (cookie, csrf token)

        def session(user):
            if user not in sessions:
                login, x = user.split(".")
                email = fixture["clinics"][x]["logins"][login]
                status, headers, text = send(
                    server.port, "POST", "/api/v1/login",
                    json.dumps({"email": email, "password": fixture["password"]}),
                    {"Content-Type": "application/json"})
                if status != 200:
                    raise SystemExit("login %s failed: %d %s" % (user, status, text))
                cookie = dict(headers)["Set-Cookie"].split(";")[0]
                sessions[user] = (cookie, json.loads(text)["csrf_token"])
            return sessions[user]

        try:
            for case in cases:
                match = REQUEST_LINE.match(case.input_lines[0])
                if not match:
                    raise SystemExit("case '%s': expected 'METHOD PATH [as USER] [without csrf]', "
                                     "got '%s'" % (case.title, case.input_lines[0]))
                method, path, user, without_csrf = match.groups()
                headers, body = {}, None
                for line in case.input_lines[1:]:
                    keyword, _, rest = line.partition(" ")
                    if keyword == "header":
                        name, _, value = rest.partition(": ")
                        headers[name] = value
                    elif keyword == "body":
                        body = substitute(rest).encode()
                    elif keyword == "body-repeat":
                        character, count = rest.split(" ")
                        body = character.encode() * int(count)
                    else:
                        raise SystemExit("case '%s': unknown line '%s'" % (case.title, line))
                if body is not None and not any(k.lower() == "content-type" for k in headers):
                    headers["Content-Type"] = "application/json"
                if user:
                    cookie, csrf = session(user)
                    headers["Cookie"] = cookie
                    if not without_csrf and method not in ("GET", "HEAD"):
                        headers["X-CSRF-Token"] = csrf
                status, response_headers, text = send(server.port, method, substitute(path), body,
                                                       headers)
                block = "HTTP %d\n" % status
                for name in SHOWN_HEADERS:
                    for key, value in response_headers:
                        if key.lower() == name.lower():
                            block += "%s: %s\n" % (name, value)
                try:
                    text = json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
                except ValueError:
                    pass
                case.actual = block + stream_block(text)
        finally:
            if server.process.poll() is None:
                server.stop()


# --- main ---------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backcare", required=True, help="the backcare binary")
    parser.add_argument("--fixture", help="backcare_http_fixture (needed for http/*.test)")
    parser.add_argument("--update", action="store_true",
                        help="rewrite the expected outputs from the actual ones")
    parser.add_argument("files", nargs="*", help=".test files or folders of them")
    args = parser.parse_args()
    binary = os.path.abspath(args.backcare)
    files = []
    for place in args.files or [HERE]:
        if os.path.isdir(place):
            files.extend(sorted(os.path.join(root, name) for root, _, names in os.walk(place)
                                for name in names if name.endswith(".test")))
        else:
            files.append(place)
    failed = total = 0
    for path in files:
        header, cases = parse(path)
        kind = os.path.basename(os.path.dirname(os.path.abspath(path)))
        if kind == "http":
            if not args.fixture:
                raise SystemExit("%s needs --fixture" % path)
            run_http_file(cases, binary, os.path.abspath(args.fixture))
        else:
            run_cli_file(cases, binary)
        relative = os.path.relpath(path, SOURCE_DIR)
        for case in cases:
            total += 1
            if case.actual != case.expected and not args.update:
                failed += 1
                print("FAIL %s:%d: %s" % (relative, case.line_number, case.title))
                sys.stdout.writelines(difflib.unified_diff(
                    case.expected.splitlines(True), case.actual.splitlines(True),
                    "expected", "actual"))
        if args.update:
            if any(case.actual != case.expected for case in cases):
                print("updated " + relative)
            write(path, header, cases)
    if args.update:
        print("golden: %d case(s) in %d file(s) rewritten; review with git diff" % (total,
                                                                                   len(files)))
        return 0
    if failed:
        print("golden: %d of %d case(s) differ; if the change is intended, run `make golden` and "
              "review the diff" % (failed, total))
        return 1
    print("golden: all %d case(s) in %d file(s) match" % (total, len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
