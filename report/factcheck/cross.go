package factcheck

import (
	"fmt"
	"slices"

	"planwatch"
	"planwatch/formula"
	"planwatch/period"
)

// crossChecks checks the draft's figures against each other: a total and
// its parts by the indicator's formula (import-export turnover = exports +
// imports), and a value with the % of plan and the growth stated beside
// it.
func (ck *checker) crossChecks(claims []Claim, bs []binding, rs []Result) []Result {
	type key struct{ unit, period, code, dims string }
	values := map[key]int{}
	for k, r := range rs {
		if k < len(claims) && r.Kind == KindValue && !r.Target && r.Indicator != "" && !claims[k].Range && claims[k].Bound == Exact {
			kk := key{r.Unit, r.Period, r.Indicator, r.Dims}
			if _, dup := values[kk]; !dup {
				values[kk] = k
			}
		}
	}
	sortedKeys := make([]key, 0, len(values))
	for kk := range values {
		sortedKeys = append(sortedKeys, kk)
	}
	slices.SortFunc(sortedKeys, func(a, b key) int { return values[a] - values[b] })
	var out []Result
	cross := func(k int, measure string, computed float64, ok bool, t text, from []string) {
		r := rs[k]
		res := Result{Claim: r.Claim, Start: r.Start, End: r.End, Kind: r.Kind, Indicator: r.Indicator, Dims: r.Dims, Unit: r.Unit,
			UnitName: r.UnitName, Period: r.Period, Measure: measure, Stated: r.Stated, Bound: r.Bound, MeasureUnit: r.MeasureUnit,
			Computed: &computed, Verdict: Differs, Reason: t.en, ReasonVI: t.vi, From: from, CrossCheck: true}
		if ok {
			res.Verdict = Confirmed
		}
		out = append(out, res)
	}
	// A total and its parts.
	for _, in := range ck.rv.Indicators() {
		if in.Formula == "" {
			continue
		}
		e, err := formula.Parse(in.Formula)
		if err != nil {
			continue
		}
		for _, kk := range sortedKeys {
			k := values[kk]
			if kk.code != in.Code {
				continue
			}
			var parts text
			var from []string
			v, err := e.Eval(func(name string) (float64, bool) {
				comp, ok := ck.lx.inds[name]
				if !ok {
					return 0, false
				}
				j, ok := values[key{kk.unit, kk.period, name, string(comp.Restrict(planwatch.Dims(kk.dims)))}]
				if !ok {
					return 0, false
				}
				parts = parts.join(", ", say("%s %s", "%s %s", name, num(rs[j].Stated, -1)))
				from = append(from, fmt.Sprintf("draft %q", rs[j].Claim))
				return rs[j].Stated, true
			})
			if err != nil {
				continue
			}
			c := claims[k]
			factor := rs[k].Stated / nonzero(c.Value)
			ok := agrees(c, c.Value, c.High, v/factor)
			cross(k, "formula", v, ok, say("the draft's own figures give %s = %s = %s (%s)", "các số liệu trong văn bản cho %s = %s = %s (%s)",
				in.Code, in.Formula, shown(v, c.Decimals+1), parts), from)
		}
	}
	// A value with its % of plan and its growth.
	for k, r := range rs {
		if k >= len(claims) || r.Target || r.Indicator == "" || claims[k].Range {
			continue
		}
		c := claims[k]
		j, ok := values[key{r.Unit, r.Period, r.Indicator, r.Dims}]
		if !ok || bs[k].unit == nil {
			continue
		}
		v := rs[j].Stated
		u := *bs[k].unit
		p := bs[k].period
		from := []string{fmt.Sprintf("draft %q", rs[j].Claim)}
		switch {
		case c.Kind == KindPctOfPlan && r.Measure == "pct_of_plan":
			f, ok := ck.fact(u, p, r.Indicator, planwatch.Dims(r.Dims))
			if !ok {
				continue
			}
			plans := make([]string, 0, len(f.PctOfPlan))
			for plan := range f.PctOfPlan {
				plans = append(plans, plan)
			}
			slices.Sort(plans)
			for _, plan := range plans {
				pl, _ := ck.rv.Plan(plan)
				if (c.PlanWord == "estimate") != (pl.Kind == "budget_estimate") && len(plans) > 1 {
					continue
				}
				fig := ck.planFigure(u, r.Indicator, planwatch.Dims(r.Dims), p, plan)
				if fig == 0 {
					continue
				}
				q := v / fig * 100
				cross(k, "pct_of_plan", q, agrees(c, c.Value, c.High, q), say("the draft's %s is %s of the figure %s of %s", "con số %s trong văn bản bằng %s chỉ tiêu %s của %s",
					num(v, -1), pct(q, c.Decimals+1), num(fig, -1), plan), append(from, "plan "+plan))
				break
			}
		case c.Kind == KindGrowth && r.Measure == "growth_pct":
			f, ok := ck.fact(u, p, r.Indicator, planwatch.Dims(r.Dims))
			if !ok {
				continue
			}
			prev, prevP := f.PreviousValue, f.PreviousPeriod
			if c.Base > 0 && period.Year(c.Base).String() != prevP {
				bv, _, err := ck.rv.Value(u.Ref(), r.Indicator, planwatch.Dims(r.Dims), period.Year(c.Base))
				if err != nil {
					continue
				}
				prev, prevP = &bv, period.Year(c.Base).String()
			}
			if prev == nil || *prev == 0 {
				continue
			}
			g := (v/(*prev) - 1) * 100
			cross(k, "growth_pct", g, agreesSigned(c, signed(c), g), say("the draft's %s against %s in %s is %s", "con số %s trong văn bản so với %s năm %s là %s",
				num(v, -1), num(*prev, -1), prevP, signedPct(g, c.Decimals+1)), append(from, fmt.Sprintf("%s %s %s", u.Ref(), r.Indicator, prevP)))
		}
	}
	slices.SortStableFunc(out, func(a, b Result) int { return a.Start - b.Start })
	return out
}
