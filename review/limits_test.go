package review_test

import (
	"fmt"
	"strings"
	"testing"

	"planwatch"
	"planwatch/period"
)

func formulaInd(code, f string) planwatch.IndicatorRecord {
	return planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: code, NameEN: code, MeasureUnit: "x", Type: planwatch.TypeFlow,
		Aggregation: planwatch.Aggregation{Rule: planwatch.AggFormula}, Direction: planwatch.DirUp, Formula: f}}
}

// Formulas that share operands, eight levels deep and ten terms wide,
// reach the base figure by 10^8 paths; each derived figure is computed
// once, so A's figure, its parent's (by aggregation over the formulas)
// and its ranks all come out.
func TestFormulasSharingOperands(t *testing.T) {
	b := baseWorld()
	b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: "L8", NameEN: "base", MeasureUnit: "x",
		Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: planwatch.AggSum}, Direction: planwatch.DirUp}})
	for i := 7; i >= 0; i-- {
		next := fmt.Sprintf("L%d", i+1)
		b.Indicators = append(b.Indicators, formulaInd(fmt.Sprintf("L%d", i), strings.TrimSuffix(strings.Repeat(next+" + ", 10), " + ")))
	}
	b.Observations = append(b.Observations, o("A", "L8", "", "2024", 1), o("B", "L8", "", "2024", 2), o("C", "L8", "", "2024", 7))
	rv := world(t, b)
	f := fact(t, rv, "A", "L0", "", "2024")
	if f.Value == nil || *f.Value != 1e8 {
		t.Fatalf("L0 = %v, want 1e8 (%v)", f.Value, f.Notes)
	}
	if round(f.ShareOfParentPct, 6) != 10 {
		t.Errorf("share of the nation %v, want 10 (%v)", f.ShareOfParentPct, f.Notes)
	}
	if r := f.Rank[0]; r.Rank == nil || *r.Rank != 3 || r.WithData != 3 {
		t.Errorf("rank %+v", r)
	}
}

// Formulas nested deeper than evaluation follows give a note that says
// so, not a figure and not a crash.
func TestFormulasNestedTooDeep(t *testing.T) {
	b := baseWorld()
	b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: "D20", NameEN: "base", MeasureUnit: "x",
		Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: planwatch.AggSum}, Direction: planwatch.DirUp}})
	for i := 19; i >= 0; i-- {
		b.Indicators = append(b.Indicators, formulaInd(fmt.Sprintf("D%d", i), fmt.Sprintf("D%d + 1", i+1)))
	}
	b.Observations = append(b.Observations, o("A", "D20", "", "2024", 1), o("A", "GRDP", "price=current", "2024", 100))
	rv := world(t, b)
	facts, err := rv.Facts("A", period.MustParse("2024"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range facts {
		if f.Value != nil {
			got[f.Indicator] = *f.Value
		}
	}
	// D12 is eight formulas above D20; D11 is nine.
	if got["D12"] != 9 || got["D19"] != 2 {
		t.Errorf("D12 = %v, D19 = %v, want 9 and 2", got["D12"], got["D19"])
	}
	if v, ok := got["D11"]; ok {
		t.Errorf("D11 = %v, nine formulas deep", v)
	}
	if _, _, err := rv.Value("A", "D0", "", period.MustParse("2024")); err == nil || !strings.Contains(err.Error(), "formulas nest more than 8 deep") {
		t.Errorf("D0: %v", err)
	}
}
