"""The FHIR R4 read API (issue #18 item 1) through the real server: the CapabilityStatement, reads
and searches of the seeded records, paging by next links, refusals as OperationOutcomes, and the
same roles, clinic isolation and audit trail as /api/v1. The npm validators and clients check the
resources themselves (tests/fhir/)."""
import json
import time
import urllib.parse

from harness import Client, check, expect
from security_findings import audit_rows

TYPES = ["Organization", "Practitioner", "Patient", "Observation", "QuestionnaireResponse",
         "Appointment", "Encounter", "CarePlan", "Procedure", "Flag"]


def fhir(client, path, pattern=None):
    return client.request("GET", "/fhir/R4" + path, pattern=pattern)


def outcome(r, status, code, what):
    """`r` is `status` with an OperationOutcome whose first issue has `code`."""
    expect(r, status, what)
    check(r.headers.get("Content-Type", "").startswith("application/fhir+json"),
          "%s: content type %s" % (what, r.headers.get("Content-Type")))
    body = r.json()
    check(body.get("resourceType") == "OperationOutcome"
          and body["issue"][0]["severity"] == "error" and body["issue"][0]["code"] == code,
          "%s: expected an OperationOutcome '%s', got %s" % (what, code, r.text[:300]))


def entries(r):
    return [entry["resource"] for entry in r.json().get("entry", [])]


def search_all(client, path, max_pages=500):
    """Every resource of a search, following `next` links; the number of pages."""
    found, pages = [], 0
    url = "/fhir/R4" + path
    while url:
        r = client.request("GET", url, pattern="/fhir/R4/{type}")
        expect(r, 200, "search page " + url)
        bundle = r.json()
        check(bundle["resourceType"] == "Bundle" and bundle["type"] == "searchset",
              "a searchset Bundle: " + r.text[:200])
        found += entries(r)
        pages += 1
        links = {link["relation"]: link["url"] for link in bundle["link"]}
        check(links["self"].startswith("http://127.0.0.1:"), "absolute self link " + links["self"])
        url = urllib.parse.urlsplit(links["next"]) if "next" in links else None
        url = (url.path + "?" + url.query) if url else None
        if pages >= max_pages:
            check(False, "paging does not end: " + path)
            break
    return found, pages


def fhir_reads(port, world, db_path):
    a, b = world["clinics"]["a"], world["clinics"]["b"]
    therapist, desk = a["users"]["therapist"], a["users"]["front_desk"]
    patient1 = a["users"]["patient1"]
    p1, p2 = a["ids"]["patient"][0], a["ids"]["patient"][1]

    # The CapabilityStatement needs no credentials and lists exactly what is served.
    r = fhir(Client(port, "fhir anonymous"), "/metadata", pattern="/fhir/R4/metadata")
    expect(r, 200, "metadata")
    statement = r.json()
    check(statement["resourceType"] == "CapabilityStatement"
          and statement["fhirVersion"] == "4.0.1" and statement["kind"] == "instance",
          "a CapabilityStatement for FHIR 4.0.1")
    served = statement["rest"][0]["resource"]
    check([resource["type"] for resource in served] == TYPES, "the types served: %s" % served)
    observation_params = [p["name"] for p in served[TYPES.index("Observation")]["searchParam"]]
    check(observation_params == ["_id", "_lastUpdated", "patient", "code", "category", "date"],
          "Observation's search parameters: %s" % observation_params)
    outcome(fhir(Client(port, "fhir anonymous"), "/Patient", pattern="/fhir/R4/{type}"), 401,
            "login", "a search without credentials")

    # The seeded patient 1: NPRS 5 by the patient (and the intake's baseline), a done exercise.
    r = fhir(therapist, "/Observation?patient=%d" % p1, pattern="/fhir/R4/{type}")
    expect(r, 200, "Observation search")
    check(r.headers.get("Content-Type", "").startswith("application/fhir+json"),
          "a Bundle is application/fhir+json")
    found = entries(r)
    scores = [o for o in found if o["category"][0]["coding"][0]["code"] == "survey"]
    activity = [o for o in found if o["category"][0]["coding"][0]["code"] == "activity"]
    check(all(o["subject"]["reference"] == "Patient/%d" % p1 for o in found),
          "a patient's search holds only that patient's observations")
    nprs = [o for o in scores if o["code"]["coding"][0] == {"system": "http://loinc.org",
                                                            "code": "72514-3"}]
    check(any(o["valueQuantity"]["value"] == 5 for o in nprs),
          "the patient's NPRS of 5 is an Observation with LOINC 72514-3: %s" % nprs)
    check(len(activity) == 1 and activity[0]["valueBoolean"] is True
          and activity[0]["code"]["coding"][0]["code"] == a["ids"]["exercise"],
          "the adherence entry is an activity Observation: %s" % activity)
    coded = fhir(therapist, "/Observation?patient=Patient/%d&code=%s" % (
        p1, urllib.parse.quote("http://loinc.org|72514-3", safe="")))
    check(sorted(o["id"] for o in entries(coded)) == sorted(o["id"] for o in nprs),
          "a percent-encoded system|code finds exactly the NPRS observations")
    check(entries(fhir(therapist, "/Observation?patient=%d&category=activity" % p1))
          == activity, "category=activity finds the adherence entry only")
    check(entries(fhir(therapist, "/Observation?patient=%d&date=lt2000-01-01" % p1)) == [],
          "a date before everything finds nothing")

    # Each search entry reads back the same by its id.
    for resource in found[:3]:
        r = fhir(therapist, "/Observation/" + resource["id"], pattern="/fhir/R4/{type}/{id}")
        expect(r, 200, "read Observation/" + resource["id"])
        check(r.json() == resource, "a read equals the search entry")

    # The signed note's trigger-point hold (75 s) is a Procedure; the adverse event's alert a Flag.
    procedures = entries(fhir(therapist, "/Procedure?patient=%d" % p1))
    check(any(p["code"]["coding"][0]["code"] == "trigger_point"
              and p["extension"][0]["valueDuration"]["value"] == 75 for p in procedures),
          "the trigger-point hold is a Procedure with its 75 s: %s" % procedures)
    flags = entries(fhir(therapist, "/Flag?patient=%d" % p1))
    check(any(f["id"].startswith("alert-") for f in flags), "the alert is a Flag: %s" % flags)
    # Encounters are the attended sessions, the seeded one among them.
    encounters = entries(fhir(therapist, "/Encounter?patient=%d" % p1))
    appointments = {ap["id"]: ap for ap in entries(fhir(therapist, "/Appointment?patient=%d" % p1))}
    check(str(a["ids"]["session"][p1][0]) in [e["id"] for e in encounters]
          and all(appointments[e["id"]]["status"] == "fulfilled"
                  and e["appointment"][0]["reference"] == "Appointment/" + e["id"]
                  for e in encounters)
          and len(encounters) == sum(1 for ap in appointments.values()
                                     if ap["status"] == "fulfilled"),
          "one Encounter per attended session: %s" % [e["id"] for e in encounters])

    # meta.lastUpdated (schema 18) on every resource; _lastUpdated searches it.
    check(all("lastUpdated" in r.get("meta", {}) for r in found + procedures + flags + encounters),
          "every resource carries meta.lastUpdated")
    check(entries(fhir(therapist, "/Observation?patient=%d&_lastUpdated=gt2999-01-01" % p1)) == [],
          "nothing was updated after 2999")
    check(len(entries(fhir(therapist, "/Observation?patient=%d&_lastUpdated=le2999-01-01" % p1)))
          == len(found), "everything was updated before 2999")

    # Paging: to the end, no repeats, every patient of clinic a (the fixture's past course made
    # many), and the same set whatever the page size.
    everyone, pages = search_all(therapist, "/Patient?_count=50")
    ids = [p["id"] for p in everyone]
    check(len(ids) == len(set(ids)) and pages == (len(ids) + 49) // 50 and str(p1) in ids
          and str(p2) in ids, "paging Patient 50 a page: %d in %d pages" % (len(ids), pages))
    fewer, _ = search_all(therapist, "/Patient?_count=7")
    check([p["id"] for p in fewer] == ids, "pages of 7 give the same patients in the same order")
    for type_name in TYPES:
        found_all, _ = search_all(therapist, "/%s?_count=200" % type_name)
        check(len({r["id"] for r in found_all}) == len(found_all),
              "%s: paging repeats no resource" % type_name)

    # Refusals, each an OperationOutcome.
    outcome(fhir(therapist, "/Patient?foo=1"), 400, "invalid", "an unknown parameter")
    outcome(fhir(therapist, "/Observation?code:text=pain"), 400, "invalid", "a modifier")
    outcome(fhir(therapist, "/Observation?_include=Observation:patient"), 400, "invalid",
            "_include")
    outcome(fhir(therapist, "/Observation?date=notadate"), 400, "invalid", "a bad date")
    outcome(fhir(therapist, "/Patient?_count=abc"), 400, "invalid", "a bad _count")
    outcome(fhir(therapist, "/Patient?_cursor=nonsense"), 400, "invalid", "a bad _cursor")
    outcome(fhir(therapist, "/Medication"), 404, "not-found", "an unsupported type")
    outcome(fhir(therapist, "/Observation/score-987654321"), 404, "not-found", "a missing id")
    outcome(fhir(therapist, "/Observation/no_such"), 404, "not-found", "a malformed id")
    outcome(therapist.request("POST", "/fhir/R4/Patient", {}), 405, "invalid", "a write")

    # Front desk: the administrative types only; the refusal is audited like any 403.
    denied_before = len(audit_rows(port, db_path, "access.denied"))
    outcome(fhir(desk, "/Observation?patient=%d" % p1), 403, "forbidden",
            "front desk searching Observations")
    outcome(fhir(desk, "/Encounter"), 403, "forbidden", "front desk searching Encounters")
    check(len(audit_rows(port, db_path, "access.denied")) == denied_before + 2,
          "each refusal is an access.denied audit event")
    for type_name in ("Patient", "Appointment", "Practitioner", "Organization"):
        expect(fhir(desk, "/" + type_name), 200, "front desk searching " + type_name)

    # A patient: their own records only.
    own = entries(fhir(patient1, "/Patient"))
    check([p["id"] for p in own] == [str(p1)], "a patient finds only themselves: %s" % own)
    check(entries(fhir(patient1, "/Observation?patient=%d" % p2)) == [],
          "a patient searching another patient's observations finds nothing")
    outcome(fhir(patient1, "/Patient/%d" % p2), 404, "not-found", "another patient's record")
    check(all(o["subject"]["reference"] == "Patient/%d" % p1
              for o in entries(fhir(patient1, "/Observation"))),
          "a patient's Observation search is their own")
    outcome(fhir(patient1, "/Procedure"), 403, "forbidden", "a patient reading Procedures")

    # Another clinic's records do not exist.
    b_admin = b["users"]["admin"]
    outcome(fhir(b_admin, "/Patient/%d" % p1), 404, "not-found", "clinic b reading a's patient")
    check(entries(fhir(b_admin, "/Observation?patient=%d" % p1)) == [],
          "clinic b searching a's patient finds nothing")
    b_ids = {p["id"] for p in entries(fhir(b_admin, "/Patient?_count=200"))}
    check(not b_ids & set(ids), "clinic b's patients are not clinic a's")
    minted = a["users"]["admin"].request("POST", "/api/v1/api-tokens", {"name": "fhir reader"})
    expect(minted, 201, "an API token for FHIR")
    bearer = Client(port, "fhir bearer")
    bearer.bearer = minted.json()["token"]
    expect(fhir(bearer, "/Patient/%d" % p1), 200, "an API token reads FHIR")

    # Reads are audited per patient whose records were returned.
    before = len([row for row in audit_rows(port, db_path, "chart.read") if row[2] == p2])
    expect(fhir(therapist, "/QuestionnaireResponse?patient=%d" % p2), 200, "QR search")
    after = [row for row in audit_rows(port, db_path, "chart.read") if row[2] == p2]
    check(len(after) == before + 1 and after[-1][:2] == ("therapist", "patient"),
          "a search is audited as chart.read of the patient: %s" % after[-3:])
    print("fhir: metadata, reads, searches, paging, refusals, roles, isolation and audit")


KICK_OFF = {"Accept": "application/fhir+json", "Prefer": "respond-async"}


def local(url):
    """The path and query of an absolute URL the server gave."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def poll_export(client, status_url):
    """Polls until the export is done; returns the 200 response."""
    for _ in range(600):
        r = client.request("GET", local(status_url), pattern="/fhir/R4/$export-status/{id}")
        if r.status != 202:
            return r
        check(r.headers.get("Retry-After") == "1" and r.headers.get("X-Progress"),
              "a running export says when to poll again and how far it is")
        time.sleep(0.05)
    check(False, "the export never finished")
    return r


def fhir_bulk_export(port, world, db_path):
    """Bulk Data export (issue #18 item 2) through the real server with an admin's API token: the
    kick-off's refusals, 429 while running, the manifest, every file's lines against a FHIR
    search, the token rules, DELETE, and the audit trail."""
    a, b = world["clinics"]["a"], world["clinics"]["b"]
    admin = Client(port, "bulk admin")
    minted = a["users"]["admin"].request("POST", "/api/v1/api-tokens", {"name": "bulk"})
    expect(minted, 201, "an API token for the bulk export")
    admin.bearer = minted.json()["token"]

    def kick(path, headers=KICK_OFF, method="POST"):
        return admin.request(method, "/fhir/R4" + path, headers=headers,
                             pattern="/fhir/R4" + path.split("?")[0])

    outcome(kick("/Patient/$export", headers={"Prefer": "respond-async"}), 400, "invalid",
            "a kick-off without Accept")
    outcome(kick("/Patient/$export", headers={"Accept": "application/fhir+json"}), 400, "invalid",
            "a kick-off without Prefer: respond-async")
    outcome(kick("/Patient/$export?_type=Medication"), 400, "invalid", "an unsupported _type")
    outcome(kick("/Patient/$export?_type=Organization"), 400, "invalid",
            "a type outside the patient compartment")
    outcome(kick("/Patient/$export?_since=2999-01-01T00:00:00Z"), 400, "invalid", "a future _since")
    outcome(kick("/Patient/$export?patient=Patient/1"), 400, "invalid", "a patient parameter")
    outcome(kick("/Patient/$export?_outputFormat=text/csv"), 400, "invalid", "a CSV output format")
    outcome(a["users"]["therapist"].request("GET", "/fhir/R4/Patient/$export", headers=KICK_OFF),
            403, "forbidden", "a therapist's kick-off")

    # 429 while running: a second kick-off answered while the first was still running (a poll
    # after it still says 202) must have been refused. Retried when the first finished too fast.
    refused = False
    started_before = len(audit_rows(port, db_path, "fhir.export"))
    started = 0
    for _ in range(5):
        first = kick("/$export", method="GET")
        expect(first, 202, "system export kick-off")
        started += 1
        second = kick("/Patient/$export")
        still_running = admin.request("GET", local(first.headers["Content-Location"])).status == 202
        if second.status == 202:
            started += 1
            check(not still_running, "a second export started while the first ran")
            poll_export(admin, second.headers["Content-Location"])
        else:
            outcome(second, 429, "conflict", "a second export while one runs")
            check(second.headers.get("Retry-After") == "10", "a 429 says when to retry")
            refused = True
        poll_export(admin, first.headers["Content-Location"])
        if refused or still_running:
            break
    check(refused, "no second kick-off met a running export in 5 tries")

    # A Patient-level export of two types, as Medplum sends it: POST, query string, empty body.
    r = kick("/Patient/$export?_type=Patient%2CObservation&_outputFormat=application%2Ffhir%2Bndjson")
    expect(r, 202, "Patient export kick-off")
    started += 1
    status_url = r.headers["Content-Location"]
    check(status_url.startswith("http://127.0.0.1:%d/fhir/R4/$export-status/" % port),
          "Content-Location is the absolute status URL: " + status_url)
    done = poll_export(admin, status_url)
    expect(done, 200, "the finished export")
    check(done.headers.get("Expires", "").endswith(" GMT"), "the manifest says when files expire")
    manifest = done.json()
    check(manifest["requiresAccessToken"] is True and manifest["error"] == []
          and manifest["request"].endswith("/fhir/R4/Patient/$export?_type=Patient%2CObservation"
                                           "&_outputFormat=application%2Ffhir%2Bndjson"),
          "the manifest: %s" % {k: manifest[k] for k in ("request", "requiresAccessToken")})
    outputs = {output["type"]: output for output in manifest["output"]}
    check(sorted(outputs) == ["Observation", "Patient"], "one file per type asked: %s" % outputs)
    therapist = a["users"]["therapist"]
    for type_name, output in outputs.items():
        path = local(output["url"])
        r = admin.request("GET", path, pattern="/fhir/R4/$export-file/{id}/{file}")
        expect(r, 200, "download " + type_name)
        check(r.headers.get("Content-Type", "").startswith("application/fhir+ndjson"),
              "NDJSON content type")
        lines = [json.loads(line) for line in r.text.splitlines()]
        check(len(lines) == output["count"] and all(x["resourceType"] == type_name for x in lines),
              "%s: %d lines, the manifest says %d" % (type_name, len(lines), output["count"]))
        searched, _ = search_all(therapist, "/%s?_count=200" % type_name)
        check(sorted(x["id"] for x in lines) == sorted(x["id"] for x in searched),
              "%s: the file holds exactly what a search of the clinic finds" % type_name)
        # The same URL without the token, with a cookie session, or another clinic's admin token.
        outcome(Client(port, "bulk anonymous").request("GET", path), 401, "login",
                "a file without credentials")
        outcome(a["users"]["admin"].request("GET", path), 404, "not-found",
                "a file for another login of the same clinic")
        outcome(b["users"]["admin"].request("GET", path), 404, "not-found",
                "a file for another clinic's admin")

    # Nothing exported changed since that export began: an export _since then is empty.
    r = kick("/Patient/$export?_since=%s" % urllib.parse.quote(manifest["transactionTime"]))
    expect(r, 202, "a _since kick-off")
    started += 1
    since = poll_export(admin, r.headers["Content-Location"])
    expect(since, 200, "the _since export")
    check(since.json()["output"] == [], "an export _since the last one holds nothing: %s"
          % since.json()["output"])

    downloads = audit_rows(port, db_path, "fhir.export_download")
    exports = audit_rows(port, db_path, "fhir.export")
    check(len(downloads) == 2 and len(exports) == started_before + started
          and all(row[:2] == ("admin", "clinic") for row in exports + downloads),
          "each kick-off and download is audited: %d exports for %d started, %d downloads"
          % (len(exports) - started_before, started, len(downloads)))
    r = admin.request("DELETE", local(status_url), pattern="/fhir/R4/$export-status/{id}")
    expect(r, 202, "delete the export")
    outcome(admin.request("GET", local(status_url)), 404, "not-found", "polling a deleted export")
    outcome(admin.request("GET", local(outputs["Patient"]["url"])), 404, "not-found",
            "a deleted export's file")
    check(len(audit_rows(port, db_path, "fhir.export_delete")) == 1, "the deletion is audited")
    print("fhir bulk export: refusals, 429, manifest, files equal searches, tokens, delete, audit")
