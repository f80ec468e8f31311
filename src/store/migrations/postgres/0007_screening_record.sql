-- backcare schema version 7: a screening keeps the patient's record. The body area of each
-- finding (aligned with condition_ids, each text followed by a TAB; '' when none has one), the
-- findings it resolved and why, and, when it records a referral's outcome, that outcome
-- ('none', 'cleared' or 'discontinued') with the clearance's date and source. Existing screenings
-- resolved nothing and record no outcome.
ALTER TABLE screening_results ADD COLUMN areas text NOT NULL DEFAULT '';
ALTER TABLE screening_results ADD COLUMN resolved_ids text NOT NULL DEFAULT '';
ALTER TABLE screening_results ADD COLUMN note text NOT NULL DEFAULT '';
ALTER TABLE screening_results ADD COLUMN outcome text NOT NULL DEFAULT 'none';
ALTER TABLE screening_results ADD COLUMN cleared_on text;
ALTER TABLE screening_results ADD COLUMN clearance_source text NOT NULL DEFAULT '';
