#!/usr/bin/env python3
"""PostgreSQL restarted under write load (issue 17 item 2): 4 therapists post NPRS responses as
fast as the server answers while /healthz is polled every 100 ms; after 2 s PostgreSQL is stopped
(`pg_ctl stop -m fast` or `-m immediate`), started again 5 s later, and the load runs 8 s more.
With --idle the clients pause from just before the stop until 1 s after the start, so the
server's pooled connections go stale unused.

It prints, per phase (before the stop, down, after the start), how many answers of each status the
writers and /healthz got, the first distinct answer of each kind, and how soon after the start the
first write succeeded and the last one failed; then it checks (exit 1 naming each failure):
no answer is a 500 and none is missing; while PostgreSQL is down every write is a 503 and /healthz
answers 503 "store_unavailable"; from 2 s after the start every write is a 201 and /healthz 200.
The harness classes come from durability_test.py.

Usage: pg_restart_test.py --backcare BIN [--mode fast|immediate] [--idle]"""
import argparse
import collections
import http.client
import os
import re
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import durability_test  # noqa: E402
from load_client import Client, ConnectionLost  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backcare", required=True)
    parser.add_argument("--mode", choices=["fast", "immediate"], default="fast")
    parser.add_argument("--idle", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="backcare-pg-restart.")
    os.chmod(tmp, 0o755)
    pg = durability_test.PostgresTrials(args.backcare, tmp)
    server = None
    try:
        db = durability_test.PostgresDatabase(pg.server, "probe", template=pg.template)
        server = durability_test.Server(args.backcare, db.url, os.path.join(tmp, "server.log"))
        failures = observe(args, pg, server)
        code = server.stop()
        print("server exit on SIGTERM: %d" % code)
        if code != 0:
            # The sanitizer build exits 1 on a report at shutdown (e.g. a leak); the log says which.
            with open(server.log_path) as log:
                tail = log.read()[-8000:]
            failures.append("the server exited %d on SIGTERM; its log ends:\n%s" % (code, tail))
        for failure in failures:
            print("FAIL: " + failure, file=sys.stderr)
        return 1 if failures else 0
    finally:
        if server and server.process.poll() is None:
            server.process.kill()
        pg.server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def observe(args, pg, server):
    started = time.monotonic()
    answers = []  # (seconds since start, who, status, body)
    stop, paused = threading.Event(), threading.Event()

    def writer(number):
        login = pg.logins["therapist%d" % (number % 3 + 1)]
        client = Client(number, "therapist", server.port,
                        {"email": login["email"], "password": login["password"]}, 0, None, None,
                        stop)
        client.log_in()
        while not stop.is_set():
            if paused.is_set():
                time.sleep(0.05)
                continue
            try:
                status, _, body = client.request("POST", "/api/v1/patients/1/responses",
                                                 {"instrument": "nprs", "answers": [3]})
            except ConnectionLost as error:
                status, body = "no answer", str(error)
                client.connection.close()
                client.connection = http.client.HTTPConnection("127.0.0.1", server.port,
                                                               timeout=20)
            answers.append((time.monotonic() - started, "write", status, body))
            time.sleep(0.02)

    def health():
        while not stop.is_set():
            try:
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                status, body = response.status, response.read().decode()
                connection.close()
            except OSError as error:
                status, body = "no answer", str(error)
            answers.append((time.monotonic() - started, "healthz", status, body))
            time.sleep(0.1)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=health))
    for thread in threads:
        thread.start()
    time.sleep(2)
    if args.idle:
        paused.set()
        time.sleep(0.5)
    down = time.monotonic() - started
    pg.server.pg(["pg_ctl", "-D", pg.server.data, "-m", args.mode, "-w", "stop"])
    stopped = time.monotonic() - started
    time.sleep(5)
    starting = time.monotonic() - started  # PostgreSQL may answer before start() returns
    pg.server.start(timeout=60)
    up = time.monotonic() - started
    time.sleep(1)
    paused.clear()
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join()

    def phase(at):
        return "before" if at < down else ("down" if at < up else "after")

    print("pg_ctl stop -m %s%s: began at %.2f s, done at %.2f s; started again at %.2f s"
          % (args.mode, " (clients idle meanwhile)" if args.idle else "", down, stopped, up))
    counts = collections.Counter((phase(at), who, status) for at, who, status, _ in answers)
    for (when, who, status), count in sorted(counts.items(), key=str):
        print("  %-6s %-7s %-9s %d" % (when, who, status, count))
    after = [(at, status) for at, who, status, _ in answers if who == "write" and at > up]
    ok = [at for at, status in after if status == 201]
    bad = [at for at, status in after if status != 201]
    print("first 201 after the start: %s" % ("%.2f s" % (min(ok) - up) if ok else "none"))
    print("last failed write after the start: %s" % ("%.2f s" % (max(bad) - up) if bad else "none"))
    seen = set()
    for at, who, status, body in answers:
        kind = (phase(at), who, status, re.sub(r"\d+", "N", body)[:120] if status != 201 else "")
        if kind not in seen:
            seen.add(kind)
            print("  first at %.2f s (%s): %s %s %s" % (at, phase(at), who, status, body[:120]))

    failures = []
    settled = up + 2.0  # the pool's first new connections, and one audit retry, happen by then
    for at, who, status, body in answers:
        where = "%s at %.2f s: %s %s" % (who, at, status, body[:160])
        if status == 500 or status == "no answer":
            failures.append("an answer a client must never get: " + where)
        elif stopped < at < starting:
            wanted = 503
            if status != wanted:
                failures.append("while PostgreSQL was down, expected 503: " + where)
            elif who == "healthz" and '"store_unavailable"' not in body:
                failures.append("while PostgreSQL was down, /healthz did not say so: " + where)
        elif at > settled:
            wanted = 201 if who == "write" else 200
            if status != wanted:
                failures.append("2 s after PostgreSQL was back, expected %d: %s" % (wanted, where))
    down_health = [a for a in answers if a[1] == "healthz" and stopped < a[0] < starting]
    if not down_health:
        failures.append("/healthz was not polled while PostgreSQL was down")
    if not ok:
        failures.append("no write succeeded after PostgreSQL was back")
    return failures


if __name__ == "__main__":
    sys.exit(main())
