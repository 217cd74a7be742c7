package report_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"planwatch"
	"planwatch/demo"
	"planwatch/review"
	"planwatch/sqlite"
)

// recordedAt is when the demo's figures are recorded in the tests: the
// evening the year-end interview was published, Hanoi time.
var recordedAt = time.Date(2025, 12, 31, 10, 0, 0, 0, time.UTC)

var (
	demoOnce sync.Once
	demoRV   *review.Review
	demoErr  error
)

// demoReview is the demo applied to a new SQLite store at recordedAt,
// loaded once for every test of the package.
func demoReview(t testing.TB) *review.Review {
	t.Helper()
	demoOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "report")
		if err != nil {
			demoErr = err
			return
		}
		defer os.RemoveAll(dir)
		db, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
		if err != nil {
			demoErr = err
			return
		}
		defer db.Close()
		db.SetClock(func() time.Time { return recordedAt })
		b, err := demo.Batch()
		if err != nil {
			demoErr = err
			return
		}
		if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{RecordedBy: "demo"}); err != nil {
			demoErr = err
			return
		}
		demoRV, demoErr = review.Load(ctx, db)
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoRV
}
