#!/usr/bin/env python3
"""Reminders by email, end to end (issue 16 item 3): the real `backcare` binary and a real SMTP
server on loopback (aiosmtpd). The admin sets 168-hour appointment reminders; a therapist (invited
by email) registers a patient with an email address, screens them and starts a course today, so
its first sessions are booked within the week. After a restart (the reminder sweep runs at start,
then every minute) the patient receives appointment reminders: clinic, greeting, date and time, a
portal link and an unsubscribe link, the RFC 8058 List-Unsubscribe and List-Unsubscribe-Post
headers, and no clinical word. A mail client's one-click POST to the List-Unsubscribe URL
switches appointment reminders off (200, the same again with already_used), which the patient's
settings then show; an unknown token is 404. No log line holds a token.

Usage: reminders_test.py --backcare BIN
"""
import argparse
import datetime
import email
import email.policy
import os
import socket
import subprocess
import sys
import tempfile
import urllib.parse
import zoneinfo

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
from aiosmtpd.controller import Controller  # noqa: E402
from harness import FAILURES, Client, Server, check, expect, wait_until  # noqa: E402

PUBLIC_URL = "https://backcare.harbour.example"
ADMIN_PASSWORD = "violet harbour lamp 7"
PATIENT_EMAIL = "rosa.reminded@harbour.example"
# Words that would tell a mail server what the patient is treated for.
CLINICAL_WORDS = ["pain", "back", "massage", "therap", "treat", "diagnos", "screen", "exercise",
                  "spine", "lumbar", "note", "nprs", "Ada", "Alpha", "Reminded"]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos),
                              email.message_from_bytes(envelope.content,
                                                       policy=email.policy.default)))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for (rcpts, m) in self.messages if address in rcpts]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_args(smtp_port):
    return ["--public-url", PUBLIC_URL, "--smtp-url", "smtp://127.0.0.1:%d" % smtp_port,
            "--smtp-from", "clinic@harbour.example", "--access-log", "off"]


def run(binary, tmp):
    db_url = "sqlite:" + os.path.join(tmp, "clinic.db")
    created = subprocess.run(
        [binary, "clinic", "create", "--db", db_url, "--name", "Harbour Physio", "--time-zone",
         "Europe/London", "--admin-email", "lead@harbour.example"],
        input=ADMIN_PASSWORD + "\n", capture_output=True, text=True)
    check(created.returncode == 0, "clinic create: %s" % created.stderr)
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London")).date().isoformat()

    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    server = Server(binary, db_url, serve_args(smtp_port))
    try:
        admin = Client(server.port, "admin")
        admin.login("lead@harbour.example", ADMIN_PASSWORD)
        r = admin.request("PUT", "/api/v1/clinic", {"name": "Harbour Physio",
                                                     "time_zone": "Europe/London",
                                                     "appointment_reminder_hours": 169})
        expect(r, 400, "169 reminder hours are refused")
        check("appointment_reminder_hours" in r.text, "the refusal names the field: " + r.text)
        expect(admin.request("PUT", "/api/v1/clinic", {"name": "Harbour Physio",
                                                        "time_zone": "Europe/London",
                                                        "appointment_reminder_hours": 168}),
               204, "a week of appointment reminders")
        r = admin.request("GET", "/api/v1/clinic")
        check(r.json().get("appointment_reminder_hours") == 168, "GET /clinic: " + r.text)

        r = admin.request("POST", "/api/v1/therapists",
                          {"given_name": "Ada", "family_name": "Alpha",
                           "license_number": "HCPC-PH123456"})
        expect(r, 201, "add a therapist")
        therapist_id = r.json()["id"]
        r = admin.request("POST", "/api/v1/invitations",
                          {"email": "ada@harbour.example", "display_name": "Ada Alpha",
                           "role": "therapist", "therapist_id": therapist_id})
        expect(r, 201, "invite the therapist")
        expect(Client(server.port).request("POST", "/api/v1/set-password",
                                           {"token": r.json()["token"],
                                            "password": "heather quarry lantern 7"}),
               200, "the therapist sets a password")
        therapist = Client(server.port, "therapist")
        therapist.login("ada@harbour.example", "heather quarry lantern 7")

        r = therapist.request("POST", "/api/v1/patients", {
            "given_name": "Rosa", "family_name": "Reminded", "date_of_birth": "1970-04-04",
            "email": PATIENT_EMAIL})
        expect(r, 201, "register the patient")
        patient_id = r.json()["id"]
        expect(therapist.request("POST", "/api/v1/patients/%d/intake" % patient_id, {
            "findings": [], "baseline": [{"instrument": "nprs", "answers": [7]}]}), 201, "intake")
        r = therapist.request("POST", "/api/v1/patients/%d/courses" % patient_id,
                              {"start_date": today, "therapist_id": therapist_id})
        expect(r, 201, "start a course today")
        r = therapist.request("GET", "/api/v1/patients/%d/reminders" % patient_id)
        expect(r, 200, "the patient's reminder settings")
        check(r.json() == {"appointment_email": True, "nudge_email": False,
                           "nudge_time": "18:00", "appointment_push": False,
                           "nudge_push": False}, "the defaults: " + r.text)
        r = therapist.request("PUT", "/api/v1/patients/%d/reminders" % patient_id,
                              {"appointment_email": True, "nudge_email": False,
                               "nudge_time": "25:00"})
        expect(r, 422, "a time that is not a time of day")
        check("nudge_time" in r.text, "the 422 names nudge_time: " + r.text)
    finally:
        check(server.stop() == 0, "server exit code")

    # The sweep runs when the server starts: the sessions of the coming week are reminded.
    server = Server(binary, db_url, serve_args(smtp_port))
    try:
        wait_until(lambda: inbox.to(PATIENT_EMAIL), 20, "an appointment reminder")
        received = inbox.to(PATIENT_EMAIL)
        check(len(received) >= 1, "at least one reminder arrived")
        if received:
            message = received[0]
            check(message["Subject"] == "Your appointment reminder",
                  "Subject: %s" % message["Subject"])
            body = message.get_content().replace("\r\n", "\n")
            check("Hello Rosa," in body and "Harbour Physio" in body, "greeting: %r" % body)
            check(PUBLIC_URL + "/portal\n" in body, "a portal link: %r" % body)
            check(" at " in body and datetime.date.today().strftime("%Y") in body,
                  "a date and time: %r" % body)
            words = (message["Subject"] + body).replace(PUBLIC_URL, "").lower()
            for word in CLINICAL_WORDS:
                check(word.lower() not in words,
                      "no clinical word %r in the reminder: %r" % (word, body))
            header = str(message["List-Unsubscribe"])
            prefix = "<" + PUBLIC_URL + "/api/v1/unsubscribe?token="
            check(header.startswith(prefix) and header.endswith(">"),
                  "List-Unsubscribe: %s" % header)
            check(str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click",
                  "List-Unsubscribe-Post: %s" % message["List-Unsubscribe-Post"])
            token = header[len(prefix):-1]
            check(PUBLIC_URL + "/unsubscribe#token=" + token in body,
                  "the body's unsubscribe link carries the same token")
            # A mail client's one-click POST (RFC 8058): form body, no login, no CSRF token.
            mail_client = Client(server.port, "mail client")
            path = "/api/v1/unsubscribe?token=" + urllib.parse.quote(token)
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            r = mail_client.request("POST", path, headers=form,
                                    raw_body=b"List-Unsubscribe=One-Click")
            expect(r, 200, "the one-click unsubscribe")
            check(r.json() == {"kind": "appointment", "already_used": False}, r.text)
            r = mail_client.request("POST", path, headers=form,
                                    raw_body=b"List-Unsubscribe=One-Click")
            expect(r, 200, "the same link again")
            check(r.json().get("already_used") is True, r.text)
            expect(mail_client.request("POST", "/api/v1/unsubscribe", {"token": "forged"}), 404,
                   "an unknown token")
            therapist = Client(server.port, "therapist")
            therapist.login("ada@harbour.example", "heather quarry lantern 7")
            r = therapist.request("GET", "/api/v1/patients/%d/reminders" % patient_id)
            check(r.json().get("appointment_email") is False, "switched off: " + r.text)
        count = len(inbox.to(PATIENT_EMAIL))
    finally:
        check(server.stop() == 0, "restarted server exit code")
        smtp.stop()
    # Each session was reminded once: a restart does not send them again.
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    server = Server(binary, db_url, serve_args(smtp_port))
    try:
        server.wait_for_log("never logged", 3)
    finally:
        check(server.stop() == 0, "third server exit code")
        smtp.stop()
    check(len(inbox.to(PATIENT_EMAIL)) == count, "no reminder was sent twice")
    for line in server.log_lines:
        check("token=" not in line, "a log line holds a link: " + line.strip())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backcare", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backcare-reminders-") as tmp:
        run(args.backcare, tmp)
    if FAILURES:
        print("%d failure(s)" % len(FAILURES), file=sys.stderr)
        return 1
    print("reminders: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
