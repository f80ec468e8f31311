-- backcare schema version 14: a course's discharge. When a course ends, the therapist records why
-- (one of five outcomes), the clinic's civil date, who discharged it and a free-text note (may be
-- empty, at most 4,000 characters, checked by the store). All four columns are NULL on a course
-- that was not discharged (every existing course), or outcome, date and user are all set. A
-- discharge is written once and never changed (checked by the store). That discharged_by is a user
-- of the course's clinic is checked by the store: SQLite cannot add a foreign key over two columns
-- to an existing table.
ALTER TABLE courses ADD COLUMN discharge_outcome TEXT
  CONSTRAINT courses__discharge_outcome CHECK (discharge_outcome IN
    ('goals_met', 'plateau', 'referred_on', 'patient_choice', 'lost_to_follow_up'));
ALTER TABLE courses ADD COLUMN discharged_on TEXT;
ALTER TABLE courses ADD COLUMN discharged_by INTEGER;
ALTER TABLE courses ADD COLUMN discharge_note TEXT
  CONSTRAINT courses__discharge
  CHECK ((discharge_outcome IS NULL AND discharged_on IS NULL AND discharged_by IS NULL
          AND discharge_note IS NULL)
         OR (discharge_outcome IS NOT NULL AND discharged_on IS NOT NULL
             AND discharged_by IS NOT NULL));
