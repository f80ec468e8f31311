-- backcare schema version 6: clinic closures and holidays. Whole days (first_day..last_day, both
-- included, the clinic's civil dates) on which the clinic is closed: the planner leaves them free
-- and a booking on one is refused.
CREATE TABLE clinic_closures (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  first_day TEXT NOT NULL,
  last_day TEXT NOT NULL,
  reason TEXT NOT NULL CONSTRAINT clinic_closures__reason CHECK (reason <> ''),
  created_by INTEGER,
  created_at_us INTEGER NOT NULL,
  CONSTRAINT clinic_closures__last_day CHECK (last_day >= first_day),
  FOREIGN KEY (clinic_id, created_by) REFERENCES users (clinic_id, id)
) STRICT;
CREATE INDEX clinic_closures_clinic ON clinic_closures (clinic_id, first_day);
