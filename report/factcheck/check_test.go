package factcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch/period"
)

func run(t *testing.T, text, unit, per string) *Report {
	t.Helper()
	rep, err := Run(demoReview(t), text, Options{Unit: unit, Period: period.MustParse(per)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.Start < 0 || r.End > len(rep.Text) || r.Start >= r.End || rep.Text[r.Start:r.End] != r.Claim {
			t.Errorf("result %q has offsets %d-%d that do not give its words", r.Claim, r.Start, r.End)
		}
		for _, s := range []string{r.Reason, r.ReasonVI} {
			if s == "" || strings.Contains(s, "%!") {
				t.Errorf("%q: reason %q", r.Claim, s)
			}
		}
	}
	return rep
}

// result is the check (not a cross-check) of the one claim that overlaps
// words, which the text must hold once.
func result(t *testing.T, rep *Report, words string) Result {
	t.Helper()
	if n := strings.Count(rep.Text, words); n != 1 {
		t.Fatalf("%q is %d times in the text", words, n)
	}
	a := strings.Index(rep.Text, words)
	b := a + len(words)
	var found []Result
	for _, r := range rep.Results {
		if !r.CrossCheck && r.Start < b && r.End > a {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d claims overlap %q, want 1", len(found), words)
	}
	return found[0]
}

type want struct {
	words, indicator, measure string
	verdict                   Verdict
	computed                  float64 // checked to 4 significant digits; 0: not checked
}

func expect(t *testing.T, rep *Report, ws []want) {
	t.Helper()
	for _, w := range ws {
		r := result(t, rep, w.words)
		if r.Indicator != w.indicator || r.Measure != w.measure || r.Verdict != w.verdict {
			t.Errorf("%q: %s %s %s (%s), want %s %s %s", w.words, r.Indicator, r.Measure, r.Verdict, r.Reason, w.indicator, w.measure, w.verdict)
			continue
		}
		if w.computed != 0 && (r.Computed == nil || !near(*r.Computed, w.computed)) {
			t.Errorf("%q: computed %v, want %v", w.words, r.Computed, w.computed)
		}
	}
}

func near(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 5e-4*max(1, b, -b)
}

// The figures of seed 002 that the demo holds, each confirmed within the
// rounding the interview uses; the one it cannot verify, with the reason.
var seed002 = []want{
	{"estimated at 10.27%", "GRDP_GROWTH", "value", Confirmed, 10.27},
	{"ranking fifth nationwide", "GRDP_GROWTH", "rank", Confirmed, 5},
	{"double digits", "GRDP_GROWTH", "value", Confirmed, 10.27},
	{"5,852 USD", "GRDP_PC", "value", Confirmed, 5852},
	{"1.16 times the national average", "GRDP_PC", "ratio_to_parent", Confirmed, 5852.0 / 5026},
	{"182 billion USD", "TRADE", "value", Confirmed, 182},
	{"20% of the national total", "TRADE", "share_of_parent_pct", Confirmed, 182.0 / 920 * 100},
	{"94 billion USD", "EXPORTS", "value", Confirmed, 94},
	{"up 36.1%", "EXPORTS", "growth_pct", Confirmed, (94/69.07 - 1) * 100},
	{"126% of the plan", "EXPORTS", "pct_of_plan", Confirmed, 94 / 74.6 * 100},
	{"88 billion USD", "IMPORTS", "value", Confirmed, 88},
	{"up 38.3%", "IMPORTS", "growth_pct", Confirmed, (88/63.63 - 1) * 100},
	{"121% of the plan", "IMPORTS", "pct_of_plan", Confirmed, 88 / 72.7 * 100},
	{"surplus of 6 billion USD", "TRADE_BALANCE", "value", Confirmed, 6},
	{"72.497 trillion VND", "BUDGET_REV", "value", Confirmed, 72497},
	{"2.76 billion USD", "BUDGET_REV_USD", "value", Confirmed, 72497.0 / 26267},
	{"127.6% of the estimate", "BUDGET_REV", "pct_of_plan", Confirmed, 72497.0 / 56816 * 100},
	{"up 34.7%", "BUDGET_REV", "growth_pct", Confirmed, (72497.0/53821 - 1) * 100},
	{"55.04%", "IP_OCCUPANCY", "value", Confirmed, 4087 / 7425.07 * 100},
	{"18.6 billion USD", "INVEST", "value", Confirmed, 18.6},
	{"5.5 billion USD", "FDI", "value", Confirmed, 5.5},
	{"ranked first nationwide", "EGOV_SERVICE_RANK", "rank", Confirmed, 1},
	{"has 43 out", "IP_COUNT", "value", Confirmed, 43},
	{"52 industrial parks", "IP_COUNT", "value", Confirmed, 52},
	{"13,141 hectares", "IP_AREA", "value", Confirmed, 13141},
	{"35 industrial parks", "IP_COUNT", "value", Confirmed, 35},
	{"10,495 hectares", "IP_AREA", "value", Confirmed, 10495},
	{"11 new industrial parks", "IP_NEW_APPROVED", "value", Confirmed, 11},
	{"4,087 hectares", "IP_LEASED", "value", Confirmed, 4087},
	{"7,425.07 hectares", "IP_LEASABLE", "value", Confirmed, 7425.07},
	{"with 97%", "ONLINE_PROC_RATE", "value", Confirmed, 97},
	{"231 startup projects", "STARTUP_PROJECTS", "value", Confirmed, 231},
	// The demo records "more than 250" as 250, its bound: more than 250
	// is not 250, and the bound itself cannot confirm it.
	{"more than 250 investment projects", "TECH_APPRAISED_PROJECTS", "value", Unverifiable, 0},
	// The demo holds the FDI of no other province: the rank cannot be
	// checked.
	{"ranking third nationwide", "FDI", "rank", Unverifiable, 0},
	// "the province will maintain double-digit economic growth": the 2026
	// objective, as the store holds it.
	{"double-digit", "GRDP", "target", Confirmed, 10},
}

func TestSeed002(t *testing.T) {
	rep := run(t, seed(t, "002"), "24", "2025")
	expect(t, rep, seed002)
	if r := result(t, rep, "ranking third nationwide"); !strings.Contains(r.Reason, "of the 1 with a figure") {
		t.Errorf("the FDI rank's reason %q does not say why", r.Reason)
	}
	// Nothing else is claimed: every result is one of the above, or a
	// cross-check, and none differs.
	n := 0
	for _, r := range rep.Results {
		if r.CrossCheck {
			if r.Verdict != Confirmed {
				t.Errorf("cross-check of %q: %s (%s)", r.Claim, r.Verdict, r.Reason)
			}
			continue
		}
		n++
	}
	if n != len(seed002) {
		t.Errorf("%d claims, want %d", n, len(seed002))
	}
	// The draft's figures agree with each other.
	crosses := map[string]bool{}
	for _, r := range rep.Results {
		if r.CrossCheck {
			crosses[r.Measure+" "+r.Indicator] = true
		}
	}
	for _, k := range []string{"formula TRADE", "formula TRADE_BALANCE", "formula IP_OCCUPANCY", "pct_of_plan EXPORTS", "growth_pct EXPORTS",
		"pct_of_plan IMPORTS", "growth_pct IMPORTS", "pct_of_plan BUDGET_REV", "growth_pct BUDGET_REV"} {
		if !crosses[k] {
			t.Errorf("no cross-check %s", k)
		}
	}
}

// Five numbers of seed 002 changed: each is found to differ, and nothing
// else changes its verdict.
func TestSeed002WithFiveNumbersChanged(t *testing.T) {
	orig := seed(t, "002")
	changes := []struct{ from, to, words string }{
		{"estimated at 10.27%", "estimated at 10.72%", "estimated at 10.72%"},
		{"ranking fifth nationwide", "ranking fourth nationwide", "ranking fourth"},
		{"equivalent to 126% of the plan", "equivalent to 128% of the plan", "128% of the plan"},
		{"72.497 trillion VND", "75.497 trillion VND", "75.497 trillion"},
		{"occupancy rate of 55.04%", "occupancy rate of 65.04%", "65.04%"},
	}
	text := orig
	for _, c := range changes {
		if strings.Count(text, c.from) != 1 {
			t.Fatalf("%q is not in the seed once", c.from)
		}
		text = strings.Replace(text, c.from, c.to, 1)
	}
	before := run(t, orig, "24", "2025")
	after := run(t, text, "24", "2025")
	changed := map[string]bool{}
	for _, c := range changes {
		r := result(t, after, c.words)
		changed[r.Claim] = true
		if r.Verdict != Differs || r.Computed == nil {
			t.Errorf("%q: %s (%s), want differs", c.words, r.Verdict, r.Reason)
		}
	}
	var b, a []Result
	for _, r := range before.Results {
		if !r.CrossCheck {
			b = append(b, r)
		}
	}
	for _, r := range after.Results {
		if !r.CrossCheck {
			a = append(a, r)
		}
	}
	if len(a) != len(b) {
		t.Fatalf("%d claims after the change, %d before", len(a), len(b))
	}
	differs := 0
	for i := range a {
		if a[i].Verdict == Differs {
			differs++
		}
		if !changed[a[i].Claim] && a[i].Verdict != b[i].Verdict {
			t.Errorf("%q: %s, before the change %s", a[i].Claim, a[i].Verdict, b[i].Verdict)
		}
	}
	if differs != 5 {
		t.Errorf("%d claims differ, want 5", differs)
	}
	r := result(t, after, "ranking fourth")
	if *r.Computed != 5 || !strings.Contains(r.Reason, "5th of 34") {
		t.Errorf("rank: computed %v (%s)", *r.Computed, r.Reason)
	}
	// The cross-checks see that the changed figures no longer agree with
	// the ones beside them.
	crossDiffers := map[string]bool{}
	for _, r := range after.Results {
		if r.CrossCheck && r.Verdict == Differs {
			crossDiffers[r.Measure+" "+r.Indicator] = true
		}
	}
	for _, k := range []string{"pct_of_plan BUDGET_REV", "growth_pct BUDGET_REV", "formula IP_OCCUPANCY"} {
		if !crossDiffers[k] {
			t.Errorf("the cross-check %s does not differ", k)
		}
	}
}

// Seed 000 against the old Bac Ninh in 2021: its figures and targets are
// confirmed, and its ranks differ from what the statistics office's
// current-price figures give (7th of 63 and 3rd of 11, as facts says).
func TestSeed000(t *testing.T) {
	rep := run(t, seed(t, "000"), "27", "2021")
	expect(t, rep, []want{
		{"14.7%/year", "GRDP_GROWTH", "avg_growth_pct", Confirmed, 14.7},
		{"13.95%/year", "GRDP_GROWTH", "avg_growth_pct", Confirmed, 13.95},
		{"VND 133.6 trillion", "GRDP", "value", Confirmed, 133600},
		{"2.71% of the whole country", "GRDP", "share_of_parent_pct", Confirmed, 2.7064},
		{"ranked 8th out of 63", "GRDP", "rank", Differs, 7},
		{"4th in the Red River Delta", "GRDP", "rank", Differs, 3},
		{"VND 33,227 billion", "BUDGET_REV", "value", Confirmed, 33227},
		{"more than 19 times higher than in 2005", "BUDGET_REV", "multiple_of_base", Confirmed, 33227.0 / 1748},
		{"14 provinces", "", "value", Unverifiable, 0},
		{"7-8%/year", "GRDP", "target", Confirmed, 7},
		{"74.5%", "GRDP_SECTOR_SHARE", "target", Confirmed, 74.5},
		{"23.9%", "GRDP_SECTOR_SHARE", "target", Confirmed, 23.9},
		{"1.6%", "GRDP_SECTOR_SHARE", "target", Confirmed, 1.6},
		{"USD 8,900", "GRDP_PC", "target", Confirmed, 8900},
		{"8.5-9%/year", "LABOUR_PROD", "target", Confirmed, 8.5},
		{"VND 37,400 billion", "BUDGET_REV", "target", Confirmed, 37400},
		{"less than 1%", "POOR_HH_RATE", "target", Confirmed, 1},
	})
	for words, want := range map[string]string{"ranked 8th": "7th of 63", "4th in the Red River Delta": "3rd of 11 in Red River Delta"} {
		r := result(t, rep, words)
		if r.Dims != "price=current" || !strings.Contains(r.Reason, want) || r.Period != "2021" {
			t.Errorf("%q: %s %s (%s), want the current-price rank %s", words, r.Dims, r.Period, r.Reason, want)
		}
	}
	// The 133.6 trillion is at constant 2010 prices (the text does not
	// say, and only that basis gives it); the 2.71% at current prices.
	if r := result(t, rep, "VND 133.6 trillion"); r.Dims != "price=constant2010" || !strings.Contains(r.Reason, "does not say which breakdown") {
		t.Errorf("GRDP 133.6 trillion tied to %q", r.Dims)
	}
	if r := result(t, rep, "2.71%"); r.Dims != "price=current" {
		t.Errorf("the 2.71%% share tied to %q", r.Dims)
	}
	if r := result(t, rep, "7-8%/year"); r.Period != "2021/2025" {
		t.Errorf("the growth target's period %s", r.Period)
	}
}

// A Vietnamese draft of seed 002's key results, as an officer writes it,
// is checked the same.
func TestVietnameseDraft(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "bao-cao-2025.vi.txt"))
	if err != nil {
		t.Fatal(err)
	}
	rep := run(t, string(b), "24", "2025")
	expect(t, rep, []want{
		{"ước đạt 10,27%", "GRDP_GROWTH", "value", Confirmed, 10.27},
		{"đứng thứ 5 cả nước", "GRDP_GROWTH", "rank", Confirmed, 5},
		{"5.852 USD", "GRDP_PC", "value", Confirmed, 5852},
		{"gấp 1,16 lần bình quân chung cả nước", "GRDP_PC", "ratio_to_parent", Confirmed, 5852.0 / 5026},
		{"182 tỷ USD", "TRADE", "value", Confirmed, 182},
		{"chiếm 20%", "TRADE", "share_of_parent_pct", Confirmed, 182.0 / 920 * 100},
		{"94 tỷ USD", "EXPORTS", "value", Confirmed, 94},
		{"tăng 36,1%", "EXPORTS", "growth_pct", Confirmed, (94/69.07 - 1) * 100},
		{"bằng 126% kế hoạch", "EXPORTS", "pct_of_plan", Confirmed, 94 / 74.6 * 100},
		{"88 tỷ USD", "IMPORTS", "value", Confirmed, 88},
		{"tăng 38,3%", "IMPORTS", "growth_pct", Confirmed, (88/63.63 - 1) * 100},
		{"đạt 121% kế hoạch", "IMPORTS", "pct_of_plan", Confirmed, 88 / 72.7 * 100},
		{"xuất siêu 6 tỷ USD", "TRADE_BALANCE", "value", Confirmed, 6},
		{"72.497 tỷ đồng", "BUDGET_REV", "value", Confirmed, 72497},
		{"2,76 tỷ USD", "BUDGET_REV_USD", "value", Confirmed, 72497.0 / 26267},
		{"127,6% dự toán", "BUDGET_REV", "pct_of_plan", Confirmed, 72497.0 / 56816 * 100},
		{"tăng 34,7%", "BUDGET_REV", "growth_pct", Confirmed, (72497.0/53821 - 1) * 100},
		{"5,5 tỷ USD", "FDI", "value", Confirmed, 5.5},
		{"đứng thứ ba cả nước", "FDI", "rank", Unverifiable, 0},
		{"4.087 ha", "IP_LEASED", "value", Confirmed, 4087},
		{"7.425,07 ha", "IP_LEASABLE", "value", Confirmed, 7425.07},
		{"55,04%", "IP_OCCUPANCY", "value", Confirmed, 4087 / 7425.07 * 100},
		{"hai con số", "GRDP", "target", Confirmed, 10},
	})
	for _, r := range rep.Results {
		if r.Verdict == Differs {
			t.Errorf("%q differs: %s", r.Claim, r.Reason)
		}
	}
	// The report's dates, numbers of documents and telephone numbers are
	// not claims.
	for _, r := range rep.Results {
		for _, bad := range []string{"31", "123", "0222", "54"} {
			if strings.HasPrefix(r.Claim, bad) {
				t.Errorf("%q taken for a claim", r.Claim)
			}
		}
	}
}

// The unit, period and indicator a claim is about, by rules that hold for
// any draft: a unit named right after it or with its code, a period
// written right after it, a growth on a named year, and "GRDP grew X%" as
// the growth at constant prices.
func TestTiesSubjectAndPeriod(t *testing.T) {
	rep := run(t, strings.Join([]string{
		"GRDP growth reached 10.27%, against 8.02% nationally.",
		"GDP năm 2025 tăng 8,02%.",
		"Import-export turnover, Viet Nam (VN), 2025: USD 920 bn.",
		"State budget revenue in the area, Bac Ninh (27), 2021: VND 33.227 trillion.",
		"Budget revenue reached VND 53.821 trillion in 2024 and VND 72.497 trillion in 2025.",
		"GRDP theo giá so sánh 2010 của Bắc Ninh (27) tăng 6,03% so với năm 2023.",
		"GRDP grew 10.27%.",
	}, "\n"), "24", "2025")
	for _, w := range []struct{ words, unit, period, indicator string }{
		{"8.02%", "VN", "2025", "GRDP_GROWTH"},
		{"tăng 8,02%", "VN", "2025", "GRDP_GROWTH"},
		{"USD 920 bn", "VN", "2025", "TRADE"},
		{"VND 33.227 trillion", "27", "2021", "BUDGET_REV"},
		{"VND 53.821 trillion", "24", "2024", "BUDGET_REV"},
		{"tăng 6,03%", "27", "2024", "GRDP_GROWTH"},
		{"grew 10.27%", "24", "2025", "GRDP_GROWTH"},
	} {
		r := result(t, rep, w.words)
		if r.Unit != w.unit || r.Period != w.period || r.Indicator != w.indicator || r.Verdict != Confirmed {
			t.Errorf("%q: %s %s %s %s (%s), want %s %s %s confirmed", w.words, r.Unit, r.Period, r.Indicator, r.Verdict, r.Reason, w.unit, w.period, w.indicator)
		}
	}
}
