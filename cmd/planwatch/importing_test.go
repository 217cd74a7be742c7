package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// A dry run lists what it would add and change, kind by kind, each
// figure with the value it replaces; a long list is cut short with a
// count; nothing is written; the same file imported for real then does
// what the dry run said.
func TestDryRunLists(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	units := write(t, dir, "units.csv", "code,name_vi,name_en,level,parent\nKCN1,KCN Quế Võ,Que Vo industrial park,other,27\n")
	var b strings.Builder
	b.WriteString("unit,indicator,period,value,dims,status,source\n")
	b.WriteString("27,POP,2020,1420,,A,GSO-POP-2011-2022\n")
	b.WriteString("27,POP,2021,1462.95,,A,GSO-POP-2011-2022\n")
	for i := 0; i < 25; i++ {
		fmt.Fprintf(&b, "KCN1,IP_LEASED,%d,%d,,A,BQL\n", 2000+i, 100+i)
	}
	obs := write(t, dir, "obs.csv", b.String())
	before := mustPW(t, "export", "--db", db, "--kind", "observations")
	out := mustPW(t, "import", "--db", db, "--dry-run", units, obs)
	for _, want := range []string{
		"dry run, nothing written",
		"units: 1 thêm, 0 thay đổi / 1 to add, 0 to change",
		"  KCN1  + (units.csv line 2)",
		"observations: 25 thêm, 1 thay đổi / 25 to add, 1 to change",
		"  27 POP 2020  1419.13 A -> 1420 A",
		"  KCN1 IP_LEASED 2000  + 100 A",
		"  … 6 khác / 6 more",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "27 POP 2021") {
		t.Errorf("an unchanged figure listed:\n%s", out)
	}
	if after := mustPW(t, "export", "--db", db, "--kind", "observations"); after != before {
		t.Error("the dry run wrote")
	}
	out = mustPW(t, "import", "--db", db, units, obs)
	if !strings.Contains(out, "observations        25        1          1         0") {
		t.Errorf("import:\n%s", out)
	}
	// Imported again: a dry run lists nothing.
	if out := mustPW(t, "import", "--db", db, "--dry-run", obs); strings.Contains(out, "to add") {
		t.Errorf("second dry run:\n%s", out)
	}
}

// Problems come in the order of the files given, and of their lines,
// whichever step found them, with how many rows they reject.
func TestErrorsInFileAndLineOrder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	b := write(t, dir, "b.csv", "unit,indicator,period,value\n27,POP,2024,1\nZZ,POP,2024,2\n27,POP,2025Q5,3\n")
	a := write(t, dir, "a.csv", "code,name_vi,measure_unit,type\nX1,Một,%,rate\nX2,Hai,%,bogus\n")
	_, errs, code := pw(t, "import", "--db", db, b, a)
	if code == 0 {
		t.Fatal("imported")
	}
	ib3, ib4 := strings.Index(errs, "b.csv line 3"), strings.Index(errs, "b.csv line 4")
	ia := strings.Index(errs, "a.csv line 3")
	if ib3 < 0 || ib4 < 0 || ia < 0 || !(ib3 < ib4 && ib4 < ia) {
		t.Errorf("order:\n%s", errs)
	}
	if !strings.Contains(errs, "nothing imported: 3 rows rejected") || !strings.Contains(errs, "không nhập gì: 3 dòng bị từ chối") {
		t.Errorf("count:\n%s", errs)
	}
}

// A canonical file that Excel saved under Vietnamese settings, with
// semicolons and decimal commas, imports.
func TestSemicolonCanonical(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	f := write(t, dir, "excel.csv", "\ufeffunit;indicator;period;value;dims;status;source\n27;POP;2024;1490,5;;E;Cục Thống kê, ước tính\n27;GRDP;2024;232800;price=current;E;x\n")
	out := mustPW(t, "import", "--db", db, f)
	if !strings.Contains(out, "observations         1        1") {
		t.Errorf("import:\n%s", out)
	}
	show := mustPW(t, "show", "--db", db, "--unit", "27", "--period", "2024", "--lang", "en")
	if !strings.Contains(show, "1,490.5") || !strings.Contains(show, "Cục Thống kê, ước tính") {
		t.Errorf("show:\n%s", show)
	}
	if in := mustPW(t, "inspect", f, "--lang", "en"); !strings.Contains(in, "format canonical; 2 observations") {
		t.Errorf("inspect:\n%s", in)
	}
	bad := write(t, dir, "bad.csv", "unit;indicator;period;value\n27;POP;2024;1.490,5\n")
	if _, errs, code := pw(t, "import", "--db", db, bad); code == 0 || !strings.Contains(errs, "bad.csv line 2, column value: \"1.490,5\" is not a number (in a file separated by semicolons") {
		t.Errorf("exit %d %s", code, errs)
	}
}
