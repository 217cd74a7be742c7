package raster

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"testing"

	"planwatch/chart"
	"planwatch/locale"
)

var bars = string(chart.Bars("Tốc độ tăng GRDP", []chart.Bar{{Label: "Quảng Ninh", Value: 11.89}, {Label: "Bắc Ninh", Value: 10.27, Highlight: true}, {Label: "Vĩnh Long", Value: 5.84}},
	func(v float64) string { return "x" }))

var line = string(chart.Line(chart.LineSpec{Title: "Thu ngân sách", Series: []chart.Point{{Label: "2005", X: 2005, Y: 1748, Estimate: true}, {Label: "2021", X: 2021, Y: 33227}},
	TargetX: 2025, TargetLo: f(37400), TargetHi: f(37400), Projection: []chart.Point{{X: 2021, Y: 33227}, {X: 2025, Y: 69379}}}))

// A chart with all that package chart draws: every kind of point, a break,
// targets, a plan figure, milestones and the legend.
var full = string(chart.Line(chart.LineSpec{Title: "GRDP", Lang: locale.VI, Series: []chart.Point{{Label: "2019", X: 2019, Y: 119832},
	{Label: "2021", X: 2021, Y: 133600, Kind: chart.Imputed}, {Label: "2023", X: 2023, Y: 126483, Kind: chart.Rebuilt},
	{Label: "2024", X: 2024, Y: 136900, Kind: chart.Estimated, Break: "nguồn khác"}},
	Targets:    []chart.Mark{{X: 2025, Lo: 150000, Hi: 160000}, {X: 2026, Lo: 170000, Hi: 170000}, {X: 2024, Lo: 140000, Hi: 140000, Plan: true}},
	Milestones: []chart.Point{{Label: "2023", X: 2023, Y: 140000}}, Projection: []chart.Point{{X: 2024, Y: 136900}, {X: 2026, Y: 150000}}}))

func f(v float64) *float64 { return &v }

func TestDraw(t *testing.T) {
	for name, svg := range map[string]string{"bars": bars, "line": line, "full": full} {
		img, err := Draw(svg, 2)
		if err != nil {
			t.Fatal(err)
		}
		if w := img.Bounds().Dx(); w != 1280 && name != "full" {
			t.Errorf("%s: %d pixels wide, want 1280", name, w)
		}
		if p := os.Getenv("PLANWATCH_SCREENSHOTS"); p != "" {
			var b bytes.Buffer
			png.Encode(&b, img)
			os.WriteFile(p+"/raster-"+name+".png", b.Bytes(), 0o644)
		}
	}
	// The highlighted bar is dark blue (not red, which reads as bad) where
	// package chart puts it: the second row, from x = 170.
	img, _ := Draw(bars, 1)
	if c := img.RGBAAt(200, 5+20+10); c != (color.RGBA{0x17, 0x3b, 0x57, 0xff}) {
		t.Errorf("highlighted bar is %v", c)
	}
	if c := img.RGBAAt(200, 5+10); c != (color.RGBA{0x8f, 0xb3, 0xcf, 0xff}) {
		t.Errorf("plain bar is %v", c)
	}
}

// What package chart does not write is refused, not drawn wrong.
func TestRefuses(t *testing.T) {
	for _, svg := range []string{
		`<svg viewBox="0 0 10 10"><image href="x.png"/></svg>`,
		`<svg viewBox="0 0 10 10"><rect class="unknown" x="0" y="0" width="1" height="1"/></svg>`,
		`<svg viewBox="0 0 100000 10"></svg>`,
		`<html></html>`, ``,
	} {
		if _, err := Draw(svg, 1); err == nil {
			t.Errorf("Draw(%q) drew it", svg)
		}
	}
}

// FuzzDraw: any text either draws or is refused, never a panic.
func FuzzDraw(f *testing.F) {
	f.Add(bars)
	f.Add(line)
	f.Add(`<svg viewBox="0 0 10 10"><path class="target" d="M1 1 l7 -7 l7 7 l-7 7 z"/><text class="axis" x="1" y="1">Bắc Ninh</text></svg>`)
	f.Add(`<svg viewBox="0 0 10 10"><circle class="dot" cx="NaN" cy="Inf" r="1e300"/></svg>`)
	f.Fuzz(func(t *testing.T, svg string) {
		Draw(svg, 1)
	})
}
