package planwatch_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"planwatch"
	"planwatch/sqlite"
	"planwatch/storetest"
)

var ctx = context.Background()

// newStore is an empty store: the memory store, which behaves as the
// database stores do (it passes their conformance suite), for the checks
// of Apply, which are the same whatever the store.
func newStore(testing.TB) planwatch.Store { return storetest.NewMemory() }

// newSQLite is an empty SQLite store that the test closes.
func newSQLite(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// derivedInd is an indicator defined by a formula, on line 'line' of
// indicators.csv.
func derivedInd(line int, code, f string) planwatch.IndicatorRecord {
	return planwatch.IndicatorRecord{Pos: planwatch.Pos{File: "indicators.csv", Line: line}, Indicator: planwatch.Indicator{
		Code: code, NameVI: code, MeasureUnit: "x", Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: planwatch.AggFormula},
		Direction: planwatch.DirUp, Formula: f}}
}

func baseInd(line int, code string) planwatch.IndicatorRecord {
	return planwatch.IndicatorRecord{Pos: planwatch.Pos{File: "indicators.csv", Line: line}, Indicator: planwatch.Indicator{
		Code: code, NameVI: code, MeasureUnit: "x", Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: planwatch.AggSum}, Direction: planwatch.DirUp}}
}

// applyErr applies b and returns the error, failing when there is none.
func applyErr(t *testing.T, s planwatch.Store, b *planwatch.Batch) string {
	t.Helper()
	_, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{})
	if err == nil {
		t.Fatal("Apply accepted the batch")
	}
	if planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("error code %q, want invalid: %v", planwatch.ErrorCode(err), err)
	}
	return err.Error()
}

func indicatorCount(t *testing.T, s planwatch.Store) int {
	t.Helper()
	inds, err := s.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return len(inds)
}

// Formulas that lead back to where they started are refused with the
// chain, on the line and column of the indicator that opens it.
func TestFormulaCyclesRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		inds []planwatch.IndicatorRecord
		want []string
	}{
		{"two steps", []planwatch.IndicatorRecord{derivedInd(2, "CYA", "CYB * 2"), derivedInd(3, "CYB", "CYA / 2")},
			[]string{"indicators.csv line 2, column formula: formulas form a cycle: CYA -> CYB -> CYA"}},
		{"three steps", []planwatch.IndicatorRecord{baseInd(2, "BASE"), derivedInd(3, "CYA", "CYB + BASE"), derivedInd(4, "CYB", "(CYC - 1) * BASE"), derivedInd(5, "CYC", "CYA / 3")},
			[]string{"indicators.csv line 3, column formula: formulas form a cycle: CYA -> CYB -> CYC -> CYA"}},
		{"two cycles", []planwatch.IndicatorRecord{derivedInd(2, "CYA", "CYB"), derivedInd(3, "CYB", "CYA"), derivedInd(4, "CYX", "CYY + 1"), derivedInd(5, "CYY", "CYX")},
			[]string{"line 2, column formula: formulas form a cycle: CYA -> CYB -> CYA", "line 4, column formula: formulas form a cycle: CYX -> CYY -> CYX"}},
		{"self", []planwatch.IndicatorRecord{derivedInd(2, "CYA", "CYA * 2")},
			[]string{"line 2, column formula: formula of CYA uses CYA itself"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			msg := applyErr(t, s, &planwatch.Batch{Indicators: tc.inds})
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if n := strings.Count(msg, "cycle"); n != strings.Count(strings.Join(tc.want, "\n"), "cycle") {
				t.Errorf("%d cycles reported, want %d:\n%s", n, len(tc.want), msg)
			}
			if n := indicatorCount(t, s); n != 0 {
				t.Errorf("%d indicators written", n)
			}
		})
	}
}

// A batch may close a cycle with indicators already stored: CYA and CYB
// are stored, CYB a base indicator; a later file gives CYB a formula over
// CYC, and CYC one over CYA.
func TestFormulaCycleClosedAgainstStore(t *testing.T) {
	s := newStore(t)
	if _, err := planwatch.Apply(ctx, s, &planwatch.Batch{Indicators: []planwatch.IndicatorRecord{baseInd(2, "CYB"), derivedInd(3, "CYA", "CYB * 2")}}, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	later := &planwatch.Batch{Indicators: []planwatch.IndicatorRecord{derivedInd(2, "CYC", "CYA + 1"), derivedInd(3, "CYB", "CYC / 2")}}
	for i := range later.Indicators {
		later.Indicators[i].File = "later.csv"
	}
	msg := applyErr(t, s, later)
	if want := "later.csv line 2, column formula: formulas form a cycle: CYC -> CYA -> CYB -> CYC"; !strings.Contains(msg, want) {
		t.Errorf("error lacks %q:\n%s", want, msg)
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(inds) != 2 || inds[1].Code != "CYB" || inds[1].Formula != "" {
		t.Errorf("the refused batch changed the store: %+v", inds)
	}
	// Without the closing formula, the same chain imports.
	later.Indicators[1] = derivedInd(3, "CYB", "7")
	if _, err := planwatch.Apply(ctx, s, later, planwatch.ApplyOptions{}); err != nil {
		t.Errorf("an acyclic chain was refused: %v", err)
	}
}

// TestApplyCheck: the writer's check runs in the transaction, sees what
// the store holds, and its error writes nothing of the batch.
func TestApplyCheck(t *testing.T) {
	s := newStore(t)
	b := &planwatch.Batch{Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: "24", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", Level: planwatch.LevelProvince}}}}
	refused := planwatch.Errorf(planwatch.ECONFLICT, "someone else wrote first")
	var saw int
	check := func(ctx context.Context, tx planwatch.Tx) error {
		units, err := tx.Units(ctx)
		saw = len(units)
		if err != nil {
			return err
		}
		return refused
	}
	if _, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{Check: check}); planwatch.ErrorCode(err) != planwatch.ECONFLICT {
		t.Fatalf("the check's error: %v", err)
	}
	if units, _ := s.Units(ctx); len(units) != 0 || saw != 0 {
		t.Fatalf("a refused batch wrote %d units (the check saw %d)", len(units), saw)
	}
	sum, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{Check: func(context.Context, planwatch.Tx) error { return nil }})
	if err != nil || sum.Get("units").Added != 1 {
		t.Fatalf("a passing check: %v %+v", err, sum)
	}
	// Run again, the check sees the unit the first write added.
	planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{Check: check})
	if saw != 1 {
		t.Errorf("the check saw %d units, want 1", saw)
	}
}
