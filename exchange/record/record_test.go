package record

import (
	"strings"
	"testing"
	"time"
)

func TestInspector(t *testing.T) {
	in := NewInspector("x")
	day := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	add := func(dims []Field, per string, start, end string, value string, missing bool) {
		p := &Point{Dims: dims, Period: per, PeriodField: "TIME", Value: value, Missing: missing}
		if start != "" {
			p.Start, p.End = day(start), day(end)
		}
		in.Add(p)
	}
	a := []Field{{Name: "AREA", Value: "A"}}
	b := []Field{{Name: "AREA", Value: "B"}}
	add(a, "2025", "2025-01-01", "2026-01-01", "1", false)
	add(a, "2021/2025", "2021-01-01", "2026-01-01", "2", false)
	add(b, "2021", "2021-01-01", "2022-01-01", "", true)
	add(b, "2026-Q1", "2026-01-01", "2026-04-01", "", false) // neither: no series, no period
	r := in.Report()
	if r.Observations != 2 || r.Missing != 1 || r.Series != 2 || *r.Periods.First != "2021/2025" || *r.Periods.Last != "2025" {
		t.Errorf("%+v first %s last %s", r, *r.Periods.First, *r.Periods.Last)
	}
	if d := r.Dimensions["AREA"]; d.Count != 2 || strings.Join(d.Values, ",") != "A,B" {
		t.Errorf("AREA %+v", d)
	}
	if d := r.Dimensions["TIME"]; d.Count != 4 {
		t.Errorf("TIME %+v", d)
	}
	for i := 0; i < 30; i++ {
		in.Add(&Point{Dims: []Field{{Name: "N", Value: string(rune('a'+i%26)) + strings.Repeat("z", i/26)}}, Value: "1"})
	}
	if d := in.Report().Dimensions["N"]; d.Count != 30 || len(d.Values) != MaxShown || d.Values[0] != "a" {
		t.Errorf("N %+v", d)
	}
}

func TestMappingApply(t *testing.T) {
	m, err := ReadMapping("m.csv", strings.NewReader("\ufefffield,value,unit,indicator,dims,scale\n"+
		"*,*,,,,1000\n"+
		"REF_AREA,VN-27,27,,,\n"+
		"SERIES,GDP_CUR,,GRDP,price=current,\n"+
		"SERIES,GDP_KON,,GRDP,price=constant2010,\n"+
		"FREQ,*,,,,\n"+
		"SECTOR,IND,,,sector=industry,0.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := &Point{Dims: []Field{{Name: "REF_AREA", Value: "VN-27"}, {Name: "SERIES", Value: "GDP_CUR"}, {Name: "FREQ", Value: "A"}, {Name: "SECTOR", Value: "IND"}}}
	res, un, err := m.Apply(p)
	if err != nil || un != nil || res.Unit != "27" || res.Indicator != "GRDP" || strings.Join(res.Dims, ";") != "price=current;sector=industry" || res.Scale != 500 {
		t.Errorf("%+v %v %v", res, un, err)
	}
	p.Dims[0].Value = "VN-24"
	if _, un, _ = m.Apply(p); len(un) != 1 || un[0].Field != "REF_AREA" || un[0].Value != "VN-24" {
		t.Errorf("unmapped %v", un)
	}
	m2, _ := ReadMapping("m.csv", strings.NewReader("field,value,indicator\nA,x,I1\nB,y,I2\n"))
	if _, _, err := m2.Apply(&Point{Dims: []Field{{Name: "A", Value: "x"}, {Name: "B", Value: "y"}}}); err == nil || !strings.Contains(err.Error(), "lines 2 and 3 of m.csv") {
		t.Errorf("conflict: %v", err)
	}
}

func FuzzReadMapping(f *testing.F) {
	f.Add("field,value,unit,indicator,dims,scale,label,guess\n*,*,27,,,,,\nREF_AREA,VN-27,24@2025-07-01,GRDP,price=current,0.001,Bắc Ninh,\n")
	f.Add("field,value\n\"a,b\",x\n")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ReadMapping("fuzz.csv", strings.NewReader(s))
		if err != nil {
			return
		}
		for _, r := range m.Rules {
			if r.Scale == 0 || r.Field == "" || r.Value == "" {
				t.Fatalf("rule %+v", r)
			}
		}
		m.Apply(&Point{Dims: []Field{{Name: "REF_AREA", Value: "VN-27"}}, Attrs: []Field{{Name: "x", Value: "y"}}})
	})
}
