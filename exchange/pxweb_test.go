package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planwatch"
	"planwatch/exchange"
	"planwatch/exchange/record"
	"planwatch/period"
)

func referencePath(t *testing.T, parts ...string) string {
	t.Helper()
	path := filepath.Join(append([]string{"..", "..", "shared", "reference"}, parts...)...)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatal(err)
		}
		t.Skipf("%s is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead", path)
	}
	return path
}

func mapping(t *testing.T, rules string) *record.Mapping {
	t.Helper()
	m, err := record.ReadMapping("map.csv", strings.NewReader("field,value,unit,indicator,dims,scale\n"+rules))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// needs lists the field=value codes an import asks mapping rules for.
func needs(err error) []string {
	var out []string
	var list planwatch.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			var nm *exchange.NeedMapping
			if errors.As(e, &nm) {
				for _, n := range nm.Needs {
					out = append(out, n.Field+"="+n.Value+":"+n.Role)
				}
			}
		}
	}
	return out
}

// The rows of every statistics table are matched to the demo's units by
// name: provinces in English without diacritics, in Vietnamese with
// letters lost to a code page ("B?c Ninh", "C? NU?C"), with "TP."
// before them or "city" after, the regions by their English or
// Vietnamese names, the whole country to the nation; what matches
// nothing is named: Ha Tay (merged into Ha Noi in 2008, not a unit of
// the demo) and the oil and gas sector.
func TestPXWebRowsMatchUnits(t *testing.T) {
	db := demoStore(t)
	files, _ := filepath.Glob(filepath.Join(referencePath(t, "gso_pxweb"), "*.csv"))
	files = append(files, referencePath(t, "vn_province_stats", "area_population_density_by_province_2011-2022_gso_raw.csv"),
		referencePath(t, "vn_province_stats", "grdp_per_capita_by_province_2018-2022_wide.csv"))
	opt := options(t, db)
	opt.Mapping = mapping(t, "*,*,,POP,,\n")
	unmatched := map[string][]string{}
	for _, f := range files {
		name := filepath.Base(f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// The stream alone, as import reads it: the store would refuse the
		// figures given to one indicator from different columns.
		b, format, err := exchange.OpenWith(name, bytes.NewReader(data), opt)
		if err != nil || format != "pxweb" {
			t.Fatalf("%s read as %s: %v", name, format, err)
		}
		err = b.Streams[0](func(planwatch.ObservationRecord) bool { return true })
		for _, n := range needs(err) {
			unmatched[name] = append(unmatched[name], n)
		}
		// Bac Ninh and Bac Giang were one province (Ha Bac) until 1997.
		if strings.HasPrefix(name, "Average_population") && !strings.Contains(err.Error(), `"Bac Ninh" existed in 1995 (Bắc Ninh (27) from 1997-01-01 to 2025-07-01; Bắc Ninh (24) from 2025-07-01 to …)`) {
			t.Errorf("%s: %v", name, err)
		}
	}
	want := map[string][]string{
		"Average_population_by_province.csv":                                                                                   {"Cities, provincies=Ha Tay:unit"},
		"Labour_force_at_15_years_of_age_and_above_by_province.csv":                                                            {"Cities, provincies=Ha Tay:unit"},
		"Percentage_of_household_using_electricity_by_province.csv":                                                            {"Cities, provincies=Ha Tay:unit"},
		"Percentage_of_literate_population_at_15_years_of_age_and_above_by_province.csv":                                       {"Cities, provinces=Ha Tay:unit"},
		"Foreign_direct_investment_projects_licensed_by_province_Accumulation_of_projects_having_effect_as_of_31-12-2016_.csv": {"Cities, provincies=Oil & Gas:unit"},
		"Foreign_direct_investment_projects_licensed_in_2016_by_province.csv":                                                  {"Cities, provincies=Oil and gas:unit"},
		// Tables of items, not places: the unit comes from a rule.
		"Key_indicators_on_National_Accounts.csv": {"*=*:unit"},
		"State_budget_revenue_final_accounts.csv": {"*=*:unit"},
	}
	for name, w := range want {
		if !slices.Equal(unmatched[name], w) {
			t.Errorf("%s needs %v, want %v", name, unmatched[name], w)
		}
	}
	for name, got := range unmatched {
		if _, ok := want[name]; !ok {
			t.Errorf("%s needs %v, want none", name, got)
		}
	}
}

// A table read into the store with a mapping to an indicator: each
// figure on the unit its row names at its period, with the status the
// period label implies, the table's title and the line as its source; the
// label of a place that is no unit left out by a rule.
func TestPXWebImport(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	lit, _, err := exchange.Read("indicators.csv", strings.NewReader("code,name_vi,name_en,measure_unit,type,aggregation,direction\nLIT,Tỷ lệ biết chữ,Literacy rate 15+,%,rate,none,up\n"))
	if err != nil {
		t.Fatal(err)
	}
	apply(t, db, lit)
	f := referencePath(t, "gso_pxweb", "Percentage_of_literate_population_at_15_years_of_age_and_above_by_province.csv")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	opt := options(t, db)
	var notes []string
	opt.Notes = func(file, note string) { notes = append(notes, note) }
	opt.Mapping = mapping(t, "*,*,,LIT,,\n\"Cities, provinces\",Ha Tay,-,,,\n")
	sum, _, err := importFile(t, db, "literacy.csv", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	// Every number of the file but Ha Tay's one.
	raw := countRows(t, f)
	if got := sum.Get("observations"); got.Added != raw-1 {
		t.Errorf("%+v, the file has %d numbers besides Ha Tay's", got, raw-1)
	}
	obs, err := db.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"LIT"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]planwatch.Observation{}
	for _, o := range obs {
		got[o.UnitCode+" "+o.Period.String()] = o
	}
	for _, c := range []struct {
		key, status string
		value       float64
		line        string
	}{
		{"27 2016", "P", 97.5, "line 9"}, {"VN 2006", "A", 93.6, "line 4"}, {"RRD 2015", "A", 98.2, "line 5"},
		{"79 2016", "P", 0, ""}, {"46 2006", "A", 0, ""},
	} {
		o, ok := got[c.key]
		if !ok {
			t.Errorf("no figure for %s", c.key)
			continue
		}
		if c.value != 0 && o.Value != c.value || o.Status != c.status || c.line != "" && !strings.HasSuffix(o.Source, "literacy.csv "+c.line) ||
			!strings.HasPrefix(o.Source, "Percentage of literate population") {
			t.Errorf("%s: %+v", c.key, o)
		}
	}
	if !strings.Contains(strings.Join(notes, "\n"), "whole country") {
		t.Errorf("notes %q", notes)
	}
	// The Vietnamese table with lost letters: every row lands, on the
	// province of its time.
	raw2 := referencePath(t, "vn_province_stats", "area_population_density_by_province_2011-2022_gso_raw.csv")
	data, _ = os.ReadFile(raw2)
	opt.Mapping = mapping(t, "Chi tieu,*,-,,,\nChi tieu,Dân s? trung bình (Nghìn ngu?i),,POP,,\n")
	notes = nil
	sum, _, err = importFile(t, db, "population.csv", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Get("observations"); c.Added+c.Changed+c.Unchanged != 70*12 {
		t.Errorf("%+v, want 840 figures", c)
	}
	units, _ := db.Units(ctx)
	x := planwatch.NewUnitIndex(units)
	for _, c := range []struct {
		unit, per string
		value     float64
	}{{"27", "2021", 1462.95}, {"VN", "2022", 99474.42}, {"46", "2020", 1133.59}, {"79", "2011", 7613.43}, {"77", "2015", 1104.3}} {
		u, _ := x.Resolve(c.unit, planwatch.PeriodSpan(period.MustParse(c.per)))
		obs, _ := db.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Indicators: []string{"POP"}, Period: period.MustParse(c.per), Exact: true})
		if len(obs) != 1 || obs[0].Value != c.value {
			t.Errorf("%s %s: %+v", c.unit, c.per, obs)
		}
	}
	if all := strings.Join(notes, "\n"); !strings.Contains(all, "lost letters") || !strings.Contains(all, "Windows-1252") {
		t.Errorf("notes %q", notes)
	}
}

// countRows counts the numbers of a PX-Web table (the cells after the
// label that are neither empty nor "..").
func countRows(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n")[3:] {
		fields := strings.Split(strings.TrimSpace(line), ";")
		for _, f := range fields[min(1, len(fields)):] {
			if f != "" && f != ".." {
				n++
			}
		}
	}
	return n
}
