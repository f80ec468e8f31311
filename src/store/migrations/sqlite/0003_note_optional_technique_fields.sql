-- backcare schema version 3: a session note records only what was entered. Technique pressure
-- and tolerance become nullable (NULL = not entered), and a note may state why no hands-on
-- treatment was given (no_hands_on_reason, '' = none). SQLite cannot drop NOT NULL, so the table
-- is rebuilt with its triggers inside the migration's transaction; the foreign keys into it
-- (note_addenda) are checked at commit, when the rebuilt table holds every row again.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE session_notes_v3 (
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
  pressure TEXT,
  tolerance TEXT,
  nprs_before INTEGER CONSTRAINT session_notes__nprs_before CHECK (nprs_before BETWEEN 0 AND 10),
  nprs_after INTEGER CONSTRAINT session_notes__nprs_after CHECK (nprs_after BETWEEN 0 AND 10),
  adverse_events TEXT NOT NULL,
  status TEXT NOT NULL CONSTRAINT session_notes__status CHECK (status IN ('draft', 'signed')),
  signed_by INTEGER,
  signed_at_us INTEGER,
  created_at_us INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL,
  no_hands_on_reason TEXT NOT NULL DEFAULT '',
  CONSTRAINT session_notes__signed_by CHECK ((status = 'signed') =
      (signed_by IS NOT NULL AND signed_at_us IS NOT NULL)),
  CONSTRAINT session_notes__session_id UNIQUE (session_id),
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, session_id) REFERENCES sessions (clinic_id, id),
  FOREIGN KEY (clinic_id, author_id) REFERENCES users (clinic_id, id),
  FOREIGN KEY (clinic_id, signed_by) REFERENCES users (clinic_id, id)
) STRICT;
INSERT INTO session_notes_v3 (id, clinic_id, session_id, author_id, subjective, objective,
    assessment, plan, strip_passes, trigger_points, release_areas, pressure, tolerance,
    nprs_before, nprs_after, adverse_events, status, signed_by, signed_at_us, created_at_us,
    updated_at_us)
  SELECT id, clinic_id, session_id, author_id, subjective, objective, assessment, plan,
    strip_passes, trigger_points, release_areas, pressure, tolerance, nprs_before, nprs_after,
    adverse_events, status, signed_by, signed_at_us, created_at_us, updated_at_us
  FROM session_notes;
DROP TABLE session_notes;
-- The legacy rename leaves other objects' text alone: note_addenda's trigger names session_notes,
-- which exists again once the rename is done.
PRAGMA legacy_alter_table = ON;
ALTER TABLE session_notes_v3 RENAME TO session_notes;
PRAGMA legacy_alter_table = OFF;
CREATE TRIGGER session_notes_signed_no_update BEFORE UPDATE ON session_notes
  WHEN OLD.status = 'signed'
  BEGIN SELECT RAISE(ABORT, 'session note is signed'); END;
CREATE TRIGGER session_notes_signed_no_delete BEFORE DELETE ON session_notes
  WHEN OLD.status = 'signed'
  BEGIN SELECT RAISE(ABORT, 'session note is signed'); END;
