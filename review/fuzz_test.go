package review_test

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"planwatch"
	"planwatch/formula"
	"planwatch/period"
	"planwatch/review"
	"planwatch/storetest"
)

// Formula evaluation fuzzed over a store: four indicators whose formulas
// the fuzzer writes (over each other and two base indicators), with
// aggregation rules it picks, written straight into a store as a version
// that checked nothing might have (cycles, formulas that do not parse),
// beside units of which one was formed by a merger. The facts of every
// unit and the assessment of targets on them must come back, in JSON, for
// every period: no panic, no endless recursion, no number JSON cannot
// carry. Where a formula uses only stored figures, its value is the
// formula's own.

var fuzzAggs = []string{"sum", "formula", "mean:B1", "none"}

func fuzzStore(t *testing.T, formulas [4]string, aggs uint8, v1, v2 float64) planwatch.Store {
	t.Helper()
	ctx := context.Background()
	s := storetest.NewMemory()
	err := s.Update(ctx, func(tx planwatch.Tx) error {
		units := []*planwatch.Unit{
			{Code: "N", NameVI: "Quốc gia", Level: planwatch.LevelNation},
			{Code: "P1", NameVI: "Tỉnh 1", Level: planwatch.LevelProvince, ValidTo: "2025-01-01"},
			{Code: "P2", NameVI: "Tỉnh 2", Level: planwatch.LevelProvince, ValidTo: "2025-01-01"},
			{Code: "M", NameVI: "Tỉnh mới", Level: planwatch.LevelProvince, ValidFrom: "2025-01-01"},
		}
		for i, u := range units {
			if i > 0 {
				u.Parent = units[0].ID
			}
			if _, err := tx.PutUnit(ctx, u); err != nil {
				return err
			}
		}
		for _, from := range units[1:3] {
			if _, err := tx.PutLineage(ctx, planwatch.LineageEvent{Date: "2025-01-01", Event: planwatch.EventMerge, From: from.ID, To: units[3].ID}); err != nil {
				return err
			}
		}
		inds := []planwatch.Indicator{
			{Code: "B1", NameVI: "Cơ sở 1", MeasureUnit: "người", Type: planwatch.TypeStock, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirNone},
			{Code: "B2", NameVI: "Cơ sở 2", MeasureUnit: "%", Type: planwatch.TypeRate, Aggregation: planwatch.Aggregation{Rule: "mean", Weight: "B1"}, Direction: planwatch.DirDown,
				Dimensions: []planwatch.Dimension{{Name: "sex", Values: []string{"f", "m"}}}},
		}
		for i, f := range formulas {
			agg, _ := planwatch.ParseAggregation(fuzzAggs[aggs>>(2*i)&3])
			inds = append(inds, planwatch.Indicator{Code: string(rune('A' + i)), NameVI: "Chỉ tiêu", MeasureUnit: "x", Type: planwatch.TypeFlow, Aggregation: agg, Direction: planwatch.DirUp, Formula: f})
		}
		for _, in := range inds {
			if _, err := tx.PutIndicator(ctx, in); err != nil {
				return err
			}
		}
		var obs []planwatch.Observation
		add := func(u *planwatch.Unit, code, dims string, p string, v float64) {
			obs = append(obs, planwatch.Observation{Unit: u.ID, Indicator: code, Dims: planwatch.Dims(dims), Period: period.MustParse(p), Value: v, Status: "A"})
		}
		for _, p := range []string{"2023", "2024"} {
			add(units[1], "B1", "", p, v1)
			add(units[2], "B1", "", p, v2)
			add(units[1], "B2", "", p, v2)
			add(units[2], "B2", "", p, v1)
			add(units[1], "B2", "sex=f", p, 3)
		}
		add(units[3], "B1", "", "2025", v1+v2)
		add(units[1], "A", "", "2024", v1*2)
		add(units[0], "C", "", "2024", 7)
		_, err := tx.PutObservations(ctx, obs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func FuzzFormulas(f *testing.F) {
	f.Add("B1 / B2 * 100", "A - B1", "(A + B) / 2", "-D", uint8(0b00011011), 1500.0, 1900.0)
	// Cycles of two and three steps, through aggregation by formula too,
	// and formulas that share operands or do not parse.
	f.Add("B * 2", "A / 2", "D + 1", "C - 1", uint8(0b01010101), 3.0, 4.0)
	f.Add("B + C", "C * D", "D / A", "A + B1", uint8(0b11100100), 1.0, 0.0)
	f.Add("B + B + B + B", "C + C + C + C", "D + D + D + D", "B1 + B1 + B1 + B1", uint8(0b01010101), 1e300, -1e300)
	f.Add("(((B1", "B1 +", "1e400", "B1 / 0", uint8(0), 2.0, 5.0)
	f.Add("B1 * B1 * B1 * B1 * B1", "A * A * A", "B * B * B", "C * C * C / B2", uint8(0b01010101), 1e100, 1e-100)
	f.Fuzz(func(t *testing.T, fa, fb, fc, fd string, aggs uint8, v1, v2 float64) {
		if math.IsNaN(v1) || math.IsInf(v1, 0) || math.IsNaN(v2) || math.IsInf(v2, 0) {
			t.Skip("stores hold finite figures only")
		}
		formulas := [4]string{fa, fb, fc, fd}
		s := fuzzStore(t, formulas, aggs, v1, v2)
		ctx := context.Background()
		rv, err := review.Load(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"N", "P1", "P2", "M", "M@2025-01-01"} {
			for _, p := range []string{"2023", "2024", "2025", "2023/2024", "2024-Q1"} {
				facts, err := rv.Facts(u, period.MustParse(p), review.Options{Base: period.MustParse("2023")})
				if err != nil {
					continue // a unit not valid then
				}
				if _, err := json.Marshal(facts); err != nil {
					t.Fatalf("facts of %s %s do not go into JSON: %v", u, p, err)
				}
				for _, f := range facts {
					if u != "P1" || p != "2024" || f.Indicator < "A" || f.Indicator > "D" || f.Value == nil || f.Rebuilt || f.Dims != "" {
						continue
					}
					checkDirect(t, formulas, f, v1, v2)
				}
			}
		}
		as, err := rv.Assess(review.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(as); err != nil {
			t.Fatalf("assessments do not go into JSON: %v", err)
		}
	})
}

// checkDirect checks a derived figure of P1 in 2024 whose formula uses
// only stored figures against the formula itself.
func checkDirect(t *testing.T, formulas [4]string, f review.Fact, v1, v2 float64) {
	stored := map[string]float64{"B1": v1, "B2": v2, "A": v1 * 2}
	if _, ok := stored[f.Indicator]; ok {
		if *f.Value != stored[f.Indicator] {
			t.Fatalf("%s is stored as %v, the facts say %v", f.Indicator, stored[f.Indicator], *f.Value)
		}
		return
	}
	e, err := formula.Parse(formulas[f.Indicator[0]-'A'])
	if err != nil {
		t.Fatalf("%s has a figure though its formula does not parse: %v", f.Indicator, err)
	}
	for _, v := range e.Vars() {
		if _, ok := stored[v]; !ok {
			return // derived from derived figures
		}
	}
	want, err := e.Eval(func(n string) (float64, bool) { v, ok := stored[n]; return v, ok })
	if err != nil || want != *f.Value {
		t.Fatalf("%s = %s gives %v (%v); the facts say %v", f.Indicator, e, want, err, *f.Value)
	}
	if !strings.HasPrefix(f.Status, "=") {
		t.Fatalf("%s derived with status %q", f.Indicator, f.Status)
	}
}
