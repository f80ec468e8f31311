-- backcare schema version 11: the email outbox. A message is written in the same transaction as
-- what it announces (an invitation, a password reset), so a crash or an unreachable mail server
-- loses nothing; the sender claims due messages by moving next_attempt_at_us forward (a lease),
-- then records each attempt: sent (the body is erased: it may hold a one-time link), pending with
-- the next try, or failed for good. Bodies carry no clinical detail.
CREATE TABLE email_outbox (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics (id),
  recipient TEXT NOT NULL CONSTRAINT email_outbox__recipient CHECK (recipient <> ''),
  subject TEXT NOT NULL CONSTRAINT email_outbox__subject CHECK (subject <> ''),
  body TEXT NOT NULL,
  created_at_us INTEGER NOT NULL,
  deliver_by_us INTEGER NOT NULL,
  status TEXT NOT NULL
    CONSTRAINT email_outbox__status CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CONSTRAINT email_outbox__attempts CHECK (attempts >= 0),
  next_attempt_at_us INTEGER NOT NULL,
  sent_at_us INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  CONSTRAINT email_outbox__deadline CHECK (deliver_by_us > created_at_us)
) STRICT;
CREATE INDEX email_outbox_due ON email_outbox (status, next_attempt_at_us);
