package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// inspect's JSON has the shape the README documents.
func TestInspectJSON(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "d.csv")
	os.WriteFile(file, []byte("STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n"+
		"dataflow,X:Y(1.0),I,VN-27,GDP,2024,10,A\n"+
		"dataflow,X:Y(1.0),I,VN-27,GDP,2025,,M\n"+
		"dataflow,X:Y(1.0),I,VN-24,GDP,2023,7,E\n"), 0o644)
	out := mustPW(t, "inspect", file, "--format", "json")
	var r struct {
		Format       string `json:"format"`
		Observations int    `json:"observations"`
		Missing      int    `json:"missing"`
		Series       int    `json:"series"`
		Periods      struct{ First, Last string }
		Dimensions   map[string]struct {
			Count  int      `json:"count"`
			Values []string `json:"values"`
		} `json:"dimensions"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Format != "sdmx-csv-2.0" || r.Observations != 2 || r.Missing != 1 || r.Series != 2 || r.Periods.First != "2023" || r.Periods.Last != "2025" {
		t.Errorf("%+v", r)
	}
	if d := r.Dimensions["REF_AREA"]; d.Count != 2 || strings.Join(d.Values, " ") != "VN-24 VN-27" {
		t.Errorf("REF_AREA %+v", d)
	}
	if d := r.Dimensions["OBS_STATUS"]; d.Count != 3 {
		t.Errorf("OBS_STATUS %+v", d)
	}
	table := strings.ReplaceAll(mustPW(t, "inspect", file), "\n", " ")
	if !strings.Contains(table, "định dạng sdmx-csv-2.0; 2 quan sát có giá trị, 1 thiếu, 2 chuỗi; kỳ từ 2023 đến 2025") || !strings.Contains(table, "VN-24 | VN-27") {
		t.Errorf("table:\n%s", table)
	}
	if en := strings.ReplaceAll(mustPW(t, "inspect", file, "--lang", "en"), "\n", " "); !strings.Contains(en, "2 observations with a value, 1 missing, 2 series; periods 2023 to 2025") {
		t.Errorf("English table:\n%s", en)
	}
}

// A file with codes planwatch does not know writes a mapping template
// beside it; completed, it imports.
func TestImportWritesTemplate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	file := filepath.Join(dir, "dv.csv")
	os.WriteFile(file, []byte("dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"+
		"Exports of goods,2026,Bac Ninh,,,100\n"), 0o644)
	_, errs, code := pw(t, "import", "--db", db, file)
	if code == 0 || !strings.Contains(errs, `orgUnit="Bac Ninh" (unit; line 2, 1 point(s))`) || !strings.Contains(errs, "wrote "+file+".map.csv") {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	tmpl, err := os.ReadFile(file + ".map.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(tmpl), "orgUnit,Bac Ninh,24@2025-07-01,,,,,đoán / guess: mã là tên của / the code is the name of Bắc Ninh (24)") ||
		!strings.Contains(string(tmpl), "dataElement,Exports of goods,,EXPORTS,,,,đoán / guess: trùng tên / the name matches EXPORTS") {
		t.Fatalf("template:\n%s", tmpl)
	}
	// Refused until the guesses are checked.
	_, errs, code = pw(t, "import", "--db", db, "--map", file+".map.csv", file)
	if code == 0 || !strings.Contains(errs, "column guess") {
		t.Fatalf("guesses accepted: exit %d\n%s", code, errs)
	}
	// A person checks each guess and empties its cell.
	var lines []string
	for _, l := range strings.Split(string(tmpl), "\n") {
		if i := strings.Index(l, ",đoán / guess:"); i >= 0 {
			l = l[:i] + ","
		}
		lines = append(lines, l)
	}
	checked := strings.Join(lines, "\n")
	os.WriteFile(file+".map.csv", []byte(checked), 0o644)
	out := mustPW(t, "import", "--db", db, "--map", file+".map.csv", file)
	if !strings.Contains(out, "observations         1") {
		t.Errorf("import:\n%s", out)
	}
	show := mustPW(t, "show", "--db", db, "--unit", "24", "--period", "2026")
	if !strings.Contains(show, "EXPORTS") || !strings.Contains(show, "dv.csv line 2") {
		t.Errorf("show:\n%s", show)
	}
}

// export writes each format; import reads each back unchanged.
func TestExportFormats(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	for _, f := range []string{"xlsx", "sdmx-csv", "sdmx-json", "dhis2-json"} {
		file := filepath.Join(dir, "out."+f)
		mustPW(t, "export", "--db", db, "--format", f, "--out", file)
		out := mustPW(t, "import", "--db", db, file)
		// The demo's current figures: 1,115 (a figure published twice is
		// one, in its later version).
		if !strings.Contains(out, "observations         0        0       1115") {
			t.Errorf("%s imported back:\n%s", f, out)
		}
	}
	dsd := filepath.Join(dir, "dsd.xml")
	mustPW(t, "export", "--db", db, "--structure", dsd)
	b, err := os.ReadFile(dsd)
	if err != nil || !strings.Contains(string(b), `<str:Dataflow id="DF_OBSERVATIONS"`) || !strings.Contains(string(b), `<str:Code id="EXPORTS">`) {
		t.Errorf("structure: %v\n%.600s", err, b)
	}
	if _, errs, code := pw(t, "export", "--db", db, "--format", "sdmx-csv", "--kind", "units"); code != 2 || !strings.Contains(errs, "writes observations") {
		t.Errorf("sdmx-csv of units: exit %d %s", code, errs)
	}
}

// inspect reads a statistics-office table as its counts say, and notes
// what it did to its text.
func TestInspectPXWeb(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "reference", "vn_province_stats", "area_population_density_by_province_2011-2022_gso_raw.csv")
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatal(err)
		}
		t.Skip("../shared/reference is absent")
	}
	// The numbers of the file: every field after the label, from the
	// fourth line (after the title, the line of commas and the header).
	data, _ := os.ReadFile(path)
	n := 0
	for _, line := range strings.Split(string(data), "\n")[3:] {
		for _, f := range strings.Split(strings.TrimSpace(line), ",")[1:] {
			if _, err := strconv.ParseFloat(f, 64); err == nil {
				n++
			}
		}
	}
	out := strings.ReplaceAll(mustPW(t, "inspect", path, "--lang", "en"), "\n", " ")
	for _, want := range []string{fmt.Sprintf("format pxweb; %d observations with a value, 0 missing", n),
		"Note: the file is not UTF-8: read as Windows-1252", "letters lost"} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect lacks %q:\n%s", want, out)
		}
	}
	if vi := mustPW(t, "inspect", path); !strings.Contains(vi, "Ghi chú: tệp không ở mã UTF-8") || strings.Contains(vi, "is not UTF-8") {
		t.Errorf("Vietnamese:\n%s", vi)
	}
	var r struct{ Notes []string }
	if err := json.Unmarshal([]byte(mustPW(t, "inspect", path, "--format", "json")), &r); err != nil || len(r.Notes) != 2 {
		t.Errorf("notes %q %v", r.Notes, err)
	}
}
