// Package teststore gives tests an empty store of the kind
// $PLANWATCH_TEST_STORE names: a SQLite file in the test's temporary folder
// (the default, or "sqlite"), or a throwaway PostgreSQL database
// ("postgres", from package pgtest: skipped when no server can be had,
// failed under PLANWATCH_REQUIRE_POSTGRES=1). The tests of the packages
// above the stores (review, web, cmd) open their stores through it, so
// that .ci/run runs them a second time on PostgreSQL.
//
// A package that uses it calls Main from its TestMain:
//
//	func TestMain(m *testing.M) { teststore.Main(m) }
package teststore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"planwatch"
	"planwatch/postgres"
	"planwatch/postgres/pgtest"
	"planwatch/sqlite"
)

// Env names the store the tests use: sqlite (the default) or postgres.
const Env = "PLANWATCH_TEST_STORE"

// Store is what tests need of a store of either kind.
type Store interface {
	planwatch.Store
	DataVersion(ctx context.Context) (int64, error)
	SchemaVersion(ctx context.Context) (int, error)
	SetClock(now func() time.Time)
}

var (
	_ Store = (*sqlite.DB)(nil)
	_ Store = (*postgres.DB)(nil)
)

// Postgres reports whether the tests run on PostgreSQL.
func Postgres() bool {
	return os.Getenv(Env) == "postgres"
}

// Main runs the package's tests and stops the PostgreSQL server, if one
// was started. m is the package's *testing.M, or a wrapper of it that
// does more around its Run.
func Main(m interface{ Run() int }) {
	switch v := os.Getenv(Env); v {
	case "", "sqlite", "postgres":
	default:
		fmt.Fprintf(os.Stderr, "%s=%q: use sqlite or postgres\n", Env, v)
		os.Exit(2)
	}
	pgtest.Main(m)
}

// New returns an empty store with planwatch's tables, closed (and for
// PostgreSQL dropped) when t ends.
func New(t testing.TB) Store {
	t.Helper()
	ctx := context.Background()
	var s Store
	var err error
	if Postgres() {
		s, err = postgres.Open(ctx, pgtest.Database(t))
	} else {
		s, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// DB returns what a command's --db names for a new store of the kind the
// tests use: a file name in dir that does not exist yet, or the URL of an
// empty PostgreSQL database (init makes its tables).
func DB(t testing.TB, dir, name string) string {
	t.Helper()
	if Postgres() {
		return pgtest.Database(t)
	}
	return filepath.Join(dir, name)
}
