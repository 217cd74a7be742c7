// Package assess judges a target against the figures: achieved, on track,
// acceleration needed, off track, regressing, or not assessable with the
// reason, together with the latest figure, the projection to the deadline
// and the growth still required. Pure: the caller brings the figures.
//
// The default method is Statistics Canada's, as Open SDG uses it: with a
// numeric target, v = direction x CAGR_actual / |CAGR_required|, both from
// the base year, and thresholds 0.95 (on track), 0.60 (acceleration
// needed) and 0 (off track; below it regressing); a met target is achieved
// whatever the trend. The alternative is the UN Statistics Division's
// projection: P = (projected - base) / (target - base), on track from 0.95,
// fair progress from 0.10.
package assess

import (
	"fmt"
	"math"
	"slices"

	"planwatch"
	"planwatch/calc"
	"planwatch/locale"
	"planwatch/period"
)

// Status is the verdict on a target.
type Status string

const (
	Achieved      Status = "achieved"
	OnTrack       Status = "on_track"
	Acceleration  Status = "acceleration_needed"
	OffTrack      Status = "off_track"
	Regressing    Status = "regressing"
	NotAssessable Status = "not_assessable"
)

// Method names an assessment method.
type Method string

const (
	StatCan Method = "statcan"
	UNSD    Method = "unsd"
)

// Config is how a plan's targets are judged.
type Config struct {
	Method Method
	// StatCan: v >= OnTrack is on track, v >= Acceleration needs
	// acceleration, v >= 0 is off track, below regressing. UNSD: P >=
	// OnTrack is on track, P >= FairProgress fair progress (reported as
	// acceleration needed), P >= 0 stagnation (off track).
	OnTrack, Acceleration, FairProgress float64
	// Without a numeric target the direction-adjusted CAGR in percent is
	// compared with these.
	NoTargetOnTrack, NoTargetAcceleration float64
}

// Default is Statistics Canada's method with its thresholds.
func Default() Config {
	return Config{Method: StatCan, OnTrack: 0.95, Acceleration: 0.60, FairProgress: 0.10, NoTargetOnTrack: 1.5, NoTargetAcceleration: 0.5}
}

// Point is a figure of one year.
type Point struct {
	Year  int
	Value float64
}

// Input is a target and the figures to judge it by, all on the target's
// own unit and up to the date of the assessment.
type Input struct {
	Kind             planwatch.TargetKind
	Value, Low, High *float64
	Direction        int // of the indicator: +1 up, -1 down, 0 none
	Deadline         period.Period
	Base             *Point  // the baseline; the first level when nil
	Levels           []Point // yearly levels, oldest first
	Rates            []Point // yearly growth rates in percent, oldest first
	// Breaks lists the years whose level is not comparable with the level
	// before it (another source, an SDMX break): growth across them is
	// taken from Rates, never from the levels.
	Breaks []int
	// SameSource lists the years of earlier levels that cite the same
	// document as the latest one, with no break marked by the source
	// between: they compare with it across breaks between them (other
	// documents' figures in between do not change what one document says).
	SameSource []int
	Actual     *float64
	Decimals   int // of the target as written, for "exactly"
	// MeasureUnit of the levels, for the reasons ("VND bn").
	MeasureUnit string
}

// Result is the verdict and the figures behind it.
type Result struct {
	Status         Status
	Reason         string // in English
	ReasonVI       string // the same in Vietnamese
	Latest         *Point
	Projected      *float64 // the level expected at the deadline
	RequiredGrowth *float64 // % per year still required
	Realised       *float64 // % per year since the base
	Gap            *float64 // target - latest
	Progress       *float64 // v or P
	PctOfPlan      *float64
}

func f(v float64) *float64 { return &v }

// num is a number in a reason, written as each language writes it.
type num float64

// qty is a level in a reason, written with its measure unit as each
// language writes it.
type qty struct {
	v  float64
	mu string
}

// text is a phrase in both languages.
type text struct{ en, vi string }

// two formats a reason in English and Vietnamese; num and text arguments
// take each language's form.
func two(en, vi string, args ...any) text {
	a, b := make([]any, len(args)), make([]any, len(args))
	for i, x := range args {
		switch v := x.(type) {
		case num:
			r := calc.Round(float64(v), 2)
			a[i], b[i] = locale.Number(r, locale.EN), locale.Number(r, locale.VI)
		case qty:
			r := calc.Round(v.v, 2)
			a[i], b[i] = locale.Quantity(r, v.mu, locale.EN), locale.Quantity(r, v.mu, locale.VI)
		case text:
			a[i], b[i] = v.en, v.vi
		default:
			a[i], b[i] = x, x
		}
	}
	return text{fmt.Sprintf(en, a...), fmt.Sprintf(vi, b...)}
}

// qty is a level of the target's indicator, for a reason.
func (in Input) qty(v float64) qty { return qty{v, in.MeasureUnit} }

func (r *Result) say(t text) { r.Reason, r.ReasonVI = t.en, t.vi }

func notAssessable(t text) Result {
	return Result{Status: NotAssessable, Reason: t.en, ReasonVI: t.vi}
}

// Assess judges one target.
func Assess(in Input, cfg Config) Result {
	switch in.Kind {
	case planwatch.AvgGrowth:
		return avgGrowth(in, cfg)
	case planwatch.Growth:
		return growth(in)
	case planwatch.PlanFig:
		return planFigure(in)
	}
	return level(in, cfg)
}

func last(ps []Point, upTo int) *Point {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Year <= upTo {
			p := ps[i]
			return &p
		}
	}
	return nil
}

func at(ps []Point, year int) *Point {
	for _, p := range ps {
		if p.Year == year {
			q := p
			return &q
		}
	}
	return nil
}

func nonzero(v float64) float64 {
	if v == 0 {
		return 0.001
	}
	return v
}

// bands turns a measure of progress into a status: from onTrack on track,
// from accel acceleration needed, from 0 off track, below it regressing.
// Every method has these four bands; only the thresholds differ.
func bands(v, onTrack, accel float64) Status {
	switch {
	case v >= onTrack:
		return OnTrack
	case v >= accel:
		return Acceleration
	case v >= 0:
		return OffTrack
	}
	return Regressing
}

// classify applies the Statistics Canada thresholds.
func classify(v float64, cfg Config) Status { return bands(v, cfg.OnTrack, cfg.Acceleration) }

func level(in Input, cfg Config) Result {
	deadline := in.Deadline.EndYear()
	latest := last(in.Levels, deadline)
	if latest == nil {
		return notAssessable(two("no data", "không có số liệu"))
	}
	var goal float64
	var want text
	met := false
	switch in.Kind {
	case planwatch.AtLeast:
		goal, want = *in.Value, two("at least %s", "tối thiểu %s", in.qty(*in.Value))
		met = latest.Value >= goal
	case planwatch.AtMost:
		goal, want = *in.Value, two("at most %s", "tối đa %s", in.qty(*in.Value))
		met = latest.Value <= goal
	case planwatch.Exactly:
		goal, want = *in.Value, two("%s", "%s", in.qty(*in.Value))
		met = math.Abs(latest.Value-goal) <= 0.5*math.Pow(10, -float64(in.Decimals))
	case planwatch.Range:
		want = two("%s to %s", "%s đến %s", in.qty(*in.Low), in.qty(*in.High))
		met = latest.Value >= *in.Low && latest.Value <= *in.High
		goal = *in.Low
		if latest.Value > *in.High {
			goal = *in.High
		}
	default:
		return notAssessable(two("target kind %s is not a level", "loại mục tiêu %s không phải một mức", in.Kind))
	}
	r := Result{Latest: latest, Gap: f(goal - latest.Value)}
	if met {
		r.Status = Achieved
		r.say(two("%s in %d; target %s by %s", "%s năm %d; mục tiêu %s đến %s", in.qty(latest.Value), latest.Year, want, in.Deadline.Label()))
		return r
	}
	base := in.Base
	if base == nil && len(in.Levels) > 0 {
		b := in.Levels[0]
		base = &b
	}
	if base == nil || base.Year >= latest.Year {
		r.Status = NotAssessable
		r.say(two("too few points: only %d", "quá ít điểm số liệu: chỉ có năm %d", latest.Year))
		return r
	}
	// Levels on either side of a break are not compared: the yearly rates
	// bridge it, or else the judgement starts at the last break.
	var how text
	bridged := math.NaN()
	if b, broken := in.lastBreak(base.Year, latest.Year); broken {
		if g, ok := in.chain(base.Year+1, latest.Year); ok {
			bridged = g
			how = two("; from the yearly growth rates across the break in the series in %d", "; tính từ tốc độ tăng hằng năm qua chỗ gãy chuỗi năm %d", b)
		} else if nb := at(in.Levels, b); nb != nil && nb.Year < latest.Year {
			how = two("; judged from %d on: the figures before it are not comparable (a break in the series)", "; đánh giá từ năm %d: số liệu trước đó không so sánh được (chuỗi số liệu bị gãy)", b)
			base = nb
		} else if sb := in.sameSourceBefore(latest.Year); sb != nil {
			how = two("; judged from %d, the last figure before %d from the same source: those between come from other sources (a break in the series)",
				"; đánh giá từ năm %d, số liệu gần nhất trước năm %d cùng nguồn: các số liệu ở giữa từ nguồn khác (chuỗi số liệu bị gãy)", sb.Year, latest.Year)
			base = sb
		} else {
			r.Status = NotAssessable
			prev := last(in.Levels, b-1)
			if prev != nil && prev.Year < base.Year {
				prev = base
			}
			py := base.Year
			if prev != nil {
				py = prev.Year
			}
			r.say(two("the figures of %d and %d are not comparable (a break in the series) and no yearly growth rates bridge it",
				"số liệu năm %d và năm %d không so sánh được (chuỗi số liệu bị gãy) và không có tốc độ tăng hằng năm để nối", py, b))
			return r
		}
	}
	b0, b1 := nonzero(base.Value), nonzero(latest.Value)
	actual, err := calc.CAGR(b0, b1, float64(latest.Year-base.Year))
	if !math.IsNaN(bridged) {
		actual, err = bridged, nil
	}
	if err != nil {
		r.Status = NotAssessable
		r.say(two("from %d to %d: %v", "từ %d đến %d: %v", base.Year, latest.Year, err))
		return r
	}
	r.Realised = f(actual)
	left := float64(deadline - latest.Year)
	r.Projected = f(calc.Project(latest.Value, actual, left))
	if left > 0 {
		if req, err := calc.RequiredGrowth(b1, nonzero(goal), left); err == nil {
			r.RequiredGrowth = f(req)
		}
	}
	dir := 1.0
	switch {
	case in.Kind == planwatch.AtMost:
		dir = -1
	case in.Kind == planwatch.AtLeast:
	case goal < base.Value:
		dir = -1
	}
	required, err := calc.CAGR(b0, nonzero(goal), float64(deadline-base.Year))
	if err != nil || required == 0 {
		// No numeric target to measure against: judge the trend alone.
		v := dir * actual
		r.Progress = f(v)
		r.Status = bands(v, cfg.NoTargetOnTrack, cfg.NoTargetAcceleration)
		r.say(join(two("%s %%/yr since %d", "%s %%/năm từ %d", num(actual), base.Year), how))
		return r
	}
	if cfg.Method == UNSD {
		p := (*r.Projected - base.Value) / (goal - base.Value)
		r.Progress = f(p)
		r.Status = bands(p, cfg.OnTrack, cfg.FairProgress)
	} else {
		v := dir * actual / math.Abs(required)
		r.Progress = f(v)
		r.Status = classify(v, cfg)
	}
	if left <= 0 && r.Status != Regressing {
		r.Status = OffTrack // the deadline has passed without the target met
	}
	t := two("%s in %d against %s by %s; realised %s %%/yr since %d", "%s năm %d so với mục tiêu %s đến %s; đạt %s %%/năm từ %d",
		in.qty(latest.Value), latest.Year, want, in.Deadline.Label(), num(actual), base.Year)
	if r.RequiredGrowth != nil {
		t = join(t, two("; needs %s %%/yr in %s", "; cần %s %%/năm trong %s", num(*r.RequiredGrowth), years(latest.Year+1, deadline)))
	}
	r.say(join(t, how))
	return r
}

// band returns the low and high ends of a growth target; either may be nil.
func band(in Input) (lo, hi *float64) {
	if in.Value != nil {
		return in.Value, in.Value
	}
	return in.Low, in.High
}

func bandText(lo, hi *float64) text {
	switch {
	case lo != nil && hi != nil && *lo == *hi:
		return two("%s %%", "%s %%", num(*lo))
	case lo != nil && hi != nil:
		return two("%s-%s %%", "%s-%s %%", num(*lo), num(*hi))
	case lo != nil:
		return two("at least %s %%", "tối thiểu %s %%", num(*lo))
	case hi != nil:
		return two("at most %s %%", "tối đa %s %%", num(*hi))
	}
	return text{"?", "?"}
}

// inBand reports whether a growth rate meets the band for the direction:
// for a higher-is-better indicator, beyond the top of the band meets it too.
func inBand(g float64, lo, hi *float64, dir int) bool {
	if dir < 0 {
		return hi == nil || g <= *hi
	}
	if lo != nil && g < *lo {
		return false
	}
	return dir > 0 || hi == nil || g <= *hi
}

func avgGrowth(in Input, cfg Config) Result {
	lo, hi := band(in)
	first, lastYear := in.Deadline.StartYear(), in.Deadline.EndYear()
	total := lastYear - first + 1
	g, errs := in.yearly(first, lastYear)
	k, prod, viaRates := 0, 1.0, false
	for y := first; y <= lastYear; y++ {
		gy, ok := g[y]
		if !ok {
			break
		}
		prod *= 1 + gy.rate/100
		viaRates = viaRates || gy.fromRate
		k++
	}
	if k == 0 {
		return notAssessable(in.missingGrowth(first, lastYear, g, errs))
	}
	end := first + k - 1
	realised := (math.Pow(prod, 1/float64(k)) - 1) * 100
	r := Result{Realised: f(realised)}
	lvl := at(in.Levels, end)
	if g[end].fromRate {
		r.Latest = at(in.Rates, end)
	} else {
		r.Latest = lvl
	}
	var how text
	if b, broken := in.lastBreak(first-1, end); broken && viaRates {
		how = two("; from the yearly growth rates where the levels are not comparable (a break in the series in %d)",
			"; tính từ tốc độ tăng hằng năm ở chỗ số liệu không so sánh được (chuỗi số liệu bị gãy năm %d)", b)
	}
	for y := end + 1; y <= lastYear; y++ {
		if _, ok := g[y]; ok {
			how = join(how, two("; %d not counted: growth for %d is unknown", "; chưa tính năm %d: thiếu tốc độ tăng năm %d", y, end+1))
			break
		}
	}
	want := bandText(lo, hi)
	dir := in.Direction
	if dir == 0 {
		dir = 1
	}
	ok := inBand(realised, lo, hi, dir)
	if k >= total {
		if ok {
			r.Status = Achieved
		} else if realised*float64(dir) < 0 {
			r.Status = Regressing
		} else {
			r.Status = OffTrack
		}
		r.say(join(two("realised %s %%/yr in %s; target %s/yr", "đạt %s %%/năm trong %s; mục tiêu %s/năm", num(realised), in.Deadline.Label(), want), how))
		return r
	}
	// The average the remaining years need to bring the whole interval to
	// the band's edge that the direction cares about.
	edge := lo
	if dir < 0 || edge == nil {
		edge = hi
	}
	need := math.Pow(math.Pow(1+*edge/100, float64(total))/math.Pow(1+realised/100, float64(k)), 1/float64(total-k))*100 - 100
	r.RequiredGrowth = f(need)
	// The projection starts from the latest level and its known growth
	// since, then goes on at the realised average.
	if l := last(in.Levels, end); l != nil && l.Year >= first-1 {
		p := l.Value
		for y := l.Year + 1; y <= end; y++ {
			p *= 1 + g[y].rate/100
		}
		r.Projected = f(calc.Project(p, realised, float64(lastYear-end)))
	}
	v := float64(dir) * realised / math.Abs(nonzero(*edge))
	r.Progress = f(v)
	switch {
	case ok:
		r.Status = OnTrack
	default:
		r.Status = classify(v, cfg)
	}
	r.say(join(two("realised %s %%/yr in %s; target %s/yr over %s; needs %s %%/yr in %s",
		"đạt %s %%/năm trong %s; mục tiêu %s/năm giai đoạn %s; cần %s %%/năm trong %s",
		num(realised), years(first, end), want, in.Deadline.Label(), num(need), years(end+1, lastYear)), how))
	return r
}

// yearGrowth is the growth of one year and where it came from.
type yearGrowth struct {
	rate     float64
	fromRate bool
}

// yearly gives the growth of each year from first to last that the figures
// allow: from two comparable levels (their average growth for each year
// between them), else the year's own rate. errs are the level pairs no
// growth could be computed from.
func (in Input) yearly(first, last int) (map[int]yearGrowth, []text) {
	g := map[int]yearGrowth{}
	var errs []text
	for i := 1; i < len(in.Levels); i++ {
		a, b := in.Levels[i-1], in.Levels[i]
		if a.Year < first-1 || b.Year > last || in.isBreak(b.Year) {
			continue
		}
		r, err := calc.CAGR(nonzero(a.Value), nonzero(b.Value), float64(b.Year-a.Year))
		if err != nil {
			errs = append(errs, two("from %d to %d: %v", "từ %d đến %d: %v", a.Year, b.Year, err))
			continue
		}
		for y := a.Year + 1; y <= b.Year; y++ {
			g[y] = yearGrowth{rate: r}
		}
	}
	for _, p := range in.Rates {
		if _, ok := g[p.Year]; !ok && p.Year >= first && p.Year <= last {
			g[p.Year] = yearGrowth{rate: p.Value, fromRate: true}
		}
	}
	return g, errs
}

// chain is the average growth over the years from first to last, when the
// yearly growth of every one of them is known.
func (in Input) chain(first, last int) (float64, bool) {
	g, _ := in.yearly(first, last)
	var rates []float64
	for y := first; y <= last; y++ {
		gy, ok := g[y]
		if !ok {
			return 0, false
		}
		rates = append(rates, gy.rate)
	}
	c, err := calc.ChainCAGR(rates)
	return c, err == nil
}

func (in Input) isBreak(year int) bool { return slices.Contains(in.Breaks, year) }

// sameSourceBefore is the latest level before the year that cites the
// latest level's document (see Input.SameSource), or nil.
func (in Input) sameSourceBefore(year int) *Point {
	var best *Point
	for i := range in.Levels {
		p := in.Levels[i]
		if p.Year < year && slices.Contains(in.SameSource, p.Year) && (best == nil || p.Year > best.Year) {
			best = &in.Levels[i]
		}
	}
	return best
}

// lastBreak is the latest break after the year from and up to the year to.
func (in Input) lastBreak(from, to int) (int, bool) {
	found, year := false, 0
	for _, b := range in.Breaks {
		if b > from && b <= to && (!found || b > year) {
			found, year = true, b
		}
	}
	return year, found
}

// missingGrowth says why no average growth can be measured from the first
// year of the interval: which figure is missing, which years are known, and
// which levels are not comparable.
func (in Input) missingGrowth(first, lastYear int, g map[int]yearGrowth, errs []text) text {
	if len(in.Levels) == 0 && len(in.Rates) == 0 {
		return two("no data for %s", "không có số liệu cho %s", in.Deadline.Label())
	}
	if len(g) == 0 && len(errs) > 0 {
		return errs[0]
	}
	var t text
	switch {
	case at(in.Levels, first-1) == nil:
		t = two("no growth figure for %d: no level for %d, the year before %s, and no growth rate for %d",
			"không có tốc độ tăng năm %d: không có số liệu năm %d, năm trước %s, và không có tốc độ tăng năm %d", first, first-1, in.Deadline.Label(), first)
	default:
		t = two("no growth figure for %d", "không có tốc độ tăng năm %d", first)
	}
	var known []text
	for y := first; y <= lastYear; y++ {
		if gy, ok := g[y]; ok {
			known = append(known, two("%d (%s %%)", "năm %d (%s %%)", y, num(gy.rate)))
		}
	}
	if len(known) > 0 {
		t = join(t, two("; growth known only for ", "; chỉ biết tốc độ tăng "), list(known))
	}
	for _, b := range in.Breaks {
		if b < first || b > lastYear {
			continue
		}
		if prev := last(in.Levels, b-1); prev != nil {
			t = join(t, two("; the levels of %d and %d are not comparable (a break in the series)",
				"; số liệu năm %d và năm %d không so sánh được (chuỗi số liệu bị gãy)", prev.Year, b))
		}
	}
	return t
}

// join puts phrases together in both languages.
func join(ts ...text) text {
	var out text
	for _, t := range ts {
		out.en += t.en
		out.vi += t.vi
	}
	return out
}

// list joins phrases with commas.
func list(ts []text) text {
	var out text
	for i, t := range ts {
		if i > 0 {
			out.en += ", "
			out.vi += ", "
		}
		out.en += t.en
		out.vi += t.vi
	}
	return out
}

// years writes a span of years: "2024" or "2022-2025".
func years(a, b int) string {
	if a == b {
		return fmt.Sprint(a)
	}
	return fmt.Sprintf("%d–%d", a, b)
}

func growth(in Input) Result {
	lo, hi := band(in)
	y := in.Deadline.EndYear()
	var g float64
	if p := at(in.Rates, y); p != nil {
		g = p.Value
	} else if cur, prev := at(in.Levels, y), at(in.Levels, y-1); cur != nil && prev != nil {
		if in.isBreak(y) {
			return notAssessable(two("no growth rate for %s, and the levels of %d and %d are not comparable (a break in the series)",
				"không có tốc độ tăng năm %s, và số liệu năm %d và năm %d không so sánh được (chuỗi số liệu bị gãy)", in.Deadline.Label(), y-1, y))
		}
		var err error
		if g, err = calc.Growth(prev.Value, cur.Value); err != nil {
			return notAssessable(two("%v", "%v", err))
		}
	} else {
		return notAssessable(two("no data for %s yet", "chưa có số liệu năm %s", in.Deadline.Label()))
	}
	dir := in.Direction
	if dir == 0 {
		dir = 1
	}
	r := Result{Latest: &Point{y, g}, Realised: f(g)}
	switch {
	case inBand(g, lo, hi, dir):
		r.Status = Achieved
	case g*float64(dir) < 0:
		r.Status = Regressing
	default:
		r.Status = OffTrack
	}
	r.say(two("growth %s %% in %s; target %s", "tăng %s %% năm %s; mục tiêu %s", num(g), in.Deadline.Label(), bandText(lo, hi)))
	return r
}

func planFigure(in Input) Result {
	if in.Actual == nil {
		return notAssessable(two("no figure for %s yet", "chưa có số liệu năm %s", in.Deadline.Label()))
	}
	pct, err := calc.PctOfPlan(*in.Actual, *in.Value)
	if err != nil {
		return notAssessable(two("%v", "%v", err))
	}
	r := Result{Latest: &Point{in.Deadline.EndYear(), *in.Actual}, PctOfPlan: f(pct), Gap: f(*in.Value - *in.Actual)}
	if pct >= 100 {
		r.Status = Achieved
	} else {
		r.Status = OffTrack
	}
	r.say(two("%s %% of the plan figure %s", "%s %% so với kế hoạch %s", num(pct), in.qty(*in.Value)))
	return r
}
