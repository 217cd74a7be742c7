package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFactsJSON(t *testing.T) {
	db := testDB(t)
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
	table := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--lang", "en")
	if !strings.Contains(table, "5/34 (12)") || !strings.Contains(table, "RRD 4/6 (5)") || !strings.Contains(table, "126.0") ||
		!strings.Contains(table, "RRD: Red River Delta") || !strings.Contains(table, "KH-2025-BN (Bac Ninh socio-economic development plan 2025)") {
		t.Errorf("table:\n%s", table)
	}
}

func TestAssessJSON(t *testing.T) {
	db := testDB(t)
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
	if vi := mustPW(t, "assess", "--db", db, "--plan", "KH-2025-BN"); !strings.Contains(vi, "126,01 % so với kế hoạch 74,6") || !strings.Contains(vi, "Lý do: ") {
		t.Errorf("Vietnamese table:\n%s", vi)
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

func TestUnits(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	out := mustPW(t, "units", "--db", db, "--search", "bac ninh", "--format", "json", "--lang", "en")
	var us []map[string]any
	if err := json.Unmarshal([]byte(out), &us); err != nil {
		t.Fatal(err)
	}
	if len(us) != 2 {
		t.Fatalf("bac ninh finds %d units: %s", len(us), out)
	}
	found := false
	for _, u := range us {
		for _, h := range u["history"].([]any) {
			if h == "Bac Ninh (24) formed on 2025-07-01 from Bac Ninh (27) and Bac Giang (24)" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no history of the merger:\n%s", out)
	}
	table := mustPW(t, "units", "--db", db, "--level", "province", "--date", "2025-07-01")
	if !strings.Contains(table, "34 đơn vị") {
		t.Errorf("provinces on 2025-07-01:\n%s", table)
	}
	before := mustPW(t, "units", "--db", db, "--level", "province", "--date", "2025-06-30", "--format", "csv")
	if n := strings.Count(before, "\n") - 1; n != 63 {
		t.Errorf("%d provinces on 2025-06-30", n)
	}
	// English names and Vietnamese without diacritics find the same unit.
	for _, q := range []string{"Dak Lak", "đắk lắk", "DAK LAK"} {
		if got := mustPW(t, "units", "--db", db, "--search", q, "--date", "2025-07-01", "--format", "csv"); !strings.Contains(got, "66,Đắk Lắk") {
			t.Errorf("%q finds:\n%s", q, got)
		}
	}
	vi := mustPW(t, "units", "--db", db, "--search", "bắc giang", "--format", "csv")
	if !strings.Contains(vi, "Bắc Giang (24) nhập vào Bắc Ninh (24) ngày 01/07/2025") {
		t.Errorf("Vietnamese history:\n%s", vi)
	}
	// The regions changed on 2025-07-01 too: six before, six after, and the
	// North Central and Central Coast went in part into two new ones.
	regions := mustPW(t, "units", "--db", db, "--level", "region", "--date", "2025-07-01", "--format", "csv")
	if n := strings.Count(regions, "\n") - 1; n != 6 || !strings.Contains(regions, "SCCH,Duyên hải Nam Trung Bộ và Tây Nguyên") {
		t.Errorf("regions on 2025-07-01:\n%s", regions)
	}
	ncc := mustPW(t, "units", "--db", db, "--search", "bac trung bo va duyen hai", "--format", "csv")
	if !strings.Contains(ncc, "Bắc Trung Bộ và Duyên hải miền Trung (NCC) nhập vào Bắc Trung Bộ (NC) (một phần, chưa rõ tỷ lệ) và Duyên hải Nam Trung Bộ và Tây Nguyên (SCCH) (một phần, chưa rõ tỷ lệ) ngày 01/07/2025") {
		t.Errorf("history of a region split in two:\n%s", ncc)
	}
	// A transfer with a known share says how much.
	dir := t.TempDir()
	lin := filepath.Join(dir, "lineage.csv")
	if err := os.WriteFile(lin, []byte("date,event,from,to,share\n2025-07-01,transfer,01,33,0.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustPW(t, "import", "--db", db, lin)
	if got := mustPW(t, "units", "--db", db, "--search", "ha noi", "--format", "csv", "--lang", "en"); !strings.Contains(got, "Ha Noi (01) went into Hung Yen (33) (30%) on 2025-07-01") {
		t.Errorf("a share of 0.3:\n%s", got)
	}
	if _, _, code := pw(t, "units", "--db", db, "--level", "planet"); code != 2 {
		t.Error("a bad level was accepted")
	}
}

// facts --level gives, in one command, what facts --unit gives for each
// unit of the level valid at the end of the period, in every format: the
// six provinces of the demo in 2024 (before the merger), the 34 of 2025.
func TestFactsOfALevel(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	for _, per := range []string{"2024", "2025"} {
		var codes []string
		for _, line := range strings.Split(mustPW(t, "units", "--db", db, "--level", "province", "--date", per+"-12-31", "--format", "csv"), "\n")[1:] {
			if code, _, ok := strings.Cut(line, ","); ok {
				codes = append(codes, code)
			}
		}
		if len(codes) < 2 {
			t.Fatalf("%s: provinces %v", per, codes)
		}
		var wantCSV, wantTable strings.Builder
		var wantJSON []json.RawMessage
		for i, c := range codes {
			ref := c + "@" + per + "-12-31"
			out := mustPW(t, "facts", "--db", db, "--unit", ref, "--period", per, "--format", "csv")
			if i > 0 {
				_, out, _ = strings.Cut(out, "\n")
			}
			wantCSV.WriteString(out)
			if i > 0 {
				wantTable.WriteString("\n")
			}
			wantTable.WriteString(mustPW(t, "facts", "--db", db, "--unit", ref, "--period", per))
			var one []json.RawMessage
			if err := json.Unmarshal([]byte(mustPW(t, "facts", "--db", db, "--unit", ref, "--period", per, "--format", "json")), &one); err != nil {
				t.Fatal(err)
			}
			wantJSON = append(wantJSON, one...)
		}
		if got := mustPW(t, "facts", "--db", db, "--level", "province", "--period", per, "--format", "csv"); got != wantCSV.String() {
			t.Errorf("%s: facts --level province --format csv:\n%s\nwant\n%s", per, got, wantCSV.String())
		}
		if got := mustPW(t, "facts", "--db", db, "--level", "province", "--period", per); got != wantTable.String() {
			t.Errorf("%s: facts --level province:\n%s\nwant\n%s", per, got, wantTable.String())
		}
		var gotJSON []json.RawMessage
		if err := json.Unmarshal([]byte(mustPW(t, "facts", "--db", db, "--level", "province", "--period", per, "--format", "json")), &gotJSON); err != nil {
			t.Fatal(err)
		}
		if len(gotJSON) != len(wantJSON) || len(gotJSON) == 0 {
			t.Fatalf("%s: %d facts in JSON, want %d", per, len(gotJSON), len(wantJSON))
		}
		for i := range gotJSON {
			if string(gotJSON[i]) != string(wantJSON[i]) {
				t.Errorf("%s: fact %d: %s, want %s", per, i, gotJSON[i], wantJSON[i])
			}
		}
	}
	if _, errs, code := pw(t, "facts", "--db", db, "--unit", "24", "--level", "province", "--period", "2025"); code != 2 || !strings.Contains(errs, "--unit or --level") {
		t.Errorf("--unit and --level: exit %d, %s", code, errs)
	}
}
