package pxweb

import (
	"math"
	"os"
	"strings"
	"testing"

	"planwatch/exchange/record"
)

func points(t *testing.T, in string) ([]record.Point, []string) {
	t.Helper()
	var out []record.Point
	var notes []string
	err := Read("t.csv", strings.NewReader(in), func(p *record.Point) bool {
		if p.Note != "" {
			notes = append(notes, p.Note)
			return true
		}
		q := *p
		q.Dims, q.Attrs = append([]record.Field(nil), p.Dims...), append([]record.Field(nil), p.Attrs...)
		out = append(out, q)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, notes
}

func TestReadTable(t *testing.T) {
	in := "\ufeff\"Title\"\r\n\r\n\"Cities, provinces\";\"2015\";\"Prel. 2016\";\"Urban 2015\"\r\n\" WHOLE COUNTRY\";94.9;95.0;..\r\n\"Thai  Nguyen\";1;2;3\r\n"
	tb, err := ReadTable(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Title != "Title" || tb.Stub != "Cities, provinces" || len(tb.Columns) != 3 || len(tb.Rows) != 2 {
		t.Fatalf("%+v", tb)
	}
	c := tb.Columns[1]
	if c.Period.String() != "2016" || c.Status != "P" || c.Prefix != "" || tb.Columns[2].Prefix != "Urban" {
		t.Errorf("columns %+v", tb.Columns)
	}
	if tb.Rows[0].Label != "WHOLE COUNTRY" || tb.Rows[1].Label != "Thai Nguyen" || !math.IsNaN(tb.Rows[0].Values[2]) || tb.Rows[1].Values[1] != 2 {
		t.Errorf("rows %+v", tb.Rows)
	}
	if _, err := ReadTable(strings.NewReader("\"T\"\n\n\"x\";\"2015\"\n\"a\";1;2\n")); err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("a row longer than the header: %v", err)
	}
	if _, err := ReadTable(strings.NewReader("\"T\"\n\n\"x\";\"2015\"\n\"a\";abc\n")); err == nil || !strings.Contains(err.Error(), `line 4, column "2015": "abc" is not a number`) {
		t.Errorf("text for a number: %v", err)
	}
}

// The points of a table: the label and the breakdown as dimensions, the
// period its header gives with the status it implies, ".." missing, an
// empty cell nothing, a text where a number belongs a point that is not
// a number.
func TestPoints(t *testing.T) {
	in := "\ufeff\"Average population by province by Cities, provincies, Average population and Year\"\r\n\r\n" +
		"\"Cities, provincies\";\"Total 2015\";\"Total Prel. 2016\";\"Urban 2015\"\r\n" +
		"\" WHOLE COUNTRY\";91713.3;92695.1;..\r\n\"Bac Ninh\";1153.6;;x\r\n"
	ps, notes := points(t, in)
	if len(ps) != 5 || len(notes) != 0 {
		t.Fatalf("%d points %v", len(ps), notes)
	}
	p := ps[1]
	if p.Dim("Cities, provincies") != "WHOLE COUNTRY" || p.Dim("Average population") != "Total" || p.Canonical != "2016" || p.Period != "Prel. 2016" ||
		p.PeriodField != "Year" || p.Attr(StatusField) != "P" || p.Number != 92695.1 || !p.IsNumber || p.Line != 4 || p.Field != "Total Prel. 2016" {
		t.Errorf("%+v", p)
	}
	if p.Roles == nil || p.Roles.UnitNames != "Cities, provincies" || p.Roles.Status != StatusField || p.Structure == "" {
		t.Errorf("roles %+v structure %q", p.Roles, p.Structure)
	}
	if !ps[2].Missing || ps[2].HasValue() || ps[3].Dim("Cities, provincies") != "Bac Ninh" || ps[4].IsNumber || ps[4].Value != "x" {
		t.Errorf("%+v %+v %+v", ps[2], ps[3], ps[4])
	}
}

// UTF-8 read as Windows-1252 and saved again is repaired: header, title,
// labels and the "Sơ bộ" label of a period; decimal commas are read as
// Vietnamese and said so.
func TestMojibakeRepaired(t *testing.T) {
	data, err := os.ReadFile("testdata/population_vi_mojibake.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "Ä\u0090á»‹a phÆ°Æ¡ng") {
		t.Fatal("the test file is not mis-decoded")
	}
	ps, notes := points(t, string(data))
	if len(ps) != 10 {
		t.Fatalf("%d points", len(ps))
	}
	labels := map[string]bool{}
	for _, p := range ps {
		labels[p.Dim("Địa phương")] = true
	}
	for _, want := range []string{"CẢ NƯỚC", "Đồng bằng sông Hồng", "Tỉnh Bắc Ninh", "Thừa Thiên Huế", "TP. Hồ Chí Minh"} {
		if !labels[want] {
			t.Errorf("no label %q in %v", want, labels)
		}
	}
	p := ps[1]
	if p.Canonical != "2022" || p.Attr(StatusField) != "P" || p.Number != 99474.42 || p.Structure != "Dân số trung bình phân theo địa phương chia theo Địa phương và Năm" || p.PeriodField != "Năm" {
		t.Errorf("%+v", p)
	}
	all := strings.Join(notes, "\n")
	if !strings.Contains(all, "repaired") || !strings.Contains(all, "Vietnamese way") {
		t.Errorf("notes %q", notes)
	}
}

// Where a byte was lost, a label cannot be repaired: it stays as it is,
// and the note says so.
func TestMojibakeLost(t *testing.T) {
	data, err := os.ReadFile("testdata/population_vi_mojibake_lost.csv")
	if err != nil {
		t.Fatal(err)
	}
	ps, notes := points(t, string(data))
	labels := map[string]bool{}
	for _, p := range ps {
		labels[p.Dims[0].Value] = true
	}
	if !labels["CẢ NƯỚC"] || !labels["Tỉnh Bắc Ninh"] || !labels["Ä?á»“ng báº±ng sÃ´ng Há»“ng"] {
		t.Errorf("labels %v", labels)
	}
	if all := strings.Join(notes, "\n"); !strings.Contains(all, "cannot be repaired") || !strings.Contains(all, "Ä?á»‹a phÆ°Æ¡ng") {
		t.Errorf("notes %q", notes)
	}
}

// A table with the periods down and the places across reads the same.
func TestTransposed(t *testing.T) {
	ps, _ := points(t, "Năm,Hà Nội,Bắc Ninh\n2021,\"1.234,5\",\"72.497,5\"\n2022,\"1.300\",..\n")
	if len(ps) != 4 {
		t.Fatalf("%d points", len(ps))
	}
	if ps[0].Dims[0].Value != "Hà Nội" || ps[0].Canonical != "2021" || ps[0].Number != 1234.5 || ps[1].Dims[0].Value != "Hà Nội" || ps[1].Number != 1300 ||
		ps[2].Dims[0].Value != "Bắc Ninh" || ps[2].Number != 72497.5 || !ps[3].Missing || ps[0].Roles.UnitNames == "" {
		t.Errorf("%+v", ps)
	}
}

// Numbers whose reading depends on the style are refused unless the
// table's other numbers, or the column's header, say which it is.
func TestNumberStyles(t *testing.T) {
	// "72.497" alone could be either.
	ps, _ := points(t, "Name,2021\nBac Ninh,72.497\n")
	if ps[0].IsNumber || !strings.Contains(ps[0].ValueError, "may be 72.497 or 72497") {
		t.Errorf("%+v", ps[0])
	}
	// Beside "1,5" (Vietnamese only), it is 72497.
	ps, notes := points(t, "Name,2021,2022\nBac Ninh,72.497,\"1,5\"\n")
	if ps[0].Number != 72497 || ps[1].Number != 1.5 || len(notes) != 1 || !strings.Contains(notes[0], "2 numbers read as written the Vietnamese way") {
		t.Errorf("%+v %+v %q", ps[0], ps[1], notes)
	}
	// A header ending in (en) reads the column in English.
	ps, _ = points(t, "Name,2021 (en)\nBac Ninh,72.497\n")
	if ps[0].Number != 72.497 || ps[0].Dims[0].Value != "Bac Ninh" || len(ps[0].Dims) != 1 {
		t.Errorf("%+v", ps[0])
	}
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]bool{
		"\"Title\"\r\n\r\n\"Cities\";\"2015\"\r\n":     true,
		"Title,,,\n,,,\nName,2018 Area,2019 Area\n":    true,
		"Name,2018,2019,2020\nHa Noi,1,2,3\n":          true,
		"unit,indicator,period,value\n":                false,
		"code,name,region\n1,Ha Noi,Dong bang\n":       false,
		"2018,2019\n1,2\n":                             false,
		"\"Only a title\"\n":                           false,
		"Name,2018,Code,Region,Note\nHa Noi,1,2,3,4\n": false,
	} {
		if got := Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %v", in, got)
		}
	}
}
