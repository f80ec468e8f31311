#!/usr/bin/env python3
"""Crash durability (issue 17 item 1): `backcare serve` is killed with SIGKILL under write load,
restarted on the same database, and every write it acknowledged must still be there, with nothing
half-written.

One trial:
  1 a fresh database filled by `backcare demo --no-serve --patients 40` with its today 4 weeks
    back, so past sessions without notes wait for one (SQLite: a new file per trial;
    PostgreSQL: CREATE DATABASE ... TEMPLATE of one demo database made at the start);
  2 `backcare serve` on it; 8 clients log in and write (tests/durability/load_client.py);
  3 after a uniformly random 0.5-4 s of load: kill -9 the server (in the chosen PostgreSQL
    trials, kill -9 PostgreSQL's postmaster first and restart it);
  4 restart the server on the same database: /healthz answers 200 and the admin logs in; stop it;
  5 check, reading the database directly (SQLite read-only, PostgreSQL through psql):
      lost       every acknowledged write is there as acknowledged (response, attend, note, sign,
                 booking, adherence), naming trial, client, kind and id when not;
      half       each record written since the load began has the audit event its use case
                 appends in the same transaction, and each such event has its record in the
                 state it names (a note without note.create, a signed note without note.sign, an
                 attended session without session.attend, a booking without session.create, more
                 adherence rows than adherence.record events, or the reverse of any);
      integrity  SQLite: PRAGMA integrity_check is ok and foreign_key_check finds nothing;
                 PostgreSQL: pg_amcheck finds nothing; both: `backcare audit verify` exits 0.
At the end it prints the totals; it exits 1 when any check failed, naming each failure.

Usage:
  durability_test.py --backcare BIN [--sqlite-trials N] [--postgres-trials N]
                     [--postmaster-kills N] [--seed S] [--keep]
PostgreSQL trials start a private PostgreSQL 15 server on loopback (BACKCARE_PG_BIN, default
/usr/lib/postgresql/15/bin; run as root, it runs as the `postgres` user)."""
import argparse
import datetime
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load_client import Client, ConnectionLost, Targets  # noqa: E402

CLIENTS = [("therapist", "therapist1"), ("therapist", "therapist2"), ("therapist", "therapist3"),
           ("front_desk", "desk"), ("front_desk", "desk"),
           ("patient", "patient1"), ("patient", "patient3"), ("patient", "patient4")]
PATIENTS = 40
DEMO_DAYS_BACK = 28
LOAD_SECONDS = (0.5, 4.0)
STARTED = []  # every Server of the run


class Totals:
    def __init__(self):
        self.trials = self.acknowledged = self.lost = self.half = self.integrity = 0
        self.unanswered = self.postmaster_kills = 0
        self.by_kind = {}
        self.refused = {}  # (kind, status) -> count of non-2xx answers
        self.failures = []
        self.quiet = False

    def fail(self, category, message):
        """Counts a failure of `category`; prints the first 50 of a run."""
        setattr(self, category, getattr(self, category) + 1)
        self.failures.append(message)
        if len(self.failures) <= 50 and not self.quiet:
            print("FAIL: " + message, file=sys.stderr, flush=True)


# --- databases ------------------------------------------------------------------------------

class SqliteDatabase:
    def __init__(self, path):
        self.path, self.url = path, "sqlite:" + path

    def query(self, sql):
        """Rows of `sql` as tuples of strings (None stays None), read-only."""
        connection = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True)
        try:
            return [tuple(None if v is None else str(v) for v in row)
                    for row in connection.execute(sql)]
        finally:
            connection.close()

    def integrity_problems(self):
        problems = []
        check = self.query("PRAGMA integrity_check")
        if check != [("ok",)]:
            problems.append("PRAGMA integrity_check: %s" % check[:5])
        keys = self.query("PRAGMA foreign_key_check")
        if keys:
            problems.append("PRAGMA foreign_key_check: %s" % keys[:5])
        return problems


class PostgresServer:
    """A private PostgreSQL 15 server in a temporary folder, on a loopback port (fsync on)."""

    def __init__(self, tmp):
        self.bin = os.environ.get("BACKCARE_PG_BIN", "/usr/lib/postgresql/15/bin")
        self.dir = os.path.join(tmp, "pg")
        os.mkdir(self.dir)
        self.run_as = []
        if os.getuid() == 0:
            subprocess.run(["sh", "-c", "id postgres >/dev/null 2>&1 || useradd --system "
                            "--no-create-home postgres"], check=True)
            shutil.chown(self.dir, "postgres")
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(self.dir, "data")
        self.pg(["initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                 "--locale=C"])
        self.port = None
        for _ in range(10):
            self.port = random.SystemRandom().randrange(20000, 50000)
            if self.start(timeout=30, check=False):
                break
        else:
            raise RuntimeError("PostgreSQL did not start: " + self.log_tail())
        self.url = "postgresql://postgres@127.0.0.1:%d/postgres" % self.port

    def pg(self, args, check=True):
        result = subprocess.run(self.run_as + [os.path.join(self.bin, args[0])] + args[1:],
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError("%s failed: %s%s" % (args[0], result.stdout, result.stderr))
        return result.returncode == 0

    def start(self, timeout, check=True):
        options = ("-c listen_addresses=127.0.0.1 -c unix_socket_directories=%s -p %d "
                   "-c max_connections=200" % (self.dir, self.port))
        return self.pg(["pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "server.log"),
                        "-w", "-t", str(timeout), "-o", options, "start"], check=check)

    def log_tail(self):
        try:
            return open(os.path.join(self.dir, "server.log")).read()[-2000:]
        except OSError:
            return "(no log)"

    def kill_postmaster(self):
        pid = int(open(os.path.join(self.data, "postmaster.pid")).readline())
        os.kill(pid, signal.SIGKILL)
        return pid

    def restart_after_kill(self, pid):
        """Starts the server again once the killed postmaster's backends have gone (they exit
        when they notice their parent died); crash recovery replays the WAL. An attempt that
        pg_ctl gave up waiting for may still come up, so readiness is asked first each time."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.ready() or self.start(timeout=60, check=False):
                return time.monotonic() - (deadline - 120)
            time.sleep(0.5)
        raise RuntimeError("PostgreSQL did not restart after kill -9 of postmaster %d: %s"
                           % (pid, self.log_tail()))

    def ready(self):
        return subprocess.run([os.path.join(self.bin, "pg_isready"), "-q", "-h", "127.0.0.1",
                               "-p", str(self.port)], timeout=30).returncode == 0

    def stop(self):
        self.pg(["pg_ctl", "-D", self.data, "-m", "immediate", "stop"], check=False)


class PostgresDatabase:
    """A database on `server`, a copy of `template` when given (CREATE DATABASE ... TEMPLATE)."""

    def __init__(self, server, name, template=None):
        self.server, self.name = server, name
        self.url = "postgresql://postgres@127.0.0.1:%d/%s" % (server.port, name)
        psql(server.url, "CREATE DATABASE %s%s" % (name, " TEMPLATE " + template
                                                   if template else ""))

    def query(self, sql):
        return [tuple(None if v == "\\N" else v for v in row) for row in psql(self.url, sql)]

    def integrity_problems(self):
        result = subprocess.run(
            [os.path.join(self.server.bin, "pg_amcheck"), "--install-missing", "-h", "127.0.0.1",
             "-p", str(self.server.port), "-U", "postgres", self.name],
            capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            return ["pg_amcheck exited %d: %s%s" % (result.returncode, result.stdout[:500],
                                                    result.stderr[:500])]
        return []


class PostgresTrials:
    """The PostgreSQL server of the run and the demo database every trial copies."""

    def __init__(self, binary, tmp):
        self.server = PostgresServer(tmp)
        self.template = "durability_template"
        PostgresDatabase(self.server, self.template)
        folder = os.path.join(tmp, "template")
        os.mkdir(folder)
        self.logins = demo(binary, "postgresql://postgres@127.0.0.1:%d/%s"
                           % (self.server.port, self.template), folder)


def psql(url, sql):
    result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-P", "null=\\N",
                             "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError("psql %r failed: %s" % (sql[:200], result.stderr.strip()))
    return [tuple(line.split("\t")) for line in result.stdout.splitlines() if line]


# --- the server -----------------------------------------------------------------------------

class Server:
    """`backcare serve` on `url`, on a free loopback port; its log in `log_path`."""

    def __init__(self, binary, url, log_path):
        self.log_path = log_path
        self.log = open(log_path, "a")
        offset = self.log.tell()  # a restart appends to the first run's log
        STARTED.append(self)  # killed at the end of the run if a failure left it running
        self.process = subprocess.Popen(
            [binary, "serve", "--db", url, "--bind", "127.0.0.1:0", "--access-log", "off",
             "--threads", "16"], stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 30
        self.port = None
        while self.port is None:
            with open(log_path) as log:
                log.seek(offset)
                text = log.read()
            found = re.findall(r"listening on https?://127\.0\.0\.1:(\d+)", text)
            if found:
                self.port = int(found[-1])
            elif self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError("the server did not start: " + text[-1000:])
            else:
                time.sleep(0.02)

    def get(self, path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port, path),
                                        timeout=10) as response:
                return response.status
        except OSError as error:
            return str(error)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        self.log.close()
        return code


# --- one trial ------------------------------------------------------------------------------

def demo(binary, url, tmp):
    today = (datetime.date.today() - datetime.timedelta(days=DEMO_DAYS_BACK)).isoformat()
    logins = os.path.join(tmp, "logins.json")
    result = subprocess.run([binary, "demo", "--no-serve", "--db", url, "--patients",
                             str(PATIENTS), "--today", today, "--logins-json", logins],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError("backcare demo exited %d: %s%s" % (result.returncode, result.stdout,
                                                               result.stderr))
    return {login["email"].split("@")[0]: login for login in json.load(open(logins))}


def read_targets(db):
    targets = Targets()
    targets.time_zone = db.query("SELECT time_zone FROM clinics")[0][0]
    now_us = int(time.time() * 1e6)
    for session_id, therapist, status in db.query(
            "SELECT s.id, s.therapist_id, s.status FROM sessions s JOIN courses c ON "
            "c.id = s.course_id WHERE c.status = 'active' AND s.status IN ('booked', 'attended') "
            "AND s.start_us < %d AND NOT EXISTS (SELECT 1 FROM session_notes n WHERE "
            "n.session_id = s.id) ORDER BY s.start_us" % now_us):
        targets.note_sessions.setdefault(int(therapist), []).append((int(session_id), status))
    for course, patient, therapist in db.query(
            "SELECT id, patient_id, therapist_id FROM courses WHERE status = 'active' "
            "AND therapist_id IS NOT NULL ORDER BY id"):
        targets.courses_of.setdefault(int(therapist), []).append(int(course))
        targets.patients_of.setdefault(int(therapist), []).append(int(patient))
    for patient, start, exercises in db.query(
            "SELECT patient_id, start_date, exercise_ids FROM home_program_assignments "
            "ORDER BY id"):
        targets.programs[int(patient)] = (datetime.date.fromisoformat(str(start)[:10]),
                                          exercises.split(","))
    return targets


def baseline(db):
    """What the checks compare with: the highest ids and audit seq before the load."""
    def top(sql):
        return int(db.query(sql)[0][0] or 0)
    return {"seq": top("SELECT max(seq) FROM audit_events"),
            "response": top("SELECT max(id) FROM questionnaire_responses"),
            "note": top("SELECT max(id) FROM session_notes"),
            "session": top("SELECT max(id) FROM sessions"),
            "booked": {row[0] for row in db.query("SELECT id FROM sessions WHERE status = "
                                                  "'booked'")}}


def check_acks(db, trial, acks, totals):
    """Every acknowledged write is there as acknowledged (each table read once)."""
    def lost(ack, what):
        totals.fail("lost", "trial %d: lost acknowledged write: %s: %s" % (trial, ack, what))

    def table(sql):
        return {row[0]: row[1:] for row in db.query(sql)}

    responses = table("SELECT id, patient_id, instrument_id, answers FROM questionnaire_responses")
    sessions = table("SELECT id, course_id, therapist_id, start_us, status FROM sessions")
    notes = table("SELECT id, session_id, subjective, status FROM session_notes")
    adherence = {row[:3]: row[3] for row in db.query(
        "SELECT patient_id, date, exercise_id, note FROM adherence_entries")}
    for ack in acks:
        key = ack.key
        if ack.kind == "response":
            expected = (str(key["patient"]), "nprs", ",".join(str(a) for a in key["answers"]))
            found = responses.get(str(key["id"]))
            if found != expected:
                lost(ack, "questionnaire_responses row is %s, expected %s" % (found, expected))
        elif ack.kind == "attend":
            found = sessions.get(str(key["session"]))
            if not found or found[3] != "attended":
                lost(ack, "sessions row is %s, expected status attended" % (found,))
        elif ack.kind == "note":
            found = notes.get(str(key["id"]))
            if not found or found[:2] != (str(key["session"]), key["subjective"]):
                lost(ack, "session_notes row is %s" % (found,))
        elif ack.kind == "sign":
            found = notes.get(str(key["id"]))
            if not found or found[2] != "signed":
                lost(ack, "session_notes row is %s, expected status signed" % (found,))
        elif ack.kind == "booking":
            start = datetime.datetime.strptime(key["start"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.timezone.utc)
            expected = (str(key["course"]), str(key["therapist"]),
                        str(int(start.timestamp()) * 1000000))
            found = sessions.get(str(key["id"]))
            if not found or found[:3] != expected:
                lost(ack, "sessions row is %s, expected %s" % (found, expected))
        elif ack.kind == "adherence":
            found = adherence.get((str(key["patient"]), key["date"], key["exercise"]))
            if found != key["note"]:
                lost(ack, "adherence_entries note is %r" % (found,))
        else:
            raise AssertionError("unknown kind " + ack.kind)


def check_half_writes(db, trial, base, totals):
    """Each record written since `base` has its audit event, and each such event its record."""
    seq = base["seq"]

    def events(action):
        return {int(row[0]) for row in db.query(
            "SELECT record_id FROM audit_events WHERE seq > %d AND action = '%s'" % (seq, action))}

    def ids(sql):
        return {int(row[0]) for row in db.query(sql)}

    def same(what, records, audited):
        for record in sorted(records - audited):
            totals.fail("half", "trial %d: half-write: %s %d has no audit event" % (trial, what,
                                                                                    record))
        for record in sorted(audited - records):
            totals.fail("half", "trial %d: half-write: audit event for %s %d, which is not there"
                        % (trial, what, record))

    same("response.create of response",
         ids("SELECT id FROM questionnaire_responses WHERE id > %d" % base["response"]),
         events("response.create"))
    same("note.create of note", ids("SELECT id FROM session_notes WHERE id > %d" % base["note"]),
         events("note.create"))
    same("note.sign of note", ids("SELECT id FROM session_notes WHERE id > %d AND status = "
                                  "'signed'" % base["note"]), events("note.sign"))
    same("session.create of session",
         ids("SELECT id FROM sessions WHERE id > %d" % base["session"]), events("session.create"))
    attended = ids("SELECT id FROM sessions WHERE status = 'attended'")
    same("session.attend of session", {s for s in attended if str(s) in base["booked"]},
         events("session.attend"))
    # Adherence rows are keyed (patient, date, exercise) and overwritten, so only counts compare:
    # each row this trial wrote (its note carries the trial's token) needs its own event.
    rows = db.query("SELECT patient_id, count(*) FROM adherence_entries WHERE note LIKE "
                    "'durability t%d %%' GROUP BY patient_id" % trial)
    recorded = dict(db.query("SELECT record_id, count(*) FROM audit_events WHERE seq > %d AND "
                             "action = 'adherence.record' GROUP BY record_id" % seq))
    for patient, count in rows:
        if int(count) > int(recorded.get(patient, 0)):
            totals.fail("half", "trial %d: half-write: patient %s has %s adherence rows of this "
                        "trial but %s adherence.record events" % (trial, patient, count,
                                                                  recorded.get(patient, 0)))


def self_check(db, trial, base, acks, totals):
    """The checks must notice a lost write: on a copy of the trial's database with one
    acknowledged response deleted, they report it lost and its response.create event orphaned."""
    response = next(ack for ack in acks if ack.kind == "response")
    copy = SqliteDatabase(db.path + ".self-check")
    source = sqlite3.connect("file:%s?mode=ro" % db.path, uri=True)
    connection = sqlite3.connect(copy.path)
    source.backup(connection)
    source.close()
    connection.execute("DELETE FROM questionnaire_responses WHERE id = %d" % response.key["id"])
    connection.commit()
    connection.close()
    scratch = Totals()
    scratch.quiet = True
    check_acks(copy, trial, acks, scratch)
    check_half_writes(copy, trial, base, scratch)
    if (scratch.lost, scratch.half) != (1, 1):
        totals.fail("integrity", "trial %d: self-check: with response %d deleted the checks "
                    "found %d lost writes and %d half-writes, expected 1 and 1: %s"
                    % (trial, response.key["id"], scratch.lost, scratch.half, scratch.failures))
    else:
        print("trial %d: self-check: a deleted acknowledged response is found lost and its "
              "audit event orphaned" % trial, flush=True)


def run_trial(args, trial, kind, tmp, totals, pg=None, kill_postmaster=False, rng=None):
    folder = os.path.join(tmp, "trial%03d" % trial)
    os.mkdir(folder)
    began = time.monotonic()
    if kind == "sqlite":
        db = SqliteDatabase(os.path.join(folder, "backcare.db"))
        logins = demo(args.backcare, db.url, folder)
    else:  # the demo takes seconds on PostgreSQL: each trial starts from a copy of one demo
        db = PostgresDatabase(pg.server, "durability_%d" % trial, template=pg.template)
        logins = pg.logins
    targets = read_targets(db)
    base = baseline(db)
    server = Server(args.backcare, db.url, os.path.join(folder, "server.log"))
    stop = threading.Event()
    clients = []
    for number, (role, login) in enumerate(CLIENTS):
        client = Client(number, role, server.port,
                        {"email": logins[login]["email"], "password": logins[login]["password"]},
                        trial, targets, random.Random(rng.random()), stop)
        client.log_in()
        clients.append(client)
    load_seconds = rng.uniform(*LOAD_SECONDS)
    for client in clients:
        client.start()
    time.sleep(load_seconds)
    if server.process.poll() is not None:
        totals.fail("integrity", "trial %d: the server exited by itself (%d) during the load"
                    % (trial, server.process.returncode))
    killed_postmaster = postmaster_back = None
    if kill_postmaster:
        killed_postmaster = pg.server.kill_postmaster()
        totals.postmaster_kills += 1
    server.kill()
    for client in clients:
        client.join(timeout=60)
        if client.is_alive():
            totals.fail("integrity", "trial %d: client %d still running 60 s after the kill"
                        % (trial, client.number))
        if client.error:
            totals.fail("integrity", "trial %d: %s" % (trial, client.error))
    if killed_postmaster:
        postmaster_back = pg.server.restart_after_kill(killed_postmaster)

    # Restart on the same database: it must come up and let the admin in.
    server = Server(args.backcare, db.url, os.path.join(folder, "server.log"))
    health = server.get("/healthz")
    if health != 200:
        totals.fail("integrity", "trial %d: /healthz after the restart answered %s"
                    % (trial, health))
    admin = Client(99, "admin", server.port, {"email": logins["admin"]["email"],
                                              "password": logins["admin"]["password"]},
                   trial, targets, rng, stop)
    try:
        admin.log_in()
    except (RuntimeError, ConnectionLost) as error:
        totals.fail("integrity", "trial %d: after the restart: %s" % (trial, error))
    admin.connection.close()
    code = server.stop()
    if code != 0:
        totals.fail("integrity", "trial %d: the restarted server exited %d on SIGTERM"
                    % (trial, code))

    acks = [ack for client in clients for ack in client.acks]
    check_acks(db, trial, acks, totals)
    check_half_writes(db, trial, base, totals)
    for problem in db.integrity_problems():
        totals.fail("integrity", "trial %d: %s" % (trial, problem))
    verify = subprocess.run([args.backcare, "audit", "verify", "--db", db.url],
                            capture_output=True, text=True, timeout=300)
    if verify.returncode != 0:
        totals.fail("integrity", "trial %d: backcare audit verify exited %d: %s%s"
                    % (trial, verify.returncode, verify.stdout, verify.stderr))

    if args.self_check and kind == "sqlite" and trial == 1:
        self_check(db, trial, base, acks, totals)

    totals.trials += 1
    totals.acknowledged += len(acks)
    for ack in acks:
        totals.by_kind[ack.kind] = totals.by_kind.get(ack.kind, 0) + 1
    for client in clients:
        for key, count in client.refused.items():
            totals.refused[key] = totals.refused.get(key, 0) + count
    unanswered = sum(1 for client in clients if client.unanswered)
    totals.unanswered += unanswered
    postmaster = ""
    if kill_postmaster:
        postmaster = ", postmaster killed too (up again after %.1f s)" % postmaster_back
    print("trial %d (%s%s): killed after %.2f s of load, %d writes acknowledged, %d unanswered "
          "(trial took %.1f s)" % (trial, kind, postmaster, load_seconds, len(acks), unanswered,
                                   time.monotonic() - began), flush=True)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backcare", required=True)
    parser.add_argument("--sqlite-trials", type=int, default=100)
    parser.add_argument("--postgres-trials", type=int, default=0)
    parser.add_argument("--postmaster-kills", type=int, default=0,
                        help="of the PostgreSQL trials, how many kill the postmaster too")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep each trial's folder")
    parser.add_argument("--self-check", action="store_true",
                        help="after trial 1, check that the checks find a deleted response")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    print("durability: seed %d, %d SQLite trials, %d PostgreSQL trials (%d with the postmaster "
          "killed)" % (seed, args.sqlite_trials, args.postgres_trials, args.postmaster_kills),
          flush=True)
    totals = Totals()
    tmp = tempfile.mkdtemp(prefix="backcare-durability.")
    if os.getuid() == 0:
        os.chmod(tmp, 0o755)
    pg = None
    started = time.monotonic()
    try:
        trial = 0
        for _ in range(args.sqlite_trials):
            trial += 1
            run_trial(args, trial, "sqlite", tmp, totals, rng=rng)
        if args.postgres_trials:
            pg = PostgresTrials(args.backcare, tmp)
            kills = set(rng.sample(range(args.postgres_trials),
                                   min(args.postmaster_kills, args.postgres_trials)))
            for index in range(args.postgres_trials):
                trial += 1
                run_trial(args, trial, "postgresql", tmp, totals, pg=pg,
                          kill_postmaster=index in kills, rng=rng)
    finally:
        for server in STARTED:
            if server.process.poll() is None:
                server.process.kill()
        if pg:
            pg.server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print("durability totals (seed %d, %.0f s): trials %d, acknowledged writes %d (%s), "
          "unanswered at the kill %d, postmaster kills %d, lost writes %d, half-writes found %d, "
          "integrity failures %d"
          % (seed, time.monotonic() - started, totals.trials, totals.acknowledged,
             ", ".join("%s %d" % item for item in sorted(totals.by_kind.items())),
             totals.unanswered, totals.postmaster_kills, totals.lost, totals.half,
             totals.integrity), flush=True)
    print("refused (not acknowledged, allowed): %s" % ", ".join(
        "%s %d: %d" % (kind, status, count)
        for (kind, status), count in sorted(totals.refused.items())), flush=True)
    return 1 if totals.failures else 0


if __name__ == "__main__":
    sys.exit(main())
