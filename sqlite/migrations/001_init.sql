-- Units, their lineage and groups.
CREATE TABLE unit (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL,
	name_vi    TEXT NOT NULL DEFAULT '',
	name_en    TEXT NOT NULL DEFAULT '',
	level      TEXT NOT NULL,
	parent_id  INTEGER REFERENCES unit(id),
	valid_from TEXT NOT NULL DEFAULT '',
	valid_to   TEXT NOT NULL DEFAULT '',
	UNIQUE (code, valid_from)
);

CREATE TABLE lineage (
	id        INTEGER PRIMARY KEY,
	date      TEXT NOT NULL,
	event     TEXT NOT NULL,
	from_unit INTEGER NOT NULL REFERENCES unit(id),
	to_unit   INTEGER NOT NULL REFERENCES unit(id),
	share     REAL,
	UNIQUE (date, event, from_unit, to_unit)
);

CREATE TABLE group_member (
	grp        TEXT NOT NULL,
	name_vi    TEXT NOT NULL DEFAULT '',
	name_en    TEXT NOT NULL DEFAULT '',
	unit_id    INTEGER NOT NULL REFERENCES unit(id),
	valid_from TEXT NOT NULL DEFAULT '',
	valid_to   TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (grp, unit_id, valid_from)
);

CREATE TABLE indicator (
	code         TEXT PRIMARY KEY,
	name_vi      TEXT NOT NULL DEFAULT '',
	name_en      TEXT NOT NULL DEFAULT '',
	measure_unit TEXT NOT NULL DEFAULT '',
	type         TEXT NOT NULL,
	aggregation  TEXT NOT NULL,
	direction    TEXT NOT NULL,
	formula      TEXT NOT NULL DEFAULT '',
	dimensions   TEXT NOT NULL DEFAULT ''
);

-- Plans and targets.
CREATE TABLE plan (
	code     TEXT PRIMARY KEY,
	kind     TEXT NOT NULL,
	title_vi TEXT NOT NULL DEFAULT '',
	title_en TEXT NOT NULL DEFAULT '',
	issuer   TEXT NOT NULL DEFAULT '',
	issued   TEXT NOT NULL DEFAULT '',
	unit_id  INTEGER NOT NULL REFERENCES unit(id),
	horizon  TEXT NOT NULL,
	parent   TEXT REFERENCES plan(code) DEFERRABLE INITIALLY DEFERRED,
	vision   TEXT NOT NULL DEFAULT '',
	-- statcan (default) or unsd, with optional thresholds: unsd:0.95,0.1
	assessment TEXT NOT NULL DEFAULT ''
);

CREATE TABLE target (
	id              INTEGER PRIMARY KEY,
	plan            TEXT NOT NULL REFERENCES plan(code),
	unit_id         INTEGER NOT NULL REFERENCES unit(id),
	indicator       TEXT NOT NULL REFERENCES indicator(code),
	dims            TEXT NOT NULL DEFAULT '',
	period          TEXT NOT NULL,
	kind            TEXT NOT NULL,
	value           REAL,
	low             REAL,
	high            REAL,
	baseline_period TEXT NOT NULL DEFAULT '',
	baseline_value  REAL,
	wording         TEXT NOT NULL DEFAULT '',
	milestones      TEXT NOT NULL DEFAULT '',
	UNIQUE (plan, unit_id, indicator, dims, period, kind)
);

-- Observations: a series is a unit, an indicator and dimension values; each
-- figure written for a series and period is a new version, never an update.
CREATE TABLE series (
	id        INTEGER PRIMARY KEY,
	unit_id   INTEGER NOT NULL REFERENCES unit(id),
	indicator TEXT NOT NULL REFERENCES indicator(code),
	dims      TEXT NOT NULL DEFAULT '',
	UNIQUE (unit_id, indicator, dims)
);

-- A revision is one write: who recorded its figures and when.
CREATE TABLE revision (
	id          INTEGER PRIMARY KEY,
	recorded_at TEXT NOT NULL,
	recorded_by TEXT NOT NULL DEFAULT ''
);

-- Sources repeat across thousands of figures; each text is kept once.
CREATE TABLE source (
	id   INTEGER PRIMARY KEY,
	text TEXT NOT NULL UNIQUE
);

CREATE TABLE observation (
	series_id   INTEGER NOT NULL REFERENCES series(id),
	period      TEXT NOT NULL,
	version     INTEGER NOT NULL,
	value       REAL NOT NULL,
	status      TEXT NOT NULL,
	source_id   INTEGER NOT NULL REFERENCES source(id),
	note        TEXT NOT NULL DEFAULT '',
	revision_id INTEGER NOT NULL REFERENCES revision(id),
	PRIMARY KEY (series_id, period, version)
) WITHOUT ROWID;

-- Nothing is deleted or overwritten: the database refuses it.
CREATE TRIGGER observation_no_update BEFORE UPDATE ON observation
BEGIN SELECT RAISE(ABORT, 'observations are never overwritten: write a new version'); END;
CREATE TRIGGER observation_no_delete BEFORE DELETE ON observation
BEGIN SELECT RAISE(ABORT, 'observations are never deleted'); END;

-- Units, indicators, plans, targets, groups and lineage may be corrected;
-- each correction first logs the row as it was.
CREATE TABLE change_log (
	id         INTEGER PRIMARY KEY,
	changed_at TEXT NOT NULL,
	kind       TEXT NOT NULL,
	key        TEXT NOT NULL,
	old        TEXT NOT NULL
);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is never rewritten'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is never deleted'); END;
