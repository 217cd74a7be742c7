package pxweb

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"planwatch/exchange/record"
)

func reference(t *testing.T, parts ...string) string {
	t.Helper()
	path := filepath.Join(append([]string{"..", "..", "..", "shared", "reference"}, parts...)...)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatal(err)
		}
		t.Skipf("%s is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead", path)
	}
	return path
}

// rawCounts counts a table's cells straight from the file with
// encoding/csv: after the title line and the blank line (when the file
// has them) comes the header, then a row per label; a number is an
// observation, ".." a missing point, an empty cell neither. A series is a
// label with a column header stripped of its period words.
type rawCounts struct {
	obs, missing, series, labels int
	first, last                  int // years
	header                       []string
}

var periodWords = regexp.MustCompile(`(?i)(prel\.\s*|pre\.\s*|est\.\s*)?\b(19|20)\d\d\b(\s*\(\*\))?`)

func countRaw(t *testing.T, path string, sep rune) rawCounts {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			t.Fatal(err)
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The title is a row of one text (and empty fields); the CSV reader
	// skips an empty line, but not a line of separators.
	for len(rows) > 0 && (strings.Join(rows[0][1:], "") == "" && len(rows) > 1) {
		rows = rows[1:]
	}
	c := rawCounts{header: rows[0], first: 9999}
	series, labels := map[string]bool{}, map[string]bool{}
	years := regexp.MustCompile(`\b(19|20)\d\d\b`)
	title := ""
	if raw := strings.SplitN(string(data), "\n", 2)[0]; years.MatchString(raw) {
		title = years.FindAllString(raw, -1)[len(years.FindAllString(raw, -1))-1]
	}
	for _, row := range rows[1:] {
		label := strings.Join(strings.Fields(row[0]), " ")
		for i, cell := range row[1:] {
			cell = strings.TrimSpace(cell)
			h := c.header[i+1]
			switch {
			case cell == "":
				continue
			case cell == "..":
				c.missing++
			default:
				if _, err := strconv.ParseFloat(cell, 64); err != nil {
					t.Fatalf("%s: %q is neither a number nor ..", path, cell)
				}
				c.obs++
			}
			series[label+"|"+strings.Join(strings.Fields(periodWords.ReplaceAllString(h, "")), " ")] = true
			labels[label] = true
			y := title
			if m := years.FindString(h); m != "" {
				y = m
			}
			n, _ := strconv.Atoi(y)
			c.first, c.last = min(c.first, n), max(c.last, n)
		}
	}
	c.series, c.labels = len(series), len(labels)
	return c
}

// Every statistics table of the reference folder is read with the counts
// the file itself gives: observations (a WHOLE COUNTRY or region row
// counts, a ".." does not), missing points, series, labels and periods.
func TestReferenceTables(t *testing.T) {
	dir := reference(t, "gso_pxweb")
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) != 11 {
		t.Fatalf("%d PX-Web files, want 11", len(files))
	}
	type file struct {
		path string
		sep  rune
	}
	var all []file
	for _, f := range files {
		all = append(all, file{f, ';'})
	}
	all = append(all, file{reference(t, "vn_province_stats", "area_population_density_by_province_2011-2022_gso_raw.csv"), ','},
		file{reference(t, "vn_province_stats", "grdp_per_capita_by_province_2018-2022_wide.csv"), ','})
	for _, f := range all {
		name := filepath.Base(f.path)
		t.Run(name, func(t *testing.T) {
			want := countRaw(t, f.path, f.sep)
			data, err := os.ReadFile(f.path)
			if err != nil {
				t.Fatal(err)
			}
			if !Detect(bytes.TrimPrefix(data[:min(len(data), 4096)], []byte("\xef\xbb\xbf"))) {
				t.Fatal("not recognised")
			}
			in := record.NewInspector(Name)
			if err := Read(name, bytes.NewReader(data), func(p *record.Point) bool { in.Add(p); return true }); err != nil {
				t.Fatal(err)
			}
			r := in.Report()
			if r.Observations != want.obs || r.Missing != want.missing || r.Series != want.series {
				t.Errorf("observations %d, missing %d, series %d; the file has %d, %d, %d", r.Observations, r.Missing, r.Series, want.obs, want.missing, want.series)
			}
			stub := r.Order[0]
			if d := r.Dimensions[stub]; d.Count != want.labels {
				t.Errorf("%s has %d labels, the file %d", stub, d.Count, want.labels)
			}
			if r.Periods.First == nil || !strings.Contains(*r.Periods.First, strconv.Itoa(want.first)) || !strings.Contains(*r.Periods.Last, strconv.Itoa(want.last)) {
				t.Errorf("periods %v to %v, the file's %d to %d", r.Periods.First, r.Periods.Last, want.first, want.last)
			}
		})
	}
}

// The statistics office's labels come back as the tables write them, with
// their statuses, breakdowns and the title's period.
func TestReferenceTableShapes(t *testing.T) {
	open := func(parts ...string) *Table {
		t.Helper()
		f, err := os.Open(reference(t, parts...))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		tb, err := read(parts[len(parts)-1], f)
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	avg := open("gso_pxweb", "Average_population_by_province.csv")
	last := avg.Columns[len(avg.Columns)-1]
	if avg.Breakdown != "Average population" || !avg.Places || last.Prefix != "Rural" || last.Period.String() != "2016" || last.Status != "P" || avg.Rows[0].Label != "WHOLE COUNTRY" {
		t.Errorf("average population: %q %v %+v %q", avg.Breakdown, avg.Places, last, avg.Rows[0].Label)
	}
	area := open("gso_pxweb", "Area_population_and_population_density_by_province.csv")
	if c := area.Columns[15]; c.Prefix != "Area (Km2)" || c.PeriodLabel != "2016 (*)" || c.Period.String() != "2016" || area.Breakdown != "Items" {
		t.Errorf("area: %+v %q", c, area.Breakdown)
	}
	fdi := open("gso_pxweb", "Foreign_direct_investment_projects_licensed_in_2016_by_province.csv")
	if fdi.TitlePeriod.String() != "2016" || fdi.Breakdown != "Iterms" || fdi.Columns[0].Prefix != "Number of projects" {
		t.Errorf("FDI: %v %q %+v", fdi.TitlePeriod, fdi.Breakdown, fdi.Columns[0])
	}
	keys := open("gso_pxweb", "Key_indicators_on_National_Accounts.csv")
	if keys.Places || keys.Stub != "Items" || keys.Columns[7].PeriodLabel != "Prel.2016" || keys.Columns[7].Status != "P" {
		t.Errorf("national accounts: places %v stub %q %+v", keys.Places, keys.Stub, keys.Columns[7])
	}
	budget := open("gso_pxweb", "State_budget_revenue_final_accounts.csv")
	if c := budget.Columns[15]; budget.Places || c.Prefix != "Total (Bill. Dongs)" || c.Status != "E" || budget.Columns[14].Status != "P" {
		t.Errorf("budget: %v %+v %+v", budget.Places, c, budget.Columns[14])
	}
	// Windows-1252 without a byte-order mark: "Bình Dinh" decodes.
	units := open("gso_pxweb", "Number_of_administrative_units_as_of_31_December_by_province.csv")
	found := false
	for _, r := range units.Rows {
		found = found || r.Label == "Bình Dinh"
	}
	if !found || !strings.Contains(strings.Join(units.Notes, "\n"), "Windows-1252") {
		t.Errorf("administrative units: Bình Dinh %v, notes %q", found, units.Notes)
	}
	// Vietnamese in Windows-1252 with letters lost: the header decodes as
	// far as the bytes allow, and the loss is noted.
	raw := open("vn_province_stats", "area_population_density_by_province_2011-2022_gso_raw.csv")
	if raw.Stub != "Đ?a phuong" || raw.Time != "Nam" || raw.Breakdown != "Chi tieu" || raw.Columns[0].Prefix != "Di?n tích(Km2)" || !raw.Places {
		t.Errorf("raw: stub %q time %q breakdown %q %+v", raw.Stub, raw.Time, raw.Breakdown, raw.Columns[0])
	}
	if n := strings.Join(raw.Notes, "\n"); !strings.Contains(n, "letters lost") || !strings.Contains(n, `"Đ?a phuong"`) {
		t.Errorf("raw notes %q", raw.Notes)
	}
	grdp := open("vn_province_stats", "grdp_per_capita_by_province_2018-2022_wide.csv")
	if grdp.Title != "" || grdp.Stub != "Name" || !grdp.Places || len(grdp.Columns) != 5 {
		t.Errorf("GRDP: %q %q %v %d", grdp.Title, grdp.Stub, grdp.Places, len(grdp.Columns))
	}
}
