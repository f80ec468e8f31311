-- backcare schema version 1 for SQLite. Every row carries its clinic; references between records
-- include the clinic (composite foreign keys), so a row can never point into another clinic.
-- Times are microseconds since the Unix epoch (UTC) in *_us columns; dates are 'YYYY-MM-DD' text.

CREATE TABLE clinics (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CONSTRAINT clinics__name CHECK (name <> ''),
  time_zone TEXT NOT NULL CONSTRAINT clinics__time_zone CHECK (time_zone <> '')
) STRICT;

CREATE TABLE therapists (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL CONSTRAINT therapists__family_name CHECK (family_name <> ''),
  license_number TEXT NOT NULL,
  active INTEGER NOT NULL CONSTRAINT therapists__active CHECK (active IN (0, 1)),
  UNIQUE (clinic_id, id)
) STRICT;

-- deleted_by is the id of the user who deleted the patient (not a foreign key: users refer to
-- patients, and the retention record must survive any later change to the user).
CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL CONSTRAINT patients__family_name CHECK (family_name <> ''),
  date_of_birth TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  deleted INTEGER NOT NULL CONSTRAINT patients__deleted CHECK (deleted IN (0, 1)),
  deleted_at_us INTEGER,
  deleted_by INTEGER,
  deletion_reason TEXT,
  retain_until TEXT,
  CONSTRAINT patients__deletion CHECK (deleted = 0 OR (deleted_at_us IS NOT NULL AND
      deleted_by IS NOT NULL AND deletion_reason <> '' AND retain_until IS NOT NULL)),
  UNIQUE (clinic_id, id)
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  email TEXT NOT NULL CONSTRAINT users__email_nonempty CHECK (email <> ''),
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL CONSTRAINT users__disabled CHECK (disabled IN (0, 1)),
  therapist_id INTEGER,
  patient_id INTEGER,
  CONSTRAINT users__email UNIQUE (clinic_id, email),
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, therapist_id) REFERENCES therapists (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
) STRICT;

CREATE TABLE courses (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  patient_id INTEGER NOT NULL,
  therapist_id INTEGER,
  protocol_id TEXT NOT NULL CONSTRAINT courses__protocol_id CHECK (protocol_id <> ''),
  protocol_version INTEGER NOT NULL
      CONSTRAINT courses__protocol_version CHECK (protocol_version > 0),
  start_date TEXT NOT NULL,
  status TEXT NOT NULL,
  UNIQUE (clinic_id, id),
  UNIQUE (clinic_id, id, patient_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, therapist_id) REFERENCES therapists (clinic_id, id)
) STRICT;
CREATE INDEX courses_patient ON courses (clinic_id, patient_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  course_id INTEGER NOT NULL,
  patient_id INTEGER NOT NULL,
  therapist_id INTEGER NOT NULL,
  start_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL,
  status TEXT NOT NULL,
  phase_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  CONSTRAINT sessions__end CHECK (start_us < end_us),
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, course_id, patient_id) REFERENCES courses (clinic_id, id, patient_id),
  FOREIGN KEY (clinic_id, therapist_id) REFERENCES therapists (clinic_id, id)
) STRICT;
CREATE INDEX sessions_course ON sessions (clinic_id, course_id, start_us);
CREATE INDEX sessions_patient ON sessions (clinic_id, patient_id, start_us);
CREATE INDEX sessions_start ON sessions (clinic_id, start_us);

-- A session note keeps its whole content in its own row (technique log and adverse events as
-- encoded text, see src/store/sql/codec.h), so "signed notes never change" is one trigger.
CREATE TABLE session_notes (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  session_id INTEGER NOT NULL,
  author_id INTEGER NOT NULL,
  subjective TEXT NOT NULL,
  objective TEXT NOT NULL,
  assessment TEXT NOT NULL,
  plan TEXT NOT NULL,
  strip_passes TEXT NOT NULL,
  trigger_points TEXT NOT NULL,
  release_areas TEXT NOT NULL,
  pressure TEXT NOT NULL,
  tolerance TEXT NOT NULL,
  nprs_before INTEGER CONSTRAINT session_notes__nprs_before CHECK (nprs_before BETWEEN 0 AND 10),
  nprs_after INTEGER CONSTRAINT session_notes__nprs_after CHECK (nprs_after BETWEEN 0 AND 10),
  adverse_events TEXT NOT NULL,
  status TEXT NOT NULL CONSTRAINT session_notes__status CHECK (status IN ('draft', 'signed')),
  signed_by INTEGER,
  signed_at_us INTEGER,
  created_at_us INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL,
  CONSTRAINT session_notes__signed_by CHECK ((status = 'signed') =
      (signed_by IS NOT NULL AND signed_at_us IS NOT NULL)),
  CONSTRAINT session_notes__session_id UNIQUE (session_id),
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, session_id) REFERENCES sessions (clinic_id, id),
  FOREIGN KEY (clinic_id, author_id) REFERENCES users (clinic_id, id),
  FOREIGN KEY (clinic_id, signed_by) REFERENCES users (clinic_id, id)
) STRICT;

CREATE TRIGGER session_notes_signed_no_update BEFORE UPDATE ON session_notes
  WHEN OLD.status = 'signed'
  BEGIN SELECT RAISE(ABORT, 'session note is signed'); END;
CREATE TRIGGER session_notes_signed_no_delete BEFORE DELETE ON session_notes
  WHEN OLD.status = 'signed'
  BEGIN SELECT RAISE(ABORT, 'session note is signed'); END;

CREATE TABLE note_addenda (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  note_id INTEGER NOT NULL,
  author_id INTEGER NOT NULL,
  at_us INTEGER NOT NULL,
  text TEXT NOT NULL CONSTRAINT note_addenda__text CHECK (text <> ''),
  FOREIGN KEY (clinic_id, note_id) REFERENCES session_notes (clinic_id, id),
  FOREIGN KEY (clinic_id, author_id) REFERENCES users (clinic_id, id)
) STRICT;
CREATE INDEX note_addenda_note ON note_addenda (note_id, id);
CREATE TRIGGER note_addenda_only_signed BEFORE INSERT ON note_addenda
  WHEN (SELECT status FROM session_notes WHERE id = NEW.note_id) IS NOT 'signed'
  BEGIN SELECT RAISE(ABORT, 'addenda are only added to signed notes'); END;
CREATE TRIGGER note_addenda_no_update BEFORE UPDATE ON note_addenda
  BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END;
CREATE TRIGGER note_addenda_no_delete BEFORE DELETE ON note_addenda
  BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END;

CREATE TABLE questionnaire_responses (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  patient_id INTEGER NOT NULL,
  course_id INTEGER,
  instrument_id TEXT NOT NULL
      CONSTRAINT questionnaire_responses__instrument_id CHECK (instrument_id <> ''),
  answers TEXT NOT NULL,
  score REAL,
  score_status TEXT NOT NULL,
  checkpoint_id TEXT NOT NULL,
  taken_at_us INTEGER NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, course_id, patient_id) REFERENCES courses (clinic_id, id, patient_id)
) STRICT;
CREATE INDEX questionnaire_responses_patient
  ON questionnaire_responses (clinic_id, patient_id, taken_at_us);

CREATE TABLE screening_results (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  patient_id INTEGER NOT NULL,
  condition_ids TEXT NOT NULL,
  decision TEXT NOT NULL CONSTRAINT screening_results__decision CHECK (decision <> ''),
  screened_by INTEGER NOT NULL,
  screened_at_us INTEGER NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, screened_by) REFERENCES users (clinic_id, id)
) STRICT;
CREATE INDEX screening_results_patient ON screening_results (clinic_id, patient_id);

CREATE TABLE home_program_assignments (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  patient_id INTEGER NOT NULL,
  course_id INTEGER NOT NULL,
  exercise_ids TEXT NOT NULL,
  start_date TEXT NOT NULL,
  FOREIGN KEY (clinic_id, course_id, patient_id) REFERENCES courses (clinic_id, id, patient_id)
) STRICT;
CREATE INDEX home_program_assignments_patient ON home_program_assignments (clinic_id, patient_id);

CREATE TABLE adherence_entries (
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  patient_id INTEGER NOT NULL,
  date TEXT NOT NULL,
  exercise_id TEXT NOT NULL CONSTRAINT adherence_entries__exercise_id CHECK (exercise_id <> ''),
  done INTEGER NOT NULL CONSTRAINT adherence_entries__done CHECK (done IN (0, 1)),
  note TEXT NOT NULL,
  PRIMARY KEY (clinic_id, patient_id, date, exercise_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
) STRICT;

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  patient_id INTEGER,
  kind TEXT NOT NULL CONSTRAINT alerts__kind CHECK (kind <> ''),
  severity TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  created_at_us INTEGER NOT NULL,
  acknowledged_at_us INTEGER,
  acknowledged_by INTEGER,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, acknowledged_by) REFERENCES users (clinic_id, id)
) STRICT;
CREATE INDEX alerts_clinic ON alerts (clinic_id, created_at_us);

CREATE TABLE audit_events (
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  seq INTEGER NOT NULL CONSTRAINT audit_events__seq_positive CHECK (seq > 0),
  at_us INTEGER NOT NULL,
  actor INTEGER,
  role TEXT NOT NULL,
  action TEXT NOT NULL CONSTRAINT audit_events__action CHECK (action <> ''),
  record_type TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  from_address TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL CONSTRAINT audit_events__hash CHECK (hash <> ''),
  CONSTRAINT audit_events__seq PRIMARY KEY (clinic_id, seq),
  FOREIGN KEY (clinic_id, actor) REFERENCES users (clinic_id, id)
) STRICT;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
