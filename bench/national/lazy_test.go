package main

import (
	"context"
	"path/filepath"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
	"planwatch/review/reviewtest"
	"planwatch/sqlite"
)

// On a generated national store (the official units and lineage, the test
// size of figures), a review that reads its figures as they are asked for
// gives what one that read them all gives: the facts of every province of
// either time and of the communes at every period, every verdict, as of
// no date and of each year; with a small cache, so that it drops what it
// read as it goes.
func TestOpenEqualsLoadNational(t *testing.T) {
	if raceEnabled {
		// Ten minutes under the race detector on two cores; the demo's
		// comparison (review's TestOpenEqualsLoad) runs under it.
		t.Skip("runs without -race (go test ./bench/national)")
	}
	b := structure(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "national.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := New(Sizes["test"], b)
	if _, err := planwatch.Apply(ctx, db, s.Batch(), planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	eager, err := review.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := review.Open(ctx, db, review.LoadOptions{CacheLimit: 6000, MemoLimit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	var units []planwatch.Unit
	communes := map[string]bool{}
	for _, c := range s.communes {
		communes[c] = true
	}
	for _, u := range eager.Units() {
		if u.Level == planwatch.LevelProvince || u.Level == planwatch.LevelCommune && communes[u.Code] && u.ValidFrom != "" {
			units = append(units, u)
		}
	}
	var periods, asOf []period.Period
	for y := 2026 - s.cfg.Years; y <= 2025; y++ {
		periods = append(periods, period.Year(y))
		if y == 2023 || y == 2024 {
			asOf = append(asOf, period.Year(y))
		}
	}
	for i := 0; i < s.cfg.Months; i++ {
		periods = append(periods, period.MustParse("2025-07").Shift(i))
	}
	facts, verdicts := reviewtest.Compare(t, eager, lazy, reviewtest.Scope{Units: units, Periods: periods, AsOf: asOf})
	t.Logf("%d units, %d periods: %d facts, %d verdicts alike", len(units), len(periods), facts, verdicts)
	if facts < 10000 || verdicts < 3000 {
		t.Errorf("compared only %d facts and %d verdicts", facts, verdicts)
	}
}
