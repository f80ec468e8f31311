#!/usr/bin/env python3
"""HTTP integration tests: the real `backcare` binary on a temporary SQLite database, on a free
loopback port.

Phases (each failure names the route, the user and the record):
  1. seed      two clinics (tests/http/http_fixture.cc), then clinical records through the API,
               planting canary strings in clinic a's and clinic b's records (and per patient);
  2. security  cookie flags, CSRF, login throttling (429 + Retry-After), bad input (400/413/415),
               expired/unknown sessions (401), API tokens, clinical-rule conflicts (409);
  3. matrix    every route x role x own/foreign record, generated from the route table
               (`backcare serve --list-routes`) with expectations in route_matrix.json; a route
               without expectations fails the test; the audit trail (read from the database
               file) must grow after every successful call of an audited route and only then;
  4. canary    every GET route, for every user, with every record id of both clinics: no response
               body may contain another clinic's (or, for patients, another patient's) canaries;
  5. shutdown  SIGTERM with a write half-received: the write completes and is answered, then the
               server exits 0 ("stopped" logged) and the write is in the database;
  6. tls       a second server with a throwaway certificate sets a Secure cookie.
Responses are recorded to --samples (for the OpenAPI validation in openapi_test.mjs).

Usage: http_api_test.py --backcare BIN --fixture BIN [--samples FILE]
"""
import argparse
import datetime
import http.client
import json
import os
import re
import signal
import socket
import ssl
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zoneinfo

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


# --- Phase 1: seed ---------------------------------------------------------------------------

def seed(port, fixture):
    """Logs everyone in and creates clinical records through the API. Returns the world."""
    password = fixture["password"]
    # The fixture's clinics keep Europe/London time: "today" is theirs, not the machine's.
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London")).date()
    world = {"today": today.isoformat(), "clinics": {}}
    for x, clinic in fixture["clinics"].items():
        users = {}
        for key, email in clinic["logins"].items():
            client = Client(port, "%s.%s" % (key, x))
            client.login(email, password)
            users[key] = client
        therapist = users["therapist"]
        p1, p2 = clinic["patient_ids"]
        ids = {"patient": [p1, p2], "session": {}, "note": {}, "alert": [], "user": [],
               "token": [], "course": {}, "closure": []}
        # Patient 1 was screened and started a course 21 days ago (the fixture's --past-course),
        # so its first sessions are booked sessions in the past, ready to be recorded.
        past = clinic["past_course"]
        ids["course"][p1] = past["course_id"]
        ids["session"][p1] = past["session_ids"]
        # Patient 2: screened and started today through the API.
        r = therapist.request("POST", "/api/v1/patients/%d/intake" % p2, {
            "findings": [],
            "baseline": [{"instrument": "nprs", "answers": [7], "checkpoint_id": "baseline"}]},
            pattern="/api/v1/patients/{id}/intake")
        expect(r, 201, "seed intake %s2" % x)
        r = therapist.request("POST", "/api/v1/patients/%d/courses" % p2,
                              {"start_date": world["today"],
                               "therapist_id": clinic["therapist_id"]},
                              pattern="/api/v1/patients/{id}/courses")
        expect(r, 201, "seed course %s2" % x)
        started = r.json()
        ids["course"][p2] = started["course_id"]
        ids["session"][p2] = started["session_ids"]
        # Patient 1: an attended session with a signed note (canary text, an adverse event that
        # raises an alert), an addendum, a questionnaire, a home program and adherence.
        canary = "Zzcanary%s1" % x
        s1 = ids["session"][p1][0]
        expect(therapist.request("POST", "/api/v1/sessions/%d/attend" % s1,
                                 pattern="/api/v1/sessions/{id}/attend"), 204, "seed attend")
        r = therapist.request("POST", "/api/v1/sessions/%d/note" % s1, {
            "soap": {"subjective": canary + "subjective", "assessment": canary + "assessment",
                     "plan": canary + "plan"},
            "techniques": {"trigger_points": [
                {"muscle": "quadratus_lumborum", "side": "left", "hold_seconds": 75}],
                "pressure": "firm"},
            "nprs_before": 7, "nprs_after": 5,
            "adverse_events": [{"kind": "soreness", "severity": "mild", "note": canary + "ae"}]},
            pattern="/api/v1/sessions/{id}/note")
        expect(r, 201, "seed note")
        note_id = r.json()["id"]
        ids["note"][p1] = note_id
        expect(therapist.request("POST", "/api/v1/notes/%d/sign" % note_id,
                                 pattern="/api/v1/notes/{id}/sign"), 204, "seed sign")
        expect(therapist.request("POST", "/api/v1/notes/%d/addenda" % note_id,
                                 {"text": canary + "addendum"},
                                 pattern="/api/v1/notes/{id}/addenda"), 204, "seed addendum")
        patient1 = users["patient1"]
        expect(patient1.request("POST", "/api/v1/patients/%d/responses" % p1,
                                {"instrument": "nprs", "answers": [5]},
                                pattern="/api/v1/patients/{id}/responses"), 201, "seed nprs")
        expect(therapist.request("POST", "/api/v1/patients/%d/home-program" % p1,
                                 {"course_id": ids["course"][p1], "start_date": world["today"]},
                                 pattern="/api/v1/patients/{id}/home-program"), 201,
               "seed home program")
        r = patient1.request("GET", "/api/v1/patients/%d/home-program" % p1,
                             pattern="/api/v1/patients/{id}/home-program")
        expect(r, 200, "seed read home program")
        exercise = r.json()["exercises"][0]["id"]
        ids["exercise"] = exercise
        expect(patient1.request("POST", "/api/v1/patients/%d/adherence" % p1,
                                {"date": world["today"], "exercise_id": exercise,
                                 "completion": "done", "note": canary + "adherence"},
                                pattern="/api/v1/patients/{id}/adherence"), 204, "seed adherence")
        # Patient 2: a questionnaire with a canary-free body; their name is the canary.
        expect(users["patient2"].request("POST", "/api/v1/patients/%d/responses" % p2,
                                         {"instrument": "nprs", "answers": [6]}), 201,
               "seed nprs 2")
        r = users["admin"].request("GET", "/api/v1/alerts?status=all", pattern="/api/v1/alerts")
        expect(r, 200, "seed alerts")
        ids["alert"] = [alert["id"] for alert in r.json()]
        check(len(ids["alert"]) >= 1, "seed: the adverse event raised no alert in clinic " + x)
        r = users["admin"].request("GET", "/api/v1/users", pattern="/api/v1/users")
        ids["user"] = [user["id"] for user in r.json()]
        r = users["admin"].request("POST", "/api/v1/api-tokens", {"name": "lab " + x},
                                   pattern="/api/v1/api-tokens")
        expect(r, 201, "seed token")
        ids["token"] = [r.json()["token_user_id"]]
        # A closure far ahead, for the matrix's DELETE (own and foreign clinic).
        closure = users["admin"].request("POST", "/api/v1/clinic/closures",
                                         {"first_day": "2099-12-24", "last_day": "2099-12-26",
                                          "reason": "Seed holiday " + x},
                                         pattern="/api/v1/clinic/closures")
        expect(closure, 201, "seed closure")
        ids["closure"] = [closure.json()["id"]] if closure.status == 201 else [0]
        world["clinics"][x] = {"users": users, "ids": ids, "clinic": clinic,
                               "token": r.json()["token"]}
    return world


# --- Phase 2: security ------------------------------------------------------------------------

def security(port, world, fixture):
    a = world["clinics"]["a"]
    admin = a["users"]["admin"]
    p1 = a["ids"]["patient"][0]

    # Cookie flags (plain HTTP: no Secure) and a new session id at every login.
    probe = Client(port, "probe")
    r = probe.request("POST", "/api/v1/login",
                      {"email": fixture["clinics"]["a"]["logins"]["admin"],
                       "password": fixture["password"]})
    cookie = r.headers.get("Set-Cookie", "")
    check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie,
          "login cookie flags: " + cookie)
    check(cookie.split(";")[0] != admin.cookie, "login reused a session id")

    # Unknown and missing credentials.
    anonymous = Client(port)
    expect(anonymous.request("GET", "/api/v1/me", pattern="/api/v1/me"), 401, "no cookie")
    forged = Client(port)
    forged.cookie = "backcare_session=" + "A" * 43
    expect(forged.request("GET", "/api/v1/me"), 401, "forged cookie")

    # CSRF: a cookie-made state change without the token is refused and writes nothing.
    before = admin.request("GET", "/api/v1/patients").json()
    r = admin.request("POST", "/api/v1/patients",
                      {"family_name": "Csrf", "date_of_birth": "1980-01-01"}, csrf=False)
    expect(r, 403, "POST without CSRF token")
    check(admin.request("GET", "/api/v1/patients").json() == before, "CSRF refusal wrote")

    # Bad input: every field named, nothing written.
    r = admin.request("POST", "/api/v1/patients",
                      {"family_name": 5, "date_of_birth": "1980-02-30", "shoe_size": 44},
                      pattern="/api/v1/patients")
    expect(r, 400, "wrong types")
    if r.status == 400:
        paths = [field["path"] for field in r.json()["error"]["fields"]]
        check(paths == ["family_name", "date_of_birth", "shoe_size"], "field paths: %s" % paths)
    r = admin.request("POST", "/api/v1/patients", raw_body=b'{"family_name": "x",')
    expect(r, 400, "malformed JSON")
    r = admin.request("POST", "/api/v1/patients", raw_body=b"x" * (2 << 20))
    expect(r, 413, "oversized body")
    r = admin.request("POST", "/api/v1/patients", raw_body=b"family_name=x",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    expect(r, 415, "form body")
    r = admin.request("POST", "/api/v1/patients", {"family_name": "", "date_of_birth": "1980-01-01"},
                      pattern="/api/v1/patients")
    expect(r, 422, "use-case validation")
    check(admin.request("GET", "/api/v1/patients").json() == before, "bad input wrote")

    # Clinical rule: a signed note cannot be edited (409 with the reason).
    note = a["ids"]["note"][p1]
    therapist = a["users"]["therapist"]
    r = therapist.request("PUT", "/api/v1/notes/%d" % note, {"soap": {"plan": "change"}},
                          pattern="/api/v1/notes/{id}")
    expect(r, 409, "editing a signed note")
    # A note records only what was entered (#20): the seed gave a pressure but no tolerance.
    r = therapist.request("GET", "/api/v1/notes/%d" % note, pattern="/api/v1/notes/{id}")
    expect(r, 200, "read the signed note")
    techniques = r.json()["techniques"]
    check(techniques["pressure"] == "firm" and techniques["tolerance"] is None,
          "note techniques: expected pressure firm and tolerance null, got %r"
          % ({k: techniques.get(k) for k in ("pressure", "tolerance")},))

    # API tokens: no CSRF needed, acts as the issuing role.
    bot = Client(port, "token")
    bot.bearer = a["token"]
    expect(bot.request("GET", "/api/v1/patients/%d" % p1), 200, "bearer read")
    bad_bot = Client(port, "bad token")
    bad_bot.bearer = a["token"][:-2] + "xx"
    expect(bad_bot.request("GET", "/api/v1/patients/%d" % p1), 401, "bad bearer")

    # Logout ends the session.
    out = Client(port, "logout")
    out.login(fixture["clinics"]["a"]["logins"]["front_desk"], fixture["password"])
    expect(out.request("POST", "/api/v1/logout", pattern="/api/v1/logout"), 204, "logout")
    expect(out.request("GET", "/api/v1/me"), 401, "after logout")


def checkpoint_tags(world):
    """Issue #20 item 5: a checkpoint tag names a checkpoint of the protocol (422 naming the
    field otherwise) and only staff tag a baseline (403 naming the rule); nothing is written."""
    a = world["clinics"]["a"]
    therapist, patient1 = a["users"]["therapist"], a["users"]["patient1"]
    p1 = a["ids"]["patient"][0]
    path = "/api/v1/patients/%d/responses" % p1
    before = therapist.request("GET", path)
    expect(before, 200, "responses before")
    r = therapist.request("POST", path, {"instrument": "nprs", "answers": [5],
                                         "checkpoint_id": "week_5"})
    expect(r, 422, "unknown checkpoint")
    if r.status == 422:
        fields = r.json()["error"]["fields"]
        check(any(f["path"].endswith("checkpoint_id") and "unknown checkpoint 'week_5'" in f["message"]
                  for f in fields), "unknown checkpoint: field not named in %s" % fields)
    r = patient1.request("POST", path, {"instrument": "nprs", "answers": [1],
                                        "checkpoint_id": "baseline"})
    expect(r, 403, "patient tags a baseline")
    if r.status == 403:
        check("only staff may tag a baseline response" in r.json()["error"]["message"],
              "patient baseline: rule not named in %s" % r.json())
    after = therapist.request("GET", path)
    check(len(after.json()) == len(before.json()), "a refused tag wrote a response")


def patient_words(world):
    """Issue #20 item 7: a patient reads plain sentences (`summary`) where staff read the
    instrument's labels (`band`, `status`, `class`); the therapist still reads the labels."""
    a = world["clinics"]["a"]
    therapist, patient1 = a["users"]["therapist"], a["users"]["patient1"]
    p1 = a["ids"]["patient"][0]
    path = "/api/v1/patients/%d/responses" % p1
    labels = ("crippled", "bed_bound", "high", "off_track", "on_track", "behind", "ahead",
              "no_band", "no_data", "worse", "not_evaluable", "not_responder")

    def no_labels(body, what):
        for label in labels:
            check('"%s"' % label not in body, "%s: label '%s' shown to a patient" % (what, label))

    # ODI all 4 -> 80 % "crippled"; STarT Back all yes, very bothersome -> "high".
    for instrument, answers, band in (("odi", [4] * 10, "crippled"),
                                      ("startback", [1] * 8 + [4], "high")):
        r = patient1.request("POST", path, {"instrument": instrument, "answers": answers},
                             pattern="/api/v1/patients/{id}/responses")
        if expect(r, 201, "patient submits %s" % instrument):
            body = r.json()
            check("band" not in body and body.get("summary"),
                  "patient %s: expected a summary and no band, got %s" % (instrument, body))
            no_labels(r.text, "patient submits %s" % instrument)
    mine = patient1.request("GET", path, pattern="/api/v1/patients/{id}/responses")
    if expect(mine, 200, "patient reads responses"):
        no_labels(mine.text, "patient reads responses")
        for response in mine.json():
            check("band" not in response and "summary" in response,
                  "patient response: expected summary, no band: %s" % response)
        check(any(r["instrument"] == "odi" and r["summary"] for r in mine.json()),
              "patient response: the ODI has no plain sentence")
    staff = therapist.request("GET", path)
    if expect(staff, 200, "therapist reads responses"):
        bands = {r["instrument"]: r["band"] for r in staff.json() if r["band"]}
        check(bands.get("odi") == "crippled" and bands.get("startback") == "high",
              "therapist: expected the ODI and STarT Back bands, got %s" % bands)
        check(all("summary" not in r for r in staff.json()), "therapist reads a patient summary")
    progress = "/api/v1/patients/%d/progress" % p1
    mine = patient1.request("GET", progress, pattern="/api/v1/patients/{id}/progress")
    staff = therapist.request("GET", progress, pattern="/api/v1/patients/{id}/progress")
    if expect(mine, 200, "patient reads progress") and expect(staff, 200, "therapist progress"):
        no_labels(mine.text, "patient reads progress")
        body, staff_body = mine.json(), staff.json()
        check("status" not in body and body.get("summary"),
              "patient progress: expected a summary, no status: %s" % body)
        check(all("status" not in p and p.get("summary") for p in body["points"]),
              "patient progress points: expected summaries: %s" % body["points"])
        check(all("class" not in c and c.get("summary") for c in body["function_changes"]),
              "patient function changes: expected summaries: %s" % body["function_changes"])
        check(staff_body.get("status") in labels and "summary" not in staff_body,
              "therapist progress: expected a status label, got %s" % staff_body)


def closures(world):
    """Issue #20 item 6: clinic closures on the server. The front desk adds one (an admin may too,
    a patient may not: 403), staff list it, a bad range is 422 naming the field, an overlap is 409
    naming the existing closure, booking a session on it is 409 naming the closure, and deleting
    it frees the day again. Nothing is written on a refusal."""
    a = world["clinics"]["a"]
    desk, therapist, patient1 = a["users"]["front_desk"], a["users"]["therapist"], a["users"]["patient1"]
    p2 = a["ids"]["patient"][1]
    path = "/api/v1/clinic/closures"
    day = datetime.date.fromisoformat(world["today"]) + datetime.timedelta(days=150)
    while day.weekday() != 2:  # a Wednesday, inside opening hours
        day += datetime.timedelta(days=1)
    first, last = day.isoformat(), (day + datetime.timedelta(days=2)).isoformat()

    def listed():
        r = therapist.request("GET", path)
        expect(r, 200, "list closures")
        return r.json() if r.status == 200 else []

    before = listed()
    r = desk.request("POST", path, {"first_day": first, "last_day": last, "reason": "Refurbishment"})
    expect(r, 201, "front desk adds a closure")
    closure_id = r.json()["id"] if r.status == 201 else 0
    mine = [c for c in listed() if c["id"] == closure_id]
    check(len(mine) == 1 and mine[0]["first_day"] == first and mine[0]["last_day"] == last
          and mine[0]["reason"] == "Refurbishment", "the closure is listed: %s" % mine)
    expect(patient1.request("GET", path), 403, "a patient lists closures")
    r = patient1.request("POST", path, {"first_day": first, "last_day": last, "reason": "No"})
    expect(r, 403, "a patient adds a closure")
    r = desk.request("POST", path, {"first_day": last, "last_day": first, "reason": "Backwards"})
    expect(r, 422, "a closure ending before it starts")
    if r.status == 422:
        fields = r.json()["error"]["fields"]
        check(any(f["path"] == "last_day" for f in fields), "bad range: field not named in %s" % fields)
    r = desk.request("POST", path, {"first_day": first, "last_day": first, "reason": ""})
    expect(r, 422, "a closure without a reason")
    r = desk.request("POST", path, {"first_day": last, "last_day": last, "reason": "Overlap"})
    expect(r, 409, "an overlapping closure")
    if r.status == 409:
        message = r.json()["error"]["message"]
        check("closure %d 'Refurbishment'" % closure_id in message, "overlap: %s" % message)
    check(len(listed()) == len(before) + 1, "a refused closure was written")
    # Booking on a closed day is refused naming the closure.
    body = {"course_id": a["ids"]["course"][p2], "therapist_id": a["clinic"]["therapist_id"],
            "start": (day + datetime.timedelta(days=1)).isoformat() + "T12:00:00Z"}
    r = desk.request("POST", "/api/v1/sessions", body)
    expect(r, 409, "book on a closed day")
    if r.status == 409:
        message = r.json()["error"]["message"]
        check("the clinic is closed on" in message and "'Refurbishment' (%s..%s)" % (first, last)
              in message, "book on a closure: %s" % message)
    expect(desk.request("DELETE", "%s/%d" % (path, closure_id)), 204, "delete the closure")
    expect(desk.request("DELETE", "%s/%d" % (path, closure_id)), 404, "delete it again")
    check(all(c["id"] != closure_id for c in listed()), "a deleted closure is still listed")


def time_rules(port, world):
    """Sessions and courses respect time (#20): each case was accepted before, and each refusal
    is a 409 (422 for a malformed value) naming the rule, with nothing written."""
    a = world["clinics"]["a"]
    therapist, desk, patient1 = a["users"]["therapist"], a["users"]["front_desk"], a["users"]["patient1"]
    admin = a["users"]["admin"]
    p1, p2 = a["ids"]["patient"]
    now = datetime.datetime.now(datetime.timezone.utc)

    def refused(r, status, text, what):
        expect(r, status, what)
        if r.status == status:
            body = r.json()["error"]
            found = text in body["message"] or any(text in f["message"] for f in body["fields"])
            check(found, "%s: expected %r in %s" % (what, text, body))

    def plan_of(pid):
        r = desk.request("GET", "/api/v1/patients/%d/plan" % pid)
        expect(r, 200, "plan of patient %d" % pid)
        return r.json()

    # A session a month ahead is not attended, missed or noted.
    ahead = [e for e in plan_of(p2) if e["start"] > (now + datetime.timedelta(days=30)).isoformat()]
    sid = ahead[0]["session_id"]
    refused(therapist.request("POST", "/api/v1/sessions/%d/attend" % sid), 409,
            "can be marked attended only from its start", "attend a month ahead")
    refused(therapist.request("POST", "/api/v1/sessions/%d/miss" % sid), 409,
            "can be marked missed only from its start", "miss a month ahead")
    refused(therapist.request("POST", "/api/v1/sessions/%d/note" % sid,
                              {"soap": {"subjective": "s", "assessment": "a"}}), 409,
            "a note can be drafted only from its start", "note a month ahead")

    # Nobody cancels a session from three weeks ago (patient 1's course began 21 days ago).
    old = plan_of(p1)[1]
    refused(patient1.request("POST", "/api/v1/sessions/%d/cancel" % old["session_id"]), 409,
            "record it as attended or missed, not cancelled", "patient cancels a past session")
    check(plan_of(p1)[1]["status"] == "booked", "a refused cancel changed the session")

    # Booking and moving follow the planner's rules.
    before = plan_of(p2)
    day = datetime.date.fromisoformat(world["today"]) + datetime.timedelta(days=14)
    saturday = day + datetime.timedelta(days=(5 - day.weekday()) % 7)
    sunday = saturday + datetime.timedelta(days=1)
    booked_day = before[-1]["start"][:10]
    cases = [
        (saturday.isoformat() + "T10:00:00Z", None, 409, "closed on sat"),
        (sunday.isoformat() + "T03:00:00Z", None, 409, "closed on sun"),
        ((now - datetime.timedelta(days=2)).strftime("%Y-%m-%dT10:00:00Z"), None, 409,
         "is in the past"),
        (booked_day + "T22:00:00Z", None, 409, "open 08:00-19:00"),
        ((saturday + datetime.timedelta(days=3)).isoformat() + "T10:00:00Z", "nonsense", 422,
         "is not a phase of protocol"),
    ]
    for start, phase, status, text in cases:
        body = {"course_id": a["ids"]["course"][p2], "therapist_id": a["clinic"]["therapist_id"],
                "start": start}
        if phase:
            body["phase_id"] = phase
        refused(desk.request("POST", "/api/v1/sessions", body), status, text, "book " + start)
        if not phase:
            refused(desk.request("POST", "/api/v1/sessions/%d/reschedule"
                                 % before[-1]["session_id"], {"new_start": start}),
                    status, text, "move to " + start)
    check(plan_of(p2) == before, "a refused booking or move wrote")

    # The technique log is checked against the protocol and the screening (#20 item 4).
    sid = plan_of(p1)[1]["session_id"]  # begun, booked: a note may be drafted
    note = {"soap": {"subjective": "s", "assessment": "a"},
            "techniques": {"trigger_points": [
                {"muscle": "quadratus_lumborum", "side": "left", "hold_seconds": 45}]}}
    refused(therapist.request("POST", "/api/v1/sessions/%d/note" % sid, note), 409,
            "quadratus_lumborum held 45 s; the protocol holds 60-90 s", "a 45 s hold")
    notch = {"soap": note["soap"], "techniques": {"trigger_points": [
        {"muscle": "sciatic_notch", "side": "left", "hold_seconds": 75}],
        "deviation_reason": "a reason does not lift a restriction"}}
    refused(therapist.request("POST", "/api/v1/sessions/%d/note" % sid, notch), 409,
            "is restricted for this patient", "the sciatic notch for radiating leg pain")
    note["techniques"]["deviation_reason"] = "patient could not tolerate a longer hold"
    r = therapist.request("POST", "/api/v1/sessions/%d/note" % sid, note)
    expect(r, 201, "a 45 s hold with a stated reason")
    if r.status == 201:
        r = therapist.request("GET", "/api/v1/notes/%d" % r.json()["id"])
        expect(r, 200, "read the deviating note")
        body = r.json()
        holds = [t["hold_seconds"] for t in body["protocol"]["techniques"]
                 if t["id"] == "trigger_point"]
        check(holds == [{"min": 60, "max": 90}], "protocol parameters with the note: %s" % holds)
        check([d["path"] for d in body["deviations"]] == ["trigger_points[0]"],
              "deviations with the note: %s" % body["deviations"])
        check(any(x["condition"] == "radiating_leg_pain" and x["avoid_areas"] == ["sciatic_notch"]
                  for x in body["restrictions"]), "restrictions with the note: %s"
              % body["restrictions"])

    # A course starts today or later; an earlier one is back-entered with its past outcomes.
    r = admin.request("POST", "/api/v1/patients",
                      {"given_name": "Back", "family_name": "Entry", "date_of_birth": "1970-01-01"})
    expect(r, 201, "register a back-entry patient")
    pid = r.json()["id"]
    expect(therapist.request("POST", "/api/v1/patients/%d/intake" % pid, {"findings": []}), 201,
           "intake of the back-entry patient")
    start = datetime.date.fromisoformat(world["today"]) - datetime.timedelta(days=14)
    refused(desk.request("POST", "/api/v1/patients/%d/courses" % pid,
                         {"start_date": start.isoformat()}), 409,
            "a course starts today or later", "course started in the past")
    check(desk.request("GET", "/api/v1/patients/%d/courses" % pid).json() == [],
          "a refused course start wrote a course")
    past = [{"start": (start + datetime.timedelta(days=d)).isoformat() + "T09:00:00Z",
             "therapist_id": a["clinic"]["therapist_id"], "status": status}
            for d, status in ((0, "attended"), (3, "missed"), (7, "attended"))]
    refused(desk.request("POST", "/api/v1/patients/%d/courses" % pid,
                         {"start_date": start.isoformat(), "back_entry": True,
                          "past_sessions": past[:1] + [dict(past[1], status="booked")]}),
            400, "expected one of: attended, missed", "a past session stated as booked")
    r = desk.request("POST", "/api/v1/patients/%d/courses" % pid,
                     {"start_date": start.isoformat(), "back_entry": True, "past_sessions": past})
    expect(r, 201, "back-entered course")
    stamp = now.strftime("%Y-%m-%dT%H:%M")
    statuses = [(e["start"] < stamp, e["status"]) for e in plan_of(pid)]
    check([s for is_past, s in statuses if is_past] == ["attended", "missed", "attended"],
          "back-entered past sessions: %s" % statuses)
    check(all(s == "booked" for is_past, s in statuses if not is_past),
          "future sessions of a back-entered course: %s" % statuses)


def referral_hold(port, world):
    """An open referral suspends the patient's sessions (#20): re-screened refer_emergency
    mid-course, a booked session was still attended (204), noted (201) and a note signed (204).
    Each is now a 409 naming the referral, and the sessions stay booked."""
    a = world["clinics"]["a"]
    therapist, desk = a["users"]["therapist"], a["users"]["front_desk"]
    p1 = a["ids"]["patient"][0]
    sessions = a["ids"]["session"][p1]
    noted, held = sessions[2], sessions[3]  # past booked sessions the route matrix leaves alone
    expect(therapist.request("POST", "/api/v1/sessions/%d/attend" % noted), 204,
           "attend before the referral")
    r = therapist.request("POST", "/api/v1/sessions/%d/note" % noted, {
        "soap": {"subjective": "s", "assessment": "a"},
        "techniques": {"trigger_points": [
            {"muscle": "quadratus_lumborum", "side": "left", "hold_seconds": 75}]}})
    expect(r, 201, "draft a signable note before the referral")
    note_id = r.json()["id"] if r.status == 201 else 0
    r = therapist.request("POST", "/api/v1/patients/%d/intake" % p1,
                          {"findings": [{"condition": "bladder_or_bowel_dysfunction"}]})
    expect(r, 201, "re-screen refer_emergency")
    check(r.status != 201 or r.json()["decision"] == "refer_emergency",
          "re-screen decision: %s" % r.text)
    alert_ids = r.json()["alert_ids"] if r.status == 201 else []
    check(len(alert_ids) == 1, "the referral raised one red flag: %s" % alert_ids)

    def suspended(response, what):
        expect(response, 409, what)
        if response.status == 409:
            message = response.json()["error"]["message"]
            check("is suspended" in message and "open referral" in message
                  and "'refer_emergency'" in message, "%s: %s" % (what, message))

    suspended(therapist.request("POST", "/api/v1/sessions/%d/attend" % held), "attend held")
    suspended(therapist.request("POST", "/api/v1/sessions/%d/miss" % held), "miss held")
    suspended(therapist.request("POST", "/api/v1/sessions/%d/note" % held,
                                {"soap": {"subjective": "s", "assessment": "a"}}), "note held")
    suspended(therapist.request("POST", "/api/v1/notes/%d/sign" % note_id), "sign held note")
    plan = {e["session_id"]: e["status"]
            for e in desk.request("GET", "/api/v1/patients/%d/plan" % p1).json()}
    check(plan.get(held) == "booked", "a held session is kept booked: %s" % plan.get(held))
    for alert_id in alert_ids:
        suspended(therapist.request("POST", "/api/v1/alerts/%d/acknowledge" % alert_id),
                  "acknowledge the referral's red flag")
    # Restrictions are read with the patient, not only in the intake response.
    r = desk.request("POST", "/api/v1/patients",
                     {"given_name": "Anti", "family_name": "Coagulated", "date_of_birth": "1960-01-01"})
    expect(r, 201, "register an anticoagulated patient")
    pid = r.json()["id"]
    expect(therapist.request("POST", "/api/v1/patients/%d/intake" % pid,
                             {"findings": [{"condition": "anticoagulants"}]}), 201,
           "intake with anticoagulants")
    r = therapist.request("GET", "/api/v1/patients/%d" % pid)
    expect(r, 200, "read the anticoagulated patient")
    restrictions = (r.json().get("clinical") or {}).get("restrictions") if r.status == 200 else None
    check(restrictions is not None
          and {"technique_id": "myofascial_release", "action": "modify",
               "condition": "anticoagulants", "note": "light pressure only"} in restrictions,
          "GET patient restrictions: %s" % restrictions)
    # An empty re-screen keeps the anticoagulant and its restrictions; resolving it needs a reason.
    r = therapist.request("POST", "/api/v1/patients/%d/intake" % pid, {"findings": []})
    expect(r, 201, "empty re-screen of the anticoagulated patient")
    check(r.status != 201 or (r.json()["decision"] == "modify" and r.json()["restrictions"]),
          "an empty re-screen dropped the restrictions: %s" % r.text)
    r = therapist.request("POST", "/api/v1/patients/%d/intake" % pid,
                          {"resolved": [{"condition": "anticoagulants", "reason": ""}]})
    expect(r, 422, "resolve without a reason")
    check(r.status != 422 or r.json()["error"]["fields"][0]["path"] == "resolved[0].reason",
          "resolve without a reason: %s" % r.text)
    referral_outcome(world, p1, held, alert_ids)


def referral_outcome(world, p1, held, alert_ids):
    """Issue #20 item 1: an empty re-screen keeps the red flag (it used to clear it), a re-screen
    cannot resolve a red flag (409), and only the referral's outcome closes it: a bad outcome is
    422 naming the field, the front desk may not record one (403), and a clearance with its date
    and source lifts the suspension and acknowledges the red flag. Refusals write nothing."""
    a = world["clinics"]["a"]
    therapist, desk = a["users"]["therapist"], a["users"]["front_desk"]
    intake = "/api/v1/patients/%d/intake" % p1
    history_path = "/api/v1/patients/%d/screenings" % p1
    r = therapist.request("POST", intake, {"findings": []})
    expect(r, 201, "empty re-screen during a referral")
    if r.status == 201:
        body = r.json()
        check(body["decision"] == "refer_emergency" and not body["allows_treatment"]
              and {"condition": "bladder_or_bowel_dysfunction", "area": None} in body["findings"]
              and body["alert_ids"] == [],
              "an empty re-screen cleared the red flag: %s" % body)
    r = therapist.request("POST", intake, {"resolved": [
        {"condition": "bladder_or_bowel_dysfunction", "reason": "feels better"}]})
    expect(r, 409, "resolve a red flag by a re-screen")
    check(r.status != 409 or "closed by recording the referral's outcome" in
          r.json()["error"]["message"], "red flag resolution: %s" % r.text)
    before = therapist.request("GET", history_path).json()
    check([h["decision"] for h in before[-2:]] == ["refer_emergency", "refer_emergency"]
          and before[-1]["conditions"] == ["radiating_leg_pain", "bladder_or_bowel_dysfunction"],
          "screening history: %s" % before[-2:])
    path = "/api/v1/patients/%d/referral-outcome" % p1
    r = therapist.request("POST", path, {"outcome": "cleared", "cleared_on": world["today"]})
    expect(r, 422, "a clearance without its source")
    check(r.status != 422 or [f["path"] for f in r.json()["error"]["fields"]] == ["source"],
          "clearance without a source: %s" % r.text)
    r = therapist.request("POST", path, {"outcome": "discontinued"})
    expect(r, 422, "a discontinuation without its reason")
    expect(desk.request("POST", path, {"outcome": "cleared", "cleared_on": world["today"],
                                       "source": "GP"}), 403, "front desk records an outcome")
    check(len(therapist.request("GET", history_path).json()) == len(before),
          "a refused outcome wrote a screening")
    r = therapist.request("POST", path, {"outcome": "cleared", "cleared_on": world["today"],
                                         "source": "Emergency department, MRI normal"})
    expect(r, 201, "record the clearance")
    if r.status == 201:
        body = r.json()
        check(body["allows_treatment"] and body["resolved"] == ["bladder_or_bowel_dysfunction"]
              and sorted(body["acknowledged_alert_ids"]) == sorted(alert_ids)
              and body["discontinued_course_id"] is None,
              "clearance: %s" % body)
    last = therapist.request("GET", history_path).json()[-1]
    check(last["outcome"] == "cleared" and last["cleared_on"] == world["today"]
          and last["clearance_source"] == "Emergency department, MRI normal"
          and last["conditions"] == ["radiating_leg_pain"] and last["decision"] == "clear",
          "the clearance in the history: %s" % last)
    expect(therapist.request("POST", "/api/v1/sessions/%d/attend" % held), 204,
           "attend once the referral is cleared")
    expect(therapist.request("POST", path, {"outcome": "cleared", "cleared_on": world["today"],
                                            "source": "GP"}), 409, "clear a closed referral")


def throttling(port, fixture):
    """Runs last: it leaves the test address with counted failures."""
    # 5 failures for one account -> 429 with Retry-After, even with the right password.
    victim = fixture["clinics"]["b"]["logins"]["front_desk"]
    for i in range(5):
        expect(Client(port).request("POST", "/api/v1/login",
                                    {"email": victim, "password": "wrong-password-%d" % i}),
               401, "failed login %d" % i)
    r = Client(port).request("POST", "/api/v1/login",
                             {"email": victim, "password": fixture["password"]},
                             pattern="/api/v1/login")
    expect(r, 429, "throttled login")
    check(int(r.headers.get("Retry-After", "0")) > 0, "Retry-After missing")
    # Another account from the same address still logs in (the address limit is 20).
    Client(port).login(fixture["clinics"]["b"]["logins"]["admin"], fixture["password"])
    # 20 failures from one address, spread over accounts -> every account is refused from there.
    for i in range(15):
        Client(port).request("POST", "/api/v1/login",
                             {"email": "nobody%d@clinic.test" % i, "password": "wrong-password"})
    r = Client(port).request("POST", "/api/v1/login",
                             {"email": fixture["clinics"]["a"]["logins"]["therapist"],
                              "password": fixture["password"]})
    expect(r, 429, "address throttled after 20 failures")


# --- Phase 3: the route x role x own/foreign matrix -------------------------------------------

def route_key(route):
    return "%s %s" % (route["method"], route["pattern"])


def fill(template, values):
    if isinstance(template, str):
        for key, value in values.items():
            if template == "$" + key:
                return value  # keeps the value's type (ids are integers)
        for key in sorted(values, key=len, reverse=True):
            template = template.replace("$" + key, str(values[key]))
        return template
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: fill(value, values) for key, value in template.items()}
    return template


def record_ids(clinic, kind, own_patient, spec):
    """The id of `kind` belonging to `own_patient` (or to the clinic) in `clinic`."""
    ids = clinic["ids"]
    if kind == "patient":
        return own_patient
    if kind == "session":
        return ids["session"][own_patient][spec.get("session_index", 0)]
    if kind == "note":
        return ids["note"].get(own_patient, 0)
    return ids[kind][0]


def audit_events(port, db_path):
    """Events in the audit trail of every clinic, read straight from the SQLite file once the
    server's audit log has committed every read event it had queued (/healthz audit_pending 0)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def audit_pending():
        connection.request("GET", "/healthz")
        return json.loads(connection.getresponse().read())["audit_pending"]

    wait_until(lambda: audit_pending() == 0, 10, "the audit log to commit its pending events")
    connection.close()
    with sqlite3.connect("file:%s?mode=ro" % db_path, uri=True) as db:
        return db.execute("SELECT count(*) FROM audit_events").fetchone()[0]


def matrix(port, world, routes, fixture, db_path):
    expectations = json.load(open(os.path.join(HERE, "route_matrix.json")))
    table_keys = {route_key(route) for route in routes}
    for key in sorted(table_keys - set(expectations)):
        fail("matrix: route %s has no expectations in route_matrix.json" % key)
    for key in sorted(set(expectations) - table_keys):
        fail("matrix: route_matrix.json describes %s, which is not in the route table" % key)

    a, b = world["clinics"]["a"], world["clinics"]["b"]
    for route in routes:
        key = route_key(route)
        if key not in expectations:
            continue
        spec = expectations[key]
        if route["access"] == "public":
            check(spec.get("public") is True, "matrix: %s is public but not marked so" % key)
            continue
        allowed = set(route["roles"])
        own = spec.get("own", {})
        if set(own) != allowed:
            fail("matrix: %s: expectations cover roles %s but the table allows %s"
                 % (key, sorted(own), sorted(allowed)))
        kind = spec.get("id")
        for role in ROLES:
            login_name = "patient1" if role == "patient" else role
            user = a["users"][login_name]
            if spec.get("fresh_login"):
                user = Client(port, login_name + ".fresh")
                user.login(a["clinic"]["logins"][login_name], fixture["password"])
            own_patient = a["ids"]["patient"][0]
            later = datetime.date.today() + datetime.timedelta(days=200)
            while later.weekday() != 1:  # a Tuesday, inside opening hours
                later += datetime.timedelta(days=1)
            values = {"today": world["today"], "course_id": a["ids"]["course"][own_patient],
                      "therapist_id": a["clinic"]["therapist_id"],
                      "exercise_id": a["ids"]["exercise"],
                      "later_noon": later.isoformat() + "T12:00:00Z",
                      # Two days on: one session a patient a day.
                      "later_noon_2": (later + datetime.timedelta(days=2)).isoformat()
                      + "T14:00:00Z"}
            body = fill(spec.get("body"), values) if "body" in spec else None
            query = spec.get("query", "")

            def path_for(record):
                path = route["pattern"].replace("{id}", str(record))
                return path + (("?" + fill(query, values)) if query else "")

            own_path = path_for(record_ids(a, kind, own_patient, spec)) if kind else path_for(0)
            events_before = audit_events(port, db_path)
            r = user.request(route["method"], own_path, body, pattern=route["pattern"])
            events_added = audit_events(port, db_path) - events_before
            what = "matrix: %s as %s (own record)" % (key, role)
            if role not in allowed:
                expect(r, 403, what)
                check(events_added == 0, "%s: a refused request wrote %d audit event(s)"
                      % (what, events_added))
                continue
            wanted = own[role]
            wanted = wanted if isinstance(wanted, list) else [wanted]
            check(r.status in wanted, "%s: expected %s, got %d %s"
                  % (what, wanted, r.status, r.text[:300]))
            # The route table's audit flag is the truth: an audited route that succeeded appended
            # to the trail before answering; any other route, or a failed request, appended nothing.
            if r.status < 300 and route["audit"] == "audited":
                check(events_added >= 1, "%s: audited route answered %d but wrote no audit event"
                      % (what, r.status))
            elif route["audit"] == "none" or r.status >= 400:
                check(events_added == 0, "%s: answered %d and wrote %d audit event(s)"
                      % (what, r.status, events_added))
            if not kind:
                continue
            # Another clinic's record, and for a patient another patient's: 404, like a missing one.
            foreign = [("clinic b", record_ids(b, kind, b["ids"]["patient"][0], spec)),
                       ("missing", 987654321)]
            if role == "patient" and kind in ("patient", "session"):
                foreign.append(("patient 2", record_ids(a, kind, a["ids"]["patient"][1], spec)))
            # Identical to a missing record, apart from the id in the message.
            bodies = {}
            for label, record in foreign:
                events_before = audit_events(port, db_path)
                r = user.request(route["method"], path_for(record), body,
                                 pattern=route["pattern"])
                expect(r, 404, "matrix: %s as %s (%s record)" % (key, role, label))
                check(audit_events(port, db_path) == events_before,
                      "matrix: %s as %s (%s record): a 404 wrote an audit event"
                      % (key, role, label))
                bodies[label] = r.text.replace(str(record), "N")
            if len(set(bodies.values())) > 1:
                fail("matrix: %s as %s: foreign and missing records differ: %s"
                     % (key, role, bodies))


# --- Phase 4: canaries ------------------------------------------------------------------------

def canaries(world, routes):
    all_ids = {}
    for clinic in world["clinics"].values():
        for kind, values in clinic["ids"].items():
            if isinstance(values, dict):
                flat = []
                for value in values.values():
                    flat.extend(value if isinstance(value, list) else [value])
                values = flat
            elif not isinstance(values, list):
                continue
            all_ids.setdefault(kind, []).extend(values)
    kinds = {"patients": "patient", "sessions": "session", "notes": "note", "alerts": "alert",
             "users": "user", "api-tokens": "token"}
    checked = 0
    seen_own = {}  # positive control: each user does receive their own clinic's canaries
    for x, clinic in world["clinics"].items():
        other = "b" if x == "a" else "a"
        for name, user in clinic["users"].items():
            forbidden = ["Zzcanary" + other]
            if name.startswith("patient"):
                forbidden.append("Zzcanary%s%s" % (x, "2" if name == "patient1" else "1"))
            for route in routes:
                if route["method"] != "GET":
                    continue
                pattern = route["pattern"]
                if "{id}" in pattern:
                    kind = kinds[pattern.split("/")[3]]
                    paths = [pattern.replace("{id}", str(i)) for i in all_ids.get(kind, [])]
                elif pattern == "/api/v1/schedule":
                    paths = [pattern + "?from=2000-01-01&to=2100-01-01"]
                elif pattern == "/api/v1/alerts":
                    paths = [pattern + "?status=all"]
                else:
                    paths = [pattern]
                for path in paths:
                    r = user.request("GET", path)
                    checked += 1
                    for canary in forbidden:
                        check(canary not in r.text, "canary: %s (clinic %s) received %s in GET %s"
                              % (name, x, canary, path))
                    if "Zzcanary" + x in r.text:
                        seen_own[(x, name)] = True
    check(checked > 100, "canary scan made only %d requests" % checked)
    for x, clinic in world["clinics"].items():
        for name in clinic["users"]:
            check(seen_own.get((x, name)), "canary: %s of clinic %s never saw its own clinic's "
                  "canaries (the scan would miss a leak)" % (name, x))
    print("canary: %d responses scanned" % checked)


# --- TLS ----------------------------------------------------------------------------------------

def in_flight_shutdown(server, world, db_path):
    """SIGTERM while a write is half-received: the server finishes it, answers, then exits 0, and
    the acknowledged write is in the database."""
    admin = world["clinics"]["a"]["users"]["admin"]
    body = json.dumps({"family_name": "Inflight", "given_name": "Sigterm",
                       "date_of_birth": "1971-07-01"}).encode()
    head = ("POST /api/v1/patients HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
            "X-CSRF-Token: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
            "Connection: close\r\n\r\n" % (admin.cookie, admin.csrf, len(body))).encode()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    sock.sendall(head + body[:10])
    # A worker has accepted the connection and read everything sent so far: it now waits for the
    # rest of the body.
    client_port = sock.getsockname()[1]
    wait_until(lambda: unread_bytes(server.port, client_port) == 0, 30,
               "the server to read the request head")
    server.process.send_signal(signal.SIGTERM)
    check(server.wait_for_log('event="SIGTERM: stopping"'), "shutdown: no 'SIGTERM: stopping' event")
    # The server has stopped listening: the shutdown is under way with the request in flight.
    wait_until(lambda: not accepts_connections(server.port), 30, "the server to stop listening")
    check(server.process.poll() is None, "shutdown: server exited with a request in flight")
    sock.sendall(body[10:])
    answer = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        answer += chunk
    sock.close()
    status_line = answer.split(b"\r\n", 1)[0].decode()
    check(status_line == "HTTP/1.1 201 Created", "shutdown: in-flight request got %r" % status_line)
    code = server.process.wait(timeout=30)
    server.reader.join(timeout=5)
    check(code == 0, "server exit code after SIGTERM: %d" % code)
    with sqlite3.connect("file:%s?mode=ro" % db_path, uri=True) as db:
        rows = db.execute("SELECT count(*) FROM patients WHERE family_name = 'Inflight'").fetchone()
    check(rows[0] == 1, "shutdown: the acknowledged in-flight write is not in the database")
    return code


def tls(binary, db_url, fixture, tmp):
    """Over TLS the session cookie is also Secure."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    server = Server(binary, db_url, ["--tls-cert", cert, "--tls-key", key])
    try:
        check(any("listening on https://" in line for line in server.log_lines),
              "TLS server did not announce https")
        connection = http.client.HTTPSConnection("127.0.0.1", server.port, timeout=30,
                                                 context=ssl._create_unverified_context())
        connection.request("POST", "/api/v1/login", body=json.dumps(
            {"email": fixture["clinics"]["a"]["logins"]["therapist"],
             "password": fixture["password"]}), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie") or ""
        check(response.status == 200, "TLS login: %d" % response.status)
        check(cookie.endswith("; Secure") and "HttpOnly" in cookie and "SameSite=Strict" in cookie,
              "TLS cookie flags: " + cookie)
        print("tls: login over HTTPS sets a Secure cookie")
    finally:
        check(server.stop() == 0, "TLS server exit code")


def main():
    try:
        return run()
    finally:
        if ARGS.samples:
            with open(ARGS.samples, "w") as out:
                json.dump(SAMPLES, out)


def run():
    args = ARGS

    with tempfile.TemporaryDirectory(prefix="backcare-http-") as tmp:
        routes = json.loads(subprocess.run([args.backcare, "serve", "--list-routes"], check=True,
                                           capture_output=True, text=True).stdout)
        db_path = os.path.join(tmp, "clinic.db")
        db_url = "sqlite:" + db_path
        fixture_file = os.path.join(tmp, "fixture.json")
        subprocess.run([args.fixture, db_url, fixture_file, "--past-course"], check=True)
        fixture = json.load(open(fixture_file))
        server = Server(args.backcare, db_url)
        try:
            world = seed(server.port, fixture)
            security(server.port, world, fixture)
            time_rules(server.port, world)
            checkpoint_tags(world)
            patient_words(world)
            closures(world)
            referral_hold(server.port, world)
            matrix(server.port, world, routes, fixture, db_path)
            canaries(world, routes)
            throttling(server.port, fixture)
            health = Client(server.port).request("GET", "/healthz", pattern="/healthz")
            expect(health, 200, "healthz")
            in_flight_shutdown(server, world, db_path)
        finally:
            if server.process.poll() is None:
                server.stop()
        tls(args.backcare, db_url, fixture, tmp)
        log = "".join(server.log_lines)
        check('event="stopped"' in log, "no 'stopped' event in the log")
        for line in server.log_lines:
            if "Zzcanary" in line or "fixture-Passw0rd" in line:
                fail("log line holds patient data or a password: " + line.strip())
        check(re.search(r"route=/api/v1/patients/\{id\} status=200", log) is not None,
              "access log lines name the route pattern")
    if FAILURES:
        print("%d failure(s)" % len(FAILURES), file=sys.stderr)
        return 1
    print("http api: all checks passed (%d samples)" % len(SAMPLES))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--backcare", required=True)
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--samples")
    ARGS = parser.parse_args()
    sys.exit(main())
