package exchange

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"planwatch"
	"planwatch/exchange/xlsx"
	"planwatch/locale"
	"planwatch/period"
)

// An entry template is the workbook an officer fills in: one row per
// figure a plan's targets need for a unit and a period, with the unit,
// the period, the indicator and its measure unit filled in, last year's
// figure and the target beside it for reference, and the value, status,
// source and note to enter. Its sheet has, above the rows, a title, a
// hidden row of planwatch's column names (which tells import what the
// sheet is) and a row of headers for people; every cell is locked but
// those to fill, and the status is chosen from a list. Filled in, it
// imports as it is: the rows with a value are observations, each with
// the cell as its source when none is given.

// entryColumns are an entry sheet's columns, as its hidden row names
// them: the value is in column D, the first row of data is 7.
var entryColumns = []string{"indicator", "name", "measure_unit", "value", "status", "source", "note", "previous", "target", "dims", "unit", "period"}

// entryOnly are the columns of an entry sheet that are for reference, not
// for import.
var entryOnly = []string{"name", "measure_unit", "previous", "target"}

// entryEditable are the columns an officer fills in.
var entryEditable = []string{"value", "status", "source", "note"}

// entryFirstRow is the first row of data of an entry sheet.
const entryFirstRow = 7

// isEntryHeader reports whether a row's cells are an entry sheet's
// hidden row.
func isEntryHeader(cells []string) bool {
	for _, c := range []string{"indicator", "value", "unit", "period", "previous", "target"} {
		if !slices.Contains(cells, c) {
			return false
		}
	}
	return true
}

// EntryStatuses are the statuses a template offers, most used first.
var EntryStatuses = []string{"A", "E", "P", "F"}

// statusChoice is a status as the template's list offers it: its code and
// its name ("E – ước tính"); import reads the code.
func statusChoice(code string, l locale.Lang) string {
	return code + " – " + locale.ObsStatus(code, l)
}

// statusCode is the code of a status as entered: "E – ước tính" or "E".
func statusCode(s string) string {
	code, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return code
}

// Template is what an entry template holds.
type Template struct {
	Lang   locale.Lang
	Plan   planwatch.Plan
	Unit   planwatch.Unit
	Period period.Period
	// Previous is the period of the reference figures (the year before).
	Previous period.Period
	Rows     []TemplateRow
}

// TemplateRow is one figure to enter.
type TemplateRow struct {
	Indicator planwatch.Indicator
	Dims      planwatch.Dims
	// Unit is the reference that names the unit at the period.
	Unit string
	// Previous is the figure of the previous period, if any.
	Previous *float64
	// Target says the targets the figure serves, as people read them.
	Target string
	// Derived, for an indicator defined by a formula, says so: its row
	// is for reference, its components have rows of their own.
	Derived string
}

func say(l locale.Lang, vi, en string) string {
	if l == locale.EN {
		return en
	}
	return vi
}

// WriteTemplate writes an entry template as XLSX.
func WriteTemplate(w io.Writer, t Template) error {
	l := t.Lang
	wb, err := xlsx.NewWriter(say(l, "Biểu nhập số liệu ", "Entry form ")+t.Plan.Code, "planwatch entry template")
	if err != nil {
		return err
	}
	f := wb.File()
	sheet := say(l, "Nhập liệu", "Entry")
	if err := wb.Sheet(sheet); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(entryColumns))
	styles, err := templateStyles(f)
	if err != nil {
		return err
	}
	unitName := t.Unit.Name(string(l)) + " (" + t.Unit.Code + ")"
	title := t.Plan.TitleVI
	if l == locale.EN && t.Plan.TitleEN != "" {
		title = t.Plan.TitleEN
	}
	lines := []string{
		say(l, "Biểu nhập số liệu thực hiện", "Entry form of results") + " — " + unitName + " — " + t.Period.String(),
		say(l, "Kế hoạch: ", "Plan: ") + t.Plan.Code + ": " + title,
		say(l, "Đơn vị: ", "Unit: ") + unitName + "; " + say(l, "kỳ: ", "period: ") + t.Period.String() + "; " + say(l, "số liệu tham khảo: năm ", "reference figures: ") + t.Previous.String(),
		say(l, "Điền cột Giá trị (D) theo đơn vị tính ở cột C, chọn Trạng thái, ghi Nguồn; dòng để trống không được nhập. Xem trang Hướng dẫn.",
			"Fill in Value (column D) in the measure unit of column C, choose the Status, give the Source; rows left empty are not imported. See the Instructions sheet."),
	}
	for i, s := range lines {
		row := i + 1
		a, _ := excelize.CoordinatesToCellName(1, row)
		z, _ := excelize.CoordinatesToCellName(len(entryColumns), row)
		if err := f.SetCellStr(sheet, a, s); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, a, z); err != nil {
			return err
		}
		st := styles.info
		if i == 0 {
			st = styles.title
		}
		if err := f.SetCellStyle(sheet, a, z, st); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sheet, 4, 30); err != nil {
		return err
	}
	// Row 5: planwatch's names of the columns, hidden; row 6: headers.
	headers := map[string]string{
		"indicator": say(l, "Mã chỉ tiêu", "Indicator code"), "name": say(l, "Chỉ tiêu", "Indicator"), "measure_unit": say(l, "Đơn vị tính", "Measure unit"),
		"value": say(l, "Giá trị", "Value"), "status": say(l, "Trạng thái", "Status"), "source": say(l, "Nguồn", "Source"), "note": say(l, "Ghi chú", "Note"),
		"previous": say(l, "Năm ", "") + t.Previous.String(), "target": say(l, "Mục tiêu", "Target"), "dims": say(l, "Phân tổ", "Breakdown"),
		"unit": say(l, "Mã đơn vị", "Unit code"), "period": say(l, "Kỳ", "Period"),
	}
	widths := map[string]float64{"indicator": 22, "name": 40, "measure_unit": 14, "value": 16, "status": 18, "source": 36, "note": 24, "previous": 14, "target": 34, "dims": 22, "unit": 11, "period": 10}
	for i, c := range entryColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, widths[c]); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, col+"5", c); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, col+"6", headers[c]); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A5", last+"5", styles.machine); err != nil {
		return err
	}
	if err := f.SetRowVisible(sheet, 5, false); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A6", last+"6", styles.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 6, 30); err != nil {
		return err
	}
	// The rows.
	for i, r := range t.Rows {
		row := entryFirstRow + i
		name := r.Indicator.NameVI
		if l == locale.EN && r.Indicator.NameEN != "" || name == "" {
			name = r.Indicator.NameEN
		}
		if d := locale.Dims(string(r.Dims), l); d != "" {
			name += " (" + d + ")"
		}
		target := r.Target
		if r.Derived != "" {
			target = strings.TrimSpace(target + "\n" + r.Derived)
		}
		cells := map[string]any{
			"indicator": r.Indicator.Code, "name": name, "measure_unit": locale.Unit(r.Indicator.MeasureUnit, l),
			"target": target, "dims": string(r.Dims), "unit": r.Unit, "period": t.Period.String(),
		}
		if r.Previous != nil {
			cells["previous"] = *r.Previous
		}
		for j, c := range entryColumns {
			cell, _ := excelize.CoordinatesToCellName(j+1, row)
			switch v := cells[c].(type) {
			case string:
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					return err
				}
			case float64:
				if err := f.SetCellFloat(sheet, cell, v, -1, 64); err != nil {
					return err
				}
			}
			st := styles.locked
			switch {
			case c == "value" && r.Derived == "":
				st = styles.value
			case slices.Contains(entryEditable, c) && r.Derived == "":
				st = styles.open
			case c == "previous":
				st = styles.previous
			case c == "target" || c == "name":
				st = styles.lockedWrap
			}
			if err := f.SetCellStyle(sheet, cell, cell, st); err != nil {
				return err
			}
		}
	}
	// Two lines a row: the names and targets wrap.
	for i := range t.Rows {
		if err := f.SetRowHeight(sheet, entryFirstRow+i, 30); err != nil {
			return err
		}
	}
	end := entryFirstRow + len(t.Rows) - 1
	if len(t.Rows) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("E%d:E%d", entryFirstRow, end)
		var choices []string
		for _, s := range EntryStatuses {
			choices = append(choices, statusChoice(s, l))
		}
		if err := dv.SetDropList(choices); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, say(l, "Trạng thái", "Status"), say(l, "Chọn trạng thái trong danh sách.", "Choose a status from the list."))
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
		num := excelize.NewDataValidation(true)
		num.Sqref = fmt.Sprintf("D%d:D%d", entryFirstRow, end)
		if err := num.SetRange(-1e15, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		num.SetError(excelize.DataValidationErrorStyleStop, say(l, "Giá trị", "Value"), say(l, "Giá trị là một số, theo đơn vị tính ở cột C.", "The value is a number, in the measure unit of column C."))
		num.SetInput(say(l, "Giá trị", "Value"), say(l, "Một số, theo đơn vị tính ở cột C", "A number, in the measure unit of column C"))
		if err := f.AddDataValidation(sheet, num); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 6, TopLeftCell: "C7", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	// Printed on A4 across, one page wide.
	landscape, a4, wide, tall, fit := "landscape", 9, 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	// Locked cells stay as they are; the cells to fill may be, and the
	// columns may be widened. No password: the protection guards against
	// slips, not people (Review > Unprotect Sheet lifts it).
	if err := f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}); err != nil {
		return err
	}
	if err := writeInstructions(wb, l, t); err != nil {
		return err
	}
	_, err = wb.WriteTo(w)
	return err
}

type entryStyles struct {
	title, info, machine, header, locked, lockedWrap, previous, value, open int
}

func templateStyles(f *excelize.File) (entryStyles, error) {
	var s entryStyles
	locked := &excelize.Protection{Locked: true}
	unlocked := &excelize.Protection{Locked: false}
	grey := excelize.Fill{Type: "pattern", Color: []string{"F2F2F2"}, Pattern: 1}
	fill := excelize.Fill{Type: "pattern", Color: []string{"FFF2CC"}, Pattern: 1}
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1}, {Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	top := &excelize.Alignment{Vertical: "top"}
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	thousands := "#,##0.###"
	for _, x := range []struct {
		id *int
		st excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}, Protection: locked}},
		{&s.info, excelize.Style{Alignment: wrap, Protection: locked}},
		{&s.machine, excelize.Style{Font: &excelize.Font{Color: "808080", Size: 8}, Protection: locked}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DCE6F1"}, Pattern: 1}, Border: border, Alignment: wrap, Protection: locked}},
		{&s.locked, excelize.Style{Fill: grey, Border: border, Alignment: top, Protection: locked, NumFmt: 49}},
		{&s.lockedWrap, excelize.Style{Fill: grey, Border: border, Alignment: wrap, Protection: locked, NumFmt: 49}},
		{&s.previous, excelize.Style{Fill: grey, Border: border, Alignment: top, Protection: locked, CustomNumFmt: &thousands}},
		{&s.value, excelize.Style{Fill: fill, Border: border, Alignment: top, Protection: unlocked, CustomNumFmt: &thousands}},
		{&s.open, excelize.Style{Fill: fill, Border: border, Alignment: wrap, Protection: unlocked, NumFmt: 49}},
	} {
		id, err := f.NewStyle(&x.st)
		if err != nil {
			return s, err
		}
		*x.id = id
	}
	return s, nil
}

// writeInstructions adds the sheet that says how to fill the template.
func writeInstructions(wb *xlsx.Writer, l locale.Lang, t Template) error {
	var rows [][]string
	if l == locale.EN {
		rows = [][]string{
			{"How to fill in this form"},
			{"1. On the Entry sheet, write each figure in Value (column D), in the measure unit of column C: a number, with the decimal mark your Excel uses."},
			{"2. Choose its Status from the list: A normal (official), E estimated, P provisional, F forecast."},
			{"3. Write its Source: the document, its date and page. Left empty, the source is this workbook's cell."},
			{"4. Leave the rows of figures you do not have empty: they are not imported. Grey cells are for reference and locked (Review > Unprotect Sheet, no password, lifts the lock)."},
			{"5. Rows marked as computed are derived by a formula from the rows of their components: fill those in."},
			{"6. Import the filled form: planwatch import FILE.xlsx (planwatch import --dry-run FILE.xlsx first shows what would change)."},
			{""},
			{"Columns"},
		}
	} else {
		rows = [][]string{
			{"Cách điền biểu"},
			{"1. Ở trang Nhập liệu, ghi mỗi số liệu vào cột Giá trị (cột D), theo đơn vị tính ở cột C: một con số, dấu thập phân theo cài đặt Excel của máy."},
			{"2. Chọn Trạng thái trong danh sách: A chính thức, E ước tính, P sơ bộ, F dự báo."},
			{"3. Ghi Nguồn: văn bản, ngày và trang. Để trống thì nguồn là ô của biểu này."},
			{"4. Dòng nào chưa có số liệu thì để trống: dòng trống không được nhập. Ô màu xám để tham khảo và đã khoá (Review > Unprotect Sheet, không có mật khẩu, để mở khoá)."},
			{"5. Dòng ghi \"tính từ\" là chỉ tiêu tính theo công thức từ các chỉ tiêu thành phần: hãy điền các dòng thành phần."},
			{"6. Nhập biểu đã điền: planwatch import TỆP.xlsx (chạy planwatch import --dry-run TỆP.xlsx trước để xem những gì sẽ thay đổi)."},
			{""},
			{"Các cột"},
		}
	}
	desc := map[string][2]string{
		"indicator":    {"mã chỉ tiêu của planwatch", "planwatch's indicator code"},
		"name":         {"tên chỉ tiêu và phân tổ", "the indicator's name and breakdown"},
		"measure_unit": {"đơn vị tính của giá trị", "the measure unit of the value"},
		"value":        {"giá trị cần điền", "the value to fill in"},
		"status":       {"trạng thái của số liệu", "the figure's status"},
		"source":       {"nguồn của số liệu", "the figure's source"},
		"note":         {"ghi chú, nếu có", "a note, if any"},
		"previous":     {"số liệu kỳ trước, để tham khảo", "the previous period's figure, for reference"},
		"target":       {"mục tiêu của kế hoạch, để tham khảo", "the plan's target, for reference"},
		"dims":         {"phân tổ (mã)", "the breakdown (codes)"},
		"unit":         {"mã đơn vị", "the unit's code"},
		"period":       {"kỳ của số liệu", "the figure's period"},
	}
	for i, c := range entryColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		d := desc[c][0]
		if l == locale.EN {
			d = desc[c][1]
		}
		rows = append(rows, []string{col + " (" + c + "): " + d})
	}
	return wb.Text(say(l, "Hướng dẫn", "Instructions"), []float64{120}, rows, func(r int) bool { return r == 0 || r == 8 })
}
