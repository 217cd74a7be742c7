package factcheck

import (
	"math"
	"slices"
	"strings"

	"planwatch"
)

// target checks a sentence that sets a target ("Strive for ... 7-8%/year",
// "the budget revenue reaches VND 37,400 billion") against the targets of
// the unit's plans in the store.
func (ck *checker) target(c Claim, b binding) []outcome {
	u := *b.unit
	var outs []outcome
	var codes []string
	for _, ref := range b.inds {
		want := []string{ref.code}
		growthInd := strings.HasSuffix(ref.code, "_GROWTH")
		if growthInd {
			want = append(want, strings.TrimSuffix(ref.code, "_GROWTH"))
		}
		codes = append(codes, want...)
		for _, t := range ck.rv.Targets("") {
			// A plan's figure ("plan USD 74.6 bn") is checked against the
			// plans' figures only, a target against the targets only.
			if t.Unit != u.ID || !slices.Contains(want, t.Indicator) || (t.Kind == planwatch.PlanFig) != (c.PlanWord != "" && c.Kind == KindValue) || !fits(t.Dims, ref.dims) {
				continue
			}
			growthTarget := t.Kind == planwatch.AvgGrowth || t.Kind == planwatch.Growth
			claimGrowth := c.Kind == KindAvgGrowth || c.Kind == KindGrowth || growthInd
			if growthTarget != claimGrowth || c.Kind == KindAvgGrowth && t.Kind != planwatch.AvgGrowth {
				continue
			}
			if b.periodStated && t.Period != b.period {
				continue
			}
			outs = append(outs, ck.againstTarget(c, t, growthTarget))
		}
	}
	if len(outs) == 0 {
		slices.Sort(codes)
		codes = slices.Compact(codes)
		when := ""
		if b.periodStated {
			when = " " + b.period.String()
		}
		return []outcome{{verdict: Unverifiable, code: b.inds[0].code, measure: "target", stated: c.Value,
			reason: say("no target of %s for %s%s in the store", "không có mục tiêu %s của %s%s trong cơ sở dữ liệu", u.String(), strings.Join(codes, ", "), when)}}
	}
	return outs
}

func fits(have, want planwatch.Dims) bool {
	for _, kv := range want.Pairs() {
		if have.Get(kv[0]) != kv[1] {
			return false
		}
	}
	return true
}

func (ck *checker) againstTarget(c Claim, t planwatch.Target, growth bool) outcome {
	in := ck.lx.inds[t.Indicator]
	factor := 1.0
	mu := "%"
	if !growth {
		factor, mu = writtenFactor(c, in), in.MeasureUnit
	}
	o := outcome{code: t.Indicator, dims: t.Dims, measure: "target", stated: c.Value * factor, mu: mu,
		from: []string{"target " + t.Plan + " " + t.Indicator + " " + t.Period.String()}, period: t.Period.String()}
	lo, hi := t.Low, t.High
	if t.Value != nil {
		lo, hi = t.Value, nil
	}
	if lo == nil && hi != nil {
		lo, hi = hi, nil
	}
	if lo == nil {
		o.verdict, o.reason = Unverifiable, say("the target of %s has no figure", "mục tiêu của %s không có con số", t.Plan)
		return o
	}
	exact := c
	exact.Bound = Exact
	half := 0.5 * math.Pow10(-c.Decimals)
	var ok bool
	switch {
	case c.Bound == DoubleDigit:
		ok = *lo == 10
	case c.Range:
		ok = hi != nil && math.Abs(*lo/factor-c.Value) <= half+1e-9 && math.Abs(*hi/factor-c.High) <= half+1e-9
	default:
		ok = hi == nil && agrees(exact, c.Value, 0, *lo/factor)
	}
	figure := amount(*lo, -1, mu)
	if hi != nil {
		figure = say("%s-%s", "%s-%s", num(*lo, -1), amount(*hi, -1, mu))
	}
	o.computed = lo
	desc := say("the target of %s for %s is %s (%q)", "mục tiêu của %s cho %s là %s (%q)", t.Plan, t.Period.String(), figure, t.Wording)
	if ok {
		o.verdict, o.reason = Confirmed, desc
	} else {
		o.verdict, o.reason = Differs, desc
	}
	return o
}
