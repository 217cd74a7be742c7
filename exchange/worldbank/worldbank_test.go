package worldbank

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"planwatch/exchange/record"
)

func reference(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "reference", "worldbank", name)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatal(err)
		}
		t.Skipf("%s is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead", path)
	}
	return path
}

// counts are what a file holds, counted from its rows with encoding/csv:
// from the header row on, a number is an observation, ".." a missing
// point, an empty cell neither; a series is a country and an indicator
// with either.
type counts struct {
	obs, missing, series, countries int
	first, last                     string
}

func countRaw(t *testing.T, path string, header string, from int) counts {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for rows[i][0] != header {
		i++
	}
	head := rows[i]
	c := counts{first: "9999", last: "0000"}
	series, countries := map[string]bool{}, map[string]bool{}
	for _, row := range rows[i+1:] {
		if len(row) < from || row[1] == "" {
			continue
		}
		for j := from; j < len(row) && j < len(head); j++ {
			switch v := strings.TrimSpace(row[j]); v {
			case "":
				continue
			case "..":
				c.missing++
			default:
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					t.Fatalf("%q is not a number", v)
				}
				c.obs++
			}
			series[row[1]+"|"+row[3]] = true
			countries[row[1]] = true
			y := head[j][:4]
			c.first, c.last = min(c.first, y), max(c.last, y)
		}
	}
	c.series, c.countries = len(series), len(countries)
	return c
}

func inspect(t *testing.T, path string, read func(string, *bytes.Reader, func(*record.Point) bool) error) record.Report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in := record.NewInspector("x")
	if err := read("f.csv", bytes.NewReader(data), func(p *record.Point) bool {
		if p.Line < 1 || p.File != "f.csv" || p.Roles == nil || p.Roles.UnitAliases["VNM"] != "VN" {
			t.Fatalf("point %+v", p)
		}
		in.Add(p)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return in.Report()
}

// The bulk files, the whole one and the extract, read with the counts
// the files give.
func TestReferenceWDI(t *testing.T) {
	for _, name := range []string{"API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_2017-03-23.csv", "API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_2017-03-23_VNM+peers_extract.csv"} {
		path := reference(t, name)
		data, _ := os.ReadFile(path)
		if !isWDI(bytes.TrimPrefix(data[:4096], []byte("\xef\xbb\xbf"))) || isDataBank(data[:4096]) {
			t.Errorf("%s not recognised", name)
		}
		want := countRaw(t, path, "Country Name", 4)
		r := inspect(t, path, func(f string, r *bytes.Reader, emit func(*record.Point) bool) error { return ReadWDI(f, r, emit) })
		if r.Observations != want.obs || r.Missing != 0 || r.Series != want.series || r.Dimensions[CountryCode].Count != want.countries ||
			*r.Periods.First != want.first || *r.Periods.Last != want.last || r.Dimensions[IndicatorCode].Values[0] != "NY.GDP.MKTP.KD.ZG" {
			t.Errorf("%s: %d obs %d missing %d series %d countries %s-%s; the file %+v", name, r.Observations, r.Missing, r.Series, r.Dimensions[CountryCode].Count, *r.Periods.First, *r.Periods.Last, want)
		}
	}
}

// ReadTable gives the rows with the years of the header, as the review's
// tests use them.
func TestReadTable(t *testing.T) {
	in := "\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2017-03-23\",\n\n\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"1960\",\"1961\",\n\"Vietnam\",\"VNM\",\"GDP growth (annual %)\",\"NY.GDP.MKTP.KD.ZG\",\"\",\"3.5\",\n"
	tb, err := ReadTable(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Updated != "2017-03-23" || tb.Source != "World Development Indicators" || len(tb.Years) != 2 || tb.Years[1] != 1961 || len(tb.Rows) != 1 ||
		tb.Rows[0].CountryCode != "VNM" || !math.IsNaN(tb.Rows[0].Values[0]) || tb.Rows[0].Values[1] != 3.5 {
		t.Errorf("%+v", tb)
	}
	if _, err := ReadTable(strings.NewReader(strings.Replace(in, "\"3.5\"", "\"x\"", 1))); err == nil || !strings.Contains(err.Error(), "line 6") {
		t.Errorf("text for a number: %v", err)
	}
}

// A DataBank export: ".." is missing, the empty rows and the footer are
// no data, and the footer names the database and its date.
func TestDataBank(t *testing.T) {
	path := filepath.Join("testdata", "databank_gdp_growth.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !isDataBank(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))) || isWDI(data) {
		t.Error("not recognised")
	}
	want := countRaw(t, path, "Country Name", 4)
	r := inspect(t, path, func(f string, r *bytes.Reader, emit func(*record.Point) bool) error { return ReadDataBank(f, r, emit) })
	if r.Observations != want.obs || r.Missing != want.missing || r.Series != want.series || *r.Periods.First != "2014 [YR2014]" || *r.Periods.Last != "2016 [YR2016]" {
		t.Errorf("%+v; the file %+v", r, want)
	}
	var first record.Point
	ReadDataBank("f.csv", bytes.NewReader(data), func(p *record.Point) bool { first = *p; return false })
	if first.Structure != "World Development Indicators (03/23/2017)" || first.Dim(CountryCode) != "KHM" || first.Dims[0].Label != "Cambodia" ||
		first.Dim(SeriesCode) != "NY.GDP.MKTP.KD.ZG" || first.Canonical != "2014" || first.Number != 7.07152535164744 || first.Line != 2 {
		t.Errorf("%+v", first)
	}
	// The other layout: a Time column and a value column per series.
	long := "Time,Time Code,Country Name,Country Code,Series Name,Series Code,Value\n2015,YR2015,Viet Nam,VNM,GDP growth (annual %),NY.GDP.MKTP.KD.ZG,6.68\n2016,YR2016,Viet Nam,VNM,GDP growth (annual %),NY.GDP.MKTP.KD.ZG,..\n"
	var got []string
	if err := ReadDataBank("l.csv", strings.NewReader(long), func(p *record.Point) bool {
		got = append(got, p.Canonical+"="+p.Value+":"+strconv.FormatBool(p.Missing))
		return true
	}); err != nil || strings.Join(got, " ") != "2015=6.68:false 2016=..:true" {
		t.Errorf("%v %v", got, err)
	}
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_2017-03-23_VNM+peers_extract.csv"} {
		if data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "reference", "worldbank", name)); err == nil {
			f.Add(string(data))
		}
	}
	if data, err := os.ReadFile(filepath.Join("testdata", "databank_gdp_growth.csv")); err == nil {
		f.Add(string(data))
	}
	f.Add("Time,Time Code,Country Name,Country Code,Series Name,Series Code,Value\n2015,YR2015,Viet Nam,VNM,x,Y,6.68\n")
	f.Fuzz(func(t *testing.T, s string) {
		for _, read := range []func(string, *strings.Reader, func(*record.Point) bool) error{
			func(f string, r *strings.Reader, e func(*record.Point) bool) error { return ReadWDI(f, r, e) },
			func(f string, r *strings.Reader, e func(*record.Point) bool) error { return ReadDataBank(f, r, e) },
		} {
			err := read("fuzz", strings.NewReader(s), func(p *record.Point) bool {
				if p.File != "fuzz" || p.Line < 1 || p.Canonical == "" || len(p.Dims) != 2 {
					t.Fatalf("point %+v", p)
				}
				if p.IsNumber && p.Missing {
					t.Fatalf("a missing number %+v", p)
				}
				return true
			})
			if err != nil && err.Error() == "" {
				t.Fatal("an error without a message")
			}
		}
	})
}
