#!/usr/bin/env python3
"""Two `backcare serve` processes on one PostgreSQL database (issue 12, item 6): what one instance
knows about sessions, failed logins and disabled accounts, the other must know too, and both
append reads to one audit chain without a gap.

Steps (each prints what it checked; every failure names its step):
  1 setup     a fresh database on the PostgreSQL server of BACKCARE_TEST_PG_URL (CREATE DATABASE
              with psql), filled by `backcare demo --no-serve`; servers A and B on it, each on a
              free loopback port, both answering /healthz;
  2 session   log in on A, GET /api/v1/me on B with A's cookie: 200, the same user; A restarts
              and the session still answers 200;
  3 logout    log in on A, log out on B (cookie + CSRF token): A's /api/v1/me answers 401 within
              1 s;
  4 throttle  5 wrong passwords for one account, alternating A, B, A, B, A (each 401); the 6th
              attempt (on B) and then the right password on A and on B: 429 with Retry-After;
  5 disable   a therapist logged in on B; the admin, on A, disables that therapist's login: the
              therapist's next request on B answers 401 within 1 s;
  6 audit     64 threads, each with its own keep-alive connection, half on A and half on B, read
              demo patients' charts (GET /api/v1/patients/{id}) for --duration seconds: every read
              200; then both servers stop (exit 0), the audit trail holds one patient.read event
              per read, every clinic's chain is numbered 1..N without a gap, and
              `backcare audit verify` exits 0 reporting all N events intact.
Step 1 always runs; --steps picks the others (numbers or names, e.g. --steps audit or 2,3).
Steps 2-6 use different demo accounts, so any subset can run alone, in this order.

Usage (under tests/store/with_postgres.sh, which starts a private server and sets
BACKCARE_TEST_PG_URL):
  multi_instance_test.py --backcare BIN [--steps LIST] [--duration SECONDS] [--patients N]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

from harness import FAILURES, Client, Server, check, expect, fail, poll_status

STEPS = ["setup", "session", "logout", "throttle", "disable", "audit"]
READERS = 64


def psql_binary():
    found = shutil.which("psql")
    if found:
        return found
    return os.path.join(os.environ.get("BACKCARE_PG_BIN", "/usr/lib/postgresql/15/bin"), "psql")


def psql(url, sql):
    """Runs one SQL statement on `url`; returns its rows as lists of strings."""
    result = subprocess.run([psql_binary(), "-X", "-q", "-A", "-t", "-F", "\t",
                             "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError("psql %r failed (exit %d): %s" % (sql, result.returncode,
                                                            result.stderr.strip()))
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def database_url(server_url, name):
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


class World:
    """What step 1 made: the database, the demo logins, the two servers."""

    def __init__(self):
        self.db_url = None
        self.logins = {}  # email -> password
        self.admin = self.desk = None
        self.therapists = []  # emails, in demo order
        self.a = self.b = None


def login_of(world, email):
    return email, world.logins[email]


# --- Step 1: setup ----------------------------------------------------------------------------

def setup(world, args, tmp):
    server_url = os.environ.get("BACKCARE_TEST_PG_URL")
    if not server_url:
        raise RuntimeError("BACKCARE_TEST_PG_URL is not set; run this test under "
                           "tests/store/with_postgres.sh")
    name = "backcare_multi_%d_%d" % (os.getpid(), int(time.time()))
    psql(server_url, "CREATE DATABASE %s" % name)
    world.db_url = database_url(server_url, name)
    print("step 1 (setup): created database %s" % world.db_url)

    logins_file = os.path.join(tmp, "logins.json")
    demo = subprocess.run([args.backcare, "demo", "--no-serve", "--db", world.db_url,
                           "--patients", str(args.patients), "--logins-json", logins_file],
                          capture_output=True, text=True, timeout=600)
    if demo.returncode != 0 or "demo logins" not in demo.stdout:
        raise RuntimeError("backcare demo exited %d:\n%s%s" % (demo.returncode, demo.stdout,
                                                               demo.stderr))
    logins = json.load(open(logins_file))
    for login in logins:
        world.logins[login["email"]] = login["password"]
        if login["role"] == "admin":
            world.admin = login["email"]
        elif login["role"] == "front_desk":
            world.desk = login["email"]
        elif login["role"] == "therapist":
            world.therapists.append(login["email"])
    if not world.admin or not world.desk or len(world.therapists) < 3:
        raise RuntimeError("the demo logins lack an admin, a front desk or 3 therapists: %s"
                           % [(l["role"], l["email"]) for l in logins])
    print("step 1 (setup): demo clinic with %d patients, %d logins (%s)"
          % (args.patients, len(logins), demo.stdout.splitlines()[0]))

    world.a = Server(args.backcare, world.db_url)
    world.b = Server(args.backcare, world.db_url)
    for label, server in (("A", world.a), ("B", world.b)):
        health = Client(server.port).request("GET", "/healthz")
        if health.status != 200:
            raise RuntimeError("server %s /healthz: %d %s" % (label, health.status, health.text))
    check(world.a.port != world.b.port, "step 1 (setup): A and B listen on the same port")
    print("step 1 (setup): servers A on port %d and B on port %d answer /healthz"
          % (world.a.port, world.b.port))


# --- Step 2: a session made on A works on B ---------------------------------------------------

def shared_session(world, args):
    step = "step 2 (session)"
    on_a = Client(world.a.port, "desk@A")
    on_a.login(*login_of(world, world.desk))
    expect(on_a.request("GET", "/api/v1/me"), 200, step + ": GET /api/v1/me on A after login on A")
    on_b = Client(world.b.port, "desk@B").share_session(on_a)
    me = on_b.request("GET", "/api/v1/me")
    if expect(me, 200, step + ": GET /api/v1/me on B with the cookie of a login on A"):
        check(me.json().get("user_id") == on_a.user["user_id"],
              "%s: B names user %s, the login on A was user %s"
              % (step, me.json().get("user_id"), on_a.user["user_id"]))
    print("%s: logged in on A as %s; B answered GET /api/v1/me with %d"
          % (step, world.desk, me.status))
    # A restart logs no one out: the session is in the database, not in A's memory.
    check(world.a.stop() == 0, step + ": A's exit code after SIGTERM")
    world.a = Server(args.backcare, world.db_url)
    on_a = Client(world.a.port, "desk@A").share_session(on_a)
    expect(on_a.request("GET", "/api/v1/me"), 200, step + ": GET /api/v1/me on A after A restarted")
    print("%s: A restarted; the session still answers 200" % step)


# --- Step 3: a logout on B ends the session on A ----------------------------------------------

def logout(world, args):
    step = "step 3 (logout)"
    on_a = Client(world.a.port, "desk@A")
    on_a.login(*login_of(world, world.desk))
    expect(on_a.request("GET", "/api/v1/me"), 200, step + ": GET /api/v1/me on A before logout")
    on_b = Client(world.b.port, "desk@B").share_session(on_a)
    out = on_b.request("POST", "/api/v1/logout")
    expect(out, 204, step + ": POST /api/v1/logout on B with A's cookie and CSRF token")
    waited = poll_status(lambda: on_a.request("GET", "/api/v1/me"), 401, 1.0,
                         step + ": GET /api/v1/me on A after logout on B")
    if waited is not None:
        print("%s: logout on B answered %d; A refused the session after %.3f s"
              % (step, out.status, waited))


# --- Step 4: failed logins counted across A and B ---------------------------------------------

def throttle(world, args):
    step = "step 4 (throttle)"
    email, password = login_of(world, world.therapists[2])
    servers = [("A", world.a), ("B", world.b)]

    def attempt(index, secret):
        label, server = servers[index % 2]
        return label, Client(server.port).request("POST", "/api/v1/login",
                                                  {"email": email, "password": secret})

    for i in range(5):
        label, r = attempt(i, "wrong-password-%d" % i)
        expect(r, 401, "%s: wrong password %d of 5 on %s" % (step, i + 1, label))
    print("%s: 5 wrong passwords for %s on A, B, A, B, A: each refused" % (step, email))

    def throttled(label, r, what):
        if expect(r, 429, "%s: %s on %s" % (step, what, label)):
            retry = r.headers.get("Retry-After", "")
            check(retry.isdigit() and 1 <= int(retry) <= 15 * 60,
                  "%s: %s on %s: Retry-After %r, expected 1..900 seconds"
                  % (step, what, label, retry))

    label, r = attempt(5, "wrong-password-5")
    throttled(label, r, "6th attempt (wrong password)")
    answers = ["6th on %s: %d" % (label, r.status)]
    for index in (0, 1):
        label, r = attempt(index, password)
        throttled(label, r, "the right password after 5 failures")
        answers.append("right password on %s: %d" % (label, r.status))
    print("%s: want 429 + Retry-After for each of: %s" % (step, ", ".join(answers)))


# --- Step 5: disabling a user on A ends the user's session on B -------------------------------

def disable(world, args):
    step = "step 5 (disable)"
    email = world.therapists[1]
    therapist = Client(world.b.port, "therapist@B")
    therapist.login(*login_of(world, email))
    expect(therapist.request("GET", "/api/v1/me"), 200,
           step + ": the therapist's GET /api/v1/me on B before the change")
    admin = Client(world.a.port, "admin@A")
    admin.login(*login_of(world, world.admin))
    users = admin.request("GET", "/api/v1/users")
    if not expect(users, 200, step + ": GET /api/v1/users on A"):
        return
    ids = [u["id"] for u in users.json() if u["email"] == email]
    if not check(len(ids) == 1, "%s: %s not found once in GET /api/v1/users" % (step, email)):
        return
    r = admin.request("PUT", "/api/v1/users/%d/state" % ids[0], {"state": "disabled"})
    if not expect(r, 204, "%s: admin on A disables user %d (%s)" % (step, ids[0], email)):
        return
    waited = poll_status(lambda: therapist.request("GET", "/api/v1/me"), 401, 1.0,
                         step + ": the disabled therapist's GET /api/v1/me on B")
    expect(therapist.request("GET", "/api/v1/patients"), 401,
           step + ": the disabled therapist's GET /api/v1/patients on B")
    if waited is not None:
        print("%s: admin on A disabled %s; B refused the therapist's session after %.3f s"
              % (step, email, waited))


# --- Step 6: concurrent chart reads on A and B, then the audit chain --------------------------

def audit(world, args):
    step = "step 6 (audit)"
    email = world.therapists[0]
    sessions = []
    for label, server in (("A", world.a), ("B", world.b)):
        client = Client(server.port, "therapist@" + label)
        client.login(*login_of(world, email))
        sessions.append((label, server, client))
    listed = sessions[0][2].request("GET", "/api/v1/patients")
    if not expect(listed, 200, step + ": GET /api/v1/patients on A"):
        return
    patient_ids = [p["id"] for p in listed.json()]
    if not check(patient_ids, step + ": the demo clinic lists no patients"):
        return
    reads_before = int(psql(world.db_url, "SELECT count(*) FROM audit_events "
                                          "WHERE action = 'patient.read'")[0][0])

    lock = threading.Lock()
    served = {"A": 0, "B": 0}
    bad = []  # (instance, patient id, status or exception, body)
    reconnects = [0]
    barrier = threading.Barrier(READERS)

    def reader(index):
        label, server, owner = sessions[index % 2]
        client = Client(server.port, "reader%d@%s" % (index, label)).share_session(owner)
        ok, errors, k = 0, [], index
        try:
            barrier.wait(timeout=60)
            deadline = time.monotonic() + args.duration
            while time.monotonic() < deadline:
                patient_id = patient_ids[k % len(patient_ids)]
                k += READERS
                try:
                    r = client.request("GET", "/api/v1/patients/%d" % patient_id)
                except Exception as error:  # a dropped connection, a timeout
                    errors.append((label, patient_id, repr(error), ""))
                    continue
                if r.status == 200 and r.json().get("id") == patient_id:
                    ok += 1
                else:
                    errors.append((label, patient_id, r.status, r.text[:200]))
        except Exception as error:
            errors.append((label, None, repr(error), ""))
        finally:
            with lock:
                served[label] += ok
                bad.extend(errors)
                reconnects[0] += client.reconnects

    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(READERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 120)
    elapsed = time.monotonic() - started
    check(not any(thread.is_alive() for thread in threads),
          step + ": reader threads still running %d s after the end" % (120))
    total = served["A"] + served["B"]
    print("%s: %d readers over %.1f s: %d chart reads with 200 (A %d, B %d, %.0f/s), "
          "%d other answers, %d reconnects"
          % (step, READERS, elapsed, total, served["A"], served["B"], total / elapsed, len(bad),
             reconnects[0]))
    check(not bad, "%s: %d chart reads did not answer 200 with the patient, e.g. %s"
          % (step, len(bad), bad[:5]))
    check(served["A"] > 0 and served["B"] > 0,
          "%s: both instances must serve reads (A %d, B %d)" % (step, served["A"], served["B"]))

    for label, server in (("A", world.a), ("B", world.b)):
        code = server.stop()
        check(code == 0, "%s: server %s exit code %d; its log ends:\n%s"
              % (step, label, code, "".join(server.log_lines[-20:])))
    print("%s: both servers stopped" % step)

    reads_after = int(psql(world.db_url, "SELECT count(*) FROM audit_events "
                                         "WHERE action = 'patient.read'")[0][0])
    logged = reads_after - reads_before
    # A read whose connection failed may have been served and audited before the client sent it
    # again on a new connection: at most `reconnects` extra events.
    check(total <= logged <= total + reconnects[0],
          "%s: %d chart reads answered 200 but the audit trail gained %d patient.read events"
          % (step, total, logged))
    print("%s: the audit trail gained %d patient.read events for %d reads" % (step, logged, total))

    chains = psql(world.db_url, "SELECT clinic_id, count(*), min(seq), max(seq) "
                                "FROM audit_events GROUP BY clinic_id ORDER BY clinic_id")
    events = 0
    for clinic_id, count, low, high in chains:
        events += int(count)
        check(low == "1" and high == count,
              "%s: clinic %s's audit chain has %s events numbered %s..%s (a gap or a duplicate)"
              % (step, clinic_id, count, low, high))
    check(events > 0, step + ": no audit events at all")
    print("%s: %d audit chain(s), %d events, each numbered 1..N" % (step, len(chains), events))

    verify = subprocess.run([args.backcare, "audit", "verify", "--db", world.db_url],
                            capture_output=True, text=True, timeout=600)
    output = (verify.stdout + verify.stderr).strip()
    if check(verify.returncode == 0, "%s: backcare audit verify exited %d: %s"
             % (step, verify.returncode, output)):
        match = re.search(r"audit chain intact: (\d+) events", verify.stdout)
        check(match is not None and int(match.group(1)) == events and "broken" not in output,
              "%s: backcare audit verify should report all %d events intact, said: %s"
              % (step, events, output))
    print("%s: backcare audit verify exited %d: %s" % (step, verify.returncode, output))


RUNNERS = {"session": shared_session, "logout": logout, "throttle": throttle,
           "disable": disable, "audit": audit}


def selected_steps(text):
    chosen = set()
    for item in filter(None, (part.strip() for part in text.split(","))):
        if item.isdigit() and 1 <= int(item) <= len(STEPS):
            chosen.add(STEPS[int(item) - 1])
        elif item in STEPS:
            chosen.add(item)
        else:
            raise argparse.ArgumentTypeError(
                "unknown step %r; steps are 1-6 or %s" % (item, ", ".join(STEPS)))
    return [step for step in STEPS[1:] if step in chosen]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backcare", required=True, help="the backcare binary")
    parser.add_argument("--steps", type=selected_steps, default=STEPS[1:],
                        help="steps to run after setup: numbers or names, comma-separated "
                             "(default: all; %s)" % ", ".join(STEPS))
    parser.add_argument("--duration", type=float, default=10.0,
                        help="seconds of concurrent chart reads in step 6 (default 10)")
    parser.add_argument("--patients", type=int, default=24,
                        help="demo patients in the database (default 24)")
    args = parser.parse_args()
    if args.duration <= 0:
        parser.error("--duration must be positive")

    world = World()
    results = []
    with tempfile.TemporaryDirectory(prefix="backcare-multi-") as tmp:
        try:
            try:
                setup(world, args, tmp)
            except Exception as error:
                traceback.print_exc()
                fail("step 1 (setup): %s" % error)
                print("step 1 (setup) failed; nothing else can run", file=sys.stderr)
                return 1
            for name in args.steps:
                number = STEPS.index(name) + 1
                before = len(FAILURES)
                try:
                    RUNNERS[name](world, args)
                except Exception as error:
                    traceback.print_exc()
                    fail("step %d (%s): %s: %s" % (number, name, type(error).__name__, error))
                results.append((number, name, len(FAILURES) - before))
        finally:
            for server in (world.a, world.b):
                if server is not None and server.process.poll() is None:
                    server.stop()
    print()
    for number, name, failures in results:
        print("step %d (%s): %s" % (number, name,
                                    "ok" if failures == 0 else "FAILED (%d)" % failures))
    if FAILURES:
        print("%d failure(s); the database was not dropped: %s" % (len(FAILURES), world.db_url),
              file=sys.stderr)
        return 1
    try:
        psql(os.environ["BACKCARE_TEST_PG_URL"],
             "DROP DATABASE %s" % urllib.parse.urlsplit(world.db_url).path[1:])
    except RuntimeError as error:
        print("note: %s" % error)
    print("multi instance: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
