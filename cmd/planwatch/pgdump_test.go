package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch"
	"planwatch/postgres"
	"planwatch/postgres/pgtest"
)

// A PostgreSQL store holding the demo and a second version of a figure is
// backed up by pg_dump and restored by pg_restore into a new database: the
// export of every kind, the change log and the figure's versions are the
// original's. A second backup onto the file, and a restore into a database
// holding planwatch's tables, are refused without --force; a file that is
// no dump is refused, named. The password is in no output and not on
// pg_dump's command line, only in its environment.
func TestPostgresBackupRestore(t *testing.T) {
	dir := t.TempDir()
	src, pass := withPassword(t, pgtest.Database(t))
	dst, _ := withPassword(t, pgtest.Database(t))
	if _, err := pgProgram("pg_restore"); err != nil {
		t.Fatalf("a PostgreSQL server without its client programs: %v", err)
	}
	var said []string
	say := func(out, errs string) { said = append(said, out, errs) }
	must := func(args ...string) string {
		t.Helper()
		out := mustPW(t, args...)
		say(out, "")
		return out
	}
	must("init", "--db", src, "--demo")
	revised := filepath.Join(dir, "observations.csv")
	os.WriteFile(revised, []byte("unit,indicator,period,value,dims,status,source\n24,EXPORTS,2025,95.5,,A,Customs (final)\n"), 0o644)
	must("import", "--db", src, revised)

	// pg_dump is run through a script that writes down its arguments and
	// the password it was given.
	real, err := pgProgram("pg_dump")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	os.WriteFile(filepath.Join(bin, "pg_dump"), []byte(fmt.Sprintf("#!/bin/sh\necho \"$@\" > %s/args\necho \"$PGPASSWORD\" > %s/env\nexec %s \"$@\"\n", dir, dir, real)), 0o755)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	dump := filepath.Join(dir, "planwatch.dump")
	out := must("backup", "--db", src, "--out", dump)
	t.Logf("%s", out)
	if !strings.HasPrefix(out, dump+": pg_dump backup of postgres://planwatch@") || !strings.Contains(out, "KiB") {
		t.Errorf("backup said %s", out)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	env, _ := os.ReadFile(filepath.Join(dir, "env"))
	if !strings.Contains(string(args), "--format=custom --no-owner --no-privileges") || strings.Contains(string(args), pass) {
		t.Errorf("pg_dump's arguments: %s", args)
	}
	if strings.TrimSpace(string(env)) != pass {
		t.Errorf("pg_dump's PGPASSWORD is %q", env)
	}
	if leftover, _ := filepath.Glob(filepath.Join(dir, ".planwatch.dump.tmp*")); len(leftover) > 0 {
		t.Errorf("temporary files left: %v", leftover)
	}
	o, errs, code := pw(t, "backup", "--db", src, "--out", dump)
	say(o, errs)
	if code != 1 || !strings.Contains(errs, "planwatch.dump exists: give --force to replace it") {
		t.Errorf("backup over a file: exit %d\n%s", code, errs)
	}
	must("backup", "--db", src, "--out", dump, "--force")

	out = must("restore", "--db", dst, dump)
	if !strings.Contains(out, "restored by pg_restore from "+dump) || !strings.Contains(out, fmt.Sprintf("schema version %d\n", postgres.LatestSchema())) {
		t.Errorf("restore said %s", out)
	}
	same := func(when string) {
		t.Helper()
		a, b := snapshot(t, src), snapshot(t, dst)
		if a != b {
			t.Errorf("%s: the restored database differs:\n%.3000s\n---\n%.3000s", when, a, b)
		}
		if !strings.Contains(a, "Customs (final)") {
			t.Errorf("the revised figure is not in the store:\n%.2000s", a)
		}
	}
	t.Logf("%s", out)
	same("restored into an empty database")

	o, errs, code = pw(t, "restore", "--db", dst, dump)
	say(o, errs)
	if code != 1 || !strings.Contains(errs, "holds planwatch's tables: give --force to replace them") {
		t.Errorf("restore over a database: exit %d\n%s", code, errs)
	}
	// A figure written after the backup is gone once it is restored over.
	later := filepath.Join(dir, "later.csv")
	os.WriteFile(later, []byte("unit,indicator,period,value,dims,status,source\n24,EXPORTS,2025,97,,A,Customs (later)\n"), 0o644)
	must("import", "--db", dst, later)
	must("restore", "--db", dst, "--force", dump)
	same("restored with --force over a changed database")

	csv := filepath.Join(dir, "x.csv")
	os.WriteFile(csv, []byte("code,name_vi\n"), 0o644)
	lite := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", lite)
	for file, want := range map[string]string{csv: "x.csv is not a pg_dump archive", lite: "p.db is not a pg_dump archive", filepath.Join(dir, "none.dump"): "none.dump: no such file"} {
		o, errs, code := pw(t, "restore", "--db", dst, "--force", file)
		say(o, errs)
		if code != 1 || !strings.Contains(errs, want) {
			t.Errorf("restore of %s: exit %d\n%s", filepath.Base(file), code, errs)
		}
		if file == lite && !strings.Contains(errs, "it is a SQLite database") {
			t.Errorf("restore of a SQLite file does not say so:\n%s", errs)
		}
	}
	same("after the refused restores")

	for _, s := range said {
		if strings.Contains(s, pass) {
			t.Errorf("the password was printed:\n%s", s)
		}
	}
}

// snapshot is what a store holds: the export of every kind, the change log
// and every version of each figure of Bac Ninh's exports.
func snapshot(t *testing.T, db string) string {
	t.Helper()
	ctx := context.Background()
	s, err := openStore(ctx, db, readOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b strings.Builder
	b.WriteString(exportAll(t, s))
	log, err := s.ChangeLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "== change log\n%+v\n", log)
	obs, err := s.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"EXPORTS"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range obs {
		h, err := s.History(ctx, o.Key(), o.Period.String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %v %s\n%+v\n", o.Key(), o.Period, h)
	}
	return b.String()
}

func TestSplitURL(t *testing.T) {
	for raw, want := range map[string]pgTarget{
		"postgres://officer:s3cret@db.example:5432/planwatch?sslmode=require&pool_max_conns=20": {"postgres://officer@db.example:5432/planwatch?sslmode=require", "s3cret"},
		"postgres://officer@/planwatch?host=%2Ftmp%2Fpg&password=p%40ss&port=5433":              {"postgres://officer@/planwatch?host=%2Ftmp%2Fpg&port=5433", "p@ss"},
		"postgresql://db.example/planwatch?statement_cache_capacity=0":                          {"postgresql://db.example/planwatch", ""},
	} {
		got, err := splitURL(raw)
		if err != nil || got != want {
			t.Errorf("%s: %+v, %v; want %+v", raw, got, err, want)
		}
	}
}

func TestDumpVersion(t *testing.T) {
	script := "--\n-- PostgreSQL database dump\n--\n\nCOPY public.schema_migration (version, applied_at) FROM stdin;\n1\t2026-01-01 00:00:00+00\n4\t2026-01-02 00:00:00+00\n2\t2026-01-01 00:00:00+00\n\\.\n\n"
	if v, err := dumpVersion(script); err != nil || v != 4 {
		t.Errorf("version %d, %v; want 4", v, err)
	}
	for _, bad := range []string{"", "COPY public.schema_migration (version, applied_at) FROM stdin;\n\\.\n", "COPY public.schema_migration (version) FROM stdin;\nfour\n\\.\n"} {
		if _, err := dumpVersion(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// A dump of an older schema (the migrations but the last, applied by psql)
// is restored and brought up to date by the migrations; one of a newer
// schema than this planwatch's is refused.
func TestPostgresRestoreOlderAndNewer(t *testing.T) {
	dir := t.TempDir()
	old, dst := pgtest.Database(t), pgtest.Database(t)
	psql, err := pgProgram("psql")
	if err != nil {
		t.Fatalf("a PostgreSQL server without its client programs: %v", err)
	}
	sql := func(args ...string) {
		t.Helper()
		if err := (pgTarget{dsn: old}).run(context.Background(), nil, psql, append([]string{"--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--dbname=" + old}, args...)...); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "postgres", "migrations", "*.sql"))
	latest := postgres.LatestSchema()
	if len(files) != latest || latest < 2 {
		t.Fatalf("%d migration files, latest schema %d", len(files), latest)
	}
	sql("-c", `CREATE TABLE schema_migration (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`)
	for i, f := range files[:latest-1] {
		sql("--single-transaction", "-f", f)
		sql("-c", fmt.Sprintf(`INSERT INTO schema_migration VALUES (%d, now())`, i+1))
	}
	dump := filepath.Join(dir, "old.dump")
	mustPW(t, "backup", "--db", old, "--out", dump)
	out := mustPW(t, "restore", "--db", dst, dump)
	if want := fmt.Sprintf("schema version %d (the dump's %d, brought up to date)", latest, latest-1); !strings.Contains(out, want) {
		t.Errorf("restore said %s, not %q", out, want)
	}
	if v, err := postgres.Version(context.Background(), dst); err != nil || v != latest {
		t.Errorf("restored database: version %d, %v", v, err)
	}
	mustPW(t, "export", "--db", dst, "--kind", "units")

	sql("-c", fmt.Sprintf(`INSERT INTO schema_migration VALUES (%d, now())`, latest+1))
	newer := filepath.Join(dir, "newer.dump")
	mustPW(t, "backup", "--db", old, "--out", newer)
	if _, errs, code := pw(t, "restore", "--db", pgtest.Database(t), newer); code != 1 || !strings.Contains(errs, fmt.Sprintf("newer.dump: schema version %d is newer than this planwatch's %d", latest+1, latest)) {
		t.Errorf("restore of a newer dump: exit %d\n%s", code, errs)
	}
}
