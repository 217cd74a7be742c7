package postgres

import (
	"context"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"planwatch"
	"planwatch/period"
	"planwatch/postgres/pgtest"
)

// TestTransactRetriesConflict runs two SERIALIZABLE transactions that both
// read a counter and then both write it, so that PostgreSQL aborts the
// second with a serialization failure: transact runs it again, and the
// counter counts both.
func TestTransactRetriesConflict(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.pool.Exec(ctx, `CREATE TABLE counter (n integer NOT NULL); INSERT INTO counter VALUES (0)`); err != nil {
		t.Fatal(err)
	}
	var attempts atomic.Int32
	var read sync.WaitGroup // both first attempts have read
	read.Add(2)
	var firsts [2]atomic.Bool
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.transact(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
				attempts.Add(1)
				var n int
				if err := tx.QueryRow(ctx, `SELECT n FROM counter`).Scan(&n); err != nil {
					return err
				}
				if firsts[i].CompareAndSwap(false, true) {
					read.Done()
					read.Wait()
				}
				_, err := tx.Exec(ctx, `UPDATE counter SET n = $1`, n+1)
				return err
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("transaction %d: %v", i, err)
		}
	}
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT n FROM counter`).Scan(&n); err != nil || n != 2 {
		t.Errorf("counter = %d (%v), want 2", n, err)
	}
	if a := attempts.Load(); a != 3 {
		t.Errorf("%d attempts, want 3 (one retried)", a)
	}
}

// TestTransactDoesNotRetryOtherErrors: a transaction that fails for
// another reason runs once.
func TestTransactDoesNotRetryOtherErrors(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	attempts := 0
	err = db.transact(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		attempts++
		_, err := tx.Exec(ctx, `INSERT INTO unit (code, level) VALUES ('X', 'province'), ('X', 'province')`)
		return err
	})
	if err == nil || attempts != 1 || retryable(err) {
		t.Errorf("%d attempts, error %v", attempts, err)
	}
	if planwatch.ErrorCode(mapErr(err)) != planwatch.ECONFLICT {
		t.Errorf("duplicate unit: %v, want a conflict", mapErr(err))
	}
}

// TestPoolFromURL: the pool takes its settings from the URL, as pgx reads
// them.
func TestPoolFromURL(t *testing.T) {
	ctx := context.Background()
	u, err := url.Parse(pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("pool_max_conns", "3")
	q.Set("pool_max_conn_lifetime", "10m")
	u.RawQuery = q.Encode()
	db, err := Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg := db.pool.Config()
	if cfg.MaxConns != 3 || cfg.MaxConnLifetime.Minutes() != 10 || cfg.ConnConfig.ConnectTimeout != defaultConnectTimeout {
		t.Errorf("pool of %d connections living %v, connecting within %v; want 3, 10m and %v", cfg.MaxConns, cfg.MaxConnLifetime, cfg.ConnConfig.ConnectTimeout, defaultConnectTimeout)
	}
	q.Set("connect_timeout", "3")
	u.RawQuery = q.Encode()
	db2, err := Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if got := db2.pool.Config().ConnConfig.ConnectTimeout; got != 3*time.Second {
		t.Errorf("connect_timeout=3 gave %v", got)
	}
}

// TestObservationsOneSnapshot commits a revision, with a new source and a
// new recorder, between Observations' read of the sources and its read of
// the figures: it reads the store as it was before, whole, not a figure
// whose source it does not know.
func TestObservationsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	figure := func(source string) *planwatch.Batch {
		return &planwatch.Batch{
			Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: "VN", NameVI: "Việt Nam", Level: planwatch.LevelNation}}},
			Indicators: []planwatch.IndicatorRecord{{Indicator: planwatch.Indicator{Code: "POP", NameVI: "Dân số", MeasureUnit: "thousand persons",
				Type: planwatch.TypeStock, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirNone}}},
			Observations: []planwatch.ObservationRecord{{Unit: "VN", Observation: planwatch.Observation{Indicator: "POP", Period: period.Year(2024), Value: float64(len(source)), Source: source}}},
		}
	}
	if _, err := planwatch.Apply(ctx, db, figure("census"), planwatch.ApplyOptions{RecordedBy: "first"}); err != nil {
		t.Fatal(err)
	}
	var applied error
	betweenReads = func() {
		betweenReads = nil
		_, applied = planwatch.Apply(ctx, db, figure("yearbook 2025"), planwatch.ApplyOptions{RecordedBy: "second"})
	}
	defer func() { betweenReads = nil }()
	got, err := db.Observations(ctx, planwatch.ObservationFilter{})
	if err != nil || applied != nil {
		t.Fatal(err, applied)
	}
	if len(got) != 1 || got[0].Source != "census" || got[0].Version != 1 || got[0].RecordedBy != "first" {
		t.Errorf("read during a commit: %+v, want version 1 from the census", got)
	}
	got, _ = db.Observations(ctx, planwatch.ObservationFilter{})
	if len(got) != 1 || got[0].Source != "yearbook 2025" || got[0].Version != 2 || got[0].RecordedBy != "second" {
		t.Errorf("read after: %+v, want version 2 from the yearbook", got)
	}
}
