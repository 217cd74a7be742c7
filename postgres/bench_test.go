package postgres_test

import (
	"testing"

	"planwatch"
	"planwatch/postgres"
	"planwatch/postgres/pgtest"
)

// BenchmarkApplyObservations writes 100,000 observations (100 units x 100
// indicators x 10 years) into an empty store per iteration, as the SQLite
// store's benchmark of the same name does.
func BenchmarkApplyObservations(b *testing.B) {
	obs := &planwatch.Batch{}
	for u := range 100 {
		for i := range 100 {
			for y := 2016; y < 2026; y++ {
				obs.Observations = append(obs.Observations, rec(u, i, y, float64(u*i+y)))
			}
		}
	}
	for b.Loop() {
		b.StopTimer()
		db, err := postgres.Open(ctx, pgtest.Database(b))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := planwatch.Apply(ctx, db, world(100, 100), planwatch.ApplyOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := planwatch.Apply(ctx, db, obs, planwatch.ApplyOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(obs.Observations))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
