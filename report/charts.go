package report

import (
	"math"
	"regexp"
	"sort"
	"strconv"

	"planwatch"
	"planwatch/chart"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// The charts are the web's (package chart): SVG, which HTML takes as it
// is and DOCX as a PNG drawn from it.

var viewBox = regexp.MustCompile(`viewBox="0 0 ([0-9.]+) ([0-9.]+)"`)

// newChart wraps an SVG chart with its size and a numbered caption.
func (b *builder) newChart(title, svg, legend string) *Chart {
	m := viewBox.FindStringSubmatch(svg)
	if m == nil {
		return nil
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	caption := b.chartCaption(title)
	if legend != "" {
		caption += ". " + legend
	}
	return &Chart{Title: title, SVG: svg, Width: w, Height: h, Caption: caption}
}

// axis writes a chart's numbers with at most two decimals.
func (b *builder) axis() func(float64) string {
	return func(v float64) string { return locale.Number(math.Round(v*100)/100, b.o.Lang) }
}

// shortLabel keeps a bar's label within the chart's label column.
func shortLabel(s string) string {
	r := []rune(s)
	if len(r) <= 26 {
		return s
	}
	return string(r[:25]) + "…"
}

// rankChart draws the peers' figures of the fact ranked among the most
// peers (at least five with a figure), the unit highlighted.
func (b *builder) rankChart(lines []factLine) *Chart {
	var best *factLine
	bestN := 4
	for i, fl := range lines {
		for _, r := range fl.f.Rank {
			if r.Scope == "national" && rankable(r) && r.WithData > bestN {
				best, bestN = &lines[i], r.WithData
			}
		}
	}
	if best == nil {
		return nil
	}
	fl := *best
	var bars []chart.Bar
	for _, peer := range b.rv.Peers(fl.u.Level, "", fl.p) {
		v, _, err := b.rv.Value(peer.Ref(), fl.in.Code, fl.dims, fl.p)
		if err != nil {
			continue
		}
		bars = append(bars, chart.Bar{Label: peer.Name(string(b.o.Lang)), Value: v, Highlight: peer.ID == fl.u.ID})
	}
	sign := fl.in.Direction.Sign()
	sort.SliceStable(bars, func(i, j int) bool {
		if sign < 0 {
			return bars[i].Value < bars[j].Value
		}
		return bars[i].Value > bars[j].Value
	})
	title := b.w.say("chart.ranks", b.name(fl.in, fl.dims), fl.f.Period, b.w.peers(string(fl.u.Level)))
	return b.newChart(title, string(chart.Bars(title, bars, b.axis())), b.w.say("chart.bars-note"))
}

// planChart draws each result against its plan figure, in percent, when
// there are two or more.
func (b *builder) planChart(lines []factLine, year string) *Chart {
	var bars []chart.Bar
	for _, fl := range lines {
		codes := make([]string, 0, len(fl.f.PctOfPlan))
		for c := range fl.f.PctOfPlan {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for _, c := range codes {
			bars = append(bars, chart.Bar{Label: shortLabel(b.name(fl.in, fl.dims)), Value: math.Round(fl.f.PctOfPlan[c]*10) / 10})
		}
	}
	if len(bars) < 2 {
		return nil
	}
	title := b.w.say("chart.plan", year)
	return b.newChart(title, string(chart.Bars(title, bars, b.axis())), "")
}

// targetChart draws a target's series with the target point or band at
// its deadline and the projection at the realised growth, as the web's
// target page does; nil when the series has fewer than two yearly
// figures.
func (b *builder) targetChart(v verdict) *Chart {
	var pts []chart.Point
	for _, o := range b.rv.Series(v.u.ID, v.t.Indicator, v.t.Dims) {
		if o.Period.Freq() == period.Annual && !o.Period.IsInterval() {
			pts = append(pts, chart.Point{Label: o.Period.String(), X: float64(o.Period.StartYear()), Y: o.Value,
				Estimate: o.Status == "E" || o.Status == "P" || o.Status == "F" || o.Status == "I"})
		}
	}
	if len(pts) < 2 {
		return nil
	}
	target := v.t
	spec := chart.LineSpec{Title: b.name(v.in, v.t.Dims), Series: pts, TargetX: float64(target.Period.EndYear()), Format: b.axis()}
	switch target.Kind {
	case planwatch.AtLeast, planwatch.AtMost, planwatch.Exactly, planwatch.PlanFig:
		spec.TargetLo, spec.TargetHi = target.Value, target.Value
	case planwatch.Range:
		spec.TargetLo, spec.TargetHi = target.Low, target.High
	default:
		return nil // a growth band is not a level to draw beside the series
	}
	m := v.measured()
	if m.ProjectedValue != nil && m.LatestValue != nil && m.LatestPeriod != nil {
		if ly, err := strconv.Atoi(*m.LatestPeriod); err == nil {
			spec.Projection = []chart.Point{{X: float64(ly), Y: *m.LatestValue}, {X: float64(target.Period.EndYear()), Y: *m.ProjectedValue}}
		}
	}
	for _, ms := range target.Milestones {
		spec.Milestones = append(spec.Milestones, chart.Point{Label: ms.Period.String(), X: float64(ms.Period.EndYear()), Y: ms.Value})
	}
	title := b.w.say("chart.target", b.name(v.in, v.t.Dims), review.TargetText(v.t, v.in, b.o.Lang))
	return b.newChart(title, string(chart.Line(spec)), b.w.say("chart.legend"))
}
