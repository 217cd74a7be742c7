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
	f.Add("code,title_vi,title_en,issued,url\nBBN-2025,\"Báo Bắc Ninh, 31/12/2025\",Bac Ninh Newspaper,2025-12-31,https://baobacninhtv.vn/\n")
	f.Add("dimension,value,name_vi,name_en\nprice,constant2010,giá so sánh 2010,constant 2010 prices\n")
	f.Add("plan,kind,unit,horizon,issuer,vision\nNQ,resolution,27,2021/2025,Tỉnh ủy,\"Đến năm 2030\"\n")
	f.Add("plan,unit,indicator,period,kind,value,wording,wording_lang,wording_translation\nP,27,X,2025,at_least,1,below 1%,en,dưới 1%\n")
	// Separated by semicolons, with decimal commas, as Excel saves CSV
	// under Vietnamese settings.
	f.Add("unit;indicator;period;value;dims;status;source;note\r\n24;GRDP;2025;72497,5;price=current;E;\"Báo Bắc Ninh; 31/12/2025\";\r\n27;POP;2024;1.488,2;;A;;\r\n")
	f.Add("\ufeffcode;name_vi;name_en;level;parent;valid_from;valid_to\n24;Bắc Ninh;Bac Ninh;province;VN;2025-07-01;\n")
	f.Fuzz(func(t *testing.T, s string) {
		b, _, err := Read("fuzz.csv", strings.NewReader(s))
		if err == nil && b == nil {
			t.Fatal("no batch and no error")
		}
	})
}

func TestReadSourcesAndCodes(t *testing.T) {
	in := "code,title_vi,title_en,publisher_vi,publisher_en,issued,url\n" +
		"BBN-2025-12-31,\"Báo Bắc Ninh, phỏng vấn Chủ tịch UBND tỉnh\",\"Bac Ninh Newspaper, interview with the chairman\",Báo Bắc Ninh,Bac Ninh Newspaper,2025-12-31,https://baobacninhtv.vn/\n" +
		"GSO-POP,Dân số trung bình theo tỉnh,,,,,\n"
	b, kind, err := Read("sources.csv", strings.NewReader(in))
	if err != nil || kind != "sources" || len(b.Sources) != 2 {
		t.Fatalf("Read: %v, kind %q, %+v", err, kind, b)
	}
	want := planwatch.Source{Code: "BBN-2025-12-31", TitleVI: "Báo Bắc Ninh, phỏng vấn Chủ tịch UBND tỉnh", TitleEN: "Bac Ninh Newspaper, interview with the chairman",
		PublisherVI: "Báo Bắc Ninh", PublisherEN: "Bac Ninh Newspaper", Issued: "2025-12-31", URL: "https://baobacninhtv.vn/"}
	if b.Sources[0].Source != want || b.Sources[1].Source.TitleVI != "Dân số trung bình theo tỉnh" || b.Sources[1].Line != 3 {
		t.Errorf("sources read as %+v", b.Sources)
	}
	b, kind, err = Read("codes.csv", strings.NewReader("dimension,value,name_vi,name_en\nprice,constant2010,giá so sánh 2010,constant 2010 prices\n"))
	if err != nil || kind != "codes" || len(b.Codes) != 1 ||
		b.Codes[0].Code != (planwatch.DimensionCode{Dimension: "price", Value: "constant2010", NameVI: "giá so sánh 2010", NameEN: "constant 2010 prices"}) {
		t.Fatalf("Read codes: %v, kind %q, %+v", err, kind, b)
	}
	// Each problem with its line and column.
	_, _, err = Read("sources.csv", strings.NewReader("code,title_vi,issued\n,Tiêu đề,2025-13-01\nX,,\n"))
	for _, w := range []string{"sources.csv line 2, column code: is empty", "sources.csv line 2, column issued: ", "sources.csv line 3, column title_vi: is empty"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("bad sources: %v; want %q", err, w)
		}
	}
	_, _, err = Read("codes.csv", strings.NewReader("dimension,value,name_vi\nprice,a b,tên\n"))
	if err == nil || !strings.Contains(err.Error(), `codes.csv line 2, column value: "a b" has a space`) {
		t.Errorf("a value with a space: %v", err)
	}
}

// Plans files written before issuers and visions had two languages name
// the columns issuer and vision: they are the Vietnamese ones.
func TestReadOldPlanColumns(t *testing.T) {
	in := "plan,kind,title_vi,issuer,issued,unit,horizon,vision\nNQ,resolution,Nghị quyết,Tỉnh ủy,2020-10-15,27,2021/2025,Đến năm 2030\n"
	b, kind, err := Read("plans.csv", strings.NewReader(in))
	if err != nil || kind != "plans" || len(b.Plans) != 1 {
		t.Fatalf("Read: %v, kind %q", err, kind)
	}
	if p := b.Plans[0].Plan; p.IssuerVI != "Tỉnh ủy" || p.VisionVI != "Đến năm 2030" || p.IssuerEN != "" || p.VisionEN != "" || p.Issued != "2020-10-15" {
		t.Errorf("plan read as %+v", p)
	}
	_, _, err = Read("plans.csv", strings.NewReader("plan,kind,unit,horizon,issuer,issuer_vi\nNQ,resolution,27,2025,A,B\n"))
	if err == nil || !strings.Contains(err.Error(), "plans.csv line 1: columns issuer and issuer_vi are the same column (issuer is the older name of issuer_vi): keep one") {
		t.Errorf("both names of a column: %v", err)
	}
	_, _, err = Read("plans.csv", strings.NewReader("plan,kind,unit,horizon,vision_vi,vision\nNQ,resolution,27,2025,A,B\n"))
	if err == nil || !strings.Contains(err.Error(), "columns vision_vi and vision are the same column (vision is the older name of vision_vi)") {
		t.Errorf("both names of a column, the new first: %v", err)
	}
}

func TestReadTargetWordings(t *testing.T) {
	in := "plan,unit,indicator,period,kind,low,high,wording,wording_lang,wording_translation\n" +
		"NQ,27,GRDP,2021/2025,avg_growth,7,8,Strive for the average growth rate from 7-8%/year,en,Phấn đấu tốc độ tăng trưởng bình quân 7-8%/năm\n"
	b, _, err := Read("targets.csv", strings.NewReader(in))
	if err != nil || len(b.Targets) != 1 {
		t.Fatalf("Read: %v", err)
	}
	tg := b.Targets[0].Target
	if tg.Wording != "Strive for the average growth rate from 7-8%/year" || tg.WordingLang != "en" || tg.WordingTranslation != "Phấn đấu tốc độ tăng trưởng bình quân 7-8%/năm" {
		t.Errorf("target read as %+v", tg)
	}
	if w := tg.WordingIn("vi"); !w.Translated || w.Text != tg.WordingTranslation {
		t.Errorf("in Vietnamese: %+v", w)
	}
}
