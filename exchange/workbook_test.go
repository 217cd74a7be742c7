package exchange_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planwatch"
	"planwatch/exchange"
	"planwatch/locale"
	"planwatch/period"
)

// The demo -> one workbook -> an empty store -> canonical export gives
// the demo's own files, every kind byte for byte.
func TestWorkbookRoundTrip(t *testing.T) {
	a := demoStore(t)
	var book bytes.Buffer
	if err := exchange.ExportWorkbook(context.Background(), a, exchange.Filter{}, &book); err != nil {
		t.Fatal(err)
	}
	b := open(t)
	sum, format, err := importFile(t, b, "demo.xlsx", book.Bytes(), exchange.Options{})
	if err != nil || format != "xlsx" {
		t.Fatalf("%s %v", format, err)
	}
	for _, l := range exchange.Layouts {
		want, got := export(t, a, l.Kind), export(t, b, l.Kind)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the canonical export differs from the demo's:\n%s", l.Kind, firstDiff(got, want))
		}
		if n := bytes.Count(want, []byte("\n")) - 1; sum.Get(l.Kind).Added != n {
			t.Errorf("%s: %+v, want %d added", l.Kind, sum.Get(l.Kind), n)
		}
	}
	t.Logf("workbook: %d bytes", book.Len())
}

// book writes a workbook with excelize, as an officer's spreadsheet
// would be: fill sets the sheets' cells.
func book(t *testing.T, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func set(t *testing.T, f *excelize.File, sheet string, cells map[string]any) {
	t.Helper()
	for c, v := range cells {
		if err := f.SetCellValue(sheet, c, v); err != nil {
			t.Fatal(err)
		}
	}
}

// A wide sheet, the provinces down and the years across under a merged
// header, read with a mapping to an indicator: number cells as they are,
// the percent cells as the percentage they show, thousands shown grouped
// as their value, text written the Vietnamese way read as such and said
// so, and a text that is no number named by its cell.
func TestWorkbookWideSheet(t *testing.T) {
	ctx := context.Background()
	data := book(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "GRDP")
		set(t, f, "GRDP", map[string]any{
			"A1": "Tổng sản phẩm trên địa bàn theo giá hiện hành", "A2": "Tỉnh, thành phố", "B2": "GRDP (tỷ đồng)", "B3": 2023, "C3": 2024, "D2": "Tốc độ tăng (%)", "D3": 2024,
			"A4": "Bắc Ninh", "B4": 220222, "C4": "232.800", "D4": 0.0603,
			"A5": "Tỉnh Bắc Giang", "B5": 181800, "C5": "209.150,5", "D5": 0.1387,
			"A6": "CẢ NƯỚC", "B6": "..",
		})
		f.MergeCell("GRDP", "A1", "D1")
		f.MergeCell("GRDP", "B2", "C2")
		f.MergeCell("GRDP", "A2", "A3")
		thousands, _ := f.NewStyle(&excelize.Style{NumFmt: 3})
		pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
		f.SetCellStyle("GRDP", "B4", "B5", thousands)
		f.SetCellStyle("GRDP", "D4", "D5", pct)
	})
	in, err := exchange.Inspect("grdp.xlsx", bytes.NewReader(data), "")
	if err != nil {
		t.Fatal(err)
	}
	// Six numbers, one "..".
	if in.Format != "xlsx" || in.Observations != 6 || in.Missing != 1 || in.Dimensions["Tỉnh, thành phố"].Count != 3 {
		t.Errorf("inspect %+v", in)
	}
	if n := strings.Join(in.Notes, "\n"); !strings.Contains(n, "2 cells formatted as percentages") || !strings.Contains(n, "Vietnamese way") {
		t.Errorf("notes %q", in.Notes)
	}
	db := demoStore(t)
	opt := options(t, db)
	opt.Mapping = mapping(t, "Items,GRDP (tỷ đồng),,GRDP,price=current,\nItems,Tốc độ tăng (%),,GRDP_GROWTH,,\n")
	sum, _, err := importFile(t, db, "grdp.xlsx", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Get("observations"); c.Added+c.Changed+c.Unchanged != 6 {
		t.Errorf("%+v", c)
	}
	units, _ := db.Units(ctx)
	x := planwatch.NewUnitIndex(units)
	for _, c := range []struct {
		unit, ind, dims, per string
		value                float64
		source               string
	}{
		{"27", "GRDP", "price=current", "2024", 232800, "grdp.xlsx GRDP!C4"},
		{"24", "GRDP", "price=current", "2024", 209150.5, "grdp.xlsx GRDP!C5"},
		{"24", "GRDP", "price=current", "2023", 181800, "grdp.xlsx GRDP!B5"},
		{"27", "GRDP_GROWTH", "", "2024", 6.03, "grdp.xlsx GRDP!D4"},
	} {
		u, _ := x.Resolve(c.unit, planwatch.PeriodSpan(period.MustParse(c.per)))
		d := planwatch.Dims(c.dims)
		obs, _ := db.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Indicators: []string{c.ind}, Dims: &d, Period: period.MustParse(c.per), Exact: true})
		if len(obs) != 1 || obs[0].Value != c.value || !strings.HasSuffix(obs[0].Source, c.source) {
			t.Errorf("%+v: %+v", c, obs)
		}
	}
	// A text where a number belongs, and one that may be read two ways.
	bad := book(t, func(f *excelize.File) {
		set(t, f, "Sheet1", map[string]any{"A1": "Tỉnh", "B1": 2023, "C1": 2024, "D1": 2025, "A7": "Bắc Ninh", "B7": 1, "C7": "72.497", "D7": "chưa có"})
	})
	opt.Mapping = mapping(t, "*,*,,POP,,\n")
	_, _, err = importFile(t, db, "bad.xlsx", bad, opt)
	if err == nil || !strings.Contains(err.Error(), `bad.xlsx Sheet1!D7, column 2025: "chưa có" is not a number`) ||
		!strings.Contains(err.Error(), `bad.xlsx Sheet1!C7, column 2024: "72.497" may be 72.497 or 72497`) {
		t.Errorf("%v", err)
	}
}

// A sheet with the years down and the provinces across reads the same.
func TestWorkbookYearsDown(t *testing.T) {
	data := book(t, func(f *excelize.File) {
		set(t, f, "Sheet1", map[string]any{"A1": "Năm", "B1": "Bắc Ninh", "C1": "Bắc Giang", "A2": 2023, "B2": 1462.95, "C2": 1922.5, "A3": 2024, "B3": 1488.2})
	})
	db := demoStore(t)
	opt := options(t, db)
	opt.Mapping = mapping(t, "*,*,,POP,,\n")
	sum, _, err := importFile(t, db, "pop.xlsx", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Get("observations"); c.Added != 3 {
		t.Errorf("%+v", c)
	}
}

// A workbook typed by hand with one sheet per kind (named by its header
// when not by its name): dates stored as dates, numbers as text the
// Vietnamese way, and its problems named by cell.
func TestWorkbookKindsByHand(t *testing.T) {
	ctx := context.Background()
	data := book(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Đơn vị")
		set(t, f, "Đơn vị", map[string]any{"A1": "Danh mục đơn vị", "A2": "code", "B2": "name_vi", "C2": "name_en", "D2": "level", "E2": "valid_from",
			"A3": "KCN1", "B3": "KCN Quế Võ", "C3": "Que Vo industrial park", "D3": "other", "E3": time.Date(2003, 5, 1, 0, 0, 0, 0, time.UTC)})
		f.NewSheet("observations")
		set(t, f, "observations", map[string]any{"A1": "unit", "B1": "indicator", "C1": "period", "D1": "value", "E1": "source",
			"A2": "KCN1", "B2": "IP_LEASED", "C2": "2024", "D2": "1.234,5", "E2": "Ban quản lý các KCN",
			"A3": "KCN1", "B3": "IP_LEASABLE", "C3": 2024, "D3": 1500})
	})
	db := demoStore(t)
	sum, _, err := importFile(t, db, "kcn.xlsx", data, options(t, db))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Get("units").Added != 1 || sum.Get("observations").Added != 2 {
		t.Errorf("%+v", sum)
	}
	units, _ := db.Units(ctx)
	u, err := planwatch.NewUnitIndex(units).Resolve("KCN1", planwatch.Span{})
	if err != nil || u.ValidFrom != "2003-05-01" {
		t.Errorf("%+v %v", u, err)
	}
	obs, _ := db.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}})
	if len(obs) != 2 || obs[0].Indicator != "IP_LEASABLE" || obs[0].Value != 1500 || obs[1].Value != 1234.5 {
		t.Errorf("%+v", obs)
	}
	bad := book(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "observations")
		set(t, f, "observations", map[string]any{"A1": "unit", "B1": "indicator", "C1": "period", "D1": "value",
			"A2": "27", "B2": "POP", "C2": "2024", "D2": 1,
			"A7": "27", "B7": "POP", "C7": "2025Q5", "D7": "nhiều"})
	})
	_, _, err = importFile(t, db, "bad.xlsx", bad, options(t, db))
	if err == nil || !strings.Contains(err.Error(), "bad.xlsx observations!D7, column value") || !strings.Contains(err.Error(), "bad.xlsx observations!C7, column period") {
		t.Errorf("%v", err)
	}
	// A sheet named for a kind whose header is another's.
	wrong := book(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "units")
		set(t, f, "units", map[string]any{"A1": "unit", "B1": "indicator", "C1": "period", "D1": "value"})
	})
	if _, _, err := importFile(t, db, "w.xlsx", wrong, options(t, db)); err == nil || !strings.Contains(err.Error(), "w.xlsx units: the sheet is named units, but its header row 1 is that of observations") {
		t.Errorf("%v", err)
	}
}

// Texts that a spreadsheet would run, that start with an apostrophe,
// that hold line breaks and tabs, and numbers of every shape come back
// from a workbook exactly.
func TestWorkbookKeepsTexts(t *testing.T) {
	ctx := context.Background()
	a := demoStore(t)
	units := "code,name_vi,name_en,level,parent\n" +
		"X1,\"=HYPERLINK(\"\"http://x\"\")\",''s-Hertogenbosch,other,VN\n" +
		"X2,Hai dòng,'+1 -1 @x,other,VN\n"
	obs := "unit,indicator,period,value,dims,status,source,note\n" +
		"X1,POP,2024,-3.5,,E,'=1+1,''quoted\n" +
		"X1,POP,2025,0.000000123456789,,A, leading space,trailing space \n" +
		"X2,POP,2024,123456789012.345,,A,\"line\nbreak\",\n" +
		"X2,POP,2025,72.497,,A,x,\n"
	for _, f := range [][2]string{{"units.csv", units}, {"observations.csv", obs}} { // units first
		b, _, err := exchange.Read(f[0], strings.NewReader(f[1]))
		if err != nil {
			t.Fatal(err)
		}
		apply(t, a, b)
	}
	var wb bytes.Buffer
	if err := exchange.ExportWorkbook(ctx, a, exchange.Filter{}, &wb); err != nil {
		t.Fatal(err)
	}
	b := open(t)
	if _, _, err := importFile(t, b, "x.xlsx", wb.Bytes(), exchange.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"units", "observations"} {
		if got, want := export(t, b, kind), export(t, a, kind); !bytes.Equal(got, want) {
			t.Errorf("%s differs:\n%s", kind, firstDiff(got, want))
		}
	}
}

func FuzzReadWorkbook(f *testing.F) {
	f.Add(book(&testing.T{}, func(x *excelize.File) {
		x.SetCellValue("Sheet1", "A1", "Tỉnh")
		x.SetCellValue("Sheet1", "B1", 2024)
		x.SetCellValue("Sheet1", "A2", "Bắc Ninh")
		x.SetCellValue("Sheet1", "B2", "72.497,5")
	}))
	f.Add(book(&testing.T{}, func(x *excelize.File) {
		x.SetCellValue("Sheet1", "A1", "unit")
		x.SetCellValue("Sheet1", "B1", "indicator")
		x.SetCellValue("Sheet1", "C1", "period")
		x.SetCellValue("Sheet1", "D1", "value")
		x.SetCellValue("Sheet1", "A2", "27")
		x.SetCellValue("Sheet1", "B2", "POP")
		x.SetCellValue("Sheet1", "C2", "2024")
		x.SetCellValue("Sheet1", "D2", 1)
	}))
	// The demo's whole store as a workbook, and an entry template filled
	// in: the two workbooks planwatch writes.
	var whole bytes.Buffer
	if err := exchange.ExportWorkbook(context.Background(), demoStore(f), exchange.Filter{}, &whole); err != nil {
		f.Fatal(err)
	}
	f.Add(whole.Bytes())
	var form bytes.Buffer
	prev := 68.1
	tpl := exchange.Template{Lang: locale.VI, Plan: planwatch.Plan{Code: "NQ-DH20-BN", TitleVI: "Nghị quyết"}, Unit: planwatch.Unit{Code: "27", NameVI: "Bắc Ninh", NameEN: "Bac Ninh"},
		Period: period.MustParse("2024"), Previous: period.MustParse("2023"), Rows: []exchange.TemplateRow{
			{Indicator: planwatch.Indicator{Code: "POP", NameVI: "Dân số", MeasureUnit: "nghìn người"}, Unit: "27", Previous: &prev, Target: "1.500 nghìn người"},
			{Indicator: planwatch.Indicator{Code: "GRDP", NameVI: "GRDP", MeasureUnit: "tỷ đồng"}, Dims: "price=current", Unit: "27"},
		}}
	if err := exchange.WriteTemplate(&form, tpl); err != nil {
		f.Fatal(err)
	}
	if x, err := excelize.OpenReader(&form); err == nil {
		sheet := x.GetSheetList()[0]
		x.SetCellValue(sheet, "D7", "72.497,5")
		x.SetCellValue(sheet, "D8", 1)
		var filled bytes.Buffer
		if err := x.Write(&filled); err == nil {
			f.Add(filled.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		exchange.Inspect("fuzz.xlsx", bytes.NewReader(data), "xlsx")
		b, _, err := exchange.OpenWith("fuzz.xlsx", bytes.NewReader(data), exchange.Options{Format: "xlsx"})
		if err != nil {
			return
		}
		// Every figure read says where it came from: the file, its sheet
		// and cell.
		where := func(r planwatch.ObservationRecord) bool {
			if !strings.HasPrefix(r.File, "fuzz.xlsx") || r.Unit == "" && r.Observation.Indicator == "" {
				t.Fatalf("a figure without its place: %+v", r)
			}
			return true
		}
		for _, r := range b.Observations {
			where(r)
		}
		for _, s := range b.Streams {
			s(where)
		}
	})
}

// The README sheet says what every column of every kind is.
func TestWorkbookReadme(t *testing.T) {
	var b bytes.Buffer
	if err := exchange.ExportWorkbook(context.Background(), open(t), exchange.Filter{}, &b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); got[0] != "README" || len(got) != len(exchange.Layouts)+1 {
		t.Errorf("sheets %v", got)
	}
	rows, _ := f.GetRows("README")
	documented := map[string]bool{}
	for _, r := range rows {
		if len(r) == 3 && r[1] != "" && r[2] != "" {
			documented[strings.TrimSuffix(r[0], " *")] = true
		}
	}
	for _, l := range exchange.Layouts {
		for _, c := range l.Columns {
			if !documented[c] {
				t.Errorf("%s.%s is not documented", l.Kind, c)
			}
		}
		head, _ := f.GetRows(l.Kind)
		if len(head) == 0 || strings.Join(head[0], ",") != strings.Join(l.Columns, ",") {
			t.Errorf("%s header %v", l.Kind, head)
		}
	}
}
