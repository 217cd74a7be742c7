package main

// Backup and restore of a PostgreSQL store, through PostgreSQL's own
// pg_dump and pg_restore.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/postgres"
)

// pgInstall says where pg_dump and pg_restore come from.
const pgInstall = "install PostgreSQL's client programs (apt-get install postgresql-client), of the server's version or newer"

// pgTables are tables every planwatch database has since its first
// schema: a dump that lists them all is planwatch's.
var pgTables = []string{"schema_migration", "unit", "indicator", "series", "observation", "change_log"}

// pgProgram finds pg_dump or pg_restore: on PATH, or else in Debian's
// /usr/lib/postgresql/VERSION/bin, the highest version.
func pgProgram(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	major := func(d string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(d)), 64)
		return v
	}
	sort.Slice(dirs, func(i, j int) bool { return major(dirs[i]) > major(dirs[j]) })
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", planwatch.Errorf(planwatch.EINVALID, "%s not found on PATH nor in /usr/lib/postgresql/*/bin: %s", name, pgInstall)
}

// pgTarget is a database URL split for the client programs: the URL
// without its password (on their command line), and the password (in
// their environment, as PGPASSWORD).
type pgTarget struct {
	dsn      string
	password string
}

// pgxOnly are URL parameters that pgx understands and libpq refuses.
var pgxOnly = map[string]bool{"statement_cache_capacity": true, "description_cache_capacity": true, "default_query_exec_mode": true}

func splitURL(raw string) (pgTarget, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return pgTarget{}, planwatch.Errorf(planwatch.EINVALID, "the PostgreSQL URL does not parse: postgres://USER:PASSWORD@HOST:PORT/DB")
	}
	var t pgTarget
	if u.User != nil {
		if p, ok := u.User.Password(); ok {
			t.password = p
			u.User = url.User(u.User.Username())
		}
	}
	q := u.Query()
	if p := q.Get("password"); p != "" && t.password == "" {
		t.password = p
	}
	for k := range q {
		if k == "password" || strings.HasPrefix(k, "pool_") || pgxOnly[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	t.dsn = u.String()
	return t, nil
}

// run runs a client program against the database, its password only in
// the child's environment, and returns its standard output; a failure
// carries what it wrote to standard error (never the password).
func (t pgTarget) run(ctx context.Context, stdout io.Writer, prog string, args ...string) error {
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = os.Environ()
	if t.password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+t.password)
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if t.password != "" {
			msg = strings.ReplaceAll(msg, t.password, "…")
		}
		if msg == "" {
			msg = err.Error()
		}
		if name := filepath.Base(prog); !strings.HasPrefix(msg, name+":") {
			msg = name + ": " + msg
		}
		return errors.New(msg)
	}
	return nil
}

// pgDump writes the database to out with pg_dump, in its custom format,
// under a temporary name beside out, checks it with pg_restore --list,
// then renames it; an existing out is replaced only with force.
func pgDump(ctx context.Context, db, out string, force bool) error {
	t, err := splitURL(db)
	if err != nil {
		return err
	}
	if _, err := os.Stat(out); err == nil && !force {
		return planwatch.Errorf(planwatch.ECONFLICT, "%s exists: give --force to replace it", out)
	}
	dump, err := pgProgram("pg_dump")
	if err != nil {
		return err
	}
	list, err := pgProgram("pg_restore")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	if err := t.run(ctx, nil, dump, "--format=custom", "--no-owner", "--no-privileges", "--file="+tmp, "--dbname="+t.dsn); err != nil {
		return fmt.Errorf("%s: %w", displayName(t.dsn), err)
	}
	if _, err := checkDump(ctx, list, tmp, out); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// checkDump reads a dump's table of contents with pg_restore --list and
// its schema version from its schema_migration table: it must be a pg_dump
// archive listing planwatch's tables. name is how messages call it.
func checkDump(ctx context.Context, pgRestore, file, name string) (int, error) {
	var toc bytes.Buffer
	if err := (pgTarget{}).run(ctx, &toc, pgRestore, "--list", file); err != nil {
		return 0, planwatch.Errorf(planwatch.EINVALID, "%s is not a pg_dump archive (%v)%s", name, err, sqliteHint(file))
	}
	tables := map[string]bool{}
	for _, line := range strings.Split(toc.String(), "\n") {
		// "215; 1259 16390 TABLE public unit planwatch"
		if _, entry, ok := strings.Cut(line, "; "); ok {
			f := strings.Fields(entry)
			if len(f) >= 5 && f[2] == "TABLE" {
				tables[f[4]] = true
			}
		}
	}
	var missing []string
	for _, tb := range pgTables {
		if !tables[tb] {
			missing = append(missing, tb)
		}
	}
	if len(missing) > 0 {
		return 0, planwatch.Errorf(planwatch.EINVALID, "%s is a pg_dump archive, but not of a planwatch database (no table %s)", name, strings.Join(missing, ", "))
	}
	var data bytes.Buffer
	if err := (pgTarget{}).run(ctx, &data, pgRestore, "--data-only", "--table=schema_migration", "--file=-", file); err != nil {
		return 0, planwatch.Errorf(planwatch.EINVALID, "%s: reading its schema version: %v", name, err)
	}
	v, err := dumpVersion(data.String())
	if err != nil {
		return 0, planwatch.Errorf(planwatch.EINVALID, "%s: %v", name, err)
	}
	return v, nil
}

// dumpVersion is the highest version in the COPY of schema_migration that
// pg_restore --data-only writes.
func dumpVersion(script string) (int, error) {
	sc := bufio.NewScanner(strings.NewReader(script))
	in, v := false, 0
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "COPY ") && strings.Contains(line, "schema_migration"):
			in = true
		case in && line == `\.`:
			in = false
		case in:
			first, _, _ := strings.Cut(line, "\t")
			n, err := strconv.Atoi(first)
			if err != nil {
				return 0, fmt.Errorf("schema_migration holds %q, not a version", first)
			}
			v = max(v, n)
		}
	}
	if v == 0 {
		return 0, errors.New("its schema_migration table is empty")
	}
	return v, nil
}

// sqliteHint says when a file given to a PostgreSQL restore is a SQLite
// database.
func sqliteHint(file string) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err == nil && string(head) == "SQLite format 3\x00" {
		return ": it is a SQLite database, which restores with --db FILE"
	}
	return ""
}

// pgRestore checks file, then restores it into the database with
// pg_restore, in one transaction, and brings its schema up to date. A
// database that holds planwatch's tables is replaced only with force. It
// returns the schema version of the dump and of the database after.
func pgRestore(ctx context.Context, db, file string, force bool) (from, to int, err error) {
	t, err := splitURL(db)
	if err != nil {
		return 0, 0, err
	}
	prog, err := pgProgram("pg_restore")
	if err != nil {
		return 0, 0, err
	}
	if _, err := os.Stat(file); err != nil {
		return 0, 0, planwatch.Errorf(planwatch.ENOTFOUND, "%s: no such file", file)
	}
	from, err = checkDump(ctx, prog, file, file)
	if err != nil {
		return 0, 0, err
	}
	if latest := postgres.LatestSchema(); from > latest {
		return 0, 0, planwatch.Errorf(planwatch.EINVALID, "%s: schema version %d is newer than this planwatch's %d: use a newer planwatch", file, from, latest)
	}
	name := displayName(t.dsn)
	have, err := postgres.Version(ctx, db)
	if err != nil {
		return 0, 0, err
	}
	args := []string{"--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"}
	if have > 0 {
		switch {
		case !force:
			return 0, 0, planwatch.Errorf(planwatch.ECONFLICT, "%s holds planwatch's tables: give --force to replace them", name)
		case have > from:
			// Tables of the newer schema would outlive --clean, and its
			// migrations would then fail on them.
			return 0, 0, planwatch.Errorf(planwatch.ECONFLICT, "%s has schema version %d, newer than the dump's %d: restore into an empty database (createdb), or drop this one's tables first", name, have, from)
		}
		args = append(args, "--clean", "--if-exists")
	}
	args = append(args, "--dbname="+t.dsn, file)
	if err := t.run(ctx, nil, prog, args...); err != nil {
		return 0, 0, fmt.Errorf("%s: nothing restored: %w", name, err)
	}
	s, err := postgres.OpenExisting(ctx, db)
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	to, err = s.SchemaVersion(ctx)
	return from, to, err
}
