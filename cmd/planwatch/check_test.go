package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	draft := filepath.Join(dir, "draft.md")
	os.WriteFile(draft, []byte("# Kết quả 2025\n\nXuất khẩu ước đạt **94 tỷ USD**, tăng 36,5% so với năm 2024, bằng 126% kế hoạch.\n"), 0o644)

	// The file may come first or last; JSON in the documented shape.
	out := mustPW(t, "check", draft, "--db", db, "--unit", "24", "--period", "2025", "--format", "json")
	var rs []map[string]any
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(rs) < 3 {
		t.Fatalf("%d results:\n%s", len(rs), out)
	}
	for _, r := range rs {
		for _, k := range []string{"claim", "start", "end", "indicator", "unit", "period", "measure", "stated", "computed", "verdict", "reason", "from"} {
			if _, ok := r[k]; !ok {
				t.Fatalf("result lacks %q: %v", k, r)
			}
		}
	}
	growth := rs[1]
	if growth["claim"] != "tăng 36,5% so với năm 2024" || growth["verdict"] != "differs" || growth["indicator"] != "EXPORTS" ||
		growth["measure"] != "growth_pct" || growth["stated"] != 36.5 {
		t.Errorf("growth: %v", growth)
	}
	if c := growth["computed"].(float64); c < 36.09 || c > 36.1 {
		t.Errorf("computed growth %v", c)
	}
	text, _ := os.ReadFile(draft)
	if s, e := int(growth["start"].(float64)), int(growth["end"].(float64)); string(text[s:e]) != growth["claim"] {
		t.Errorf("offsets %d-%d give %q", s, e, text[s:e])
	}
	table := mustPW(t, "check", "--db", db, "--unit", "24", "--period", "2025", "--lang", "vi", draft)
	for _, want := range []string{"KẾT QUẢ", "sai lệch", "khớp", "tăng 36,09%", "3 con số: 2 khớp, 1 sai lệch"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}

	// Phrases of the user's own, from a synonyms file.
	plain := filepath.Join(dir, "plain.txt")
	os.WriteFile(plain, []byte("Overseas sales reached USD 94 billion."), 0o644)
	if out := mustPW(t, "check", plain, "--db", db, "--unit", "24", "--period", "2025", "--lang", "en"); !strings.Contains(out, "unverifiable") {
		t.Errorf("without synonyms:\n%s", out)
	}
	syn := filepath.Join(dir, "syn.csv")
	os.WriteFile(syn, []byte("phrase,language,indicator,dims\noverseas sales,en,EXPORTS,\n"), 0o644)
	if out := mustPW(t, "check", plain, "--db", db, "--unit", "24", "--period", "2025", "--synonyms", syn, "--lang", "en"); !strings.Contains(out, "confirmed") {
		t.Errorf("with synonyms:\n%s", out)
	}
	os.WriteFile(syn, []byte("phrase,language,indicator\nventes,fr,EXPORTS\nsales,en,NOPE\n"), 0o644)
	_, errs, code := pw(t, "check", plain, "--db", db, "--unit", "24", "--period", "2025", "--synonyms", syn)
	if code != 1 || !strings.Contains(errs, "line 2: language \"fr\"") || !strings.Contains(errs, "line 3: indicator \"NOPE\" is not in the store") {
		t.Errorf("bad synonyms: exit %d\n%s", code, errs)
	}
	if _, errs, code := pw(t, "check", plain, "--db", db, "--period", "2025"); code != 2 || !strings.Contains(errs, "needs one FILE, --unit and --period") {
		t.Errorf("without --unit: exit %d %s", code, errs)
	}
}
