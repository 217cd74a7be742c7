package main

import (
	"archive/zip"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// report writes the year-end report and the term review in each format;
// --known-on reads the figures recorded by a date, and --compare lists
// what a later date adds.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	out := mustPW(t, "report", "--db", db, "--unit", "24", "--period", "2025")
	for _, w := range []string{"# Kết quả phát triển kinh tế - xã hội năm 2025 của Bắc Ninh", "Kim ngạch xuất khẩu hàng hóa ước đạt 94 tỷ USD, tăng 36,1% so với năm 2024, bằng 126% kế hoạch.", "## Phụ lục: nguồn số liệu"} {
		if !strings.Contains(out, w) {
			t.Errorf("year-end report lacks %q", w)
		}
	}
	out = mustPW(t, "report", "--db", db, "--plan", "NQ-DH20-BN", "--lang", "en", "--format", "html")
	for _, w := range []string{"<h1>Review of implementation: Resolution of the 20th Bac Ninh Provincial Party Congress, 2020-2025 term</h1>", ">19</a> times the level of 2005"} {
		if !strings.Contains(out, w) {
			t.Errorf("term review lacks %q", w)
		}
	}
	file := filepath.Join(dir, "r.docx")
	if _, errs, code := pw(t, "report", "--db", db, "--unit", "24", "--period", "2025", "--out", file); code != 0 || !strings.Contains(errs, "wrote "+file) {
		t.Fatalf("docx: exit %d: %s", code, errs)
	}
	z, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	z.Close()

	yesterday := time.Now().AddDate(0, 0, -2).Format(time.DateOnly)
	tomorrow := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
	if out := mustPW(t, "report", "--db", db, "--unit", "24", "--period", "2025", "--known-on", yesterday); !strings.Contains(out, "Chưa có số liệu năm 2025 của Bắc Ninh (24).") {
		t.Errorf("a report known on %s has figures:\n%s", yesterday, out)
	}
	out = mustPW(t, "report", "--db", db, "--unit", "24", "--period", "2025", "--lang", "en", "--known-on", yesterday, "--compare", tomorrow)
	if !strings.Contains(out, "| Exports of goods, Bac Ninh (24), 2025 | - | USD 94 bn<br>EXPORTS 2025 v1 |") {
		t.Errorf("the revision report lacks the exports:\n%s", out)
	}
	if out := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--format", "json", "--known-on", yesterday); strings.Contains(out, "EXPORTS") {
		t.Errorf("facts known on %s: %s", yesterday, out)
	}
	if out := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--format", "json", "--known-on", tomorrow); !strings.Contains(out, `"indicator": "EXPORTS"`) {
		t.Errorf("facts known on %s lack the exports", tomorrow)
	}
	if out := mustPW(t, "assess", "--db", db, "--plan", "KH-2025-BN", "--format", "csv", "--known-on", yesterday); strings.Contains(out, "achieved") {
		t.Errorf("assess known on %s: %s", yesterday, out)
	}

	for _, args := range [][]string{
		{"report", "--db", db, "--unit", "24"},
		{"report", "--db", db, "--kind", "term-review"},
		{"report", "--db", db, "--unit", "24", "--period", "2025", "--format", "docx"},
		{"report", "--db", db, "--unit", "24", "--period", "2025", "--format", "pdf"},
		{"report", "--db", db, "--unit", "24", "--period", "2025", "--compare", tomorrow},
		{"report", "--db", db, "--unit", "24", "--period", "2025", "--kind", "weekly"},
	} {
		if _, _, code := pw(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args[1:], code)
		}
	}
	for _, args := range [][]string{
		{"report", "--db", db, "--unit", "24", "--period", "2025", "--known-on", "31/12/2025"},
		{"report", "--db", db, "--unit", "24", "--period", "2021/2025"},
		{"report", "--db", db, "--plan", "NO-SUCH-PLAN"},
	} {
		if _, errs, code := pw(t, args...); code != 1 || errs == "" {
			t.Errorf("%v: exit %d (%s), want 1 with the reason", args[1:], code, errs)
		}
	}
}
