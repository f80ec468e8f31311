-- backcare schema version 5: a session note keeps the therapist's reason for departing from the
-- protocol's technique parameters (a trigger-point hold outside the range, stripping against the
-- direction); '' = the log follows the protocol. Existing notes get ''.
ALTER TABLE session_notes ADD COLUMN deviation_reason TEXT NOT NULL DEFAULT '';
