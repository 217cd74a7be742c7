package review_test

import (
	"context"
	"testing"

	"planwatch"
	"planwatch/demo"
	"planwatch/period"
	"planwatch/review"
	"planwatch/review/reviewtest"
	"planwatch/storetest/teststore"
)

// demoStore is a store holding the demo.
func demoStore(t testing.TB) teststore.Store {
	t.Helper()
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	return store(t, b)
}

// A review that reads its figures as they are asked for gives what one
// that read them all at load gives: every unit's facts at every period
// the demo has figures for, every verdict, every series; with a cache so
// small that it drops what it read all the time, and with the default.
func TestOpenEqualsLoad(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	eager, err := review.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range lazyOptions {
		lazy, err := review.Open(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		facts, verdicts := reviewtest.Compare(t, eager, lazy, reviewtest.Scope{AsOf: []period.Period{period.MustParse("2020"), period.MustParse("2024"), period.MustParse("2025")}})
		if facts < 500 || verdicts < 20 {
			t.Errorf("compared only %d facts and %d verdicts", facts, verdicts)
		}
	}
}

// A review opened on a store reads its figures as they were when it was
// opened: an import committed since changes none of them, and a review
// opened after it sees it.
func TestOpenReadsTheStoreAsItWas(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	before, err := review.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	p := period.MustParse("2025")
	v0, _, err := before.Value("24", "EXPORTS", "", p)
	if err != nil {
		t.Fatal(err)
	}
	rec := planwatch.ObservationRecord{Unit: "24", Observation: planwatch.Observation{Indicator: "EXPORTS", Period: p, Value: v0 + 1, Status: "A", Source: "a correction"}}
	if _, err := planwatch.Apply(ctx, db, &planwatch.Batch{Observations: []planwatch.ObservationRecord{rec}}, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	// Nothing of 24's was read yet but the one figure: its series and
	// facts are read now, after the import.
	if v, _, _ := before.Value("24", "EXPORTS", "", p); v != v0 {
		t.Errorf("the figure read before the import changed: %v, want %v", v, v0)
	}
	u, _ := before.Unit("24", p)
	for _, o := range before.Series(u.ID, "EXPORTS", "") {
		if o.Period == p && o.Value != v0 {
			t.Errorf("the series read after the import has %v, want %v", o.Value, v0)
		}
	}
	after, err := review.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if v, _, _ := after.Value("24", "EXPORTS", "", p); v != v0+1 {
		t.Errorf("a review opened after the import: %v, want %v", v, v0+1)
	}
}

var lazyOptions = []review.LoadOptions{{CacheLimit: 1000, MemoLimit: 32 << 10}, {}}
