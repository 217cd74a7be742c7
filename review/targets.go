package review

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/assess"
	"planwatch/excerpt"
	"planwatch/locale"
	"planwatch/period"
)

// Assessment is the verdict on one target, in the shape the command line's
// JSON and the API give it.
type Assessment struct {
	Plan            string   `json:"plan"`
	Unit            string   `json:"unit"`
	UnitName        string   `json:"unit_name"`
	Indicator       string   `json:"indicator"`
	IndicatorName   string   `json:"indicator_name"`
	IndicatorNameVI string   `json:"indicator_name_vi"`
	Dims            string   `json:"dims"`
	Kind            string   `json:"kind"`
	Deadline        string   `json:"deadline"`
	TargetValue     *float64 `json:"target_value"`
	Low             *float64 `json:"low"`
	High            *float64 `json:"high"`
	Wording         string   `json:"wording"`
	// WordingLang is the language of Wording, the plan's own words;
	// WordingTranslation the same in the other language.
	WordingLang        string `json:"wording_lang"`
	WordingTranslation string `json:"wording_translation"`
	Method             string `json:"method"`
	// The verdict at the deadline (or as of the filter's date).
	Verdict
	// Drafts lists the years of the unit's figures the verdict used that
	// are not yet approved.
	Drafts []string `json:"drafts,omitempty"`
	// AsOf is the verdict as of the last year the unit has figures for,
	// given when the verdict above is not assessable and that year comes
	// before the deadline and says something else: the old Bac Ninh (27)
	// ended on 2025-07-01, so its 2025 targets are not assessable, but a
	// term review can say where they stood in 2024.
	AsOf *AsOf `json:"as_of"`
}

// Verdict is a judgement of a target: its status, the reason in both
// languages, and the figures behind it.
type Verdict struct {
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

// AsOf is a verdict on the figures up to a period only.
type AsOf struct {
	Period string `json:"period"`
	Verdict
}

// Filter selects the targets to assess; AsOf, when set, ignores figures of
// later periods.
type Filter struct {
	Plan string
	Unit string
	// UnitIDs, when set, selects the targets of these units only.
	UnitIDs map[int64]bool
	AsOf    period.Period
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
			return nil, planwatch.Errorf(planwatch.ENOTFOUND, "no plan %s", excerpt.Quote(f.Plan))
		}
	}
	since := rv.figs.failures.Load()
	var picked []int
	for i, t := range rv.targets {
		if f.Plan != "" && t.Plan != f.Plan || unitIDs != nil && !unitIDs[t.Unit] || f.UnitIDs != nil && !f.UnitIDs[t.Unit] {
			continue
		}
		picked = append(picked, i)
	}
	rv.readTargetSeries(picked)
	out := []Assessment{}
	for _, i := range picked {
		a, err := rv.verdict(i, f.AsOf)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if rv.figs.failures.Load() != since {
		return nil, fmt.Errorf("reading the figures: %w", rv.Err())
	}
	return out, nil
}

// readTargetSeries reads, in one read, the series the verdicts on some
// targets walk: of their units and those units' predecessors, their
// indicators, the published growth rates and what either is computed
// from. A verdict on a few targets reads them as it goes.
func (rv *Review) readTargetSeries(targets []int) {
	if rv.figs.complete || len(targets) < 2 {
		return
	}
	units, codes := map[int64]bool{}, map[string]bool{}
	for _, i := range targets {
		t := rv.targets[i]
		units[t.Unit] = true
		for _, part := range rv.graph.Predecessors(t.Unit) {
			units[part.Unit.ID] = true
		}
		for _, c := range rv.needs[t.Indicator] {
			codes[c] = true
		}
		if g, ok := rv.inds[t.Indicator+"_GROWTH"]; ok {
			for _, c := range rv.needs[g.Code] {
				codes[c] = true
			}
		}
	}
	rv.figs.readSeries(slices.Sorted(maps.Keys(units)), slices.Sorted(maps.Keys(codes)))
}

// verdict judges the i-th target once per snapshot and date of assessment:
// the snapshot does not change, so neither does the verdict.
func (rv *Review) verdict(i int, asOf period.Period) (Assessment, error) {
	k := cacheKey{what: "assess", scope: strconv.Itoa(i), p: asOf}
	if c, ok := rv.cache.Load(k); ok {
		return c.(Assessment), nil
	}
	since := rv.figs.failures.Load()
	t := rv.targets[i]
	a, err := rv.assessTarget(t, asOf)
	if err != nil {
		return a, err
	}
	if a.Status == string(assess.NotAssessable) {
		if a.AsOf, err = rv.asOfLastData(t, a, asOf); err != nil {
			return a, err
		}
	}
	cleanVerdict(&a.Verdict)
	if a.AsOf != nil {
		cleanVerdict(&a.AsOf.Verdict)
	}
	rv.keep(k, a, 1024, since)
	return a, nil
}

// asOfLastData judges a target that is not assessable at its deadline as
// of the last year its unit has figures for, if that comes before the
// deadline (and the date of the assessment) and says something else.
func (rv *Review) asOfLastData(t planwatch.Target, final Assessment, asOf period.Period) (*AsOf, error) {
	y := rv.lastYear(t.Unit, asOf)
	if y == 0 || y >= t.Period.EndYear() {
		return nil, nil
	}
	a, err := rv.assessTarget(t, period.Year(y))
	if err != nil {
		return nil, err
	}
	if a.Status == final.Status && a.Reason == final.Reason {
		return nil, nil
	}
	return &AsOf{Period: period.Year(y).String(), Verdict: a.Verdict}, nil
}

// lastYear is the last year for which the unit has a yearly figure, up to
// the date of the assessment when there is one; 0 when none.
func (rv *Review) lastYear(unit int64, asOf period.Period) int {
	latest := 0
	u := rv.figs.unit(unit)
	for _, k := range u.keys {
		for p := range u.series[k] {
			if p.Freq() == period.Annual && !p.IsInterval() && p.StartYear() > latest && (asOf.IsZero() || !p.End().After(asOf.End())) {
				latest = p.StartYear()
			}
		}
	}
	return latest
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
	a := Assessment{Plan: t.Plan, Unit: u.Code, UnitName: u.Name("vi"), Indicator: t.Indicator, IndicatorName: in.Name("en"), IndicatorNameVI: in.Name("vi"),
		Dims: string(t.Dims), Kind: string(t.Kind), Deadline: t.Period.String(), TargetValue: t.Value, Low: t.Low, High: t.High, Wording: t.Wording,
		WordingLang: t.WordingLang, WordingTranslation: t.WordingTranslation, Method: string(cfg.Method)}
	limit := t.Period.EndYear()
	if !asOf.IsZero() && asOf.EndYear() < limit {
		limit = asOf.EndYear()
	}
	within := func(p period.Period) bool {
		return asOf.IsZero() || !p.End().After(asOf.End())
	}
	drafts := map[string]bool{}
	series := func(code string, dims planwatch.Dims) []assess.Point {
		var pts []assess.Point
		for p, o := range rv.seriesOf(planwatch.SeriesKey{Unit: t.Unit, Indicator: code, Dims: dims}) {
			if p.Freq() == period.Annual && !p.IsInterval() && within(p) && p.EndYear() <= limit {
				pts = append(pts, assess.Point{Year: p.StartYear(), Value: o.Value})
				if isDraft(o) {
					drafts[code+" "+p.String()] = true
				}
			}
		}
		// Years before the unit began come rebuilt from its predecessors.
		if u.ValidFrom != "" {
			have := map[int]bool{}
			for _, pt := range pts {
				have[pt.Year] = true
			}
			for _, part := range rv.graph.Predecessors(u.ID) {
				for p := range rv.seriesOf(planwatch.SeriesKey{Unit: part.Unit.ID, Indicator: code, Dims: dims}) {
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
		Levels: series(t.Indicator, t.Dims), Decimals: decimals(t.Value), MeasureUnit: in.MeasureUnit}
	input.Breaks = rv.breakYears(t.Unit, t.Indicator, t.Dims, func(p period.Period) bool { return within(p) && p.EndYear() <= limit })
	input.SameSource = rv.sameSourceYears(t.Unit, t.Indicator, t.Dims, func(p period.Period) bool { return within(p) && p.EndYear() <= limit })
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
	// figures on its territory rather than borrowing the successor's. As of
	// a date before it ended, the unit is judged as any other.
	ended := u.ValidTo != "" && u.ValidTo < planwatch.DateOf(t.Period.End()) && (asOf.IsZero() || planwatch.DateOf(asOf.End()) > u.ValidTo)
	if ended && (r.Latest == nil || r.Latest.Year < t.Period.EndYear()) && r.Status != assess.Achieved {
		en, vi := rv.boundaryReason(u, t, within)
		r = assess.Result{Status: assess.NotAssessable, Reason: en, ReasonVI: vi}
	} else if r.Status == assess.NotAssessable && len(input.Levels) == 0 && len(input.Rates) == 0 {
		name := func(l locale.Lang) string { return inSentence(IndicatorText(in, t.Dims, l)) }
		if en, vi := rv.otherDims(t, in, within); en != "" {
			r.Reason = fmt.Sprintf("price basis differs: no figures of %s at %s, only at %s", inSentence(in.Name("en")), locale.Dims(string(t.Dims), locale.EN), en)
			r.ReasonVI = fmt.Sprintf("khác giá: không có số liệu %s theo %s, chỉ có theo %s", inSentence(in.Name("vi")), locale.Dims(string(t.Dims), locale.VI), vi)
		} else if asOf.IsZero() {
			r.Reason = fmt.Sprintf("no figures of %s for %s", name(locale.EN), label(u, locale.EN))
			r.ReasonVI = fmt.Sprintf("không có số liệu %s của %s", name(locale.VI), u)
		} else {
			r.Reason = fmt.Sprintf("no figures of %s for %s up to %s", name(locale.EN), label(u, locale.EN), asOf)
			r.ReasonVI = fmt.Sprintf("không có số liệu %s của %s đến %s", name(locale.VI), u, asOf)
		}
	}
	a.Status, a.Reason, a.ReasonVI = string(r.Status), r.Reason, r.ReasonVI
	for k := range drafts {
		a.Drafts = append(a.Drafts, k)
	}
	slices.Sort(a.Drafts)
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
// that ended cannot be judged, citing only figures within the date of the
// assessment.
func (rv *Review) boundaryReason(u planwatch.Unit, t planwatch.Target, within func(period.Period) bool) (string, string) {
	in := rv.inds[t.Indicator]
	if within(t.Period) {
		for _, e := range rv.lineage {
			if e.From != u.ID {
				continue
			}
			succ, _ := rv.units.ByID(e.To)
			if _, err := rv.value(succ.ID, t.Indicator, t.Dims, t.Period); err == nil {
				return fmt.Sprintf("boundary changed on %s: only the figures of %s of %s, formed from %s and others, exist for %s; they are not %s's",
						u.ValidTo, inSentence(IndicatorText(in, t.Dims, locale.EN)), label(succ, locale.EN), label(u, locale.EN), t.Period.Label(), label(u, locale.EN)),
					fmt.Sprintf("địa giới thay đổi ngày %s: chỉ có số liệu %s của %s, hình thành từ %s và đơn vị khác, cho %s; đó không phải số liệu của %s",
						locale.Day(string(u.ValidTo), locale.VI), inSentence(IndicatorText(in, t.Dims, locale.VI)), succ, u, t.Period.Label(), u)
			}
		}
	}
	return fmt.Sprintf("boundary changed on %s: %s ended before the deadline %s and has no figures for it", u.ValidTo, label(u, locale.EN), t.Period.Label()),
		fmt.Sprintf("địa giới thay đổi ngày %s: %s chấm dứt trước thời hạn %s và không có số liệu cho kỳ đó", locale.Day(string(u.ValidTo), locale.VI), u, t.Period.Label())
}

// otherDims names, in English and Vietnamese, the dimension values the
// unit does have figures of the indicator for, within the date of the
// assessment.
func (rv *Review) otherDims(t planwatch.Target, in planwatch.Indicator, within func(period.Period) bool) (string, string) {
	var en, vi []string
	own := rv.figs.loadedSeries(t.Unit, t.Indicator)
	if own == nil {
		own = rv.figs.unit(t.Unit)
	}
	for _, k := range own.keys {
		if k.Indicator != t.Indicator || k.Dims == t.Dims {
			continue
		}
		for p := range own.series[k] {
			if within(p) {
				en = append(en, locale.Dims(string(k.Dims), locale.EN))
				vi = append(vi, locale.Dims(string(k.Dims), locale.VI))
				break
			}
		}
	}
	return strings.Join(en, ", "), strings.Join(vi, ", ")
}

func sortPoints(ps []assess.Point) {
	slices.SortFunc(ps, func(a, b assess.Point) int { return cmp.Compare(a.Year, b.Year) })
}

// label names a unit with its code in the language: "Bac Ninh (27)".
func label(u planwatch.Unit, l locale.Lang) string {
	return fmt.Sprintf("%s (%s)", u.Name(string(l)), u.Code)
}
