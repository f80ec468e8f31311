"""Staff two-step sign-in, forced password changes and the sessions list (issue #17 item 4),
through the real server. Every authenticator code comes from Debian's oathtool, an implementation
independent of backcare's (app/crypto/totp.cc)."""
import re
import subprocess
import time

from harness import Client, check, expect
from security_findings import audit_rows

PASSWORD = "quiet orchard lantern 58"
# Each server process remembers a session it has read for half a second
# (app/web_session_service.h): a change made for another request shows after that.
SESSION_CACHE_SECONDS = 0.6


def totp(secret, offset_steps=0):
    """The code of `secret` (base32) at now + offset_steps * 30 s, by oathtool."""
    at = int(time.time()) + 30 * offset_steps
    out = subprocess.run(["oathtool", "--totp", "-b", secret, "--now", "@%d" % at],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def wrong_code(secret):
    """A 6-digit code that is none of the three the server accepts now."""
    near = {totp(secret, step) for step in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)


def password_login(port, email, password, name):
    """POST /api/v1/login as a new client; returns (client, response)."""
    client = Client(port, name)
    r = client.request("POST", "/api/v1/login", {"email": email, "password": password},
                       pattern="/api/v1/login")
    return client, r


def finish_login(client, r, code, what):
    """The second step with `code`; the client keeps the session it gets."""
    check(r.status == 200 and r.json().get("mfa_required") is True
          and "Set-Cookie" not in r.headers, "%s: the password step asks for a code: %s"
          % (what, r.text))
    done = client.request("POST", "/api/v1/login/mfa",
                          {"mfa_token": r.json().get("mfa_token", ""), "code": code},
                          pattern="/api/v1/login/mfa")
    if done.status == 200:
        client.cookie = done.headers["Set-Cookie"].split(";")[0]
        client.csrf = done.json()["csrf_token"]
    return done


def enrol(client, what):
    """Sets two-step sign-in up for the client's login; returns (secret, recovery codes, the code
    that turned it on)."""
    r = client.request("POST", "/api/v1/me/mfa/enrolment", {}, pattern="/api/v1/me/mfa/enrolment")
    expect(r, 200, "%s: enrolment starts" % what)
    started = r.json()
    secret = started["secret"]
    check(re.fullmatch(r"[A-Z2-7]{32}", secret) is not None, "%s: a base32 secret" % what)
    check(started["otpauth_uri"].startswith("otpauth://totp/backcare:")
          and "secret=%s" % secret in started["otpauth_uri"]
          and "algorithm=SHA1&digits=6&period=30" in started["otpauth_uri"],
          "%s: the otpauth URI names the secret: %s" % (what, started["otpauth_uri"]))
    check(started["qr_svg"].startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
          and "<script" not in started["qr_svg"], "%s: the QR code is an SVG" % what)
    r = client.request("POST", "/api/v1/me/mfa/enrolment/confirm", {"code": wrong_code(secret)},
                       pattern="/api/v1/me/mfa/enrolment/confirm")
    expect(r, 422, "%s: a wrong code does not turn it on" % what)
    check(r.status == 422 and r.json()["error"]["fields"][0]["path"] == "code",
          "%s: the wrong code is named: %s" % (what, r.text))
    used = totp(secret)
    r = client.request("POST", "/api/v1/me/mfa/enrolment/confirm", {"code": used},
                       pattern="/api/v1/me/mfa/enrolment/confirm")
    expect(r, 200, "%s: oathtool's code turns it on" % what)
    codes = r.json()["recovery_codes"] if r.status == 200 else []
    check(len(codes) == 10 and len(set(codes)) == 10
          and all(re.fullmatch(r"[a-z2-7]{4}(-[a-z2-7]{4}){3}", c) for c in codes),
          "%s: ten distinct recovery codes: %s" % (what, codes))
    return secret, codes, used


def two_step_sign_in(port, world, db_path):
    a = world["clinics"]["a"]
    admin = a["users"]["admin"]
    email = "two.step.a@clinic.test"
    r = admin.request("POST", "/api/v1/users", {"email": email, "display_name": "Two Step",
                                                 "role": "therapist",
                                                 "therapist_id": admin.request(
                                                     "GET", "/api/v1/therapists").json()[0]["id"],
                                                 "password": PASSWORD})
    expect(r, 201, "a therapist login for two-step sign-in")
    user_id = r.json()["id"] if r.status == 201 else 0
    user = Client(port, "two.step")
    user.login(email, PASSWORD)
    status = user.request("GET", "/api/v1/me/mfa", pattern="/api/v1/me/mfa").json()
    check(status == {"enabled": False, "enabled_at": None, "recovery_codes_left": 0,
                     "required": False}, "off at first: %s" % status)
    secret, codes, used = enrol(user, "therapist")
    status = user.request("GET", "/api/v1/me/mfa", pattern="/api/v1/me/mfa").json()
    check(status["enabled"] is True and status["recovery_codes_left"] == 10,
          "on, with 10 codes: %s" % status)
    expect(user.request("POST", "/api/v1/me/mfa/enrolment", {}), 409, "no second enrolment")
    check(len(audit_rows(port, db_path, "user.mfa_enable")) >= 1, "enabling is audited")

    # The code that turned it on was used: the login's second step refuses it (replay).
    client, r = password_login(port, email, PASSWORD, "two.step.replay")
    done = finish_login(client, r, used, "replay")
    expect(done, 401, "a code used once is refused the second time")
    # The next step's code is within the ±1 window and unused: accepted.
    done = finish_login(client, r, totp(secret, 1), "next step")
    expect(done, 200, "oathtool's code for the next step signs in")
    check(done.status == 200 and done.json().get("recovery_codes_left") == 10
          and done.json()["user"]["restriction"] is None, "signed in: %s" % done.text)
    expect(client.request("GET", "/api/v1/patients"), 200, "the session works")
    # A code two steps away is outside the window.
    client, r = password_login(port, email, PASSWORD, "two.step.far")
    expect(finish_login(client, r, totp(secret, 3), "far"), 401, "a code 90 s ahead is refused")

    # A recovery code works once, typed in upper case with spaces.
    client, r = password_login(port, email, PASSWORD, "two.step.recovery")
    typed = codes[0].upper().replace("-", " ")
    done = finish_login(client, r, typed, "recovery")
    expect(done, 200, "a recovery code signs in")
    check(done.status == 200 and done.json().get("recovery_codes_left") == 9, "9 codes left")
    client, r = password_login(port, email, PASSWORD, "two.step.recovery.again")
    expect(finish_login(client, r, codes[0], "recovery again"), 401, "a used recovery code")
    check(len(audit_rows(port, db_path, "user.login_recovery_code")) >= 1,
          "a recovery-code login is audited as such")

    # Five wrong codes end the pending login: even the right code is then refused.
    client, r = password_login(port, email, PASSWORD, "two.step.guess")
    for _ in range(5):
        expect(finish_login(client, r, wrong_code(secret), "guess"), 401, "a wrong code")
    done = finish_login(client, r, totp(secret, 1), "after five guesses")
    check(done.status == 401 and "sign-in expired" in done.text,
          "five wrong codes void the mfa_token: %s" % done.text)
    # The pending token is not a session.
    expect(Client(port).request("GET", "/api/v1/me",
                                headers={"Cookie": "backcare_session=" + r.json()["mfa_token"]}),
           401, "an mfa_token is no session cookie")

    # Off: the password is required.
    expect(user.request("DELETE", "/api/v1/me/mfa", {"password": "wrong " + PASSWORD}), 422,
           "turning off needs the password")
    # An admin's reset (a lost phone) removes it and ends the login's sessions.
    expect(admin.request("POST", "/api/v1/users/%d/mfa-reset" % user_id), 204, "admin reset")
    time.sleep(SESSION_CACHE_SECONDS)
    expect(user.request("GET", "/api/v1/me"), 401, "the reset ended the login's sessions")
    client, r = password_login(port, email, PASSWORD, "two.step.after.reset")
    check(r.status == 200 and "mfa_required" not in r.json(),
          "after the reset the password alone signs in: %s" % r.text)


def sessions_list(port):
    email = "two.step.a@clinic.test"
    first, second = Client(port, "sessions.first"), Client(port, "sessions.second")
    first.login(email, PASSWORD)
    second.login(email, PASSWORD)
    r = first.request("GET", "/api/v1/me/sessions", pattern="/api/v1/me/sessions")
    expect(r, 200, "the sessions list")
    sessions = r.json() if r.status == 200 else []
    mine = [s for s in sessions if s["current"]]
    others = [s for s in sessions if not s["current"]]
    check(len(mine) == 1 and len(others) >= 1 and all(s["address"] == "127.0.0.1"
                                                      for s in sessions),
          "this session and the other: %s" % sessions)
    check(all(re.fullmatch(r"[0-9a-f]{16}", s["id"]) for s in sessions), "handles, not ids")
    check(second.cookie.split("=", 1)[1] not in r.text, "no session id is listed")
    # Sign the other browsers out.
    for other in others:
        expect(first.request("DELETE", "/api/v1/me/sessions/" + other["id"]), 204,
               "sign another browser out")
    expect(second.request("GET", "/api/v1/me"), 401, "the other browser is signed out")
    expect(first.request("GET", "/api/v1/me"), 200, "this one is not")
    # Another login's handle is not ours to revoke.
    admin = Client(port, "sessions.admin")
    expect(admin.request("DELETE", "/api/v1/me/sessions/" + mine[0]["id"]), 401, "not signed in")
    # Signing this browser out clears its cookie.
    r = first.request("DELETE", "/api/v1/me/sessions/" + mine[0]["id"])
    expect(r, 204, "sign this browser out")
    check("Max-Age=0" in r.headers.get("Set-Cookie", ""), "the cookie is cleared")
    expect(first.request("GET", "/api/v1/me"), 401, "signed out")


def forced_password_change(port, world, fixture):
    a = world["clinics"]["a"]
    admin = a["users"]["admin"]
    email = "forced.change.a@clinic.test"
    r = admin.request("POST", "/api/v1/users", {"email": email, "display_name": "Forced",
                                                 "role": "front_desk", "password": PASSWORD})
    expect(r, 201, "a login whose password the admin resets")
    user_id = r.json()["id"] if r.status == 201 else 0
    user = Client(port, "forced")
    user.login(email, PASSWORD)
    temporary = "temporary walnut ladder 62"
    r = admin.request("POST", "/api/v1/users/%d/password-reset" % user_id,
                      {"temporary_password": "short"})
    expect(r, 422, "the temporary password passes the policy")
    r = admin.request("POST", "/api/v1/users/%d/password-reset" % user_id,
                      {"temporary_password": temporary}, pattern="/api/v1/users/{id}/password-reset")
    expect(r, 204, "an admin sets a temporary password")
    time.sleep(SESSION_CACHE_SECONDS)
    expect(user.request("GET", "/api/v1/me"), 401, "the reset ended the login's sessions")
    restricted = Client(port, "forced.restricted")
    r = restricted.login(email, temporary)
    check(r.json()["user"]["restriction"] == "password_change_required",
          "the login must change its password: %s" % r.text)
    r = restricted.request("GET", "/api/v1/patients")
    check(r.status == 403 and "change your password" in r.text, "nothing else: %s" % r.text)
    me = restricted.request("GET", "/api/v1/me", pattern="/api/v1/me")
    check(me.json()["restriction"] == "password_change_required", "/me says so")
    expect(restricted.request("GET", "/api/v1/me/sessions"), 200, "its sessions are open to it")
    r = restricted.request("POST", "/api/v1/me/password", {"current_password": temporary,
                                                            "new_password": PASSWORD + " renewed"})
    expect(r, 200, "the login changes its password")
    if r.status == 200:
        restricted.cookie = r.headers["Set-Cookie"].split(";")[0]
        restricted.csrf = r.json()["csrf_token"]
    check(restricted.request("GET", "/api/v1/me").json()["restriction"] is None,
          "the restriction is gone")
    expect(restricted.request("GET", "/api/v1/patients"), 200, "and the clinic's work is open")
    # A reset link also requires a change: the old password still logs in, restricted.
    r = admin.request("POST", "/api/v1/users/%d/password-reset" % user_id)
    expect(r, 201, "a reset link")
    r = admin.request("POST", "/api/v1/users/%d/password-reset" % user_id, {})
    expect(r, 201, "a reset link, asked with an empty object")
    listed = [u for u in admin.request("GET", "/api/v1/users").json() if u["id"] == user_id]
    check(listed and listed[0]["password_change_required"] is True
          and listed[0]["mfa_enabled"] is False, "the users list shows the pending change")
    again = Client(port, "forced.link")
    r = again.login(email, PASSWORD + " renewed")
    check(r.json()["user"]["restriction"] == "password_change_required",
          "after a reset link, the old password logs in restricted: %s" % r.text)


def clinic_policy(port, world, fixture):
    """A clinic requiring two-step sign-in of admins: an admin without it can only set it up."""
    a = world["clinics"]["a"]
    admin = a["users"]["admin"]
    desk = a["users"]["front_desk"]
    clinic = admin.request("GET", "/api/v1/clinic").json()
    check(clinic["mfa_policy"] == "optional", "optional by default")
    body = {"name": clinic["name"], "time_zone": clinic["time_zone"], "mfa_policy": "admins"}
    expect(admin.request("PUT", "/api/v1/clinic", body), 204, "require it of admins")
    time.sleep(SESSION_CACHE_SECONDS)
    r = admin.request("GET", "/api/v1/patients")
    check(r.status == 403 and "set up two-step sign-in" in r.text,
          "the admin must set it up first: %s" % r.text)
    check(admin.request("GET", "/api/v1/me").json()["restriction"] == "mfa_enrolment_required",
          "/me says so")
    expect(desk.request("GET", "/api/v1/patients"), 200, "front desk is not required to")
    check(admin.request("GET", "/api/v1/me/mfa").json()["required"] is True, "required")
    secret, codes, used = enrol(admin, "admin")
    time.sleep(SESSION_CACHE_SECONDS)
    check(admin.request("GET", "/api/v1/me").json()["restriction"] is None,
          "set up: no restriction")
    # New recovery codes need a current, unused code; the earlier codes stop working. (The code
    # that turned it on was this step's: the next step's is the one still unused.)
    r = admin.request("POST", "/api/v1/me/mfa/recovery-codes", {"code": used},
                      pattern="/api/v1/me/mfa/recovery-codes")
    expect(r, 422, "new codes need an unused code")
    r = admin.request("POST", "/api/v1/me/mfa/recovery-codes", {"code": totp(secret, 1)},
                      pattern="/api/v1/me/mfa/recovery-codes")
    expect(r, 200, "new recovery codes")
    fresh = r.json()["recovery_codes"] if r.status == 200 else []
    check(len(fresh) == 10 and not set(fresh) & set(codes), "ten new codes")
    client, r = password_login(port, fixture["clinics"]["a"]["logins"]["admin"],
                               fixture["password"], "admin.old.code")
    expect(finish_login(client, r, codes[0], "an earlier code"), 401,
           "an earlier recovery code stops working")
    client, r = password_login(port, fixture["clinics"]["a"]["logins"]["admin"],
                               fixture["password"], "admin.new.code")
    expect(finish_login(client, r, fresh[0], "a new code"), 200, "a new recovery code works")
    expect(admin.request("DELETE", "/api/v1/me/mfa", {"password": fixture["password"]}), 409,
           "cannot turn off what the clinic requires")
    body["mfa_policy"] = "optional"
    expect(admin.request("PUT", "/api/v1/clinic", body), 204, "back to optional")
    expect(admin.request("DELETE", "/api/v1/me/mfa", {"password": fixture["password"]}), 204,
           "now the admin may turn it off")
    check(admin.request("GET", "/api/v1/me/mfa").json()["enabled"] is False, "off")
    check(len(secret) == 32, "the admin's secret")


def mfa_flows(port, world, fixture, db_path):
    two_step_sign_in(port, world, db_path)
    sessions_list(port)
    forced_password_change(port, world, fixture)
    clinic_policy(port, world, fixture)
