package review_test

import (
	"testing"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// Every target of the demo written from its kind, in both languages.
func TestTargetTextOfTheDemo(t *testing.T) {
	rv := demoReview(t)
	want := map[string][2]string{
		// "average growth rate in the period 2021 - 2025 from 7-8%/year"
		"NQ-DH20-BN GRDP 2021/2025": {"7–8%/năm", "7–8%/year"},
		// "the industry and construction density will be 74.5%"
		"NQ-DH20-BN GRDP_SECTOR_SHARE 2025": {"bằng 74,5%", "exactly 74.5%"},
		// "GRDP per capita is USD 8,900"
		"NQ-DH20-BN GRDP_PC 2025": {"tối thiểu 8.900 USD", "at least USD 8,900"},
		// "labor productivity increases from 8.5-9%/year"
		"NQ-DH20-BN LABOUR_PROD 2021/2025": {"8,5–9%/năm", "8.5–9%/year"},
		// "the budget revenue reaches VND 37,400 billion"
		"NQ-DH20-BN BUDGET_REV 2025": {"tối thiểu 37,4 nghìn tỷ đồng", "at least VND 37.4 trillion"},
		// "the poor household rate is reduced to less than 1%"
		"NQ-DH20-BN POOR_HH_RATE 2025":  {"tối đa 1%", "at most 1%"},
		"KH-2025-BN EXPORTS 2025":       {"kế hoạch 74,6 tỷ USD", "plan USD 74.6 bn"},
		"KH-2025-BN IMPORTS 2025":       {"kế hoạch 72,7 tỷ USD", "plan USD 72.7 bn"},
		"DT-NS-2025-BN BUDGET_REV 2025": {"kế hoạch 56,816 nghìn tỷ đồng", "plan VND 56.816 trillion"},
		// "maintain double-digit economic growth"
		"MT-2026-BN GRDP 2026": {"tối thiểu 10%", "at least 10%"},
	}
	seen := 0
	for _, tg := range rv.Targets("") {
		k := tg.Plan + " " + tg.Indicator + " " + tg.Period.String()
		w, ok := want[k]
		if !ok {
			t.Errorf("no expectation for %s", k)
			continue
		}
		seen++
		in, _ := rv.Indicator(tg.Indicator)
		if tg.Indicator == "GRDP_SECTOR_SHARE" && tg.Dims != "sector=industry_construction" {
			continue
		}
		if got := review.TargetText(tg, in, locale.VI); got != w[0] {
			t.Errorf("%s vi: %q, want %q", k, got, w[0])
		}
		if got := review.TargetText(tg, in, locale.EN); got != w[1] {
			t.Errorf("%s en: %q, want %q", k, got, w[1])
		}
	}
	if seen != 12 {
		t.Errorf("%d targets, want the demo's 12", seen)
	}
	// An assessment gives back its target for the text.
	as, err := rv.Assess(review.Filter{Plan: "MT-2026-BN"})
	if err != nil || len(as) != 1 {
		t.Fatal(as, err)
	}
	in, _ := rv.Indicator("GRDP")
	if got := review.TargetText(as[0].Target(), in, locale.EN); got != "at least 10%" {
		t.Errorf("from the assessment: %q", got)
	}
}

// The kinds the demo does not have, and the ends of bands.
func TestTargetTextKinds(t *testing.T) {
	vnd := planwatch.Indicator{Code: "REV", MeasureUnit: "VND bn"}
	pct := planwatch.Indicator{Code: "POOR", MeasureUnit: "%"}
	cases := []struct {
		t      planwatch.Target
		in     planwatch.Indicator
		vi, en string
	}{
		{planwatch.Target{Kind: planwatch.Range, Low: fp(37400), High: fp(40000)}, vnd, "37,4–40 nghìn tỷ đồng", "VND 37.4–40 trillion"},
		{planwatch.Target{Kind: planwatch.AtLeast, Value: fp(850)}, vnd, "tối thiểu 850 tỷ đồng", "at least VND 850 bn"},
		{planwatch.Target{Kind: planwatch.AtMost, Value: fp(1.5)}, pct, "tối đa 1,5%", "at most 1.5%"},
		{planwatch.Target{Kind: planwatch.AvgGrowth, Value: fp(7)}, vnd, "7%/năm", "7%/year"},
		{planwatch.Target{Kind: planwatch.AvgGrowth, Low: fp(6.5)}, vnd, "tối thiểu 6,5%/năm", "at least 6.5%/year"},
		{planwatch.Target{Kind: planwatch.AvgGrowth, High: fp(3)}, pct, "tối đa 3%/năm", "at most 3%/year"},
		{planwatch.Target{Kind: planwatch.Growth, Low: fp(10), High: fp(12)}, vnd, "10–12%", "10–12%"},
		{planwatch.Target{Kind: planwatch.Growth, Value: fp(8)}, vnd, "8%", "8%"},
		{planwatch.Target{Kind: planwatch.AtLeast}, vnd, "(không có giá trị)", "(no value)"},
	}
	for i, c := range cases {
		if got := review.TargetText(c.t, c.in, locale.VI); got != c.vi {
			t.Errorf("case %d vi: %q, want %q", i, got, c.vi)
		}
		if got := review.TargetText(c.t, c.in, locale.EN); got != c.en {
			t.Errorf("case %d en: %q, want %q", i, got, c.en)
		}
	}
	if got := review.DeadlineText(period.MustParse("2021/2025")); got != "2021–2025" {
		t.Errorf("DeadlineText = %q", got)
	}
	in := planwatch.Indicator{Code: "GRDP_SECTOR_SHARE", NameVI: "Cơ cấu kinh tế theo khu vực", NameEN: "GRDP structure by sector"}
	if got := review.IndicatorText(in, "sector=industry_construction", locale.VI); got != "Cơ cấu kinh tế theo khu vực (công nghiệp và xây dựng)" {
		t.Errorf("IndicatorText vi = %q", got)
	}
	if got := review.IndicatorText(in, "", locale.EN); got != "GRDP structure by sector" {
		t.Errorf("IndicatorText en = %q", got)
	}
}

// A place says how many peers had a figure when not all did.
func TestRankText(t *testing.T) {
	rank := func(n, withData, of int) review.Rank {
		return review.Rank{Scope: "national", Rank: &n, Of: of, WithData: withData}
	}
	for _, c := range []struct {
		r      review.Rank
		vi, en string
	}{
		{rank(5, 34, 34), "thứ 5/34", "5th of 34"},
		{rank(1, 2, 34), "thứ 1 trong 2 có số liệu (trên 34)", "1st of 2 with data (of 34)"},
		{rank(2, 12, 34), "thứ 2 trong 12 có số liệu (trên 34)", "2nd of 12 with data (of 34)"},
		{rank(3, 11, 11), "thứ 3/11", "3rd of 11"},
		{rank(11, 63, 63), "thứ 11/63", "11th of 63"},
		{rank(12, 63, 63), "thứ 12/63", "12th of 63"},
		{rank(13, 63, 63), "thứ 13/63", "13th of 63"},
		{rank(21, 63, 63), "thứ 21/63", "21st of 63"},
		{rank(22, 63, 63), "thứ 22/63", "22nd of 63"},
		{rank(63, 63, 63), "thứ 63/63", "63rd of 63"},
		{review.Rank{Scope: "national", Of: 34, WithData: 12}, "", ""},
	} {
		if got := review.RankText(c.r, locale.VI); got != c.vi {
			t.Errorf("vi: %q, want %q", got, c.vi)
		}
		if got := review.RankText(c.r, locale.EN); got != c.en {
			t.Errorf("en: %q, want %q", got, c.en)
		}
	}
}
