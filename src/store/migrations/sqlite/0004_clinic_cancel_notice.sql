-- backcare schema version 4: a clinic's cancellation notice for patients. A patient cancels a
-- session themselves only this many hours ahead (0 = up to its start); later cancellations go
-- through the front desk. Existing clinics get 24 hours.
ALTER TABLE clinics ADD COLUMN patient_cancel_notice_hours INTEGER NOT NULL DEFAULT 24
  CONSTRAINT clinics__patient_cancel_notice_hours
  CHECK (patient_cancel_notice_hours BETWEEN 0 AND 720);
