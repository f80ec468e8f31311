#!/usr/bin/env python3
"""HTTP integration tests: the real `backcare` binary on a temporary SQLite database, on a free
loopback port.

Phases (each failure names the route, the user and the record):
  1. seed      two clinics (tests/http/http_fixture.cc), then clinical records through the API,
               planting canary strings in clinic a's and clinic b's records (and per patient);
  2. security  cookie flags, CSRF, login throttling (429 + Retry-After), bad input (400/413/415),
               expired/unknown sessions (401), API tokens, clinical-rule conflicts (409);
               invitations and password resets by one-time link (404 forged, 410 used, 422 weak);
               calendar feeds read back with ical.js against the schedule, remade and revoked;
  3. matrix    every route x role x own/foreign record, generated from the route table
               (`backcare serve --list-routes`) with expectations in route_matrix.json; a route
               without expectations fails the test; the audit trail (read from the database
               file) must grow after every successful call of an audited route and only then;
  4. canary    every GET route, for every user, with every record id of both clinics: no response
               body may contain another clinic's (or, for patients, another patient's) canaries;
  5. shutdown  SIGTERM with a write half-received: the write completes and is answered, then the
               server exits 0 ("stopped" logged) and the write is in the database;
  6. tls       a second server with a throwaway certificate sets a Secure cookie, and so does a
               plain server for a trusted proxy's X-Forwarded-Proto: https (only then).
The clinical-rule phases (issue #20) live in clinical_phases.py, the server, client and check
helpers in harness.py. The server may send Web Push only to a stub push service on loopback
(push_subscriptions.py, checked after the canary scan).
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
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import zoneinfo

from clinical_phases import (checkpoint_tags, closures, patient_words, precautions,
                             referral_hold, replan, time_rules)
from harness import (FAILURES, HERE, ROLES, SAMPLES, Client, Server, accepts_connections, check,
                     expect, fail, unread_bytes, wait_until)
from csv_exports import csv_exports
from outcome_reports import outcome_reports
from mfa_flows import mfa_flows
from push_subscriptions import PushServiceStub, push_subscriptions
from fhir_reads import fhir_bulk_export, fhir_reads
from security_findings import audit_rows, security_findings, throttled_logins_are_audited


# --- Phase 1: seed ---------------------------------------------------------------------------

def seed(port, fixture):
    """Logs everyone in and creates clinical records through the API. Returns the world."""
    password = fixture["password"]
    # The fixture's clinics keep Europe/London time: "today" is theirs, not the machine's.
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London")).date()
    world = {"today": today.isoformat(), "clinics": {}, "secrets": []}
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
        # A third patient's course, for the matrix to discharge.
        r = users["front_desk"].request("POST", "/api/v1/patients", {
            "given_name": "Dora", "family_name": "Discharge%s" % x, "date_of_birth": "1966-06-06"})
        expect(r, 201, "seed patient 3 %s" % x)
        p3 = r.json()["id"]
        expect(therapist.request("POST", "/api/v1/patients/%d/intake" % p3, {
            "findings": [], "baseline": [{"instrument": "nprs", "answers": [6]}]}), 201,
            "seed intake %s3" % x)
        r = therapist.request("POST", "/api/v1/patients/%d/courses" % p3,
                              {"start_date": world["today"]})
        expect(r, 201, "seed course %s3" % x)
        ids["discharge_course"] = [r.json()["course_id"]]
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
        # The routes on a login ({id} "user") reset its password and its two-step sign-in, which
        # end its sessions: they act on a spare login, not on one the matrix signs in with.
        r = users["admin"].request("POST", "/api/v1/users", {
            "email": "spare.%s@clinic.test" % x, "display_name": "Spare " + x,
            "role": "front_desk", "password": "spare desk login for the matrix " + x},
            pattern="/api/v1/users")
        expect(r, 201, "seed spare login")
        ids["user"] = [r.json()["id"]]
        r = users["admin"].request("POST", "/api/v1/api-tokens", {"name": "lab " + x},
                                   pattern="/api/v1/api-tokens")
        expect(r, 201, "seed token")
        ids["token"] = [r.json()["token_user_id"]]
        listed = users["admin"].request("GET", "/api/v1/api-tokens", pattern="/api/v1/api-tokens")
        expect(listed, 200, "list tokens")
        check([(t["id"], t["name"], t["state"]) for t in listed.json()]
              == [(ids["token"][0], "lab " + x, "active")] and r.json()["token"] not in listed.text,
              "the admin sees the token, never its secret: %s" % listed.text[:200])
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
    check("csrf_token" not in bot.request("GET", "/api/v1/me").json(),
          "GET /me gives no CSRF token to a bearer token")
    check(admin.request("GET", "/api/v1/me").json().get("csrf_token") == admin.csrf,
          "GET /me gives a cookie session its CSRF token back (a reloaded page keeps working)")
    bad_bot = Client(port, "bad token")
    bad_bot.bearer = a["token"][:-2] + "xx"
    expect(bad_bot.request("GET", "/api/v1/patients/%d" % p1), 401, "bad bearer")

    # Logout ends the session.
    out = Client(port, "logout")
    out.login(fixture["clinics"]["a"]["logins"]["front_desk"], fixture["password"])
    expect(out.request("POST", "/api/v1/logout", pattern="/api/v1/logout"), 204, "logout")
    expect(out.request("GET", "/api/v1/me"), 401, "after logout")


def invitations(port, world, fixture):
    """An admin invites a therapist, who checks the link, sets a password on it and logs in; the
    link then answers 410, a forged one 404. A reset link ends the login's sessions."""
    a = world["clinics"]["a"]
    admin = a["users"]["admin"]
    therapist_id = a["clinic"]["therapist_id"]
    anonymous = Client(port, "invitee")
    r = admin.request("POST", "/api/v1/invitations",
                      {"email": "invited.therapist@clinic.test", "display_name": "Ivy Invited",
                       "role": "therapist", "therapist_id": therapist_id},
                      pattern="/api/v1/invitations")
    expect(r, 201, "invite a therapist")
    if r.status != 201:
        return
    invite = r.json()
    world["secrets"].append(invite["token"])
    check(invite["path"] == "/set-password#token=" + invite["token"], "invitation path")
    expires = datetime.datetime.fromisoformat(invite["expires_at"].replace("Z", "+00:00"))
    hours = (expires - datetime.datetime.now(datetime.timezone.utc)).total_seconds() / 3600
    check(71.9 < hours <= 72.0, "invitation expires in 72 h, got %.2f h" % hours)
    expect(admin.request("POST", "/api/v1/invitations",
                         {"email": "invited.therapist@clinic.test", "role": "front_desk"}),
           409, "invite an email that has a login")
    r = anonymous.request("POST", "/api/v1/access-links/check", {"token": invite["token"]},
                          pattern="/api/v1/access-links/check")
    expect(r, 200, "check the invitation")
    if r.status == 200:
        check(r.json()["email"] == "invited.therapist@clinic.test" and
              r.json()["purpose"] == "invite", "invitation view: %s" % r.text)
    r = anonymous.request("POST", "/api/v1/set-password",
                          {"token": invite["token"], "password": "short"},
                          pattern="/api/v1/set-password")
    expect(r, 422, "weak password on an invitation")
    password = "heather-quarry-lantern-7"
    world["secrets"].append(password)
    r = anonymous.request("POST", "/api/v1/set-password",
                          {"token": invite["token"], "password": password},
                          pattern="/api/v1/set-password")
    expect(r, 200, "set a password with the invitation")
    ivy = Client(port, "ivy")
    ivy.login("invited.therapist@clinic.test", password)
    r = ivy.request("GET", "/api/v1/me")
    expect(r, 200, "the invitee's session")
    if r.status == 200:
        check(r.json()["therapist_id"] == therapist_id and r.json()["role"] == "therapist",
              "the invitee acts as the invited therapist: %s" % r.text)
    r = anonymous.request("POST", "/api/v1/set-password",
                          {"token": invite["token"], "password": "another-long-passphrase"},
                          pattern="/api/v1/set-password")
    expect(r, 410, "a used invitation")
    expect(anonymous.request("POST", "/api/v1/access-links/check", {"token": "A" * 43},
                             pattern="/api/v1/access-links/check"), 404, "a forged link")
    # Reminder emails' one-click unsubscribe: public, no CSRF token; a forged token is unknown
    # whether it comes in the JSON body or the query (with RFC 8058's form body).
    expect(anonymous.request("POST", "/api/v1/unsubscribe", {"token": "A" * 43},
                             pattern="/api/v1/unsubscribe"), 404, "a forged unsubscribe link")
    expect(anonymous.request("POST", "/api/v1/unsubscribe?token=" + "A" * 43,
                             headers={"Content-Type": "application/x-www-form-urlencoded"},
                             raw_body=b"List-Unsubscribe=One-Click",
                             pattern="/api/v1/unsubscribe"), 404,
           "a forged one-click unsubscribe")
    expect(anonymous.request("POST", "/api/v1/unsubscribe", {}, pattern="/api/v1/unsubscribe"),
           400, "an unsubscribe without a token")
    expect(a["users"]["front_desk"].request("POST", "/api/v1/invitations",
                                            {"email": "x@clinic.test", "role": "therapist",
                                             "therapist_id": therapist_id}),
           403, "front desk invites staff")

    # "Forgot my password" needs the server's email settings (tests/mail has them).
    r = anonymous.request("POST", "/api/v1/password-reset",
                          {"email": "invited.therapist@clinic.test"},
                          pattern="/api/v1/password-reset")
    expect(r, 409, "a reset request without email settings")

    # A reset link: using it ends the login's sessions.
    users = admin.request("GET", "/api/v1/users").json()
    ivy_id = [u["id"] for u in users if u["email"] == "invited.therapist@clinic.test"][0]
    r = admin.request("POST", "/api/v1/users/%d/password-reset" % ivy_id,
                      pattern="/api/v1/users/{id}/password-reset")
    expect(r, 201, "issue a reset link")
    if r.status != 201:
        return
    world["secrets"].append(r.json()["token"])
    r = anonymous.request("POST", "/api/v1/set-password",
                          {"token": r.json()["token"], "password": "moss-cobalt-ferry-91"})
    expect(r, 200, "reset the password")
    # Sessions are cached for up to 0.5 s (docs/http.md): the reset ends this one within that.
    wait_until(lambda: ivy.request("GET", "/api/v1/me").status == 401, 2,
               "the session ended by a reset")
    Client(port, "ivy again").login("invited.therapist@clinic.test", "moss-cobalt-ferry-91")


def protocol_versions(port, world, binary, db_url, tmp):
    """The clinic's protocol as data in the store: a v2 with another cadence and band is imported
    with the CLI while the server runs; a running course keeps v1's plan and band, a new course
    follows v2; bad files and unstored versions are refused naming the field."""
    a = world["clinics"]["a"]
    admin, therapist, desk = a["users"]["admin"], a["users"]["therapist"], a["users"]["front_desk"]
    pid = "deep-tissue-chronic-low-back-pain"
    r = admin.request("GET", "/api/v1/protocols", pattern="/api/v1/protocols")
    expect(r, 200, "list protocols")
    listed = r.json()
    check([(p["id"], p["version"], p["active"], p["built_in"]) for p in listed]
          == [(pid, 1, True, True)], "the fixture's clinic follows the stored built-in: %s" % listed)
    check(listed[0]["imported_at"] is not None, "clinic create stored the built-in protocol")
    version_pattern = "/api/v1/protocols/{protocol_id}/versions/{version}"
    r = desk.request("GET", "/api/v1/protocols/%s/versions/1" % pid, pattern=version_pattern)
    expect(r, 200, "read protocol version 1")
    shown = json.loads(subprocess.run([binary, "protocol", "show", "--json"], check=True,
                                      capture_output=True, text=True).stdout)
    check(r.json() == shown, "GET a version answers the JSON form protocol show --json prints")
    expect(desk.request("GET", "/api/v1/protocols/%s/versions/2" % pid, pattern=version_pattern),
           404, "a version not stored")

    running = a["ids"]["patient"][1]  # started today on v1 by seed()
    plan_before = therapist.request("GET", "/api/v1/patients/%d/plan" % running).json()
    progress_before = therapist.request("GET", "/api/v1/patients/%d/progress" % running).json()

    source = open(os.path.join(HERE, "..", "..", "protocols",
                               "deep-tissue-chronic-low-back-pain.toml")).read()
    v2 = (source.replace("version = 1", "version = 2", 1)
          .replace("sessions_per_week = 2", "sessions_per_week = 3", 1)
          .replace("min_days_between_sessions = 2", "min_days_between_sessions = 1", 1)
          .replace("min_percent = 30, max_percent = 50", "min_percent = 40, max_percent = 60", 1))
    check(v2.count("sessions_per_week = 3") == 1, "v2 changes the first phase's cadence")
    files = {}
    for name, text in (("v2", v2), ("edited", v2.replace("min_percent = 40", "min_percent = 45")),
                       ("bad", v2.replace("sessions_per_week = 3", "sessions_per_week = 0"))):
        files[name] = os.path.join(tmp, "protocol-%s.toml" % name)
        with open(files[name], "w") as out:
            out.write(text)

    def run(*args):
        return subprocess.run([binary, "protocol"] + list(args), capture_output=True, text=True)

    clinic_id = str(a["clinic"]["clinic_id"])
    done = run("import", "--db", db_url, files["v2"], "--activate", clinic_id, "--json")
    check(done.returncode == 0, "import v2: %d %s" % (done.returncode, done.stderr))
    if done.returncode != 0:
        return
    check(json.loads(done.stdout)["stored"] is True, "v2 stored: " + done.stdout)
    again = run("import", "--db", db_url, files["v2"])
    check(again.returncode == 0 and "is stored already" in again.stdout,
          "the same file again changes nothing: " + again.stdout)
    edited = run("import", "--db", db_url, files["edited"])
    check(edited.returncode == 2 and "version" in edited.stderr
          and "other content" in edited.stderr, "changed content under v2: " + edited.stderr)
    bad = run("import", "--db", db_url, files["bad"])
    validated = run("validate", files["bad"])
    check(bad.returncode == 2 and validated.returncode == 2, "a broken file is refused")
    for line in validated.stderr.splitlines():
        check(line in bad.stderr, "import names the problem as validate does: " + line)

    r = admin.request("GET", "/api/v1/protocols")
    check([(p["version"], p["active"]) for p in r.json()] == [(1, False), (2, True)],
          "v2 is active: %s" % r.text)
    check(admin.request("GET", "/api/v1/clinic").json()["protocol"] == {"id": pid, "version": 2},
          "GET /api/v1/clinic names the active protocol")
    check(therapist.request("GET", "/api/v1/patients/%d/plan" % running).json() == plan_before,
          "the running course's plan did not move")
    check(therapist.request("GET", "/api/v1/patients/%d/progress" % running).json()
          == progress_before, "the running course's progress and band did not move")

    r = desk.request("POST", "/api/v1/patients", {"given_name": "Vera", "family_name": "Second",
                                                  "date_of_birth": "1970-05-06"})
    expect(r, 201, "register a patient for v2")
    newcomer = r.json()["id"]
    expect(therapist.request("POST", "/api/v1/patients/%d/intake" % newcomer, {
        "findings": [], "baseline": [{"instrument": "nprs", "answers": [8]}]}), 201, "intake")
    start = datetime.date.today() + datetime.timedelta(days=7)
    while start.weekday() != 0:
        start += datetime.timedelta(days=1)
    r = therapist.request("POST", "/api/v1/patients/%d/courses" % newcomer,
                          {"start_date": start.isoformat()})
    expect(r, 201, "a course on v2")
    plan = therapist.request("GET", "/api/v1/patients/%d/plan" % newcomer).json()
    first_week = [e for e in plan if e["start"][:10] < (start + datetime.timedelta(days=7))
                  .isoformat()]
    check(len(first_week) == 3, "v2's three sessions in the first week: %s" % first_week)

    settings = {"name": "Clinic a", "time_zone": "Europe/London"}
    r = admin.request("PUT", "/api/v1/clinic", dict(settings, protocol={"id": pid, "version": 9}))
    expect(r, 422, "an unstored version")
    check("protocol" in r.text, "the refusal names the field: " + r.text)
    expect(admin.request("PUT", "/api/v1/clinic", dict(settings, protocol={"id": pid,
                                                                          "version": 1})),
           204, "back to v1")
    check(admin.request("GET", "/api/v1/clinic").json()["protocol"]["version"] == 1,
          "the admin chose v1 again")
    print("protocols: a running course keeps v1's plan and band; a new course follows v2")


def note_versions(world):
    """Two windows on one draft: a save from an outdated version (If-Match) is 409 and changes
    nothing; the schedule tells staff where each note stands, and patients nothing."""
    a = world["clinics"]["a"]
    therapist, desk = a["users"]["therapist"], a["users"]["front_desk"]
    p1 = a["ids"]["patient"][0]
    # A session of the past course that has started and has no note yet.
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    plan = therapist.request("GET", "/api/v1/patients/%d/plan" % p1).json()
    free = [e["session_id"] for e in plan if e["start"] < now and e["note_status"] == "none"
            and e["status"] == "attended"]
    check(free, "an attended session with no note: %s" % [(e["session_id"], e["status"],
                                                           e["note_status"]) for e in plan])
    if not free:
        return
    session = free[0]
    r = therapist.request("POST", "/api/v1/sessions/%d/note" % session,
                          {"soap": {"subjective": "first version"}})
    expect(r, 201, "draft a note")
    if r.status != 201:
        return
    note = r.json()["id"]
    read = therapist.request("GET", "/api/v1/notes/%d" % note)
    version = read.headers.get("ETag")
    check(version is not None and version.startswith('"'), "a note answers with an ETag")
    via_session = therapist.request("GET", "/api/v1/sessions/%d/note" % session)
    check(via_session.headers.get("ETag") == version, "both note reads give the same ETag")
    r = therapist.request("PUT", "/api/v1/notes/%d" % note, {"soap": {"subjective": "window one"}},
                          headers={"If-Match": version})
    expect(r, 204, "save from the version read")
    newer = r.headers.get("ETag")
    check(newer is not None and newer != version, "a save answers with the new ETag")
    r = therapist.request("PUT", "/api/v1/notes/%d" % note, {"soap": {"subjective": "window two"}},
                          headers={"If-Match": version})
    expect(r, 409, "save from an outdated version")
    check(therapist.request("GET", "/api/v1/notes/%d" % note).json()["soap"]["subjective"]
          == "window one", "the refused save changed nothing")
    expect(therapist.request("PUT", "/api/v1/notes/%d" % note, {"soap": {}},
                             headers={"If-Match": "yesterday"}), 400, "a malformed If-Match")
    plan = desk.request("GET", "/api/v1/patients/%d/plan" % p1).json()
    states = {e["session_id"]: e["note_status"] for e in plan}
    check(states.get(session) == "draft" and states.get(a["ids"]["session"][p1][0]) == "signed",
          "the front desk sees where each note stands: %s" % states)
    mine = a["users"]["patient1"].request("GET", "/api/v1/patients/%d/plan" % p1).json()
    check(all(e["note_status"] is None for e in mine), "a patient is shown no note states")
    print("notes: If-Match keeps two windows from overwriting each other; schedules show note states")
    note_measures(therapist, p1, note)


def note_measures(therapist, patient, note):
    """A draft's objective measures: written, read back (the note and the patient's notes list),
    one cleared by null, and an out-of-range value refused with 422 naming its field."""
    measures = {"standing_tolerance_minutes": 25, "schober_cm": 3.5, "fingertip_to_floor_cm": -2.5}
    r = therapist.request("PUT", "/api/v1/notes/%d" % note,
                          {"soap": {"subjective": "window one"}, "objective_measures": measures},
                          pattern="/api/v1/notes/{id}")
    expect(r, 204, "save objective measures")
    read = therapist.request("GET", "/api/v1/notes/%d" % note, pattern="/api/v1/notes/{id}")
    check(read.json().get("objective_measures") == measures,
          "the measures read back: %s" % read.json().get("objective_measures"))
    listed = therapist.request("GET", "/api/v1/patients/%d/notes" % patient,
                               pattern="/api/v1/patients/{id}/notes").json()
    check([n["objective_measures"] for n in listed if n["id"] == note] == [measures],
          "the patient's notes carry the measures")
    r = therapist.request("PUT", "/api/v1/notes/%d" % note,
                          {"soap": {"subjective": "window one"},
                           "objective_measures": {"standing_tolerance_minutes": 25,
                                                  "schober_cm": 15.5,
                                                  "fingertip_to_floor_cm": None}},
                          pattern="/api/v1/notes/{id}")
    expect(r, 422, "a Schober distraction above 15 cm")
    fields = [f.get("path") for f in r.json().get("error", {}).get("fields", [])]
    check(fields == ["objective_measures.schober_cm"], "the 422 names the field: %s" % r.text)
    check(therapist.request("GET", "/api/v1/notes/%d" % note).json()["objective_measures"]
          == measures, "the refused save changed nothing")
    r = therapist.request("PUT", "/api/v1/notes/%d" % note,
                          {"soap": {"subjective": "window one"},
                           "objective_measures": {"standing_tolerance_minutes": 30,
                                                  "schober_cm": None}})
    expect(r, 204, "clear two measures")
    check(therapist.request("GET", "/api/v1/notes/%d" % note).json()["objective_measures"]
          == {"standing_tolerance_minutes": 30, "schober_cm": None,
              "fingertip_to_floor_cm": None},
          "absent and null both mean not measured")
    print("notes: objective measures are written, listed, cleared and range-checked (422)")


def printable_report(world):
    """GET /api/v1/patients/{id}/report: an HTML page with its own strict CSP, not cached; the
    course query checked (400) and another patient's course refused like a missing one (404)."""
    a = world["clinics"]["a"]
    therapist, patient1 = a["users"]["therapist"], a["users"]["patient1"]
    p1, p2 = a["ids"]["patient"]
    pattern = "/api/v1/patients/{id}/report"
    r = therapist.request("GET", "/api/v1/patients/%d/report?course=%d"
                          % (p1, a["ids"]["course"][p1]), pattern=pattern)
    expect(r, 200, "report of patient 1's course")
    headers = {key.lower(): value for key, value in r.headers.items()}
    check(headers.get("content-type") == "text/html; charset=utf-8",
          "report content type: %s" % headers.get("content-type"))
    check(headers.get("content-security-policy") ==
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
          "form-action 'none'; frame-ancestors 'none'",
          "report CSP: %s" % headers.get("content-security-policy"))
    check(headers.get("cache-control") == "no-store", "report Cache-Control: %s"
          % headers.get("cache-control"))
    check(headers.get("x-content-type-options") == "nosniff", "report keeps nosniff")
    check("content-disposition" not in headers, "the report is shown, not downloaded")
    check(r.text.startswith("<!DOCTYPE html>") and "<script" not in r.text
          and ">Attendance</h2>" in r.text, "report body: %s" % r.text[:200])
    for query, field in (("course=abc", "course"), ("course=0", "course"), ("week=1", "week")):
        r = therapist.request("GET", "/api/v1/patients/%d/report?%s" % (p1, query))
        expect(r, 400, "report ?%s" % query)
        check(r.json()["error"]["fields"][0]["path"] == field,
              "report ?%s names %s: %s" % (query, field, r.text[:200]))
    other = a["ids"]["course"][p2]
    for who, user in (("therapist", therapist), ("patient 1", patient1)):
        r = user.request("GET", "/api/v1/patients/%d/report?course=%d" % (p1, other))
        expect(r, 404, "report of patient 1 with patient 2's course as %s" % who)
        missing = user.request("GET", "/api/v1/patients/%d/report?course=987654321" % p1)
        expect(missing, 404, "report with a missing course as %s" % who)
        check(r.text.replace(str(other), "N") == missing.text.replace("987654321", "N"),
              "another patient's course and a missing one differ: %s / %s"
              % (r.text[:200], missing.text[:200]))
    expect(patient1.request("GET", "/api/v1/patients/%d/report" % p1), 200, "own report")
    expect(patient1.request("GET", "/api/v1/patients/%d/report" % p2), 404, "another's report")


def search_and_reference(world):
    """The patient list's search, alerts of one patient, and the instruments' definitions."""
    a, b = world["clinics"]["a"], world["clinics"]["b"]
    desk, therapist = a["users"]["front_desk"], a["users"]["therapist"]
    p1, p2 = a["ids"]["patient"]
    everyone = desk.request("GET", "/api/v1/patients").json()
    first = [p for p in everyone if p["id"] == p1][0]
    word = first["given_name"][:4].lower()
    r = desk.request("GET", "/api/v1/patients?q=" + word, pattern="/api/v1/patients")
    expect(r, 200, "search patients")
    found = [p["id"] for p in r.json()]
    check(p1 in found and len(found) < len(everyone), "a name search finds %d of %d: %s"
          % (len(found), len(everyone), found))
    born = first["date_of_birth"]
    check(p1 in [p["id"] for p in desk.request("GET", "/api/v1/patients?q=" + born).json()],
          "a search by date of birth finds the patient")
    check(desk.request("GET", "/api/v1/patients?q=zzzznobody").json() == [], "no match: empty")
    expect(desk.request("GET", "/api/v1/patients?name=x"), 400, "an unknown query parameter")

    r = therapist.request("GET", "/api/v1/alerts?status=all&patient_id=%d" % p1,
                          pattern="/api/v1/alerts")
    expect(r, 200, "alerts of one patient")
    check(r.json() and all(alert["patient_id"] == p1 for alert in r.json()),
          "only that patient's alerts: %s" % r.text[:200])
    expect(therapist.request("GET", "/api/v1/alerts?patient_id=%d" % b["ids"]["patient"][0]), 404,
           "another clinic's patient")
    expect(therapist.request("GET", "/api/v1/alerts?patient_id=x"), 400, "a bad patient id")

    r = a["users"]["patient1"].request("GET", "/api/v1/instruments", pattern="/api/v1/instruments")
    expect(r, 200, "instruments")
    by_id = {i["id"]: i for i in r.json()}
    check(sorted(by_id) == ["nprs", "odi", "peg", "rmdq", "startback"], "five instruments")
    nprs = by_id.get("nprs", {"items": [{}]})
    check(nprs["items"][0].get("min") == 0 and nprs["items"][0].get("max") == 10
          and nprs.get("mcid_points") == 2, "NPRS is 0-10 with a minimal important change of 2")
    check(all(item["text"] is None for item in by_id.get("odi", {"items": []})["items"]),
          "the ODI's licensed item texts are not served")
    r = therapist.request("GET", "/api/v1/patients/%d/screening" % p1,
                          pattern="/api/v1/patients/{id}/screening")
    expect(r, 200, "the current screening")
    current = r.json()
    history = therapist.request("GET", "/api/v1/patients/%d/screenings" % p1).json()
    chart = therapist.request("GET", "/api/v1/patients/%d" % p1).json()["clinical"]
    check(current["screening"] == history[-1]
          and [reason["condition"] for reason in current["reasons"]] == history[-1]["conditions"]
          and all(reason["label"] for reason in current["reasons"])
          and current["restrictions"] == chart["restrictions"]
          and current["tracked_signs"] == chart["tracked_signs"],
          "the latest screening with its reasons and the chart's precautions: %s" % current)
    expect(a["users"]["patient1"].request("GET", "/api/v1/patients/%d/screening" % p1), 200,
           "a patient reads their own screening")
    expect(a["users"]["patient1"].request("GET", "/api/v1/patients/%d/screening" % p2), 404,
           "not another patient's")
    expect(desk.request("GET", "/api/v1/patients/%d/screening" % p1), 403, "nor the front desk")

    r = desk.request("GET", "/api/v1/screening/conditions", pattern="/api/v1/screening/conditions")
    expect(r, 200, "screening conditions")
    groups = {c["id"]: c["group"] for c in r.json()}
    check(groups.get("saddle_anaesthesia") == "refer_emergency"
          and groups.get("anticoagulants") == "modify"
          and groups.get("open_wound") == "avoid_area"
          and "tracked" in groups.values(), "the catalogue's groups: %s" % groups)
    print("search: patients by name and date of birth; alerts by patient; instrument definitions;"
          " screening conditions")


def discharge(world):
    """Ending a course: its outcome, future bookings cancelled, final scores against baseline."""
    a = world["clinics"]["a"]
    therapist, desk = a["users"]["therapist"], a["users"]["front_desk"]
    r = desk.request("POST", "/api/v1/patients", {"given_name": "Ewan", "family_name": "Ending",
                                                  "date_of_birth": "1970-07-07"})
    expect(r, 201, "register a patient to discharge")
    patient = r.json()["id"]
    expect(therapist.request("POST", "/api/v1/patients/%d/intake" % patient, {
        "findings": [], "baseline": [{"instrument": "nprs", "answers": [8]}]}), 201, "intake")
    # Started two weeks ago (back-entered), so both NPRS scores come after its start: the first is
    # the baseline (progress::CourseChanges), the second the final score.
    started = datetime.date.fromisoformat(world["today"]) - datetime.timedelta(days=14)
    r = therapist.request("POST", "/api/v1/patients/%d/courses" % patient,
                          {"start_date": started.isoformat(), "back_entry": True})
    expect(r, 201, "a course to end")
    course = r.json()["course_id"]
    booked = r.json()["session_ids"]
    expect(therapist.request("POST", "/api/v1/patients/%d/responses" % patient,
                             {"instrument": "nprs", "answers": [4]}), 201, "a later NPRS")
    plan_before_discharge = desk.request("GET", "/api/v1/patients/%d/plan" % patient).json()
    expect(desk.request("POST", "/api/v1/courses/%d/discharge" % course,
                        {"outcome": "goals_met"}), 403, "the front desk does not discharge")
    expect(therapist.request("POST", "/api/v1/courses/%d/discharge" % course,
                             {"outcome": "cured"}), 400, "an unknown outcome")
    r = therapist.request("POST", "/api/v1/courses/%d/discharge" % course,
                          {"outcome": "goals_met", "note": "walks 30 minutes without pain"},
                          pattern="/api/v1/courses/{id}/discharge")
    expect(r, 200, "discharge")
    if r.status != 200:
        return
    summary = r.json()
    check(summary["status"] == "completed" and summary["discharge"]["outcome"] == "goals_met",
          "goals met completes the course: %s" % summary)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    plan_before = {e["session_id"]: e for e in plan_before_discharge}
    future = sorted(i for i in booked if plan_before[i]["start"] > now
                    and plan_before[i]["status"] == "booked")
    check(future and sorted(summary["cancelled_session_ids"]) == future,
          "every future booking was cancelled: %s" % summary["cancelled_session_ids"])
    nprs = [c for c in summary["changes"] if c["instrument"] == "nprs"]
    check(nprs and nprs[0]["baseline"] == 8 and nprs[0]["final"] == 4
          and nprs[0]["class"] == "substantial", "NPRS 8 -> 4 is a substantial response: %s"
          % summary["changes"])
    courses = therapist.request("GET", "/api/v1/patients/%d/courses" % patient).json()
    check(courses[0]["discharge"]["note"] == "walks 30 minutes without pain",
          "the course shows its discharge")
    later = [c for c in courses[0]["discharge"]["changes"] if c["instrument"] == "nprs"]
    check(later and later[0]["final"] == 4 and later[0]["class"] == "substantial",
          "the course list repeats the final scores: %s" % courses[0]["discharge"])
    seen_by_desk = desk.request("GET", "/api/v1/patients/%d/courses" % patient).json()[0]
    check(seen_by_desk["discharge"]["note"] is None and seen_by_desk["discharge"]["changes"] is None
          and seen_by_desk["discharge"]["outcome"] == "goals_met",
          "the front desk sees that the course ended, not its note or scores: %s" % seen_by_desk)
    plan = therapist.request("GET", "/api/v1/patients/%d/plan" % patient).json()
    check(not any(e["status"] == "booked" and e["start"] > now for e in plan),
          "no future session is left booked")
    expect(therapist.request("POST", "/api/v1/courses/%d/discharge" % course,
                             {"outcome": "plateau"}), 409, "a course ends once")
    print("discharge: the course ends with its outcome, bookings cancelled, NPRS 8 -> 4 substantial")


def availability(world):
    """Each therapist's working hours and free time: sessions taken out, closures closed."""
    a = world["clinics"]["a"]
    desk = a["users"]["front_desk"]
    zone = zoneinfo.ZoneInfo(desk.request("GET", "/api/v1/clinic").json()["time_zone"])
    today = datetime.date.fromisoformat(world["today"])
    week = (today + datetime.timedelta(days=7)).isoformat()
    r = desk.request("GET", "/api/v1/availability?from=%s&to=%s" % (today.isoformat(), week),
                     pattern="/api/v1/availability")
    expect(r, 200, "availability for a week")
    therapists = r.json()
    check(a["clinic"]["therapist_id"] in [t["therapist_id"] for t in therapists],
          "the clinic's therapist is listed: %s" % r.text[:200])
    sessions = desk.request("GET", "/api/v1/schedule?from=%s&to=%s"
                            % ((today - datetime.timedelta(days=1)).isoformat(),
                               (today + datetime.timedelta(days=8)).isoformat())).json()

    def minutes(text):
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    checked = 0
    for therapist in therapists:
        check(len(therapist["days"]) == 7, "seven dates from..to, to excluded")
        for day in therapist["days"]:
            open_ = [(minutes(w["start"]), minutes(w["end"])) for w in day["open"]]
            for w in day["free"]:
                start, end = minutes(w["start"]), minutes(w["end"])
                check(any(o[0] <= start and end <= o[1] for o in open_), "free time is open time")
                for s in sessions:
                    if s["therapist_id"] != therapist["therapist_id"] or s["status"] == "cancelled":
                        continue
                    local = [datetime.datetime.fromisoformat(s[k].replace("Z", "+00:00"))
                             .astimezone(zone) for k in ("start", "end")]
                    if local[0].date().isoformat() != day["date"]:
                        continue
                    checked += 1
                    s_start = local[0].hour * 60 + local[0].minute
                    s_end = local[1].hour * 60 + local[1].minute
                    check(s_end <= start or end <= s_start,
                          "session %d (%s) is not in free time %s-%s on %s"
                          % (s["session_id"], s["start"], w["start"], w["end"], day["date"]))
    check(checked > 0, "the week's sessions were compared with the free time")

    r = desk.request("POST", "/api/v1/clinic/closures", {
        "first_day": "2099-03-02", "last_day": "2099-03-03", "reason": "Availability check"})
    expect(r, 201, "a closure")
    closure = r.json()["id"]
    r = desk.request("GET", "/api/v1/availability?from=2099-03-01&to=2099-03-05&therapist_id=%d"
                     % a["clinic"]["therapist_id"])
    expect(r, 200, "one therapist's availability")
    days = r.json()[0]["days"] if r.status == 200 else []
    check([d["closed"] for d in days] == [None, "Availability check", "Availability check", None],
          "closed on the closure's dates: %s" % days)
    check(days and days[0]["open"] == [] and days[3]["open"] == [{"start": "08:00", "end": "19:00"}]
          and days[3]["free"] == days[3]["open"], "Sunday off, a free Wednesday: %s" % days)
    expect(desk.request("DELETE", "/api/v1/clinic/closures/%d" % closure), 204, "closure removed")
    expect(desk.request("GET", "/api/v1/availability?from=2099-03-01&to=2099-04-02"), 400,
           "more than 31 dates")
    expect(desk.request("GET", "/api/v1/availability?from=2099-03-01&to=2099-03-01"), 400,
           "an empty range")
    expect(a["users"]["patient1"].request("GET", "/api/v1/availability?from=2099-03-01&to=2099-03-02"),
           403, "patients do not read availability")
    print("availability: %d sessions outside free time; closures closed; ranges checked" % checked)


def calendar_feeds(port, world, tmp):
    """A therapist and a patient subscribe to their feeds: ical.js reads exactly their sessions of
    the schedule (tests/ical/check_server_feed.mjs), with no patient name. Remaking a feed kills
    the old URL; revoking kills the new one."""
    a = world["clinics"]["a"]
    admin, therapist, patient = a["users"]["admin"], a["users"]["therapist"], a["users"]["patient1"]
    since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=90))
    r = admin.request("GET", "/api/v1/schedule?from=2000-01-01&to=2100-01-01")
    expect(r, 200, "the whole schedule")
    schedule_file = os.path.join(tmp, "schedule.json")
    with open(schedule_file, "w") as out:
        out.write(r.text)
    anonymous = Client(port, "calendar app")
    paths = {}
    for name, user, who in (("therapist", therapist, "therapist:%d" % a["clinic"]["therapist_id"]),
                            ("patient", patient, "patient:%d" % a["ids"]["patient"][0])):
        r = user.request("POST", "/api/v1/calendar-feed", pattern="/api/v1/calendar-feed")
        expect(r, 201, "%s makes a feed" % name)
        if r.status != 201:
            continue
        paths[name] = r.json()["path"]
        world["secrets"].append(r.json()["token"])
        r = anonymous.request("GET", paths[name], pattern="/cal/{token}")
        expect(r, 200, "%s's feed" % name)
        check(r.headers.get("Content-Type", "").startswith("text/calendar"),
              "feed content type: %s" % r.headers.get("Content-Type"))
        feed_file = os.path.join(tmp, name + ".ics")
        with open(feed_file, "w", newline="") as out:
            out.write(r.text)
        node = subprocess.run(["node", os.path.join(HERE, "..", "ical", "check_server_feed.mjs"),
                               schedule_file, feed_file, who, since.isoformat()],
                              capture_output=True, text=True)
        check(node.returncode == 0, "ical.js check of the %s feed: %s%s"
              % (name, node.stdout, node.stderr))
        print("calendar feed: " + node.stdout.strip())
    if "therapist" in paths:
        r = therapist.request("POST", "/api/v1/calendar-feed")
        expect(r, 201, "remake the feed")
        expect(anonymous.request("GET", paths["therapist"]), 404, "the old feed URL after a remake")
        new_path = r.json()["path"]
        expect(anonymous.request("GET", new_path), 200, "the new feed URL")
        expect(therapist.request("DELETE", "/api/v1/calendar-feed"), 204, "revoke the feed")
        expect(anonymous.request("GET", new_path), 404, "a revoked feed")
    expect(anonymous.request("GET", "/cal/" + "A" * 43 + ".ics"), 404, "a forged feed")
    expect(admin.request("POST", "/api/v1/calendar-feed"), 403, "an admin has no sessions to feed")


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
    # The API description states the figures this test just saw.
    with open(os.path.join(HERE, "..", "..", "docs", "openapi.yaml")) as spec:
        described = " ".join(spec.read().split())
    check("5 failed logins in 15 minutes for one account, or 20 from one address, give 429"
          in described, "docs/openapi.yaml states other throttling figures than the server's")


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


def last_audit_event(db_path):
    """(action, record_type, record_id) of the newest event of any clinic (call audit_events
    first, so the server's queued events are committed)."""
    with sqlite3.connect("file:%s?mode=ro" % db_path, uri=True) as db:
        return db.execute("SELECT action, record_type, record_id FROM audit_events "
                          "ORDER BY rowid DESC LIMIT 1").fetchone()


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
                      "patient_id": own_patient,
                      "therapist_id": a["clinic"]["therapist_id"],
                      "exercise_id": a["ids"]["exercise"],
                      "push_endpoint": world["push_endpoint"],
                      "later_noon": later.isoformat() + "T12:00:00Z",
                      "week_later": (datetime.date.fromisoformat(world["today"])
                                     + datetime.timedelta(days=7)).isoformat(),
                      # Two days on: one session a patient a day.
                      "later_noon_2": (later + datetime.timedelta(days=2)).isoformat()
                      + "T14:00:00Z"}
            body = fill(spec.get("body"), values) if "body" in spec else None
            query = spec.get("query", "")

            def path_for(record):
                path = spec.get("path", route["pattern"]).replace("{id}", str(record))
                return path + (("?" + fill(query, values)) if query else "")

            own_path = path_for(record_ids(a, kind, own_patient, spec)) if kind else path_for(0)
            events_before = audit_events(port, db_path)
            r = user.request(route["method"], own_path, body, pattern=route["pattern"])
            events_added = audit_events(port, db_path) - events_before
            what = "matrix: %s as %s (own record)" % (key, role)
            if role not in allowed:
                expect(r, 403, what)
                # A refusal is one audit event: who tried which route on which record.
                denied = last_audit_event(db_path)
                check(events_added == 1 and denied[:2] == ("access.denied", key),
                      "%s: a refused request wrote %d audit event(s), the last %s"
                      % (what, events_added, denied))
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
                if pattern.startswith("/fhir/R4/$export-"):
                    continue  # a job's id is a secret of its admin (fhir_reads.py checks it)
                if pattern == "/fhir/R4/{type}/{id}":
                    paths = ["/fhir/R4/Patient/%d" % i for i in all_ids.get("patient", [])]
                elif pattern == "/fhir/R4/{type}":
                    paths = ["/fhir/R4/%s?_count=200" % t for t in
                             ("Patient", "Observation", "Procedure", "Flag", "Appointment")]
                elif "{id}" in pattern:
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


def tls(binary, db_path, fixture, tmp):
    """Over TLS the session cookie is also Secure. Runs after throttling() on a new server
    process: the address's failures are in the database, so the throttle outlives the restart
    until they are cleared."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    server = Server(binary, "sqlite:" + db_path, ["--tls-cert", cert, "--tls-key", key])

    def login():
        connection = http.client.HTTPSConnection("127.0.0.1", server.port, timeout=30,
                                                 context=ssl._create_unverified_context())
        connection.request("POST", "/api/v1/login", body=json.dumps(
            {"email": fixture["clinics"]["a"]["logins"]["therapist"],
             "password": fixture["password"]}), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response

    try:
        check(any("listening on https://" in line for line in server.log_lines),
              "TLS server did not announce https")
        response = login()
        check(response.status == 429, "throttle after a restart: %d" % response.status)
        with sqlite3.connect(db_path) as db:
            db.execute("DELETE FROM login_failures")
        response = login()
        cookie = response.getheader("Set-Cookie") or ""
        check(response.status == 200, "TLS login: %d" % response.status)
        check(cookie.endswith("; Secure") and "HttpOnly" in cookie and "SameSite=Strict" in cookie,
              "TLS cookie flags: " + cookie)
        check(response.getheader("Strict-Transport-Security") == "max-age=31536000",
              "HSTS over TLS: %s" % response.getheader("Strict-Transport-Security"))
        print("tls: the address throttle outlives a restart; login over HTTPS sets a Secure cookie")
    finally:
        check(server.stop() == 0, "TLS server exit code")


def proxy_tls(binary, db_path, fixture):
    """Behind a proxy that terminated TLS: a login that a trusted proxy marks
    X-Forwarded-Proto: https gets a Secure cookie; the same header from a peer that is not a
    trusted proxy does not."""
    def login(server, headers):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("POST", "/api/v1/login", body=json.dumps(
            {"email": fixture["clinics"]["a"]["logins"]["therapist"],
             "password": fixture["password"]}),
            headers={"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        response.read()
        check(response.status == 200, "login behind a proxy: %d" % response.status)
        return response.getheader("Set-Cookie") or ""

    behind = Server(binary, "sqlite:" + db_path, ["--trusted-proxies", "127.0.0.1/32"])
    try:
        check(login(behind, {"X-Forwarded-Proto": "https"}).endswith("; Secure"),
              "a trusted proxy's X-Forwarded-Proto: https sets a Secure cookie")
        check("Secure" not in login(behind, {}),
              "without X-Forwarded-Proto the cookie is not Secure")
    finally:
        check(behind.stop() == 0, "proxied server exit code")
    direct = Server(binary, "sqlite:" + db_path)
    try:
        check("Secure" not in login(direct, {"X-Forwarded-Proto": "https"}),
              "X-Forwarded-Proto from a peer that is not a trusted proxy is ignored")
    finally:
        check(direct.stop() == 0, "direct server exit code")
    print("proxy tls: a trusted proxy's X-Forwarded-Proto: https makes the cookie Secure")


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
        # Web Push may go to a stub push service on loopback only (push_subscriptions.py).
        push_stub = PushServiceStub()
        server = Server(args.backcare, db_url, ["--push-hosts", "127.0.0.1"])
        try:
            world = seed(server.port, fixture)
            # Patient 1 of clinic a subscribes in the matrix; the endpoint holds their canary.
            world["push_endpoint"] = push_stub.endpoint("Zzcanarya1push")
            security(server.port, world, fixture)
            invitations(server.port, world, fixture)
            calendar_feeds(server.port, world, tmp)
            time_rules(server.port, world)
            checkpoint_tags(world)
            patient_words(world)
            closures(world)
            replan(world)
            referral_hold(server.port, world)
            precautions(world)
            matrix(server.port, world, routes, fixture, db_path)
            canaries(world, routes)
            push_subscriptions(world, push_stub)
            note_versions(world)
            search_and_reference(world)
            printable_report(world)
            discharge(world)
            availability(world)
            outcome_reports(world, args.backcare, db_url)
            csv_exports(server.port, world, args.backcare, db_url)
            fhir_reads(server.port, world, db_path)
            fhir_bulk_export(server.port, world, db_path)
            protocol_versions(server.port, world, args.backcare, db_url, tmp)
            security_findings(server.port, world, fixture, db_path)
            mfa_flows(server.port, world, fixture, db_path)
            throttled_before = len(audit_rows(server.port, db_path, "user.login_throttled"))
            throttling(server.port, fixture)
            throttled_logins_are_audited(server.port, fixture, db_path, throttled_before)
            health = Client(server.port).request("GET", "/healthz", pattern="/healthz")
            expect(health, 200, "healthz")
            in_flight_shutdown(server, world, db_path)
        finally:
            if server.process.poll() is None:
                server.stop()
            push_stub.stop()
        tls(args.backcare, db_path, fixture, tmp)
        proxy_tls(args.backcare, db_path, fixture)
        log = "".join(server.log_lines)
        check('event="stopped"' in log, "no 'stopped' event in the log")
        for line in server.log_lines:
            if "Zzcanary" in line or "fixture-Passw0rd" in line:
                fail("log line holds patient data or a password: " + line.strip())
            for secret in world["secrets"]:
                if secret in line:
                    fail("log line holds a link token or a password: " + line.strip())
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
