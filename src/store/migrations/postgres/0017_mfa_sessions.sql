-- backcare schema version 17: staff two-step sign-in (TOTP), recovery codes, password changes
-- forced by an admin's reset, and the sessions list.
-- users.totp_secret: the TOTP shared secret in base32 ('' when none); totp_enabled_at_us: when
-- the login confirmed its first code (NULL while an enrolment is pending or none exists);
-- totp_last_step: the 30-second step of the last accepted code, so a code works once.
-- users.password_change_required: 1 after an admin's reset, until the login sets a new password.
-- recovery_codes: the SHA-256 (hex) of each single-use recovery code; used_at_us once used.
-- web_sessions.stage: 'signed_in', or 'mfa_pending' between the password and the code (such a
-- session authorizes nothing); user_agent and address are shown in the login's sessions list.
-- clinics.mfa_policy: 'optional', 'admins' or 'staff' (who must use two-step sign-in).
ALTER TABLE users ADD COLUMN totp_secret text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled_at_us bigint;
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_change_required bigint NOT NULL DEFAULT 0
  CONSTRAINT users__password_change_required CHECK (password_change_required IN (0, 1));
CREATE TABLE recovery_codes (
  clinic_id bigint NOT NULL,
  user_id bigint NOT NULL,
  code_hash text NOT NULL CONSTRAINT recovery_codes__code_hash CHECK (length(code_hash) = 64),
  used_at_us bigint,
  PRIMARY KEY (clinic_id, user_id, code_hash),
  FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id)
);
ALTER TABLE web_sessions ADD COLUMN stage text NOT NULL DEFAULT 'signed_in'
  CONSTRAINT web_sessions__stage CHECK (stage IN ('signed_in', 'mfa_pending'));
ALTER TABLE web_sessions ADD COLUMN user_agent text NOT NULL DEFAULT '';
ALTER TABLE web_sessions ADD COLUMN address text NOT NULL DEFAULT '';
ALTER TABLE clinics ADD COLUMN mfa_policy text NOT NULL DEFAULT 'optional'
  CONSTRAINT clinics__mfa_policy CHECK (mfa_policy IN ('optional', 'admins', 'staff'));
