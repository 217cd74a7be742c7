package exchange_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"planwatch"
)

// The World Bank's countries map to units by their ISO 3166 codes
// through a mapping, except Viet Nam's VNM, which is the nation unit VN
// without one; the indicator needs a rule; with them, the figures land
// with the file's source and line.
func TestWorldBankImport(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	path := referencePath(t, "worldbank", "API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_2017-03-23_VNM+peers_extract.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Viet Nam's figures, and the other codes, from the raw file.
	cr := csv.NewReader(strings.NewReader(string(data)))
	cr.FieldsPerRecord = -1
	rows, _ := cr.ReadAll()
	var header []string
	vn := map[string]float64{}
	var others []string
	for _, r := range rows {
		switch {
		case r[0] == "Country Name":
			header = r
		case header != nil && r[1] == "VNM":
			for i := 4; i < len(r) && i < len(header); i++ {
				if v, err := strconv.ParseFloat(r[i], 64); err == nil {
					vn[header[i]] = v
				}
			}
		case header != nil:
			others = append(others, "Country Code="+r[1]+":unit")
		}
	}
	line := 0
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, `"VNM"`) {
			line = i + 1
		}
	}
	opt := options(t, db)
	_, format, err := importFile(t, db, "wdi.csv", data, opt)
	if format != "wdi-csv" {
		t.Errorf("read as %s", format)
	}
	got := needs(err)
	want := append(slices.Clone(others), "Indicator Code=NY.GDP.MKTP.KD.ZG:indicator")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("needs %v, want %v", got, want)
	}
	opt.Mapping = mapping(t, "Indicator Code,NY.GDP.MKTP.KD.ZG,,GRDP_GROWTH,,\nCountry Code,VNM,VN,,,\nCountry Code,*,-,,,\n")
	sum, _, err := importFile(t, db, "wdi.csv", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Get("observations"); c.Added != len(vn) {
		t.Errorf("%+v, want %d figures of Viet Nam", c, len(vn))
	}
	obs, _ := db.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"GRDP_GROWTH"}})
	n := 0
	for _, o := range obs {
		if o.UnitCode != "VN" || o.Period.StartYear() > 2016 {
			continue
		}
		n++
		if o.Value != vn[o.Period.String()] || o.Source != "World Development Indicators (2017-03-23), wdi.csv line "+strconv.Itoa(line) || o.Status != "A" {
			t.Errorf("%+v, want %v", o, vn[o.Period.String()])
		}
	}
	if n != len(vn) {
		t.Errorf("%d figures of VN, want %d", n, len(vn))
	}
}

// A DataBank export reads the same way, ".." as missing.
func TestDataBankImport(t *testing.T) {
	db := demoStore(t)
	data, err := os.ReadFile(filepath.Join("worldbank", "testdata", "databank_gdp_growth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	opt := options(t, db)
	opt.Mapping = mapping(t, "Series Code,NY.GDP.MKTP.KD.ZG,,GRDP_GROWTH,,\nSeries Code,SP.POP.TOTL,,POP,,0.001\nCountry Code,*,-,,,\nCountry Code,VNM,VN,,,\n")
	sum, format, err := importFile(t, db, "databank.csv", data, opt)
	if err != nil || format != "databank-csv" {
		t.Fatalf("%s %v", format, err)
	}
	if c := sum.Get("observations"); c.Added != 2 {
		t.Errorf("%+v, want Viet Nam's two figures", c)
	}
}
