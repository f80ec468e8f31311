#!/usr/bin/env python3
"""Writes the api fuzz target's seeds into fuzz/corpus/api: for each route below, its index in
the route table (read from src/http/api/route_table.cc), the placeholder choice byte, a query
line and a request body, in the layout fuzz/api_fuzzer.cc reads. Rerun after the table changes.
Usage: fuzz/make_api_seeds.py"""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLE = (ROOT / "src/http/api/route_table.cc").read_text()
ROUTES = [(m.group(1)[1:].upper(), m.group(2)) for m in
          re.finditer(r'\{\s*(kGet|kPost|kPut|kPatch|kDelete),\s*"([^"]+)"', TABLE)]

# (method, pattern, choice byte, query, body). Choice 2 makes the first placeholder "3", the
# patient World registers; 0 makes it "1".
SEEDS = [
    ("POST", "/api/v1/login", 0, "", {"email": "admin@a.test", "password": "correct horse battery"}),
    ("PUT", "/api/v1/clinic", 0, "", {"name": "Clinic A", "time_zone": "Europe/London",
                                      "patient_cancel_notice_hours": 24}),
    ("POST", "/api/v1/clinic/closures", 0, "",
     {"first_day": "2024-12-24", "last_day": "2024-12-26", "reason": "Holidays"}),
    ("POST", "/api/v1/therapists", 0, "", {"given_name": "Ana", "family_name": "Lee",
                                           "license_number": "L-1"}),
    ("POST", "/api/v1/users", 0, "", {"email": "desk@a.test", "display_name": "Desk",
                                      "role": "front_desk", "password": "another long secret"}),
    ("POST", "/api/v1/invitations", 0, "", {"email": "p@a.test", "role": "patient",
                                            "patient_id": 3}),
    ("POST", "/api/v1/password-reset", 0, "", {"email": "admin@a.test"}),
    ("POST", "/api/v1/set-password", 0, "", {"token": "abc", "password": "a new long secret"}),
    ("PUT", "/api/v1/users/{id}/state", 1, "", {"state": "disabled"}),
    ("POST", "/api/v1/api-tokens", 0, "", {"name": "script"}),
    ("GET", "/api/v1/patients", 0, "status=all&q=do", None),
    ("POST", "/api/v1/patients", 0, "", {"given_name": "Sam", "family_name": "Roe",
                                         "date_of_birth": "1980-02-29", "phone": "1",
                                         "email": "s@x.test"}),
    ("PUT", "/api/v1/patients/{id}/contact", 2, "", {"family_name": "Roe", "phone": "2"}),
    ("POST", "/api/v1/patients/{id}/intake", 2, "",
     {"findings": [{"condition": "anticoagulants"}, {"condition": "skin_lesion", "area": "L4"}],
      "baseline": [{"instrument": "nprs", "answers": [6]},
                   {"instrument": "odi", "answers": [1, 2, 3, 2, 1, 0, 1, 2, 3, None]}],
      "resolved": []}),
    ("POST", "/api/v1/patients/{id}/referral-outcome", 2, "",
     {"outcome": "cleared", "cleared_on": "2024-03-20", "source": "GP", "note": "ok"}),
    ("POST", "/api/v1/patients/{id}/responses", 2, "",
     {"instrument": "rmdq", "answers": [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
                                        1, 0, 1, 0], "checkpoint_id": "week_4"}),
    ("POST", "/api/v1/patients/{id}/home-program", 2, "",
     {"course_id": 4, "exercise_ids": ["pelvic_tilt"], "start_date": "2024-03-18"}),
    ("POST", "/api/v1/patients/{id}/adherence", 2, "",
     {"date": "2024-03-18", "exercise_id": "pelvic_tilt", "completion": "done", "note": ""}),
    ("POST", "/api/v1/patients/{id}/adherence", 2, "",
     {"date": "2024-03-18", "exercise_id": "pelvic_tilt", "completion": "done", "pain_rating": 8}),
    ("GET", "/api/v1/patients/{id}/portal", 2, "", None),
    ("GET", "/api/v1/patients/{id}/report", 2, "course=4", None),
    ("PUT", "/api/v1/patients/{id}/reminders", 2, "",
     {"appointment_email": True, "nudge_email": True, "nudge_time": "07:30"}),
    ("PUT", "/api/v1/patients/{id}/reminders", 2, "",
     {"appointment_email": False, "nudge_email": False, "nudge_time": "18:00",
      "appointment_push": True, "nudge_push": True}),
    ("POST", "/api/v1/unsubscribe", 0, "token=abcd", None),
    # Web Push: the browser's PushSubscription.toJSON() (the keys of RFC 8291 Appendix A).
    ("GET", "/api/v1/patients/{id}/push-subscriptions", 2, "", None),
    ("POST", "/api/v1/patients/{id}/push-subscriptions", 2, "",
     {"endpoint": "https://fcm.googleapis.com/fcm/send/abc:def", "expirationTime": None,
      "keys": {"p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZ"
                         "GH6SRpkNtoIAiw4",
               "auth": "BTBZMqHH6r4Tts7J_aSIgg"}}),
    ("DELETE", "/api/v1/patients/{id}/push-subscriptions/{subscription_id}", 2, "", None),
    ("POST", "/api/v1/patients/{id}/push-subscriptions/test", 2, "", {}),
    ("POST", "/api/v1/patients/{id}/courses", 2, "",
     {"start_date": "2024-03-18", "therapist_id": 4,
      "availability": [{"weekday": "monday", "start": "09:00", "end": "17:00"}]}),
    ("POST", "/api/v1/courses/{id}/discharge", 3, "", {"outcome": "completed", "note": "done"}),
    ("GET", "/api/v1/schedule", 0, "from=2024-03-18&to=2024-03-25", None),
    ("GET", "/api/v1/availability", 0, "therapist_id=4&from=2024-03-18&days=7", None),
    ("GET", "/api/v1/reports/outcomes", 0, "refresh=1", None),
    ("POST", "/api/v1/sessions", 0, "",
     {"course_id": 5, "therapist_id": 4, "start": "2024-03-19T09:00:00Z", "phase_id": "intensive"}),
    ("POST", "/api/v1/sessions/{id}/reschedule", 5, "",
     {"new_start": "2024-03-20T10:00:00Z", "therapist_id": 4}),
    ("POST", "/api/v1/sessions/{id}/note", 5, "",
     {"soap": {"subjective": "s", "objective": "o", "assessment": "a", "plan": "p"},
      "nprs_before": 6, "nprs_after": 4, "pressure": "moderate", "tolerance": "good",
      "techniques": {"strip_passes": [{"muscle": "erector_spinae", "side": "left", "passes": 3,
                                       "direction": "sacrum_to_neck"}],
                     "trigger_points": [{"muscle": "quadratus_lumborum", "side": "right",
                                         "hold_seconds": 60}],
                     "release_areas": [{"region": "thoracolumbar_fascia", "minutes": 5}]},
      "objective_measures": {"schober_cm": 4.5, "fingertip_to_floor_cm": 10,
                             "standing_tolerance_minutes": 20},
      "adverse_events": [{"kind": "soreness", "severity": "mild", "note": ""}]}),
    ("PUT", "/api/v1/notes/{id}", 6, "", {"soap": {"subjective": "t"}}),
    ("POST", "/api/v1/notes/{id}/addenda", 6, "", {"text": "late entry"}),
    ("POST", "/api/v1/alerts/{id}/acknowledge", 7, "", {}),
    ("POST", "/api/v1/login/mfa", 0, "", {"mfa_token": "abc", "code": "123456"}),
    ("POST", "/api/v1/me/mfa/enrolment", 0, "", {}),
    ("POST", "/api/v1/me/mfa/enrolment/confirm", 0, "", {"code": "123456"}),
    ("POST", "/api/v1/me/mfa/recovery-codes", 0, "", {"code": "abcd-efgh-ijkl-mnop"}),
    ("DELETE", "/api/v1/me/mfa", 0, "", {"password": "correct horse battery"}),
    ("POST", "/api/v1/users/{id}/password-reset", 1, "",
     {"temporary_password": "a temporary long secret"}),
    ("PUT", "/api/v1/clinic", 0, "", {"name": "Clinic A", "time_zone": "Europe/London",
                                      "mfa_policy": "admins"}),
    ("GET", "/api/v1/patients", 0xd0, "", None),  # as the therapist
    # FHIR: {type} is kTypes[choice % 11] (3 Observation, 2 Patient); 57 gives Patient/3.
    ("GET", "/fhir/R4/metadata", 0, "", None),
    ("GET", "/fhir/R4/{type}", 3, "patient=3&code=http%3A%2F%2Floinc.org%7C72514-3"
     "&date=ge2024-01-01&date=lt2025&_count=2", None),
    ("GET", "/fhir/R4/{type}", 0xd4, "category=survey&_cursor=3.score-1", None),  # therapist
    ("GET", "/fhir/R4/{type}", 2, "name=do&birthdate=1980&_id=3,4", None),
    ("GET", "/fhir/R4/{type}/{id}", 57, "", None),
]


def main():
    out = ROOT / "fuzz/corpus/api"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for method, pattern, choice, query, body in SEEDS:
        index = ROUTES.index((method, pattern))
        data = bytes([index, choice]) + query.encode() + b"\n"
        if body is not None:
            data += json.dumps(body).encode()
        name = (method + pattern).lower().replace("/api/v1/", "_").replace("/", "_")
        name = re.sub(r"[{}]", "", name)
        base, n = name, 0
        while (name + "\0") in written:  # a second (third...) seed of one route
            n += 1
            name = "%s_%d" % (base, n)
        written.append(name + "\0")
        (out / name).write_bytes(data)


if __name__ == "__main__":
    main()
