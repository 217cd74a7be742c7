package assess

import (
	"math"
	"strings"
	"testing"

	"planwatch"
	"planwatch/period"
)

func v(x float64) *float64 { return &x }

func pts(year0 int, vals ...float64) []Point {
	out := make([]Point, len(vals))
	for i, x := range vals {
		out[i] = Point{year0 + i, x}
	}
	return out
}

func TestLevelTargets(t *testing.T) {
	d := period.MustParse("2025")
	base := &Point{2020, 6000}
	cases := []struct {
		name   string
		in     Input
		method Method
		status Status
		reason string
	}{
		{"on track", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Base: base, Levels: []Point{{2020, 6000}, {2023, 7700}}}, StatCan, OnTrack, "realised 8.67 %/yr since 2020"},
		{"acceleration", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Base: base, Levels: []Point{{2020, 6000}, {2023, 7000}}}, StatCan, Acceleration, "needs 12.76 %/yr in 2024–2025"},
		{"off track", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Base: base, Levels: []Point{{2020, 6000}, {2023, 6300}}}, StatCan, OffTrack, ""},
		{"regressing", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Base: base, Levels: []Point{{2020, 6000}, {2023, 5800}}}, StatCan, Regressing, ""},
		{"achieved overrides", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Base: base, Levels: []Point{{2020, 6000}, {2022, 9000}, {2023, 8000}}}, StatCan, OnTrack, ""},
		{"achieved", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Base: base, Levels: []Point{{2020, 6000}, {2024, 9000}}}, StatCan, Achieved, "9,000 in 2024"},
		{"lower is better on track", Input{Kind: planwatch.AtMost, Value: v(1), Deadline: d, Levels: []Point{{2020, 3}, {2023, 1.5}}}, StatCan, OnTrack, ""},
		{"lower is better regressing", Input{Kind: planwatch.AtMost, Value: v(1), Deadline: d, Levels: []Point{{2020, 3}, {2023, 3.5}}}, StatCan, Regressing, ""},
		{"poverty to zero", Input{Kind: planwatch.AtMost, Value: v(0), Deadline: d, Levels: []Point{{2020, 3}, {2023, 1.5}}}, StatCan, OffTrack, ""},
		{"range reached", Input{Kind: planwatch.Range, Low: v(70), High: v(75), Deadline: d, Levels: []Point{{2020, 60}, {2025, 74.5}}}, StatCan, Achieved, ""},
		{"exactly, as written", Input{Kind: planwatch.Exactly, Value: v(74.5), Decimals: 1, Deadline: d, Levels: []Point{{2020, 70}, {2025, 74.54}}}, StatCan, Achieved, ""},
		{"deadline passed", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Levels: []Point{{2020, 6000}, {2025, 8800}}}, StatCan, OffTrack, ""},
		{"unsd fair progress", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Base: base, Levels: []Point{{2020, 6000}, {2023, 7000}}}, UNSD, Acceleration, ""},
		{"unsd on track", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Base: base, Levels: []Point{{2020, 6000}, {2023, 7900}}}, UNSD, OnTrack, ""},
		{"one point", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d, Levels: []Point{{2023, 7000}}}, StatCan, NotAssessable, "too few points"},
		{"no data", Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: d}, StatCan, NotAssessable, "no data"},
		{"sign change", Input{Kind: planwatch.AtLeast, Value: v(10), Deadline: d, Levels: []Point{{2020, -5}, {2023, 3}}}, StatCan, NotAssessable, "change sign"},
	}
	for _, c := range cases {
		cfg := Default()
		cfg.Method = c.method
		r := Assess(c.in, cfg)
		if c.name == "achieved overrides" {
			// 2022 met it but the latest figure, 2023, does not: the latest counts.
			if r.Status == Achieved {
				t.Errorf("%s: a target met once and lost again is %s", c.name, r.Status)
			}
			continue
		}
		if r.Status != c.status || !strings.Contains(r.Reason, c.reason) {
			t.Errorf("%s: %s (%s), want %s containing %q", c.name, r.Status, r.Reason, c.status, c.reason)
		}
	}
}

func TestStatCanFigures(t *testing.T) {
	r := Assess(Input{Kind: planwatch.AtLeast, Value: v(8900), Deadline: period.MustParse("2025"), Base: &Point{2020, 6000},
		Levels: []Point{{2020, 6000}, {2023, 7000}}}, Default())
	wantActual := (math.Pow(7000.0/6000, 1.0/3) - 1) * 100
	wantReq := (math.Pow(8900.0/6000, 1.0/5) - 1) * 100
	if math.Abs(*r.Realised-wantActual) > 1e-9 || math.Abs(*r.Progress-wantActual/wantReq) > 1e-9 {
		t.Errorf("realised %v progress %v; want %v and %v", *r.Realised, *r.Progress, wantActual, wantActual/wantReq)
	}
	if want := 7000 * math.Pow(1+wantActual/100, 2); math.Abs(*r.Projected-want) > 1e-6 {
		t.Errorf("projected %v, want %v", *r.Projected, want)
	}
	if *r.Gap != 1900 || r.Latest.Year != 2023 {
		t.Errorf("gap %v latest %+v", *r.Gap, r.Latest)
	}
}

func TestGrowthTargets(t *testing.T) {
	iv := period.MustParse("2021/2025")
	cases := []struct {
		name   string
		in     Input
		status Status
		reason string
	}{
		{"band reached", Input{Kind: planwatch.AvgGrowth, Low: v(7), High: v(8), Direction: 1, Deadline: iv, Rates: pts(2021, 7.5, 7.5, 7.5, 7.5, 7.5)}, Achieved, "realised 7.5 %/yr in 2021–2025; target 7-8 %/yr"},
		{"band missed", Input{Kind: planwatch.AvgGrowth, Low: v(7), High: v(8), Direction: 1, Deadline: iv, Rates: pts(2021, 5, 5, 5, 5, 5)}, OffTrack, ""},
		{"half way, needs more", Input{Kind: planwatch.AvgGrowth, Low: v(7), High: v(8), Direction: 1, Deadline: iv, Rates: pts(2021, 6.5, 7.2)}, OnTrack, "needs 7.1 %/yr in 2023–2025"},
		{"half way, far behind", Input{Kind: planwatch.AvgGrowth, Low: v(7), High: v(8), Direction: 1, Deadline: iv, Rates: pts(2021, 3, 3)}, OffTrack, ""},
		{"from levels", Input{Kind: planwatch.AvgGrowth, Low: v(7), High: v(8), Direction: 1, Deadline: iv, Levels: pts(2020, 100, 107.5)}, OnTrack, "realised 7.5 %/yr in 2021;"},
		{"no base level", Input{Kind: planwatch.AvgGrowth, Low: v(7), High: v(8), Direction: 1, Deadline: iv, Levels: pts(2021, 133600)}, NotAssessable, "no level for 2020"},
		{"double digits", Input{Kind: planwatch.Growth, Low: v(10), Direction: 1, Deadline: period.MustParse("2026"), Rates: pts(2026, 10.27)}, Achieved, ""},
		{"double digits missed", Input{Kind: planwatch.Growth, Low: v(10), Direction: 1, Deadline: period.MustParse("2026"), Rates: pts(2026, 8)}, OffTrack, ""},
		{"not yet", Input{Kind: planwatch.Growth, Low: v(10), Direction: 1, Deadline: period.MustParse("2026"), Rates: pts(2025, 10.27)}, NotAssessable, "no data for 2026 yet"},
		{"plan met", Input{Kind: planwatch.PlanFig, Value: v(74.6), Deadline: period.MustParse("2025"), Actual: v(94)}, Achieved, "126.01 % of the plan figure 74.6"},
		{"plan missed", Input{Kind: planwatch.PlanFig, Value: v(74.6), Deadline: period.MustParse("2025"), Actual: v(70)}, OffTrack, ""},
	}
	for _, c := range cases {
		r := Assess(c.in, Default())
		if r.Status != c.status || !strings.Contains(r.Reason, c.reason) {
			t.Errorf("%s: %s (%s), want %s containing %q", c.name, r.Status, r.Reason, c.status, c.reason)
		}
	}
}

// Levels on either side of a break in the series are never compared: the
// yearly rates bridge the break, or the judgement starts after it, or the
// target is not assessable and says which figures do not compare.
func TestBreaksInSeries(t *testing.T) {
	iv := period.MustParse("2021/2025")
	d := period.MustParse("2025")
	cases := []struct {
		name     string
		in       Input
		status   Status
		realised float64 // NaN: none
		reasons  []string
	}{
		// The old Bac Ninh's GRDP at constant 2010 prices as of 2024: 133,600
		// in 2021 from the review of Resolution 54, 136,900 in 2024 from the
		// provincial portal's estimate ("up 6.03% on 2023"). The levels read
		// as 0.82 %/yr; they are not comparable, only 2024's rate is known,
		// and nothing measures 2021-2023.
		{"GRDP of the old Bac Ninh", Input{Kind: planwatch.AvgGrowth, Low: v(7), High: v(8), Direction: 1, Deadline: iv,
			Levels: []Point{{2021, 133600}, {2024, 136900}}, Breaks: []int{2024}, Rates: []Point{{2024, 6.03}}}, NotAssessable, math.NaN(),
			[]string{"no level for 2020", "growth known only for 2024 (6.03 %)", "the levels of 2021 and 2024 are not comparable (a break in the series)"}},
		// 2021 from the levels (100 -> 107: 7 %), 2022 from its rate (7.5 %)
		// since the 2022 level (200) is from another source: sqrt(1.07 x
		// 1.075) - 1 = 7.2497 %, in the band. The levels alone would say
		// 41.4 %/yr.
		{"bridged average", Input{Kind: planwatch.AvgGrowth, Low: v(7), High: v(8), Direction: 1, Deadline: iv,
			Levels: []Point{{2020, 100}, {2021, 107}, {2022, 200}}, Breaks: []int{2022}, Rates: []Point{{2022, 7.5}}}, OnTrack,
			(math.Sqrt(1.07*1.075) - 1) * 100, []string{"realised 7.25 %/yr in 2021–2022", "from the yearly growth rates where the levels are not comparable (a break in the series in 2022)"}},
		// At least 200 by 2025 from 100 in 2020: 14.87 %/yr required. The
		// 2023 level (90) is from another source; 2021 grew 10 % (levels),
		// 2022 and 2023 5 % each (rates): (1.1 x 1.05 x 1.05)^(1/3) - 1 =
		// 6.63 %/yr, v = 6.63 / 14.87 = 0.45: off track, not regressing as
		// 100 -> 90 would say.
		{"bridged level", Input{Kind: planwatch.AtLeast, Value: v(200), Direction: 1, Deadline: d,
			Levels: []Point{{2020, 100}, {2021, 110}, {2023, 90}}, Breaks: []int{2023}, Rates: []Point{{2022, 5}, {2023, 5}}}, OffTrack,
			(math.Cbrt(1.1*1.05*1.05) - 1) * 100, []string{"from the yearly growth rates across the break in the series in 2023"}},
		// No rates: judged on the comparable run since the break, 50 -> 55
		// in 2022–2023 (10 %/yr) against 70 by 2025 from 50 in 2022
		// (11.87 %/yr): v = 0.84, acceleration needed.
		{"rebased level", Input{Kind: planwatch.AtLeast, Value: v(70), Direction: 1, Deadline: d,
			Levels: []Point{{2020, 100}, {2021, 110}, {2022, 50}, {2023, 55}}, Breaks: []int{2022}}, Acceleration,
			10, []string{"judged from 2022 on"}},
		{"break at the latest figure", Input{Kind: planwatch.AtLeast, Value: v(200), Direction: 1, Deadline: d,
			Levels: []Point{{2020, 100}, {2023, 120}}, Breaks: []int{2023}}, NotAssessable, math.NaN(),
			[]string{"the figures of 2020 and 2023 are not comparable (a break in the series) and no yearly growth rates bridge it"}},
		// The old Bac Ninh's budget revenue as of 2024: 2005 (1,748 bn) and
		// 2021 (33,227) from the review of Resolution 54, 2019 and 2020
		// from two other documents between them, the base year 2020. No
		// rates bridge 2020-2021, but 2005 and 2021 come from one document:
		// (33,227 / 1,748)^(1/16) - 1 = 20.21 %/yr against the 3 %/yr that
		// 37,400 by 2025 needs, on track.
		{"level from the same source across others", Input{Kind: planwatch.AtLeast, Value: v(37400), Direction: 1, Deadline: d,
			Base: &Point{2020, 27000}, Levels: []Point{{2005, 1748}, {2019, 29912}, {2020, 27000}, {2021, 33227}}, Breaks: []int{2019, 2020, 2021}, SameSource: []int{2005}}, OnTrack,
			(math.Pow(33227.0/1748, 1.0/16) - 1) * 100, []string{"realised 20.21 %/yr since 2005", "judged from 2005, the last figure before 2021 from the same source"}},
		{"growth in one year across a break", Input{Kind: planwatch.Growth, Low: v(10), Direction: 1, Deadline: period.MustParse("2026"),
			Levels: []Point{{2025, 100}, {2026, 120}}, Breaks: []int{2026}}, NotAssessable, math.NaN(),
			[]string{"the levels of 2025 and 2026 are not comparable"}},
		// The same without the break: 20 %, achieved.
		{"growth in one year", Input{Kind: planwatch.Growth, Low: v(10), Direction: 1, Deadline: period.MustParse("2026"),
			Levels: []Point{{2025, 100}, {2026, 120}}}, Achieved, 20, nil},
	}
	for _, c := range cases {
		r := Assess(c.in, Default())
		if r.Status != c.status {
			t.Errorf("%s: %s (%s), want %s", c.name, r.Status, r.Reason, c.status)
		}
		for _, w := range c.reasons {
			if !strings.Contains(r.Reason, w) {
				t.Errorf("%s: reason %q lacks %q", c.name, r.Reason, w)
			}
		}
		switch {
		case math.IsNaN(c.realised) && r.Realised != nil:
			t.Errorf("%s: realised %v, want none", c.name, *r.Realised)
		case !math.IsNaN(c.realised) && (r.Realised == nil || math.Abs(*r.Realised-c.realised) > 1e-9):
			t.Errorf("%s: realised %v, want %v", c.name, r.Realised, c.realised)
		}
		if r.ReasonVI == "" || r.ReasonVI == r.Reason {
			t.Errorf("%s: Vietnamese reason %q", c.name, r.ReasonVI)
		}
	}
}
