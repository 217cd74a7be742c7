package sdmx

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/exchange/record"
	"planwatch/period"
)

// points reads a file and returns copies of its points.
func points(t *testing.T, read func(string, ioReader, func(*record.Point) bool) error, in string) []record.Point {
	t.Helper()
	var out []record.Point
	err := read("f", strings.NewReader(in), func(p *record.Point) bool {
		q := *p
		q.Dims = append([]record.Field(nil), p.Dims...)
		q.Attrs = append([]record.Field(nil), p.Attrs...)
		out = append(out, q)
		return true
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, in)
	}
	return out
}

type ioReader = interface{ Read([]byte) (int, error) }

func readCSV(f string, r ioReader, emit func(*record.Point) bool) error { return ReadCSV(f, r, emit) }
func readJSONf(f string, r ioReader, emit func(*record.Point) bool) error {
	return ReadJSON(f, r, emit)
}

// The field guides' examples: labels=both with a semicolon and decimal
// commas (1.0), labels=both with keys (2.0), labels=name.
func TestGuideExamples(t *testing.T) {
	ps := points(t, readCSV, "DATAFLOW;DIM_1: Dimension 1;DIM_2: Dimension 2;DIM_3: Dimension 3;OBS_VALUE;ATTR_2: Attribut 2;ATTR_3: Attribut 3;ATTR_1: Attribut 1;SERIESKEY\n"+
		"ESTAT:NA_MAIN(1.6): Principaux agrégats;A: Value A;B: Value B;2014-01;12,4;Y: Oui;Normal, special and other values;N: Non;A.B\n")
	p := ps[0]
	if !p.IsNumber || p.Number != 12.4 || p.Structure != "ESTAT:NA_MAIN(1.6)" || p.Dim("DIM_1") != "A" || p.Dims[0].Label != "Value A" || p.Dim("DIM_3") != "2014-01" || p.Period != "" {
		t.Errorf("labels=both, 1.0: %+v", p)
	}
	if p.Attr("ATTR_2") != "Y" || p.Dim("SERIESKEY") != "A.B" {
		t.Errorf("attributes and custom columns: %+v", p)
	}
	ps = points(t, readCSV, "STRUCTURE[|];STRUCTURE_ID;ACTION;SERIES_KEY;OBS_KEY;DIM_1: Dimension 1;DIM_2: Dimension 2;DIM_3: Dimension 3;OBS_VALUE: Observation value;ATTR_2: Attribut 2\n"+
		"dataflow;ESTAT:NA_MAIN(1.6.0): Principaux agrégats;I;A.B;A.B.2014-01;A: Value A;B: Value B;2014-01: 2014-01;12,4;Y: Oui\n")
	p = ps[0]
	if p.Number != 12.4 || p.Dim("DIM_3") != "2014-01" || p.Dim("SERIES_KEY") != "" || p.Attr("ATTR_2") != "Y" || p.Action != record.Information {
		t.Errorf("labels=both, 2.0, keys: %+v", p)
	}
	ps = points(t, readCSV, "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,ACTION,DIM_1,Dimension 1,TIME_PERIOD,Time,OBS_VALUE,Observation value,ATTR_1,Attribute 1\n"+
		"dataflow,ESTAT:NA_MAIN(1.6.0),National Accounts,R,A,Value A,2014-Q2,,10.8,,Y,Yes\n")
	p = ps[0]
	if p.Dim("DIM_1") != "A" || p.Dims[0].Label != "Value A" || len(p.Dims) != 1 || p.Canonical != "2014-Q2" || p.Number != 10.8 || p.Action != record.Replace || p.Attr("ATTR_1") != "Y" {
		t.Errorf("labels=name: %+v", p)
	}
	// Deletions: "-" marks what is to be deleted; an unknown action is an
	// error naming the line.
	ps = points(t, readCSV, "STRUCTURE,STRUCTURE_ID,ACTION,DIM_1,TIME_PERIOD,OBS_VALUE\ndataflow,X:Y(1.0),D,A,2014,-\n")
	if ps[0].Action != record.Delete || ps[0].Missing || ps[0].Value != "-" {
		t.Errorf("delete: %+v", ps[0])
	}
	err := ReadCSV("f.csv", strings.NewReader("STRUCTURE,STRUCTURE_ID,ACTION,DIM_1,OBS_VALUE\ndataflow,X:Y(1.0),Z,A,1\n"), func(*record.Point) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "f.csv line 2, column ACTION") {
		t.Errorf("bad action: %v", err)
	}
	// Two measures make two points, told apart by MEASURE.
	ps = points(t, readCSV, "STRUCTURE,STRUCTURE_ID,ACTION,OBS_VALUE1,OBS_VALUE2,DIM_1\ndataflow,X:Y(1.0),I,12.4,NaN,A\n")
	if len(ps) != 2 || ps[0].Dim("MEASURE") != "OBS_VALUE1" || ps[1].Dim("MEASURE") != "OBS_VALUE2" || !ps[1].Missing || ps[0].Number != 12.4 {
		t.Errorf("two measures: %+v", ps)
	}
}

func TestTimePeriods(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	for _, tc := range []struct {
		in, canonical, start, end string
	}{
		{"2025", "2025", "2025-01-01", "2026-01-01"},
		{"2025-A1", "2025", "2025-01-01", "2026-01-01"},
		{"2025-S2", "2025-S2", "2025-07-01", "2026-01-01"},
		{"2025-Q3", "2025-Q3", "2025-07-01", "2025-10-01"},
		{"2025-M09", "2025-09", "2025-09-01", "2025-10-01"},
		{"2025-09", "2025-09", "2025-09-01", "2025-10-01"},
		{"2025-T2", "2025-05/2025-08", "2025-05-01", "2025-09-01"},
		{"2013-01-18", "", "2013-01-18", "2013-01-19"},
		{"2020-W01", "", "2019-12-30", "2020-01-06"},
		{"2021-D032", "", "2021-02-01", "2021-02-02"},
		{"2005-01-01/P15Y", "2005/2019", "2005-01-01", "2020-01-01"},
		{"2025-01-01/P9M", "2025-01/2025-09", "2025-01-01", "2025-10-01"},
		{"2025-04-01/P1Y", "2025-04/2026-03", "2025-04-01", "2026-04-01"},
		{"2021/2025", "2021/2025", "2021-01-01", "2026-01-01"},
		{"2025-Q1/2025-Q3", "2025-Q1/2025-Q3", "2025-01-01", "2025-10-01"},
		{"2013-01-18T12:00:00Z", "", "2013-01-18", ""},
	} {
		st, en, c := parseTime(tc.in)
		if c != tc.canonical || st.Format("2006-01-02") != tc.start || tc.end != "" && !en.Equal(d(tc.end)) {
			t.Errorf("%s: %s [%s, %s), want %s [%s, %s)", tc.in, c, st.Format("2006-01-02"), en.Format("2006-01-02"), tc.canonical, tc.start, tc.end)
		}
	}
	for _, bad := range []string{"", "20", "2025-Q5", "2025-M13", "2025-W54", "abcd-Q1", "2025-01-01/P", "2025-01-01/PT1H", "2025/2020"} {
		if _, _, c := parseTime(bad); c != "" {
			t.Errorf("%q read as %s", bad, c)
		}
	}
	// What FormatTime writes, parseTime reads back as the same period.
	for _, s := range []string{"2025", "2025-S1", "2025-Q3", "2025-09", "2005/2019", "2025-01/2025-09", "2024-Q3/2025-Q2", "2024-S2/2025-S1"} {
		p := period.MustParse(s)
		if _, _, c := parseTime(FormatTime(p)); c != s {
			t.Errorf("%s written %s read back %s", s, FormatTime(p), c)
		}
	}
}

func rows() []record.Row {
	return []record.Row{
		{Unit: "27", Indicator: "GRDP", MeasureUnit: "VND bn", Dims: "price=current", Period: period.MustParse("2024"), Value: 232800, Status: "E", Source: `Portal, "GRDP at current prices"`},
		{Unit: "27", Indicator: "GRDP", MeasureUnit: "VND bn", Dims: "price=constant2010", Period: period.MustParse("2024"), Value: 136900.5, Status: "E", Source: "Portal", Note: "2010 prices"},
		{Unit: "24@2025-07-01", Indicator: "GRDP_GROWTH", MeasureUnit: "%", Period: period.MustParse("2021/2025"), Value: -0.1, Status: "A"},
	}
}

// What the writers write, the readers read back as planwatch's own file.
func TestWritersReadBack(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
		read  func(string, ioReader, func(*record.Point) bool) error
	}{
		{"csv", func(b *bytes.Buffer) error { return WriteCSV(b, rows(), []string{"price"}) }, readCSV},
		{"json", func(b *bytes.Buffer) error {
			return WriteJSON(b, rows(), []string{"price"}, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		}, readJSONf},
	} {
		var b bytes.Buffer
		if err := tc.write(&b); err != nil {
			t.Fatal(err)
		}
		ps := points(t, tc.read, b.String())
		if len(ps) != 3 {
			t.Fatalf("%s: %d points\n%s", tc.name, len(ps), b.String())
		}
		for i, p := range ps {
			r := rows()[i]
			if p.Roles == nil || !p.Roles.Native || p.Dim(RefArea) != r.Unit || p.Dim(Indicator) != r.Indicator || p.Canonical != r.Period.String() ||
				p.Number != r.Value || p.Attr(ObsStatus) != r.Status || p.Attr(Source) != r.Source || p.Attr(Comment) != r.Note || p.Attr(Unit) != r.MeasureUnit {
				t.Errorf("%s: point %d %+v\nfrom %+v", tc.name, i, p, r)
			}
			wantPrice := r.Dims.Get("price")
			if wantPrice == "" {
				wantPrice = record.NotApplicable
			}
			if p.Dim("price") != wantPrice {
				t.Errorf("%s: point %d price %q", tc.name, i, p.Dim("price"))
			}
		}
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, rows(), []string{"OBS_STATUS"}); err == nil {
		t.Error("a dimension named OBS_STATUS was written")
	}
}

// The structure message is XML that names every unit, indicator,
// dimension value and status, and the components the data files use.
func TestStructure(t *testing.T) {
	units := []planwatch.Unit{
		{Code: "24", NameVI: "Bắc Giang", NameEN: "Bac Giang", ValidTo: "2025-07-01"},
		{Code: "24", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", ValidFrom: "2025-07-01"},
		{Code: "27", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", ValidTo: "2025-07-01"},
	}
	inds := []planwatch.Indicator{{Code: "GRDP", NameVI: "Tổng sản phẩm", NameEN: "GRDP", MeasureUnit: "VND bn",
		Dimensions: []planwatch.Dimension{{Name: "price", Values: []string{"current", "constant2010"}}}}}
	var b bytes.Buffer
	if err := WriteStructure(&b, Structure{Units: units, Indicators: inds, Dimensions: []string{"price"}, Prepared: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Codelists []struct {
			ID    string `xml:"id,attr"`
			Codes []struct {
				ID    string `xml:"id,attr"`
				Names []struct {
					Lang string `xml:"lang,attr"`
					Text string `xml:",chardata"`
				} `xml:"Name"`
			} `xml:"Code"`
		} `xml:"Structures>Codelists>Codelist"`
		Dims  []string `xml:"Structures>DataStructures>DataStructure>DataStructureComponents>DimensionList>Dimension>ConceptIdentity"`
		Time  string   `xml:"Structures>DataStructures>DataStructure>DataStructureComponents>DimensionList>TimeDimension>ConceptIdentity"`
		Attrs []struct {
			ID string `xml:"id,attr"`
		} `xml:"Structures>DataStructures>DataStructure>DataStructureComponents>AttributeList>Attribute"`
		Flow string `xml:"Structures>Dataflows>Dataflow>Structure"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	codes := map[string][]string{}
	for _, cl := range doc.Codelists {
		for _, c := range cl.Codes {
			codes[cl.ID] = append(codes[cl.ID], c.ID)
		}
	}
	if strings.Join(codes["CL_AREA"], " ") != "24 24@2025-07-01 27" || strings.Join(codes["CL_INDICATOR"], " ") != "GRDP" ||
		strings.Join(codes["CL_PRICE"], " ") != "constant2010 current _Z" || len(codes["CL_OBS_STATUS"]) != len(planwatch.Statuses) {
		t.Errorf("codelists %v", codes)
	}
	if len(doc.Dims) != 3 || !strings.HasSuffix(doc.Dims[0], ".REF_AREA") || !strings.HasSuffix(doc.Dims[2], ".price") || !strings.HasSuffix(doc.Time, ".TIME_PERIOD") {
		t.Errorf("dimensions %v, time %s", doc.Dims, doc.Time)
	}
	if len(doc.Attrs) != 4 || doc.Flow != DSDURN {
		t.Errorf("attributes %v, dataflow's structure %s", doc.Attrs, doc.Flow)
	}
	if !strings.Contains(b.String(), `<com:Name xml:lang="vi">Bắc Giang (…/2025-07-01); Bắc Ninh (2025-07-01/…)</com:Name>`) {
		t.Errorf("a reused code names both units:\n%s", b.String())
	}
}
