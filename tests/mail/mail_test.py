#!/usr/bin/env python3
"""Email, end to end (issue 14 item 5): the real `backcare` binary and a real SMTP server on
loopback (aiosmtpd). Follows docs/operations.md: `clinic create`, `serve` with smtp_url, the admin
adds a therapist and invites them; the SMTP server receives the invitation (From, To, Subject, the
link, no clinical detail), the therapist sets a password with the emailed link and logs in, and
later resets a forgotten password by email. Then
the mail server goes away: an invitation stays in the outbox (/healthz outbox_pending 1, a logged
retry), survives a restart of backcare, and is delivered once the mail server is back. Bad mail
settings stop `serve` with exit 2 naming the setting.

Usage: mail_test.py --backcare BIN
"""
import argparse
import email
import email.policy
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
from aiosmtpd.controller import Controller  # noqa: E402
from harness import FAILURES, Client, Server, check, expect, wait_until  # noqa: E402

PUBLIC_URL = "https://backcare.harbour.example"
ADMIN_PASSWORD = "violet harbour lamp 7"


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              email.message_from_bytes(envelope.content,
                                                       policy=email.policy.default)))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for (_, rcpts, m) in self.messages if address in rcpts]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_args(smtp_port):
    return ["--public-url", PUBLIC_URL, "--smtp-url", "smtp://127.0.0.1:%d" % smtp_port,
            "--smtp-from", "clinic@harbour.example", "--access-log", "off"]


def outbox_pending(port):
    return Client(port).request("GET", "/healthz").json()["outbox_pending"]


def token_of(message):
    body = message.get_content()
    marker = PUBLIC_URL + "/set-password#token="
    start = body.find(marker)
    check(start >= 0, "the email carries a link to %s: %r" % (PUBLIC_URL, body))
    return body[start + len(marker):].split()[0] if start >= 0 else ""


def run(binary, tmp):
    db_url = "sqlite:" + os.path.join(tmp, "clinic.db")
    created = subprocess.run(
        [binary, "clinic", "create", "--db", db_url, "--name", "Harbour Physio", "--time-zone",
         "Europe/London", "--admin-email", "lead@harbour.example"],
        input=ADMIN_PASSWORD + "\n", capture_output=True, text=True)
    check(created.returncode == 0, "clinic create: %s" % created.stderr)

    # Bad settings: exit 2 naming the setting, before anything listens.
    bad = subprocess.run([binary, "serve", "--db", db_url, "--smtp-url", "http://mail.example"],
                         capture_output=True, text=True, timeout=30)
    check(bad.returncode == 2 and "smtp_from: required with smtp_url" in bad.stderr and
          "public_url: required with smtp_url" in bad.stderr, "serve without smtp_from and "
          "public_url: exit %d %s" % (bad.returncode, bad.stderr))
    bad = subprocess.run([binary, "serve", "--db", db_url, "--public-url", PUBLIC_URL,
                          "--smtp-url", "http://mail.example", "--smtp-from", "clinic"],
                         capture_output=True, text=True, timeout=30)
    check(bad.returncode == 2 and "smtp_url: expected smtp://" in bad.stderr and
          "smtp_from: expected one email address" in bad.stderr,
          "serve with a bad smtp_url and smtp_from: exit %d %s" % (bad.returncode, bad.stderr))

    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    server = Server(binary, db_url, serve_args(smtp_port))
    try:
        admin = Client(server.port, "admin")
        admin.login("lead@harbour.example", ADMIN_PASSWORD)
        r = admin.request("POST", "/api/v1/therapists",
                          {"given_name": "Ada", "family_name": "Alpha",
                           "license_number": "HCPC-PH123456"})
        expect(r, 201, "add a therapist")
        therapist_id = r.json()["id"]
        r = admin.request("POST", "/api/v1/invitations",
                          {"email": "ada@harbour.example", "display_name": "Ada Alpha",
                           "role": "therapist", "therapist_id": therapist_id})
        expect(r, 201, "invite the therapist")
        check(r.json().get("emailed") is True, "the invitation says it is emailed: %s" % r.text)
        shown_token = r.json().get("token")
        wait_until(lambda: inbox.to("ada@harbour.example"), 10, "the invitation email")
        received = inbox.to("ada@harbour.example")
        if received:
            message = received[0]
            check(message["From"] == "clinic@harbour.example", "From: %s" % message["From"])
            check(message["To"] == "ada@harbour.example", "To: %s" % message["To"])
            check(message["Subject"] == "Your backcare invitation",
                  "Subject: %s" % message["Subject"])
            check(message["Message-ID"].endswith("@harbour.example>"),
                  "Message-ID: %s" % message["Message-ID"])
            body = message.get_content()
            check("Hello Ada Alpha" in body and "Harbour Physio" in body, "greeting: %r" % body)
            token = token_of(message)
            check(token == shown_token, "the emailed link is the one shown to the admin")
            anonymous = Client(server.port)
            expect(anonymous.request("POST", "/api/v1/set-password",
                                     {"token": token, "password": "heather quarry lantern 7"}),
                   200, "set a password with the emailed link")
            ada = Client(server.port, "ada")
            ada.login("ada@harbour.example", "heather quarry lantern 7")
            check(ada.user["role"] == "therapist" and ada.user["therapist_id"] == therapist_id,
                  "the invited therapist logs in: %s" % ada.user)
        wait_until(lambda: outbox_pending(server.port) == 0, 5, "an empty outbox")

        # Forgot the password: the reset link arrives by email; an unknown email gets the same
        # answer and no email.
        for address in ("ada@harbour.example", "nobody@harbour.example"):
            r = Client(server.port).request("POST", "/api/v1/password-reset", {"email": address})
            expect(r, 202, "a reset request for " + address)
        wait_until(lambda: len(inbox.to("ada@harbour.example")) == 2, 10, "the reset email")
        resets = inbox.to("ada@harbour.example")[1:]
        if resets:
            check(resets[0]["Subject"] == "Reset your backcare password",
                  "reset Subject: %s" % resets[0]["Subject"])
            expect(Client(server.port).request(
                "POST", "/api/v1/set-password",
                {"token": token_of(resets[0]), "password": "moss cobalt ferry 91"}),
                200, "set a new password with the emailed reset link")
            Client(server.port, "ada again").login("ada@harbour.example", "moss cobalt ferry 91")
        check(not inbox.to("nobody@harbour.example"), "no email for an unknown address")
        wait_until(lambda: outbox_pending(server.port) == 0, 5, "an empty outbox after the reset")

        # The mail server goes away: the next invitation waits in the outbox.
        smtp.stop()
        r = admin.request("POST", "/api/v1/invitations",
                          {"email": "desk@harbour.example", "display_name": "Dee Desk",
                           "role": "front_desk"})
        expect(r, 201, "invite while the mail server is down")
        check(server.wait_for_log("to be retried: smtp:", 10),
              "a failed delivery is logged for retry")
        # The count is refreshed at the end of each delivery round (every second).
        wait_until(lambda: outbox_pending(server.port) == 1, 5, "/healthz to report the unsent email")
    finally:
        check(server.stop() == 0, "server exit code")

    # It survives a restart of backcare and goes out once the mail server is back (the retry
    # comes 30 s after the failed attempt).
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    server = Server(binary, db_url, serve_args(smtp_port))
    try:
        check(outbox_pending(server.port) == 1, "after a restart the email is still pending")
        wait_until(lambda: inbox.to("desk@harbour.example"), 60,
                   "the retried invitation after the mail server came back")
        wait_until(lambda: outbox_pending(server.port) == 0, 5, "an empty outbox after the retry")
        check(len(inbox.to("desk@harbour.example")) == 1, "the invitation was sent once")
    finally:
        check(server.stop() == 0, "restarted server exit code")
        smtp.stop()
    for line in server.log_lines:
        check("token=" not in line, "a log line holds a link: " + line.strip())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backcare", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backcare-mail-") as tmp:
        run(args.backcare, tmp)
    if FAILURES:
        print("%d failure(s)" % len(FAILURES), file=sys.stderr)
        return 1
    print("mail: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
