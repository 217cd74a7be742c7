package main

import (
	"context"
	"net/url"
	"strings"

	"planwatch"
	"planwatch/postgres"
	"planwatch/sqlite"
)

// store is what the commands need of a store, SQLite or PostgreSQL.
type store interface {
	planwatch.Store
	SchemaVersion(ctx context.Context) (int, error)
	DataVersion(ctx context.Context) (int64, error)
}

var (
	_ store = (*sqlite.DB)(nil)
	_ store = (*postgres.DB)(nil)
)

// How a command opens the database (see env.create, env.open and
// env.openExisting).
type openMode int

const (
	create   openMode = iota // make it if need be, and bring its schema up to date
	existing                 // bring the schema of one that exists up to date
	readOnly                 // read one that exists, writing nothing
)

// isURL reports whether --db names a PostgreSQL database rather than a
// SQLite file.
func isURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openStore opens the SQLite file or the PostgreSQL database db names. A
// PostgreSQL database must exist on its server: create makes its tables.
func openStore(ctx context.Context, db string, m openMode) (store, error) {
	var s store
	var err error
	switch {
	case isURL(db) && m == create:
		s, err = postgres.Open(ctx, db)
	case isURL(db) && m == existing:
		s, err = postgres.OpenExisting(ctx, db)
	case isURL(db):
		s, err = postgres.OpenReadOnly(ctx, db)
	case m == create:
		s, err = sqlite.Open(ctx, db)
	case m == existing:
		s, err = sqlite.OpenExisting(ctx, db)
	default:
		s, err = sqlite.OpenReadOnly(ctx, db)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// displayName is how messages name the database: a PostgreSQL URL without
// its password.
func displayName(db string) string {
	if !isURL(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "the PostgreSQL database"
	}
	if _, has := u.User.Password(); has {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}
