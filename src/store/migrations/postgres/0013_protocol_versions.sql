-- backcare schema version 13: stored protocol versions. A protocol file's text is kept exactly as
-- it was imported, so a course started on a version can be planned and checked against it for as
-- long as the course lives. Versions are installation-wide (the clinics of a network share them)
-- and never change once stored; a new version is a new row. A clinic may name the version its new
-- courses follow: both columns or neither (NULL: the built-in protocol applies, as for every
-- existing clinic). That the named version is stored is checked by the store (as on SQLite, which
-- cannot add a foreign key over two columns to an existing table).
CREATE TABLE protocols (
  protocol_id text NOT NULL CONSTRAINT protocols__protocol_id CHECK (protocol_id <> ''),
  version bigint NOT NULL CONSTRAINT protocols__version_positive CHECK (version >= 1),
  title text NOT NULL,
  file_name text NOT NULL,
  source text NOT NULL CONSTRAINT protocols__source CHECK (source <> ''),
  source_sha256 text NOT NULL
    CONSTRAINT protocols__source_sha256 CHECK (length(source_sha256) = 64),
  imported_at_us bigint NOT NULL,
  CONSTRAINT protocols__version PRIMARY KEY (protocol_id, version)
);
ALTER TABLE clinics
  ADD COLUMN protocol_id text CONSTRAINT clinics__protocol_id CHECK (protocol_id <> ''),
  ADD COLUMN protocol_version bigint,
  ADD CONSTRAINT clinics__protocol_version
    CHECK ((protocol_version IS NULL) = (protocol_id IS NULL)
           AND coalesce(protocol_version, 1) >= 1);
