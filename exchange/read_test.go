package exchange

import (
	"strings"
	"testing"

	"planwatch"
)

func TestReadBOMAndAnyColumnOrder(t *testing.T) {
	in := "\ufeffValue, Period ,unit,indicator,dims,status\n72497,2025,24,BUDGET_REV,,E\n1.5,2025-Q3,27,GRDP,sector=industry;price=current,\n"
	b, kind, err := Read("obs.csv", strings.NewReader(in))
	if err != nil || kind != "observations" {
		t.Fatalf("Read: %v, kind %q", err, kind)
	}
	if len(b.Observations) != 2 {
		t.Fatalf("%d observations", len(b.Observations))
	}
	o := b.Observations[1]
	if b.Observations[0].Observation.Value != 72497 || b.Observations[0].Observation.Status != "E" ||
		o.Unit != "27" || o.Observation.Period.String() != "2025-Q3" || o.Observation.Dims != "price=current;sector=industry" || o.Observation.Status != "A" || o.Line != 3 {
		t.Errorf("read %+v", b.Observations)
	}
}

func TestDetect(t *testing.T) {
	for _, l := range Layouts {
		got, err := Detect(l.Columns)
		if err != nil || got.Kind != l.Kind {
			t.Errorf("full %s header detected as %q, %v", l.Kind, got.Kind, err)
		}
		got, err = Detect(l.Required)
		if err != nil || got.Kind != l.Kind {
			t.Errorf("required %s columns detected as %q, %v", l.Kind, got.Kind, err)
		}
	}
}

func TestReadCollectsEveryError(t *testing.T) {
	in := "unit,indicator,period,value\n24,X,2025Q5,1\n24,X,2025,\n,X,2025,1\n"
	_, _, err := Read("o.csv", strings.NewReader(in))
	list, ok := err.(planwatch.ErrorList)
	if !ok || len(list) != 3 {
		t.Fatalf("err = %v", err)
	}
}

func FuzzRead(f *testing.F) {
	for _, l := range Layouts {
		f.Add(strings.Join(l.Columns, ",") + "\n")
	}
	f.Add("unit,indicator,period,value\n24,GRDP,2025,1\n")
	f.Add("\ufeffunit,indicator,period,value,dims\n24@2025-07-01,GRDP,2025Q3,1e3,price=current\n")
	f.Add("plan,unit,indicator,period,kind,low,high,milestones\nP,27,X,2021/2025,avg_growth,7,8,2023=1;2024=2\n")
	f.Add("code,name_vi,level,valid_from\n01,\"Hà Nội\",province,2025-07-01\n")
	f.Add("date,event,from,to,share\n2025-07-01,merge,27,24,0.5\n")
	f.Add("code,measure_unit,type,aggregation,dimensions,formula\nX,%,rate,mean:POP,a=b|c,A/B\n")
	f.Fuzz(func(t *testing.T, s string) {
		b, _, err := Read("fuzz.csv", strings.NewReader(s))
		if err == nil && b == nil {
			t.Fatal("no batch and no error")
		}
	})
}
