package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/sqlite"
)

var ctx = context.Background()

// v1 writes a database as the first schema left it.
func v1(t *testing.T, path string) {
	t.Helper()
	first, err := os.ReadFile("migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`, string(first),
		`INSERT INTO schema_migration VALUES (1, '2026-01-01T00:00:00Z')`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func schemaOf(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow(`SELECT max(version) FROM schema_migration`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Only Open creates a file; OpenExisting and OpenReadOnly say what to run.
func TestOpenMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.db")
	for name, open := range map[string]func(context.Context, string) (*sqlite.DB, error){"OpenExisting": sqlite.OpenExisting, "OpenReadOnly": sqlite.OpenReadOnly} {
		_, err := open(ctx, path)
		if planwatch.ErrorCode(err) != planwatch.ENOTFOUND || !strings.Contains(err.Error(), "typo.db: no such database (run planwatch init --db ") {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left a file behind: %v", name, err)
		}
	}
}

// A reader checks the schema and changes nothing: an older one is left as
// it is, with the command that upgrades it; a newer one, a file that is
// not a database, or a database that is not planwatch's are named.
func TestOpenReadOnlySchema(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	v1(t, old)
	latest := sqlite.LatestSchema()
	_, err := sqlite.OpenReadOnly(ctx, old)
	want := fmt.Sprintf("old.db: schema version 1 is older than this planwatch's %d: run planwatch init --db %s to upgrade it", latest, old)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("older schema: %v, want %q", err, want)
	}
	if v := schemaOf(t, old); v != 1 {
		t.Errorf("a reader migrated the file to %d", v)
	}
	// OpenExisting upgrades it.
	db, err := sqlite.OpenExisting(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if v := schemaOf(t, old); v != latest {
		t.Errorf("schema %d after OpenExisting, want %d", v, latest)
	}
	raw, _ := sql.Open("sqlite", "file:"+old)
	raw.Exec(`INSERT INTO schema_migration VALUES (99, '2030-01-01T00:00:00Z')`)
	raw.Close()
	for name, open := range map[string]func(context.Context, string) (*sqlite.DB, error){"OpenReadOnly": sqlite.OpenReadOnly, "OpenExisting": sqlite.OpenExisting, "Open": sqlite.Open} {
		if _, err := open(ctx, old); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("schema version 99 is newer than this planwatch's %d: use a newer planwatch", latest)) {
			t.Errorf("%s of a newer schema: %v", name, err)
		}
	}

	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 300)), 0o644)
	if _, err := sqlite.OpenReadOnly(ctx, text); err == nil || !strings.Contains(err.Error(), "notes.txt is not a database") {
		t.Errorf("a text file: %v", err)
	}
	other := filepath.Join(dir, "other.db")
	raw, _ = sql.Open("sqlite", "file:"+other)
	raw.Exec(`CREATE TABLE t (x)`)
	raw.Close()
	if _, err := sqlite.OpenReadOnly(ctx, other); err == nil || !strings.Contains(err.Error(), "other.db is not a planwatch database") {
		t.Errorf("another program's database: %v", err)
	}
}

// holdWriteLock starts a write transaction on path that has written a row
// and is not committed; release rolls it back.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO unit (code, name_vi, level) VALUES ('LOCK', 'khóa', 'province')`); err != nil {
		t.Fatal(err)
	}
	return func() {
		conn.ExecContext(ctx, `ROLLBACK`)
		conn.Close()
		raw.Close()
	}
}

// A reader opens and reads while another connection holds the write lock
// in an open transaction, and sees what was committed; it cannot write.
func TestReadOnlyWhileWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, db, world(3))
	db.Close()
	release := holdWriteLock(t, path)
	defer release()
	ro, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	units, err := ro.Units(ctx)
	if err != nil || len(units) != 4 {
		t.Errorf("%d units, %v; want the 4 committed", len(units), err)
	}
	if obs, err := ro.Observations(ctx, planwatch.ObservationFilter{}); err != nil || len(obs) != 9 {
		t.Errorf("%d figures, %v", len(obs), err)
	}
	if _, err := ro.DataVersion(ctx); err != nil {
		t.Error(err)
	}
	if err := ro.Update(ctx, func(planwatch.Tx) error { return nil }); planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("Update on a read-only store: %v", err)
	}
	if err := ro.Checkpoint(ctx, false); err != nil {
		t.Errorf("checkpoint: %v", err)
	}
}

// world is a nation with three provinces, a figure each for three years.
func world(provinces int) *planwatch.Batch {
	b := &planwatch.Batch{
		Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: "VN", NameVI: "Việt Nam", Level: planwatch.LevelNation}}},
		Indicators: []planwatch.IndicatorRecord{{Indicator: planwatch.Indicator{Code: "POP", NameVI: "Dân số", MeasureUnit: "nghìn người",
			Type: planwatch.TypeStock, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirNone}}},
	}
	for p := 1; p <= provinces; p++ {
		code := fmt.Sprintf("%02d", p)
		b.Units = append(b.Units, planwatch.UnitRecord{Unit: planwatch.Unit{Code: code, NameVI: "Tỉnh " + code, Level: planwatch.LevelProvince}, Parent: "VN"})
		for y := 2022; y <= 2024; y++ {
			b.Observations = append(b.Observations, planwatch.ObservationRecord{Unit: code, Observation: planwatch.Observation{Indicator: "POP", Period: period.Year(y), Value: float64(p*1000 + y), Status: "A"}})
		}
	}
	return b
}

func mustApply(t *testing.T, s planwatch.Store, b *planwatch.Batch) {
	t.Helper()
	if _, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
}

func walSize(path string) int64 {
	st, err := os.Stat(path + "-wal")
	if err != nil {
		return 0
	}
	return st.Size()
}

// The write-ahead log does not keep what large imports wrote: it is
// checkpointed after a large write, cut back to its limit, and emptied on
// Close, also when a reader kept it busy while the import ran.
func TestWALCheckpointed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	big := world(400) // 1,200 figures
	big.Observations = nil
	for p := 1; p <= 400; p++ {
		for m := 1; m <= 12; m++ {
			for y := 2000; y < 2010; y++ {
				pm, _ := period.New(period.Monthly, y, m)
				big.Observations = append(big.Observations, planwatch.ObservationRecord{Unit: fmt.Sprintf("%02d", p),
					Observation: planwatch.Observation{Indicator: "POP", Period: pm, Value: float64(p + m + y), Status: "A", Note: fmt.Sprintf("%d %s", p*m*y, strings.Repeat("ghi chú ", 20))}})
			}
		}
	}
	// A reader in the middle of a read transaction keeps the log from
	// being reset while the import writes 48,000 figures.
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rtx, err := raw.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rtx.QueryRow(`SELECT count(*) FROM unit`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	mustApply(t, db, big)
	during := walSize(path)
	rtx.Rollback()
	mustApply(t, db, world(1))
	after := walSize(path)
	if during <= 4<<20 || after > 4<<20 {
		t.Errorf("log %d bytes while a reader held it, %d after the next write; want more than 4 MiB, then at most 4 MiB", during, after)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if n := walSize(path); n != 0 {
		t.Errorf("log %d bytes after Close", n)
	}
	// Everything is in the database file.
	db, err = sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if obs, err := db.Observations(ctx, planwatch.ObservationFilter{}); err != nil || len(obs) != 48000+3 {
		t.Errorf("%d figures after the checkpoint, %v", len(obs), err)
	}
}

// A file name with what URIs read otherwise (# ? %) names that file, not
// one cut short at the #: every test's fuzz inputs once shared one
// database outside their folders.
func TestOpenNameWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#b?c%d e")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report #3?.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, db, world(2))
	db.Close()
	backup := filepath.Join(dir, "copy #1.db")
	if err := sqlite.Copy(ctx, path, backup, false); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(dir, "back?.db")
	if _, err := sqlite.Restore(ctx, backup, restored, false); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, backup, restored} {
		ro, err := sqlite.OpenReadOnly(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if units, err := ro.Units(ctx); err != nil || len(units) != 3 {
			t.Errorf("%s: %d units, %v", filepath.Base(p), len(units), err)
		}
		ro.Close()
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("files beside the folder: %v", entries)
	}
}
