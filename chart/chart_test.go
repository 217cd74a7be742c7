package chart

import (
	"encoding/xml"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"planwatch/locale"
)

func TestAxis(t *testing.T) {
	cases := []struct {
		name  string
		vals  []float64
		ticks []float64
	}{
		// One point: from zero to the value rounded up, in round steps.
		{"one point", []float64{5.852}, []float64{0, 2, 4, 6}},
		{"one large point", []float64{136900}, []float64{0, 50000, 100000, 150000}},
		{"one negative point", []float64{-9.28}, []float64{-10, -7.5, -5, -2.5, 0}},
		{"one zero", []float64{0}, []float64{0, 0.25, 0.5, 0.75, 1}},
		{"a repeated point", []float64{74.6, 74.6}, []float64{0, 20, 40, 60, 80}},
		// Two points close together: an axis around them, not from zero.
		{"two points", []float64{133600, 136900}, []float64{133000, 134000, 135000, 136000, 137000}},
		// Small against the top: from zero.
		{"from zero", []float64{1748, 33227}, []float64{0, 10000, 20000, 30000, 40000}},
		{"many points", []float64{10.6, 1.1, 1.36, 6.9, 7.39, -9.28, 6.03}, []float64{-10, -5, 0, 5, 10, 15}},
		{"shares", []float64{3.2, 74.7, 22.1}, []float64{0, 20, 40, 60, 80}},
		{"small steps", []float64{5.851, 5.853}, []float64{5.851, 5.8515, 5.852, 5.8525, 5.853}},
	}
	for _, c := range cases {
		a := NewAxis(c.vals)
		got := a.Ticks()
		if !slices.Equal(got, c.ticks) {
			t.Errorf("%s: ticks %v, want %v", c.name, got, c.ticks)
		}
		for _, v := range c.vals {
			if v < a.Lo || v > a.Hi {
				t.Errorf("%s: %g outside the axis %g-%g", c.name, v, a.Lo, a.Hi)
			}
		}
		if n := len(got); n < 3 || n > 7 {
			t.Errorf("%s: %d ticks", c.name, n)
		}
	}
	for step, d := range map[float64]int{1000: 0, 1: 0, 0.5: 1, 2.5: 1, 0.25: 2, 0.0005: 4} {
		if got := (Axis{0, 4 * step, step}).Decimals(); got != d {
			t.Errorf("step %g: %d decimals, want %d", step, got, d)
		}
	}
}

// element is an SVG element as a test reads it.
type element struct {
	name, class string
	attr        map[string]string
	title, text string
}

func parse(t *testing.T, svg string) []element {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var out []element
	var stack []int
	inTitle := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, svg)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "title" {
				inTitle = true
				continue
			}
			e := element{name: x.Name.Local, attr: map[string]string{}}
			for _, a := range x.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			e.class = e.attr["class"]
			out = append(out, e)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			if x.Name.Local == "title" {
				inTitle = false
				continue
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			e := &out[stack[len(stack)-1]]
			if inTitle {
				e.title += string(x)
			} else {
				e.text += string(x)
			}
		}
	}
	return out
}

func texts(els []element, class string) []string {
	var out []string
	for _, e := range els {
		if e.class == class {
			out = append(out, e.text)
		}
	}
	return out
}

func count(els []element, class string) int {
	n := 0
	for _, e := range els {
		if e.class == class {
			n++
		}
	}
	return n
}

func num(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }

func pts(ys ...float64) []Point {
	var out []Point
	for i, y := range ys {
		x := 2019 + i
		out = append(out, Point{Label: strconv.Itoa(x), X: float64(x), Y: y})
	}
	return out
}

// The y axis of one, two and many points: round steps written with the
// step's decimals in the language.
func TestLineAxis(t *testing.T) {
	cases := []struct {
		series []Point
		lang   locale.Lang
		want   []string // the value labels, lowest first
	}{
		{pts(5.852), locale.VI, []string{"0", "2", "4", "6"}},
		{pts(133600, 136900), locale.VI, []string{"133.000", "134.000", "135.000", "136.000", "137.000"}},
		{pts(133600, 136900), locale.EN, []string{"133,000", "134,000", "135,000", "136,000", "137,000"}},
		{pts(10.6, 1.1, 1.36, 6.9, 7.39, -9.28, 6.03), locale.EN, []string{"-10", "-5", "0", "5", "10", "15"}},
		{pts(1.2, 2.1), locale.VI, []string{"1,00", "1,25", "1,50", "1,75", "2,00", "2,25"}},
	}
	for _, c := range cases {
		els := parse(t, string(Line(LineSpec{Title: "t", Series: c.series, Lang: c.lang})))
		if got := texts(els, "axis")[:len(c.want)]; !slices.Equal(got, c.want) {
			t.Errorf("%v: value labels %q, want %q", c.series, got, c.want)
		}
		// Grid lines go up the page as the values go up.
		var ys []float64
		for _, e := range els {
			if e.class == "grid" {
				ys = append(ys, num(e.attr["y1"]))
			}
		}
		if len(ys) != len(c.want) || !slices.IsSortedFunc(ys, func(a, b float64) int { return int(b - a) }) {
			t.Errorf("%v: grid lines at %v", c.series, ys)
		}
	}
}

// The x axis labels every year while they fit, and thins them when they
// do not, keeping the first.
func TestLineXLabels(t *testing.T) {
	var many []float64
	for i := 0; i < 30; i++ {
		many = append(many, float64(i))
	}
	for _, c := range []struct {
		width  float64
		series []Point
		min    int
		max    int
	}{
		{640, pts(1, 2, 3, 4, 5), 5, 5},
		{360, pts(1, 2, 3, 4, 5), 5, 5},
		{640, pts(many...), 8, 16},
		{360, pts(many...), 4, 8},
	} {
		els := parse(t, string(Line(LineSpec{Series: c.series, Width: c.width, Lang: locale.VI})))
		var years []string
		for _, e := range els {
			if e.class == "axis" && e.attr["text-anchor"] == "middle" {
				years = append(years, e.text)
			}
		}
		if len(years) < c.min || len(years) > c.max || years[0] != c.series[0].Label {
			t.Errorf("%g wide, %d points: x labels %q", c.width, len(c.series), years)
		}
	}
}

// Estimated, derived and rebuilt points are drawn apart from published
// ones, and the legend names only what is drawn.
func TestLineKindsAndLegend(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name   string
		spec   LineSpec
		legend []string
		marks  map[string]int // class -> how many
	}{
		{"published only", LineSpec{Series: pts(1, 2, 3)},
			[]string{"published"}, map[string]int{"dot": 3, "dot est": 0, "band": 0, "target": 0}},
		{"estimate last", LineSpec{Series: append(pts(1, 2), Point{Label: "2021", X: 2021, Y: 3, Estimate: true})},
			[]string{"published", "estimate or preliminary"}, map[string]int{"dot": 2, "dot est": 1}},
		{"every kind", LineSpec{Series: []Point{{X: 2019, Y: 1}, {X: 2020, Y: 2, Kind: Estimated}, {X: 2021, Y: 3, Kind: Imputed}, {X: 2022, Y: 4, Kind: Rebuilt}}},
			[]string{"published", "estimate or preliminary", "derived, not published", "rebuilt on today's boundaries"},
			map[string]int{"dot": 1, "dot est": 1, "dot imp": 1, "dot rb": 1}},
		{"target band and projection", LineSpec{Series: pts(1, 2), TargetX: 2025, TargetLo: f(5), TargetHi: f(6),
			Projection: []Point{{X: 2020, Y: 2}, {X: 2025, Y: 4}}},
			[]string{"published", "target band", "projected at the realised growth"}, map[string]int{"band": 1, "target": 0, "projection": 1}},
		{"target point, plan figure, milestone", LineSpec{Series: pts(1, 2), Targets: []Mark{{X: 2025, Lo: 5, Hi: 5, Label: "at least 5"}, {X: 2021, Lo: 3, Hi: 3, Plan: true}},
			Milestones: []Point{{Label: "2023", X: 2023, Y: 4}}},
			[]string{"published", "target", "plan figure", "milestone"}, map[string]int{"target": 1, "plan": 1, "milestone": 1, "band": 0}},
		{"only an estimate", LineSpec{Series: []Point{{X: 2024, Y: 136900, Kind: Estimated}}},
			[]string{"estimate or preliminary"}, map[string]int{"dot": 0, "dot est": 1}},
	}
	for _, c := range cases {
		c.spec.Lang = locale.EN
		els := parse(t, string(Line(c.spec)))
		if got := texts(els, "legend"); !slices.Equal(got, c.legend) {
			t.Errorf("%s: legend %q, want %q", c.name, got, c.legend)
		}
		for class, n := range c.marks {
			// The legend draws one of each symbol besides the chart's own.
			drawn := count(els, class)
			if n > 0 {
				drawn--
			}
			if drawn != n {
				t.Errorf("%s: %d of %q, want %d", c.name, drawn, class, n)
			}
		}
		// Every element is one package raster knows how to draw.
		for _, e := range els {
			for _, cl := range strings.Fields(e.class) {
				if !known[cl] {
					t.Errorf("%s: class %q", c.name, cl)
				}
			}
		}
	}
	// Without a language (the reports' older call) there is no legend.
	if els := parse(t, string(Line(LineSpec{Series: pts(1, 2)}))); len(texts(els, "legend")) != 0 {
		t.Error("a legend without a language")
	}
	// Vietnamese legend.
	els := parse(t, string(Line(LineSpec{Series: append(pts(1), Point{X: 2020, Y: 2, Kind: Estimated}), Lang: locale.VI})))
	if got := texts(els, "legend"); !slices.Equal(got, []string{"số chính thức", "ước tính, sơ bộ"}) {
		t.Errorf("Vietnamese legend %q", got)
	}
}

var known = map[string]bool{"chart": true, "grid": true, "axis": true, "legend": true, "series": true, "projection": true, "dot": true, "est": true,
	"imp": true, "rb": true, "target": true, "band": true, "plan": true, "milestone": true, "brk": true, "brk-hit": true}

// A break in the series stops the line and puts a marker there, with the
// reason on hover.
func TestLineBreaks(t *testing.T) {
	series := []Point{{Label: "2021", X: 2021, Y: 133600}, {Label: "2024", X: 2024, Y: 136900, Kind: Estimated, Break: "2021 and 2024 come from different sources"},
		{Label: "2025", X: 2025, Y: 140000}}
	els := parse(t, string(Line(LineSpec{Series: series, Lang: locale.EN})))
	var lines []element
	var marks, hits []element
	for _, e := range els {
		switch e.class {
		case "series":
			lines = append(lines, e)
		case "brk":
			marks = append(marks, e)
		case "brk-hit":
			hits = append(hits, e)
		}
	}
	// One polyline, from 2024 to 2025: 2021 stands alone before the break.
	if len(lines) != 1 || len(strings.Fields(lines[0].attr["points"])) != 2 {
		t.Fatalf("series lines %v", lines)
	}
	// The marker (and one in the legend) between 2021 and 2024.
	var dots []float64
	for _, e := range els {
		if e.name == "circle" && e.title != "" {
			dots = append(dots, num(e.attr["cx"]))
		}
	}
	if len(marks) != 2 || len(hits) != 1 || len(dots) != 3 {
		t.Fatalf("%d break marks, %d hover areas, %d dots", len(marks), len(hits), len(dots))
	}
	if x := num(marks[0].attr["x1"]); x <= dots[0] || x >= dots[1] {
		t.Errorf("break at x %g, not between %g and %g", x, dots[0], dots[1])
	}
	if hits[0].title != "2021 and 2024 come from different sources" {
		t.Errorf("break hover %q", hits[0].title)
	}
	if !slices.Contains(texts(els, "legend"), "break in the series (another source)") {
		t.Error("no legend entry for the break")
	}
	// Without a break, one line through the three and no marker.
	series[1].Break = ""
	els = parse(t, string(Line(LineSpec{Series: series, Lang: locale.EN})))
	if count(els, "brk") != 0 || count(els, "series") != 1 || slices.Contains(texts(els, "legend"), "break in the series (another source)") {
		t.Error("a break drawn where there is none")
	}
}

// Charts take the page's width: a viewBox and width 100%, and a narrow
// version for phones.
func TestResponsive(t *testing.T) {
	for _, svg := range []string{string(Line(LineSpec{Series: pts(1, 2)})), string(Bars("b", []Bar{{Label: "a", Value: 1}}, func(float64) string { return "" }))} {
		els := parse(t, svg)
		if els[0].name != "svg" || els[0].attr["width"] != "100%" || els[0].attr["viewBox"] == "" || els[0].attr["height"] != "" {
			t.Errorf("svg %v", els[0].attr)
		}
	}
	r := string(Responsive(LineSpec{Series: pts(1, 2), Lang: locale.VI}))
	if !strings.Contains(r, `<div class="chart-wide"><svg class="chart" viewBox="0 0 640 `) || !strings.Contains(r, `<div class="chart-narrow"><svg class="chart" viewBox="0 0 360 `) {
		t.Errorf("responsive %s", r)
	}
}

// A bar in a table cell starts at zero: right of it for a positive value,
// left for a negative one.
func TestInlineBar(t *testing.T) {
	s := NewScale([]float64{-9.28, 10.27, 5.84})
	for _, c := range []struct {
		v      float64
		hl     bool
		x, w   float64
		class  string
		zeroAt float64
	}{
		{10.27, true, 47.47, 52.53, "ibar hl", 47.47},
		{-9.28, false, 0, 47.47, "ibar", 47.47},
	} {
		els := parse(t, string(InlineBar(c.v, s, c.hl)))
		rect := els[1]
		if rect.class != c.class || math.Abs(num(rect.attr["x"])-c.x) > 0.01 || math.Abs(num(rect.attr["width"])-c.w) > 0.01 {
			t.Errorf("%g: %v", c.v, rect.attr)
		}
		if z := els[2]; z.class != "zero" || math.Abs(num(z.attr["x1"])-c.zeroAt) > 0.01 {
			t.Errorf("%g: zero line %v", c.v, z.attr)
		}
	}
	if els := parse(t, string(InlineBar(5, NewScale([]float64{5, 10}), false))); len(els) != 2 || num(els[1].attr["width"]) != 50 {
		t.Errorf("positive scale: %v", els)
	}
	els := parse(t, string(Stack([]float64{3.2, 74.7, 22.1}, 100)))
	if len(els) != 4 || els[2].class != "part part1" || num(els[2].attr["x"]) != 3.2 || num(els[3].attr["x"]) != 77.9 {
		t.Errorf("stack %v", els)
	}
}

// The plot starts at a whole unit however wide the value labels are, so
// that the SVG carries no float noise (59.040000000000006).
func TestLineLeftMargin(t *testing.T) {
	for _, lang := range []locale.Lang{locale.VI, locale.EN} {
		els := parse(t, string(Line(LineSpec{Title: "t", Series: pts(193841.6, 251610), Lang: lang})))
		for _, e := range els {
			if e.class == "grid" {
				if x := num(e.attr["x1"]); x != math.Trunc(x) || strings.Contains(e.attr["x1"], ".") {
					t.Errorf("%s: a grid line starts at %s", lang, e.attr["x1"])
				}
			}
		}
	}
}
