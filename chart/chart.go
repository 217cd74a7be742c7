// Package chart draws the charts of the pages and the reports as SVG:
// series with their targets and plan figures, projections and
// milestones; bars; sparklines; bars and stacks for table cells.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"

	"planwatch/locale"
)

// Charts are drawn on the server as SVG: they need no script, print, and
// can go into reports as they are. Each element has a class that the
// style sheets (the web's, the report's) and package raster colour.

// Kind says how a figure came to be, which a chart draws apart: a
// published figure filled, an estimate hollow, one planwatch derived from
// other figures as a square, one rebuilt on the unit's territory from its
// predecessors as a triangle.
type Kind int

const (
	Published Kind = iota // a published figure, final
	Estimated             // an estimate, a provisional figure or a forecast (E, P, F)
	Imputed               // derived from published figures, not published itself (I, =)
	Rebuilt               // rebuilt on the unit's territory from its predecessors
)

// KindOf is the kind of a figure of an SDMX observation status ("R" is
// planwatch's mark of a rebuilt figure, "=" of one derived by formula).
func KindOf(status string) Kind {
	switch status {
	case "E", "P", "F":
		return Estimated
	case "I", "=":
		return Imputed
	case "R":
		return Rebuilt
	}
	return Published
}

// Point is one value of a series on a chart.
type Point struct {
	Label string
	X     float64 // the year, or any increasing number
	Y     float64
	// Estimate draws the point as an estimate when Kind says nothing
	// else (for callers that know only that).
	Estimate bool
	Kind     Kind
	// Break, when set, says why the point is not comparable with the one
	// before it (another source, another vintage): the line stops there
	// and a marker shows the reason on hover.
	Break string
	// Note is more for the hover: the figure's source.
	Note string
}

func (p Point) kind() Kind {
	if p.Kind == Published && p.Estimate {
		return Estimated
	}
	return p.Kind
}

// Mark is a target or a plan figure at a period: a point (Lo == Hi) or
// a band.
type Mark struct {
	X      float64
	Lo, Hi float64
	Label  string // what the hover says: "tối thiểu 37,4 nghìn tỷ đồng (2025)"
	Plan   bool   // a plan figure results are measured against, not a target
}

// LineSpec is a line chart: the series, and optionally targets (points or
// bands at a deadline) and plan figures, a projection from the last point,
// and milestones.
type LineSpec struct {
	Title      string
	Series     []Point
	Projection []Point
	// TargetX, TargetLo and TargetHi are one target (a point or a band);
	// Targets any number of them, and plan figures.
	TargetX            float64
	TargetLo, TargetHi *float64
	Targets            []Mark
	Milestones         []Point
	// Format writes the values in hovers, and on the axis when Lang is
	// not set.
	Format func(float64) string
	// Lang, when set, writes the axis with the language's separators and
	// the decimals its step needs, and draws a legend of what is drawn.
	Lang locale.Lang
	// Width is the chart's width in SVG units: 640 by default, 360 for a
	// phone (see Responsive).
	Width float64
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// textWidth estimates the width of a text in a sans-serif font of a size.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.56
}

const fontSize = 12.0

// words are the legend's, in Vietnamese and English.
var words = map[string][2]string{
	"published":  {"số chính thức", "published"},
	"estimated":  {"ước tính, sơ bộ", "estimate or preliminary"},
	"imputed":    {"suy ra, không phải số công bố", "derived, not published"},
	"rebuilt":    {"tính lại trên địa giới hiện nay", "rebuilt on today's boundaries"},
	"break":      {"gãy chuỗi (nguồn khác, không so sánh được)", "break in the series (another source)"},
	"target":     {"mục tiêu", "target"},
	"band":       {"khoảng mục tiêu", "target band"},
	"plan":       {"kế hoạch", "plan figure"},
	"projection": {"dự báo theo tốc độ đã đạt", "projected at the realised growth"},
	"milestone":  {"mốc", "milestone"},
}

func word(l locale.Lang, k string) string {
	if l == locale.EN {
		return words[k][1]
	}
	return words[k][0]
}

// KindName names a kind of figure in the language.
func KindName(k Kind, l locale.Lang) string {
	return word(l, [...]string{"published", "estimated", "imputed", "rebuilt"}[k])
}

// Line draws a line chart with its axes, and a legend of what it draws
// when the spec has a language.
func Line(s LineSpec) template.HTML {
	marks := append([]Mark{}, s.Targets...)
	if s.TargetLo != nil {
		hi := *s.TargetLo
		if s.TargetHi != nil {
			hi = *s.TargetHi
		}
		marks = append([]Mark{{X: s.TargetX, Lo: *s.TargetLo, Hi: hi}}, marks...)
	}
	var ys, xs []float64
	for _, group := range [][]Point{s.Series, s.Projection, s.Milestones} {
		for _, p := range group {
			ys, xs = append(ys, p.Y), append(xs, p.X)
		}
	}
	for _, m := range marks {
		ys, xs = append(ys, m.Lo, m.Hi), append(xs, m.X)
	}
	if len(xs) == 0 {
		return template.HTML(`<p class="empty">–</p>`)
	}
	w := s.Width
	if w <= 0 {
		w = 640
	}
	narrow := w < 500
	ax := NewAxis(ys)
	format := s.Format
	if format == nil {
		format = func(v float64) string {
			if s.Lang != "" {
				return locale.Number(v, s.Lang)
			}
			return fmt.Sprintf("%g", v)
		}
	}
	tick := format
	if s.Lang != "" {
		tick = func(v float64) string { return locale.Fixed(v, ax.Decimals(), s.Lang) }
	}
	var labels []string
	widest := 0.0
	for _, v := range ax.Ticks() {
		labels = append(labels, tick(v))
		widest = math.Max(widest, textWidth(tick(v), fontSize))
	}
	plotH := 220.0
	if narrow {
		plotH = 180
	}
	left, right, top := math.Max(36, math.Ceil(widest+12)), 14.0, 10.0
	bottom := top + plotH
	x0, x1 := xs[0], xs[0]
	for _, x := range xs {
		x0, x1 = math.Min(x0, x), math.Max(x1, x)
	}
	pad := math.Max(0.4, (x1-x0)*0.04)
	x0, x1 = x0-pad, x1+pad
	px := func(x float64) float64 { return left + (x-x0)/(x1-x0)*(w-left-right) }
	py := func(y float64) float64 { return bottom - (y-ax.Lo)/(ax.Hi-ax.Lo)*plotH }

	var legend []string
	has := map[string]bool{}
	use := func(k string) {
		if !has[k] {
			has[k] = true
			legend = append(legend, k)
		}
	}
	var body strings.Builder
	b := &body
	// Grid and value labels.
	for i, v := range ax.Ticks() {
		fmt.Fprintf(b, `<line class="grid" x1="%g" y1="%.1f" x2="%g" y2="%.1f"/><text class="axis" x="%g" y="%.1f" text-anchor="end">%s</text>`,
			left, py(v), w-right, py(v), left-6, py(v)+4, esc(labels[i]))
	}
	xLabels(b, s, marks, px, bottom+18, w-left-right)
	// Targets and plan figures.
	for _, m := range marks {
		x := px(m.X)
		title := ""
		if m.Label != "" {
			title = "<title>" + esc(m.Label) + "</title>"
		}
		switch {
		case m.Plan:
			use("plan")
			fmt.Fprintf(b, `<rect class="plan" x="%.1f" y="%.1f" width="16" height="4">%s</rect>`, x-8, py(m.Hi)-2, title)
		case m.Lo != m.Hi:
			use("band")
			lo, hi := math.Min(m.Lo, m.Hi), math.Max(m.Lo, m.Hi)
			fmt.Fprintf(b, `<rect class="band" x="%.1f" y="%.1f" width="12" height="%.1f">%s</rect>`, x-6, py(hi), math.Max(py(lo)-py(hi), 2), title)
		default:
			use("target")
			fmt.Fprintf(b, `<path class="target" d="M%.1f %.1f l7 -7 l7 7 l-7 7 z">%s</path>`, x-7, py(m.Hi), title)
		}
	}
	// The series, stopping at each break, with a marker there.
	var run []Point
	flush := func() {
		polyline(b, run, "series", px, py)
		run = run[:0]
	}
	for i, p := range s.Series {
		if p.Break != "" && i > 0 {
			flush()
			use("break")
			mx := (px(s.Series[i-1].X) + px(p.X)) / 2
			fmt.Fprintf(b, `<line class="brk" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/><rect class="brk-hit" x="%.1f" y="%.1f" width="12" height="%.1f"><title>%s</title></rect>`,
				mx, top, mx, bottom, mx-6, top, plotH, esc(p.Break))
		}
		run = append(run, p)
	}
	flush()
	if len(s.Projection) >= 2 {
		use("projection")
		polyline(b, s.Projection, "projection", px, py)
	}
	kinds := map[Kind]bool{}
	for _, p := range s.Series {
		kinds[p.kind()] = true
		title := p.Label + ": " + format(p.Y)
		if p.kind() != Published && s.Lang != "" {
			title += " (" + KindName(p.kind(), s.Lang) + ")"
		}
		if p.Note != "" {
			title += "\n" + p.Note
		}
		marker(b, p.kind(), px(p.X), py(p.Y), "<title>"+esc(title)+"</title>")
	}
	for _, m := range s.Milestones {
		use("milestone")
		fmt.Fprintf(b, `<rect class="milestone" x="%.1f" y="%.1f" width="7" height="7"><title>%s: %s</title></rect>`, px(m.X)-3.5, py(m.Y)-3.5, esc(m.Label), esc(format(m.Y)))
	}
	// The figures' kinds come first in the legend, then the rest as drawn.
	var kindKeys []string
	for k, name := range []string{"published", "estimated", "imputed", "rebuilt"} {
		if kinds[Kind(k)] {
			kindKeys = append(kindKeys, name)
		}
	}
	legend = append(kindKeys, legend...)
	h := bottom + 28
	var lg strings.Builder
	if s.Lang != "" && len(legend) > 0 {
		h = drawLegend(&lg, legend, s.Lang, w, bottom+44)
	}
	var out strings.Builder
	fmt.Fprintf(&out, `<svg class="chart" viewBox="0 0 %g %g" width="100%%" role="img" aria-label="%s">`, w, math.Ceil(h), esc(s.Title))
	out.WriteString(body.String())
	out.WriteString(lg.String())
	out.WriteString(`</svg>`)
	return template.HTML(out.String())
}

// xLabels writes the labels of the x axis: the series' points and the
// periods of targets and milestones beyond them, thinned to fit the width.
func xLabels(b *strings.Builder, s LineSpec, marks []Mark, px func(float64) float64, y, width float64) {
	type label struct {
		x    float64
		text string
	}
	seen := map[float64]bool{}
	var all []label
	add := func(x float64, text string) {
		if seen[x] {
			return
		}
		seen[x] = true
		if text == "" {
			text = fmt.Sprintf("%g", x)
		}
		all = append(all, label{x, text})
	}
	for _, p := range s.Series {
		add(p.X, p.Label)
	}
	for _, m := range marks {
		add(m.X, "")
	}
	for _, m := range s.Milestones {
		add(m.X, m.Label)
	}
	for i := 1; i < len(all); i++ { // by x, few enough for an insertion sort
		for j := i; j > 0 && all[j].x < all[j-1].x; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	widest := 0.0
	for _, l := range all {
		widest = math.Max(widest, textWidth(l.text, fontSize))
	}
	fit := int(width / (widest + 10))
	step := 1
	for fit > 0 && (len(all)+step-1)/step > fit {
		step++
	}
	prev := math.Inf(-1)
	for i, l := range all {
		// Every step-th label, and the last one when it does not crowd the
		// one before it.
		last := i == len(all)-1 && px(l.x)-prev >= widest+10
		if i%step == 0 || last {
			fmt.Fprintf(b, `<text class="axis" x="%.1f" y="%g" text-anchor="middle">%s</text>`, px(l.x), y, esc(l.text))
			prev = px(l.x)
		}
	}
}

func polyline(b *strings.Builder, pts []Point, class string, px, py func(float64) float64) {
	if len(pts) < 2 {
		return
	}
	fmt.Fprintf(b, `<polyline class="%s" points="`, class)
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(b, "%.1f,%.1f", px(p.X), py(p.Y))
	}
	b.WriteString(`"/>`)
}

// marker draws a figure's point by its kind, with its title.
func marker(b *strings.Builder, k Kind, x, y float64, title string) {
	switch k {
	case Estimated:
		fmt.Fprintf(b, `<circle class="dot est" cx="%.1f" cy="%.1f" r="3.5">%s</circle>`, x, y, title)
	case Imputed:
		fmt.Fprintf(b, `<rect class="dot imp" x="%.1f" y="%.1f" width="7" height="7">%s</rect>`, x-3.5, y-3.5, title)
	case Rebuilt:
		fmt.Fprintf(b, `<path class="dot rb" d="M%.1f %.1f l4.5 8 l-9 0 z">%s</path>`, x, y-5, title)
	default:
		fmt.Fprintf(b, `<circle class="dot" cx="%.1f" cy="%.1f" r="3.5">%s</circle>`, x, y, title)
	}
}

// drawLegend writes the legend's entries in rows from y, wrapping at the
// width, and returns the chart's height below it.
func drawLegend(b *strings.Builder, keys []string, l locale.Lang, w, y float64) float64 {
	const row, sym = 18.0, 22.0
	x := 8.0
	for _, k := range keys {
		text := word(l, k)
		ew := sym + textWidth(text, fontSize) + 14
		if x > 8 && x+ew > w-4 {
			x, y = 8, y+row
		}
		cx, cy := x+7, y-4
		switch k {
		case "published":
			marker(b, Published, cx, cy, "")
		case "estimated":
			marker(b, Estimated, cx, cy, "")
		case "imputed":
			marker(b, Imputed, cx, cy, "")
		case "rebuilt":
			marker(b, Rebuilt, cx, cy+1, "")
		case "break":
			fmt.Fprintf(b, `<line class="brk" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, cx, cy-7, cx, cy+7)
		case "target":
			fmt.Fprintf(b, `<path class="target" d="M%.1f %.1f l6 -6 l6 6 l-6 6 z"/>`, cx-6, cy)
		case "band":
			fmt.Fprintf(b, `<rect class="band" x="%.1f" y="%.1f" width="10" height="14"/>`, cx-5, cy-7)
		case "plan":
			fmt.Fprintf(b, `<rect class="plan" x="%.1f" y="%.1f" width="16" height="4"/>`, cx-8, cy-2)
		case "projection":
			fmt.Fprintf(b, `<polyline class="projection" points="%.1f,%.1f %.1f,%.1f"/>`, cx-8, cy, cx+8, cy)
		case "milestone":
			fmt.Fprintf(b, `<rect class="milestone" x="%.1f" y="%.1f" width="7" height="7"/>`, cx-3.5, cy-3.5)
		}
		fmt.Fprintf(b, `<text class="legend" x="%.1f" y="%.1f">%s</text>`, x+sym, y, esc(text))
		x += ew
	}
	return y + 8
}

// Responsive draws a line chart twice, for a wide screen and for a phone,
// in a wrapper whose classes let the page's style sheet show the one that
// fits: text in an SVG shrinks with it, and a chart made for 640 units is
// unreadable at 360 pixels.
func Responsive(s LineSpec) template.HTML {
	wide, narrow := s, s
	wide.Width, narrow.Width = 640, 360
	return template.HTML(`<div class="chart-wide">` + string(Line(wide)) + `</div><div class="chart-narrow">` + string(Line(narrow)) + `</div>`)
}

// Sparkline is a small line of a series, for tables.
func Sparkline(pts []Point, status string) template.HTML { return SparklineNamed(pts, status, "trend") }

// SparklineNamed is a Sparkline whose accessible name is label, in the
// page's language ("xu hướng").
func SparklineNamed(pts []Point, status, label string) template.HTML {
	if len(pts) < 2 {
		return ""
	}
	const w, h = 120.0, 28.0
	var ys []float64
	for _, p := range pts {
		ys = append(ys, p.Y)
	}
	ax := NewAxis(ys)
	x0, x1 := pts[0].X, pts[len(pts)-1].X
	if x1 == x0 {
		x1 = x0 + 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s"><polyline class="spark-%s" points="`, w, h, w, h, esc(label), esc(status))
	for _, p := range pts {
		fmt.Fprintf(&b, "%.1f,%.1f ", 2+(p.X-x0)/(x1-x0)*(w-4), h-2-(p.Y-ax.Lo)/(ax.Hi-ax.Lo)*(h-4))
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String())
}
