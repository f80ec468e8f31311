"""The load of one crash-durability trial (issue 17 item 1): 8 clients, each a thread logged in
as a demo user on its own keep-alive connection, write through the HTTP API until the server
dies. Every write the server acknowledged with a 2xx is recorded as an `Ack` with the id or key it
names; a write whose answer never came is recorded as `unanswered` (it may or may not have
committed, both are allowed).

The clients and what they write (`Targets` says on which records, read from the database before
the server starts):
  therapist (3)  per session whose start has passed and that has no note: attend it (when
                 booked), draft its note, sign the note; between notes, two NPRS responses for
                 patients of their courses.
  front desk (2) bookings of extra sessions in the therapists' free hours of the coming days.
  patient (3)    adherence entries (one per day and exercise of their home program from the day
                 the exercise starts, never the same key twice) and NPRS responses for themselves.
Every written text carries a token naming the trial, the client and the write, so the checks can
tell this trial's rows from the demo's."""
import datetime
import http.client
import json
import threading
import zoneinfo


class Ack:
    """One write the server answered with a 2xx: `kind` (response, attend, note, sign, booking,
    adherence), the client's number and `key`, what identifies the record (a dict)."""

    def __init__(self, kind, client, key):
        self.kind, self.client, self.key = kind, client, key

    def __str__(self):
        return "client %d %s %s" % (self.client, self.kind,
                                    " ".join("%s=%s" % item for item in sorted(self.key.items())))


class ConnectionLost(Exception):
    pass


class Targets:
    """What the clients write on, per therapist id and patient id."""

    def __init__(self):
        self.note_sessions = {}   # therapist id -> [(session id, status)] past, no note
        self.patients_of = {}     # therapist id -> [patient id] of their active courses
        self.courses_of = {}      # therapist id -> [course id] active
        self.programs = {}        # patient id -> (start date, [exercise id]) latest assignment
        self.time_zone = "UTC"


class Client(threading.Thread):
    """One user writing until the connection fails or `stop` is set."""

    def __init__(self, number, role, port, login, trial, targets, rng, stop):
        super().__init__(daemon=True)
        self.number, self.role, self.port, self.login_data = number, role, port, login
        self.trial, self.targets, self.rng, self.stop = trial, targets, rng, stop
        self.acks = []
        self.unanswered = None  # (kind, key) of the write in flight when the server died
        self.refused = {}       # (kind, status) -> count of non-2xx answers
        self.error = None       # a failure that is not the server's death
        self.written = 0
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        self.cookie = self.csrf = None
        self.user = None

    def token(self, kind):
        self.written += 1
        return "durability t%d c%d %s %d" % (self.trial, self.number, kind, self.written)

    def request(self, method, path, body=None):
        headers = {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            raise ConnectionLost("%s %s: %s" % (method, path, error)) from error
        return response.status, dict(response.getheaders()), text

    def log_in(self):
        """Logs in (before the load starts); raises RuntimeError naming the client on failure."""
        status, headers, text = self.request("POST", "/api/v1/login", self.login_data)
        if status != 200:
            raise RuntimeError("client %d (%s): login answered %d %s"
                               % (self.number, self.role, status, text[:200]))
        self.cookie = headers["Set-Cookie"].split(";")[0]
        body = json.loads(text)
        self.csrf, self.user = body["csrf_token"], body["user"]

    def write(self, kind, key, method, path, body=None):
        """Sends one write; records an Ack and returns the parsed body (or {}) on 2xx, None on any
        other answer. Raises ConnectionLost (after recording the write as unanswered)."""
        self.unanswered = (kind, key)
        status, _, text = self.request(method, path, body)
        self.unanswered = None
        if 200 <= status < 300:
            answer = json.loads(text) if text else {}
            if "id" in answer:
                key = dict(key, id=answer["id"])
            self.acks.append(Ack(kind, self.number, key))
            return answer
        self.refused[(kind, status)] = self.refused.get((kind, status), 0) + 1
        if status >= 500 and status != 503:
            raise RuntimeError("client %d %s %s: %d %s" % (self.number, kind, key, status,
                                                           text[:300]))
        return None

    def run(self):
        try:
            work = {"therapist": self.therapist_work, "front_desk": self.desk_work,
                    "patient": self.patient_work}[self.role]
            work()
        except ConnectionLost:
            pass  # the server was killed: the end of this client's load
        except Exception as error:  # noqa: BLE001 - reported with the client's number
            self.error = "client %d (%s): %s: %s" % (self.number, self.role,
                                                     type(error).__name__, error)

    # --- therapists -------------------------------------------------------------------------

    def response(self, patient_id):
        answer = [self.rng.randrange(11)]
        self.write("response", {"patient": patient_id, "answers": answer},
                   "POST", "/api/v1/patients/%d/responses" % patient_id,
                   {"instrument": "nprs", "answers": answer})

    def therapist_work(self):
        therapist = self.user["therapist_id"]
        sessions = list(self.targets.note_sessions.get(therapist, []))
        patients = self.targets.patients_of.get(therapist, [])
        rounds = 0
        while not self.stop.is_set():
            rounds += 1
            if sessions and rounds % 3 == 1:  # notes spread over the load, not used up at once
                session_id, status = sessions.pop(0)
                self.note_cycle(session_id, status)
            elif patients:
                self.response(self.rng.choice(patients))
            elif not sessions:
                return

    def note_cycle(self, session_id, status):
        if status == "booked":
            if self.write("attend", {"session": session_id}, "POST",
                          "/api/v1/sessions/%d/attend" % session_id) is None:
                return
        text = self.token("note")
        note = self.write("note", {"session": session_id, "subjective": text}, "POST",
                          "/api/v1/sessions/%d/note" % session_id,
                          {"soap": {"subjective": text, "assessment": "improving"},
                           "techniques": {"trigger_points": [{"muscle": "quadratus_lumborum",
                                                              "side": "left",
                                                              "hold_seconds": 75}]},
                           "nprs_before": 6, "nprs_after": 4})
        if note is not None:
            self.write("sign", {"id": note["id"]}, "POST", "/api/v1/notes/%d/sign" % note["id"])

    # --- front desk -------------------------------------------------------------------------

    def desk_work(self):
        zone = zoneinfo.ZoneInfo(self.targets.time_zone)
        today = datetime.datetime.now(zone).date()
        slots = []  # (therapist, course, local start) of this desk client's share
        for offset in range(1, 15):
            day = today + datetime.timedelta(days=offset)
            for therapist, courses in sorted(self.targets.courses_of.items()):
                if (offset + therapist) % 2 != self.number % 2 or not courses:
                    continue
                for hour in range(8, 18):
                    slots.append((therapist, courses[(offset + hour) % len(courses)],
                                  datetime.datetime.combine(day, datetime.time(hour), zone)))
        self.rng.shuffle(slots)
        for therapist, course, start in slots:
            if self.stop.is_set():
                return
            instant = start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            self.write("booking", {"course": course, "therapist": therapist, "start": instant},
                       "POST", "/api/v1/sessions",
                       {"course_id": course, "therapist_id": therapist, "start": instant})

    # --- patients ---------------------------------------------------------------------------

    def patient_work(self):
        patient = self.user["patient_id"]
        start, exercises = self.targets.programs.get(patient, (None, []))
        today = datetime.datetime.now(zoneinfo.ZoneInfo(self.targets.time_zone)).date()
        # Each exercise is logged from its starts_on (the program's start + the protocol's
        # start_week): the API refuses earlier days.
        starts_on = {}
        if start:
            status, _, text = self.request("GET", "/api/v1/patients/%d/home-program" % patient)
            if status == 200:
                starts_on = {e["id"]: datetime.date.fromisoformat(e["starts_on"])
                             for e in json.loads(text)["exercises"]}
        keys = [(start + datetime.timedelta(days=day), exercise)
                for day in range((today - start).days + 1) for exercise in exercises
                if start + datetime.timedelta(days=day) >= starts_on.get(exercise, start)] \
            if start else []
        self.rng.shuffle(keys)
        while not self.stop.is_set():
            if not keys:
                self.response(patient)
                continue
            date, exercise = keys.pop()
            text = self.token("adherence")
            self.write("adherence", {"patient": patient, "date": date.isoformat(),
                                     "exercise": exercise, "note": text},
                       "POST", "/api/v1/patients/%d/adherence" % patient,
                       {"date": date.isoformat(), "exercise_id": exercise,
                        "completion": self.rng.choice(["done", "not_done"]), "note": text})
            self.response(patient)
