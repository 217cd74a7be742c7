package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// assess --as-of 2024 judges the congress resolution on the old Bac
// Ninh's figures up to 2024, and no reason cites 2025. Without --as-of,
// each verdict at the deadline carries the one as of 2024.
//
// GRDP's average growth is off track: the levels (2019, 2021, 2023, 2024)
// come from four documents and do not compare, so the yearly rates count:
// 6.9, 7.39, -9.28 (the statistics office's figure, which replaced the
// first estimate of -6.18) and 6.03 give (1.069 x 1.0739 x 0.9072 x
// 1.0603)^(1/4) - 1 = 2.51 %/yr against 7-8 %, and 2025 would need
// 1.07^5 / 1.10427 - 1 = 27.01 % to reach the band.
//
// Budget revenue is on track. Its base year, 2020 (27,000 bn, an
// estimate in the congress report), and 2021 (33,227 bn, the review of
// Resolution 54) are two documents, a break no yearly rates bridge; 2005
// (1,748 bn, derived from the same review's "more than 19 times") and 2021
// are one document, so it is judged from 2005: (33,227 / 1,748)^(1/16) - 1
// = 20.21 %/yr, while 37,400 by 2025 needs 3 %/yr from 2021.
//
// The other six cannot be judged, each for its reason. GRDP per capita's
// USD 5,900 (2020, the congress documents) and USD 5,903 (2023, the
// Statistical Science Institute) are two documents and no rates bridge
// them, rightly: the statistics office's own 2020 figure, 147.26 mn VND a
// head (about USD 6,350), is not the congress documents' 5,900. The sector
// shares have 2020 only, labour productivity 2023 only, the poor household
// rate nothing.
func TestAssessCongressResolutionAsOf2024(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	var as []map[string]any
	out := mustPW(t, "assess", "--db", db, "--plan", "NQ-DH20-BN", "--as-of", "2024", "--format", "json")
	if err := json.Unmarshal([]byte(out), &as); err != nil || len(as) != 8 {
		t.Fatalf("%d assessments, %v:\n%s", len(as), err, out)
	}
	statuses := map[string]string{}
	for _, a := range as {
		statuses[a["indicator"].(string)+" "+a["dims"].(string)] = a["status"].(string)
		r := a["reason"].(string) + " " + a["reason_vi"].(string)
		if strings.Contains(r, "(24)") || strings.Contains(r, "boundary") || strings.Contains(r, "BUDGET_REV") || strings.Contains(r, "2025-07-01") {
			t.Errorf("as of 2024: %s", r)
		}
		if a["as_of"] != nil {
			t.Errorf("a second verdict as of %v", a["as_of"])
		}
	}
	judged := map[string]string{"GRDP price=constant2010": "off_track", "BUDGET_REV ": "on_track"}
	for k, s := range statuses {
		if want, ok := judged[k]; ok && s != want || !ok && s != "not_assessable" {
			t.Errorf("%s is %s as of 2024", k, s)
		}
	}
	for _, a := range as {
		switch a["indicator"] {
		case "GRDP":
			if g, _ := a["realised_growth_pct"].(float64); math.Abs(g-2.5105) > 0.0001 || !strings.Contains(a["reason"].(string), "realised 2.51 %/yr in 2021–2024") {
				t.Errorf("GRDP as of 2024: %v, %v", a["realised_growth_pct"], a["reason"])
			}
			if r, _ := a["required_growth_pct"].(float64); math.Abs(r-27.012) > 0.001 {
				t.Errorf("GRDP needs %v in 2025", a["required_growth_pct"])
			}
		case "BUDGET_REV":
			if g, _ := a["realised_growth_pct"].(float64); math.Abs(g-20.2083) > 0.0001 || !strings.Contains(a["reason"].(string), "realised 20.21 %/yr since 2005; needs 3 %/yr in 2022–2025; judged from 2005") {
				t.Errorf("budget revenue as of 2024: %v, %v", a["realised_growth_pct"], a["reason"])
			}
		case "GRDP_PC":
			if r := a["reason"].(string); !strings.Contains(r, "the figures of 2020 and 2023 are not comparable (a break in the series) and no yearly growth rates bridge it") {
				t.Errorf("%s as of 2024: %s", a["indicator"], r)
			}
		}
	}
	out = mustPW(t, "assess", "--db", db, "--plan", "NQ-DH20-BN", "--format", "json")
	if err := json.Unmarshal([]byte(out), &as); err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		asOf, _ := a["as_of"].(map[string]any)
		if a["status"] != "not_assessable" || asOf == nil || asOf["period"] != "2024" || asOf["status"] != statuses[a["indicator"].(string)+" "+a["dims"].(string)] {
			t.Errorf("%v: %v as of %v", a["indicator"], a["status"], asOf)
		}
	}
}
