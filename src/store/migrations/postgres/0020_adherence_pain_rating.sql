-- backcare schema version 20: the patient portal's pain rating per home exercise. An adherence
-- entry may carry the patient's 0..10 rating of how much the exercise hurt (NULL = not rated);
-- a rating at or above the clinic's exercise_pain_alert_threshold (1..10; existing clinics get 7)
-- raises an "exercise_pain" alert, whose words for the therapist go in alerts.detail (existing
-- alerts get '', their kind and record say what happened).
ALTER TABLE adherence_entries ADD COLUMN pain_rating bigint
  CONSTRAINT adherence_entries__pain_rating CHECK (pain_rating BETWEEN 0 AND 10);
ALTER TABLE clinics ADD COLUMN exercise_pain_alert_threshold bigint NOT NULL DEFAULT 7
  CONSTRAINT clinics__exercise_pain_alert_threshold
  CHECK (exercise_pain_alert_threshold BETWEEN 1 AND 10);
ALTER TABLE alerts ADD COLUMN detail text NOT NULL DEFAULT '';
