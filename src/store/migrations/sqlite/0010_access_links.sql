-- backcare schema version 10: one-time access links. An admin invites staff, and staff invite a
-- patient, by a link on which the invitee sets their first password; anyone's password can be
-- reset by a link. token_hash is the SHA-256 (hex) of the random token the link carries; the
-- token itself is never stored. A link works once (used_at_us), until expires_at_us; disabling a
-- login deletes its unused links. created_by is null when the system made the link (first
-- install).
CREATE TABLE access_links (
  token_hash TEXT PRIMARY KEY CONSTRAINT access_links__token_hash CHECK (length(token_hash) = 64),
  clinic_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  purpose TEXT NOT NULL CONSTRAINT access_links__purpose CHECK (purpose IN ('invite', 'reset')),
  created_by INTEGER,
  created_at_us INTEGER NOT NULL,
  expires_at_us INTEGER NOT NULL,
  used_at_us INTEGER,
  CONSTRAINT access_links__expiry CHECK (expires_at_us > created_at_us),
  FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id),
  FOREIGN KEY (clinic_id, created_by) REFERENCES users (clinic_id, id)
) STRICT;
CREATE INDEX access_links_user ON access_links (clinic_id, user_id);
