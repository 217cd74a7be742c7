package exchange

import (
	"math"
	"strings"
	"testing"
)

func TestReadPXWeb(t *testing.T) {
	in := "\ufeff\"Title\"\r\n\r\n\"Cities, provinces\";\"2015\";\"Prel. 2016\";\"Urban 2015\"\r\n\" WHOLE COUNTRY\";94.9;95.0;..\r\n\"Thai  Nguyen\";1;2;3\r\n"
	tb, err := ReadPXWeb(strings.NewReader(in))
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
	if _, err := ReadPXWeb(strings.NewReader("\"T\"\n\n\"x\";\"2015\"\n\"a\";1;2\n")); err == nil {
		t.Error("a ragged row was accepted")
	}
}

func TestReadWDI(t *testing.T) {
	in := "\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2017-03-23\",\n\n\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"1960\",\"1961\",\n\"Vietnam\",\"VNM\",\"GDP growth (annual %)\",\"NY.GDP.MKTP.KD.ZG\",\"\",\"3.5\",\n"
	tb, err := ReadWDI(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Updated != "2017-03-23" || len(tb.Years) != 2 || tb.Years[1] != 1961 || len(tb.Rows) != 1 || tb.Rows[0].CountryCode != "VNM" || !math.IsNaN(tb.Rows[0].Values[0]) || tb.Rows[0].Values[1] != 3.5 {
		t.Errorf("%+v", tb)
	}
}
