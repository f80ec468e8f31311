"""The HTTP test harness shared by the phases of http_api_test.py: a `Server` running the real
binary on a free loopback port, a `Client` that keeps its session cookie and CSRF token and records
every response for the OpenAPI validation, and the `check`/`expect` helpers that collect failures
instead of stopping at the first."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROLES = ["admin", "therapist", "front_desk", "patient"]
FAILURES = []
SAMPLES = []


def wait_until(condition, timeout, what):
    """Polls `condition` until it holds; fails naming `what` if it does not within `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            fail("timed out after %g s waiting for %s" % (timeout, what))
            return False
        time.sleep(0.002)
    return True


def unread_bytes(server_port, client_port):
    """Bytes of the connection from client_port to server_port that the server process has not
    read yet (Linux /proc/net/tcp, IPv4 loopback), or None when there is no such connection."""
    local, remote = "0100007F:%04X" % server_port, "0100007F:%04X" % client_port
    with open("/proc/net/tcp") as table:
        for line in table.readlines()[1:]:
            fields = line.split()
            if fields[1] == local and fields[2] == remote:
                return int(fields[4].split(":")[1], 16)
    return None


def poll_status(request, status, timeout, what):
    """Repeats `request` (a function returning a Response) until it answers `status`; fails naming
    `what` and the last answer if that does not happen within `timeout` s. Returns the seconds it
    took, or None."""
    started = time.monotonic()
    while True:
        response = request()
        waited = time.monotonic() - started
        if response.status == status:
            return waited
        if waited > timeout:
            fail("%s: expected %d within %g s, still %d %s after %.2f s"
                 % (what, status, timeout, response.status, response.text[:300], waited))
            return None
        time.sleep(0.01)


def accepts_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        return True
    except ConnectionRefusedError:
        return False


def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message, file=sys.stderr)


def check(condition, message):
    if not condition:
        fail(message)
    return condition


class Server:
    """The backcare binary serving a database on 127.0.0.1:0."""

    def __init__(self, binary, db_url, extra_args=()):
        self.log_lines = []
        self.log_changed = threading.Condition()  # notified for each line and at end of output
        self.log_ended = False
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db_url, "--bind", "127.0.0.1:0", "--threads", "16"]
            + list(extra_args),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.port = None
        deadline = time.time() + 30
        while self.port is None:
            line = self.process.stderr.readline()
            if not line:
                raise RuntimeError("server exited before listening: " + "".join(self.log_lines))
            self.log_lines.append(line)
            match = re.search(r"listening on https?://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
            if time.time() > deadline:
                raise RuntimeError("server did not start in 30 s")
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        for line in self.process.stderr:
            with self.log_changed:
                self.log_lines.append(line)
                self.log_changed.notify_all()
        with self.log_changed:
            self.log_ended = True
            self.log_changed.notify_all()

    def wait_for_log(self, text, timeout=30):
        """Waits until a log line contains `text`; False if the output ended or time ran out."""
        def seen():
            return any(text in line for line in self.log_lines)
        with self.log_changed:
            self.log_changed.wait_for(lambda: seen() or self.log_ended, timeout)
            return seen()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.reader.join(timeout=5)
        return code


class Client:
    """One user agent: keeps its session cookie, CSRF token or bearer token."""

    def __init__(self, port, name="anonymous"):
        self.port = port
        self.name = name
        self.cookie = None
        self.csrf = None
        self.bearer = None
        self.reconnects = 0  # requests sent again on a new connection after the old one failed
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, body=None, headers=None, csrf=True, pattern=None,
                raw_body=None):
        all_headers = {}
        if self.cookie:
            all_headers["Cookie"] = self.cookie
        if self.bearer:
            all_headers["Authorization"] = "Bearer " + self.bearer
        if csrf and self.csrf and method != "GET":
            all_headers["X-CSRF-Token"] = self.csrf
        data = raw_body
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=all_headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError):
                self.reconnects += 1
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 1:
                    raise
        result = Response(response.status, dict(response.getheaders()), text)
        if pattern:
            SAMPLES.append({"method": method, "pattern": pattern, "status": response.status,
                            "body": text})
        return result

    def login(self, email, password):
        response = self.request("POST", "/api/v1/login", {"email": email, "password": password},
                                pattern="/api/v1/login")
        if response.status != 200:
            raise RuntimeError("login %s failed: %d %s" % (email, response.status, response.text))
        self.cookie = response.headers["Set-Cookie"].split(";")[0]
        self.csrf = response.json()["csrf_token"]
        self.user = response.json()["user"]
        return response

    def share_session(self, other):
        """Sends `other`'s credentials (cookie, CSRF token, bearer token) from now on, e.g. to
        another server on the same database. Returns self."""
        self.cookie, self.csrf, self.bearer = other.cookie, other.csrf, other.bearer
        self.user = getattr(other, "user", None)
        return self


class Response:
    def __init__(self, status, headers, text):
        self.status = status
        self.headers = headers
        self.text = text

    def json(self):
        return json.loads(self.text)


def expect(response, status, what):
    return check(response.status == status,
                 "%s: expected %d, got %d %s" % (what, status, response.status, response.text[:300]))
