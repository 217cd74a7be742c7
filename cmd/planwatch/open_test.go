package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"planwatch/sqlite"
)

// readers are the commands that only read, with the flags they need.
var readers = [][]string{
	{"export", "--kind", "units"},
	{"export", "--kind", "observations"},
	{"show", "--unit", "24", "--period", "2025"},
	{"facts", "--unit", "24", "--period", "2025"},
	{"assess"},
	{"units"},
}

// No command creates a database unless asked: a mistyped --db is an error
// that says to run init, and leaves no file behind.
func TestNoDatabaseCreatedUnlessAsked(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	obs := filepath.Join(dir, "obs.csv")
	os.WriteFile(obs, []byte("unit,indicator,period,value\n24,GRDP,2025,1\n"), 0o644)
	cmds := append([][]string{{"import", obs}, {"serve", "--addr", "127.0.0.1:0"}, {"backup", "--out", filepath.Join(dir, "b.db")}}, readers...)
	for _, args := range cmds {
		_, errs, code := pw(t, append([]string{args[0], "--db", typo}, args[1:]...)...)
		if code != 1 || !strings.Contains(errs, "typo.db: no such database (run planwatch init --db "+typo) {
			t.Errorf("%s --db typo.db: exit %d\n%s", args[0], code, errs)
		}
		if _, err := os.Stat(typo); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%s --db typo.db left a file", args[0])
		}
	}
	// $PLANWATCH_DB names a database as --db does.
	t.Setenv("PLANWATCH_DB", typo)
	if _, errs, code := pw(t, "serve", "--addr", "127.0.0.1:0"); code != 1 || !strings.Contains(errs, "no such database") {
		t.Errorf("serve with $PLANWATCH_DB=typo.db: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(typo); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("serve with $PLANWATCH_DB left a file")
	}
	// init creates it.
	mustPW(t, "init", "--db", typo)
	if _, err := os.Stat(typo); err != nil {
		t.Errorf("init did not create the database: %v", err)
	}
}

// serveOnce runs serve until it listens, then stops it as Ctrl-C would.
func serveOnce(t *testing.T, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := &syncBuffer{}, &syncBuffer{}
	done := make(chan int)
	go func() { done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), out, errb) }()
	for !strings.Contains(out.String(), "serving") {
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited %d before listening:\n%s%s", code, out, errb)
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, errb)
	}
	return out.String(), errb.String()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// serve with neither --db nor $PLANWATCH_DB creates planwatch.db in the
// current folder with the demo, the first time, and serves it as it is
// afterwards.
func TestServeCreatesTheDemo(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("PLANWATCH_DB", "")
	out, _ := serveOnce(t)
	if !strings.Contains(out, "planwatch.db is new: loaded the demo") {
		t.Errorf("first serve said:\n%s", out)
	}
	if !strings.Contains(mustPW(t, "units", "--search", "bac ninh"), "Bắc Ninh") {
		t.Error("no demo in planwatch.db")
	}
	out, _ = serveOnce(t)
	if strings.Contains(out, "loaded the demo") {
		t.Errorf("second serve loaded the demo again:\n%s", out)
	}
	// An existing database without units is served as it is, with a word
	// on how to fill it.
	mustPW(t, "init", "--db", "empty.db")
	_, errs := serveOnce(t, "--db", "empty.db")
	if !strings.Contains(errs, "empty.db holds no units: import some") {
		t.Errorf("serving an empty database said:\n%s", errs)
	}
}

// holdWriteLock starts a write transaction on the database that has
// written a row and waits; release rolls it back.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	ctx := context.Background()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`BEGIN IMMEDIATE`, `INSERT INTO unit (code, name_vi, level) VALUES ('LOCK', 'khóa', 'province')`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		conn.ExecContext(ctx, `ROLLBACK`)
		conn.Close()
		raw.Close()
	}
}

// Readers never write: every reading command succeeds while an import (or
// anything else) holds the write lock in an open transaction.
func TestReadersWhileWriteLockHeld(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	release := holdWriteLock(t, db)
	defer release()
	for _, args := range readers {
		out := mustPW(t, append([]string{args[0], "--db", db}, args[1:]...)...)
		if len(out) < 100 || strings.Contains(out, "LOCK") {
			t.Errorf("%s printed:\n%.300s", args[0], out)
		}
	}
	// A backup holds what was committed.
	b := filepath.Join(filepath.Dir(db), "b.db")
	mustPW(t, "backup", "--db", db, "--out", b)
	if out := mustPW(t, "units", "--db", b, "--format", "csv"); !strings.Contains(out, "Bắc Ninh") || strings.Contains(out, "LOCK") {
		t.Errorf("the backup holds:\n%.300s", out)
	}
}

// A reader of a database of an older schema says which command upgrades
// it and leaves it as it is; init upgrades it.
func TestReaderOfOlderSchema(t *testing.T) {
	db := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(filepath.Join("..", "..", "sqlite", "migrations", "001_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`, string(first), `INSERT INTO schema_migration VALUES (1, '2026-01-01T00:00:00Z')`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	want := fmt.Sprintf("schema version 1 is older than this planwatch's %d: run planwatch init --db %s to upgrade it", sqlite.LatestSchema(), db)
	for _, args := range append(readers, []string{"serve", "--addr", "127.0.0.1:0"}) {
		_, errs, code := pw(t, append([]string{args[0], "--db", db}, args[1:]...)...)
		if code != 1 || !strings.Contains(errs, want) {
			t.Errorf("%s on schema 1: exit %d\n%s", args[0], code, errs)
		}
	}
	if out := mustPW(t, "init", "--db", db); !strings.Contains(out, fmt.Sprintf("schema version %d", sqlite.LatestSchema())) {
		t.Errorf("init said %s", out)
	}
	mustPW(t, "units", "--db", db)
}

// A period out of range in a file says which years a period may have.
func TestImportYearOutOfRange(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	f := filepath.Join(dir, "observations.csv")
	os.WriteFile(f, []byte("unit,indicator,period,value\n24,GRDP,9999-12,1\n"), 0o644)
	_, errs, code := pw(t, "import", "--db", db, f)
	if want := `observations.csv line 2, column period: "9999-12" is not a period: the year 9999 is outside 1800-2200`; code != 1 || !strings.Contains(errs, want) {
		t.Errorf("exit %d, want %q in\n%s", code, want, errs)
	}
}
