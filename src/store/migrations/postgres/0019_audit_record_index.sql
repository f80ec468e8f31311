-- backcare schema version 19: a patient's access log (ListPatientAccessEvents) reads the events
-- about one record by index instead of scanning the clinic's whole audit chain; seq last, so a
-- page before a cursor is a range of the index. Alerts get the patient index the other patient
-- records already have.
CREATE INDEX audit_events_record ON audit_events (clinic_id, record_type, record_id, seq);
CREATE INDEX alerts_patient ON alerts (clinic_id, patient_id);
