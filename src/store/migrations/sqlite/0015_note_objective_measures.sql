-- backcare schema version 15: a session note's objective measures (the numbers behind the
-- protocol's phase goals "improved standing tolerance" and "better spinal mobility"): standing
-- tolerance in whole minutes, the modified Schober test and the fingertip-to-floor distance in cm
-- to one decimal. NULL = not measured in that session (every existing note). The ranges repeat
-- session::ValidateSessionNote, which the store runs first and which also refuses more than one
-- decimal.
ALTER TABLE session_notes ADD COLUMN standing_tolerance_minutes INTEGER
  CONSTRAINT session_notes__standing_tolerance_minutes
  CHECK (standing_tolerance_minutes BETWEEN 0 AND 480);
ALTER TABLE session_notes ADD COLUMN schober_cm REAL
  CONSTRAINT session_notes__schober_cm CHECK (schober_cm BETWEEN 0.0 AND 15.0);
ALTER TABLE session_notes ADD COLUMN fingertip_to_floor_cm REAL
  CONSTRAINT session_notes__fingertip_to_floor_cm
  CHECK (fingertip_to_floor_cm BETWEEN -30.0 AND 80.0);
