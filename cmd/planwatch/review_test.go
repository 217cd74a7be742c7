package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestFactsJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	out := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--format", "json")
	var facts []map[string]any
	if err := json.Unmarshal([]byte(out), &facts); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	// The documented shape: every field present, null when not computed.
	for _, f := range facts {
		for _, k := range []string{"unit", "indicator", "dims", "period", "value", "measure_unit", "status", "growth_pct", "share_of_parent_pct", "ratio_to_parent", "rank", "pct_of_plan", "notes"} {
			if _, ok := f[k]; !ok {
				t.Fatalf("fact lacks %q: %v", k, f)
			}
		}
	}
	var exports map[string]any
	for _, f := range facts {
		if f["indicator"] == "EXPORTS" {
			exports = f
		}
	}
	if exports == nil || exports["value"] != 94.0 || exports["unit"] != "24" || exports["period"] != "2025" {
		t.Fatalf("exports %v", exports)
	}
	if g := exports["growth_pct"].(float64); g < 36.05 || g >= 36.15 {
		t.Errorf("growth %v", g)
	}
	if p := exports["pct_of_plan"].(map[string]any)["KH-2025-BN"].(float64); p < 125.5 || p >= 126.5 {
		t.Errorf("pct of plan %v", p)
	}
	if exports["share_of_parent_pct"] != nil {
		t.Errorf("share of national exports %v without a national figure", exports["share_of_parent_pct"])
	}
	if notes := exports["notes"].([]any); len(notes) == 0 {
		t.Error("no note says why the share is missing")
	}
	rank := exports["rank"].([]any)[0].(map[string]any)
	for _, k := range []string{"scope", "rank", "of", "with_data"} {
		if _, ok := rank[k]; !ok {
			t.Errorf("rank lacks %q: %v", k, rank)
		}
	}
	csv := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--format", "csv")
	if !strings.HasPrefix(csv, "unit,indicator,dims,period,value,measure_unit,status,growth_pct") || !strings.Contains(csv, "\n24,EXPORTS,,2025,94,USD bn,E,36.") {
		t.Errorf("csv:\n%s", csv)
	}
	table := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025")
	if !strings.Contains(table, "national 5/34 (12 with data)") || !strings.Contains(table, "KH-2025-BN 126.0") {
		t.Errorf("table:\n%s", table)
	}
}

func TestAssessJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	out := mustPW(t, "assess", "--db", db, "--plan", "NQ-DH20-BN", "--format", "json")
	var as []map[string]any
	if err := json.Unmarshal([]byte(out), &as); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(as) != 8 {
		t.Fatalf("%d assessments of the congress resolution, want 8", len(as))
	}
	for _, a := range as {
		for _, k := range []string{"plan", "unit", "indicator", "dims", "kind", "deadline", "status", "reason", "latest_value", "latest_period", "projected_value", "required_growth_pct"} {
			if _, ok := a[k]; !ok {
				t.Fatalf("assessment lacks %q: %v", k, a)
			}
		}
		if a["unit"] != "27" || a["status"] != "not_assessable" || !strings.Contains(a["reason"].(string), "boundary changed on 2025-07-01") {
			t.Errorf("%v", a)
		}
	}
	plan := mustPW(t, "assess", "--db", db, "--unit", "24@2025-07-01", "--format", "csv")
	if !strings.Contains(plan, "KH-2025-BN,24,EXPORTS,,plan,2025,achieved,") || strings.Contains(plan, "NQ-DH20-BN") {
		t.Errorf("csv:\n%s", plan)
	}
	if _, errs, code := pw(t, "assess", "--db", db, "--plan", "NOPE"); code != 1 || !strings.Contains(errs, `no plan "NOPE"`) {
		t.Errorf("unknown plan: exit %d %s", code, errs)
	}
	if _, errs, code := pw(t, "facts", "--db", db, "--unit", "24", "--period", "2025Q5"); code != 1 || !strings.Contains(errs, "--period") {
		t.Errorf("bad period: exit %d %s", code, errs)
	}
	if _, _, code := pw(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--format", "xml"); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
}
