package web_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planwatch"
	"planwatch/demo"
	"planwatch/period"
	"planwatch/storetest/teststore"
	"planwatch/web"
)

func server(t testing.TB) http.Handler {
	t.Helper()
	h, _ := serverDB(t)
	return h
}

func serverDB(t testing.TB) (http.Handler, teststore.Store) {
	t.Helper()
	s, db := newServer(t)
	return s.Handler(), db
}

// newServer serves the demo from a new database (SQLite, or PostgreSQL
// under PLANWATCH_TEST_STORE=postgres).
func newServer(t testing.TB) (*web.Server, teststore.Store) {
	t.Helper()
	ctx := context.Background()
	db := teststore.New(t)
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(db, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

func gunzip(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatal("not gzipped")
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// A page is rendered once and then served from the cache, compressed or
// not, until the data change.
func TestPageCache(t *testing.T) {
	h, db := serverDB(t)
	first := gunzip(t, get(t, h, "/u/24?lang=en", "Accept-Encoding", "gzip"))
	again := gunzip(t, get(t, h, "/u/24?lang=en", "Accept-Encoding", "gzip"))
	plain := get(t, h, "/u/24?lang=en").Body.String()
	if first != again || again != plain || !strings.Contains(plain, "72,497") {
		t.Fatal("the cached page differs from the rendered one")
	}
	// New figures show once the server notices (it looks once a second) and
	// has loaded them in the background.
	f := planwatch.Observation{Indicator: "EXPORTS", Period: period.MustParse("2025"), Value: 95, Status: "A", Source: "official"}
	if _, err := planwatch.Apply(context.Background(), db, &planwatch.Batch{Observations: []planwatch.ObservationRecord{{Unit: "24", Observation: f}}}, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		body := get(t, h, "/u/24/i/EXPORTS?lang=en").Body.String()
		if strings.Contains(body, "v2: 95.00") && strings.Contains(body, "<title>2025: 95.00 USD bn") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the revision does not show:\n%.2000s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func get(t testing.TB, h http.Handler, url string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestPages(t *testing.T) {
	h := server(t)
	cases := []struct {
		url, lang string
		status    int
		want      []string
	}{
		{"/u/24", "en", 200, []string{"Bac Ninh", "Resolution of the 20th Bac Ninh Provincial Party Congress", "not assessable", "Key figures 2025", "72,497", "budget estimate 2025: 127.6 %", "national: 5th of 12 with data (of 34)", "<svg class=\"spark\""}},
		{"/u/24", "vi", 200, []string{"Bắc Ninh", "Số liệu chính 2025", "72.497", "127,6 %", "không đánh giá được", "đã đạt", "tỷ USD", "cả nước: thứ 5 trong 12 có số liệu (trên 34)"}},
		{"/u/27?period=2021", "en", 200, []string{"Key figures 2021", "230,634.1", "national: 7th of 63", "Red River Delta: 3rd of 11"}},
		{"/p/NQ-DH20-BN", "en", 200, []string{"at least VND 37.4 trillion", "boundary changed on 2025-07-01", "Targets", "7–8%/year"}},
		{"/p/KH-2025-BN/t/1", "en", 200, []string{"Exports of goods", "achieved", "126.01 % of the plan figure USD 74.6 bn", "<svg class=\"chart\""}},
		{"/u/24/i/EXPORTS", "en", 200, []string{"Exports of goods", "94", "69.07", "Making breakthroughs to turn Bac Ninh into high-tech industrial hub", "Rank among provinces"}},
		// Sources by their documents' titles in the page's language; the
		// congress resolution's wordings in Vietnamese marked as a
		// translation, its issuer and vision in the language.
		{"/u/24/i/EXPORTS", "vi", 200, []string{"Chủ tịch UBND tỉnh Phạm Hoàng Sơn trả lời phỏng vấn", "exports were estimated at 94 billion USD"}},
		{"/p/NQ-DH20-BN", "vi", 200, []string{"Phấn đấu tốc độ tăng trưởng kinh tế (GRDP) bình quân giai đoạn 2021 - 2025 đạt 7 - 8%/năm", "(bản dịch)", "Đảng bộ tỉnh Bắc Ninh", "Đến năm 2030, xây dựng Bắc Ninh"}},
		{"/p/NQ-DH20-BN", "en", 200, []string{"Bac Ninh Provincial Party Committee", "By 2030, build Bac Ninh as a city with a modern and high-tech industry"}},
		{"/u/27/i/GRDP?dims=price%3Dcurrent", "en", 200, []string{"230,634.1", "<rect class=\"ibar hl\""}},
		{"/compare?indicator=GRDP_GROWTH&period=2025", "en", 200, []string{"12 of 34 provinces have figures", "Quang Ninh", "10.27"}},
		{"/compare?indicator=GRDP&dims=price%3Dcurrent&period=2021&group=RRD&sort=name", "vi", 200, []string{"11 trên 11 tỉnh, thành phố có số liệu", "Bắc Ninh"}},
		{"/plans", "en", 200, []string{"Resolution 54-NQ/TW", "Conclusion 13-KL/TW", "Bac Ninh socio-economic objectives for 2026", "annual plan", "as of 2024: 1 on track, 1 off track, 6 not assessable"}},
		{"/units?q=bac+ninh", "en", 200, []string{"Bac Ninh", "2025-07-01"}},
		{"/u/24/about", "en", 200, []string{"Bac Giang", "Bac Ninh", "Red River Delta", "Bac Ninh (24) formed on 2025-07-01 from Bac Ninh (27) and Bac Giang (24)"}},
		{"/u/NCC@2025-06-30/about", "en", 200, []string{"North Central (NC)</a> 2025-07-01 (part, share unknown)", "South Central Coast and Central Highlands (SCCH)</a> 2025-07-01 (part, share unknown)"}},
		{"/u/SCCH/about", "vi", 200, []string{"Tây Nguyên (CH)</a> –01/07/2025</li>", "Bắc Trung Bộ và Duyên hải miền Trung (NCC)</a> –01/07/2025 (một phần, chưa rõ tỷ lệ)"}},
		{"/u/99", "en", 404, []string{"No unit has the code"}},
		{"/u/99", "vi", 404, []string{"Không có đơn vị nào mã"}},
		{"/p/NOPE", "vi", 404, []string{"NOPE"}},
		{"/p/NQ-DH20-BN/t/99", "en", 404, []string{"it has 8"}},
		{"/compare?period=2025Q5", "en", 400, []string{"period"}},
		{"/u/24?period=20x", "en", 400, []string{"period"}},
	}
	for _, c := range cases {
		w := get(t, h, c.url, "Cookie", "lang="+c.lang)
		body := w.Body.String()
		if w.Code != c.status {
			t.Errorf("%s (%s): status %d, want %d\n%.300s", c.url, c.lang, w.Code, c.status, body)
			continue
		}
		for _, s := range c.want {
			if !strings.Contains(body, s) {
				t.Errorf("%s (%s) lacks %q", c.url, c.lang, s)
			}
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: content type %q", c.url, ct)
		}
		// No script, no outside resource, on any page.
		if strings.Contains(body, "<script") || regexp.MustCompile(`(src|href)="https?://`).MatchString(body) {
			t.Errorf("%s has a script or an outside resource", c.url)
		}
	}
}

func TestLanguageSwitch(t *testing.T) {
	h := server(t)
	w := get(t, h, "/u/24?lang=en")
	if !strings.Contains(w.Body.String(), "Key figures") {
		t.Error("?lang=en did not give English")
	}
	var cookie string
	for _, c := range w.Result().Cookies() {
		if c.Name == "lang" {
			cookie = c.Value
		}
	}
	if cookie != "en" {
		t.Errorf("the language is not kept in a cookie: %q", cookie)
	}
	if w := get(t, h, "/u/24"); !strings.Contains(w.Body.String(), "Số liệu chính") {
		t.Error("Vietnamese is not the default")
	}
	// Officers often run English systems: Vietnamese stays the default for
	// them, and English is a choice kept in the cookie.
	if w := get(t, h, "/u/24", "Accept-Language", "en-GB,en"); !strings.Contains(w.Body.String(), "Số liệu chính") {
		t.Error("Accept-Language en overrides Vietnamese")
	}
	if w := get(t, h, "/u/24", "Accept-Language", "en-GB,en", "Cookie", "lang=en"); !strings.Contains(w.Body.String(), "Key figures") {
		t.Error("the cookie does not choose English")
	}
}

// Every word the templates translate has its Vietnamese.
func TestTranslations(t *testing.T) {
	re := regexp.MustCompile(`\bt \$?\.?[lL]?[a-z]* "([^"]+)"`)
	files, _ := filepath.Glob("templates/*.html")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if web.T("vi", m[1]) == m[1] {
				t.Errorf("%s: %q has no Vietnamese", f, m[1])
			}
		}
	}
}

func TestCSVDownloads(t *testing.T) {
	h := server(t)
	for url, want := range map[string]string{
		"/u/24?format=csv": "24,Bắc Ninh,EXPORTS,Kim ngạch xuất khẩu hàng hóa,,2025,94,tỷ USD,ước tính,36.1,,,,Kế hoạch phát triển kinh tế - xã hội năm 2025 tỉnh Bắc Ninh,126.0,",
		"/compare?indicator=GRDP_GROWTH&period=2025&format=csv": "2025,22,Quảng Ninh,11.89,%,1,34,12,",
		"/p/KH-2025-BN?format=csv":                              "KH-2025-BN,Kế hoạch phát triển kinh tế - xã hội năm 2025 tỉnh Bắc Ninh,1,24,Bắc Ninh,EXPORTS,Kim ngạch xuất khẩu hàng hóa,chỉ tiêu kế hoạch,74.6,,,tỷ USD,\"kế hoạch 74,6 tỷ USD\",2025,",
		"/u/24/i/EXPORTS?format=csv":                            "2025,94.00,tỷ USD,ước tính,E,1,có,",
	} {
		w := get(t, h, url)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") || !strings.Contains(w.Body.String(), want) {
			t.Errorf("%s: %d %s\n%s", url, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
	}
}

func TestServing(t *testing.T) {
	start := time.Now()
	h := server(t)
	w := get(t, h, "/u/24", "Accept-Encoding", "gzip")
	if body := gunzip(t, w); !strings.Contains(body, "Bắc Ninh") {
		t.Error("gzipped body is not the page")
	}
	csp := w.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	// The snapshot was loaded while the server was made: its age, in whole
	// seconds, is no more than the test's so far (a second or more under
	// the race detector on a busy machine).
	w = get(t, h, "/healthz")
	age, err := strconv.Atoi(w.Header().Get("X-Snapshot-Age"))
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "ok\nsnapshot: data version ") || err != nil || age < 0 || time.Duration(age)*time.Second > time.Since(start) {
		t.Errorf("healthz %d %q, X-Snapshot-Age %q after %v", w.Code, w.Body.String(), w.Header().Get("X-Snapshot-Age"), time.Since(start))
	}
	get(t, h, "/u/24")
	m := get(t, h, "/metrics").Body.String()
	for _, s := range []string{`planwatch_http_requests_total{route="GET /u/{unit}"} 2`, "# TYPE planwatch_http_request_duration_seconds histogram", `le="+Inf"`} {
		if !strings.Contains(m, s) {
			t.Errorf("metrics lack %q:\n%s", s, m)
		}
	}
}

func decode(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q: %s", ct, w.Body.String())
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("%v: %s", err, w.Body.String())
	}
}

func TestAPI(t *testing.T) {
	h := server(t)
	var units []map[string]any
	w := get(t, h, "/api/v1/units?level=province&date=2025-07-01&per_page=50")
	decode(t, w, &units)
	if len(units) != 34 || w.Header().Get("X-Total-Count") != "34" {
		t.Errorf("%d provinces (total %s)", len(units), w.Header().Get("X-Total-Count"))
	}
	var u map[string]any
	decode(t, get(t, h, "/api/v1/units/27"), &u)
	if u["name_vi"] != "Bắc Ninh" || u["valid_to"] != "2025-07-01" {
		t.Errorf("unit 27: %v", u)
	}
	var obs []map[string]any
	w = get(t, h, "/api/v1/observations?unit=24&indicator=EXPORTS&per_page=1&page=2")
	decode(t, w, &obs)
	if w.Header().Get("X-Total-Count") != "2" || len(obs) != 1 || obs[0]["period"] != "2025" || obs[0]["value"] != 94.0 {
		t.Errorf("observations page 2: %v (total %s)", obs, w.Header().Get("X-Total-Count"))
	}
	var facts []map[string]any
	decode(t, get(t, h, "/api/v1/facts?unit=24&period=2025"), &facts)
	if len(facts) < 20 {
		t.Errorf("%d facts", len(facts))
	}
	var as []map[string]any
	decode(t, get(t, h, "/api/v1/assessments?plan=KH-2025-BN"), &as)
	if len(as) != 2 || as[0]["status"] != "achieved" {
		t.Errorf("assessments %v", as)
	}
	var ts, ps, is []map[string]any
	decode(t, get(t, h, "/api/v1/targets?plan=NQ-DH20-BN"), &ts)
	decode(t, get(t, h, "/api/v1/plans"), &ps)
	decode(t, get(t, h, "/api/v1/indicators"), &is)
	if len(ts) != 8 || len(ps) != 6 || len(is) < 25 {
		t.Errorf("%d targets, %d plans, %d indicators", len(ts), len(ps), len(is))
	}
	// Bad requests: JSON errors naming the parameter.
	for url, want := range map[string]struct {
		status      int
		code, param string
	}{
		"/api/v1/units/99":                    {404, "not_found", "unit"},
		"/api/v1/facts?unit=99&period=2025":   {404, "not_found", "unit"},
		"/api/v1/facts?unit=24&period=2025Q5": {400, "invalid", "period"},
		"/api/v1/facts?unit=24":               {400, "invalid", "period"},
		"/api/v1/facts?period=2025":           {400, "invalid", "unit"},
		"/api/v1/observations?period=x":       {400, "invalid", "period"},
		"/api/v1/observations?unit=99":        {404, "not_found", "unit"},
		"/api/v1/observations?indicator=NOPE": {404, "not_found", "indicator"},
		"/api/v1/observations?dims=a":         {400, "invalid", "dims"},
		"/api/v1/observations?per_page=5000":  {400, "invalid", "per_page"},
		"/api/v1/units?page=0":                {400, "invalid", "page"},
		"/api/v1/units?level=planet":          {400, "invalid", "level"},
		"/api/v1/units?date=2025-13-01":       {400, "invalid", "date"},
		"/api/v1/targets?plan=NOPE":           {404, "not_found", "plan"},
		"/api/v1/assessments?plan=NOPE":       {404, "not_found", "plan"},
		"/api/v1/assessments?as_of=soon":      {400, "invalid", "as_of"},
		"/api/v1/nothing":                     {404, "not_found", ""},
	} {
		w := get(t, h, url)
		var e struct {
			Error struct{ Code, Message, Parameter string }
		}
		decode(t, w, &e)
		if w.Code != want.status || e.Error.Code != want.code || e.Error.Parameter != want.param || e.Error.Message == "" {
			t.Errorf("%s: %d %+v, want %d %s %q", url, w.Code, e.Error, want.status, want.code, want.param)
		}
	}
}

// The OpenAPI document describes the routes there are, and every route it
// describes answers with its examples.
func TestOpenAPI(t *testing.T) {
	h := server(t)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Parameters []struct {
				Ref      string `json:"$ref"`
				Name, In string
				Required bool
				Example  any
			}
		}
	}
	decode(t, get(t, h, "/api/v1/openapi.json"), &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") || len(doc.Paths) < 9 {
		t.Fatalf("openapi %q with %d paths", doc.OpenAPI, len(doc.Paths))
	}
	for path, ops := range doc.Paths {
		op, ok := ops["get"]
		if !ok {
			t.Errorf("%s has no GET", path)
			continue
		}
		url, q := path, []string{}
		for _, p := range op.Parameters {
			ex, _ := p.Example.(string)
			switch {
			case p.In == "path":
				url = strings.ReplaceAll(url, "{"+p.Name+"}", ex)
			case p.Required || ex != "":
				q = append(q, p.Name+"="+ex)
			}
		}
		if len(q) > 0 {
			url += "?" + strings.Join(q, "&")
		}
		if w := get(t, h, url); w.Code != 200 {
			t.Errorf("documented %s answers %d: %s", url, w.Code, w.Body.String())
		}
	}
	// Every API route of the server is documented.
	src, _ := os.ReadFile("server.go")
	for _, m := range regexp.MustCompile(`"GET (/api/v1/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		if _, ok := doc.Paths[m[1]]; !ok {
			t.Errorf("route %s is not in the OpenAPI document", m[1])
		}
	}
}

func TestXLSXDownloads(t *testing.T) {
	h := server(t)
	w := get(t, h, "/compare?indicator=GRDP_GROWTH&period=2025&format=xlsx")
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("%d %s", w.Code, w.Header().Get("Content-Type"))
	}
	f, err := excelize.OpenReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != 35 || rows[0][0] != "Mã chỉ tiêu" || rows[1][5] != "Quảng Ninh" || rows[1][6] != "11.89" {
		t.Errorf("sheet: %v %v", rows[:2], err)
	}
	// Codes keep their leading zeros: they are text, not numbers.
	for _, r := range rows[1:] {
		if r[4] == "1" {
			t.Error("code 01 became the number 1")
		}
	}
}

func TestReasonsInVietnamese(t *testing.T) {
	h := server(t)
	vi := get(t, h, "/p/NQ-DH20-BN?lang=vi").Body.String()
	if !strings.Contains(vi, "địa giới thay đổi ngày 01/07/2025") || strings.Contains(vi, "boundary changed") {
		t.Error("the plan page in Vietnamese gives the reasons in English")
	}
	if en := get(t, h, "/p/KH-2025-BN/t/1?lang=vi").Body.String(); !strings.Contains(en, "126,01 % so với kế hoạch 74,6") {
		t.Error("the target page in Vietnamese lacks its reason")
	}
}
