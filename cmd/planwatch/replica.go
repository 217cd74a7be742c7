package main

import (
	"context"
	"fmt"

	"planwatch"
)

// serve --db-read URL reads from a read-only replica of the PostgreSQL
// --db, a streaming standby for instance: the public snapshot, its pages
// and the API read the replica, and the data version that tells the web
// when to load a new snapshot is the replica's, so that a snapshot never
// mixes two versions. Signing in, entry, approval, upload and the audit
// write to --db, and signed-in people's pages read it, so that what they
// just wrote shows without waiting for the replica (web/replica.go).

// openReplica opens the replica at url for reading only, after checking
// that --db is a PostgreSQL database it can be a replica of.
func openReplica(ctx context.Context, e *env, url string) (store, error) {
	if !isURL(e.db) {
		return nil, planwatch.Errorf(planwatch.EINVALID, "--db-read %s: a replica is of a PostgreSQL database, and --db %s is a SQLite file (give --db postgres://... of the primary, or serve without --db-read and $PLANWATCH_DB_READ)", displayName(url), e.db)
	}
	if !isURL(url) {
		return nil, planwatch.Errorf(planwatch.EINVALID, "--db-read %s: not a PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DB of a read-only replica of --db)", url)
	}
	db, err := openStore(ctx, url, readOnly)
	if err != nil {
		return nil, fmt.Errorf("--db-read: %w", err)
	}
	fmt.Fprintf(e.stdout, "planwatch: pages and API read from the replica %s; signing in and writes go to %s\n", displayName(url), displayName(e.db))
	return db, nil
}
