package demo_test

import (
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"planwatch"
	"planwatch/demo"
	"planwatch/period"
	"planwatch/sqlite"
)

func load(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// documents are what the sources of the seeds' figures cite: the codes of
// the real documents the seeds are copies of (sources.csv).
var documents = map[string]string{
	"000": "NQ54-BN-2022: ",
	"002": "BBN-2025-12-31: ",
}

// Every claim of the seeds that is a stored figure, as the seed states it.
var claims = []struct {
	seed, claim                   string
	unit, indicator, dims, period string
	value                         float64
	status                        string
}{
	{"000", "average economic growth rate in the period 2005-2019 reached 14.7%/year", "27", "GRDP_GROWTH", "", "2005/2019", 14.7, "A"},
	{"000", "in the period 2005-2020 reached 13.95%/year", "27", "GRDP_GROWTH", "", "2005/2020", 13.95, "A"},
	{"000", "In 2021, the scale of GRDP increased to VND 133.6 trillion", "27", "GRDP", "price=constant2010", "2021", 133600, "A"},
	{"000", "budget revenue ... reached VND 33,227 billion by 2021", "27", "BUDGET_REV", "", "2021", 33227, "A"},
	{"002", "Total domestic and foreign investment attraction reached 18.6 billion USD", "24", "INVEST", "", "2025", 18.6, "E"},
	{"002", "foreign direct investment (FDI) amounted to 5.5 billion USD", "24", "FDI", "", "2025", 5.5, "E"},
	{"002", "GRDP growth reached double digits, estimated at 10.27%", "24", "GRDP_GROWTH", "", "2025", 10.27, "E"},
	{"002", "GRDP per capita was projected at 5,852 USD", "24", "GRDP_PC", "", "2025", 5852, "E"},
	{"002", "Total import-export turnover hit 182 billion USD", "24", "TRADE", "", "2025", 182, "E"},
	{"002", "exports were estimated at 94 billion USD", "24", "EXPORTS", "", "2025", 94, "E"},
	{"002", "imports 88 billion USD", "24", "IMPORTS", "", "2025", 88, "E"},
	{"002", "Total state budget revenue reached 72.497 trillion VND", "24", "BUDGET_REV", "", "2025", 72497, "E"},
	{"002", "43 out of 52 industrial parks approved in planning", "24", "IP_COUNT", "stage=planning_approved", "2025", 43, "E"},
	{"002", "43 out of 52 industrial parks", "24", "IP_COUNT", "stage=in_planning", "2025", 52, "E"},
	{"002", "total land area of 13,141 hectares", "24", "IP_AREA", "stage=planning_approved", "2025", 13141, "E"},
	{"002", "35 industrial parks have had their investment policies approved", "24", "IP_COUNT", "stage=investment_approved", "2025", 35, "E"},
	{"002", "with an area of 10,495 hectares", "24", "IP_AREA", "stage=investment_approved", "2025", 10495, "E"},
	{"002", "11 new industrial parks were approved in 2025", "24", "IP_NEW_APPROVED", "", "2025", 11, "E"},
	{"002", "leased industrial land area reached 4,087 hectares", "24", "IP_LEASED", "", "2025", 4087, "E"},
	{"002", "out of 7,425.07 hectares", "24", "IP_LEASABLE", "", "2025", 7425.07, "E"},
	{"002", "97% of administrative procedures provided fully online", "24", "ONLINE_PROC_RATE", "", "2025", 97, "E"},
	{"002", "ranked first nationwide in the index for governance and service delivery", "24", "EGOV_SERVICE_RANK", "", "2025", 1, "A"},
	{"002", "Techfest Bac Ninh attracting 231 startup projects", "24", "STARTUP_PROJECTS", "", "2025", 231, "A"},
	{"002", "technology appraisal for more than 250 investment projects", "24", "TECH_APPRAISED_PROJECTS", "", "2025", 250, "A"},
}

func TestSeedClaimsReadBack(t *testing.T) {
	db := load(t)
	ctx := context.Background()
	units, _ := db.Units(ctx)
	x := planwatch.NewUnitIndex(units)
	for _, c := range claims {
		p := period.MustParse(c.period)
		u, err := x.Resolve(c.unit, planwatch.PeriodSpan(p))
		if err != nil {
			t.Errorf("seed %s %q: %v", c.seed, c.claim, err)
			continue
		}
		dims := planwatch.Dims(c.dims)
		obs, err := db.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Indicators: []string{c.indicator}, Dims: &dims, Period: p, Exact: true})
		if err != nil || len(obs) != 1 {
			t.Errorf("seed %s %q: %d observations, %v", c.seed, c.claim, len(obs), err)
			continue
		}
		o := obs[0]
		if o.Value != c.value || o.Status != c.status || !strings.HasPrefix(o.Source, documents[c.seed]) {
			t.Errorf("seed %s %q: read back %v %s from %q; want %v %s from %s", c.seed, c.claim, o.Value, o.Status, o.Source, c.value, c.status, documents[c.seed])
		}
		// The source quotes the document's own words.
		if !strings.Contains(c.claim, "...") && !strings.Contains(o.Source, c.claim) {
			t.Errorf("seed %s: the source %q does not quote %q", c.seed, o.Source, c.claim)
		}
	}
	// The seed's 2025 figures belong to the merged province, not to Bac Giang.
	bn, _ := x.Resolve("24", planwatch.Day("2025-07-01"))
	if bn.NameVI != "Bắc Ninh" || bn.ValidFrom != "2025-07-01" {
		t.Errorf("24 in 2025 is %+v", bn)
	}
}

func TestTargetsOfTheCongressResolution(t *testing.T) {
	db := load(t)
	ctx := context.Background()
	ts, err := db.Targets(ctx, planwatch.TargetFilter{Plan: "NQ-DH20-BN"})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		kind          planwatch.TargetKind
		value, lo, hi float64
	}
	wants := map[string]want{
		"GRDP price=constant2010 2021/2025":                   {planwatch.AvgGrowth, 0, 7, 8},
		"GRDP_SECTOR_SHARE sector=industry_construction 2025": {planwatch.Exactly, 74.5, 0, 0},
		"GRDP_SECTOR_SHARE sector=services 2025":              {planwatch.Exactly, 23.9, 0, 0},
		"GRDP_SECTOR_SHARE sector=agriculture 2025":           {planwatch.Exactly, 1.6, 0, 0},
		"GRDP_PC  2025":          {planwatch.AtLeast, 8900, 0, 0},
		"LABOUR_PROD  2021/2025": {planwatch.AvgGrowth, 0, 8.5, 9},
		"BUDGET_REV  2025":       {planwatch.AtLeast, 37400, 0, 0},
		"POOR_HH_RATE  2025":     {planwatch.AtMost, 1, 0, 0},
	}
	if len(ts) != len(wants) {
		t.Errorf("%d targets, want %d", len(ts), len(wants))
	}
	val := func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	}
	for _, tg := range ts {
		k := tg.Indicator + " " + string(tg.Dims) + " " + tg.Period.String()
		w, ok := wants[k]
		if !ok {
			t.Errorf("unexpected target %s", k)
			continue
		}
		if tg.Kind != w.kind || val(tg.Value) != w.value || val(tg.Low) != w.lo || val(tg.High) != w.hi || tg.UnitCode != "27" || tg.Wording == "" {
			t.Errorf("%s: %+v", k, tg)
		}
	}
}

// The demo's provinces are the real ones: the 34 of today and the 63 before,
// with their official codes and names.
func TestUnitsMatchReference(t *testing.T) {
	ref := filepath.Join("..", "..", "shared", "reference", "vn_admin")
	if _, err := os.Stat(ref); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("reference data missing: %v", err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	db := load(t)
	units, _ := db.Units(context.Background())
	x := planwatch.NewUnitIndex(units)
	check := func(file string, at planwatch.Date, nameCol int, strip bool) {
		f, err := os.Open(filepath.Join(ref, file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			u, err := x.Resolve(r[0], planwatch.Day(at))
			if err != nil {
				t.Errorf("%s: %s on %s: %v", file, r[0], at, err)
				continue
			}
			name := r[nameCol]
			if strip {
				name = strings.TrimPrefix(strings.TrimPrefix(name, "Thành phố "), "Tỉnh ")
			}
			if u.NameVI != name || u.Level != planwatch.LevelProvince {
				t.Errorf("%s: %s is %q (%s) in the demo, %q in the file", file, r[0], u.NameVI, u.Level, name)
			}
		}
		count := 0
		for _, u := range units {
			if u.Level == planwatch.LevelProvince && u.Validity().Contains(at) {
				count++
			}
		}
		if count != len(rows)-1 {
			t.Errorf("%d provinces valid on %s in the demo, %d in %s", count, at, len(rows)-1, file)
		}
	}
	check("vn63_provinces_2025-03.csv", "2025-06-30", 1, false)
	check("vn34_provinces_2026-02.csv", "2025-07-01", 1, true)
}

// The reference-derived demo files are what the generator makes of the real
// files today: nobody edited a figure by hand.
func TestGeneratedFilesMatchReference(t *testing.T) {
	ref := filepath.Join("..", "..", "shared", "reference")
	if _, err := os.Stat(ref); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("reference data missing: %v", err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	out := t.TempDir()
	cmd := exec.Command("go", "run", "gen/main.go", ref, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, msg)
	}
	for _, name := range []string{"units.csv", "lineage.csv", "groups.csv", "observations_provinces_2018-2022.csv"} {
		want, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("data", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("data/%s differs from what demo/gen makes of the reference files", name)
		}
	}
	// And one figure checked by hand against the raw file: the old Bac Ninh's
	// GRDP per capita in 2021, 157.65 million VND.
	raw, _ := os.ReadFile(filepath.Join(ref, "vn_province_stats", "grdp_per_capita_by_province_2018-2022_wide.csv"))
	if !strings.Contains(string(raw), "Bac Ninh,144.95,144.99,147.26,157.65,169.07") {
		t.Fatal("the reference file is not the one this test knows")
	}
	demoObs, _ := os.ReadFile(filepath.Join("data", "observations_provinces_2018-2022.csv"))
	if !strings.Contains(string(demoObs), "\n27,GRDP_PC_VND,2021,157.65,") {
		t.Error("the demo lacks Bac Ninh's 2021 GRDP per capita of 157.65")
	}
}

// The six socio-economic regions hold every province exactly once, before
// the reorganisation (63 provinces) and after it (34, in the regions of
// Resolution 306/NQ-CP); the regions' own lineage agrees with their
// provinces': an old province's region leads to its successor's region.
func TestRegions(t *testing.T) {
	ctx := context.Background()
	db := load(t)
	units, _ := db.Units(ctx)
	members, _ := db.GroupMembers(ctx)
	events, _ := db.Lineage(ctx)
	byID := map[int64]planwatch.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	regionOn := func(at planwatch.Date) (map[int64]string, map[string]int) {
		of, size := map[int64]string{}, map[string]int{}
		for _, m := range members {
			if !m.Validity().Contains(at) {
				continue
			}
			if r, dup := of[m.Unit]; dup {
				t.Errorf("%s on %s is in %s and %s", byID[m.Unit], at, r, m.Group)
			}
			of[m.Unit] = m.Group
			size[m.Group]++
		}
		for _, u := range units {
			if u.Level == planwatch.LevelProvince && u.Validity().Contains(at) && of[u.ID] == "" {
				t.Errorf("%s is in no region on %s", u, at)
			}
		}
		return of, size
	}
	before, sizeBefore := regionOn("2025-06-30")
	after, sizeAfter := regionOn("2025-07-01")
	if len(before) != 63 || len(after) != 34 {
		t.Errorf("%d provinces in regions before, %d after; want 63 and 34", len(before), len(after))
	}
	want := map[string]int{"NMM": 9, "RRD": 6, "NC": 5, "SCCH": 6, "SE": 3, "MRD": 5}
	for g, n := range want {
		if sizeAfter[g] != n {
			t.Errorf("region %s has %d provinces after the reorganisation, want %d", g, sizeAfter[g], n)
		}
	}
	if len(sizeBefore) != 6 || len(sizeAfter) != 6 {
		t.Errorf("regions before %v, after %v", sizeBefore, sizeAfter)
	}
	// Each region is a unit until 2025-07-01 and another from then.
	x := planwatch.NewUnitIndex(units)
	regionUnit := func(code string, at planwatch.Date) int64 {
		u, err := x.Resolve(code, planwatch.Day(at))
		if err != nil || u.Level != planwatch.LevelRegion {
			t.Fatalf("region %s on %s: %v %v", code, at, u, err)
		}
		return u.ID
	}
	links := map[[2]int64]bool{}
	for _, e := range events {
		if byID[e.From].Level == planwatch.LevelRegion {
			links[[2]int64{e.From, e.To}] = true
		}
	}
	need := map[[2]int64]bool{}
	for _, e := range events {
		if byID[e.From].Level != planwatch.LevelProvince {
			continue
		}
		from, to := before[e.From], after[e.To]
		need[[2]int64{regionUnit(from, "2025-06-30"), regionUnit(to, "2025-07-01")}] = true
	}
	// Provinces the reorganisation left as they were changed region too
	// (Thanh Hoa went from the North Central and Central Coast to the
	// North Central).
	for id, from := range before {
		if to, ok := after[id]; ok {
			need[[2]int64{regionUnit(from, "2025-06-30"), regionUnit(to, "2025-07-01")}] = true
		}
	}
	for l := range need {
		if !links[l] {
			t.Errorf("no lineage from region %s to region %s", byID[l[0]], byID[l[1]])
		}
	}
	if len(links) != len(need) {
		t.Errorf("%d region lineage events, %d follow from the provinces", len(links), len(need))
	}
	// Bac Ninh, formed from a Red River Delta province and a Northern
	// Midlands one, is in the Red River Delta.
	if bn, _ := x.Resolve("24", planwatch.Day("2025-07-01")); after[bn.ID] != "RRD" {
		t.Errorf("Bac Ninh is in %q after the reorganisation", after[bn.ID])
	}
}

// The texts of the demo cite documents an officer can find, never the
// working names of the copies the demo was built from, and every figure
// that was derived rather than published says so and from what.
func TestDemoTextsCiteDocuments(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("data", "*.csv"))
	later, _ := filepath.Glob(filepath.Join("data", "later", "*.csv"))
	files = append(files, later...)
	if err != nil || len(files) == 0 || len(later) == 0 {
		t.Fatal(files, err)
	}
	imputed := 0
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(name, err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for n, r := range rows[1:] {
			for _, c := range []string{"source", "note", "wording", "vision"} {
				i, ok := col[c]
				if !ok {
					continue
				}
				l := strings.ToLower(r[i])
				for _, bad := range []string{"seed", "design.md", "back-calculated", "todo"} {
					if strings.Contains(l, bad) {
						t.Errorf("%s line %d, %s mentions %q: %q", name, n+2, c, bad, r[i])
					}
				}
			}
			if i, ok := col["status"]; ok && r[i] == "I" {
				imputed++
				if src := r[col["source"]]; !strings.Contains(src, "số suy ra, không phải số công bố") {
					t.Errorf("%s line %d is imputed, but its source does not say it was derived: %q", name, n+2, src)
				}
			}
			// Notes are written in Vietnamese only, as an officer writes
			// them; words quoted from an English document may stay.
			if i, ok := col["note"]; ok {
				unquoted := regexp.MustCompile(`"[^"]*"`).ReplaceAllString(r[i], "")
				for _, en := range []string{" the ", " of ", "replace", "derived", " and ", "figure"} {
					if strings.Contains(unquoted, en) {
						t.Errorf("%s line %d: the note %q is not in Vietnamese only (%q)", name, n+2, r[i], en)
					}
				}
			}
		}
	}
	if imputed != 5 {
		t.Errorf("%d imputed figures, want the demo's 5", imputed)
	}
}
