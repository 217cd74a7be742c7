package dhis2

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch/exchange/record"
	"planwatch/period"
)

func addReference(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "reference", "dhis2", pattern))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(string(data))
		}
	}
}

func check(t *testing.T, p *record.Point) {
	if p.File != "fuzz" {
		t.Fatalf("point without its file: %+v", p)
	}
	if p.Canonical != "" {
		if _, err := period.Parse(p.Canonical); err != nil {
			t.Fatalf("canonical period %q of %q: %v", p.Canonical, p.Period, err)
		}
	}
	if len(p.Dims) != 4 {
		t.Fatalf("%d dimensions: %+v", len(p.Dims), p.Dims)
	}
}

func FuzzReadJSON(f *testing.F) {
	addReference(f, "*.json")
	f.Add(`{"period": "2012Q1", "orgUnit": "a", "dataValues": [{"dataElement": "x", "value": "True", "deleted": true}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		ReadJSON("fuzz", strings.NewReader(s), func(p *record.Point) bool { check(t, p); return true })
	})
}

func FuzzReadCSV(f *testing.F) {
	addReference(f, "*.csv")
	f.Add("de,pe,ou,co,ao,value\n\"x\", \"2012W05\", \"a\", \"\", \"\", \"1\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		ReadCSV("fuzz", strings.NewReader(s), func(p *record.Point) bool { check(t, p); return true })
	})
}

func FuzzReadXML(f *testing.F) {
	addReference(f, "*.xml")
	f.Add(`<dataValueSet period="2012"><dataValue dataElement="x" orgUnit="a"><value>1</value></dataValue></dataValueSet>`)
	f.Fuzz(func(t *testing.T, s string) {
		ReadXML("fuzz", strings.NewReader(s), func(p *record.Point) bool { check(t, p); return true })
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2012", "201201", "20120115", "201201B", "2012Q1", "2012S1", "2012AprilS2", "2012W05", "2012SunW53", "2012BiW1", "2012April", "2021/2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		if !p.End.After(p.Start) {
			t.Fatalf("%q: [%v, %v)", s, p.Start, p.End)
		}
		if p.Canonical == "" {
			return
		}
		q, err := period.Parse(p.Canonical)
		if err != nil || !q.Start().Equal(p.Start) || !q.End().Equal(p.End) {
			t.Fatalf("%q: canonical %q (%v) does not cover [%v, %v)", s, p.Canonical, err, p.Start, p.End)
		}
		if back, err := ParsePeriod(FormatPeriod(q)); err != nil || back.Canonical != p.Canonical {
			t.Fatalf("%q: %s written %s read back %+v %v", s, p.Canonical, FormatPeriod(q), back, err)
		}
	})
}
