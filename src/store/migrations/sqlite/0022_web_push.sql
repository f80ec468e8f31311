-- backcare schema version 22: Web Push notifications. Each clinic's VAPID key pair (unpadded
-- base64url: the 65-byte public point in 87 characters, the 32-byte private scalar in 43; made
-- once and never replaced, since the browsers' subscriptions are bound to the public key); each
-- browser subscription a patient made (an endpoint belongs to one patient of a clinic: the same
-- browser subscribing again updates its row); and the patients' push choices beside the email
-- ones in patient_reminders (existing rows get 0: no push until the patient turns it on).
CREATE TABLE clinic_vapid_keys (
  clinic_id INTEGER PRIMARY KEY REFERENCES clinics (id),
  public_key TEXT NOT NULL CONSTRAINT clinic_vapid_keys__public_key CHECK (length(public_key) = 87),
  private_key TEXT NOT NULL
    CONSTRAINT clinic_vapid_keys__private_key CHECK (length(private_key) = 43),
  created_at_us INTEGER NOT NULL
) STRICT;
CREATE TABLE push_subscriptions (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL,
  patient_id INTEGER NOT NULL,
  endpoint TEXT NOT NULL
    CONSTRAINT push_subscriptions__endpoint CHECK (endpoint <> '' AND length(endpoint) <= 2048),
  p256dh TEXT NOT NULL CONSTRAINT push_subscriptions__p256dh CHECK (length(p256dh) = 87),
  auth TEXT NOT NULL CONSTRAINT push_subscriptions__auth CHECK (length(auth) = 22),
  created_at_us INTEGER NOT NULL,
  CONSTRAINT push_subscriptions__endpoint_once UNIQUE (clinic_id, endpoint),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
) STRICT;
CREATE INDEX push_subscriptions__patient ON push_subscriptions (clinic_id, patient_id);
ALTER TABLE patient_reminders ADD COLUMN appointment_push INTEGER NOT NULL DEFAULT 0
  CONSTRAINT patient_reminders__appointment_push CHECK (appointment_push IN (0, 1));
ALTER TABLE patient_reminders ADD COLUMN nudge_push INTEGER NOT NULL DEFAULT 0
  CONSTRAINT patient_reminders__nudge_push CHECK (nudge_push IN (0, 1));
