package dhis2

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planwatch"
	"planwatch/exchange/record"
	"planwatch/period"
)

func reference(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "reference", "dhis2", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("%s is missing: %v", p, err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	return p
}

func detect(head []byte) *record.Format {
	for i := range Formats {
		if Formats[i].Detect(head) {
			return &Formats[i]
		}
	}
	return nil
}

func read(t *testing.T, name string, data []byte) (string, []record.Point) {
	t.Helper()
	f := detect(data[:min(len(data), 4096)])
	if f == nil {
		t.Fatalf("%s: no DHIS2 format recognises it", name)
	}
	var out []record.Point
	err := f.Read(name, bytes.NewReader(data), func(p *record.Point) bool {
		q := *p
		q.Dims = slices.Clone(p.Dims)
		q.Attrs = slices.Clone(p.Attrs)
		out = append(out, q)
		return true
	})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f.Name, out
}

// raw is a data value as a test reads it from a file with encoding/csv,
// encoding/json or encoding/xml: its fields by DHIS2's JSON names.
type raw map[string]string

// count checks what inspect reports of a file against its raw values.
func count(t *testing.T, name, format string, data []byte, values []raw, header raw) {
	t.Helper()
	got, ps := read(t, name, data)
	in := record.NewInspector(got)
	for i := range ps {
		in.Add(&ps[i])
	}
	r := in.Report()
	obs := 0
	series := map[string]bool{}
	vals := map[string]map[string]bool{}
	first, last := "", ""
	for _, v := range values {
		for k, hv := range header {
			if v[k] == "" {
				v[k] = hv
			}
		}
		for k, x := range v {
			if x == "" {
				continue
			}
			if k != "value" {
				if vals[k] == nil {
					vals[k] = map[string]bool{}
				}
				vals[k][x] = true
			}
		}
		if v["value"] == "" {
			continue
		}
		obs++
		series[v["dataElement"]+"|"+v["orgUnit"]+"|"+v["categoryOptionCombo"]+"|"+v["attributeOptionCombo"]] = true
		// The files' periods are years and months: as text, 2018 < 201912.
		if first == "" || v["period"] < first {
			first = v["period"]
		}
		if v["period"] > last {
			last = v["period"]
		}
	}
	if got != format || r.Observations != obs || r.Missing != 0 || r.Series != len(series) || *r.Periods.First != first || *r.Periods.Last != last {
		t.Errorf("%s: %s, %d observations, %d missing, %d series, %s to %s; the file: %s, %d, 0, %d, %s to %s",
			name, got, r.Observations, r.Missing, r.Series, *r.Periods.First, *r.Periods.Last, format, obs, len(series), first, last)
	}
	for k, set := range vals {
		d, ok := r.Dimensions[k]
		want := slices.Sorted(func(yield func(string) bool) {
			for v := range set {
				if !yield(v) {
					return
				}
			}
		})
		if len(want) > record.MaxShown {
			want = want[:record.MaxShown]
		}
		if !ok || d.Count != len(set) || !slices.Equal(d.Values, want) {
			t.Errorf("%s: %s: %d %v; the file %d %v", name, k, d.Count, d.Values, len(set), want)
		}
	}
	if len(r.Dimensions) != len(vals) {
		t.Errorf("%s: %d fields reported, the file has %d", name, len(r.Dimensions), len(vals))
	}
}

// names maps the CSV files' column names to DHIS2's JSON names.
var names = map[string]string{"dataelement": "dataElement", "period": "period", "orgunit": "orgUnit", "categoryoptioncombo": "categoryOptionCombo",
	"attributeoptioncombo": "attributeOptionCombo", "value": "value", "storedby": "storedBy", "timestamp": "lastUpdated", "comment": "comment", "followup": "followup"}

func TestReferenceFiles(t *testing.T) {
	// CSV with a header row, and the same rows without it.
	data, err := os.ReadFile(reference(t, "dataValueSetB.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var values []raw
	for _, rec := range recs[1:] {
		v := raw{}
		for i, h := range recs[0] {
			v[names[h]] = rec[i]
		}
		values = append(values, v)
	}
	count(t, "dataValueSetB.csv", CSV, data, values, nil)
	noHeader, err := os.ReadFile(reference(t, "dataValueSetBNoHeader.csv"))
	if err != nil {
		t.Fatal(err)
	}
	count(t, "dataValueSetBNoHeader.csv", CSV, noHeader, values, nil)

	// XML.
	data, err = os.ReadFile(reference(t, "dataValueSetB.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Attrs  []xml.Attr `xml:",any,attr"`
		Values []struct {
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"dataValue"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	values = nil
	for _, dv := range doc.Values {
		v := raw{}
		for _, a := range dv.Attrs {
			k := a.Name.Local
			if k == "timestamp" {
				k = "lastUpdated"
			}
			v[k] = a.Value
		}
		values = append(values, v)
	}
	count(t, "dataValueSetB.xml", XML, data, values, nil)

	// JSON, here without the header fields.
	data, err = os.ReadFile(reference(t, "dataValues_bulk_e2e.json"))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		DataValues []map[string]any `json:"dataValues"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	values = nil
	for _, dv := range set.DataValues {
		v := raw{}
		for k, x := range dv {
			switch x := x.(type) {
			case string:
				v[k] = x
			case bool:
				v[k] = "false"
				if x {
					v[k] = "true"
				}
			}
		}
		values = append(values, v)
	}
	count(t, "dataValues_bulk_e2e.json", JSON, data, values, nil)
	// Its boolean values read as 1 and 0, whatever their case.
	_, ps := read(t, "bulk.json", data)
	bools := 0
	for _, p := range ps {
		if strings.EqualFold(p.Value, "true") || strings.EqualFold(p.Value, "false") {
			bools++
			if !p.IsNumber || (p.Number == 1) != strings.EqualFold(p.Value, "true") {
				t.Errorf("boolean %q read as %v", p.Value, p.Number)
			}
		}
	}
	if bools == 0 {
		t.Error("the bulk file's boolean values were not found")
	}
}

// Header fields apply to the values lacking them; the same values read
// alike from JSON, XML and CSV, old and new column names, quoted with
// spaces.
func TestFormatsAgree(t *testing.T) {
	jsonDoc := `{"dataSet": "pBOMPrpg1QX", "completeDate": "2012-01-02", "period": "2012Q1", "orgUnit": "DiszpKrYNg8",
	  "dataValues": [
	    {"dataElement": "f7n9E0hX8qk", "value": "12", "comment": "a comment, with a comma"},
	    {"dataElement": "Ix2HsbDMLea", "orgUnit": "BdfsJfj87js", "period": "2012W05", "value": "True", "deleted": true}
	  ]}`
	xmlDoc := `<?xml version="1.0" encoding="UTF-8"?>
<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="pBOMPrpg1QX" completeDate="2012-01-02" period="2012Q1" orgUnit="DiszpKrYNg8">
  <dataValue dataElement="f7n9E0hX8qk" value="12" comment="a comment, with a comma"/>
  <dataValue dataElement="Ix2HsbDMLea" orgUnit="BdfsJfj87js" period="2012W05" value="True" deleted="true"/>
</dataValueSet>`
	csvNew := "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\n" +
		`"f7n9E0hX8qk", "2012Q1", "DiszpKrYNg8", "", "", "12", "", "", "a comment, with a comma", "false", "false"` + "\n" +
		`"Ix2HsbDMLea", "2012W05", "BdfsJfj87js", "", "", "True", "", "", "", "false", "true"` + "\n"
	for _, tc := range []struct{ name, doc, format string }{{"json", jsonDoc, JSON}, {"xml", xmlDoc, XML}, {"csv", csvNew, CSV}} {
		got, ps := read(t, tc.name, []byte(tc.doc))
		if got != tc.format || len(ps) != 2 {
			t.Fatalf("%s: %s, %d points", tc.name, got, len(ps))
		}
		a, b := ps[0], ps[1]
		if a.Dim(DataElement) != "f7n9E0hX8qk" || a.Dim(OrgUnit) != "DiszpKrYNg8" || a.Period != "2012Q1" || a.Canonical != "2012-Q1" ||
			a.Number != 12 || a.Attr(Comment) != "a comment, with a comma" || a.Action == record.Delete || a.Roles.Native {
			t.Errorf("%s: first %+v", tc.name, a)
		}
		if b.Dim(OrgUnit) != "BdfsJfj87js" || b.Period != "2012W05" || b.Canonical != "" || b.Start.Format("2006-01-02") != "2012-01-30" ||
			!b.IsNumber || b.Number != 1 || b.Action != record.Delete {
			t.Errorf("%s: second %+v", tc.name, b)
		}
		if tc.format != CSV && (a.Structure != "pBOMPrpg1QX" || a.Attr("dataSet") != "pBOMPrpg1QX") {
			t.Errorf("%s: data set %q", tc.name, a.Structure)
		}
	}
}

func TestPeriods(t *testing.T) {
	for _, tc := range []struct{ in, typ, canonical, start, end string }{
		{"2012", "Yearly", "2012", "2012-01-01", "2013-01-01"},
		{"201201", "Monthly", "2012-01", "2012-01-01", "2012-02-01"},
		{"20120115", "Daily", "", "2012-01-15", "2012-01-16"},
		{"201202B", "BiMonthly", "2012-03/2012-04", "2012-03-01", "2012-05-01"},
		{"2012Q1", "Quarterly", "2012-Q1", "2012-01-01", "2012-04-01"},
		{"2012S2", "SixMonthly", "2012-S2", "2012-07-01", "2013-01-01"},
		{"2012AprilS2", "SixMonthlyApril", "2012-10/2013-03", "2012-10-01", "2013-04-01"},
		{"2012W05", "Weekly", "", "2012-01-30", "2012-02-06"},
		{"2012W5", "Weekly", "", "2012-01-30", "2012-02-06"},
		{"2020W53", "Weekly", "", "2020-12-28", "2021-01-04"},
		{"2012WedW1", "WeeklyWednesday", "", "2012-01-04", "2012-01-11"},
		{"2012SunW1", "WeeklySunday", "", "2012-01-01", "2012-01-08"},
		{"2012BiW1", "BiWeekly", "", "2012-01-02", "2012-01-16"},
		{"2012April", "FinancialApril", "2012-04/2013-03", "2012-04-01", "2013-04-01"},
		{"2012Oct", "FinancialOct", "2012-10/2013-09", "2012-10-01", "2013-10-01"},
		{"2021/2025", "planwatch", "2021/2025", "2021-01-01", "2026-01-01"},
	} {
		p, err := ParsePeriod(tc.in)
		if err != nil || p.Type != tc.typ || p.Canonical != tc.canonical || p.Start.Format("2006-01-02") != tc.start || p.End.Format("2006-01-02") != tc.end {
			t.Errorf("%s: %+v %v; want %s %s [%s, %s)", tc.in, p, err, tc.typ, tc.canonical, tc.start, tc.end)
		}
	}
	for _, bad := range []string{"", "12", "2012Q5", "201213", "2012W54", "2021W53", "201207B", "20120230", "2012X1", "2012AprilS3", "abcd"} {
		if p, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q read as %+v", bad, p)
		}
	}
	// FormatPeriod writes what ParsePeriod reads back as the same period.
	for _, s := range []string{"2025", "2025-S1", "2025-Q3", "2025-09", "2025-01/2025-02", "2025-04/2025-09", "2025-10/2026-03", "2025-04/2026-03", "2021/2025", "2025-Q1/2025-Q2"} {
		q := period.MustParse(s)
		p, err := ParsePeriod(FormatPeriod(q))
		if err != nil || p.Canonical != s {
			t.Errorf("%s written %s read back %+v %v", s, FormatPeriod(q), p, err)
		}
	}
}

func TestWriterReadsBack(t *testing.T) {
	rows := []record.Row{
		{Unit: "27", Indicator: "GRDP", Dims: "price=current", Period: period.MustParse("2024"), Value: 232800, Status: "E", Source: `Portal: "GRDP"`, Note: "a note"},
		{Unit: "24@2025-07-01", Indicator: "GRDP_GROWTH", Period: period.MustParse("2025-Q3"), Value: 10.27, Status: "A"},
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, rows); err != nil {
		t.Fatal(err)
	}
	format, ps := read(t, "out.json", b.Bytes())
	if format != JSON || len(ps) != 2 {
		t.Fatalf("%s, %d points:\n%s", format, len(ps), b.String())
	}
	for i, p := range ps {
		r := rows[i]
		if !p.Roles.Native || p.Dim(OrgUnit) != r.Unit || p.Dim(DataElement) != r.Indicator || p.Dim(CategoryOptionCombo) != string(r.Dims) ||
			p.Canonical != r.Period.String() || p.Number != r.Value || p.Attr(Status) != r.Status || p.Attr(Source) != r.Source || p.Attr(Comment) != r.Note {
			t.Errorf("point %d: %+v\nfrom %+v", i, p, r)
		}
	}
	if !strings.Contains(b.String(), `"idScheme": "CODE"`) || !strings.Contains(b.String(), `"period": "2025Q3"`) {
		t.Errorf("written:\n%s", b.String())
	}
}

// Written a batch at a time, the document is the one encoding/json makes
// of all the values at once: for no rows, one, and three in two batches.
func TestJSONWriterBatches(t *testing.T) {
	all := []record.Row{
		{Unit: "27", Indicator: "GRDP", Dims: "price=current", Period: period.MustParse("2024"), Value: 232800, Status: "E", Source: `Portal <"GRDP"> & co`, Note: "ghi chú"},
		{Unit: "24@2025-07-01", Indicator: "GRDP_GROWTH", Period: period.MustParse("2025-Q3"), Value: 10.27, Status: "A"},
		{Unit: "01", Indicator: "POP", Period: period.MustParse("2025-09"), Value: -0.5, Status: "P", Source: "s"},
	}
	for _, n := range []int{0, 1, 3} {
		rows := all[:n]
		doc := struct {
			IDScheme   string      `json:"idScheme"`
			DataValues []dataValue `json:"dataValues"`
		}{IDScheme: "CODE", DataValues: []dataValue{}}
		for _, r := range rows {
			doc.DataValues = append(doc.DataValues, dataValue{DataElement: r.Indicator, Period: FormatPeriod(r.Period), OrgUnit: r.Unit,
				CategoryOptionCombo: string(r.Dims), Value: planwatch.FormatNumber(r.Value), Comment: r.Note, Status: r.Status, Source: r.Source})
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		jw := NewJSONWriter(&got)
		half := n / 2
		if err := jw.Write(rows[:half]); err != nil {
			t.Fatal(err)
		}
		if err := jw.Write(rows[half:]); err != nil {
			t.Fatal(err)
		}
		if err := jw.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d rows: written\n%s\nwant\n%s", n, got.String(), want.String())
		}
	}
}

// A JSON document's errors name their line.
func TestJSONErrorsNameLines(t *testing.T) {
	doc := "{\n \"dataValues\": [\n  {\"dataElement\": \"a\", \"value\": \"1\"},\n  \"not an object\"\n ]\n}"
	err := ReadJSON("bad.json", strings.NewReader(doc), func(*record.Point) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "bad.json line 4") {
		t.Errorf("err = %v", err)
	}
	var lines []int
	ReadJSON("ok.json", strings.NewReader("{\"dataValues\": [\n{\"value\": \"1\"},\n\n  {\"value\": \"2\"}]}"), func(p *record.Point) bool {
		lines = append(lines, p.Line)
		return true
	})
	if !slices.Equal(lines, []int{2, 4}) {
		t.Errorf("lines %v", lines)
	}
}
