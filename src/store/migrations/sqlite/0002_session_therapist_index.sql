-- backcare schema version 2: therapist calendars (ListSessionsForTherapist) and the unacknowledged
-- alert list read by index instead of scanning the clinic's rows.
CREATE INDEX sessions_therapist ON sessions (clinic_id, therapist_id, start_us);
CREATE INDEX alerts_open ON alerts (clinic_id, created_at_us) WHERE acknowledged_at_us IS NULL;
