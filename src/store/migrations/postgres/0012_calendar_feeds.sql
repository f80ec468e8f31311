-- backcare schema version 12: secret calendar feeds. A therapist's or a patient's login may have
-- one feed, served at /cal/<token>.ics to the calendar app that subscribes to it. token_hash is the
-- SHA-256 (hex) of the token; the token itself is never stored. Regenerating replaces the row;
-- revoking, or disabling the login, deletes it.
CREATE TABLE calendar_feeds (
  token_hash text PRIMARY KEY CONSTRAINT calendar_feeds__token_hash CHECK (length(token_hash) = 64),
  clinic_id bigint NOT NULL,
  user_id bigint NOT NULL,
  created_at_us bigint NOT NULL,
  CONSTRAINT calendar_feeds__one_per_login UNIQUE (clinic_id, user_id),
  FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id)
);
