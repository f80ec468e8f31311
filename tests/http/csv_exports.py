"""The CSV export over HTTP (issue #18 item 4): GET /api/v1/export/{file} gives admins one of the
files `backcare export csv` writes, as an attachment, streamed with chunked transfer encoding;
another clinic's rows never appear; an unknown file is a 404; a large clinic (over two blocks of
500 patients) arrives in several chunks and says exactly what the CLI export says. The role matrix
(route_matrix.json) covers the 403s of the other roles."""
import os
import socket
import subprocess
import tempfile

from harness import check, expect

FILES = ["patients.csv", "courses.csv", "sessions.csv", "responses.csv", "adherence.csv"]


def raw_chunks(port, path, cookie, method="GET"):
    """Requests `path` on a fresh connection; returns (status line, headers, chunk sizes, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
                      "Connection: close\r\n\r\n" % (method, path, cookie)).encode())
        data = b""
        while True:
            piece = sock.recv(65536)
            if not piece:
                break
            data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    sizes, body = [], b""
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        sizes.append(size)
        if size == 0:
            break
        body += rest[:size]
        rest = rest[size + 2:]
    return lines[0], headers, sizes, body.decode()


def csv_exports(port, world, binary, db_url):
    a, b = world["clinics"]["a"], world["clinics"]["b"]
    admin_a, admin_b = a["users"]["admin"], b["users"]["admin"]
    reconnects = admin_a.reconnects
    for name in FILES:
        r = admin_a.request("GET", "/api/v1/export/" + name, pattern="/api/v1/export/{file}")
        expect(r, 200, "export " + name)
        check(r.headers.get("Content-Type") == "text/csv; charset=utf-8",
              "export %s: Content-Type %s" % (name, r.headers.get("Content-Type")))
        check(r.headers.get("Content-Disposition") == 'attachment; filename="%s"' % name,
              "export %s: Content-Disposition %s" % (name, r.headers.get("Content-Disposition")))
        check(r.headers.get("Transfer-Encoding") == "chunked",
              "export %s: not chunked: %s" % (name, r.headers))
        check("Zzcanaryb" not in r.text, "export %s of clinic a holds clinic b's rows" % name)
        if name in ("patients.csv", "sessions.csv", "responses.csv"):
            check("Zzcanarya" in r.text, "export %s of clinic a lacks its own patients" % name)
    r = admin_b.request("GET", "/api/v1/export/patients.csv")
    check("Zzcanaryb" in r.text and "Zzcanarya" not in r.text,
          "export patients.csv of clinic b: only clinic b's patients")
    expect(admin_a.request("GET", "/api/v1/export/notes.csv"), 404, "export of an unknown file")
    check(admin_a.reconnects == reconnects,
          "the connection stays usable after streamed responses (keep-alive)")
    expect(admin_a.request("GET", "/api/v1/export/patients"), 404, "export without .csv")

    # A large clinic: 1,200 synthetic patients imported into clinic a through the CLI.
    with tempfile.TemporaryDirectory(prefix="backcare-csv-") as tmp:
        many = os.path.join(tmp, "many.csv")
        with open(many, "w", newline="") as f:
            f.write("patient_id,family_name,given_name,date_of_birth,phone,email\r\n")
            for i in range(1200):
                f.write(",Zzbulk%04d,Given,1970-01-%02d,,\r\n" % (i, 1 + i % 28))
        out = subprocess.run([binary, "import", "csv", "--db", db_url, "--clinic",
                              str(a["clinic"]["clinic_id"]), "--in", many, "--kind", "patients"],
                             capture_output=True, text=True)
        check(out.returncode == 0, "import of 1,200 patients: exit %d: %s"
              % (out.returncode, out.stderr))
        cli = subprocess.run([binary, "export", "csv", "--db", db_url, "--clinic",
                              str(a["clinic"]["clinic_id"]), "--out", tmp],
                             capture_output=True, text=True)
        check(cli.returncode == 0, "cli export: exit %d: %s" % (cli.returncode, cli.stderr))
        expected = open(os.path.join(tmp, "patients.csv"), newline="").read()
    # HEAD: the headers only, then the connection closes (no chunk follows).
    status, headers, sizes, body = raw_chunks(admin_a.port, "/api/v1/export/patients.csv",
                                              admin_a.cookie, method="HEAD")
    check(status == "HTTP/1.1 200 OK" and sizes == [] and body == "",
          "HEAD export: %s, chunks %s" % (status, sizes))
    status, headers, sizes, body = raw_chunks(admin_a.port, "/api/v1/export/patients.csv",
                                              admin_a.cookie)
    check(status == "HTTP/1.1 200 OK", "large export: " + status)
    check(headers.get("transfer-encoding") == "chunked" and "content-length" not in headers,
          "large export: chunked without a length: %s" % headers)
    # The header row, one chunk per block of 500 patients (at least 3), the last chunk.
    check(len(sizes) >= 5 and sizes[-1] == 0, "large export: chunk sizes %s" % sizes[:10])
    check(body.count("Zzbulk") == 1200, "large export: %d imported patients" % body.count("Zzbulk"))
    check(body == expected, "large export: the HTTP body differs from the CLI's patients.csv")
