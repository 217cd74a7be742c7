// Package chart draws the charts of the pages and the reports as SVG:
// series with a target point or band, projections and milestones; bars;
// sparklines.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Charts are drawn on the server as SVG: they need no script, print, and
// can go into reports as they are.

// Point is one value of a series on a chart; Estimate draws it hollow.
type Point struct {
	Label    string
	X        float64 // the year, or any increasing number
	Y        float64
	Estimate bool
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// bounds gives an axis from lo to hi in four round steps (1, 2 or 5 times
// a power of ten) that holds every value.
func bounds(vals []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo > 0 && lo < hi/3 {
		lo = 0 // small against the top: start the axis at zero
	}
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	raw := (hi - lo) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	lo = math.Floor(lo/step) * step
	for hi2 := lo + 4*step; hi2 < hi; hi2 = lo + 4*step {
		step *= 2
		lo = math.Floor(lo/step) * step
	}
	return lo, lo + 4*step
}

// Sparkline is a small line of a series, for tables.
func Sparkline(pts []Point, status string) template.HTML {
	if len(pts) < 2 {
		return ""
	}
	const w, h = 120.0, 28.0
	var ys []float64
	for _, p := range pts {
		ys = append(ys, p.Y)
	}
	lo, hi := bounds(ys)
	x0, x1 := pts[0].X, pts[len(pts)-1].X
	if x1 == x0 {
		x1 = x0 + 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="trend"><polyline class="spark-%s" points="`, w, h, w, h, esc(status))
	for _, p := range pts {
		fmt.Fprintf(&b, "%.1f,%.1f ", 2+(p.X-x0)/(x1-x0)*(w-4), h-2-(p.Y-lo)/(hi-lo)*(h-4))
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String())
}

// LineSpec is a line chart: the series, and optionally a target (a point
// or a band at a deadline), a projection from the last point, and
// milestones.
type LineSpec struct {
	Title      string
	Series     []Point
	Projection []Point
	TargetX    float64
	TargetLo   *float64
	TargetHi   *float64
	Milestones []Point
	Format     func(float64) string
}

// Line draws a line chart with axes and labels.
func Line(s LineSpec) template.HTML {
	const w, h, left, right, top, bottom = 640.0, 300.0, 70.0, 20.0, 20.0, 40.0
	all := append(append([]Point{}, s.Series...), s.Projection...)
	all = append(all, s.Milestones...)
	var ys, xs []float64
	for _, p := range all {
		ys, xs = append(ys, p.Y), append(xs, p.X)
	}
	if s.TargetLo != nil {
		ys, xs = append(ys, *s.TargetLo), append(xs, s.TargetX)
	}
	if s.TargetHi != nil {
		ys = append(ys, *s.TargetHi)
	}
	if len(xs) == 0 {
		return template.HTML(`<p class="empty">–</p>`)
	}
	lo, hi := bounds(ys)
	x0, x1 := xs[0], xs[0]
	for _, x := range xs {
		x0, x1 = math.Min(x0, x), math.Max(x1, x)
	}
	if x1 == x0 {
		x0, x1 = x0-1, x1+1
	}
	px := func(x float64) float64 { return left + (x-x0)/(x1-x0)*(w-left-right) }
	py := func(y float64) float64 { return h - bottom - (y-lo)/(hi-lo)*(h-top-bottom) }
	format := s.Format
	if format == nil {
		format = func(v float64) string { return fmt.Sprintf("%g", v) }
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h, esc(s.Title))
	// Grid and y labels.
	for i := 0; i <= 4; i++ {
		y := lo + (hi-lo)*float64(i)/4
		fmt.Fprintf(&b, `<line class="grid" x1="%g" y1="%.1f" x2="%g" y2="%.1f"/><text class="axis" x="%g" y="%.1f" text-anchor="end">%s</text>`,
			left, py(y), w-right, py(y), left-6, py(y)+4, esc(format(y)))
	}
	// X labels: every point's label, thinned to about ten.
	step := 1 + len(s.Series)/10
	for i, p := range s.Series {
		if i%step == 0 || i == len(s.Series)-1 {
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%g" text-anchor="middle">%s</text>`, px(p.X), h-bottom+18, esc(p.Label))
		}
	}
	if s.TargetLo != nil {
		hiV := *s.TargetLo
		if s.TargetHi != nil {
			hiV = *s.TargetHi
		}
		if hiV != *s.TargetLo {
			fmt.Fprintf(&b, `<rect class="band" x="%.1f" y="%.1f" width="12" height="%.1f"/>`, px(s.TargetX)-6, py(hiV), math.Max(py(*s.TargetLo)-py(hiV), 2))
		} else {
			fmt.Fprintf(&b, `<path class="target" d="M%.1f %.1f l7 -7 l7 7 l-7 7 z"/>`, px(s.TargetX)-7, py(hiV))
		}
	}
	line := func(pts []Point, class string) {
		if len(pts) < 2 {
			return
		}
		fmt.Fprintf(&b, `<polyline class="%s" points="`, class)
		for _, p := range pts {
			fmt.Fprintf(&b, "%.1f,%.1f ", px(p.X), py(p.Y))
		}
		b.WriteString(`"/>`)
	}
	line(s.Series, "series")
	line(s.Projection, "projection")
	for _, p := range s.Series {
		class := "dot"
		if p.Estimate {
			class = "dot est"
		}
		fmt.Fprintf(&b, `<circle class="%s" cx="%.1f" cy="%.1f" r="3.5"><title>%s: %s</title></circle>`, class, px(p.X), py(p.Y), esc(p.Label), esc(format(p.Y)))
	}
	for _, m := range s.Milestones {
		fmt.Fprintf(&b, `<rect class="milestone" x="%.1f" y="%.1f" width="7" height="7"><title>%s: %s</title></rect>`, px(m.X)-3.5, py(m.Y)-3.5, esc(m.Label), esc(format(m.Y)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Bar is one bar of a bar chart.
type Bar struct {
	Label     string
	Value     float64
	Highlight bool
	Parts     []float64 // stacked parts, when the bar is a structure
}

// Bars draws horizontal bars, largest first as given, the highlighted one
// in the accent colour.
func Bars(title string, bars []Bar, format func(float64) string) template.HTML {
	if len(bars) == 0 {
		return template.HTML(`<p class="empty">–</p>`)
	}
	const w, label, row = 640.0, 170.0, 20.0
	h := row*float64(len(bars)) + 10
	max := 0.0
	for _, b := range bars {
		max = math.Max(max, math.Abs(b.Value))
	}
	if max == 0 {
		max = 1
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart bars" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h, esc(title))
	for i, b := range bars {
		y := 5 + row*float64(i)
		class := "bar"
		if b.Highlight {
			class = "bar hl"
		}
		bw := math.Abs(b.Value) / max * (w - label - 90)
		fmt.Fprintf(&sb, `<text class="axis" x="%g" y="%.1f" text-anchor="end">%s</text>`, label-6, y+13, esc(b.Label))
		if len(b.Parts) > 0 {
			x := label
			for j, p := range b.Parts {
				pw := math.Abs(p) / max * (w - label - 90)
				fmt.Fprintf(&sb, `<rect class="part part%d" x="%.1f" y="%.1f" width="%.1f" height="%g"/>`, j%6, x, y+2, pw, row-5)
				x += pw
			}
		} else {
			fmt.Fprintf(&sb, `<rect class="%s" x="%g" y="%.1f" width="%.1f" height="%g"/>`, class, label, y+2, bw, row-5)
		}
		fmt.Fprintf(&sb, `<text class="val" x="%.1f" y="%.1f">%s</text>`, label+bw+4, y+13, esc(format(b.Value)))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
