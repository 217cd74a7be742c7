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

// The old Bac Ninh's GRDP at constant 2010 prices mixes sources: 119,832
// in 2019 (the provincial portal), 133,600 in 2021 (the review of
// Resolution 54), 126,483 in 2023 (the statistics office's figure, which
// replaced the first estimate of 134,810) and 136,900 in 2024 (the
// portal's estimate, +6.03 % on 2023). Each is a break: 2023 to 2024 would
// read as (136,900 / 126,483) - 1 = 8.24 % while the 2024 source says
// 6.03 %. Growth across the breaks comes from the published rates.
func TestBreaksInTheDemoGRDP(t *testing.T) {
	rv := demoReview(t)
	u, err := rv.Unit("27", period.MustParse("2024"))
	if err != nil {
		t.Fatal(err)
	}
	pts := rv.Points(u.ID, "GRDP", "price=constant2010")
	var years, breaks []string
	for _, p := range pts {
		years = append(years, p.Period.String())
		if p.Break {
			breaks = append(breaks, p.Period.String())
		}
	}
	if strings.Join(years, " ") != "2019 2021 2023 2024" || strings.Join(breaks, " ") != "2021 2023 2024" || pts[2].Value != 126483 {
		t.Fatalf("constant prices: years %v, breaks %v, %+v", years, breaks, pts)
	}
	// The reasons name the documents by their titles, in each language, a
	// title cut at 90 characters.
	if r := pts[3].BreakReason; r != "2023 and 2024 come from different sources (Economic growth (GRDP) of Bac Ninh province in 2023: situation and solutions; "+
		"Bac Ninh's economic estimates for 2024 from the provincial web portal (as reported by Caf…)" {
		t.Errorf("break reason %q", r)
	}
	if r := pts[1].BreakReasonVI; r != "số liệu 2019 và 2021 từ hai nguồn khác nhau (Khái quát về Bắc Ninh; Tổng kết 17 năm thực hiện Nghị quyết 54-NQ/TW tại tỉnh Bắc Ninh (bản tiếng Anh))" {
		t.Errorf("Vietnamese break reason %q", r)
	}
	// At current prices: 2018-2022 from one computation on the statistics
	// office's tables, 2023 and 2024 each from another document.
	breaks = nil
	for _, p := range rv.Points(u.ID, "GRDP", "price=current") {
		if p.Break {
			breaks = append(breaks, p.Period.String())
		}
	}
	if strings.Join(breaks, " ") != "2023 2024" {
		t.Errorf("breaks at current prices: %v", breaks)
	}

	// Average growth 2022-2024 would be (136,900 / 133,600)^(1/3) - 1 =
	// 0.82 %/yr from the levels; across the breaks it chains the yearly
	// rates 7.39, -9.28 and 6.03: (1.0739 x 0.9072 x 1.0603)^(1/3) - 1.
	g, how, err := rv.AverageGrowth("27", "GRDP", "price=constant2010", period.MustParse("2022/2024"))
	want := (math.Cbrt(1.0739*0.9072*1.0603) - 1) * 100
	if err != nil || math.Abs(g-want) > 1e-9 || !strings.Contains(how, "chain of 3 yearly rates GRDP_GROWTH") {
		t.Errorf("average growth across the breaks: %v (%s), %v; want %v", g, how, err, want)
	}
	// At current prices 2024 (232,800) against 2023 (220,223) would be
	// 5.71 %; the two come from different documents and GRDP_GROWTH is
	// real growth, at constant prices, which does not apply.
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

// Figures of one document compare across the figures of other documents
// between them: the old Bac Ninh's budget revenue of 2005 and 2021, both
// from the review of Resolution 54, with 2019 and 2020 from two other
// documents between.
func TestSameSource(t *testing.T) {
	rv := demoReview(t)
	u, _ := rv.Unit("27", period.MustParse("2021"))
	pts := rv.Points(u.ID, "BUDGET_REV", "")
	obs := make([]planwatch.Observation, len(pts))
	var years []string
	for i, p := range pts {
		obs[i] = p.Observation
		years = append(years, p.Period.String())
	}
	if strings.Join(years, " ") != "2005 2019 2020 2021" {
		t.Fatalf("budget revenue in %v", years)
	}
	if !review.SameSource(obs, 0, 3) || review.SameSource(obs, 1, 3) || review.SameSource(obs, 2, 3) || review.SameSource(obs, 3, 3) {
		t.Errorf("same source: 2005-2021 %v, 2019-2021 %v, 2020-2021 %v", review.SameSource(obs, 0, 3), review.SameSource(obs, 1, 3), review.SameSource(obs, 2, 3))
	}
	// A break the source marks itself (status B) ends the comparison.
	obs[2].Status, obs[2].Source = "B", obs[3].Source
	if review.SameSource(obs, 0, 3) {
		t.Error("compared across a figure marked B")
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
