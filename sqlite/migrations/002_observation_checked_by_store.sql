-- The observation table loses its foreign keys. The store writes a figure
-- only with the series, source and revision ids it has looked up or created
-- in the same transaction, so SQLite checked nothing the store had not; the
-- three checks cost a quarter of the time of a million-row import.
-- sqlite_test checks that every figure still has its series, source and
-- revision. The table is rebuilt because SQLite cannot drop a constraint.
CREATE TABLE observation_new (
	series_id   INTEGER NOT NULL,
	period      TEXT NOT NULL,
	version     INTEGER NOT NULL,
	value       REAL NOT NULL,
	status      TEXT NOT NULL,
	source_id   INTEGER NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	revision_id INTEGER NOT NULL,
	PRIMARY KEY (series_id, period, version)
) WITHOUT ROWID;
INSERT INTO observation_new SELECT series_id, period, version, value, status, source_id, note, revision_id FROM observation ORDER BY series_id, period, version;
DROP TABLE observation;
ALTER TABLE observation_new RENAME TO observation;

CREATE TRIGGER observation_no_update BEFORE UPDATE ON observation
BEGIN SELECT RAISE(ABORT, 'observations are never overwritten: write a new version'); END;
CREATE TRIGGER observation_no_delete BEFORE DELETE ON observation
BEGIN SELECT RAISE(ABORT, 'observations are never deleted'); END;
