package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"planwatch"
)

// How a database is opened: Open creates and migrates (init, and a serve
// that starts from nothing), OpenExisting migrates a file that exists
// (import), OpenReadOnly neither migrates nor writes (every reader, and
// serve on a file that exists): it only checks the schema version, so that
// a reader never waits for a writer's lock and never changes a file.

// walLimit is the size the write-ahead log is cut back to once it has been
// checkpointed, and past which a write transaction checkpoints it.
const walLimit = 4 << 20

// Open opens the database file at path, creating it if need be, and brings
// its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, true)
}

// OpenExisting opens the database file at path, which must exist, and
// brings its schema up to date.
func OpenExisting(ctx context.Context, path string) (*DB, error) {
	if err := exists(path); err != nil {
		return nil, err
	}
	return open(ctx, path, false)
}

// OpenReadOnly opens the database file at path, which must exist and hold
// this planwatch's schema, for reading: no migration, no write, not even
// a lock that would make a writer wait. Update fails.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if err := exists(path); err != nil {
		return nil, err
	}
	// mode=rw: never create the file, should it go between the check and
	// now; query_only: refuse every write on these connections. Checkpoints
	// (no change to the data) still run.
	read, err := sql.Open("sqlite", dsn(path, "rw", "deferred", "query_only(1)", "busy_timeout(10000)", "cache_size(-65536)", "temp_store(MEMORY)"))
	if err != nil {
		return nil, err
	}
	db := &DB{path: path, read: read, now: time.Now, reader: reader{q: read}}
	if err := db.checkSchema(ctx); err != nil {
		read.Close()
		return nil, err
	}
	return db, nil
}

// noSuchDatabase is the error of a database file that is not there.
func noSuchDatabase(path string) error {
	return planwatch.Errorf(planwatch.ENOTFOUND, "%s: no such database (run planwatch init --db %s to create it)", path, path)
}

func exists(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return noSuchDatabase(path)
	case err != nil:
		return err
	case st.IsDir():
		return planwatch.Errorf(planwatch.EINVALID, "%s is a folder, not a database", path)
	}
	return nil
}

// dsn is the data source name of path with an open mode ("" for read,
// write and create), a transaction lock and pragmas for every connection.
func dsn(path, mode, txlock string, pragmas ...string) string {
	v := url.Values{}
	for _, p := range pragmas {
		v.Add("_pragma", p)
	}
	if mode != "" {
		v.Set("mode", mode)
	}
	v.Set("_txlock", txlock)
	return "file:" + uriPath.Replace(path) + "?" + v.Encode()
}

// uriPath escapes what a file name may hold that a URI reads otherwise: a
// name with # or ? (a test's folder, "report #3.db") would lose its end,
// and open another file, without it.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func open(ctx context.Context, path string, create bool) (*DB, error) {
	mode := "rw"
	if create {
		mode = "rwc"
	}
	pragmas := []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)", "cache_size(-65536)", "temp_store(MEMORY)",
		"journal_size_limit(" + strconv.Itoa(walLimit) + ")"}
	write, err := sql.Open("sqlite", dsn(path, mode, "immediate", pragmas...))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn(path, "rw", "deferred", pragmas...))
	if err != nil {
		write.Close()
		return nil, err
	}
	db := &DB{path: path, write: write, read: read, now: time.Now, reader: reader{q: read}}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Close checkpoints the write-ahead log into the database file, when the
// database was opened for writing and no reader is in the way, and closes
// the database.
func (db *DB) Close() error {
	var cerr error
	if db.write != nil {
		cerr = errors.Join(db.Checkpoint(context.Background(), true), db.write.Close())
	}
	return errors.Join(cerr, db.read.Close())
}

// SetClock replaces the clock that stamps new versions (for tests).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Path is the database file.
func (db *DB) Path() string { return db.path }

// SchemaVersion is the number of the last migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migration`).Scan(&v)
	return v, err
}

// LatestSchema is the schema version this planwatch writes: the number of
// its last migration.
func LatestSchema() int {
	names, _ := migrationNames()
	n, _ := migrationNumber(names[len(names)-1])
	return n
}

func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(names)
	return names, err
}

func migrationNumber(name string) (int, error) {
	base := strings.TrimPrefix(name, "migrations/")
	n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
	if err != nil {
		return 0, fmt.Errorf("migration %s: name must start with its number", base)
	}
	return n, nil
}

// checkSchema checks that the file is a planwatch database of this
// planwatch's schema, and says what to do when it is not.
func (db *DB) checkSchema(ctx context.Context) error {
	return checkSchema(ctx, db.read, db.path)
}

func checkSchema(ctx context.Context, q querier, path string) error {
	var tables int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migration'`).Scan(&tables); err != nil {
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_NOTADB {
			return planwatch.Errorf(planwatch.EINVALID, "%s is not a database", path)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	if tables == 0 {
		return planwatch.Errorf(planwatch.EINVALID, "%s is not a planwatch database (run planwatch init --db %s to make it one)", path, path)
	}
	var v int
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migration`).Scan(&v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	switch latest := LatestSchema(); {
	case v < latest:
		return planwatch.Errorf(planwatch.EINVALID, "%s: schema version %d is older than this planwatch's %d: run planwatch init --db %s to upgrade it", path, v, latest, path)
	case v > latest:
		return planwatch.Errorf(planwatch.EINVALID, "%s: schema version %d is newer than this planwatch's %d: use a newer planwatch", path, v, latest)
	}
	return nil
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	for _, name := range names {
		n, err := migrationNumber(name)
		if err != nil {
			return err
		}
		tx, err := db.write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migration WHERE version = ?`, n).Scan(&done); err != nil {
			tx.Rollback()
			return err
		}
		if done > 0 {
			tx.Rollback()
			continue
		}
		body, _ := migrations.ReadFile(name)
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", strings.TrimPrefix(name, "migrations/"), err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migration (version, applied_at) VALUES (?, ?)`, n, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	// A newer planwatch may have migrated it further.
	return db.checkSchema(ctx)
}

// Checkpoint copies the write-ahead log into the database file. A passive
// checkpoint copies what no reader still needs and waits for nobody; a full
// one (truncate) also empties the log, waiting a moment for readers to
// finish and giving up, without an error, when they do not.
func (db *DB) Checkpoint(ctx context.Context, truncate bool) error {
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	mode := "PASSIVE"
	if truncate {
		mode = "TRUNCATE"
		// Wait for readers briefly, then let the log be.
		if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 200`); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), `PRAGMA busy_timeout = 10000`)
	}
	var busy, frames, done int
	err = conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(`+mode+`)`).Scan(&busy, &frames, &done)
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY { // a reader or writer is in the way
		return nil
	}
	return err
}

// checkpointIfLarge checkpoints after a write that left the log larger than
// its limit: SQLite's own checkpoints cannot empty it while readers (a
// server's snapshot) hold it, and without this it grows with every import.
func (db *DB) checkpointIfLarge(ctx context.Context) {
	if st, err := os.Stat(db.path + "-wal"); err == nil && st.Size() > walLimit {
		db.Checkpoint(ctx, true)
	}
}
