package pgtest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"planwatch/postgres/pgtest"
)

// TestReplicated: a row written on the primary is read on the standby
// once replayed, and the standby refuses writes.
func TestReplicated(t *testing.T) {
	ctx := context.Background()
	primary, standby := pgtest.Replicated(t)
	p, err := pgx.Connect(ctx, primary)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	s, err := pgx.Connect(ctx, standby)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	var recovering bool
	if err := s.QueryRow(ctx, `SELECT pg_is_in_recovery()`).Scan(&recovering); err != nil || !recovering {
		t.Fatalf("the standby is not in recovery: %v %v", recovering, err)
	}
	if _, err := p.Exec(ctx, `CREATE TABLE t (x int); INSERT INTO t VALUES (42)`); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var x int
		err := s.QueryRow(ctx, `SELECT x FROM t`).Scan(&x)
		if err == nil && x == 42 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the standby never read the row: %d %v", x, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	_, err = s.Exec(ctx, `INSERT INTO t VALUES (1)`)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "25006" {
		t.Errorf("a write on the standby: %v, want read_only_sql_transaction (25006)", err)
	}
}
