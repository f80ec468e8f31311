"""Findings of the security probe of issue #17 (item 5), each checked through the real server:
numbers out of range and duplicated keys in a body, control characters in one-line fields, login
emails unique across the installation whatever their case, the last admin, and API tokens (own
list, expiry, no minting, no revoking another's)."""
import sqlite3
import urllib.parse

from harness import Client, check, expect, wait_until


def patient_body(**fields):
    body = {"given_name": "Ola", "family_name": "Probe", "date_of_birth": "1970-01-01"}
    body.update(fields)
    return body


def body_refusals(world):
    desk = world["clinics"]["a"]["users"]["front_desk"]
    r = desk.request("POST", "/api/v1/patients",
                     raw_body=b'{"given_name":"Ola","family_name":"Probe",'
                              b'"date_of_birth":"1970-01-01","x":1e400}')
    expect(r, 400, "a number out of range")
    check("Strict-Transport-Security" not in r.headers, "HSTS over plain HTTP")
    check("number is out of range" in r.text and "1e400" not in r.text,
          "1e400: a clear message that does not echo it: %s" % r.text)
    r = desk.request("POST", "/api/v1/patients",
                     raw_body=b'{"given_name":"Ola","family_name":"Probe","family_name":"Other",'
                              b'"date_of_birth":"1970-01-01"}')
    expect(r, 400, "a duplicated key")
    check(r.status == 400 and r.json()["error"]["fields"][0]["path"] == "family_name"
          and "Other" not in r.text, "the duplicated key is named, its value is not: %s" % r.text)
    for field, value, problem in [
            ("given_name", "Ola\u0000x", "control characters"),
            ("given_name", "Ola\r\nSet-Cookie: x", "single line"),
            ("family_name", "Probe\u202egpj.exe", "bidirectional override"),
            ("phone", "0161\t496 0000", "single line")]:
        r = desk.request("POST", "/api/v1/patients", patient_body(**{field: value}))
        expect(r, 400, "%s with %s" % (field, problem))
        fields = r.json()["error"]["fields"] if r.status == 400 else []
        check([f["path"] for f in fields] == [field] and problem in fields[0]["message"],
              "%s: %s named: %s" % (field, problem, r.text))
    # Free text keeps its line breaks.
    a = world["clinics"]["a"]
    p1 = a["ids"]["patient"][0]
    r = a["users"]["therapist"].request("POST", "/api/v1/patients/%d/responses" % p1,
                                        {"instrument": "nprs", "answers": [5]})
    expect(r, 201, "a response to carry the probe")


def login_emails(port, fixture):
    password = fixture["password"]
    a, b = fixture["clinics"]["a"]["logins"], fixture["clinics"]["b"]["logins"]
    admin_a = Client(port, "admin.a.findings")
    admin_a.login(a["admin"], password)
    # Clinic A's admin tries clinic B's admin email, in other case: refused, naming neither.
    r = admin_a.request("POST", "/api/v1/users", {
        "email": "  " + b["admin"].upper(), "display_name": "Twin", "role": "front_desk",
        "password": "violet harbour lamp 77"})
    expect(r, 409, "another clinic's email in upper case")
    check(b["admin"] not in r.text.lower() and "clinic b" not in r.text.lower(),
          "the conflict names neither the email nor its clinic: %s" % r.text)
    # B's admin still logs in, and A's admin with the email typed in another case.
    Client(port, "admin.b.findings").login(b["admin"], password)
    Client(port, "admin.a.upper").login(" " + a["admin"].upper(), password)
    # The clinic's last active admin cannot disable themselves.
    r = admin_a.request("PUT", "/api/v1/users/%d/state" % admin_a.user["user_id"],
                        {"state": "disabled"})
    expect(r, 409, "the last admin disables themselves")
    Client(port, "admin.a.after").login(a["admin"], password)


def api_tokens(port, world):
    a = world["clinics"]["a"]
    admin, therapist = a["users"]["admin"], a["users"]["therapist"]
    r = therapist.request("POST", "/api/v1/api-tokens", {"name": "my export",
                                                         "expires_in_days": 30})
    expect(r, 201, "a therapist's token")
    own = r.json() if r.status == 201 else {}
    check(own.get("expires_at", "").endswith("Z"), "the token says when it expires: %s" % own)
    expect(therapist.request("POST", "/api/v1/api-tokens", {"name": "x", "expires_in_days": 0}),
           400, "a token that expires at once")
    listed = therapist.request("GET", "/api/v1/api-tokens")
    expect(listed, 200, "a therapist lists tokens")
    mine = therapist.user["user_id"]
    check(own.get("token_user_id") in [t["id"] for t in listed.json()]
          and all(t["owner_id"] == mine for t in listed.json()),
          "a therapist sees their own tokens, and only theirs: %s" % listed.text)
    every = admin.request("GET", "/api/v1/api-tokens")
    check(own.get("token_user_id") in [t["id"] for t in every.json()]
          and len(every.json()) > 1, "the admin sees every token: %s" % every.text)
    bot = Client(port, "bot.findings")
    bot.bearer = own.get("token", "")
    expect(bot.request("GET", "/api/v1/me"), 200, "the token works")
    r = bot.request("POST", "/api/v1/api-tokens", {"name": "child"})
    expect(r, 403, "a token mints a token")
    admins_token = a["ids"]["token"][0]
    expect(therapist.request("DELETE", "/api/v1/api-tokens/%d" % admins_token), 404,
           "a therapist revokes the admin's token")
    expect(therapist.request("DELETE", "/api/v1/api-tokens/%d" % own.get("token_user_id", 0)),
           204, "a therapist revokes their own token")
    expect(bot.request("GET", "/api/v1/me"), 401, "a revoked token")


def audit_rows(port, db_path, action):
    """(role, record_type, record_id, from_address) of every event `action`, once the server's
    queued events are committed."""
    def pending():
        return Client(port).request("GET", "/healthz").json()["audit_pending"]
    wait_until(lambda: pending() == 0, 10, "the audit log to commit its pending events")
    with sqlite3.connect("file:%s?mode=ro" % db_path, uri=True) as db:
        return db.execute("SELECT role, record_type, record_id, from_address FROM audit_events "
                          "WHERE action = ? ORDER BY rowid", (action,)).fetchall()


def audited_refusals(port, world, fixture, db_path):
    """Failed logins and denied access are audit events, never holding the password."""
    a = world["clinics"]["a"]
    desk_email = fixture["clinics"]["a"]["logins"]["front_desk"]
    desk_id = a["users"]["front_desk"].user["user_id"]
    before = len(audit_rows(port, db_path, "user.login_failed"))
    wrong = "Zzwrong-password-canary"
    r = Client(port).request("POST", "/api/v1/login", {"email": desk_email, "password": wrong})
    expect(r, 401, "a wrong password")
    expect(Client(port).request("POST", "/api/v1/login",
                                {"email": "nobody.at.all@clinic.test", "password": wrong}),
           401, "an unknown email")
    failed = audit_rows(port, db_path, "user.login_failed")
    check(len(failed) == before + 1 and failed[-1][:3] == ("system", "user", desk_id),
          "a failed login of a known email is one event on its login: %s" % failed[before:])
    with sqlite3.connect("file:%s?mode=ro" % db_path, uri=True) as db:
        for table in ("audit_events", "login_failures"):
            rows = db.execute("SELECT * FROM %s" % table).fetchall()
            check(wrong not in repr(rows), "the tried password reached %s" % table)
    # Front desk reading screenings: refused, and the refusal is recorded with the record.
    p1 = a["ids"]["patient"][0]
    r = a["users"]["front_desk"].request("GET", "/api/v1/patients/%d/screenings" % p1)
    expect(r, 403, "front desk reads screenings")
    denied = audit_rows(port, db_path, "access.denied")
    check(denied and denied[-1][:3] == ("front_desk", "GET /api/v1/patients/{id}/screenings", p1),
          "the refusal is an audit event naming route and record: %s" % denied[-1:])


def markup_and_sql_probes(world, db_path):
    """Markup in free text comes back as JSON text, never as HTML; query parameters never reach
    SQL as code."""
    desk = world["clinics"]["a"]["users"]["front_desk"]
    admin = world["clinics"]["a"]["users"]["admin"]
    markup = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'&"
    r = desk.request("POST", "/api/v1/patients", patient_body(given_name=markup,
                                                              family_name=markup + "Probe"))
    expect(r, 201, "a patient named like markup")
    probe = r.json()["id"] if r.status == 201 else 0
    r = desk.request("GET", "/api/v1/patients/%d" % probe)
    expect(r, 200, "the markup patient")
    check(r.headers.get("Content-Type") == "application/json"
          and r.headers.get("X-Content-Type-Options") == "nosniff"
          and r.headers.get("Content-Security-Policy", "").startswith("default-src 'none'")
          and r.headers.get("Content-Disposition") == 'attachment; filename="api.json"',
          "the API answers JSON that no browser renders: %s" % r.headers)
    check(r.status == 200 and r.json()["given_name"] == markup
          and r.json()["family_name"] == markup + "Probe", "markup round-trips as text")
    r = admin.request("POST", "/api/v1/clinic/closures", {
        "first_day": "2099-05-04", "last_day": "2099-05-04", "reason": markup + "\nline two"})
    expect(r, 201, "a closure whose reason is markup on two lines")
    closures = admin.request("GET", "/api/v1/clinic/closures").json()
    check(any(c["reason"] == markup + "\nline two" for c in closures),
          "the closure's reason round-trips as text")

    def count(table):
        with sqlite3.connect("file:%s?mode=ro" % db_path, uri=True) as db:
            return db.execute("SELECT count(*) FROM %s" % table).fetchone()[0]
    patients_before = count("patients")
    for q in ["' OR '1'='1", "x%' OR 1=1 --", "'; DROP TABLE patients; --", "%", "_"]:
        r = desk.request("GET", "/api/v1/patients?q=" + urllib.parse.quote(q))
        expect(r, 200, "a search for %r" % q)
        check(r.status == 200 and r.json() == [], "a search for %r finds nobody: %s"
              % (q, r.text[:200]))
    for path in ["/api/v1/alerts?status=" + urllib.parse.quote("all' OR '1'='1"),
                 "/api/v1/reports/outcomes?as_of=" + urllib.parse.quote("2099-01-01'; --")]:
        r = admin.request("GET", path)
        expect(r, 400, "a parameter that is SQL: %s" % path)
    check(count("patients") == patients_before, "the probes changed the patients table")


def password_change(port, world):
    """A login changes its own password: the current one is required, the new one must pass the
    policy, every session ends, and the answer renews this browser's."""
    admin = world["clinics"]["a"]["users"]["admin"]
    email, old, new = "changer.a@clinic.test", "copper kettle harbour 31", "meadow lantern quarry 45"
    expect(admin.request("POST", "/api/v1/users", {"email": email, "display_name": "Changer",
                                                   "role": "front_desk", "password": old}),
           201, "a login that will change its password")
    user, other = Client(port, "changer"), Client(port, "changer.elsewhere")
    user.login(email, old)
    other.login(email, old)
    r = user.request("POST", "/api/v1/me/password", {"current_password": "wrong " + old,
                                                     "new_password": new})
    expect(r, 422, "a wrong current password")
    check(r.status == 422 and r.json()["error"]["fields"][0]["path"] == "current_password",
          "the wrong current password is named: %s" % r.text)
    r = user.request("POST", "/api/v1/me/password", {"current_password": old,
                                                     "new_password": "qwertyuiopasdf"})
    expect(r, 422, "a new password too easy to guess")
    r = user.request("POST", "/api/v1/me/password", {"current_password": old,
                                                     "new_password": new})
    expect(r, 200, "the password changed")
    if r.status == 200:
        user.cookie = r.headers["Set-Cookie"].split(";")[0]
        user.csrf = r.json()["csrf_token"]
    expect(user.request("GET", "/api/v1/me"), 200, "this browser's renewed session")
    expect(other.request("GET", "/api/v1/me"), 401, "another session of the login ended")
    expect(Client(port).request("POST", "/api/v1/login", {"email": email, "password": old}),
           401, "the old password")
    Client(port, "changer.new").login(email, new)


def security_findings(port, world, fixture, db_path):
    password_change(port, world)
    body_refusals(world)
    markup_and_sql_probes(world, db_path)
    login_emails(port, fixture)
    api_tokens(port, world)
    audited_refusals(port, world, fixture, db_path)


def throttled_logins_are_audited(port, fixture, db_path, before):
    """After the throttling phase: each refused attempt on a known account is an event."""
    victim_rows = audit_rows(port, db_path, "user.login_throttled")
    check(len(victim_rows) > before,
          "a throttled login of a known account wrote no 'user.login_throttled' event")
