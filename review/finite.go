package review

import (
	"fmt"
	"math"
)

// Figures too large for a number (sums and means of figures near the
// largest float, growth over a base near zero) are errors where review
// computes them, and are taken out, with a note, of what it hands on from
// calc and assess: no page, file or JSON can show an infinity.

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// finiteFigure is f, or an error when its value is not a finite number.
func finiteFigure(f figure, err error, code string) (figure, error) {
	if err == nil && !isFinite(f.v) {
		return figure{}, fmt.Errorf("%w: %s is too large to be a figure", errLimit, code)
	}
	return f, err
}

// clean sets a measure that is not a finite number to nil and says so.
func clean(name string, p **float64, note func(string, ...any)) {
	if *p != nil && !isFinite(**p) {
		*p = nil
		if note != nil {
			note("%s: too large to be a figure", name)
		}
	}
}

// cleanFact takes every measure of f that is not a finite number out.
func cleanFact(f *Fact) {
	note := func(format string, args ...any) { f.Notes = append(f.Notes, fmt.Sprintf(format, args...)) }
	for name, p := range map[string]**float64{"value": &f.Value, "previous_value": &f.PreviousValue, "change": &f.Change, "growth_pct": &f.GrowthPct,
		"growth_prev_pct": &f.GrowthPrevPct, "avg_growth_pct": &f.AvgGrowthPct, "multiple_of_base": &f.MultipleOfBase,
		"share_of_parent_pct": &f.ShareOfParentPct, "ratio_to_parent": &f.RatioToParent} {
		clean(name, p, note)
	}
	for _, m := range []map[string]float64{f.ShareOfGroupPct, f.PctOfPlan} {
		for k, v := range m {
			if !isFinite(v) {
				delete(m, k)
				note("%s: too large to be a figure", k)
			}
		}
	}
}

// cleanVerdict takes every figure of v that is not a finite number out.
func cleanVerdict(v *Verdict) {
	for _, p := range []**float64{&v.LatestValue, &v.ProjectedValue, &v.RequiredGrowthPct, &v.RealisedGrowthPct, &v.Gap, &v.PctOfPlan} {
		clean("", p, nil)
	}
}
