-- backcare schema version 14: a course's discharge. When a course ends, the therapist records why
-- (one of five outcomes), the clinic's civil date, who discharged it and a free-text note (may be
-- empty, at most 4,000 characters, checked by the store). All four columns are NULL on a course
-- that was not discharged (every existing course), or outcome, date and user are all set. A
-- discharge is written once and never changed (checked by the store). discharged_by is a user of
-- the course's clinic (a foreign key here; SQLite, which cannot add one over two columns to an
-- existing table, relies on the store's check, which runs on both).
ALTER TABLE courses
  ADD COLUMN discharge_outcome text CONSTRAINT courses__discharge_outcome CHECK (discharge_outcome IN
    ('goals_met', 'plateau', 'referred_on', 'patient_choice', 'lost_to_follow_up')),
  ADD COLUMN discharged_on date,
  ADD COLUMN discharged_by bigint,
  ADD COLUMN discharge_note text,
  ADD CONSTRAINT courses__discharge
    CHECK ((discharge_outcome IS NULL AND discharged_on IS NULL AND discharged_by IS NULL
            AND discharge_note IS NULL)
           OR (discharge_outcome IS NOT NULL AND discharged_on IS NOT NULL
               AND discharged_by IS NOT NULL)),
  ADD CONSTRAINT courses__discharged_by FOREIGN KEY (clinic_id, discharged_by)
    REFERENCES users (clinic_id, id);
