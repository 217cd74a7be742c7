package review

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"planwatch"
	"planwatch/calc"
	"planwatch/excerpt"
	"planwatch/period"
)

// Rank is a unit's place among peers: scope "national" (the units of its
// level valid at the period) or a group code. Rank is nil when the unit has
// no figure; Of counts the peers and WithData those that have one.
type Rank struct {
	Scope    string `json:"scope"`
	Rank     *int   `json:"rank"`
	Of       int    `json:"of"`
	WithData int    `json:"with_data"`
}

// Fact is one indicator of a unit at a period with every measure a review
// quotes. A measure that cannot be computed is nil, and Notes says why.
type Fact struct {
	Unit             string              `json:"unit"`
	UnitName         string              `json:"unit_name"`
	Indicator        string              `json:"indicator"`
	IndicatorName    string              `json:"indicator_name"`
	IndicatorNameVI  string              `json:"indicator_name_vi"`
	Dims             string              `json:"dims"`
	Period           string              `json:"period"`
	Value            *float64            `json:"value"`
	Rebuilt          bool                `json:"rebuilt"`
	MeasureUnit      string              `json:"measure_unit"`
	Status           string              `json:"status"`
	Source           string              `json:"source"`
	PreviousPeriod   string              `json:"previous_period"`
	PreviousValue    *float64            `json:"previous_value"`
	Change           *float64            `json:"change"`
	GrowthPct        *float64            `json:"growth_pct"`
	GrowthPrevPct    *float64            `json:"growth_prev_pct,omitempty"`
	AvgGrowthPct     *float64            `json:"avg_growth_pct,omitempty"`
	MultipleOfBase   *float64            `json:"multiple_of_base,omitempty"`
	Base             string              `json:"base,omitempty"`
	Parent           string              `json:"parent"`
	ShareOfParentPct *float64            `json:"share_of_parent_pct"`
	ShareOfGroupPct  map[string]float64  `json:"share_of_group_pct"`
	RatioToParent    *float64            `json:"ratio_to_parent"`
	Rank             []Rank              `json:"rank"`
	PctOfPlan        map[string]float64  `json:"pct_of_plan"`
	From             map[string][]string `json:"from"`
	Notes            []string            `json:"notes"`
	// Drafts lists the stored figures the fact used that are not yet
	// approved (its value, the previous one).
	Drafts []string `json:"drafts,omitempty"`
}

func ptr(v float64) *float64 { return &v }

// notPercentGrowth says whether growth in percent means something for the
// measure unit: not for percentages and ranks, whose change is given.
func notPercentGrowth(in planwatch.Indicator) bool {
	return in.MeasureUnit == "%" || in.MeasureUnit == "rank"
}

// Options add measures to facts.
type Options struct {
	// Base, when set, adds the multiple of the figure at Base ("more than 19
	// times 2005").
	Base period.Period
}

// Facts lists every indicator of the unit at the period: its stored
// figures, and the figures its formulas derive from them.
func (rv *Review) Facts(unitRef string, p period.Period, opts ...Options) (out []Fact, err error) {
	var opt Options
	if len(opts) > 0 {
		opt = opts[0]
	}
	u, err := rv.Unit(unitRef, p)
	if err != nil {
		return nil, err
	}
	// The snapshot does not change: each unit's facts are computed once.
	// Callers must not modify what they get.
	ck := cacheKey{what: "facts", scope: u.Ref() + "|" + opt.Base.String(), p: p}
	if c, ok := rv.cache.Load(ck); ok {
		return c.([]Fact), nil
	}
	since := rv.figs.failures.Load()
	defer func() {
		if err == nil && rv.figs.failures.Load() != since {
			err = fmt.Errorf("reading the figures: %w", rv.Err())
		}
		if err == nil {
			rv.keep(ck, out, 1024*int64(len(out)+1), since)
		}
	}()
	type key struct {
		code string
		dims planwatch.Dims
	}
	rv.frameFor(u, p, opt)
	var keys []key
	seen := map[key]bool{}
	for _, k := range rv.figs.keysAt(u.ID, p) {
		if !seen[key{k.Indicator, k.Dims}] {
			keys = append(keys, key{k.Indicator, k.Dims})
			seen[key{k.Indicator, k.Dims}] = true
		}
	}
	// A unit that began after the period has the figures its predecessors
	// allow rebuilding.
	if u.ValidFrom != "" && planwatch.DateOf(p.End()) <= u.ValidFrom {
		for _, part := range rv.graph.Predecessors(u.ID) {
			for _, k := range rv.figs.keysAt(part.Unit.ID, p) {
				if seen[key{k.Indicator, k.Dims}] {
					continue
				}
				if _, err := rv.value(u.ID, k.Indicator, k.Dims, p); err == nil {
					keys = append(keys, key{k.Indicator, k.Dims})
					seen[key{k.Indicator, k.Dims}] = true
				}
			}
		}
	}
	for _, in := range rv.indList {
		if in.Formula == "" {
			continue
		}
		for _, d := range dimsCombos(in) {
			if seen[key{in.Code, d}] {
				continue
			}
			if _, err := rv.value(u.ID, in.Code, d, p); err == nil {
				keys = append(keys, key{in.Code, d})
				seen[key{in.Code, d}] = true
			}
		}
	}
	// Every indicator's figures at the period across the unit's level and
	// its parent's, for the ranks and the parent's and groups' totals, in
	// one read.
	if !rv.figs.complete && len(keys) > 0 {
		codes := make([]string, 0, len(keys))
		for _, k := range keys {
			codes = append(codes, k.code)
		}
		levels := []planwatch.Level{u.Level}
		if parent, ok := rv.units.ByID(u.Parent); ok {
			levels = append(levels, parent.Level)
		}
		rv.prefetch(p, levels, codes...)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.code, b.code); c != 0 {
			return c
		}
		return strings.Compare(string(a.dims), string(b.dims))
	})
	out = make([]Fact, 0, len(keys))
	for _, k := range keys {
		out = append(out, rv.fact(u, k.code, k.dims, p, opt))
	}
	return out, nil
}

// frameFor reads, in one read for each level, every figure the facts of a
// unit at a period look at, and those of the other units of its level:
// the figures of the period and of the period growth compares with (and
// the base's), of the unit's level, its parent's and its predecessors'.
// The facts of each unit of a level then read nothing more.
func (rv *Review) frameFor(u planwatch.Unit, p period.Period, opt Options) {
	if rv.figs.complete {
		return
	}
	ps := []period.Period{p, p.YearAgo()}
	if p.IsInterval() && p.Freq() == period.Annual {
		ps[1] = p.Previous()
	} else if p.Freq() != period.Annual && !p.IsInterval() {
		ps = append(ps, p.Previous())
	}
	if !opt.Base.IsZero() {
		ps = append(ps, opt.Base)
	}
	levels := []planwatch.Level{u.Level}
	if parent, ok := rv.units.ByID(u.Parent); ok {
		levels = append(levels, parent.Level)
	}
	for _, part := range rv.graph.Predecessors(u.ID) {
		levels = append(levels, part.Unit.Level)
	}
	for i, l := range levels {
		if !slices.Contains(levels[:i], l) {
			rv.figs.frame(l, ps...)
		}
	}
}

func (rv *Review) fact(u planwatch.Unit, code string, dims planwatch.Dims, p period.Period, opt Options) Fact {
	in := rv.inds[code]
	f := Fact{Unit: u.Code, UnitName: u.Name("vi"), Indicator: code, IndicatorName: in.Name("en"), IndicatorNameVI: in.Name("vi"), Dims: string(dims), Period: p.String(),
		MeasureUnit: in.MeasureUnit, Rank: []Rank{}, PctOfPlan: map[string]float64{}, ShareOfGroupPct: map[string]float64{}, From: map[string][]string{}, Notes: []string{}}
	note := func(format string, args ...any) { f.Notes = append(f.Notes, fmt.Sprintf(format, args...)) }
	cur, err := rv.traced(u.ID, code, dims, p)
	if err != nil {
		if errors.Is(err, errNoFigure) {
			note("value: no figure for %s", describe(u.Ref(), code, dims, p))
		} else {
			note("value: %v", err)
		}
		return f
	}
	f.Value, f.Status, f.Source, f.From["value"], f.Rebuilt = ptr(cur.v), cur.status, cur.source, cur.from, cur.rebuilt
	if cur.rebuilt {
		note("value: rebuilt on the territory of %s from its predecessors", u)
	}
	if cur.draft {
		f.Drafts = append(f.Drafts, describe(u.Ref(), code, dims, p))
	}

	// Growth: over the same period a year earlier (the previous year for a
	// year), over the previous interval for an interval; sub-annual periods
	// also against the period just before.
	prevP := p.YearAgo()
	if p.IsInterval() && p.Freq() == period.Annual {
		prevP = p.Previous()
	}
	f.PreviousPeriod = prevP.String()
	prev, err := rv.traced(u.ID, code, dims, prevP)
	if err == nil && prev.draft {
		f.Drafts = append(f.Drafts, describe(u.Ref(), code, dims, prevP))
	}
	if err != nil {
		note("growth_pct: no figure for %s", describe(u.Ref(), code, dims, prevP))
	} else if why, broken := rv.figureBreak(prev, cur, prevP, p); broken {
		// The levels are not comparable: the published rate, or nothing.
		f.PreviousValue = ptr(prev.v)
		g, gdims, ok := rv.growthRate(code, dims)
		var rate figure
		if ok && p.Freq() == period.Annual && !p.IsInterval() && !notPercentGrowth(in) {
			rate, err = rv.traced(u.ID, g.Code, gdims, p)
		} else {
			err = errNoFigure
		}
		switch {
		case err == nil:
			f.GrowthPct = ptr(rate.v)
			f.From["growth_pct"] = rate.from
			note("growth_pct: a break in the series (%s): the published rate %s is used, not the levels", why, describe(u.Ref(), g.Code, gdims, p))
		case notPercentGrowth(in):
			note("change: not computed: a break in the series (%s)", why)
		default:
			levels := ""
			if lg, err := calc.Growth(prev.v, cur.v); err == nil {
				levels = fmt.Sprintf("; the levels give %.2f %%, which compares two sources", lg)
			}
			gname := code + "_GROWTH"
			if ok {
				gname = g.Code
			}
			note("growth_pct: not computed: a break in the series (%s), and no published rate %s for %s%s", why, gname, p, levels)
		}
	} else {
		f.PreviousValue = ptr(prev.v)
		f.Change = ptr(calc.Change(prev.v, cur.v))
		if notPercentGrowth(in) {
			note("growth_pct: %s is in %s; the change is given instead", code, in.MeasureUnit)
		} else if g, err := calc.Growth(prev.v, cur.v); err != nil {
			note("growth_pct: %v", err)
		} else {
			f.GrowthPct = ptr(g)
			f.From["growth_pct"] = append(slices.Clone(cur.from), prev.from...)
		}
	}
	if p.Freq() != period.Annual && !p.IsInterval() && !notPercentGrowth(in) {
		if prev, err := rv.value(u.ID, code, dims, p.Previous()); err == nil {
			if g, err := calc.Growth(prev.v, cur.v); err == nil {
				f.GrowthPrevPct = ptr(g)
			}
		}
	}

	// Average growth over an interval of years; multiple of a base period.
	if p.IsInterval() && p.Freq() == period.Annual {
		if g, how, err := rv.AverageGrowth(u.Ref(), code, dims, p); err != nil {
			note("avg_growth_pct: %v", err)
		} else {
			f.AvgGrowthPct = ptr(g)
			f.From["avg_growth_pct"] = []string{how}
		}
	}
	if !opt.Base.IsZero() {
		f.Base = opt.Base.String()
		if m, err := rv.Multiple(u.Ref(), code, dims, opt.Base, p); err != nil {
			note("multiple_of_base: %v", err)
		} else {
			f.MultipleOfBase = ptr(m)
		}
	}

	// Share of the parent for quantities that add up; ratio to the parent
	// for rates and per-head figures.
	if u.Parent != 0 && in.MeasureUnit != "rank" {
		parent, pf, err := rv.parentFigure(u, code, dims, p)
		f.Parent = parent.Code
		measure := "ratio_to_parent"
		if in.Type != planwatch.TypeRate {
			measure = "share_of_parent_pct"
		}
		switch {
		case err != nil:
			note("%s: %v", measure, err)
		case in.Type != planwatch.TypeRate:
			if s, err := calc.Share(cur.v, pf.v); err != nil {
				note("share_of_parent_pct: %v", err)
			} else {
				f.ShareOfParentPct = ptr(s)
				f.From[measure] = append(slices.Clone(cur.from), pf.from...)
			}
		default:
			if r, err := calc.Ratio(cur.v, pf.v); err != nil {
				note("ratio_to_parent: %v", err)
			} else {
				f.RatioToParent = ptr(r)
				f.From[measure] = append(slices.Clone(cur.from), pf.from...)
			}
		}
	}

	// Ranks among the units of the level, and within each group; shares of
	// each group's total.
	if in.MeasureUnit != "rank" {
		f.Rank = append(f.Rank, rv.rank("national", u, rv.peers(u.Level, p), in, dims, p, note))
		groups := rv.groupsOf(u, p)
		for _, g := range sortedKeys(groups) {
			f.Rank = append(f.Rank, rv.rank(g, u, groups[g], in, dims, p, note))
			if in.Type == planwatch.TypeRate {
				continue
			}
			total, err := rv.groupTotal(g, groups[g], code, dims, p)
			if err != nil {
				note("share_of_group_pct %s: %v", g, err)
			} else if s, err := calc.Share(cur.v, total.v); err == nil {
				f.ShareOfGroupPct[g] = s
			}
		}
	}

	// % of every plan figure set for this unit, indicator and period.
	for _, t := range rv.planFigs[u.ID][code] {
		if t.Dims == dims && t.Period == p && t.Value != nil {
			if pct, err := calc.PctOfPlan(cur.v, *t.Value); err == nil {
				f.PctOfPlan[t.Plan] = pct
			} else {
				note("pct_of_plan %s: %v", t.Plan, err)
			}
		}
	}
	cleanFact(&f)
	return f
}

// ranked is the ranking of one scope's peers, shared by all of them.
type ranked struct {
	ranks    map[string]int
	withData int
}

func (rv *Review) rank(scope string, u planwatch.Unit, peers []planwatch.Unit, in planwatch.Indicator, dims planwatch.Dims, p period.Period, note func(string, ...any)) Rank {
	k := cacheKey{"rank", scope + "|" + string(u.Level), in.Code, dims, p}
	c, ok := rv.cache.Load(k)
	if !ok {
		since := rv.figs.failures.Load()
		rv.prefetch(p, levelsOf(peers), in.Code)
		vals := map[string]float64{}
		for _, peer := range peers {
			if f, err := rv.value(peer.ID, in.Code, dims, p); err == nil {
				vals[peer.Ref()] = f.v
			}
		}
		rk := ranked{ranks: map[string]int{}, withData: len(vals)}
		for _, r := range calc.Rank(vals, in.Direction.Sign()) {
			rk.ranks[r.Key] = r.Rank
		}
		rv.keep(k, rk, 64*int64(len(rk.ranks)+1), since)
		c = rk
	}
	rk := c.(ranked)
	r := Rank{Scope: scope, Of: len(peers), WithData: rk.withData}
	if n := rk.ranks[u.Ref()]; n > 0 {
		r.Rank = &n
	} else {
		note("rank %s: %s has no figure", scope, u)
	}
	if r.WithData < r.Of {
		note("rank %s: only %d of %d peers have a figure for %s", scope, r.WithData, r.Of, p)
	}
	return r
}

// groupTotal is a group's figure made from its members by the indicator's
// aggregation rule, shared by all members' facts.
func (rv *Review) groupTotal(group string, members []planwatch.Unit, code string, dims planwatch.Dims, p period.Period) (figure, error) {
	k := cacheKey{"group", group, code, dims, p}
	if c, ok := rv.cache.Load(k); ok {
		return c.(cachedFigure).f, c.(cachedFigure).err
	}
	since := rv.figs.failures.Load()
	rv.prefetch(p, levelsOf(members), code)
	f, err := rv.aggregate(members, code, dims, p, "members of "+group)
	rv.keep(k, cachedFigure{f, err}, 256, since)
	return f, err
}

// Multiple is how many times its figure at base the unit's figure at p is.
func (rv *Review) Multiple(unitRef, code string, dims planwatch.Dims, base, p period.Period) (float64, error) {
	u, err := rv.Unit(unitRef, p)
	if err != nil {
		return 0, err
	}
	b, err := rv.value(u.ID, code, dims, base)
	if err != nil {
		return 0, fmt.Errorf("no figure for %s", describe(u.Ref(), code, dims, base))
	}
	c, err := rv.value(u.ID, code, dims, p)
	if err != nil {
		return 0, fmt.Errorf("no figure for %s", describe(u.Ref(), code, dims, p))
	}
	return calc.Multiple(b.v, c.v)
}

// AverageGrowth is the average annual growth in percent over an interval:
// a rate observed over the interval itself is used as such; otherwise a
// chain of yearly rates; otherwise the levels at the year before the
// interval and at its end. A growth indicator (in %) is read as rates, any
// other as levels.
func (rv *Review) AverageGrowth(unitRef, code string, dims planwatch.Dims, iv period.Period) (float64, string, error) {
	u, err := rv.Unit(unitRef, iv)
	if err != nil {
		return 0, "", err
	}
	in, ok := rv.inds[code]
	if !ok {
		return 0, "", fmt.Errorf("%s is not a known indicator", excerpt.Quote(code))
	}
	if in.MeasureUnit == "%" {
		if f, err := rv.value(u.ID, code, dims, iv); err == nil {
			return f.v, "observed over " + iv.String(), nil
		}
		var rates []float64
		for _, y := range iv.Years() {
			f, err := rv.value(u.ID, code, dims, period.Year(y))
			if err != nil {
				return 0, "", fmt.Errorf("no rate for %d", y)
			}
			rates = append(rates, f.v)
		}
		g, err := calc.ChainCAGR(rates)
		return g, fmt.Sprintf("chain of %d yearly rates", len(rates)), err
	}
	start, end := period.Year(iv.StartYear()-1), period.Year(iv.EndYear())
	// Across a break in the series the published yearly rates measure the
	// growth, never the levels.
	breaks := rv.breakYears(u.ID, code, dims, func(p period.Period) bool { return p.StartYear() >= start.StartYear() && p.EndYear() <= end.EndYear() })
	if len(breaks) > 0 {
		g, gdims, ok := rv.growthRate(code, dims)
		if !ok {
			return 0, "", fmt.Errorf("a break in the series in %d (the figures before and after come from different sources), and no published growth rate %s_GROWTH to bridge it", breaks[0], code)
		}
		var rates []float64
		for _, y := range iv.Years() {
			f, err := rv.value(u.ID, g.Code, gdims, period.Year(y))
			if err != nil {
				return 0, "", fmt.Errorf("a break in the series in %d (the figures before and after come from different sources), and no rate %s for %d to bridge it", breaks[0], g.Code, y)
			}
			rates = append(rates, f.v)
		}
		avg, err := calc.ChainCAGR(rates)
		return avg, fmt.Sprintf("chain of %d yearly rates %s: a break in the series in %d", len(rates), g.Code, breaks[0]), err
	}
	a, err := rv.value(u.ID, code, dims, start)
	if err != nil {
		return 0, "", fmt.Errorf("no figure for %s", describe(u.Ref(), code, dims, start))
	}
	b, err := rv.value(u.ID, code, dims, end)
	if err != nil {
		return 0, "", fmt.Errorf("no figure for %s", describe(u.Ref(), code, dims, end))
	}
	g, err := calc.CAGR(a.v, b.v, float64(iv.Len()))
	return g, fmt.Sprintf("levels %s to %s", start, end), err
}

// figureBreak says whether two stored figures of a series are not
// comparable (see breakBetween); figures planwatch computed are never a
// break.
func (rv *Review) figureBreak(prev, cur figure, pp, cp period.Period) (string, bool) {
	if prev.derived || cur.derived {
		return "", false
	}
	en, _, ok := rv.breakBetween(planwatch.Observation{Period: pp, Status: prev.status, Source: prev.source},
		planwatch.Observation{Period: cp, Status: cur.status, Source: cur.source})
	return en, ok
}
