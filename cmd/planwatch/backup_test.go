package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"planwatch"
	"planwatch/exchange"
	"planwatch/period"
	"planwatch/sqlite"
	"planwatch/web"
)

// exportAll is the canonical export of every kind, one after another.
func exportAll(t *testing.T, s planwatch.Reader) string {
	t.Helper()
	var b bytes.Buffer
	for _, l := range exchange.Layouts {
		fmt.Fprintf(&b, "== %s\n", l.Kind)
		if err := exchange.Export(context.Background(), s, l.Kind, exchange.Filter{}, &b); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// 20 backups taken while imports commit one after another and a server
// answers requests in a loop: each passes SQLite's integrity check and
// restores to a database whose export is the export at one of the commits.
func TestBackupsWhileImportingAndServing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	mustPW(t, "init", "--db", db, "--demo")

	served, err := sqlite.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	s, err := web.New(served, slog.New(slog.NewTextHandler(io.Discard, nil)), "24")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	// The state after each commit, the first being the demo.
	var mu sync.Mutex
	states := map[string]int{exportAll(t, served): 0}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var requests atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		paths := []string{"/u/24", "/api/v1/facts?unit=24&period=2025", "/u/24/i/EXPORTS", "/api/v1/observations?unit=24", "/healthz"}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := http.Get(srv.URL + paths[i%len(paths)])
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("GET %s: %s", paths[i%len(paths)], resp.Status)
			}
			requests.Add(1)
		}
	}()

	const imports = 30
	imported := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(imported)
		w, err := sqlite.OpenExisting(ctx, db)
		if err != nil {
			t.Error(err)
			return
		}
		defer w.Close()
		for i := 1; i <= imports; i++ {
			// Each import revises a figure of every province and adds a
			// unit, in one commit.
			b := &planwatch.Batch{Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: fmt.Sprintf("X%02d", i), NameVI: fmt.Sprintf("Khu %d", i), Level: planwatch.LevelOther}}}}
			for p := 1; p <= 96; p++ {
				b.Observations = append(b.Observations, planwatch.ObservationRecord{Unit: fmt.Sprintf("%02d", p), Observation: planwatch.Observation{
					Indicator: "POP", Period: period.Year(2020), Value: float64(1000*i + p), Status: "E", Source: fmt.Sprintf("revision %d", i)}})
			}
			b.Observations = keepKnown(t, served, b.Observations)
			if _, err := planwatch.Apply(ctx, w, b, planwatch.ApplyOptions{RecordedBy: "test"}); err != nil {
				t.Error(err)
				return
			}
			state := exportAll(t, w)
			mu.Lock()
			states[state] = i
			mu.Unlock()
		}
	}()

	var backups []string
	for n := 1; n <= 20; n++ {
		out := filepath.Join(dir, fmt.Sprintf("backup%02d.db", n))
		mustPW(t, "backup", "--db", db, "--out", out)
		backups = append(backups, out)
	}
	<-imported
	close(stop)
	wg.Wait()

	seen := map[int]bool{}
	for _, b := range backups {
		raw, err := sql.Open("sqlite", "file:"+b+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		var check string
		if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Errorf("%s: integrity check %q, %v", filepath.Base(b), check, err)
		}
		raw.Close()
		restored := strings.TrimSuffix(b, ".db") + "-restored.db"
		mustPW(t, "restore", "--db", restored, b)
		r, err := sqlite.OpenReadOnly(ctx, restored)
		if err != nil {
			t.Fatal(err)
		}
		state := exportAll(t, r)
		r.Close()
		mu.Lock()
		i, ok := states[state]
		mu.Unlock()
		if !ok {
			t.Errorf("%s restores to an export that no commit had", filepath.Base(b))
		}
		seen[i] = true
	}
	t.Logf("%d backups saw %d of the %d states; %d requests answered meanwhile", len(backups), len(seen), imports+1, requests.Load())
	if requests.Load() == 0 {
		t.Error("no request was answered while the backups ran")
	}
}

// keepKnown keeps the figures of units the store has at their period.
func keepKnown(t *testing.T, s planwatch.Reader, obs []planwatch.ObservationRecord) []planwatch.ObservationRecord {
	t.Helper()
	units, err := s.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	x := planwatch.NewUnitIndex(units)
	var out []planwatch.ObservationRecord
	for _, o := range obs {
		if _, err := x.Resolve(o.Unit, planwatch.PeriodSpan(o.Observation.Period)); err == nil {
			out = append(out, o)
		}
	}
	return out
}

// backup refuses to overwrite a file unless --force; restore checks its
// file and refuses to replace a database unless --force.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "p.db"), filepath.Join(dir, "copy.db")
	mustPW(t, "init", "--db", db, "--demo")
	if got := mustPW(t, "backup", "--db", db, "--out", out); !strings.Contains(got, "copy.db: backup of "+db) {
		t.Errorf("backup said %s", got)
	}
	if _, errs, code := pw(t, "backup", "--db", db, "--out", out); code != 1 || !strings.Contains(errs, "copy.db exists: give --force to replace it") {
		t.Errorf("backup over a file: exit %d\n%s", code, errs)
	}
	mustPW(t, "backup", "--db", db, "--out", out, "--force")
	if _, errs, code := pw(t, "restore", "--db", db, out); code != 1 || !strings.Contains(errs, "p.db exists: give --force to replace it") {
		t.Errorf("restore over a database: exit %d\n%s", code, errs)
	}
	if got := mustPW(t, "restore", "--db", db, "--force", out); !strings.Contains(got, "restored from "+out) {
		t.Errorf("restore said %s", got)
	}
	os.WriteFile(filepath.Join(dir, "x.csv"), []byte("code,name_vi\n"), 0o644)
	if _, errs, code := pw(t, "restore", "--db", filepath.Join(dir, "new.db"), filepath.Join(dir, "x.csv")); code != 1 || !strings.Contains(errs, "x.csv is not a database") {
		t.Errorf("restore of a CSV file: exit %d\n%s", code, errs)
	}
	if _, errs, code := pw(t, "backup", "--db", db); code != 2 || !strings.Contains(errs, "--out") {
		t.Errorf("backup without --out: exit %d\n%s", code, errs)
	}
	// A PostgreSQL --db goes to pg_dump and pg_restore (pgdump_test.go):
	// with no server on port 1, or no client programs, it fails saying which.
	pg := "postgres://planwatch:s3cret@127.0.0.1:1/planwatch"
	if _, errs, code := pw(t, "backup", "--db", pg, "--out", filepath.Join(dir, "pg.dump")); code != 1 || !strings.Contains(errs, "pg_dump") || strings.Contains(errs, "s3cret") {
		t.Errorf("backup of an unreachable PostgreSQL database: exit %d\n%s", code, errs)
	}
	if _, errs, code := pw(t, "restore", "--db", pg, out); code != 1 || !strings.Contains(errs, "copy.db is not a pg_dump archive") && !strings.Contains(errs, "postgresql-client") {
		t.Errorf("restore of a SQLite file into PostgreSQL: exit %d\n%s", code, errs)
	}
}
