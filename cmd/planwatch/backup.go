package main

import (
	"context"
	"fmt"
	"os"

	"planwatch/sqlite"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "backup", "backup [--db FILE|URL] --out FILE [--force]",
		"Write a consistent copy of the database to FILE, while planwatch serve and imports\n"+
			"go on: the copy holds what was committed when it began. FILE is written under a\n"+
			"temporary name, checked, then renamed; an existing FILE is replaced only with --force.\n"+
			"A PostgreSQL database is dumped by pg_dump, in its custom format, which pg_restore\n"+
			"reads (postgresql-client).")
	out := fs.String("out", "", "the backup `file` to write")
	force := fs.Bool("force", false, "replace FILE if it exists")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "backup needs --out FILE and nothing else")
		return errUsage
	}
	what := "backup"
	if isURL(e.db) {
		if err := pgDump(ctx, e.db, *out, *force); err != nil {
			return err
		}
		what = "pg_dump backup"
	} else if err := sqlite.Copy(ctx, e.db, *out, *force); err != nil {
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s of %s, %s\n", *out, what, displayName(e.db), size(st.Size()))
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "restore", "restore [--db FILE|URL] [--force] BACKUP",
		"Replace the database with BACKUP, once BACKUP passes SQLite's integrity check and is a\n"+
			"planwatch database of this planwatch's schema or an older one (which is brought up\n"+
			"to date). An existing database is replaced only with --force, and not while planwatch\n"+
			"serve or an import has it open: stop them first. Into a PostgreSQL database, BACKUP\n"+
			"is a dump that planwatch backup made, which pg_restore checks and restores in one\n"+
			"transaction; a database holding planwatch's tables is replaced only with --force.")
	force := fs.Bool("force", false, "replace the database if it exists")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "restore needs one BACKUP file")
		return errUsage
	}
	if isURL(e.db) {
		from, to, err := pgRestore(ctx, e.db, fs.Arg(0), *force)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: restored by pg_restore from %s, schema version %s\n", displayName(e.db), fs.Arg(0), upgraded(from, to))
		return nil
	}
	v, err := sqlite.Restore(ctx, fs.Arg(0), e.db, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: restored from %s, schema version %d\n", e.db, fs.Arg(0), v)
	return nil
}

// upgraded says a schema version, and the dump's when migrations brought
// it up to date.
func upgraded(from, to int) string {
	if from == to {
		return fmt.Sprint(to)
	}
	return fmt.Sprintf("%d (the dump's %d, brought up to date)", to, from)
}

// size writes a number of bytes for people.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
