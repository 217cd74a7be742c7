package factcheck

import (
	"strings"
	"testing"
)

// The rounding a text uses, and its qualifiers.
func TestAgrees(t *testing.T) {
	claim := func(v float64, dec int, b Bound) Claim { return Claim{Value: v, Decimals: dec, Bound: b} }
	for _, c := range []struct {
		c        Claim
		computed float64
		want     bool
	}{
		{claim(36.1, 1, Exact), 36.09, true},
		{claim(36.1, 1, Exact), 36.149, true},
		{claim(36.1, 1, Exact), 36.05, true},
		{claim(36.1, 1, Exact), 36.15, false}, // written 36.2
		{claim(36.1, 1, Exact), 36.16, false},
		{claim(36.1, 1, Exact), 36.04, false},
		{claim(20, 0, Exact), 19.78, true},
		{claim(20, 0, Exact), 19.4, false},
		{claim(126, 0, Exact), 126.005, true},
		{claim(72.497, 3, Exact), 72.497, true},
		{claim(72.497, 3, Exact), 72.4976, false},
		{claim(19, 0, MoreThan), 19.01, true},
		{claim(19, 0, MoreThan), 18.9, false},
		{claim(19, 0, MoreThan), 20.5, false}, // it would be "more than 20"
		{claim(250, 0, MoreThan), 250, false}, // "more than 250" is not 250
		{claim(19, 0, MoreThan), 19, false},
		{claim(250, 0, MoreThan), 259, true},
		{claim(250, 0, MoreThan), 262, false},
		{claim(17, 0, Nearly), 16.6, true},
		{claim(17, 0, Nearly), 15.9, false},
		{claim(17, 0, Nearly), 17.6, false},
		{claim(920, 0, About), 918, true},
		{claim(920, 0, About), 926, false},
		{claim(1, 0, LessThan), 0.6, true},
		{claim(1, 0, LessThan), 1.2, false},
		{claim(1, 0, LessThan), 1, false}, // "less than 1%" is not 1%
		{claim(10, 0, DoubleDigit), 10.27, true},
		{claim(10, 0, DoubleDigit), 9.8, false},
		{claim(10, 0, AtLeast), 9.6, true},
		{claim(10, 0, AtLeast), 9.4, false},
		{Claim{Value: 7.5, High: 7.8, Range: true, Decimals: 1}, 7.83, true},
		{Claim{Value: 7.5, High: 7.8, Range: true, Decimals: 1}, 7.9, false},
	} {
		if got := agrees(c.c, c.c.Value, c.c.High, c.computed); got != c.want {
			t.Errorf("%v %s (%d decimals) against %v: %v, want %v", c.c.Value, c.c.Bound, c.c.Decimals, c.computed, got, c.want)
		}
	}
}

// A sentence may name another unit, another period or a base year than
// the draft's.
func TestUnitsPeriodsAndBases(t *testing.T) {
	rep := run(t, "Năm 2025, GDP cả nước tăng trưởng 8,02%. The Red River Delta grew 9.74%. "+
		"Exports of Bac Ninh rose 36.1% in 2025. Budget revenue in 2021 reached VND 33,227 billion. "+
		"GRDP per capita reached 5,852 USD, 1.16 times the national average.", "24", "2025")
	expect(t, rep, []want{
		{"8,02%", "GRDP_GROWTH", "value", Confirmed, 8.02},
		{"9.74%", "GRDP_GROWTH", "value", Confirmed, 9.74},
		{"36.1%", "EXPORTS", "growth_pct", Confirmed, 36.09},
		// 2021 is before the merged Bac Ninh began: its figure is
		// rebuilt from the two provinces it was formed from, and the
		// demo lacks Bac Giang's 2021 revenue.
		{"VND 33,227 billion", "BUDGET_REV", "value", Unverifiable, 0},
	})
	for words, unit := range map[string]string{"8,02%": "VN", "9.74%": "RRD", "36.1%": "24", "5,852 USD": "24"} {
		if r := result(t, rep, words); r.Unit != unit {
			t.Errorf("%q: unit %s, want %s", words, r.Unit, unit)
		}
	}
	if r := result(t, rep, "VND 33,227 billion"); r.Period != "2021" || !strings.Contains(r.Reason, "Bắc Giang (24) has no BUDGET_REV for 2021") ||
		!strings.Contains(r.ReasonVI, "Bắc Giang (24) không có số liệu BUDGET_REV năm 2021") {
		t.Errorf("the revenue's period %s (%s | %s)", r.Period, r.Reason, r.ReasonVI)
	}

	// The old Bac Ninh's revenue, and growth on a base year other than
	// the year before.
	rep = run(t, "Thu ngân sách năm 2021 đạt 33.227 tỷ đồng, gấp hơn 19 lần so với năm 2005. Năm 2021 thu ngân sách tăng 1.800% so với năm 2005.", "27", "2025")
	expect(t, rep, []want{
		{"33.227 tỷ đồng", "BUDGET_REV", "value", Confirmed, 33227},
		{"gấp hơn 19 lần", "BUDGET_REV", "multiple_of_base", Confirmed, 33227.0 / 1748},
		{"tăng 1.800%", "BUDGET_REV", "growth_pct", Differs, (33227.0/1748 - 1) * 100},
	})
}

// Words that fit no indicator, several, or one in another measure unit.
func TestUnverifiableReasons(t *testing.T) {
	rep := run(t, "Tỉnh có 14 trường đạt chuẩn. Exports reached 94 hectares. GRDP per capita rose 7.1%.", "24", "2025")
	for words, reason := range map[string]string{
		"14 trường":   "no indicator",
		"94 hectares": "EXPORTS, is in USD bn",
		"7.1%":        "no figure",
	} {
		r := result(t, rep, words)
		if r.Verdict != Unverifiable || !strings.Contains(r.Reason, reason) {
			t.Errorf("%q: %s (%s), want unverifiable saying %q", words, r.Verdict, r.Reason, reason)
		}
	}
}

func TestSegments(t *testing.T) {
	rep := run(t, "Xuất khẩu đạt 94 tỷ USD, tăng 40% so với năm 2024.", "24", "2025")
	segs := Segments(rep)
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	if b.String() != rep.Text {
		t.Fatalf("segments do not make the text: %q", b.String())
	}
	var marked []string
	for _, s := range segs {
		if s.Result >= 0 {
			marked = append(marked, s.Text+"="+string(s.Verdict))
		}
	}
	if strings.Join(marked, "|") != "đạt 94 tỷ USD=confirmed|tăng 40% so với năm 2024=differs" {
		t.Errorf("marked %q", marked)
	}
}

// The reason names an indicator by its name only, without what its
// definition adds after a semicolon.
func TestReasonNamesIndicatorOnly(t *testing.T) {
	rep := run(t, "GRDP growth (constant 2010 prices) reached 10.27% in 2025.", "24", "2025")
	r := result(t, rep, "10.27%")
	if r.Verdict != Confirmed || strings.Contains(r.Reason, "over an interval") || !strings.Contains(r.Reason, "GRDP growth (constant 2010 prices), 2025") {
		t.Errorf("%s: %s", r.Verdict, r.Reason)
	}
}
