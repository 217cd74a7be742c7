package review_test

import (
	"context"
	"testing"
	"time"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
	"planwatch/storetest/teststore"
)

// A review loaded as known on a date reads the figures recorded by then.
func TestLoadKnownOn(t *testing.T) {
	ctx := context.Background()
	db := teststore.New(t)
	day1 := time.Date(2025, 12, 31, 10, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return day1 })
	b := baseWorld()
	b.Observations = []planwatch.ObservationRecord{o("A", "GRDP", "price=current", "2025", 100)}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	db.SetClock(func() time.Time { return day1.AddDate(0, 6, 0) })
	if _, err := planwatch.Apply(ctx, db, &planwatch.Batch{Observations: []planwatch.ObservationRecord{o("A", "GRDP", "price=current", "2025", 104)}}, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	for known, want := range map[time.Time]float64{day1: 100, {}: 104, day1.AddDate(1, 0, 0): 104} {
		rv, err := review.Load(ctx, db, review.LoadOptions{KnownOn: known})
		if err != nil {
			t.Fatal(err)
		}
		if v, _, err := rv.Value("A", "GRDP", "price=current", period.MustParse("2025")); err != nil || v != want {
			t.Errorf("known on %v: %v %v, want %v", known, v, err, want)
		}
	}
}
