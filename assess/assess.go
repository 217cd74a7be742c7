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
	Actual           *float64
	Decimals         int // of the target as written, for "exactly"
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
		case text:
			a[i], b[i] = v.en, v.vi
		default:
			a[i], b[i] = x, x
		}
	}
	return text{fmt.Sprintf(en, a...), fmt.Sprintf(vi, b...)}
}

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
		goal, want = *in.Value, two("at least %s", "tối thiểu %s", num(*in.Value))
		met = latest.Value >= goal
	case planwatch.AtMost:
		goal, want = *in.Value, two("at most %s", "tối đa %s", num(*in.Value))
		met = latest.Value <= goal
	case planwatch.Exactly:
		goal, want = *in.Value, two("%s", "%s", num(*in.Value))
		met = math.Abs(latest.Value-goal) <= 0.5*math.Pow(10, -float64(in.Decimals))
	case planwatch.Range:
		want = two("%s-%s", "%s-%s", num(*in.Low), num(*in.High))
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
		r.say(two("%s in %d; target %s by %s", "%s năm %d; mục tiêu %s đến %s", num(latest.Value), latest.Year, want, in.Deadline))
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
	b0, b1 := nonzero(base.Value), nonzero(latest.Value)
	actual, err := calc.CAGR(b0, b1, float64(latest.Year-base.Year))
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
		r.say(two("%s %%/yr since %d", "%s %%/năm từ %d", num(actual), base.Year))
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
		num(latest.Value), latest.Year, want, in.Deadline, num(actual), base.Year)
	if r.RequiredGrowth != nil {
		more := two("; needs %s %%/yr in %d-%d", "; cần %s %%/năm trong %d-%d", num(*r.RequiredGrowth), latest.Year+1, deadline)
		t = text{t.en + more.en, t.vi + more.vi}
	}
	r.say(t)
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
	var realised float64
	var k int
	r := Result{}
	if base := at(in.Levels, first-1); base != nil && last(in.Levels, lastYear) != nil && last(in.Levels, lastYear).Year >= first {
		latest := last(in.Levels, lastYear)
		g, err := calc.CAGR(nonzero(base.Value), nonzero(latest.Value), float64(latest.Year-base.Year))
		if err != nil {
			return notAssessable(two("from %d to %d: %v", "từ %d đến %d: %v", base.Year, latest.Year, err))
		}
		realised, k, r.Latest = g, latest.Year-base.Year, latest
	} else {
		var rates []float64
		var latest *Point
		for _, p := range in.Rates {
			if p.Year >= first && p.Year <= lastYear {
				rates = append(rates, p.Value)
				q := p
				latest = &q
			}
		}
		if len(rates) == 0 {
			if len(in.Levels) > 0 {
				return notAssessable(two("no level for %d, the year before %s, to measure growth from", "không có số liệu năm %d, năm trước %s, để tính tốc độ tăng", first-1, in.Deadline))
			}
			return notAssessable(two("no data for %s", "không có số liệu cho %s", in.Deadline))
		}
		g, err := calc.ChainCAGR(rates)
		if err != nil {
			return notAssessable(two("%v", "%v", err))
		}
		realised, k, r.Latest = g, len(rates), latest
	}
	r.Realised = f(realised)
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
		r.say(two("realised %s %%/yr in %s; target %s/yr", "đạt %s %%/năm trong %s; mục tiêu %s/năm", num(realised), in.Deadline, want))
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
	if r.Latest != nil && len(in.Levels) > 0 {
		if lvl := last(in.Levels, lastYear); lvl != nil {
			r.Projected = f(calc.Project(lvl.Value, realised, float64(lastYear-lvl.Year)))
		}
	}
	v := float64(dir) * realised / math.Abs(nonzero(*edge))
	r.Progress = f(v)
	switch {
	case ok:
		r.Status = OnTrack
	default:
		r.Status = classify(v, cfg)
	}
	r.say(two("realised %s %%/yr in %d-%d; target %s/yr over %s; needs %s %%/yr in %d-%d",
		"đạt %s %%/năm trong %d-%d; mục tiêu %s/năm giai đoạn %s; cần %s %%/năm trong %d-%d",
		num(realised), first, first+k-1, want, in.Deadline, num(need), first+k, lastYear))
	return r
}

func growth(in Input) Result {
	lo, hi := band(in)
	y := in.Deadline.EndYear()
	var g float64
	if p := at(in.Rates, y); p != nil {
		g = p.Value
	} else if cur, prev := at(in.Levels, y), at(in.Levels, y-1); cur != nil && prev != nil {
		var err error
		if g, err = calc.Growth(prev.Value, cur.Value); err != nil {
			return notAssessable(two("%v", "%v", err))
		}
	} else {
		return notAssessable(two("no data for %s yet", "chưa có số liệu năm %s", in.Deadline))
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
	r.say(two("growth %s %% in %s; target %s", "tăng %s %% năm %s; mục tiêu %s", num(g), in.Deadline, bandText(lo, hi)))
	return r
}

func planFigure(in Input) Result {
	if in.Actual == nil {
		return notAssessable(two("no figure for %s yet", "chưa có số liệu năm %s", in.Deadline))
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
	r.say(two("%s %% of the plan figure %s", "%s %% so với kế hoạch %s", num(pct), num(*in.Value)))
	return r
}
