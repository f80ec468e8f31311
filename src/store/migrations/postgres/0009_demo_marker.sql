-- backcare schema version 9: the demo marker. `backcare demo` creates its synthetic clinic with
-- demo = 1 and refuses to write over a database that holds any clinic without it, so pointed at a
-- real clinic's database by mistake it changes nothing. Existing clinics are real (0).
ALTER TABLE clinics ADD COLUMN demo INTEGER NOT NULL DEFAULT 0
  CONSTRAINT clinics__demo CHECK (demo IN (0, 1));
