package web_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
)

// pageKinds are pages of every kind, as a reader reaches them.
var pageKinds = []string{
	"/u/24", "/u/24?period=2021", "/u/27?period=2021", "/u/24?period=2010", "/u/VN",
	"/u/24/about", "/u/27/about", "/u/RRD@2025-07-01/about",
	"/u/24/i/EXPORTS", "/u/27/i/GRDP?dims=price%3Dcurrent", "/u/24/i/IP_COUNT?dims=stage%3Dplanning_approved",
	"/p/NQ-DH20-BN", "/p/KH-2025-BN", "/p/MT-2026-BN", "/p/54-NQ/TW",
	"/p/NQ-DH20-BN/t/1", "/p/NQ-DH20-BN/t/2", "/p/NQ-DH20-BN/t/3", "/p/KH-2025-BN/t/1", "/p/MT-2026-BN/t/1", "/p/DT-NS-2025-BN/t/1",
	"/compare", "/compare?indicator=GRDP_GROWTH&period=2025", "/compare?indicator=GRDP&dims=price%3Dcurrent&period=2021&group=RRD",
	"/plans", "/units", "/units?level=province&date=2025-06-30", "/units?q=bac", "/search?q=ninh", "/search?q=xyzzy",
	"/u/24/report", "/check", "/u/24/check",
	"/nope", "/u/99", "/static/nope.css", "/u/24?period=20x",
}

func cookie(w interface{ Result() *http.Response }, name string) string {
	for _, c := range w.Result().Cookies() {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// The language is a choice kept in a cookie, and / keeps it on its way to
// the dashboard; Vietnamese is the default whatever the browser asks.
func TestRootKeepsTheLanguage(t *testing.T) {
	h := server(t)
	w := get(t, h, "/?lang=en", "Accept-Language", "vi")
	if w.Code != http.StatusFound || w.Header().Get("Location") != "/u/24?lang=en" || cookie(w, "lang") != "en" {
		t.Fatalf("/?lang=en: %d to %q, cookie %q", w.Code, w.Header().Get("Location"), cookie(w, "lang"))
	}
	if body := get(t, h, "/u/24", "Cookie", "lang=en").Body.String(); !strings.Contains(body, `<html lang="en">`) {
		t.Error("the cookie does not keep English")
	}
	if w := get(t, h, "/", "Accept-Language", "en-US,en;q=0.9"); w.Header().Get("Location") != "/u/24" || cookie(w, "lang") != "" {
		t.Errorf("/ for an English browser: to %q, cookie %q", w.Header().Get("Location"), cookie(w, "lang"))
	}
	if body := get(t, h, "/u/24", "Accept-Language", "en-US,en;q=0.9").Body.String(); !strings.Contains(body, `<html lang="vi">`) {
		t.Error("an English browser gets English without asking for it")
	}
}

// / opens the dashboard the reader opened last.
func TestDefaultUnitIsTheLastChoice(t *testing.T) {
	h := server(t)
	w := get(t, h, "/u/27")
	if cookie(w, "unit") != "27" {
		t.Fatalf("the dashboard of 27 does not remember it: %q", cookie(w, "unit"))
	}
	if w := get(t, h, "/", "Cookie", "unit=27"); w.Header().Get("Location") != "/u/27" {
		t.Errorf("/ after 27: to %q", w.Header().Get("Location"))
	}
	if w := get(t, h, "/?lang=vi", "Cookie", "unit=24@2025-07-01"); w.Header().Get("Location") != "/u/24@2025-07-01?lang=vi" {
		t.Errorf("/ after 24@2025-07-01: to %q", w.Header().Get("Location"))
	}
	for _, bad := range []string{"99", "24/../x", ""} {
		if w := get(t, h, "/", "Cookie", "unit="+bad); w.Header().Get("Location") != "/u/24" {
			t.Errorf("/ with unit cookie %q: to %q", bad, w.Header().Get("Location"))
		}
	}
	if w := get(t, h, "/u/99"); cookie(w, "unit") != "" {
		t.Error("an unknown unit is remembered")
	}
	if w := get(t, h, "/"); !strings.Contains(w.Header().Get("Vary"), "Cookie") {
		t.Error("/ does not say it varies on the cookie")
	}
}

// Pages say what they vary on, so that no cache hands one reader's
// language to another.
func TestVary(t *testing.T) {
	h := server(t)
	for _, u := range []string{"/u/24", "/plans", "/units?format=csv", "/search?q=x"} {
		w := get(t, h, u, "Accept-Encoding", "gzip")
		vary := strings.Join(w.Header().Values("Vary"), ", ")
		if !strings.Contains(vary, "Cookie") || !strings.Contains(vary, "Accept-Encoding") {
			t.Errorf("%s: Vary %q", u, vary)
		}
	}
}

// An address with no page answers the error page in the reader's language,
// never Go's plain "404 page not found", with a language link that works.
func TestNotFoundInTheReadersLanguage(t *testing.T) {
	h := server(t)
	for _, u := range []string{"/nope", "/static/nope.css", "/static/", "/u/99", "/u/99/about", "/p/NOPE", "/p/NQ-DH20-BN/t/0", "/u/24/i/NOPE", "/u/", "/p/NQ-DH20-BN/x"} {
		for l, title := range map[string]string{"vi": "Không tìm thấy", "en": "Not Found"} {
			w := get(t, h, u, "Cookie", "lang="+l)
			body := w.Body.String()
			if w.Code != 404 || !strings.Contains(body, `<html lang="`+l+`">`) || !strings.Contains(body, "<h1>"+title+"</h1>") || strings.Contains(body, "404 page not found") {
				t.Errorf("%s (%s): %d\n%.400s", u, l, w.Code, body)
				continue
			}
			link := langLink(t, body)
			if link == "" {
				t.Errorf("%s (%s): no language link", u, l)
				continue
			}
			ref, _ := url.Parse(u)
			target := ref.ResolveReference(mustURL(t, link))
			w2 := get(t, h, target.String())
			other := map[string]string{"vi": "en", "en": "vi"}[l]
			if w2.Code != 404 || !strings.Contains(w2.Body.String(), `<html lang="`+other+`">`) || cookie(w2, "lang") != other {
				t.Errorf("%s (%s): the language link %s gives %d in the wrong language", u, l, link, w2.Code)
			}
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// langLink is the href of the page's language switch.
func langLink(t *testing.T, body string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var href string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			isLang := false
			for _, a := range n.Attr {
				if a.Key == "class" && a.Val == "lang" {
					isLang = true
				}
			}
			for _, a := range n.Attr {
				if isLang && a.Key == "href" {
					href = a.Val
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return href
}

// The language link keeps the page's own parameters.
func TestLanguageLinkKeepsTheQuery(t *testing.T) {
	h := server(t)
	body := get(t, h, "/u/27?period=2021", "Cookie", "lang=vi").Body.String()
	if got := langLink(t, body); got != "/u/27?lang=en&period=2021" {
		t.Errorf("language link %q", got)
	}
}

// Every page has the search box, the menu that collapses on a phone
// (without a script) and the language switch.
func TestEveryPageHasTheFrame(t *testing.T) {
	h := server(t)
	for _, u := range pageKinds {
		body := get(t, h, u).Body.String()
		for _, want := range []string{`<form class="search" method="get" action="/search" role="search">`, `<details class="narrow"><summary>Danh mục</summary>`, `class="lang"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", u, want)
			}
		}
	}
}

// The search finds units, indicators and plans by name in either language,
// with or without diacritics, and by code.
func TestSearch(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		q, lang string
		want    []string
		not     []string
	}{
		{"bac ninh", "vi", []string{`href="/u/24@2025-07-01">Bắc Ninh</a>`, `href="/u/27@1997-01-01">Bắc Ninh</a>`, `href="/p/NQ-DH20-BN">`}, nil},
		{"xuat khau", "vi", []string{`href="/compare?indicator=EXPORTS">Kim ngạch xuất khẩu hàng hóa</a>`}, nil},
		{"exports", "en", []string{`href="/compare?indicator=EXPORTS">Exports of goods</a>`}, nil},
		{"54-NQ/TW", "en", []string{`href="/p/54-NQ%2FTW">`}, nil},
		{"Quang Ninh", "en", []string{"Quang Ninh"}, []string{"Bac Ninh"}},
		{"xyzzy", "vi", []string{"Không tìm thấy đơn vị, chỉ tiêu hay kế hoạch nào có “xyzzy”"}, nil},
		{"xyzzy", "en", []string{"No unit, indicator or plan matches “xyzzy”"}, nil},
	} {
		body := get(t, h, "/search?q="+url.QueryEscape(c.q), "Cookie", "lang="+c.lang).Body.String()
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("search %q (%s) lacks %s", c.q, c.lang, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(body, w) {
				t.Errorf("search %q (%s) has %s", c.q, c.lang, w)
			}
		}
	}
}

// /units lists the units of a level valid on a date: today's 34
// provinces by default, the 63 before the merger on 2025-06-30.
func TestUnitsByLevelAndDate(t *testing.T) {
	h := server(t)
	rows := regexp.MustCompile(`<tr><td class="c-name">`)
	for _, c := range []struct {
		url, lang string
		status    int
		rows      int
		want      string
	}{
		{"/units", "vi", 200, 34, "34 đơn vị đang có hiệu lực"},
		{"/units", "en", 200, 34, "34 units valid today"},
		{"/units?level=province&date=2025-06-30", "en", 200, 63, "63 units valid on 2025-06-30"},
		{"/units?level=region&date=2025-07-01", "vi", 200, 6, "vùng"},
		{"/units?level=all", "en", 200, 41, "Viet Nam"},
		{"/units?q=bac+ninh", "en", 200, 2, `named “bac ninh”`},
		{"/units?level=planet", "vi", 400, 0, "Cấp planet không có"},
		{"/units?date=2025-13-01", "en", 400, 0, "date"},
	} {
		w := get(t, h, c.url, "Cookie", "lang="+c.lang)
		body := w.Body.String()
		if w.Code != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s (%s): %d, want %d and %q", c.url, c.lang, w.Code, c.status, c.want)
		}
		if c.status == 200 {
			if n := len(rows.FindAllString(body, -1)); n != c.rows {
				t.Errorf("%s: %d units, want %d", c.url, n, c.rows)
			}
		}
	}
}

// The dashboard opens with how the targets stand, then each plan's
// targets with their verdicts, then the year's figures with their units,
// growth, ranks (saying how many have data), plans by name, a legend and
// the sources.
func TestDashboardForTheLeader(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		url, lang string
		want      []string
		not       []string
	}{
		{"/u/24", "en", []string{
			`<nav class="crumbs" aria-label="breadcrumbs"><a href="/units">Units</a> › <a href="/u/VN">Viet Nam</a> › <span>Bac Ninh</span></nav>`,
			"12 targets, judged at their deadlines: 3 achieved, 9 not assessable.",
			// The legend names the statuses of both bars.
			`<p class="legend"><span class="status s-achieved">achieved</span> <span class="status s-on_track">on track</span> <span class="status s-off_track">off track</span> <span class="status s-not_assessable">not assessable</span> </p>`,
			`<svg class="statusbar"`, `<rect class="s-achieved" x="0.0" y="0" width="250.0" height="24"><title>achieved: 3</title></rect>`,
			"Of these, 8 cannot be judged at their deadlines; as of 2024, the last year with figures: 1 on track, 1 off track, 6 not assessable.",
			"targets of Bac Ninh (27), the unit before 2025-07-01",
			`<span class="asof">as of 2024: <span class="status s-on_track">on track</span></span>`,
			"VND 33.227 trillion (2021)", "at least VND 37.4 trillion", "7–8%/year", "2021–2025",
			`title="Bac Ninh state budget revenue estimate 2025">budget estimate 2025: 127.6 %</a>`,
			"national: 5th of 12 with data (of 34)", "Red River Delta: 4th of 5 with data (of 6)",
			`<td class="mu" data-label="Measure unit">count</td>`, `<td class="mu" data-label="Measure unit">VND bn</td>`,
			"<i>Italics</i>: estimated, provisional, forecast or imputed figures", `<abbr class="obs">E</abbr> estimated`,
			`<ol class="sources"><li id="src-1">`, `<sup><a href="#src-1">1</a></sup>`,
			`<option selected>2025</option>`, `<option>2005</option>`,
			`href="/u/24?format=csv" download>CSV</a>`, `href="/u/24?format=xlsx" download>XLSX</a>`,
		}, []string{"1/34", "DT-NS-2025-BN:", "KH-2025-BN:"}},
		{"/u/24", "vi", []string{
			"12 mục tiêu, đánh giá đến thời hạn: 3 đã đạt, 9 không đánh giá được.",
			"tính đến năm 2024, năm cuối có số liệu: 1 đúng tiến độ, 1 chậm tiến độ, 6 không đánh giá được.",
			"33,227 nghìn tỷ đồng (2021)", "tối thiểu 37,4 nghìn tỷ đồng", "7–8%/năm",
			"dự toán ngân sách 2025: 127,6 %", "kế hoạch năm 2025: 126,0 %",
			"cả nước: thứ 5 trong 12 có số liệu (trên 34)", `<td class="mu" data-label="Đơn vị tính">số lượng</td>`,
			"<i>Chữ nghiêng</i>: số ước tính", `<abbr class="obs">E</abbr> ước tính`, "Tính theo công thức: Kim ngạch xuất khẩu hàng hóa - Kim ngạch nhập khẩu hàng hóa",
		}, []string{"1/34", "EXPORTS - IMPORTS"}},
		{"/u/24?period=2010", "vi", []string{"Không có số liệu năm 2010 của Bắc Ninh.", `<a href="?period=2025">2025</a>`}, []string{`<table class="facts`}},
		{"/u/24?period=2010", "en", []string{"Bac Ninh has no figures for 2010.", "Years with figures:"}, nil},
		{"/u/27?period=2021", "en", []string{"national: 7th of 63", "Red River Delta: 3rd of 11", `<option selected>2021</option>`}, nil},
		{"/u/24?period=2021", "en", []string{"(rebuilt)", "Rebuilt on the territory of Bac Ninh (24) from the figures of the units before it: Bac Giang (24), Bac Ninh (27)"}, nil},
	} {
		body := get(t, h, c.url, "Cookie", "lang="+c.lang).Body.String()
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s (%s) lacks %s", c.url, c.lang, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(body, w) {
				t.Errorf("%s (%s) has %s", c.url, c.lang, w)
			}
		}
	}
}

// Targets are written from their kind, with the verdict as of the last
// year with figures beside a final one that cannot be given, and the
// method in words.
func TestTargetPages(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		url, lang string
		want      []string
		not       []string
	}{
		{"/p/NQ-DH20-BN/t/2", "vi", []string{"7–8%/năm", "tăng bình quân/năm", "phương pháp Thống kê Canada", "2021–2025: không đánh giá được (địa giới thay đổi ngày 01/07/2025)", "Gãy chuỗi: số liệu 2021 và 2023 từ hai nguồn khác nhau (Tổng kết 17 năm thực hiện Nghị quyết 54-NQ/TW"}, []string{"– 7 – 8", "statcan", "avg_growth"}},
		{"/p/NQ-DH20-BN/t/2", "en", []string{"7–8%/year", "average growth per year", "Statistics Canada method", `<nav class="crumbs" aria-label="breadcrumbs"><a href="/plans">Plans</a> › <a href="/p/NQ-DH20-BN">Resolution of the 20th Bac Ninh Provincial Party Congress, 2020-2025 term</a>`}, []string{"– 7 – 8", "VND bn</td>"}},
		{"/p/MT-2026-BN/t/1", "vi", []string{"tối thiểu 10%", "tăng trong kỳ"}, []string{"– 10 –", "– tỷ đồng"}},
		{"/p/NQ-DH20-BN/t/1", "en", []string{"2025: not assessable (boundary changed on 2025-07-01); as of 2024: on track", "at least VND 37.4 trillion", "VND 33.227 trillion (2021)"}, nil},
		{"/p/KH-2025-BN/t/1", "vi", []string{"kế hoạch 74,6 tỷ USD", "94 tỷ USD (126,0%)", "126,0 %"}, nil},
	} {
		body := get(t, h, c.url, "Cookie", "lang="+c.lang).Body.String()
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s (%s) lacks %s", c.url, c.lang, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(body, w) {
				t.Errorf("%s (%s) has %s", c.url, c.lang, w)
			}
		}
	}
}

// The pages name levels, kinds and histories in words.
func TestNamesNotCodes(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		url, lang string
		want      []string
	}{
		{"/u/24/about", "vi", []string{"<tr><th>Cấp</th><td>tỉnh</td></tr>", "Bắc Ninh (24) hình thành ngày 01/07/2025 từ Bắc Ninh (27) và Bắc Giang (24)", "Đồng bằng sông Hồng"}},
		{"/u/08@2025-07-01/about", "en", []string{"Tuyen Quang (08) formed on 2025-07-01 from the old Tuyen Quang (08) and Ha Giang (02)"}},
		{"/p/NQ-DH20-BN", "vi", []string{"nghị quyết <small>(mã NQ-DH20-BN)</small>", "phương pháp Thống kê Canada"}},
		{"/plans", "vi", []string{"<td data-label=\"Loại\">kết luận</td>", "<td data-label=\"Loại\">dự toán ngân sách</td>"}},
	} {
		body := get(t, h, c.url, "Cookie", "lang="+c.lang).Body.String()
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s (%s) lacks %s", c.url, c.lang, w)
			}
		}
	}
}

// Every table the pages offer downloads, from a link on the page, as a CSV
// Excel reads (a byte-order mark, headers in the page's language, names
// beside codes, one value per cell, no "1/34" a spreadsheet turns into a
// date) and as an XLSX whose figures are numbers.
func TestDownloadsOpenInASpreadsheet(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		page             string
		vi, en           []string // headers that must be there
		numberColumn     string   // an English header whose cells are numbers
		rowWith, cellVal string   // a row holding this text has this cell
	}{
		{"/u/24", []string{"Mã chỉ tiêu", "Chỉ tiêu", "Giá trị", "Đơn vị tính", "Hạng cả nước", "Số đơn vị có số liệu", "% kế hoạch"},
			[]string{"Indicator code", "Indicator", "Value", "Measure unit", "National rank", "Ranked among", "With data", "% of plan"}, "Value", "EXPORTS", "94"},
		{"/p/NQ-DH20-BN", []string{"Mã chỉ tiêu", "Giá trị mục tiêu", "Cận dưới", "Cận trên", "Đơn vị tính", "Mục tiêu", "Đánh giá"},
			[]string{"Indicator code", "Target value", "Low", "High", "Measure unit", "Target", "Status", "As of"}, "High", "7–8%", "8"},
		{"/plans", []string{"Mã kế hoạch", "Tên", "Loại", "Đơn vị"}, []string{"Plan code", "Title", "Kind", "Unit", "Targets"}, "Targets", "NQ-DH20-BN", "8"},
		{"/units", []string{"Mã", "Tên", "Cấp"}, []string{"Code", "Name", "Level", "Valid from"}, "", "Bac Ninh", "24"},
		{"/u/24/about", []string{"Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính"}, []string{"Indicator code", "Indicator", "Measure unit", "Figures"}, "Figures", "EXPORTS", "2"},
	} {
		for _, l := range []string{"vi", "en"} {
			page := get(t, h, c.page, "Cookie", "lang="+l).Body.String()
			for _, f := range []string{"csv", "xlsx"} {
				if !regexp.MustCompile(`href="` + regexp.QuoteMeta(c.page) + `\?(period=\d+&amp;)?format=` + f + `" download>` + strings.ToUpper(f) + `</a>`).MatchString(page) {
					t.Errorf("%s (%s) has no visible %s link", c.page, l, f)
				}
			}
			u := withFormat(c.page, "csv")
			w := get(t, h, u, "Cookie", "lang="+l)
			b := w.Body.Bytes()
			if w.Code != 200 || !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) || !strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
				t.Errorf("%s (%s): %d, no byte-order mark or not an attachment", u, l, w.Code)
				continue
			}
			recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
			if err != nil || len(recs) < 2 {
				t.Errorf("%s (%s): %v, %d rows", u, l, err, len(recs))
				continue
			}
			want := c.vi
			if l == "en" {
				want = c.en
			}
			for _, hd := range want {
				if !contains(recs[0], hd) {
					t.Errorf("%s (%s): no column %q in %q", u, l, hd, recs[0])
				}
			}
			for _, rec := range recs[1:] {
				for _, cell := range rec {
					if regexp.MustCompile(`^\d+/\d+$`).MatchString(cell) {
						t.Errorf("%s (%s): the cell %q turns into a date in Excel", u, l, cell)
					}
				}
			}
			found := false
			for _, rec := range recs[1:] {
				if contains(rec, c.rowWith) || containsPrefix(rec, c.rowWith) {
					found = found || contains(rec, c.cellVal)
				}
			}
			if !found {
				t.Errorf("%s (%s): no row with %q holds %q", u, l, c.rowWith, c.cellVal)
			}
			// The XLSX: the same table, figures as numbers.
			x := get(t, h, withFormat(c.page, "xlsx"), "Cookie", "lang="+l)
			f, err := excelize.OpenReader(x.Body)
			if err != nil {
				t.Errorf("%s xlsx (%s): %v", c.page, l, err)
				continue
			}
			sheet := f.GetSheetName(0)
			rows, _ := f.GetRows(sheet)
			if len(rows) != len(recs) || strings.Join(rows[0], "|") != strings.Join(recs[0], "|") {
				t.Errorf("%s xlsx (%s): %d rows, header %q; the CSV has %d, %q", c.page, l, len(rows), rows[0], len(recs), recs[0])
			}
			if l == "en" && c.numberColumn != "" {
				col := index(recs[0], c.numberColumn)
				numbers := 0
				for i := 1; i < len(rows); i++ {
					name, _ := excelize.CoordinatesToCellName(col+1, i+1)
					if typ, _ := f.GetCellType(sheet, name); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
						if v, _ := f.GetCellValue(sheet, name); v != "" {
							numbers++
						}
					} else {
						t.Errorf("%s xlsx: %s is a %v, not a number", c.page, name, typ)
					}
				}
				if numbers == 0 {
					t.Errorf("%s xlsx: no number in column %s", c.page, c.numberColumn)
				}
			}
			f.Close()
		}
	}
}

// Numbers are rounded as the page shows them, and ranks come as three
// numbers (rank, peers, peers with data), none where too few have data.
func TestKeyFiguresDownloadAsShown(t *testing.T) {
	h := server(t)
	w := get(t, h, "/u/24?format=csv", "Cookie", "lang=en")
	recs, err := csv.NewReader(bytes.NewReader(w.Body.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int { return index(recs[0], name) }
	rows := map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[col("Indicator code")]+"|"+r[col("Dimensions")]] = r
	}
	g := rows["GRDP_GROWTH|"]
	if g == nil || g[col("National rank")] != "5" || g[col("Ranked among")] != "34" || g[col("With data")] != "12" || g[col("Value")] != "10.27" {
		t.Errorf("GRDP growth: %q", g)
	}
	e := rows["EXPORTS|"]
	if e == nil || e[col("Growth on the year before (%)")] != "36.1" || e[col("National rank")] != "" || e[col("Plan")] != "Bac Ninh socio-economic development plan 2025" || e[col("% of plan")] != "126.0" {
		t.Errorf("exports: %q", e)
	}
	if tb := rows["TRADE_BALANCE|"]; tb == nil || tb[col("Value")] != "6.00" || tb[col("Measure unit")] != "USD bn" {
		t.Errorf("trade balance, derived: %q", tb)
	}
	if ip := rows["IP_COUNT|planning approved"]; ip == nil || ip[col("Measure unit")] != "count" || ip[col("Indicator")] != "Industrial parks (planning approved)" {
		t.Errorf("industrial parks: %q", ip)
	}
}

func contains(xs []string, s string) bool { return index(xs, s) >= 0 }

func containsPrefix(xs []string, s string) bool {
	for _, x := range xs {
		if strings.HasPrefix(x, s) || strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func index(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}
