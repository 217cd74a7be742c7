package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/sqlite"
)

// BenchmarkApplyObservations writes 100,000 observations (100 units x 100
// indicators x 10 years) into an empty store per iteration; bench/import.sh
// measures the whole command on a million rows.
func BenchmarkApplyObservations(b *testing.B) {
	ctx := context.Background()
	base := &planwatch.Batch{}
	for u := 0; u < 100; u++ {
		base.Units = append(base.Units, planwatch.UnitRecord{Unit: planwatch.Unit{Code: fmt.Sprintf("U%03d", u), NameVI: "u", NameEN: "u", Level: planwatch.LevelProvince}})
	}
	for i := 0; i < 100; i++ {
		base.Indicators = append(base.Indicators, planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: fmt.Sprintf("I%03d", i), NameEN: "i", MeasureUnit: "x", Type: planwatch.TypeFlow, Direction: planwatch.DirUp, Aggregation: planwatch.Aggregation{Rule: "sum"}}})
	}
	obs := &planwatch.Batch{}
	for u := 0; u < 100; u++ {
		for i := 0; i < 100; i++ {
			for y := 2016; y < 2026; y++ {
				obs.Observations = append(obs.Observations, planwatch.ObservationRecord{Unit: fmt.Sprintf("U%03d", u),
					Observation: planwatch.Observation{Indicator: fmt.Sprintf("I%03d", i), Period: period.Year(y), Value: float64(u*i + y), Status: "A", Source: "bench"}})
			}
		}
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := planwatch.Apply(ctx, db, base, planwatch.ApplyOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := planwatch.Apply(ctx, db, obs, planwatch.ApplyOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
	}
	b.ReportMetric(float64(len(obs.Observations))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
