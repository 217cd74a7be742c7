package sqlite_test

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch"
	"planwatch/sqlite"
)

func count(t *testing.T, path, q string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func newDB(t *testing.T, path string, provinces int) {
	t.Helper()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, db, world(provinces))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// A backup is a checked copy that never replaces a file unless forced;
// a restore checks the backup, refuses to replace a database unless
// forced or while it is open, and leaves no stale log behind.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	src, bak, dst := filepath.Join(dir, "src.db"), filepath.Join(dir, "bak.db"), filepath.Join(dir, "dst.db")
	newDB(t, src, 3)
	db, err := sqlite.OpenReadOnly(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, bak, false); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if n := count(t, bak, `SELECT count(*) FROM unit`); n != 4 {
		t.Errorf("backup holds %d units", n)
	}
	// Not over an existing file, unless forced.
	newDB(t, dst, 1)
	if err := sqlite.Copy(ctx, src, dst, false); planwatch.ErrorCode(err) != planwatch.ECONFLICT || !strings.Contains(err.Error(), "dst.db exists: give --force to replace it") {
		t.Errorf("backup over a file: %v", err)
	}
	if _, err := sqlite.Restore(ctx, bak, dst, false); planwatch.ErrorCode(err) != planwatch.ECONFLICT {
		t.Errorf("restore over a database: %v", err)
	}
	if n := count(t, dst, `SELECT count(*) FROM unit`); n != 2 {
		t.Errorf("the refused restore changed dst: %d units", n)
	}
	// Not while the database is open, here or in another process.
	open, err := sqlite.OpenReadOnly(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := open.Units(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Restore(ctx, bak, dst, true); planwatch.ErrorCode(err) != planwatch.ECONFLICT || !strings.Contains(err.Error(), "is in use") {
		t.Errorf("restore over an open database: %v", err)
	}
	open.Close()
	// A stale log and shared memory beside dst would be read as the
	// restored database's.
	os.WriteFile(dst+"-wal", []byte("stale"), 0o644)
	os.WriteFile(dst+"-shm", []byte("stale"), 0o644)
	v, err := sqlite.Restore(ctx, bak, dst, true)
	if err != nil || v != sqlite.LatestSchema() {
		t.Fatalf("restore: %d, %v", v, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if b, err := os.ReadFile(dst + suffix); err == nil && string(b) == "stale" {
			t.Errorf("the stale %s is still there", suffix)
		}
	}
	if n := count(t, dst, `SELECT count(*) FROM unit`); n != 4 {
		t.Errorf("restored %d units, want 4", n)
	}
	if mode := count(t, dst, `SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'`); mode != 1 {
		t.Error("the restored database is not in WAL mode")
	}
	// Nothing is left beside it.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if _, err := sqlite.Restore(ctx, dst, dst, true); err == nil {
		t.Error("restored a database onto itself")
	}
}

// A restore refuses what is not a sound planwatch database of a schema
// this planwatch knows, and brings an older one up to date.
func TestRestoreChecks(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "dst.db")
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 500)), 0o644)
	other := filepath.Join(dir, "other.db")
	raw, _ := sql.Open("sqlite", "file:"+other)
	raw.Exec(`CREATE TABLE t (x)`)
	raw.Close()
	newer := filepath.Join(dir, "newer.db")
	newDB(t, newer, 1)
	raw, _ = sql.Open("sqlite", "file:"+newer)
	raw.Exec(`INSERT INTO schema_migration VALUES (99, '2030-01-01T00:00:00Z')`)
	raw.Close()
	corrupt := filepath.Join(dir, "corrupt.db")
	newDB(t, corrupt, 300)
	spoilPage(t, corrupt)

	for name, want := range map[string]string{
		text:                        "notes.txt is not a database",
		other:                       "other.db is not a planwatch database",
		newer:                       "schema version 99 is newer than this planwatch's",
		corrupt:                     "corrupt.db fails SQLite's integrity check",
		filepath.Join(dir, "no.db"): "no.db: no such database",
	} {
		if _, err := sqlite.Restore(ctx, name, dst, false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("restore %s: %v, want %q", filepath.Base(name), err, want)
		}
		if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("restore of %s left %s", filepath.Base(name), dst)
		}
	}
	old := filepath.Join(dir, "old.db")
	v1(t, old)
	if v, err := sqlite.Restore(ctx, old, dst, false); err != nil || v != sqlite.LatestSchema() {
		t.Errorf("restore of schema 1: version %d, %v", v, err)
	}
	if v := schemaOf(t, old); v != 1 {
		t.Errorf("the restore migrated the backup itself to %d", v)
	}
}

// spoilPage overwrites the header of the observation table's first page,
// so that the file still opens but fails the integrity check.
func spoilPage(t *testing.T, path string) {
	t.Helper()
	root := count(t, path, `SELECT rootpage FROM sqlite_schema WHERE name = 'observation'`)
	pageSize := count(t, path, `PRAGMA page_size`)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\x07", 12)), int64((root-1)*pageSize)); err != nil {
		t.Fatal(err)
	}
}
