package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// An import meeting a 50 MB line refuses it with a short message, and
// without reading the line into memory.
func TestImportLongLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	name := filepath.Join(dir, "obs.csv")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("unit,indicator,period,value,dims,status,source,note\n24,EXPORTS,2025,94,,E,ok,\n24,EXPORTS,2024,69.07,,A,")
	chunk := strings.Repeat("x", 1<<20)
	for range 50 {
		w.WriteString(chunk)
	}
	w.WriteString(",\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, errs, code := pw(t, "import", "--db", db, name)
	runtime.ReadMemStats(&after)
	if code == 0 {
		t.Fatal("the import succeeded")
	}
	if len(errs) > 1024 {
		t.Fatalf("a %d-byte error: %.300s...", len(errs), errs)
	}
	if !strings.Contains(errs, "obs.csv line 3: field longer than 64 KiB") {
		t.Errorf("error:\n%s", errs)
	}
	// Opening the store and checking the first row take a few MB; the
	// line is 50.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 20<<20 {
		t.Errorf("the import allocated %d MB", alloc>>20)
	}
	// Nothing was imported.
	if out := mustPW(t, "show", "--db", db, "--unit", "24", "--period", "2024"); strings.Contains(out, "xxxx") {
		t.Errorf("show:\n%s", out)
	}
}

// A long bad value is quoted by its first 80 characters.
func TestImportLongBadValue(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	long := strings.Repeat("7", 50<<10) + "x"
	name := write(t, dir, "obs.csv", "unit,indicator,period,value\n24,EXPORTS,2025,"+long+"\n24,EXPORTS,"+long+",1\n"+long+",EXPORTS,2025,1\n")
	_, errs, code := pw(t, "import", "--db", db, name)
	if code == 0 {
		t.Fatal("the import succeeded")
	}
	if len(errs) > 1024 {
		t.Fatalf("a %d-byte error: %.300s...", len(errs), errs)
	}
	for _, want := range []string{
		`obs.csv line 2, column value: "` + strings.Repeat("7", 80) + `"… (51201 bytes) is not a number`,
		`obs.csv line 3, column period: "` + strings.Repeat("7", 80) + `"… (51201 bytes) is not a period`,
		`obs.csv line 4, column unit: "` + strings.Repeat("7", 80) + `"… (51201 bytes) is longer than 64 characters`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("error lacks %s:\n%s", want, errs)
		}
	}
}

// An import of several chunks' worth, in the order that makes each chunk's
// figures move most when sorted, stores every figure as given: chunks are
// reused and sorted in place.
func TestImportChunksKeepEveryFigure(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	units := []string{"01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"}
	inds := []string{"EXPORTS", "IMPORTS", "FDI", "INVEST", "BUDGET_REV", "ONLINE_PROC_RATE", "STARTUP_PROJECTS", "IP_LEASED", "IP_LEASABLE", "FX_VND_USD"}
	value := func(u, i, y, m int) string { return fmt.Sprintf("%d.%d", (u*131+i*17+y*12+m)%100003, (y+m)%10) }
	var b strings.Builder
	b.WriteString("unit,indicator,period,value\n")
	n := 0
	for y := 1920; y < 2020; y++ {
		for m := 1; m <= 12; m++ {
			for i, ind := range inds {
				for u, code := range units {
					fmt.Fprintf(&b, "%s,%s,%04d-%02d,%s\n", code, ind, y, m, value(u, i, y, m))
					n++
				}
			}
		}
	}
	mustPW(t, "import", "--db", db, write(t, dir, "obs.csv", b.String()))
	got := map[string]string{}
	for _, code := range units {
		out := mustPW(t, "export", "--db", db, "--kind", "observations", "--unit", code, "--period", "1920/2019")
		for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			f := strings.Split(line, ",")
			if len(f[2]) == len("2019-12") && slices.Contains(inds, f[1]) { // the demo's yearly figures aside
				got[f[0]+" "+f[1]+" "+f[2]] = f[3]
			}
		}
	}
	if len(got) != n {
		t.Fatalf("%d figures exported, %d imported", len(got), n)
	}
	bad := 0
	for y := 1920; y < 2020; y++ {
		for m := 1; m <= 12; m++ {
			for i, ind := range inds {
				for u, code := range units {
					k := fmt.Sprintf("%s %s %04d-%02d", code, ind, y, m)
					if want := strings.TrimSuffix(strings.TrimRight(value(u, i, y, m), "0"), "."); got[k] != want && bad < 5 {
						t.Errorf("%s = %s, want %s", k, got[k], want)
						bad++
					}
				}
			}
		}
	}
}
