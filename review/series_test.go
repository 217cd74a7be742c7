package review_test

import (
	"math"
	"strings"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
)

func TestDocument(t *testing.T) {
	for src, want := range map[string]string{
		`Báo Bắc Ninh, 31/12/2025:  "exports were estimated at 94 billion USD"`: "báo bắc ninh, 31/12/2025",
		"  GSO,   Statistical Yearbook 2024 ":                                   "gso, statistical yearbook 2024",
		"":                                                                      "",
	} {
		if got := review.Document(src); got != want {
			t.Errorf("Document(%q) = %q, want %q", src, got, want)
		}
	}
}

// The old Bac Ninh's GRDP mixes sources: 133,600 (constant 2010 prices) in
// 2021 from the review of Resolution 54-NQ/TW, 136,900 in 2024 from the
// provincial portal's estimate, which says +6.03 % on 2023. The levels
// would read as 0.82 %/yr, (136,900 / 133,600)^(1/3) - 1; the series has a
// break in 2024, and growth across it comes from the published rates or not
// at all.
func TestBreaksInTheDemoGRDP(t *testing.T) {
	rv := demoReview(t)
	u, err := rv.Unit("27", period.MustParse("2024"))
	if err != nil {
		t.Fatal(err)
	}
	pts := rv.Points(u.ID, "GRDP", "price=constant2010")
	if len(pts) != 2 || pts[0].Break || !pts[1].Break {
		t.Fatalf("constant prices: %+v", pts)
	}
	if r := pts[1].BreakReason; !strings.Contains(r, "2021 and 2024 come from different sources") || !strings.Contains(r, "Nghị quyết 54-NQ/TW") || !strings.Contains(r, "CafeF") {
		t.Errorf("break reason %q", r)
	}
	if !strings.Contains(pts[1].BreakReasonVI, "từ hai nguồn khác nhau") {
		t.Errorf("Vietnamese break reason %q", pts[1].BreakReasonVI)
	}
	// At current prices: 2018-2022 from one computation on the statistics
	// office's tables, 2023 and 2024 each from another report.
	var breaks []string
	for _, p := range rv.Points(u.ID, "GRDP", "price=current") {
		if p.Break {
			breaks = append(breaks, p.Period.String())
		}
	}
	if strings.Join(breaks, " ") != "2023 2024" {
		t.Errorf("breaks at current prices: %v", breaks)
	}

	// Average growth 2022-2024 would be 0.82 %/yr from the levels; across
	// the break it needs the yearly rates of 2022, 2023 and 2024, and only
	// 2024's (6.03 %) is there.
	if g, how, err := rv.AverageGrowth("27", "GRDP", "price=constant2010", period.MustParse("2022/2024")); err == nil || !strings.Contains(err.Error(), "a break in the series in 2024") || !strings.Contains(err.Error(), "no rate GRDP_GROWTH for 2022") {
		t.Errorf("average growth across the break: %v (%s), %v", g, how, err)
	}
	// At current prices 2024 (232,800) against 2023 (220,222) would be
	// 5.71 %; the two come from different reports and GRDP_GROWTH is real
	// growth, at constant prices, which does not apply.
	f := fact(t, rv, "27", "GRDP", "price=current", "2024")
	notes := strings.Join(f.Notes, "|")
	if f.GrowthPct != nil || f.Change != nil || !strings.Contains(notes, "growth_pct: not computed: a break in the series") || !strings.Contains(notes, "the levels give 5.71 %") {
		t.Errorf("growth at current prices across the break: %v, notes %s", f.GrowthPct, notes)
	}
	// The demo's other growth figures are not breaks: exports of 2025
	// against the 2024 figure derived from the same interview.
	if e := fact(t, rv, "24", "EXPORTS", "", "2025"); e.GrowthPct == nil || math.Abs(*e.GrowthPct-36.1) > 0.05 {
		t.Errorf("exports growth %v, notes %v", e.GrowthPct, e.Notes)
	}
}

// Where the rate is published, growth across a break is that rate.
func TestGrowthAcrossABreakUsesThePublishedRate(t *testing.T) {
	b := baseWorld()
	src := func(r planwatch.ObservationRecord, s string) planwatch.ObservationRecord {
		r.Observation.Source = s
		return r
	}
	b.Observations = append(b.Observations,
		src(o("A", "GRDP", "price=constant2010", "2020", 100), "Yearbook 2021: table 3"),
		src(o("A", "GRDP", "price=constant2010", "2021", 107), "Yearbook 2021: table 3"),
		// Rebased: a new yearbook's level, far above the old one's.
		src(o("A", "GRDP", "price=constant2010", "2022", 150), "Yearbook 2023, rebased: table 3"),
		src(o("A", "GRDP", "price=constant2010", "2023", 162), "Yearbook 2023, rebased: table 3"),
		src(o("A", "GRDP_GROWTH", "", "2022", 7.5), "Yearbook 2023, rebased: table 2"),
		src(o("A", "GRDP_GROWTH", "", "2021", 7), "Yearbook 2021: table 2"),
		src(o("A", "GRDP_GROWTH", "", "2023", 8), "Yearbook 2023, rebased: table 2"),
	)
	rv := world(t, b)
	f := fact(t, rv, "A", "GRDP", "price=constant2010", "2022")
	if f.GrowthPct == nil || *f.GrowthPct != 7.5 || !strings.Contains(strings.Join(f.Notes, "|"), "the published rate A GRDP_GROWTH 2022 is used") {
		t.Errorf("growth 2022: %v, notes %v", f.GrowthPct, f.Notes)
	}
	// Within one source the levels count: 150 -> 162 is 8 %.
	if f := fact(t, rv, "A", "GRDP", "price=constant2010", "2023"); f.GrowthPct == nil || math.Abs(*f.GrowthPct-8) > 1e-9 {
		t.Errorf("growth 2023: %v", f.GrowthPct)
	}
	// 2021-2023 on average: the chain 7, 7.5, 8 (7.4988 %), not the levels'
	// (162 / 100)^(1/3) - 1 = 17.4 %.
	g, how, err := rv.AverageGrowth("A", "GRDP", "price=constant2010", period.MustParse("2021/2023"))
	want := (math.Cbrt(1.07*1.075*1.08) - 1) * 100
	if err != nil || math.Abs(g-want) > 1e-9 || !strings.Contains(how, "chain of 3 yearly rates GRDP_GROWTH") {
		t.Errorf("average growth %v (%s), %v; want %v", g, how, err, want)
	}
}
