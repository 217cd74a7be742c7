package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planwatch"
	"planwatch/demo"
	"planwatch/period"
	"planwatch/sqlite"
	"planwatch/web"
)

// revisedServer serves the demo with a revision of Bắc Ninh's 2025 exports
// by an officer, a figure citing a source by its code, and a structure by
// sector.
func revisedServer(t *testing.T) http.Handler {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{RecordedBy: "import", Approved: true}); err != nil {
		t.Fatal(err)
	}
	obs := func(code, dims, per string, v float64, status, source string) planwatch.ObservationRecord {
		return planwatch.ObservationRecord{Unit: "24", Observation: planwatch.Observation{Indicator: code, Dims: planwatch.Dims(dims),
			Period: period.MustParse(per), Value: v, Status: status, Source: source}}
	}
	rev := &planwatch.Batch{Observations: []planwatch.ObservationRecord{
		obs("EXPORTS", "", "2025", 94.2, "A", "BBN-2025-12-31: trang 2"),
		obs("GRDP_SECTOR_SHARE", "sector=agriculture", "2025", 3.1, "A", "official"),
		obs("GRDP_SECTOR_SHARE", "sector=industry_construction", "2025", 68.4, "A", "official"),
		obs("GRDP_SECTOR_SHARE", "sector=services", "2025", 20.5, "A", "official"),
		obs("GRDP_SECTOR_SHARE", "sector=product_taxes", "2025", 8.0, "A", "official"),
	}}
	if _, err := planwatch.Apply(ctx, db, rev, planwatch.ApplyOptions{RecordedBy: "can.bo", Approved: true}); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(db, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// Every figure shows with its versions (who recorded each, when) and its
// source as the document's title in the page's language, in a footnote.
func TestIndicatorRevisionsAndSources(t *testing.T) {
	h := revisedServer(t)
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"vi", []string{"bản 1: 94,00 (ước tính), import,", "bản 2: 94,20 (chính thức), can.bo,", `<li id="src-`,
			"Báo và Phát thanh - Truyền hình Bắc Ninh (bản tiếng Anh): Chủ tịch UBND tỉnh Phạm Hoàng Sơn trả lời phỏng vấn", ", 31/12/2025<br>",
			`<span class="quote">trang 2</span>`, "exports were estimated at 94 billion USD"}},
		{"en", []string{"v1: 94.00 (estimated), import,", "v2: 94.20 (normal), can.bo,", "Bac Ninh Newspaper and Radio - Television (English edition): Making breakthroughs",
			", 2025-12-31<br>", "exports were estimated at 94 billion USD"}},
	} {
		body := get(t, h, "/u/24/i/EXPORTS?lang="+c.lang).Body.String()
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: lacks %q", c.lang, w)
			}
		}
		// Each figure's source cell links to a footnote that exists.
		for _, m := range regexp.MustCompile(`<a href="#(src-\d+)">`).FindAllStringSubmatch(body, -1) {
			if !strings.Contains(body, `id="`+m[1]+`"`) {
				t.Errorf("%s: no footnote %s", c.lang, m[1])
			}
		}
	}
	en := get(t, h, "/u/24/i/EXPORTS?lang=en").Body.String()
	if _, notes, _ := strings.Cut(en, `<ol class="footnotes">`); strings.Contains(notes, "Báo và Phát thanh") || strings.Contains(notes, "trả lời phỏng vấn") {
		t.Error("en: a source in Vietnamese where it has an English title")
	}
}

// The chart and the table: the plan figure on the series, figures drawn by
// kind, statuses and breaks in words.
func TestIndicatorChartAndTable(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		url, lang string
		want      []string
	}{
		{"/u/24/i/EXPORTS", "vi", []string{`<rect class="plan"`, "<title>kế hoạch 74,6 tỷ USD (2025, KH-2025-BN)</title>", `class="dot imp"`, `class="dot est"`,
			"<td>suy ra</td>", "<td>ước tính</td>", "Mục tiêu và chỉ tiêu kế hoạch", `href="/p/KH-2025-BN/t/1"`, "(tỷ USD)"}},
		{"/u/24/i/EXPORTS", "en", []string{`<rect class="plan"`, "<title>plan USD 74.6 bn (2025, KH-2025-BN)</title>", "<td>imputed</td>", "<td>estimated</td>", ">plan figure</text>"}},
		{"/u/27/i/GRDP?dims=price%3Dcurrent", "vi", []string{`<tr class="brk">`, "Gãy chuỗi: số liệu 2022 và 2023 từ hai nguồn khác nhau", `<rect class="brk-hit"`, "<td>chính thức", ">gãy chuỗi (nguồn khác, không so sánh được)</text>"}},
		{"/u/27/i/GRDP?dims=price%3Dcurrent", "en", []string{`<tr class="brk">`, "Break in the series: 2022 and 2023 come from different sources", "<td>normal"}},
	} {
		body := get(t, h, c.url+sep(c.url)+"lang="+c.lang).Body.String()
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s (%s): lacks %q", c.url, c.lang, w)
			}
		}
	}
	// A legend only of what is drawn: no plan, no break where there is none.
	body := get(t, h, "/u/27/i/GRDP?dims=price%3Dcurrent&lang=en").Body.String()
	if strings.Contains(body, ">plan figure</text>") || strings.Contains(body, ">derived, not published</text>") {
		t.Error("the legend names what the chart does not draw")
	}
	if !strings.Contains(body, `width="100%"`) || !strings.Contains(body, `class="chart-narrow"`) {
		t.Error("the chart does not take the page's width, or has no version for phones")
	}
}

// The rank among provinces as bars, saying how many have figures; the
// structure by sector as stacked bars with the sectors named.
func TestIndicatorRankAndStructure(t *testing.T) {
	h := revisedServer(t)
	for _, c := range []struct {
		url, lang string
		want      []string
	}{
		{"/u/24/i/EXPORTS", "vi", []string{"Xếp hạng trong các tỉnh, thành phố 2025", "1 trên 34 tỉnh, thành phố có số liệu; Bắc Ninh: thứ 1 trong 1 có số liệu (trên 34)", `<rect class="ibar hl"`}},
		{"/u/24/i/EXPORTS", "en", []string{"Rank among provinces 2025", "1 of 34 provinces have figures; Bac Ninh: 1st of 1 with data (of 34)"}},
		{"/u/27/i/GRDP?dims=price%3Dcurrent", "en", []string{"Rank among provinces 2024"}},
		{"/u/27/i/GRDP?dims=price%3Dcurrent&period=2021", "vi", []string{"Xếp hạng"}},
		{"/u/24/i/GRDP_SECTOR_SHARE", "vi", []string{"Cơ cấu theo khu vực kinh tế", "nông, lâm nghiệp và thủy sản", `<td class="num">68,4</td>`, `<rect class="part part1"`}},
		{"/u/24/i/GRDP_SECTOR_SHARE", "en", []string{"Structure by sector", "industry and construction", `<td class="num">68.4</td>`}},
	} {
		body := get(t, h, c.url+sep(c.url)+"lang="+c.lang).Body.String()
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s (%s): lacks %q", c.url, c.lang, w)
			}
		}
		if strings.Contains(body, "1/34") {
			t.Errorf("%s (%s): a rank 1/34", c.url, c.lang)
		}
	}
}

// The downloads: headers, statuses and the measure unit in the page's
// language, every version a row, numbers as numbers.
func TestIndicatorDownloads(t *testing.T) {
	h := revisedServer(t)
	w := get(t, h, "/u/24/i/EXPORTS?lang=vi&format=csv")
	if !strings.HasPrefix(w.Body.String(), "\ufeff") {
		t.Error("csv: no byte-order mark, which Excel needs to read UTF-8")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("csv: %d records, %v\n%s", len(recs), err, w.Body.String())
	}
	if got := strings.Join(recs[0][:9], "|"); got != "Mã đơn vị|Đơn vị|Mã chỉ tiêu|Chỉ tiêu|Phân tổ|Kỳ|Giá trị|Đơn vị tính|Trạng thái" {
		t.Errorf("csv header %s", got)
	}
	if got := strings.Join(recs[3][5:13], "|"); got != "2025|94.20|tỷ USD|chính thức|A|2|có|can.bo" {
		t.Errorf("csv last row %s", got)
	}
	if !strings.HasPrefix(recs[3][14], "BBN-2025-12-31") {
		t.Errorf("csv source %q", recs[3][14])
	}
	w = get(t, h, "/u/24/i/EXPORTS?lang=en&format=xlsx")
	f, err := excelize.OpenReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if v, _ := f.GetCellValue(sheet, "I1"); v != "Status" {
		t.Errorf("xlsx I1 %q", v)
	}
	if typ, _ := f.GetCellType(sheet, "G2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("xlsx G2 is %v", typ)
	}
	for _, lang := range []string{"vi", "en"} {
		body := get(t, h, "/u/24/i/EXPORTS?lang="+lang).Body.String()
		if !strings.Contains(body, `href="?format=csv" download>CSV</a>`) || !strings.Contains(body, `href="?format=xlsx" download>XLSX</a>`) {
			t.Errorf("%s: no download links", lang)
		}
	}
}
