package review

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/assess"
	"planwatch/period"
)

// Assessment is the verdict on one target, in the shape the command line's
// JSON and the API give it.
type Assessment struct {
	Plan              string   `json:"plan"`
	Unit              string   `json:"unit"`
	UnitName          string   `json:"unit_name"`
	Indicator         string   `json:"indicator"`
	Dims              string   `json:"dims"`
	Kind              string   `json:"kind"`
	Deadline          string   `json:"deadline"`
	TargetValue       *float64 `json:"target_value"`
	Low               *float64 `json:"low"`
	High              *float64 `json:"high"`
	Wording           string   `json:"wording"`
	Method            string   `json:"method"`
	Status            string   `json:"status"`
	Reason            string   `json:"reason"`
	ReasonVI          string   `json:"reason_vi"`
	LatestValue       *float64 `json:"latest_value"`
	LatestPeriod      *string  `json:"latest_period"`
	ProjectedValue    *float64 `json:"projected_value"`
	RequiredGrowthPct *float64 `json:"required_growth_pct"`
	RealisedGrowthPct *float64 `json:"realised_growth_pct"`
	Gap               *float64 `json:"gap"`
	PctOfPlan         *float64 `json:"pct_of_plan"`
}

// Filter selects the targets to assess; AsOf, when set, ignores figures of
// later periods.
type Filter struct {
	Plan string
	Unit string
	AsOf period.Period
}

// Config reads a plan's assessment setting.
func Config(p planwatch.Plan) (assess.Config, error) {
	cfg := assess.Default()
	method, th, err := planwatch.ParseAssessment(p.Assessment)
	if err != nil {
		return cfg, err
	}
	cfg.Method = assess.Method(method)
	if len(th) == 2 {
		cfg.OnTrack = th[0]
		if cfg.Method == assess.UNSD {
			cfg.FairProgress = th[1]
		} else {
			cfg.Acceleration = th[1]
		}
	}
	return cfg, nil
}

// Assess judges the targets the filter selects, in plan, unit and
// indicator order.
func (rv *Review) Assess(f Filter) ([]Assessment, error) {
	var unitIDs map[int64]bool
	if f.Unit != "" {
		ids, err := rv.units.Matching(f.Unit)
		if err != nil {
			return nil, err
		}
		unitIDs = map[int64]bool{}
		for _, id := range ids {
			unitIDs[id] = true
		}
	}
	if f.Plan != "" {
		if _, ok := rv.plans[f.Plan]; !ok {
			return nil, planwatch.Errorf(planwatch.ENOTFOUND, "no plan %q", f.Plan)
		}
	}
	all, err := rv.assessAll(f.AsOf)
	if err != nil {
		return nil, err
	}
	out := []Assessment{}
	for i, t := range rv.targets {
		if f.Plan != "" && t.Plan != f.Plan || unitIDs != nil && !unitIDs[t.Unit] {
			continue
		}
		out = append(out, all[i])
	}
	return out, nil
}

// assessAll judges every target once per snapshot and date of assessment:
// the snapshot does not change, so neither do the verdicts.
func (rv *Review) assessAll(asOf period.Period) ([]Assessment, error) {
	k := cacheKey{what: "assess", p: asOf}
	if c, ok := rv.cache.Load(k); ok {
		return c.([]Assessment), nil
	}
	all := make([]Assessment, len(rv.targets))
	for i, t := range rv.targets {
		a, err := rv.assessTarget(t, asOf)
		if err != nil {
			return nil, err
		}
		all[i] = a
	}
	rv.cache.Store(k, all)
	return all, nil
}

func decimals(v *float64) int {
	if v == nil {
		return 0
	}
	s := strconv.FormatFloat(*v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func (rv *Review) assessTarget(t planwatch.Target, asOf period.Period) (Assessment, error) {
	plan := rv.plans[t.Plan]
	cfg, err := Config(plan)
	if err != nil {
		return Assessment{}, fmt.Errorf("plan %s: %w", plan.Code, err)
	}
	u, _ := rv.units.ByID(t.Unit)
	in := rv.inds[t.Indicator]
	a := Assessment{Plan: t.Plan, Unit: u.Code, UnitName: u.Name("vi"), Indicator: t.Indicator, Dims: string(t.Dims), Kind: string(t.Kind),
		Deadline: t.Period.String(), TargetValue: t.Value, Low: t.Low, High: t.High, Wording: t.Wording, Method: string(cfg.Method)}
	limit := t.Period.EndYear()
	if !asOf.IsZero() && asOf.EndYear() < limit {
		limit = asOf.EndYear()
	}
	within := func(p period.Period) bool {
		return asOf.IsZero() || !p.End().After(asOf.End())
	}
	series := func(code string, dims planwatch.Dims) []assess.Point {
		var pts []assess.Point
		for p, o := range rv.obs[planwatch.SeriesKey{Unit: t.Unit, Indicator: code, Dims: dims}] {
			if p.Freq() == period.Annual && !p.IsInterval() && within(p) && p.EndYear() <= limit {
				pts = append(pts, assess.Point{Year: p.StartYear(), Value: o.Value})
			}
		}
		// Years before the unit began come rebuilt from its predecessors.
		if u.ValidFrom != "" {
			have := map[int]bool{}
			for _, pt := range pts {
				have[pt.Year] = true
			}
			for _, part := range rv.graph.Predecessors(u.ID) {
				for p := range rv.obs[planwatch.SeriesKey{Unit: part.Unit.ID, Indicator: code, Dims: dims}] {
					y := p.StartYear()
					if p.Freq() != period.Annual || p.IsInterval() || have[y] || !within(p) || y > limit {
						continue
					}
					if f, err := rv.value(u.ID, code, dims, p); err == nil && f.rebuilt {
						pts = append(pts, assess.Point{Year: y, Value: f.v})
						have[y] = true
					}
				}
			}
		}
		sortPoints(pts)
		return pts
	}
	input := assess.Input{Kind: t.Kind, Value: t.Value, Low: t.Low, High: t.High, Direction: in.Direction.Sign(), Deadline: t.Period,
		Levels: series(t.Indicator, t.Dims), Decimals: decimals(t.Value)}
	input.Breaks = rv.breakYears(t.Unit, t.Indicator, t.Dims, func(p period.Period) bool { return within(p) && p.EndYear() <= limit })
	if g, dims, ok := rv.growthRate(t.Indicator, t.Dims); ok {
		input.Rates = series(g.Code, dims)
	}
	if t.BaselineValue != nil {
		input.Base = &assess.Point{Year: t.BaselinePeriod.EndYear(), Value: *t.BaselineValue}
	} else if start := plan.Horizon.StartYear() - 1; len(input.Levels) > 0 {
		for _, p := range input.Levels {
			if p.Year == start {
				q := p
				input.Base = &q
			}
		}
	}
	if t.Kind == planwatch.PlanFig && within(t.Period) {
		if f, err := rv.value(t.Unit, t.Indicator, t.Dims, t.Period); err == nil {
			input.Actual = &f.v
		}
	}
	r := assess.Assess(input, cfg)
	// A unit that ended before the deadline is judged on its own figures
	// only: where they stop short of the deadline, the verdict waits for
	// figures on its territory rather than borrowing the successor's.
	if u.ValidTo != "" && u.ValidTo < planwatch.DateOf(t.Period.End()) && (r.Latest == nil || r.Latest.Year < t.Period.EndYear()) && r.Status != assess.Achieved {
		en, vi := rv.boundaryReason(u, t)
		r = assess.Result{Status: assess.NotAssessable, Reason: en, ReasonVI: vi}
	} else if r.Status == assess.NotAssessable && len(input.Levels) == 0 {
		if other := rv.otherDims(t); other != "" {
			r.Reason = fmt.Sprintf("price basis differs: no figures at %s, only at %s", t.Dims, other)
			r.ReasonVI = fmt.Sprintf("khác giá: không có số liệu theo %s, chỉ có theo %s", t.Dims, other)
		}
	}
	a.Status, a.Reason, a.ReasonVI = string(r.Status), r.Reason, r.ReasonVI
	if r.Latest != nil {
		// A level, or for a growth target measured by yearly rates the
		// latest rate.
		a.LatestValue = ptr(r.Latest.Value)
		lp := strconv.Itoa(r.Latest.Year)
		a.LatestPeriod = &lp
	}
	a.ProjectedValue, a.RequiredGrowthPct, a.RealisedGrowthPct, a.Gap, a.PctOfPlan = r.Projected, r.RequiredGrowth, r.Realised, r.Gap, r.PctOfPlan
	for _, p := range []**float64{&a.ProjectedValue, &a.RequiredGrowthPct, &a.RealisedGrowthPct, &a.Gap} {
		if *p != nil && (math.IsNaN(**p) || math.IsInf(**p, 0)) {
			*p = nil
		}
	}
	return a, nil
}

// boundaryReason says, in English and Vietnamese, why a target of a unit
// that ended cannot be judged.
func (rv *Review) boundaryReason(u planwatch.Unit, t planwatch.Target) (string, string) {
	for _, e := range rv.lineage {
		if e.From != u.ID {
			continue
		}
		succ, _ := rv.units.ByID(e.To)
		if _, err := rv.value(succ.ID, t.Indicator, t.Dims, t.Period); err == nil {
			return fmt.Sprintf("boundary changed on %s: only the %s figures of %s, formed from %s and others, exist for %s; they are not %s's",
					u.ValidTo, t.Indicator, succ, u, t.Period, u),
				fmt.Sprintf("địa giới thay đổi ngày %s: chỉ có số liệu %s của %s, hình thành từ %s và đơn vị khác, cho %s; đó không phải số liệu của %s",
					u.ValidTo, t.Indicator, succ, u, t.Period, u)
		}
	}
	return fmt.Sprintf("boundary changed on %s: %s ended before the deadline %s and has no figures for it", u.ValidTo, u, t.Period),
		fmt.Sprintf("địa giới thay đổi ngày %s: %s chấm dứt trước thời hạn %s và không có số liệu cho kỳ đó", u.ValidTo, u, t.Period)
}

// otherDims names dimension values the unit does have figures for.
func (rv *Review) otherDims(t planwatch.Target) string {
	var found []string
	for _, k := range rv.byUnit[t.Unit] {
		if k.Indicator == t.Indicator && k.Dims != t.Dims {
			found = append(found, string(k.Dims))
		}
	}
	return strings.Join(found, ", ")
}

func sortPoints(ps []assess.Point) {
	slices.SortFunc(ps, func(a, b assess.Point) int { return cmp.Compare(a.Year, b.Year) })
}
