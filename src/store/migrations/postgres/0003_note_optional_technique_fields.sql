-- backcare schema version 3: a session note records only what was entered. Technique pressure
-- and tolerance become nullable (NULL = not entered), and a note may state why no hands-on
-- treatment was given (no_hands_on_reason, '' = none).
ALTER TABLE session_notes ALTER COLUMN pressure DROP NOT NULL;
ALTER TABLE session_notes ALTER COLUMN tolerance DROP NOT NULL;
ALTER TABLE session_notes ADD COLUMN no_hands_on_reason text NOT NULL DEFAULT '';
