package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"planwatch"
	"planwatch/excerpt"
)

// Backup writes a copy of the database to path, as Copy does.
func (db *DB) Backup(ctx context.Context, path string, force bool) error {
	return Copy(ctx, db.path, path, force)
}

// Copy writes a consistent copy of the planwatch database at src to dst:
// SQLite's VACUUM INTO, in one read transaction, so that imports and a
// server may go on meanwhile and the copy holds what was committed when it
// began. The copy is written beside dst under a temporary name, checked,
// and only then given its name, so that dst is never half written; an
// existing dst is replaced only when force is set.
func Copy(ctx context.Context, src, dst string, force bool) error {
	if err := exists(src); err != nil {
		return err
	}
	if err := mayWrite(dst, force); err != nil {
		return err
	}
	from, err := sql.Open("sqlite", dsn(src, "ro", "deferred", "busy_timeout(10000)"))
	if err != nil {
		return err
	}
	defer from.Close()
	if err := checkPlanwatch(ctx, from, src); err != nil {
		return err
	}
	tmp, err := vacuumInto(ctx, from, dst, modeOf(src))
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := integrity(ctx, tmp, dst); err != nil {
		return err
	}
	return place(tmp, dst, force)
}

// Restore replaces the database at dst with the backup at src, which must
// pass SQLite's integrity check and be a planwatch database of this
// planwatch's schema or an older one (which is brought up to date). The
// backup is copied beside dst, checked and migrated there, and renamed over
// dst; an existing dst is replaced only when force is set, and not while
// any process has it open. The old database's write-ahead log and shared
// memory go with it.
func Restore(ctx context.Context, src, dst string, force bool) (version int, err error) {
	if err := exists(src); err != nil {
		return 0, err
	}
	if err := mayWrite(dst, force); err != nil {
		return 0, err
	}
	if same(src, dst) {
		return 0, planwatch.Errorf(planwatch.EINVALID, "%s is the database itself", src)
	}
	if err := integrity(ctx, src, src); err != nil {
		return 0, err
	}
	from, err := sql.Open("sqlite", dsn(src, "ro", "deferred", "busy_timeout(10000)"))
	if err != nil {
		return 0, err
	}
	defer from.Close()
	if err := checkPlanwatch(ctx, from, src); err != nil {
		return 0, err
	}
	mode := modeOf(src)
	if _, err := os.Stat(dst); err == nil {
		mode = modeOf(dst)
	}
	tmp, err := vacuumInto(ctx, from, dst, mode)
	if err != nil {
		return 0, err
	}
	from.Close()
	defer removeDB(tmp)
	// An older schema is migrated in the copy; the copy keeps its log
	// beside the database, as every planwatch database does.
	db, err := open(ctx, tmp, false)
	if err != nil {
		return 0, err
	}
	if version, err = db.SchemaVersion(ctx); err != nil {
		db.Close()
		return 0, err
	}
	if err := db.Close(); err != nil {
		return 0, err
	}
	if err := notInUse(ctx, dst); err != nil {
		return 0, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return 0, err
	}
	return version, syncDir(dst)
}

// mayWrite checks that dst may be written: it does not exist, or force.
func mayWrite(dst string, force bool) error {
	st, err := os.Stat(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case st.IsDir():
		return planwatch.Errorf(planwatch.EINVALID, "%s is a folder", dst)
	case !force:
		return planwatch.Errorf(planwatch.ECONFLICT, "%s exists: give --force to replace it", dst)
	}
	return nil
}

func same(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// checkPlanwatch checks that the database is planwatch's and not of a
// newer schema than this planwatch knows.
func checkPlanwatch(ctx context.Context, q querier, path string) error {
	err := checkSchema(ctx, q, path)
	if err != nil && strings.Contains(err.Error(), "is older than this planwatch's") {
		return nil
	}
	return err
}

// modeOf is the permission bits of a file, 0644 when it cannot be read.
func modeOf(path string) fs.FileMode {
	if st, err := os.Stat(path); err == nil {
		return st.Mode().Perm()
	}
	return 0o644
}

// vacuumInto writes a compact copy of the database into a new file beside
// dst, with the given permissions, and returns its name.
func vacuumInto(ctx context.Context, from *sql.DB, dst string, mode fs.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	f.Close() // VACUUM INTO writes into an empty file
	if err := os.Chmod(tmp, mode); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if _, err := from.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("copying into %s: %w", dst, err)
	}
	f, err = os.OpenFile(tmp, os.O_RDWR, 0)
	if err == nil {
		err = errors.Join(f.Sync(), f.Close())
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// integrity runs SQLite's integrity check on the file at path; name is how
// messages call it.
func integrity(ctx context.Context, path, name string) error {
	db, err := sql.Open("sqlite", dsn(path, "ro", "deferred", "busy_timeout(10000)"))
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		if strings.Contains(err.Error(), "not a database") {
			return planwatch.Errorf(planwatch.EINVALID, "%s is not a database", name)
		}
		return planwatch.Errorf(planwatch.EINVALID, "%s fails SQLite's integrity check: %v", name, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return planwatch.Errorf(planwatch.EINVALID, "%s fails SQLite's integrity check: %v", name, err)
	}
	if len(problems) > 0 {
		return planwatch.Errorf(planwatch.EINVALID, "%s fails SQLite's integrity check (%d problems): %s", name, len(problems), excerpt.Quote(strings.Join(problems, "; ")))
	}
	return nil
}

// notInUse checks that no connection, of this process or another, has the
// database at path open: replacing it under a server or an import would
// pull the file from under them.
func notInUse(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	db, err := sql.Open("sqlite", dsn(path, "rw", "exclusive", "busy_timeout(200)", "locking_mode(EXCLUSIVE)"))
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY {
			return planwatch.Errorf(planwatch.ECONFLICT, "%s is in use: stop planwatch serve and any import on it first", path)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	return tx.Rollback()
}

// place gives the checked copy tmp its name dst: a hard link, which fails
// rather than replace a dst that appeared meanwhile, or, with force, a
// rename over it.
func place(tmp, dst string, force bool) error {
	if force {
		if err := os.Rename(tmp, dst); err != nil {
			return err
		}
		return syncDir(dst)
	}
	if err := os.Link(tmp, dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return planwatch.Errorf(planwatch.ECONFLICT, "%s exists: give --force to replace it", dst)
		}
		// A file system without hard links: rename, having checked.
		if err := mayWrite(dst, false); err != nil {
			return err
		}
		if err := os.Rename(tmp, dst); err != nil {
			return err
		}
	}
	return syncDir(dst)
}

// syncDir makes a rename in the folder of path durable.
func syncDir(path string) error {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// removeDB removes a database file and its log and shared memory.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}
