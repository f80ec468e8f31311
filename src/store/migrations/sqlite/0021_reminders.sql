-- backcare schema version 21: reminders by email. clinics.appointment_reminder_hours (0..168,
-- existing clinics get 24; 0 = no appointment reminders); each patient's choices in
-- patient_reminders (no row = the defaults: appointment reminders on, the daily home-program
-- nudge off at 18:00 clinic-local, kept as minutes after midnight); one row per reminder sent in
-- sent_reminders, whose unique key makes a reminder go out once even when two servers sweep the
-- same database; the hashed one-click unsubscribe tokens; and the outbox's List-Unsubscribe URL
-- ('' = none), which the SMTP sender writes as a header.
ALTER TABLE clinics ADD COLUMN appointment_reminder_hours INTEGER NOT NULL DEFAULT 24
  CONSTRAINT clinics__appointment_reminder_hours
  CHECK (appointment_reminder_hours BETWEEN 0 AND 168);
ALTER TABLE email_outbox ADD COLUMN list_unsubscribe TEXT NOT NULL DEFAULT '';
CREATE TABLE patient_reminders (
  clinic_id INTEGER NOT NULL,
  patient_id INTEGER NOT NULL,
  appointment_email INTEGER NOT NULL
    CONSTRAINT patient_reminders__appointment_email CHECK (appointment_email IN (0, 1)),
  nudge_email INTEGER NOT NULL CONSTRAINT patient_reminders__nudge_email CHECK (nudge_email IN (0, 1)),
  nudge_minutes INTEGER NOT NULL
    CONSTRAINT patient_reminders__nudge_minutes CHECK (nudge_minutes BETWEEN 0 AND 1439),
  PRIMARY KEY (clinic_id, patient_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
) STRICT;
CREATE TABLE sent_reminders (
  clinic_id INTEGER NOT NULL,
  patient_id INTEGER NOT NULL,
  kind TEXT NOT NULL CONSTRAINT sent_reminders__kind CHECK (kind IN ('appointment', 'nudge')),
  reminder_key TEXT NOT NULL CONSTRAINT sent_reminders__reminder_key CHECK (reminder_key <> ''),
  sent_at_us INTEGER NOT NULL,
  CONSTRAINT sent_reminders__once UNIQUE (clinic_id, kind, patient_id, reminder_key),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
) STRICT;
CREATE TABLE unsubscribe_tokens (
  token_hash TEXT PRIMARY KEY
    CONSTRAINT unsubscribe_tokens__token_hash CHECK (length(token_hash) = 64),
  clinic_id INTEGER NOT NULL,
  patient_id INTEGER NOT NULL,
  kind TEXT NOT NULL CONSTRAINT unsubscribe_tokens__kind CHECK (kind IN ('appointment', 'nudge')),
  created_at_us INTEGER NOT NULL,
  used_at_us INTEGER,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
) STRICT;
CREATE INDEX unsubscribe_tokens__patient ON unsubscribe_tokens (clinic_id, patient_id, kind);
