-- backcare schema version 18: every table the FHIR and CSV exports read carries updated_at_us,
-- when the store last wrote the row (microseconds since the epoch, UTC; FHIR meta.lastUpdated).
-- The store sets it on every insert and update from the clock it was opened with; the default 0
-- only fills rows written outside the store (raw SQL).
-- Existing rows get the best time they already know, else the upgrade's own time (this
-- migration's schema_version.applied_at_us, written before the script in the same transaction):
--   questionnaire_responses: taken_at_us; screening_results: screened_at_us;
--   alerts: acknowledged_at_us when acknowledged, else created_at_us;
--   patients: deleted_at_us when soft-deleted, else the upgrade's time;
--   sessions: end_us (a status is recorded at or after the end), or the upgrade's time when the
--     session ends later (a booked future session was written before the upgrade, not after);
--   clinics, therapists, courses, home_program_assignments, adherence_entries (they hold dates,
--     not instants): the upgrade's time.
ALTER TABLE clinics ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE therapists ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE patients ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questionnaire_responses ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE screening_results ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE home_program_assignments ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE adherence_entries ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN updated_at_us INTEGER NOT NULL DEFAULT 0;
UPDATE clinics SET updated_at_us = (SELECT applied_at_us FROM schema_version WHERE version = 18);
UPDATE therapists SET updated_at_us = (SELECT applied_at_us FROM schema_version WHERE version = 18);
UPDATE patients SET updated_at_us = COALESCE(deleted_at_us, (SELECT applied_at_us FROM schema_version WHERE version = 18));
UPDATE courses SET updated_at_us = (SELECT applied_at_us FROM schema_version WHERE version = 18);
UPDATE sessions SET updated_at_us = min(end_us, (SELECT applied_at_us FROM schema_version WHERE version = 18));
UPDATE questionnaire_responses SET updated_at_us = taken_at_us;
UPDATE screening_results SET updated_at_us = screened_at_us;
UPDATE home_program_assignments SET updated_at_us = (SELECT applied_at_us FROM schema_version WHERE version = 18);
UPDATE adherence_entries SET updated_at_us = (SELECT applied_at_us FROM schema_version WHERE version = 18);
UPDATE alerts SET updated_at_us = COALESCE(acknowledged_at_us, created_at_us);
