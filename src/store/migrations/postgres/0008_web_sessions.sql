-- backcare schema version 8: browser sessions and failed logins live in the database, so several
-- `backcare serve` processes share them and a restart logs no one out.
-- web_sessions: one row per logged-in browser. id_hash is the SHA-256 (hex) of the session id the
-- cookie carries; the id itself is never stored. last_seen_at_us is refreshed at most once a
-- minute per session.
-- login_failures: one row per failed login, keyed "account:<email>" or "address:<client>"; the
-- login throttle counts a key's rows within its window.
-- users.owner_id: for an API-token user, the login that created the token; the token works only
-- while that login is active.
CREATE TABLE web_sessions (
  id_hash text PRIMARY KEY CONSTRAINT web_sessions__id_hash CHECK (length(id_hash) = 64),
  clinic_id bigint NOT NULL,
  user_id bigint NOT NULL,
  created_at_us bigint NOT NULL,
  last_seen_at_us bigint NOT NULL,
  FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id)
);
CREATE INDEX web_sessions_user ON web_sessions (clinic_id, user_id);
CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen_at_us);
CREATE TABLE login_failures (
  throttle_key text NOT NULL CONSTRAINT login_failures__key CHECK (throttle_key <> ''),
  at_us bigint NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, at_us);
CREATE INDEX login_failures_at ON login_failures (at_us);
ALTER TABLE users ADD COLUMN owner_id bigint REFERENCES users (id);
