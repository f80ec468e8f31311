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
  id_hash TEXT PRIMARY KEY CONSTRAINT web_sessions__id_hash CHECK (length(id_hash) = 64),
  clinic_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  created_at_us INTEGER NOT NULL,
  last_seen_at_us INTEGER NOT NULL,
  FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id)
) STRICT;
CREATE INDEX web_sessions_user ON web_sessions (clinic_id, user_id);
CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen_at_us);
CREATE TABLE login_failures (
  throttle_key TEXT NOT NULL CONSTRAINT login_failures__key CHECK (throttle_key <> ''),
  at_us INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_key ON login_failures (throttle_key, at_us);
CREATE INDEX login_failures_at ON login_failures (at_us);
ALTER TABLE users ADD COLUMN owner_id INTEGER REFERENCES users (id);
