package web_test

import (
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// rowsOf are the table's rows on /compare: the rank cell, the code, the
// name and the figure as shown, and whether the row is the selection.
type cmpRow struct {
	rank, code, name, value string
	selected                bool
}

var cmpRowRE = regexp.MustCompile(`<tr( class="sel")?><td class="num">([^<]*)</td><td class="code">([^<]*)</td><td><a href="[^"]*">([^<]*)</a>(?: <small>[^<]*</small>)?</td><td class="num">([^<]*)</td>`)

func cmpRows(t *testing.T, body string) []cmpRow {
	t.Helper()
	var out []cmpRow
	for _, m := range cmpRowRE.FindAllStringSubmatch(body, -1) {
		out = append(out, cmpRow{m[2], m[3], m[4], m[5], m[1] != ""})
	}
	if len(out) == 0 {
		t.Fatalf("no rows in\n%.3000s", body)
	}
	return out
}

func selected(rows []cmpRow) []string {
	var out []string
	for _, r := range rows {
		if r.selected {
			out = append(out, r.code+" "+r.name)
		}
	}
	return out
}

// The selected unit is an identity: the default page, GRDP 2021, is
// before the new Bắc Ninh (24) was formed, so it marks the old Bắc Ninh
// (27) and Bắc Giang, coded 24 then, and says why; in 2025 it marks the
// new Bắc Ninh alone.
func TestCompareSelectionAtPeriod(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		url, lang string
		sel       []string
		note      string
	}{
		{"/compare", "vi", []string{"27 Bắc Ninh", "24 Bắc Giang"}, "là trước khi đơn vị này hình thành: đánh dấu Bắc Ninh (27) và Bắc Giang (24)."},
		{"/compare", "en", []string{"27 Bac Ninh", "24 Bac Giang"}, "2021 is before it was formed: Bac Ninh (27) and Bac Giang (24) are marked."},
		{"/compare?indicator=GRDP_GROWTH&period=2025", "vi", []string{"24 Bắc Ninh"}, ""},
		{"/compare?indicator=GRDP_GROWTH&period=2025", "en", []string{"24 Bac Ninh"}, ""},
		{"/compare?indicator=GRDP_GROWTH&period=2025&unit=27", "en", []string{"24 Bac Ninh"}, "2025 is after it ended: Bac Ninh (24) is marked."},
		{"/compare?indicator=GRDP_GROWTH&period=2025&unit=27", "vi", []string{"24 Bắc Ninh"}, "Kỳ 2025 là sau khi đơn vị này kết thúc: đánh dấu Bắc Ninh (24)."},
	} {
		body := get(t, h, c.url+sep(c.url)+"lang="+c.lang).Body.String()
		got := selected(cmpRows(t, body))
		if strings.Join(got, "|") != strings.Join(c.sel, "|") {
			t.Errorf("%s (%s): selected %v, want %v", c.url, c.lang, got, c.sel)
		}
		if c.note != "" && !strings.Contains(body, c.note) {
			t.Errorf("%s (%s): lacks the note %q", c.url, c.lang, c.note)
		}
		if c.note == "" && strings.Contains(body, "sel-note") {
			t.Errorf("%s (%s): a note where the unit existed", c.url, c.lang)
		}
		// The map outlines the same provinces: a halo and a line each.
		hl := regexp.MustCompile(`<g class="geo-highlight"[^>]*>(.*?)</g>`).FindStringSubmatch(body)
		if hl == nil || strings.Count(hl[1], "<path") != 2*len(c.sel) {
			t.Errorf("%s (%s): the map does not outline %d provinces: %v", c.url, c.lang, len(c.sel), hl)
		}
		// Never red.
		if strings.Contains(strings.ToLower(body), "red\"") || strings.Contains(body, "#d62728") || strings.Contains(body, "#c00") {
			t.Errorf("%s (%s): the selection is drawn red", c.url, c.lang)
		}
	}
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

// Large VND amounts are in nghìn tỷ đồng / VND trillion, the unit is
// named, and a column has one number of decimals.
func TestCompareColumn(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		url, lang, unit string
		first           cmpRow
		dec             int
	}{
		{"/compare?indicator=GRDP&dims=price%3Dcurrent&period=2021", "vi", "(nghìn tỷ đồng)", cmpRow{"1", "79", "Hồ Chí Minh", "1.338,3", false}, 1},
		{"/compare?indicator=GRDP&dims=price%3Dcurrent&period=2021", "en", "(VND trillion)", cmpRow{"1", "79", "Ho Chi Minh", "1,338.3", false}, 1},
		{"/compare?indicator=GRDP_GROWTH&period=2025", "vi", "(%)", cmpRow{"1", "22", "Quảng Ninh", "11,89", false}, 2},
		{"/compare?indicator=GRDP_GROWTH&period=2025", "en", "(%)", cmpRow{"1", "22", "Quang Ninh", "11.89", false}, 2},
	} {
		body := get(t, h, c.url+"&lang="+c.lang).Body.String()
		if !strings.Contains(body, "<small>"+c.unit+"</small>") {
			t.Errorf("%s (%s): no measure unit %s", c.url, c.lang, c.unit)
		}
		rows := cmpRows(t, body)
		if rows[0] != c.first {
			t.Errorf("%s (%s): first row %v, want %v", c.url, c.lang, rows[0], c.first)
		}
		point := "."
		if c.lang == "vi" {
			point = ","
		}
		for _, r := range rows {
			if r.value == "–" {
				continue
			}
			i := strings.LastIndex(r.value, point)
			if i < 0 || len(r.value)-i-1 != c.dec {
				t.Errorf("%s (%s): %s has not %d decimals", c.url, c.lang, r.value, c.dec)
			}
		}
	}
}

// Groups are named, offered only when they have provinces at the period,
// and an unknown one is a 404; dimensions are a select of the indicator's
// values.
func TestCompareChoices(t *testing.T) {
	h := server(t)
	vi21 := get(t, h, "/compare?lang=vi").Body.String()
	en25 := get(t, h, "/compare?indicator=GRDP&period=2025&lang=en").Body.String()
	for _, w := range []string{`<option value="RRD">Đồng bằng sông Hồng (11)</option>`, `<select name="dims"><option value="price=current" selected>giá hiện hành</option>`} {
		if !strings.Contains(vi21, w) {
			t.Errorf("2021 (vi) lacks %s", w)
		}
	}
	if strings.Contains(vi21, `<input name="dims"`) || strings.Contains(vi21, `value="SCCH"`) {
		t.Error("2021: a free-text box for the dimensions, or a group formed in 2025")
	}
	if !strings.Contains(en25, `<option value="RRD">Red River Delta (6)</option>`) || strings.Contains(en25, `value="NCC"`) {
		t.Error("2025: the Red River Delta has 6 provinces, and the North Central and Central Coast region is gone")
	}
	for url, want := range map[string]int{
		"/compare?group=NOPE":                      404,
		"/compare?group=NCC&period=2025":           404, // a group of the 63 provinces
		"/compare?group=RRD&period=2025&lang=vi":   200,
		"/compare?indicator=NOPE":                  404,
		"/compare?indicator=GRDP&dims=price%3Dfoo": 200, // told, and shown the first
	} {
		if w := get(t, h, url); w.Code != want {
			t.Errorf("%s: %d, want %d", url, w.Code, want)
		}
	}
	if b := get(t, h, "/compare?indicator=GRDP&dims=price%3Dfoo&lang=en").Body.String(); !strings.Contains(b, "is not one of this indicator&#39;s: showing current prices") {
		t.Error("a breakdown the indicator lacks is not explained")
	}
	rrd := cmpRows(t, get(t, h, "/compare?indicator=GRDP&dims=price%3Dcurrent&period=2021&group=RRD&lang=vi").Body.String())
	if len(rrd) != 11 {
		t.Errorf("the Red River Delta in 2021 has %d rows, want 11", len(rrd))
	}
}

// A rank among few figures says how many have them, on the page and in
// the downloads, where rank, of and with_data are numbers of their own.
func TestCompareFewFigures(t *testing.T) {
	h := server(t)
	vi := get(t, h, "/compare?indicator=EXPORTS&period=2025&lang=vi").Body.String()
	en := get(t, h, "/compare?indicator=EXPORTS&period=2025&lang=en").Body.String()
	if !strings.Contains(vi, "thứ 1 trong 1 có số liệu (trên 34)") || !strings.Contains(vi, "1 trên 34 tỉnh, thành phố có số liệu") {
		t.Error("vi: the rank does not say how many provinces have figures")
	}
	if !strings.Contains(en, "1st of 1 with data (of 34)") || !strings.Contains(en, "1 of 34 provinces have figures") {
		t.Error("en: the rank does not say how many provinces have figures")
	}
	if strings.Contains(vi, "1/34") || strings.Contains(en, "1/34") {
		t.Error("a rank of 1/34 among one figure")
	}
	w := get(t, h, "/compare?indicator=EXPORTS&period=2025&lang=en&format=csv")
	if !strings.HasPrefix(w.Body.String(), "\ufeff") {
		t.Error("csv: no byte-order mark, which Excel needs to read UTF-8")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 35 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	head := strings.Join(recs[0], "|")
	if head != "Indicator code|Indicator|Breakdown|Period|Province code|Province|Value|Measure unit|Rank|Of|With data|Note" {
		t.Errorf("csv header %s", head)
	}
	if got := strings.Join(recs[1], "|"); got != "EXPORTS|Exports of goods||2025|24|Bac Ninh|94|USD bn|1|34|1|" {
		t.Errorf("csv first row %s", got)
	}
	if got := strings.Join(recs[2][8:11], "|"); got != "|34|1" {
		t.Errorf("a province without a figure is ranked: %s", got)
	}
	w = get(t, h, "/compare?indicator=EXPORTS&period=2025&lang=vi&format=xlsx")
	f, err := excelize.OpenReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	for _, cell := range []string{"G2", "I2", "J2", "K2", "J3", "K3"} {
		if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("xlsx %s is %v, not a number", cell, typ)
		}
		v, _ := f.GetCellValue(sheet, cell)
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			t.Errorf("xlsx %s = %q", cell, v)
		}
	}
	if v, _ := f.GetCellValue(sheet, "I1"); v != "Xếp hạng" {
		t.Errorf("xlsx header I1 %q", v)
	}
}

// The map draws the era's provinces (63 before 2025-07-01, 34 after),
// each linked and titled with its name and the figure as the table shows
// it, and hatches those without a figure.
func TestCompareMap(t *testing.T) {
	h := server(t)
	path := regexp.MustCompile(`<a href="(/u/[^"]+)"><path d="[^"]*" fill="([^"]*)" class="([^"]*)" data-code="([^"]*)"><title>([^<]*)</title></path></a>`)
	for _, c := range []struct {
		url, lang string
		n         int
	}{
		{"/compare?indicator=GRDP&dims=price%3Dcurrent&period=2021", "vi", 63},
		{"/compare?indicator=GRDP&dims=price%3Dcurrent&period=2021", "en", 63},
		{"/compare?indicator=GRDP_GROWTH&period=2025", "vi", 34},
		{"/compare?indicator=GRDP_GROWTH&period=2025", "en", 34},
		{"/compare?indicator=EXPORTS&period=2025", "en", 34},
	} {
		body := get(t, h, c.url+"&lang="+c.lang).Body.String()
		table := map[string]cmpRow{}
		for _, r := range cmpRows(t, body) {
			table[r.code] = r
		}
		ps := path.FindAllStringSubmatch(body, -1)
		if len(ps) != c.n {
			t.Errorf("%s (%s): %d provinces on the map, want %d", c.url, c.lang, len(ps), c.n)
		}
		hatched := 0
		for _, p := range ps {
			r, ok := table[p[4]]
			if !ok {
				t.Errorf("%s: %s on the map is not in the table", c.url, p[4])
				continue
			}
			if !strings.HasPrefix(p[1], "/u/") || !strings.Contains(p[1], "/i/") {
				t.Errorf("%s: %s links to %s", c.url, p[4], p[1])
			}
			if r.value == "–" {
				hatched++
				if p[3] != "geo-nodata" || !strings.HasPrefix(p[2], "url(#") {
					t.Errorf("%s: %s has no figure but is not hatched", c.url, p[4])
				}
				continue
			}
			if p[3] == "geo-nodata" || !strings.HasPrefix(p[5], r.name+": "+r.value) {
				t.Errorf("%s: %s titled %q, the table says %s", c.url, p[4], p[5], r.value)
			}
		}
		if c.n == 34 && c.url == "/compare?indicator=EXPORTS&period=2025" && hatched != 33 {
			t.Errorf("exports 2025: %d hatched, want 33", hatched)
		}
	}
}
