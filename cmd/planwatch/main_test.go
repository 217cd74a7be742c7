package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch/exchange"
	"planwatch/storetest/teststore"
)

// pw runs the command line and returns its output and exit code.
func pw(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// testDB is a new database for a command's --db: a SQLite file, or
// under PLANWATCH_TEST_STORE=postgres an empty PostgreSQL database.
func testDB(t *testing.T) string {
	t.Helper()
	return teststore.DB(t, t.TempDir(), "p.db")
}

func mustPW(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := pw(t, args...)
	if code != 0 {
		t.Fatalf("planwatch %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

func TestDemoShow(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	out := mustPW(t, "show", "--db", db, "--unit", "24", "--period", "2025", "--lang", "en")
	for _, want := range []string{"Bac Ninh (24), province, valid from 2025-07-01", "72,497", "94 ", "88 ", "182 ", "10.27", "5,852", "7,425.07", "4,087", "18.6", "5.5 ",
		// Figures the seed states that the demo derives by formula.
		"TRADE_BALANCE", "6.00 ", "IP_OCCUPANCY", "55.04 ", "BUDGET_REV_USD", "2.76 "} {
		if !strings.Contains(out, want) {
			t.Errorf("show --unit 24 --period 2025 lacks %q:\n%s", want, out)
		}
	}
	// Bac Giang's 2025 figures are not the merged province's.
	if strings.Contains(out, "Bắc Giang") {
		t.Error("show printed Bac Giang for 24 in 2025")
	}
	vi := mustPW(t, "show", "--db", db, "--unit", "24", "--period", "2025")
	for _, want := range []string{"Bắc Ninh (24), tỉnh, hiệu lực từ 2025-07-01", "72.497", "7.425,07", "10,27", "CHỈ TIÊU"} {
		if !strings.Contains(vi, want) {
			t.Errorf("Vietnamese show lacks %q:\n%s", want, vi)
		}
	}
	old := mustPW(t, "show", "--db", db, "--unit", "27", "--period", "2021", "--lang", "en")
	if !strings.Contains(old, "133,600") || !strings.Contains(old, "33,227") {
		t.Errorf("old Bac Ninh 2021:\n%s", old)
	}
	// init --demo twice changes nothing.
	again := mustPW(t, "init", "--db", db, "--demo")
	for _, line := range strings.Split(again, "\n")[3:] {
		f := strings.Fields(line)
		if len(f) == 4 && (f[1] != "0" || f[2] != "0") {
			t.Errorf("second init --demo changed something: %s", line)
		}
	}
}

// Export, import into an empty database, export again: identical files.
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	mustPW(t, "init", "--db", a, "--demo")
	var files []string
	for _, l := range exchange.Layouts {
		f := filepath.Join(dir, l.Kind+".csv")
		mustPW(t, "export", "--db", a, "--kind", l.Kind, "--out", f)
		files = append(files, f)
	}
	// Reverse order: the import must not depend on the order of its files.
	mustPW(t, "init", "--db", b)
	rev := []string{"import", "--db", b}
	for i := len(files) - 1; i >= 0; i-- {
		rev = append(rev, files[i])
	}
	out := mustPW(t, rev...)
	if !strings.Contains(out, "observations") {
		t.Errorf("import said:\n%s", out)
	}
	for _, l := range exchange.Layouts {
		first, _ := os.ReadFile(filepath.Join(dir, l.Kind+".csv"))
		second := mustPW(t, "export", "--db", b, "--kind", l.Kind)
		if string(first) != second {
			t.Errorf("%s differs after a round trip", l.Kind)
		}
		if lines := strings.Count(string(first), "\n"); lines < 2 {
			t.Errorf("%s export has %d lines", l.Kind, lines)
		}
	}
	// Importing the same files again changes nothing.
	again := mustPW(t, rev...)
	for _, line := range strings.Split(again, "\n")[2:] {
		f := strings.Fields(line)
		if len(f) == 4 && (f[1] != "0" || f[2] != "0") {
			t.Errorf("re-import changed something: %s", line)
		}
	}
}

func TestExportFilters(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	out := mustPW(t, "export", "--db", db, "--kind", "observations", "--unit", "24@2025-07-01", "--indicator", "EXPORTS", "--period", "2025")
	want := "unit,indicator,period,value,dims,status,source,note\n24,EXPORTS,2025,94,,E,"
	if !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 2 {
		t.Errorf("filtered export:\n%s", out)
	}
	// Bac Giang's code before the merger needs no date in 2021.
	out = mustPW(t, "export", "--db", db, "--kind", "observations", "--unit", "24", "--indicator", "POP", "--period", "2021")
	if !strings.Contains(out, "\n24,POP,2021,") {
		t.Errorf("Bac Giang 2021 population:\n%s", out)
	}
}

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadInput(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	before := mustPW(t, "export", "--db", db, "--kind", "observations")
	good := "unit,indicator,period,value\n27,POP,2023,1500\n"
	cases := []struct {
		name, file, body string
		want             []string
	}{
		{"bad period", "observations.csv", "unit,indicator,period,value\n27,POP,2024,1\n27,POP,2025Q5,1\n",
			[]string{`observations.csv line 3, column period: "2025Q5" is not a period`}},
		{"unit not valid then", "observations.csv", "unit,indicator,period,value\n27,POP,2026,1\n",
			[]string{`observations.csv line 2, column unit: no unit with code "27" is valid between 2026-01-01 and 2026-12-31`}},
		{"unknown indicator", "observations.csv", "unit,indicator,period,value\n24,NOPE,2025,1\n",
			[]string{`observations.csv line 2, column indicator: "NOPE" is not a known indicator`}},
		{"undeclared dimension value", "observations.csv", "unit,indicator,period,value,dims\n24,GRDP,2025,1,price=constant2020\n",
			[]string{`observations.csv line 2, column dims: price=constant2020: indicator GRDP declares price only as current | constant2010`}},
		{"not a number", "observations.csv", "unit,indicator,period,value\n24,EXPORTS,2025,\"72.497,5\"\n24,EXPORTS,2024,abc\n",
			[]string{`observations.csv line 2, column value: "72.497,5" is not a number`, `observations.csv line 3, column value: "abc" is not a number`}},
		{"low above high", "targets.csv", "plan,unit,indicator,dims,period,kind,value,low,high\nNQ-DH20-BN,27,LABOUR_PROD,,2021/2025,avg_growth,,9,8.5\n",
			[]string{`targets.csv line 2, column low: 9 is above high 8.5`}},
		{"share outside 0-1", "lineage.csv", "date,event,from,to,share\n2025-07-01,transfer,27,24,1.5\n",
			[]string{`lineage.csv line 2, column share: 1.5 is outside 0-1`}},
		{"duplicate key", "observations.csv", "unit,indicator,period,value\n27,POP,2024,1\n27,POP,2024,2\n",
			[]string{`observations.csv line 3, column period: 27 POP 2024 is also on observations.csv line 2`}},
		{"duplicate key out of time order", "observations.csv", "unit,indicator,period,value\n27,POP,2013,1\n27,POP,2014,2\n27,POP,2012,3\n27,POP,2013,4\n24,POP,2013,5\n",
			[]string{`observations.csv line 5, column period: 27 POP 2013 is also on observations.csv line 2`}},
		{"unknown header", "mystery.csv", "foo,bar\n1,2\n",
			[]string{`mystery.csv line 1: the header (foo,bar) is of no known kind`, "units ", "observations ", "unit*,indicator*,period*,value*"}},
		{"ragged row", "observations.csv", "unit,indicator,period,value\n27,POP,2024\n",
			[]string{`observations.csv line 2: this row has a different number of fields from the header`}},
		{"unknown column", "observations.csv", "unit,indicator,period,vaule,value\n27,POP,2024,1,1\n",
			[]string{`column "vaule" is not a column of observations files`}},
		{"bad status", "observations.csv", "unit,indicator,period,value,status\n27,POP,2024,1,Z\n",
			[]string{`observations.csv line 2, column status: "Z" is not an SDMX observation status`}},
		{"bad level", "units.csv", "code,name_vi,level\n99,X,planet\n",
			[]string{`units.csv line 2, column level: "planet" is not one of nation | region | province | district | commune | other`}},
		{"unknown plan", "targets.csv", "plan,unit,indicator,period,kind,value\nNOPE,27,POP,2025,at_most,1\n",
			[]string{`targets.csv line 2, column plan: "NOPE" is not a known plan`}},
		{"empty file", "observations.csv", "", []string{"observations.csv: the file is empty"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sub := t.TempDir()
			// A good file beside the bad one: nothing of it may be written.
			g := write(t, sub, "good.csv", good)
			bad := write(t, sub, c.file, c.body)
			_, errs, code := pw(t, "import", "--db", db, g, bad)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if !strings.Contains(errs, "nothing imported") {
				t.Errorf("stderr does not say nothing was imported:\n%s", errs)
			}
		})
	}
	if after := mustPW(t, "export", "--db", db, "--kind", "observations"); after != before {
		t.Error("a rejected import changed the observations")
	}
}

func TestDryRun(t *testing.T) {
	dir := t.TempDir()
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	f := write(t, dir, "o.csv", "unit,indicator,period,value\n27,POP,2024,1500\n")
	out := mustPW(t, "import", "--db", db, "--dry-run", f)
	if !strings.Contains(out, "dry run") || !strings.Contains(out, "observations         1") {
		t.Errorf("dry run said:\n%s", out)
	}
	if got := mustPW(t, "export", "--db", db, "--kind", "observations", "--unit", "27", "--period", "2024"); strings.Contains(got, "1500") {
		t.Error("dry run wrote")
	}
}

func TestHelp(t *testing.T) {
	for _, c := range commands {
		_, errs, code := pw(t, c.name, "--help")
		if code != 0 {
			t.Errorf("%s --help: exit %d %s", c.name, code, errs)
		}
	}
	if _, _, code := pw(t, "frobnicate"); code != 2 {
		t.Error("unknown command did not exit 2")
	}
	if _, _, code := pw(t, "show"); code != 2 {
		t.Error("show without --unit did not exit 2")
	}
}

// An error after several chunks have been written still leaves nothing.
func TestLargeImportRejectedWhole(t *testing.T) {
	dir := t.TempDir()
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	var b strings.Builder
	b.WriteString("unit,indicator,period,value\n")
	n := 0
	for y := 1900; y < 2025 && n < 120000; y++ {
		for m := 1; m <= 12; m++ {
			for _, ind := range []string{"EXPORTS", "IMPORTS", "FDI", "INVEST", "BUDGET_REV", "ONLINE_PROC_RATE", "STARTUP_PROJECTS", "IP_LEASED", "IP_LEASABLE", "FX_VND_USD"} {
				for _, u := range []string{"01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"} {
					fmt.Fprintf(&b, "%s,%s,%04d-%02d,%d\n", u, ind, y, m, n)
					n++
				}
			}
		}
	}
	b.WriteString("01,EXPORTS,2025Q5,1\n")
	f := write(t, dir, "big.csv", b.String())
	_, errs, code := pw(t, "import", "--db", db, f)
	if code != 1 || !strings.Contains(errs, fmt.Sprintf("big.csv line %d, column period", n+2)) {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	out := mustPW(t, "export", "--db", db, "--kind", "observations", "--unit", "01", "--indicator", "EXPORTS")
	if strings.Contains(out, "1900-01") {
		t.Error("rows of a rejected import were written")
	}
	// Without the bad row the same file goes in whole.
	good := write(t, dir, "good.csv", strings.TrimSuffix(b.String(), "01,EXPORTS,2025Q5,1\n"))
	imported := mustPW(t, "import", "--db", db, good)
	if !strings.Contains(imported, fmt.Sprintf("observations %9d", n)) {
		t.Errorf("import of %d rows said:\n%s", n, imported)
	}
}
