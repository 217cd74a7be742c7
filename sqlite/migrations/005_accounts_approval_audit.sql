-- People, approval of figures, and the audit.
--
-- A revision (one write) records from where it came (an address or a
-- command) and whether its figures were approved as they were written (an
-- administrator's import of figures approved elsewhere). Every figure
-- stored before approvals existed had been published: approved.
ALTER TABLE revision ADD COLUMN via TEXT NOT NULL DEFAULT '';
ALTER TABLE revision ADD COLUMN approved INTEGER NOT NULL DEFAULT 0;
UPDATE revision SET approved = 1;

-- A decision on one version of a figure, beside it: the figure never
-- changes. The latest decision on a version is its state; a version with
-- none is a draft, unless its revision was approved.
CREATE TABLE approval (
	id          INTEGER PRIMARY KEY,
	revision_id INTEGER NOT NULL REFERENCES revision(id),
	series_id   INTEGER NOT NULL REFERENCES series(id),
	period      TEXT NOT NULL,
	version     INTEGER NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('approved', 'returned')),
	comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approval_figure ON approval (series_id, period, version);
CREATE TRIGGER approval_no_update BEFORE UPDATE ON approval
BEGIN SELECT RAISE(ABORT, 'decisions are never rewritten: record a new one'); END;
CREATE TRIGGER approval_no_delete BEFORE DELETE ON approval
BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;

-- Every change of a record other than a figure or a decision (units,
-- lineage, groups, indicators, codes, sources, plans, targets, users,
-- grants, tokens): who, when, from where, the fields before and after.
-- Figures and decisions are their own record (their revision says who,
-- when and from where). Never rewritten, never deleted.
CREATE TABLE audit (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL DEFAULT '',
	via     TEXT NOT NULL DEFAULT '',
	kind    TEXT NOT NULL,
	key     TEXT NOT NULL,
	unit_id INTEGER,
	before  TEXT NOT NULL DEFAULT '',
	after   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_unit ON audit (unit_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit is never rewritten'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit is never deleted'); END;

-- Users are disabled, never deleted; grants and tokens are revoked.
CREATE TABLE app_user (
	name          TEXT PRIMARY KEY,
	display_name  TEXT NOT NULL DEFAULT '',
	lang          TEXT NOT NULL DEFAULT 'vi',
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL
);
CREATE TRIGGER app_user_no_delete BEFORE DELETE ON app_user
BEGIN SELECT RAISE(ABORT, 'users are disabled, never deleted'); END;

CREATE TABLE role_grant (
	id         INTEGER PRIMARY KEY,
	user_name  TEXT NOT NULL REFERENCES app_user(name),
	role       TEXT NOT NULL,
	-- NULL: every unit
	unit_id    INTEGER REFERENCES unit(id),
	-- comma separated; empty: every indicator
	indicators TEXT NOT NULL DEFAULT '',
	granted_by TEXT NOT NULL DEFAULT '',
	granted_at TEXT NOT NULL,
	revoked_by TEXT NOT NULL DEFAULT '',
	revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX role_grant_user ON role_grant (user_name);
CREATE TRIGGER role_grant_no_delete BEFORE DELETE ON role_grant
BEGIN SELECT RAISE(ABORT, 'grants are revoked, never deleted'); END;

-- Only the hash of a token or a session's secret is stored.
CREATE TABLE api_token (
	id         INTEGER PRIMARY KEY,
	user_name  TEXT NOT NULL REFERENCES app_user(name),
	name       TEXT NOT NULL DEFAULT '',
	hash       TEXT NOT NULL UNIQUE,
	-- the grants (ids, comma separated) it may use; empty: all of the user's
	grants     TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL DEFAULT '',
	revoked_by TEXT NOT NULL DEFAULT '',
	revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER api_token_no_delete BEFORE DELETE ON api_token
BEGIN SELECT RAISE(ABORT, 'tokens are revoked, never deleted'); END;

CREATE TABLE login_session (
	hash       TEXT PRIMARY KEY,
	user_name  TEXT NOT NULL REFERENCES app_user(name),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	last_seen  TEXT NOT NULL,
	address    TEXT NOT NULL DEFAULT '',
	ended_at   TEXT NOT NULL DEFAULT ''
);
