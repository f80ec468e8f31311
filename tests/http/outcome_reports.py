"""The outcomes report over HTTP (issue #15): GET /api/v1/reports/outcomes answers admins and
therapists from the snapshot the server keeps, and after a new response it says exactly what
`backcare report outcomes --json` says from a fresh load of the same database."""
import json
import subprocess

from harness import check, expect


def cli_report(binary, db_url, clinic_id, as_of):
    out = subprocess.run([binary, "report", "outcomes", "--db", db_url, "--clinic", str(clinic_id),
                          "--as-of", as_of, "--json"], capture_output=True, text=True)
    check(out.returncode == 0, "report outcomes --json: exit %d: %s" % (out.returncode, out.stderr))
    return json.loads(out.stdout) if out.returncode == 0 else {}


def outcome_reports(world, binary, db_url):
    a = world["clinics"]["a"]
    admin, therapist, desk = a["users"]["admin"], a["users"]["therapist"], a["users"]["front_desk"]
    clinic_id = a["clinic"]["clinic_id"]
    as_of = "2099-12-31"  # every checkpoint of every course is due
    path = "/api/v1/reports/outcomes?as_of=" + as_of
    r = therapist.request("GET", path, pattern="/api/v1/reports/outcomes")
    expect(r, 200, "the outcomes report")
    first = r.json() if r.status == 200 else {}
    check(first.get("as_of") == as_of, "as_of echoed: %s" % first.get("as_of"))
    claims = first.get("claims", [])
    check([c["id"] for c in claims] == ["considerable_relief_after_6_sessions",
                                        "improved_at_3_month_followup", "best_with_core_exercises"],
          "the protocol's three claims in order: %s" % [c.get("id") for c in claims])
    for claim in claims:
        allowed = ({"supported", "contradicted", "not_shown"} if claim["kind"] == "comparison"
                   else {"below_claim", "above_claim", "consistent", "no_data"})
        check(claim["verdict"] in allowed, "verdict %s of %s" % (claim["verdict"], claim["id"]))

    # A new NPRS for the first patient: the next report applies it from the audit trail and
    # agrees with a fresh load by the CLI, number for number.
    p1 = a["ids"]["patient"][0]
    expect(therapist.request("POST", "/api/v1/patients/%d/responses" % p1,
                             {"instrument": "nprs", "answers": [1]}), 201, "a new NPRS")
    r = admin.request("GET", path)
    expect(r, 200, "the report after a write")
    served = r.json() if r.status == 200 else {}
    fresh = cli_report(binary, db_url, clinic_id, as_of)
    for key in ("population", "claims", "time_to_response", "bands", "by_therapist"):
        check(served.get(key) == fresh.get(key),
              "served %s differs from a fresh load:\n%s\n%s" % (key, served.get(key), fresh.get(key)))

    expect(desk.request("GET", path), 403, "the front desk does not read outcome reports")
    expect(a["users"]["patient1"].request("GET", path), 403, "patients do not")
    other = world["clinics"]["b"]["clinic"]["clinic_id"]
    expect(admin.request("GET", "/api/v1/reports/outcomes?clinic_id=%d" % other), 404,
           "another clinic's report")
    for query, field in (("nope=1", "nope"), ("from=2025-02-01&to=2025-01-01", "from"),
                         ("sciatic=maybe", "sciatic"), ("as_of=2025-13-01", "as_of"),
                         ("therapist_id=x", "therapist_id"), ("protocol=a@0", "protocol")):
        r = admin.request("GET", "/api/v1/reports/outcomes?" + query)
        expect(r, 400, "bad query " + query)
        if r.status == 400:
            fields = [f["path"] for f in r.json()["error"]["fields"]]
            check(field in fields, "bad query %s: field %s not named in %s" % (query, field, fields))
    expect(admin.request("GET", "/api/v1/reports/outcomes?therapist_id=999999"), 404,
           "an unknown therapist")
    expect(admin.request("GET", "/api/v1/reports/outcomes?protocol=chiropractic"), 404,
           "an unknown protocol")
    r = admin.request("GET", path + "&protocol=deep-tissue-chronic-low-back-pain@1")
    expect(r, 200, "the report on a named protocol version")
    if r.status == 200:
        check(r.json()["claims"] == served.get("claims"),
              "the named active version reports what the default does")
    print("outcome reports: %d courses; the kept snapshot agrees with a fresh load"
          % served.get("population", {}).get("courses", -1))
