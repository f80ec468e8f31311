#!/usr/bin/env python3
"""The socket server end to end: the real `backcare serve` (memory store) on a free loopback port,
spoken to over raw sockets so that each kind of bad input can be sent exactly as written.

Every check waits for an observable event (a response, or the server closing the connection),
never for a fixed time. Checks:
  bad input   malformed request line, bad header syntax, oversized headers (431) and bodies (413,
              Content-Length and chunked, the chunked one refused before it ends), invalid
              percent-encoding, an unknown method, a body on GET, conflicting Content-Length,
              Content-Length with Transfer-Encoding: each a 4xx with the JSON error body and the
              security headers, and the server still answers afterwards;
  protocol    HEAD, pipelined requests answered in order, Expect: 100-continue, chunked bodies,
              OPTIONS, a POST with no length answered at once;
  limits      slowloris headers dropped after read_timeout_seconds, idle keep-alive connections
              closed after keep_alive_timeout_seconds, max_connections;
  static      Content-Type, ETag/304, immutable caching of hashed names, .br variants, index.html
              for client-side routes, no way out of the folder, the static CSP;
  signals     every thread but the main one blocks SIGTERM and SIGINT (else a SIGTERM landing on
              a worker thread ends the process without a clean stop);
  shutdown    SIGTERM closes idle connections, refuses new ones and exits 0.

Usage: http_server_test.py --backcare BIN
"""
import argparse
import json
import os
import re
import signal
import socket
import time
import subprocess
import sys
import tempfile
import threading

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message, file=sys.stderr)
    return condition


class Server:
    def __init__(self, binary, extra_args=()):
        self.log_lines = []
        self.process = subprocess.Popen(
            [binary, "serve", "--db", "memory:", "--bind", "127.0.0.1:0", "--threads", "4",
             "--max-body-bytes", "65536"] + list(extra_args),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.port = None
        while self.port is None:
            line = self.process.stderr.readline()
            if not line:
                raise RuntimeError("server exited before listening: " + "".join(self.log_lines))
            self.log_lines.append(line)
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        for line in self.process.stderr:
            self.log_lines.append(line)

    def connect(self, timeout=20):
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.reader.join(timeout=5)
        return code

    def stopped_cleanly(self, name):
        """Stops the server; a nonzero exit fails the check and shows the code and the log."""
        code = self.stop()
        return check(code == 0, "%s server exit code %d; its log:\n%s" %
                     (name, code, "".join(self.log_lines[-40:])))


class Reader:
    """Reads HTTP/1.1 responses from a socket (Content-Length bodies)."""

    def __init__(self, sock):
        self.sock = sock
        self.data = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.data += chunk

    def response(self, head=False):
        while b"\r\n\r\n" not in self.data:
            self._fill()
        header, self.data = self.data.split(b"\r\n\r\n", 1)
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), value.strip())
        length = 0 if head or status in (100, 204, 304) else int(headers.get("content-length", 0))
        while len(self.data) < length:
            self._fill()
        body, self.data = self.data[:length], self.data[length:]
        return status, headers, body

    def closed(self):
        """True when the server closes the connection (waits for it)."""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
                self.data += chunk
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False


def exchange(server, raw):
    sock = server.connect()
    sock.sendall(raw)
    reader = Reader(sock)
    try:
        return reader.response(), reader, sock
    except EOFError:
        return None, reader, sock


def expect_error(server, name, raw, status):
    answer, reader, sock = exchange(server, raw)
    if not check(answer is not None, "%s: connection closed without a response" % name):
        sock.close()
        return
    got, headers, body = answer
    check(got == status, "%s: expected %d, got %d %r" % (name, status, got, body[:200]))
    try:
        error = json.loads(body)["error"]
        check("code" in error and "message" in error, "%s: error body %r" % (name, body))
    except (ValueError, KeyError):
        check(False, "%s: not a JSON error body: %r" % (name, body[:200]))
    check(headers.get("x-content-type-options") == "nosniff" and
          "content-security-policy" in headers and "x-request-id" in headers,
          "%s: security headers missing: %s" % (name, headers))
    sock.close()


def healthy(server, what):
    answer, _, sock = exchange(server, b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
    sock.close()
    check(answer is not None and answer[0] == 200, "server unhealthy after " + what)


def bad_input(server):
    get = b"GET /healthz HTTP/1.1\r\nHost: t\r\n"
    cases = [
        ("malformed request line", b"GARBAGE\r\n\r\n", 400),
        ("request line without version", b"GET /healthz\r\n\r\n", 400),
        ("bad header syntax", get + b"No colon here\r\n\r\n", 400),
        ("space before colon", get + b"X-Bad : 1\r\n\r\n", 400),
        ("oversized headers", get + b"X-Big: " + b"a" * 40000 + b"\r\n\r\n", 431),
        ("oversized body", b"POST /api/v1/login HTTP/1.1\r\nHost: t\r\n"
         b"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n", 413),
        ("invalid percent-encoding", b"GET /api/v1/pat%zzients HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        ("percent-encoded NUL", b"GET /healthz%00 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        ("bad query encoding", b"GET /healthz?a=%g HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        ("unknown method", b"BREW /healthz HTTP/1.1\r\nHost: t\r\n\r\n", 405),
        ("body on GET", get + b"Content-Length: 5\r\n\r\nhello", 400),
        ("chunked body on GET", get + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
         400),
        ("conflicting Content-Length", b"POST /api/v1/login HTTP/1.1\r\nHost: t\r\n"
         b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
        ("Content-Length with Transfer-Encoding", b"POST /api/v1/login HTTP/1.1\r\nHost: t\r\n"
         b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400),
        ("Transfer-Encoding not chunked", b"POST /api/v1/login HTTP/1.1\r\nHost: t\r\n"
         b"Transfer-Encoding: gzip\r\n\r\n", 400),
        ("bad chunk size", b"POST /api/v1/login HTTP/1.1\r\nHost: t\r\n"
         b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("absolute-form target", b"GET http://t/healthz HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    ]
    for name, raw, status in cases:
        expect_error(server, name, raw, status)
    healthy(server, "bad input")
    print("bad input: %d cases answered with 4xx" % len(cases))


def chunked_limit(server):
    """A chunked body over the limit is refused as it arrives: the last chunk is never sent."""
    sock = server.connect()
    sock.sendall(b"POST /api/v1/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (8192, b"x" * 8192)
    try:
        for _ in range(10):  # 80 KiB > the 64 KiB limit, and no terminating chunk
            sock.sendall(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    reader = Reader(sock)
    try:
        status, _, _ = reader.response()
    except (EOFError, ConnectionResetError):
        status = None
    check(status == 413, "chunked body over the limit: expected 413, got %r" % status)
    sock.close()
    # A chunked body within the limit reaches the handler (malformed login JSON -> 400).
    answer, _, sock = exchange(server, b"POST /api/v1/login HTTP/1.1\r\nHost: t\r\n"
                               b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                               b"\r\n2\r\n{}\r\n0\r\n\r\n")
    sock.close()
    check(answer is not None and answer[0] in (400, 401),
          "small chunked body: %r" % (answer and answer[:1]))
    print("chunked: over-limit body refused before its end, small body handled")


def protocol(server):
    # HEAD: the GET's headers, no body; the next pipelined response follows at once.
    sock = server.connect()
    sock.sendall(b"HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
                 b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Request-Id: second\r\n\r\n"
                 b"GET /api/v1/me HTTP/1.1\r\nHost: t\r\nX-Request-Id: third\r\n\r\n")
    reader = Reader(sock)
    head_status, head_headers, _ = reader.response(head=True)
    get_status, get_headers, get_body = reader.response()
    me_status, me_headers, _ = reader.response()
    sock.close()
    check(head_status == 200 and head_headers.get("content-length") == str(len(get_body)),
          "HEAD: %d %s" % (head_status, head_headers))
    check(get_status == 200 and get_headers.get("x-request-id") == "second",
          "pipelined second: %d %s" % (get_status, get_headers))
    check(me_status == 401 and me_headers.get("x-request-id") == "third",
          "pipelined third: %d %s" % (me_status, me_headers))

    # Expect: 100-continue: the interim response comes before the body is sent.
    sock = server.connect()
    body = b'{"email":"nobody@clinic.test","password":"wrong-password"}'
    sock.sendall(b"POST /api/v1/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                 b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body))
    reader = Reader(sock)
    interim, _, _ = reader.response()
    check(interim == 100, "Expect: 100-continue: got %d first" % interim)
    sock.sendall(body)
    final, _, _ = reader.response()
    check(final == 401, "after 100-continue: %d" % final)
    sock.close()

    # A POST with neither Content-Length nor Transfer-Encoding has an empty body at once
    # (the server's read timeout is 30 s here; the socket gives up after 20 s).
    answer, _, sock = exchange(server, b"POST /api/v1/logout HTTP/1.1\r\nHost: t\r\n\r\n")
    sock.close()
    check(answer is not None and answer[0] == 401, "POST without a length: %r" % (answer,))

    # OPTIONS is answered by the server with the security headers.
    answer, _, sock = exchange(server, b"OPTIONS /api/v1/patients HTTP/1.1\r\nHost: t\r\n\r\n")
    sock.close()
    check(answer is not None and answer[0] == 204 and "allow" in answer[1] and
          answer[1].get("x-frame-options") == "DENY", "OPTIONS: %r" % (answer,))
    print("protocol: HEAD, pipelining, 100-continue, empty POST, OPTIONS")


def timeouts(binary):
    server = Server(binary, ["--read-timeout-seconds", "1", "--keep-alive-timeout-seconds", "2"])
    try:
        # Slowloris: headers that never end are dropped after the read timeout.
        sock = server.connect()
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        check(Reader(sock).closed(), "slowloris connection was not closed")
        sock.close()
        # Keep-alive: after a response, an idle connection is closed after its timeout.
        sock = server.connect()
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        reader = Reader(sock)
        status, _, _ = reader.response()
        check(status == 200, "keep-alive first request: %d" % status)
        check(reader.closed(), "idle keep-alive connection was not closed")
        sock.close()
        print("timeouts: slowloris dropped, idle keep-alive closed")
    finally:
        server.stopped_cleanly("timeouts")


def max_connections(binary):
    server = Server(binary, ["--max-connections", "2"])
    try:
        held = []
        for _ in range(2):
            sock = server.connect()
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            reader = Reader(sock)
            check(reader.response()[0] == 200, "connection within max_connections")
            held.append(sock)
        extra = server.connect()
        check(Reader(extra).closed(), "a connection beyond max_connections was not closed")
        extra.close()
        held.pop().close()
        # Once one closed, a new connection is served (the server may see the close late, more
        # so on a loaded machine): retry until a deadline rather than a count.
        deadline = time.monotonic() + 20
        ok = False
        while not ok and time.monotonic() < deadline:
            sock = server.connect()
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            try:
                ok = Reader(sock).response()[0] == 200
            except (EOFError, ConnectionResetError):
                ok = False
            sock.close()
        check(ok, "no connection served after one closed")
        for sock in held:
            sock.close()
        print("max_connections: the third connection closed at once")
    finally:
        server.stopped_cleanly("max_connections")


def static_files(binary, tmp):
    root = os.path.join(tmp, "web")
    os.makedirs(os.path.join(root, "assets"))
    with open(os.path.join(root, "index.html"), "w") as out:
        out.write("<!doctype html><title>backcare</title>")
    with open(os.path.join(root, "assets", "app-4ed993c7.js"), "w") as out:
        out.write("console.log('app')")
    with open(os.path.join(root, "assets", "app-4ed993c7.js.br"), "wb") as out:
        out.write(b"BROTLI")
    with open(os.path.join(tmp, "secret.txt"), "w") as out:
        out.write("top secret outside")
    os.symlink(os.path.join(tmp, "secret.txt"), os.path.join(root, "leak.txt"))
    server = Server(binary, ["--static-dir", root])

    def get(target, *headers):
        raw = ("GET %s HTTP/1.1\r\nHost: t\r\n%s\r\n" % (target, "".join(h + "\r\n" for h in headers)))
        answer, _, sock = exchange(server, raw.encode())
        sock.close()
        return answer

    try:
        status, headers, body = get("/assets/app-4ed993c7.js")
        check(status == 200 and body == b"console.log('app')", "static asset: %d" % status)
        check(headers.get("content-type", "").startswith("text/javascript"),
              "static content type: %s" % headers.get("content-type"))
        check(headers.get("cache-control") == "public, max-age=31536000, immutable",
              "hashed asset caching: %s" % headers.get("cache-control"))
        check("require-trusted-types-for 'script'" in headers.get("content-security-policy", ""),
              "static CSP: %s" % headers.get("content-security-policy"))
        etag = headers.get("etag", "")
        status, _, body = get("/assets/app-4ed993c7.js", "If-None-Match: " + etag)
        check(status == 304 and body == b"", "If-None-Match: %d" % status)
        status, headers, body = get("/assets/app-4ed993c7.js", "Accept-Encoding: gzip, br")
        check(body == b"BROTLI" and headers.get("content-encoding") == "br" and
              headers.get("vary") == "Accept-Encoding", "br variant: %s" % headers)
        status, headers, body = get("/patients/12", "Accept: text/html")
        check(status == 200 and b"<title>backcare</title>" in body and
              headers.get("cache-control") == "no-cache", "client-side route: %d" % status)
        status, headers, _ = get("/")
        check(status == 200 and headers.get("content-type", "").startswith("text/html"),
              "index: %d" % status)
        for target in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                       "/assets%2f..%2f..%2fsecret.txt", "/leak.txt"):
            status, _, body = get(target, "Accept: text/html")
            check(status == 404 and b"secret" not in body, "escape %s: %d" % (target, status))
        status, headers, _ = get("/api/v1/nothing", "Accept: text/html")
        check(status == 404 and headers.get("content-type") == "application/json",
              "API paths never fall back to index.html: %d" % status)
        print("static: types, ETag/304, caching, br, client routes, no escape")
    finally:
        server.stopped_cleanly("static")


def stop_signals_blocked(server):
    """Every thread but the main one (which waits in sigtimedwait) blocks SIGTERM and SIGINT: a
    thread that did not would take the SIGTERM and end the process with no clean stop. Read from
    /proc, so the check does not depend on which thread the kernel happens to pick."""
    pid = server.process.pid
    stop_mask = (1 << (signal.SIGTERM - 1)) | (1 << (signal.SIGINT - 1))
    threads = [tid for tid in os.listdir("/proc/%d/task" % pid) if int(tid) != pid]
    check(len(threads) >= 2, "signal mask: expected worker threads, found %d" % len(threads))
    for tid in threads:
        with open("/proc/%d/task/%s/status" % (pid, tid)) as status:
            blocked = next(int(line.split()[1], 16) for line in status
                           if line.startswith("SigBlk:"))
        check(blocked & stop_mask == stop_mask,
              "signal mask: thread %s does not block SIGTERM/SIGINT (SigBlk %x)" % (tid, blocked))
    print("signals: SIGTERM and SIGINT blocked in all %d other threads" % len(threads))


def shutdown(server):
    idle = server.connect()
    idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
    reader = Reader(idle)
    check(reader.response()[0] == 200, "shutdown: first request")
    server.process.send_signal(signal.SIGTERM)
    check(reader.closed(), "shutdown: the idle connection was not closed")
    idle.close()
    code = server.process.wait(timeout=30)
    check(code == 0, "shutdown: exit code %d" % code)
    try:
        server.connect(timeout=5).close()
        check(False, "shutdown: a new connection was accepted after the server stopped")
    except OSError:
        pass
    check(any('event="stopped"' in line for line in server.log_lines), "no 'stopped' event")
    print("shutdown: idle connection closed, exit 0")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backcare", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backcare-server-") as tmp:
        server = Server(args.backcare, ["--read-timeout-seconds", "30"])
        try:
            bad_input(server)
            chunked_limit(server)
            protocol(server)
            healthy(server, "all checks")
            stop_signals_blocked(server)
            shutdown(server)
        finally:
            if server.process.poll() is None:
                server.stop()
        timeouts(args.backcare)
        max_connections(args.backcare)
        static_files(args.backcare, tmp)
    if FAILURES:
        print("%d failure(s)" % len(FAILURES), file=sys.stderr)
        return 1
    print("http server: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
