package review_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"planwatch"
	"planwatch/exchange"
	"planwatch/exchange/pxweb"
	"planwatch/exchange/worldbank"
	"planwatch/period"
	"planwatch/review"
	"planwatch/storetest/teststore"
)

func reference(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "shared", "reference"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("reference data missing: %v", err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	return p
}

// rawTable reads a PX-Web or World Bank file with nothing but the
// standard CSV reader, for the tests to compute their expectations without
// the code under test. Rows are keyed by their first field (and, for the
// World Bank, the second: the country code).
func rawTable(t *testing.T, path string, sep rune) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	clean := func(s string) string { return strings.Join(strings.Fields(strings.TrimPrefix(s, "\ufeff")), " ") }
	var header []string
	out := map[string]map[string]string{}
	for _, rec := range recs {
		if len(rec) < 3 {
			continue
		}
		if header == nil {
			if sep == ',' && clean(rec[0]) != "Country Name" && clean(rec[0]) != "Country Code" {
				continue
			}
			for _, h := range rec {
				header = append(header, clean(h))
			}
			continue
		}
		row := map[string]string{}
		for i, h := range header {
			if i < len(rec) {
				row[h] = clean(rec[i])
			}
		}
		out[clean(rec[0])] = row
		if sep == ',' {
			out[clean(rec[1])] = row
		}
	}
	return out
}

func num(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// rankOf ranks the values like a statistics yearbook: best first, ties
// sharing the better place.
func rankOf(vals map[string]float64, key string, higherBetter bool) int {
	r := 1
	for _, v := range vals {
		if higherBetter && v > vals[key] || !higherBetter && v < vals[key] {
			r++
		}
	}
	return r
}

var regionLabels = []string{"Red River Delta", "Northern midlands and mountain areas", "Northern Central area and Central coastal area", "Central Highlands", "South East", "Mekong River Delta"}

func slug(label string) string {
	return strings.ToUpper(strings.ReplaceAll(label, " ", "_"))
}

func loadPX(t *testing.T, rv **review.Review, files map[string]string) {
	t.Helper()
	ctx := context.Background()
	db := teststore.New(t)
	b := &planwatch.Batch{
		Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: "VN", NameVI: "Viet Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation}}},
		Indicators: []planwatch.IndicatorRecord{
			{Indicator: planwatch.Indicator{Code: "POP", NameEN: "Average population", MeasureUnit: "thousand persons", Type: planwatch.TypeStock, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirNone}},
			{Indicator: planwatch.Indicator{Code: "LIT", NameEN: "Literate population 15+", MeasureUnit: "%", Type: planwatch.TypeRate, Aggregation: planwatch.Aggregation{Rule: "none"}, Direction: planwatch.DirUp}},
		},
	}
	units := map[string]bool{}
	for code, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		tb, err := pxweb.ReadTable(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, row := range tb.Rows {
			if slices.Contains(regionLabels, row.Label) {
				continue
			}
			unit := "VN"
			if row.Label != "WHOLE COUNTRY" {
				unit = slug(row.Label)
				if !units[unit] {
					units[unit] = true
					u := planwatch.Unit{Code: unit, NameVI: row.Label, NameEN: row.Label, Level: planwatch.LevelProvince}
					if row.Label == "Ha Tay" {
						u.ValidTo = "2008-08-01" // merged into Ha Noi
					}
					b.Units = append(b.Units, planwatch.UnitRecord{Unit: u, Parent: "VN"})
				}
			}
			for i, c := range tb.Columns {
				if c.Prefix != "" && c.Prefix != "Total" || math.IsNaN(row.Values[i]) {
					continue
				}
				st := c.Status
				if st == "" {
					st = "A"
				}
				b.Observations = append(b.Observations, planwatch.ObservationRecord{Unit: unit,
					Observation: planwatch.Observation{Indicator: code, Period: c.Period, Value: row.Values[i], Status: st}})
			}
		}
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	var err error
	if *rv, err = review.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
}

// The measures on the statistics office's own tables: average growth,
// ranks, shares and ratios, each checked against the raw file.
func TestMeasuresOnStatisticsOfficeTables(t *testing.T) {
	popFile := reference(t, "gso_pxweb", "Average_population_by_province.csv")
	litFile := reference(t, "gso_pxweb", "Percentage_of_literate_population_at_15_years_of_age_and_above_by_province.csv")
	var rv *review.Review
	loadPX(t, &rv, map[string]string{"POP": popFile, "LIT": litFile})
	pop := rawTable(t, popFile, ';')
	lit := rawTable(t, litFile, ';')

	provinces := map[string]bool{}
	for label := range pop {
		if label != "WHOLE COUNTRY" && label != "Cities, provincies" && !slices.Contains(regionLabels, label) {
			provinces[label] = true
		}
	}
	if len(provinces) != 64 {
		t.Fatalf("%d provinces in the population table (63 and Ha Tay expected)", len(provinces))
	}
	pop2015 := map[string]float64{}
	for label := range provinces {
		if v, ok := num(pop[label]["Total 2015"]); ok {
			pop2015[label] = v
		}
	}
	whole2015, _ := num(pop["WHOLE COUNTRY"]["Total 2015"])
	checked := 0
	for label := range provinces {
		if label == "Ha Tay" {
			continue
		}
		f := fact(t, rv, slug(label), "POP", "", "2015")
		// Share of the country.
		if want := pop2015[label] / whole2015 * 100; f.ShareOfParentPct == nil || math.Abs(*f.ShareOfParentPct-want) > 1e-9 {
			t.Errorf("%s share %v, want %v", label, f.ShareOfParentPct, want)
		}
		// Rank among the 63 provinces valid in 2015, all with data.
		r := f.Rank[0]
		if want := rankOf(pop2015, label, true); r.Rank == nil || *r.Rank != want || r.Of != 63 || r.WithData != 63 {
			t.Errorf("%s rank %+v, want %d of 63", label, r, want)
		}
		// Average growth 2006-2015 from the levels of 2005 and 2015.
		v05, _ := num(pop[label]["Total 2005"])
		want := (math.Pow(pop2015[label]/v05, 1.0/10) - 1) * 100
		g, _, err := rv.AverageGrowth(slug(label), "POP", "", period.MustParse("2006/2015"))
		if err != nil || math.Abs(g-want) > 1e-9 {
			t.Errorf("%s CAGR 2006-2015 = %v, %v; want %v", label, g, err, want)
		}
		// Growth over the previous year.
		v14, _ := num(pop[label]["Total 2014"])
		if want := (pop2015[label]/v14 - 1) * 100; f.GrowthPct == nil || math.Abs(*f.GrowthPct-want) > 1e-9 {
			t.Errorf("%s growth %v, want %v", label, f.GrowthPct, want)
		}
		checked++
	}
	if checked != 63 {
		t.Errorf("checked %d provinces", checked)
	}
	// Ha Tay was merged into Ha Noi in 2008: it has figures until 2007 and
	// is no peer in 2015.
	if _, err := rv.Facts("HA_TAY", period.MustParse("2015")); err == nil {
		t.Error("Ha Tay resolves in 2015")
	}

	// Literacy, a rate: ranks with shared places, ratio to the country, and
	// the preliminary 2016 figure.
	lit2015 := map[string]float64{}
	for label := range provinces {
		if v, ok := num(lit[label]["2015"]); ok {
			lit2015[label] = v
		}
	}
	wholeLit, _ := num(lit["WHOLE COUNTRY"]["2015"])
	ties := 0
	for label, v := range lit2015 {
		f := fact(t, rv, slug(label), "LIT", "", "2015")
		if want := rankOf(lit2015, label, true); f.Rank[0].Rank == nil || *f.Rank[0].Rank != want || f.Rank[0].WithData != len(lit2015) {
			t.Errorf("%s literacy rank %+v, want %d", label, f.Rank[0], want)
		}
		if want := v / wholeLit; f.RatioToParent == nil || math.Abs(*f.RatioToParent-want) > 1e-12 {
			t.Errorf("%s literacy ratio %v, want %v", label, f.RatioToParent, want)
		}
		for other, w := range lit2015 {
			if other != label && w == v {
				ties++
			}
		}
	}
	if ties == 0 {
		t.Error("the literacy table has no ties: the test of shared ranks tests nothing")
	}
	hn := fact(t, rv, "HA_NOI", "LIT", "", "2016")
	if want, _ := num(lit["Ha Noi"]["Prel. 2016"]); hn.Value == nil || *hn.Value != want || hn.Status != "P" {
		t.Errorf("Ha Noi 2016 literacy %v %s, want %v P", hn.Value, hn.Status, want)
	}
}

// The measures on the World Bank's GDP growth file: a chain of yearly rates
// into an average, and ranks among the countries that have data.
func TestMeasuresOnWorldBankGrowth(t *testing.T) {
	file := reference(t, "worldbank", "API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_2017-03-23.csv")
	meta := reference(t, "worldbank", "Metadata_Country_API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2.csv")
	raw := rawTable(t, file, ',')
	countries := map[string]bool{}
	for code, row := range rawTable(t, meta, ',') {
		if len(code) == 3 && row["Region"] != "" {
			countries[code] = true // aggregates have no region
		}
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := worldbank.ReadTable(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b := &planwatch.Batch{Indicators: []planwatch.IndicatorRecord{{Indicator: planwatch.Indicator{Code: "GDP_GROWTH", NameEN: tb.Rows[0].IndicatorName,
		MeasureUnit: "%", Type: planwatch.TypeRate, Aggregation: planwatch.Aggregation{Rule: "none"}, Direction: planwatch.DirUp}}}}
	for _, row := range tb.Rows {
		level := planwatch.LevelOther
		if countries[row.CountryCode] {
			level = planwatch.LevelNation
		}
		b.Units = append(b.Units, planwatch.UnitRecord{Unit: planwatch.Unit{Code: row.CountryCode, NameVI: row.CountryName, NameEN: row.CountryName, Level: level}})
		for i, y := range tb.Years {
			if !math.IsNaN(row.Values[i]) {
				b.Observations = append(b.Observations, planwatch.ObservationRecord{Unit: row.CountryCode,
					Observation: planwatch.Observation{Indicator: "GDP_GROWTH", Period: period.Year(y), Value: row.Values[i], Status: "A"}})
			}
		}
	}
	rv := world(t, b)

	// Viet Nam's average growth 2006-2015 from the chain of yearly rates.
	prod := 1.0
	for y := 2006; y <= 2015; y++ {
		v, ok := num(raw["VNM"][strconv.Itoa(y)])
		if !ok {
			t.Fatalf("no VNM figure for %d", y)
		}
		prod *= 1 + v/100
	}
	want := (math.Pow(prod, 1.0/10) - 1) * 100
	g, how, err := rv.AverageGrowth("VNM", "GDP_GROWTH", "", period.MustParse("2006/2015"))
	if err != nil || math.Abs(g-want) > 1e-9 || !strings.Contains(how, "chain of 10") {
		t.Errorf("VNM 2006-2015 = %v (%s), %v; want %v", g, how, err, want)
	}

	// Ranks in 2015 among the countries (not the aggregates) with a figure.
	vals := map[string]float64{}
	for code := range countries {
		if v, ok := num(raw[code]["2015"]); ok {
			vals[code] = v
		}
	}
	for _, code := range []string{"VNM", "THA", "LAO", "KHM", "CHN", "USA"} {
		fc := fact(t, rv, code, "GDP_GROWTH", "", "2015")
		r := fc.Rank[0]
		if want := rankOf(vals, code, true); r.Rank == nil || *r.Rank != want || r.Of != len(countries) || r.WithData != len(vals) {
			t.Errorf("%s rank %+v; want %d of %d with %d with data", code, r, want, len(countries), len(vals))
		}
	}
	if len(vals) >= len(countries) {
		t.Errorf("every country has a 2015 figure (%d): the with-data count tests nothing", len(vals))
	}
}

// The demo with the whole official structure imported over it, as the
// README shows: the demo's provinces are the official ones (unchanged),
// the communes and districts come in beside them, and the regions still
// rank the new Bac Ninh in the Red River Delta.
func TestDemoWithFullStructure(t *testing.T) {
	dir := reference(t, "vn_admin")
	ctx := context.Background()
	db := store(t, demoBatch(t))
	full := &planwatch.Batch{}
	for _, name := range []string{"vn63_provinces_2025-03.csv", "vn63_districts_2025-03.csv", "vn63_wards_2025-03.csv",
		"vn34_nested-divisions_2026-02.json", "vn_ward_conversion_old_to_new_2025-07.csv"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		fb, _, err := exchange.Open(name, f)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		full.Append(fb)
	}
	sum, err := planwatch.Apply(ctx, db, full, planwatch.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The nation, the 63 provinces before and the 23 new ones after are the
	// same in the demo and the files.
	if u := sum.Get("units"); u.Changed != 0 || u.Unchanged != 1+63+23 {
		t.Errorf("units over the demo: %+v", u)
	}
	rv, err := review.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := rv.Facts("24", period.MustParse("2025"))
	if err != nil {
		t.Fatal(err)
	}
	ranked := false
	for _, f := range facts {
		if f.Indicator != "GRDP_GROWTH" {
			continue
		}
		for _, r := range f.Rank {
			if r.Scope == "RRD" {
				ranked = true
				if r.Rank == nil || *r.Rank != 4 || r.Of != 6 {
					t.Errorf("rank in the Red River Delta with the full structure: %+v", r)
				}
			}
			if r.Scope == "national" && r.Of != 34 {
				t.Errorf("national rank among %d, want 34 provinces", r.Of)
			}
		}
	}
	if !ranked {
		t.Error("Bac Ninh's 2025 growth has no rank in the Red River Delta")
	}
}
