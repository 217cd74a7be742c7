package review_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
	"planwatch/sqlite"
)

// benchWorld is 34 provinces x 200 indicators x 30 years (204,000 figures)
// and a target for every province and indicator (6,800), in a store; it
// returns a function that loads a fresh review of it.
func benchWorld(b *testing.B) func() *review.Review {
	w := &planwatch.Batch{Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: "VN", NameVI: "Viet Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation}}},
		Plans: []planwatch.PlanRecord{{Plan: planwatch.Plan{Code: "P", Kind: "five_year_plan", TitleEN: "Plan", Horizon: period.MustParse("2021/2025")}, Unit: "VN"}}}
	for p := 0; p < 34; p++ {
		w.Units = append(w.Units, planwatch.UnitRecord{Unit: planwatch.Unit{Code: fmt.Sprintf("%02d", p+1), NameVI: "p", NameEN: "p", Level: planwatch.LevelProvince}, Parent: "VN"})
	}
	for i := 0; i < 200; i++ {
		code := fmt.Sprintf("I%03d", i)
		w.Indicators = append(w.Indicators, planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: code, NameEN: code, MeasureUnit: "VND bn",
			Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirUp}})
		for p := 0; p < 34; p++ {
			unit := fmt.Sprintf("%02d", p+1)
			v := float64(100 + p + i)
			for y := 1996; y <= 2025; y++ {
				w.Observations = append(w.Observations, o(unit, code, "", fmt.Sprint(y), v))
				v *= 1 + float64((p+i+y)%11)/100
			}
			kind, val := planwatch.AtLeast, v*1.1
			w.Targets = append(w.Targets, planwatch.TargetRecord{Unit: unit, Target: planwatch.Target{Plan: "P", Indicator: code, Period: period.MustParse("2026"), Kind: kind, Value: &val}})
		}
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := planwatch.Apply(ctx, db, w, planwatch.ApplyOptions{}); err != nil {
		b.Fatal(err)
	}
	return func() *review.Review {
		rv, err := review.Load(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		return rv
	}
}

// BenchmarkLoad reads the 204,000 figures and 6,800 targets into a review.
func BenchmarkLoad(b *testing.B) {
	load := benchWorld(b)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		load()
	}
}

// BenchmarkFactsAllProvinces computes the facts of every province for one
// year on a fresh review (nothing cached from an earlier round).
func BenchmarkFactsAllProvinces(b *testing.B) {
	load := benchWorld(b)
	p := period.MustParse("2025")
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		rv := load()
		b.StartTimer()
		for u := 1; u <= 34; u++ {
			facts, err := rv.Facts(fmt.Sprintf("%02d", u), p)
			if err != nil || len(facts) != 200 {
				b.Fatalf("%d facts, %v", len(facts), err)
			}
		}
	}
	b.ReportMetric(float64(34*200*b.N)/b.Elapsed().Seconds(), "facts/s")
}

// BenchmarkAssessAll judges all 6,800 targets on a fresh review.
func BenchmarkAssessAll(b *testing.B) {
	load := benchWorld(b)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		rv := load()
		b.StartTimer()
		as, err := rv.Assess(review.Filter{})
		if err != nil || len(as) != 6800 {
			b.Fatalf("%d assessments, %v", len(as), err)
		}
	}
	b.ReportMetric(float64(6800*b.N)/b.Elapsed().Seconds(), "targets/s")
}
