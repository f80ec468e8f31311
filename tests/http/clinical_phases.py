"""Clinical-rule phases of the HTTP suite (issue #20): checkpoint tags, patient-facing wording,
clinic closures, time rules, referral holds and referral outcomes. Each phase works on the world
that http_api_test.seed built and names the route, the user and the record in every failure."""
import datetime

from harness import check, expect, fail

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


def precautions(world):
    """Issue #20 item 1: restrictions and the areas to avoid, with their area text, are read with
    the patient, each note and each session of the plan and schedule (therapists and admins);
    they used to come back in full only in the intake response. Front desk gets none."""
    a = world["clinics"]["a"]
    therapist, desk, admin = (a["users"][role] for role in ("therapist", "front_desk", "admin"))
    r = desk.request("POST", "/api/v1/patients",
                     {"given_name": "Skin", "family_name": "Lesion", "date_of_birth": "1962-02-02"})
    expect(r, 201, "register a patient with an area to avoid")
    pid = r.json()["id"]
    expect(therapist.request("POST", "/api/v1/patients/%d/intake" % pid, {"findings": [
        {"condition": "anticoagulants"}, {"condition": "skin_lesion", "area": "left flank"}]}),
        201, "intake with anticoagulants and a skin lesion")
    start = datetime.date.fromisoformat(world["today"]) - datetime.timedelta(days=7)
    past = [{"start": start.isoformat() + "T14:00:00Z",
             "therapist_id": a["clinic"]["therapist_id"], "status": "attended"}]
    r = desk.request("POST", "/api/v1/patients/%d/courses" % pid,
                     {"start_date": start.isoformat(), "back_entry": True, "past_sessions": past})
    expect(r, 201, "course of the patient with an area to avoid")
    sessions = r.json()["session_ids"] if r.status == 201 else []
    areas = [{"condition": "skin_lesion", "area": "left flank"}]

    def carries(body, what):
        check(body is not None and body.get("areas_to_avoid") == areas
              and any(x["condition"] == "anticoagulants" for x in body.get("restrictions", [])),
              "%s: %s" % (what, body))

    r = therapist.request("GET", "/api/v1/patients/%d" % pid)
    expect(r, 200, "chart of the patient with an area to avoid")
    carries(r.json().get("clinical") if r.status == 200 else None, "chart precautions")
    check(desk.request("GET", "/api/v1/patients/%d" % pid).json().get("clinical") is None,
          "the front desk's chart carries clinical data")
    if sessions:
        r = therapist.request("POST", "/api/v1/sessions/%d/note" % sessions[0],
                              {"soap": {"subjective": "s", "assessment": "a"}})
        expect(r, 201, "note on the patient with an area to avoid")
        if r.status == 201:
            r = therapist.request("GET", "/api/v1/notes/%d" % r.json()["id"])
            expect(r, 200, "read the note")
            carries(r.json() if r.status == 200 else None, "note precautions")
    for reader, name in ((therapist, "therapist"), (admin, "admin")):
        plan = reader.request("GET", "/api/v1/patients/%d/plan" % pid).json()
        check(len(plan) == len(sessions) > 0, "%s plan: %s" % (name, plan))
        for entry in plan:
            carries(entry.get("precautions"), "%s plan session %s" % (name, entry["session_id"]))
    plan = desk.request("GET", "/api/v1/patients/%d/plan" % pid).json()
    check(plan and all(e.get("precautions", "missing") is None for e in plan),
          "the front desk's plan carries precautions: %s" % plan)
    for reader, clinical in ((therapist, True), (desk, False)):
        r = reader.request("GET", "/api/v1/schedule?from=2000-01-01&to=2100-01-01")
        expect(r, 200, "schedule read")
        mine = [e for e in r.json() if e["patient_id"] == pid] if r.status == 200 else []
        check(len(mine) == len(sessions), "schedule sessions of the patient: %s" % mine)
        for entry in mine:
            if clinical:
                carries(entry.get("precautions"), "schedule session %s" % entry["session_id"])
            else:
                check(entry.get("precautions", "missing") is None,
                      "the front desk's schedule carries precautions: %s" % entry)


def replan(world):
    """Issue #20 item 2: a cancelled session is made up through the core rescheduler. Cancelling
    a future session answers 200 with the make-up booked (`added`), the later sessions moved and
    nothing unplaced; the plan read shows the make-up booked in the same phase, in the future,
    with as many booked sessions as before."""
    a = world["clinics"]["a"]
    therapist, desk = a["users"]["therapist"], a["users"]["front_desk"]
    p2 = a["ids"]["patient"][1]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def plan_of():
        r = desk.request("GET", "/api/v1/patients/%d/plan" % p2)
        expect(r, 200, "plan of patient %d" % p2)
        return r.json() if r.status == 200 else []

    before = plan_of()
    booked = [e for e in before if e["status"] == "booked" and e["start"] > now]
    if len(booked) < 3:
        fail("replan: patient %d has %d future booked sessions" % (p2, len(booked)))
        return
    lost = booked[1]
    r = therapist.request("POST", "/api/v1/sessions/%d/cancel" % lost["session_id"])
    expect(r, 200, "cancel a future session")
    if r.status != 200:
        return
    body = r.json()
    check(len(body["added"]) == 1, "cancel: expected one make-up, got %s" % body)
    check(body["unplaced"] == [], "cancel: unexpected unplaced %s" % body["unplaced"])
    after = plan_of()
    by_id = {e["session_id"]: e for e in after}
    check(by_id[lost["session_id"]]["status"] == "cancelled", "the cancelled session is not")
    for added in body["added"]:
        make_up = by_id.get(added)
        check(make_up is not None and make_up["status"] == "booked",
              "make-up %s is not booked in the plan" % added)
        if make_up:
            check(make_up["phase_id"] == lost["phase_id"], "make-up in another phase")
            check(make_up["start"] > now, "make-up booked in the past")
    for moved in body["moved"]:
        check(by_id[moved]["status"] == "booked", "moved session %s is not booked" % moved)
    # The change log, old -> new (issue #12 item 8): the make-up takes the lost slot's place.
    added = [c for c in body["changes"] if c["kind"] == "added"]
    check(len(added) == 1 and added[0]["from"]["start"] == lost["start"]
          and added[0]["to"]["start"] == by_id.get(added[0]["session_id"], {}).get("start"),
          "cancel: change log %s" % body["changes"])
    check(all(c["from"] and c["to"] and c["from"]["start"] < c["to"]["start"]
              for c in body["changes"] if c["kind"] == "moved"),
          "cancel: a move without old -> new: %s" % body["changes"])
    count = lambda plan: sum(1 for e in plan if e["status"] == "booked")
    check(count(after) == count(before), "booked sessions: %d before, %d after a made-up cancel"
          % (count(before), count(after)))
