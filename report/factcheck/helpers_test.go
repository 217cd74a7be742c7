package factcheck

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"planwatch"
	"planwatch/demo"
	"planwatch/review"
	"planwatch/sqlite"
)

var (
	demoOnce sync.Once
	demoRV   *review.Review
	demoErr  error
)

// demoReview is the demo applied to a new SQLite store, loaded once for
// every test of the package.
func demoReview(t testing.TB) *review.Review {
	t.Helper()
	demoOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "factcheck")
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
		b, err := demo.Batch()
		if err != nil {
			demoErr = err
			return
		}
		if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
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

// seed reads a seed document from ../shared/seeds, skipping the test when
// the folder is absent (unless PLANWATCH_REQUIRE_SHARED=1).
func seed(t testing.TB, prefix string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") == "1" {
			t.Fatalf("seed %s not found in ../shared/seeds", prefix)
		}
		t.Skipf("seed %s not found in ../shared/seeds", prefix)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
