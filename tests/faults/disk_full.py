"""The disk fills up under a running server (issue #17 item 2). The SQLite database lives on a
small tmpfs this test mounts; a filler file takes the rest of the space. Writes then answer 503
with a message that says the disk is full; reads that need no audit event keep answering, and
reads of records, which are never served unaudited, answer 503 until the audit trail can be
written again; once the filler is gone, writes succeed again without a restart, and every write
that was acknowledged is in the database. Exits 77 (ctest: skipped) when tmpfs cannot be mounted
(not root)."""
import argparse
import errno
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
from harness import FAILURES, Client, Server, check, expect, fail, wait_until  # noqa: E402

SKIP = 77


def fill(path):
    """Writes `path` until the filesystem has no room left, down to single bytes; returns the
    bytes written."""
    written = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (65536, 4096, 1):
            chunk = b"\0" * size
            while True:
                try:
                    written += os.write(fd, chunk)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    return written


def run(args, mount):
    db_path = os.path.join(mount, "clinic.db")
    fixture_file = os.path.join(os.path.dirname(mount), "fixture.json")
    subprocess.run([args.fixture, "sqlite:" + db_path, fixture_file], check=True,
                   capture_output=True)
    fixture = json.load(open(fixture_file))
    a = fixture["clinics"]["a"]
    server = Server(args.backcare, "sqlite:" + db_path)
    try:
        therapist = Client(server.port, "therapist")
        therapist.login(a["logins"]["therapist"], fixture["password"])
        patient = a["patient_ids"][0]
        path = "/api/v1/patients/%d/responses" % patient
        acknowledged = []

        def write():
            r = therapist.request("POST", path, {"instrument": "nprs", "answers": [5]})
            if r.status == 201:
                acknowledged.append(r.json()["id"])
            return r

        expect(write(), 201, "a write before the disk fills")
        filler = os.path.join(mount, "filler")
        fill(filler)
        # The WAL reuses its file after a checkpoint, so a few writes may still find room.
        refused = None
        for _ in range(5000):
            r = write()
            if r.status != 201:
                refused = r
                break
        if refused is None:
            fail("5000 writes on a full disk were all acknowledged")
            return
        expect(refused, 503, "a write on a full disk")
        message = refused.json()["error"]["message"] if refused.status == 503 else ""
        check(message.startswith("the database's disk is full; writes resume once space is freed"),
              "the refusal says the disk is full: %r" % message)
        # The server itself still answers, and so do reads that write no audit event.
        health = Client(server.port).request("GET", "/healthz")
        check(health.status in (200, 503), "healthz answers: %d" % health.status)
        expect(therapist.request("GET", "/api/v1/instruments"), 200, "instrument definitions")
        r = therapist.request("GET", "/api/v1/patients/%d" % patient)
        check(r.status in (200, 503), "a patient's record: 200, or 503 while its read cannot be "
              "audited; got %d %s" % (r.status, r.text[:200]))
        # Space returns: writes succeed again, without a restart.
        os.remove(filler)
        recovered = False
        for _ in range(200):
            r = write()
            if r.status == 201:
                recovered = True
                break
        check(recovered, "writes did not recover after the space returned: %d %s"
              % (r.status, r.text[:200]))
        # Reads of records come back once the audit log's retry (every 50 ms) has written the
        # events it held.
        wait_until(lambda: therapist.request("GET", "/api/v1/patients/%d" % patient).status == 200,
                   10, "a patient's record to be served again once space returned")
        listed = therapist.request("GET", path)
        expect(listed, 200, "the patient's responses")
        stored = {response["id"] for response in listed.json()} if listed.status == 200 else set()
        lost = [rid for rid in acknowledged if rid not in stored]
        check(not lost, "acknowledged writes lost: %s" % lost)
        print("disk full: %d writes acknowledged, refused with %r, recovered without a restart; "
              "none lost" % (len(acknowledged), message))
    finally:
        check(server.stop() == 0, "server exit code")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backcare", required=True)
    parser.add_argument("--fixture", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backcare-diskfull-") as tmp:
        mount = os.path.join(tmp, "fs")
        os.mkdir(mount)
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount],
                                 capture_output=True, text=True)
        if mounted.returncode != 0:
            print("disk full: skipped, cannot mount a tmpfs here: " + mounted.stderr.strip())
            return SKIP
        try:
            run(args, mount)
        finally:
            subprocess.run(["umount", "-l", mount], check=False)
    if FAILURES:
        print("%d failure(s)" % len(FAILURES), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
