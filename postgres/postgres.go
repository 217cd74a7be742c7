// Package postgres is the PostgreSQL store of planwatch, for a ministry's
// server with many officers at once: jackc/pgx through a pool whose
// settings come from the URL (pool_max_conns=...), numbered migrations
// embedded in the binary, COPY for the figures of an import, and the same
// behaviour as the SQLite store, which the conformance suite (storetest)
// checks on both.
//
// Writers take turns, as on SQLite: each write transaction first takes an
// advisory lock, at READ COMMITTED, so that an import sees what the one
// before it committed and two imports never race to create the same unit.
// Readers never wait for them.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"planwatch"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Advisory lock keys: one for migrations, one that writers take in turn.
// Both are numbers no other program is likely to use ("planwatch" and
// "planwatch write" hashed).
const (
	migrateLock int64 = 0x706c616e77617401
	writeLock   int64 = 0x706c616e77617402
)

// defaultConnectTimeout bounds a connection attempt when the URL sets no
// connect_timeout.
const defaultConnectTimeout = 15 * time.Second

// DB is the PostgreSQL store. It implements planwatch.Store.
type DB struct {
	reader
	pool *pgxpool.Pool
	now  func() time.Time
	// backoff is the first wait before a retry; it doubles each time.
	backoff time.Duration
}

var _ planwatch.Store = (*DB)(nil)

// How a database is opened, as the SQLite store opens a file.
type mode int

const (
	create   mode = iota // bring the schema up to date, making the tables in an empty database
	existing             // the same, in a database that has planwatch's tables
	readOnly             // no migration and no write: the schema must be this planwatch's
)

// Open connects to the database at url (postgres://USER:PASSWORD@HOST:PORT/DB?...,
// with pgx's pool settings such as pool_max_conns) and brings its schema up
// to date. The database must exist; its tables are made if it has none.
func Open(ctx context.Context, url string) (*DB, error) {
	return open(ctx, url, create)
}

// OpenExisting is Open for a database that already has planwatch's
// tables: a database that has none is an error saying to run init.
func OpenExisting(ctx context.Context, url string) (*DB, error) {
	return open(ctx, url, existing)
}

// OpenReadOnly connects for reading only: it writes nothing, not even the
// schema, and the server refuses any write of its connections. The
// database must hold this planwatch's schema.
func OpenReadOnly(ctx context.Context, url string) (*DB, error) {
	return open(ctx, url, readOnly)
}

func open(ctx context.Context, url string, m mode) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, planwatch.Errorf(planwatch.EINVALID, "%v", err)
	}
	if m == readOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	// A server that does not answer should not hold a command forever.
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db := &DB{pool: pool, reader: reader{q: pool}, now: time.Now, backoff: 20 * time.Millisecond}
	switch m {
	case readOnly:
		err = db.checkSchema(ctx)
	case existing:
		if err = db.hasTables(ctx); err == nil {
			err = db.migrate(ctx)
		}
	default:
		err = db.migrate(ctx)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("%s: %w", redacted(cfg), mapErr(err))
	}
	return db, nil
}

// hasTables says to run init when the database has no planwatch tables.
func (db *DB) hasTables(ctx context.Context) error {
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT to_regclass('schema_migration') IS NOT NULL`).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return planwatch.Errorf(planwatch.ENOTFOUND, "no planwatch tables in this database (run planwatch init with this --db)")
	}
	return nil
}

// checkSchema checks that the database holds the schema this planwatch
// writes, and says what to do when it does not.
func (db *DB) checkSchema(ctx context.Context) error {
	if err := db.hasTables(ctx); err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	switch latest := latestMigration(); {
	case v < latest:
		return planwatch.Errorf(planwatch.EINVALID, "schema version %d is older than this planwatch's %d: run planwatch init with this --db to upgrade it", v, latest)
	case v > latest:
		return planwatch.Errorf(planwatch.EINVALID, "schema version %d is newer than this planwatch's %d: use a newer planwatch", v, latest)
	}
	return nil
}

// redacted names a database for messages, without its password.
func redacted(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("postgres://%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// Close closes the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// SetClock replaces the clock that stamps new versions (for tests).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// SchemaVersion is the number of the last migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migration`).Scan(&v)
	return v, mapErr(err)
}

// migration is one embedded migration file.
type migration struct {
	n    int
	name string
	body string
}

// migrationFiles lists the embedded migrations in order.
func migrationFiles() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{n, base, string(body)})
	}
	return out, nil
}

// latestMigration is the number of the last embedded migration.
// LatestSchema is the schema version this planwatch writes.
func LatestSchema() int { return latestMigration() }

func latestMigration() int {
	ms, _ := migrationFiles()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].n
}

// migrate applies the migrations not yet applied, each in its own
// transaction, which first takes the migration lock: a second process
// starting at the same time waits, then finds them applied.
func (db *DB) migrate(ctx context.Context) (err error) {
	ms, err := migrationFiles()
	if err != nil {
		return err
	}
	defer func() {
		// A schema from a newer planwatch is not for this one to write.
		if err == nil {
			var v int
			if v, err = db.SchemaVersion(ctx); err == nil && len(ms) > 0 && v > ms[len(ms)-1].n {
				err = planwatch.Errorf(planwatch.EINVALID, "schema version %d is newer than this planwatch's %d: use a newer planwatch", v, ms[len(ms)-1].n)
			}
		}
	}()
	for _, m := range ms {
		err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migration (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`); err != nil {
				return err
			}
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migration WHERE version = $1)`, m.n).Scan(&done); err != nil || done {
				return err
			}
			// No arguments: the simple protocol, which runs several
			// statements at once.
			if _, err := tx.Exec(ctx, m.body); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migration (version, applied_at) VALUES ($1, now())`, m.n)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// maxAttempts bounds how often transact runs a transaction that keeps
// failing with a serialization failure or a deadlock.
const maxAttempts = 5

// transact runs fn in a transaction and commits it. When the transaction
// fails with a serialization failure (40001) or a deadlock (40P01), which
// PostgreSQL resolves by aborting one of the transactions involved, it is
// rolled back and fn runs again, up to maxAttempts times, after a wait that
// doubles each time (with jitter, so that two clients do not collide
// again). fn must therefore do the same on each run.
func (db *DB) transact(ctx context.Context, opts pgx.TxOptions, fn func(pgx.Tx) error) error {
	wait := db.backoff
	for attempt := 1; ; attempt++ {
		err := pgx.BeginTxFunc(ctx, db.pool, opts, fn)
		if err == nil || !retryable(err) || attempt == maxAttempts {
			return err
		}
		t := time.NewTimer(wait/2 + rand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait *= 2
	}
}

// retryable reports whether err is a failure that running the transaction
// again may avoid.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// Update runs fn in one write transaction, after the writers before it.
// fn may run more than once: when PostgreSQL aborts the transaction to
// resolve a serialization failure or a deadlock, everything fn wrote is
// rolled back and fn runs again (planwatch.Apply allows this).
func (db *DB) Update(ctx context.Context, fn func(planwatch.Tx) error) error {
	err := db.transact(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(ptx pgx.Tx) error {
		if _, err := ptx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
			return err
		}
		t := newTx(ptx, db.now(), planwatch.ActorOf(ctx))
		if err := fn(t); err != nil {
			return err
		}
		return t.flush(ctx) // the figures still held
	})
	return mapErr(err)
}

// storeError is a driver error given the domain's code; the driver's error
// stays inside for errors.As, and for transact to see what failed.
type storeError struct {
	domain *planwatch.Error
	cause  error
}

func (e *storeError) Error() string   { return e.domain.Message }
func (e *storeError) Unwrap() []error { return []error{e.domain, e.cause} }

// mapErr gives driver errors the domain's codes, so that nothing above the
// store needs the driver: a duplicate is a conflict, a reference to
// something not stored or a value the column cannot hold is invalid, and a
// transaction that still failed after its retries is a conflict to try
// again later.
func mapErr(err error) error {
	var pe *pgconn.PgError
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	var se *storeError
	if errors.As(err, &se) {
		return err
	}
	var code, what string
	switch {
	case pe.Code == "23505":
		code, what = planwatch.ECONFLICT, "already stored"
	case pe.Code == "23503":
		code, what = planwatch.EINVALID, "refers to something not stored"
	case pe.Code == "23502", pe.Code == "23514", strings.HasPrefix(pe.Code, "22"):
		code, what = planwatch.EINVALID, "not a value the store can hold"
	case pe.Code == "3D000":
		code, what = planwatch.ENOTFOUND, "no such database on the server (create it, for instance with createdb, then run planwatch init with this --db)"
	case pe.Code == "25006":
		code, what = planwatch.EINVALID, "the store is open for reading only"
	case pe.Code == "40001", pe.Code == "40P01":
		code, what = planwatch.ECONFLICT, "another transaction changed the same data at the same time; try again"
	default:
		return err
	}
	return &storeError{domain: planwatch.Errorf(code, "%s: %v", what, err), cause: err}
}

// DataVersion changes whenever anything is written: the web server reloads
// its snapshot when it moves.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.pool.QueryRow(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM revision) * 1000003
		+ (SELECT coalesce(max(id), 0) FROM change_log) * 1009 + (SELECT count(*) FROM unit) + (SELECT count(*) FROM target)
		+ (SELECT count(*) FROM plan) + (SELECT count(*) FROM lineage) + (SELECT count(*) FROM group_member) + (SELECT count(*) FROM indicator)
		+ (SELECT count(*) FROM document) + (SELECT count(*) FROM dimension_code)`).Scan(&v)
	return v, mapErr(err)
}

// Version connects to the database at url, writing nothing, and returns
// its schema version: 0 when it holds no planwatch tables. Restore uses it
// to tell an empty database from one it would replace.
func Version(ctx context.Context, url string) (int, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return 0, planwatch.Errorf(planwatch.EINVALID, "%v", err)
	}
	cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", redacted(cfg), mapErr(err))
	}
	defer pool.Close()
	db := &DB{pool: pool, reader: reader{q: pool}}
	if err := db.hasTables(ctx); planwatch.ErrorCode(err) == planwatch.ENOTFOUND {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("%s: %w", redacted(cfg), mapErr(err))
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", redacted(cfg), err)
	}
	return v, nil
}
