package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planwatch"
	"planwatch/demo"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
	"planwatch/sqlite"
)

// The entry template of the 2020-2025 congress resolution for the old Bac
// Ninh (27) and 2024: one row for each figure its targets need, with the
// unit, period, measure unit, last year's figure and the target filled
// in, locked; filled in by an officer (here excelize), it imports with no
// mapping, and a text in a value cell is an error naming the cell.
func TestTemplateFilledImports(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	book := filepath.Join(dir, "bieu.xlsx")
	out := mustPW(t, "template", "--db", db, "--plan", "NQ-DH20-BN", "--unit", "27", "--period", "2024", "--out", book)

	// What the rows should be, from the demo itself.
	store, err := sqlite.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	targets, _ := store.Targets(ctx, planwatch.TargetFilter{Plan: "NQ-DH20-BN"})
	inds, _ := store.Indicators(ctx)
	units, _ := store.Units(ctx)
	u, _ := planwatch.NewUnitIndex(units).Resolve("27", planwatch.PeriodSpan(period.MustParse("2024")))
	prev, _ := store.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Period: period.MustParse("2023"), Exact: true})
	store.Close()
	if !strings.Contains(out, "bieu.xlsx: 8 dòng") || len(targets) != 8 {
		t.Fatalf("%d targets: %s", len(targets), out)
	}

	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	if sheet != "Nhập liệu" || !slices.Contains(f.GetSheetList(), "Hướng dẫn") {
		t.Fatalf("sheets %v", f.GetSheetList())
	}
	cell := func(c string) string {
		v, err := f.GetCellValue(sheet, c)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Row 5 names planwatch's columns (hidden), row 6 is for people, the
	// figures start on row 7, the value in column D.
	if cell("A5") != "indicator" || cell("D5") != "value" || cell("D6") != "Giá trị" || cell("C6") != "Đơn vị tính" {
		t.Errorf("headers %q %q %q %q", cell("A5"), cell("D5"), cell("D6"), cell("C6"))
	}
	if vis, _ := f.GetRowVisible(sheet, 5); vis {
		t.Error("the row of column names is visible")
	}
	byCode := map[string]planwatch.Indicator{}
	for _, in := range inds {
		byCode[in.Code] = in
	}
	for i, tg := range targets {
		row := itoa(7 + i)
		in := byCode[tg.Indicator]
		if cell("A"+row) != tg.Indicator || cell("J"+row) != string(tg.Dims) || cell("K"+row) != "27" || cell("L"+row) != "2024" {
			t.Errorf("row %s: %q %q %q %q, want target %+v", row, cell("A"+row), cell("J"+row), cell("K"+row), cell("L"+row), tg)
		}
		if want := locale.Unit(in.MeasureUnit, locale.VI); cell("C"+row) != want {
			t.Errorf("row %s measure unit %q, want %q", row, cell("C"+row), want)
		}
		if want := review.TargetText(tg, in, locale.VI); !strings.Contains(cell("I"+row), want) {
			t.Errorf("row %s target %q, want %q", row, cell("I"+row), want)
		}
		want := ""
		for _, o := range prev {
			if o.Indicator == tg.Indicator && o.Dims == tg.Dims {
				want = planwatch.FormatNumber(o.Value)
			}
		}
		if got, _ := f.GetCellValue(sheet, "H"+row, excelize.Options{RawCellValue: true}); got != want {
			t.Errorf("row %s: last year's figure %q, want %q", row, got, want)
		}
	}
	if cell("A"+itoa(7+len(targets))) != "" {
		t.Errorf("a row beyond the targets: %q", cell("A"+itoa(7+len(targets))))
	}
	// Locked but for the cells to fill; statuses from a list.
	for c, locked := range map[string]bool{"A7": true, "C7": true, "H7": true, "I7": true, "K7": true, "L7": true, "D7": false, "E7": false, "F7": false, "G7": false} {
		id, _ := f.GetCellStyle(sheet, c)
		st, _ := f.GetStyle(id)
		if st.Protection == nil || st.Protection.Locked != locked {
			t.Errorf("%s: protection %+v, want locked %v", c, st.Protection, locked)
		}
	}
	dvs, _ := f.GetDataValidations(sheet)
	lists := ""
	for _, dv := range dvs {
		lists += dv.Sqref + "=" + dv.Formula1 + " "
	}
	if !strings.Contains(lists, "E7:E14=") || !strings.Contains(lists, "E – ước tính") {
		t.Errorf("validations %s", lists)
	}

	// The officer fills in four figures, one estimated, one without a
	// source.
	fill := map[string]any{"D7": 140250.5, "E7": "E – ước tính", "F7": "Cục Thống kê Bắc Ninh, báo cáo 12/2024",
		"D10": 1.9, "D11": 7890, "F11": "Niên giám 2024, tr. 12", "D13": 33900}
	for c, v := range fill {
		if err := f.SetCellValue(sheet, c, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	out = mustPW(t, "import", "--db", db, book)
	if !strings.Contains(out, "observations         4") {
		t.Errorf("import:\n%s", out)
	}
	store, _ = sqlite.OpenReadOnly(ctx, db)
	got, _ := store.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Period: period.MustParse("2024"), Exact: true})
	store.Close()
	found := map[string]planwatch.Observation{}
	for _, o := range got {
		found[o.Indicator+" "+string(o.Dims)] = o
	}
	row := func(r int) string { return targets[r-7].Indicator + " " + string(targets[r-7].Dims) }
	for r, want := range map[int]struct {
		v      float64
		status string
		source string
	}{7: {140250.5, "E", "Cục Thống kê Bắc Ninh, báo cáo 12/2024"}, 10: {1.9, "A", "bieu.xlsx Nhập liệu!D10"}, 11: {7890, "A", "Niên giám 2024, tr. 12"}, 13: {33900, "A", "bieu.xlsx Nhập liệu!D13"}} {
		o := found[row(r)]
		if o.Value != want.v || o.Status != want.status || o.Source != want.source {
			t.Errorf("row %d (%s): %+v, want %+v", r, row(r), o, want)
		}
	}

	// A text where a number belongs names its cell.
	if err := f.SetCellValue(sheet, "D7", "khoảng 140 nghìn"); err != nil {
		t.Fatal(err)
	}
	f.SaveAs(book)
	f.Close()
	_, errs, code := pw(t, "import", "--db", db, book)
	if code == 0 || !strings.Contains(errs, "bieu.xlsx Nhập liệu!D7, column value") || !strings.Contains(errs, "is not a number") {
		t.Errorf("exit %d:\n%s", code, errs)
	}
}

func itoa(n int) string { return planwatch.FormatNumber(float64(n)) }

// An indicator defined by a formula gets a row for reference and rows for
// its components, with the breakdowns each declares.
func TestTemplateComponents(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	b.Plans = append(b.Plans, planwatch.PlanRecord{Plan: planwatch.Plan{Code: "T", Kind: "annual_plan", TitleVI: "Kế hoạch thử", Horizon: period.MustParse("2026")}, Unit: "24"})
	v := 100.0
	b.Targets = append(b.Targets, planwatch.TargetRecord{Target: planwatch.Target{Plan: "T", Indicator: "TRADE", Period: period.MustParse("2026"), Kind: "at_least", Value: &v}, Unit: "24"},
		planwatch.TargetRecord{Target: planwatch.Target{Plan: "T", Indicator: "GRDP_PC_VND", Dims: "price=current", Period: period.MustParse("2026"), Kind: "at_least", Value: &v}, Unit: "24"})
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{RecordedBy: "test"}); err != nil {
		t.Fatal(err)
	}
	tpl, err := buildTemplate(ctx, db, "T", "24", period.MustParse("2026"), locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range tpl.Rows {
		s := r.Indicator.Code
		if r.Dims != "" {
			s += "[" + string(r.Dims) + "]"
		}
		if r.Derived != "" {
			s += "="
		}
		rows = append(rows, s)
	}
	if strings.Join(rows, " ") != "GRDP_PC_VND[price=current]= GRDP[price=current] POP TRADE= EXPORTS IMPORTS" {
		t.Errorf("rows %v", rows)
	}
	if tpl.Rows[4].Previous == nil || *tpl.Rows[4].Previous != 94 {
		t.Errorf("last year's exports %v", tpl.Rows[4].Previous)
	}
}

// Last year's figure stands beside the cell to fill: the 2025 form shows
// the old Bac Ninh's GRDP of 2024 at constant prices.
func TestTemplatePreviousFigure(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	store, err := sqlite.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := store.Units(ctx)
	u, _ := planwatch.NewUnitIndex(units).Resolve("27", planwatch.PeriodSpan(period.MustParse("2024")))
	d := planwatch.Dims("price=constant2010")
	obs, _ := store.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Indicators: []string{"GRDP"}, Dims: &d, Period: period.MustParse("2024"), Exact: true})
	store.Close()
	if len(obs) != 1 {
		t.Fatalf("%+v", obs)
	}
	book := filepath.Join(dir, "en.xlsx")
	mustPW(t, "template", "--db", db, "--plan", "NQ-DH20-BN", "--unit", "27", "--period", "2025", "--lang", "en", "--out", book)
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	found := false
	for _, r := range rows[6:] {
		if len(r) > 9 && r[0] == "GRDP" && r[9] == "price=constant2010" {
			found = r[7] == planwatch.FormatNumber(obs[0].Value)
		}
	}
	if sheet != "Entry" || rows[5][7] != "2024" || rows[5][3] != "Value" || !found {
		t.Errorf("%s %q", sheet, rows[4:8])
	}
}
