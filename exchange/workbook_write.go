package exchange

import (
	"context"
	"io"
	"strconv"

	"planwatch"
	"planwatch/exchange/xlsx"
)

// XLSX is the workbook format's name.
const XLSX = xlsx.Name

// columnDocs say what each canonical column is, in Vietnamese and in
// English, for a workbook's README sheet.
var columnDocs = map[string][2]string{
	"code":                {"mã (đơn vị: mã thống kê chính thức, giữ số 0 đầu; chỉ tiêu, nguồn: mã của planwatch)", "code (a unit's official statistics code, leading zeros kept; an indicator's or a source's planwatch code)"},
	"name_vi":             {"tên tiếng Việt", "name in Vietnamese"},
	"name_en":             {"tên tiếng Anh", "name in English"},
	"level":               {"cấp: nation, region, province, district, commune, other", "level: nation, region, province, district, commune, other"},
	"parent":              {"đơn vị cấp trên (mã, hoặc mã@ngày)", "the unit above (a code, or code@date)"},
	"valid_from":          {"hiệu lực từ ngày (YYYY-MM-DD; trống: từ trước)", "valid from (YYYY-MM-DD; empty: always before)"},
	"valid_to":            {"hiệu lực đến trước ngày (YYYY-MM-DD; trống: đến nay)", "valid until, not including (YYYY-MM-DD; empty: still valid)"},
	"date":                {"ngày có hiệu lực của thay đổi", "the day the change takes effect"},
	"event":               {"thay đổi: merge, split, transfer, rename, recode", "the change: merge, split, transfer, rename, recode"},
	"from":                {"đơn vị trước thay đổi", "the unit before the change"},
	"to":                  {"đơn vị sau thay đổi", "the unit after the change"},
	"share":               {"phần chuyển đi (0-1; trống: toàn bộ hoặc chưa biết)", "the share that moved (0-1; empty: whole or unknown)"},
	"group":               {"mã nhóm (vùng kinh tế - xã hội ...)", "the group's code (a socio-economic region ...)"},
	"unit":                {"đơn vị (mã, hoặc mã@ngày khi mã đã dùng cho đơn vị khác)", "the unit (a code, or code@date where the code named another unit)"},
	"measure_unit":        {"đơn vị tính", "measure unit"},
	"type":                {"loại: flow (cộng dồn theo thời gian), stock (thời điểm), rate (tỷ lệ)", "type: flow (adds up over time), stock (a level at the period's end), rate"},
	"aggregation":         {"cách tổng hợp: sum, mean:CHỈ_TIÊU_TRỌNG_SỐ, formula, none", "how it aggregates: sum, mean:WEIGHT_INDICATOR, formula, none"},
	"direction":           {"chiều tốt: up (càng cao càng tốt), down, none", "which way is better: up, down, none"},
	"formula":             {"công thức theo mã chỉ tiêu (GRDP / POP)", "formula over indicator codes (GRDP / POP)"},
	"dimensions":          {"các phân tổ và giá trị (price=current|constant2010)", "its breakdowns and their values (price=current|constant2010)"},
	"plan":                {"mã kế hoạch", "the plan's code"},
	"kind":                {"loại (kế hoạch: resolution, five_year_plan ...; mục tiêu: at_least, at_most, exactly, range, avg_growth, growth, plan)", "kind (a plan's: resolution, five_year_plan ...; a target's: at_least, at_most, exactly, range, avg_growth, growth, plan)"},
	"title_vi":            {"tên văn bản tiếng Việt", "title in Vietnamese"},
	"title_en":            {"tên văn bản tiếng Anh", "title in English"},
	"issuer_vi":           {"cơ quan ban hành, tiếng Việt", "issuer, in Vietnamese"},
	"issuer_en":           {"cơ quan ban hành, tiếng Anh", "issuer, in English"},
	"issued":              {"ngày ban hành, công bố", "date issued or published"},
	"horizon":             {"thời kỳ (2021/2025)", "horizon (2021/2025)"},
	"vision_vi":           {"tầm nhìn, tiếng Việt", "vision, in Vietnamese"},
	"vision_en":           {"tầm nhìn, tiếng Anh", "vision, in English"},
	"dimension":           {"tên phân tổ (price, sector ...)", "the breakdown's name (price, sector ...)"},
	"publisher_vi":        {"cơ quan công bố, tiếng Việt", "publisher, in Vietnamese"},
	"publisher_en":        {"cơ quan công bố, tiếng Anh", "publisher, in English"},
	"url":                 {"địa chỉ trên mạng", "web address"},
	"wording_lang":        {"ngôn ngữ của nguyên văn (vi, en)", "the language of the wording (vi, en)"},
	"wording_translation": {"bản dịch của nguyên văn sang ngôn ngữ kia", "the wording translated into the other language"},
	"assessment":          {"phương pháp đánh giá (trống: statcan)", "assessment method (empty: statcan)"},
	"indicator":           {"mã chỉ tiêu", "indicator code"},
	"dims":                {"phân tổ của số liệu (price=current;sector=industry)", "the figure's breakdown (price=current;sector=industry)"},
	"period":              {"kỳ: 2025, 2025-S1, 2025-Q3, 2025-09, 2021/2025", "period: 2025, 2025-S1, 2025-Q3, 2025-09, 2021/2025"},
	"value":               {"giá trị (số, theo đơn vị tính của chỉ tiêu; ở trang codes: mã giá trị của phân tổ)", "value (a number, in the indicator's measure unit; on the codes sheet: the breakdown value's code)"},
	"low":                 {"cận dưới của khoảng mục tiêu", "the low end of a target range"},
	"high":                {"cận trên của khoảng mục tiêu", "the high end of a target range"},
	"baseline_period":     {"kỳ gốc", "baseline period"},
	"baseline_value":      {"giá trị kỳ gốc", "baseline value"},
	"wording":             {"nguyên văn mục tiêu", "the target's wording"},
	"milestones":          {"các mốc (2023=7.2;2024=7.5)", "milestones (2023=7.2;2024=7.5)"},
	"status":              {"trạng thái SDMX: A chính thức, E ước tính, P sơ bộ, F dự báo, I suy ra ...", "SDMX status: A normal, E estimated, P provisional, F forecast, I imputed ..."},
	"source":              {"nguồn", "source"},
	"note":                {"ghi chú", "note"},
}

// numberColumn reports whether a canonical column holds numbers.
func numberColumn(c string) bool { return numberColumns[c] }

// wideColumns wrap their text in a workbook.
var wideColumns = map[string]float64{"name_vi": 34, "name_en": 34, "title_vi": 40, "title_en": 40, "wording": 40, "wording_translation": 40, "source": 50, "note": 30,
	"vision_vi": 30, "vision_en": 30, "formula": 24, "dimensions": 30, "issuer_vi": 24, "issuer_en": 24, "publisher_vi": 24, "publisher_en": 24, "url": 30}

// ExportWorkbook writes the whole store (what the filter selects) as one
// workbook: a README sheet saying what each column is, in Vietnamese and
// English, then a sheet per kind with the canonical columns, in the
// canonical export's order. Imported into an empty store, it gives the
// same canonical files back.
func ExportWorkbook(ctx context.Context, s planwatch.Reader, f Filter, w io.Writer) error {
	wb, err := xlsx.NewWriter("planwatch", "planwatch export")
	if err != nil {
		return err
	}
	readme := [][]string{
		{"planwatch: toàn bộ dữ liệu, mỗi loại bản ghi một trang / the whole store, one sheet per kind of record"},
		{"Mỗi trang có hàng tiêu đề là tên cột của tệp chuẩn; nhập lại bằng planwatch import TỆP.xlsx. / Each sheet's header row is the canonical file's columns; import it again with planwatch import FILE.xlsx."},
		{""},
	}
	bold := map[int]bool{0: true}
	for _, l := range Layouts {
		bold[len(readme)] = true
		readme = append(readme, []string{l.Kind})
		for _, c := range l.Columns {
			d := columnDocs[c]
			req := ""
			for _, r := range l.Required {
				if r == c {
					req = " *"
				}
			}
			readme = append(readme, []string{c + req, d[0], d[1]})
		}
		readme = append(readme, []string{""})
	}
	readme = append(readme, []string{"* bắt buộc / required"})
	if err := wb.Text("README", []float64{20, 70, 70}, readme, func(r int) bool { return bold[r] }); err != nil {
		return err
	}
	for _, l := range Layouts {
		cols := make([]xlsx.Column, len(l.Columns))
		for i, c := range l.Columns {
			cols[i] = xlsx.Column{Header: c, Width: 14}
			if w, ok := wideColumns[c]; ok {
				cols[i] = xlsx.Column{Header: c, Width: w, Wrap: true}
			}
		}
		t, err := wb.Table(l.Kind, cols)
		if err != nil {
			return err
		}
		cells := make([]any, len(l.Columns))
		err = eachKindRows(ctx, s, l.Kind, f, func(rows [][]string) error {
			for _, row := range rows {
				for i, v := range row {
					cells[i] = v
					if numberColumn(l.Columns[i]) && v != "" {
						if x, err := strconv.ParseFloat(v, 64); err == nil {
							cells[i] = x
						}
					}
				}
				if err := t.Row(cells...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := t.Close(); err != nil {
			return err
		}
	}
	_, err = wb.WriteTo(w)
	return err
}
