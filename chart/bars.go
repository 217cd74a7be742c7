package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Bar is one bar of a bar chart.
type Bar struct {
	Label     string
	Value     float64
	Highlight bool
	Parts     []float64 // stacked parts, when the bar is a structure
}

// Bars draws horizontal bars, in the order given, the highlighted one
// dark (never red, which reads as bad).
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
	fmt.Fprintf(&sb, `<svg class="chart bars" viewBox="0 0 %g %g" width="100%%" role="img" aria-label="%s">`, w, h, esc(title))
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
			fmt.Fprintf(&sb, `<rect class="%s" x="%g" y="%.1f" width="%.1f" height="%g"><title>%s: %s</title></rect>`, class, label, y+2, bw, row-5, esc(b.Label), esc(format(b.Value)))
		}
		fmt.Fprintf(&sb, `<text class="val" x="%.1f" y="%.1f">%s</text>`, label+bw+4, y+13, esc(format(b.Value)))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// Scale is the extent of the bars of one table: from the lowest value (or
// zero) to the highest (or zero), so that negative values go left of the
// zero line.
type Scale struct{ Lo, Hi float64 }

// NewScale holds every value and zero.
func NewScale(vals []float64) Scale {
	s := Scale{}
	for _, v := range vals {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			s.Lo, s.Hi = math.Min(s.Lo, v), math.Max(s.Hi, v)
		}
	}
	if s.Lo == s.Hi {
		s.Hi = s.Lo + 1
	}
	return s
}

// InlineBar is a bar for a table cell, drawn on the scale: the cell's
// text stays the page's, readable at any width, and the bar stretches
// with the column. The highlighted one is dark.
func InlineBar(v float64, s Scale, highlight bool) template.HTML {
	zero := (0 - s.Lo) / (s.Hi - s.Lo) * 100
	x := (v - s.Lo) / (s.Hi - s.Lo) * 100
	lo, hi := math.Min(zero, x), math.Max(zero, x)
	class := "ibar"
	if highlight {
		class = "ibar hl"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="inbar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="%s" x="%.2f" y="1" width="%.2f" height="8"/>`, class, lo, math.Max(hi-lo, 0.3))
	if s.Lo < 0 {
		fmt.Fprintf(&b, `<line class="zero" x1="%.2f" y1="0" x2="%.2f" y2="10"/>`, zero, zero)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Stack is a stacked bar for a table cell: parts of a whole (shares of a
// structure), each in the colour of its place, on a scale from 0 to max.
func Stack(parts []float64, max float64) template.HTML {
	if max <= 0 {
		max = 1
	}
	var b strings.Builder
	b.WriteString(`<svg class="inbar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">`)
	x := 0.0
	for i, p := range parts {
		if p <= 0 || math.IsNaN(p) {
			continue
		}
		pw := p / max * 100
		fmt.Fprintf(&b, `<rect class="part part%d" x="%.2f" y="1" width="%.2f" height="8"/>`, i%6, x, pw)
		x += pw
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Swatch is the colour of a stack's part i, for its legend.
func Swatch(i int) template.HTML {
	return template.HTML(fmt.Sprintf(`<svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class="part part%d" width="10" height="10"/></svg>`, i%6))
}
