package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"planwatch/period"
	"planwatch/report/factcheck"
	"planwatch/review"
)

// seedText reads a seed document from ../shared/seeds, skipping the test
// when the folder is absent (unless PLANWATCH_REQUIRE_SHARED=1).
func seedText(t testing.TB, prefix string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join("..", "..", "shared", "seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") == "1" {
			t.Fatalf("seed %s not found in ../shared/seeds", prefix)
		}
		t.Skipf("seed %s not found in ../shared/seeds", prefix)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// form is a multipart form: fields, and a file when name is set.
func form(t testing.TB, fields map[string]string, name string, file []byte) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// post sends a form to the fact-check as the site's own page does (Origin
// the server's host), with more headers if given.
func post(t testing.TB, h http.Handler, url string, body io.Reader, contentType string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", url, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", "http://example.com") // httptest's host
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// checkDirect runs the fact-check on a store's review as planwatch check
// does.
func checkDirect(t *testing.T, rv *review.Review, text, unit, per string) *factcheck.Report {
	t.Helper()
	d, err := factcheck.ReadDraft("draft.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := factcheck.Run(rv, d.Text, factcheck.Options{Unit: unit, Period: period.MustParse(per)})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// verdictRows counts the page's table rows by verdict.
func verdictRows(body string) map[string]int {
	n := map[string]int{}
	for _, m := range regexp.MustCompile(`<tr id="c\d+" class="v-([a-z]+)">`).FindAllStringSubmatch(body, -1) {
		n[m[1]]++
	}
	return n
}

// The form, on its own and on a unit's page, in both languages: a
// textarea, a file, the unit (chosen), the period and the language.
func TestCheckForm(t *testing.T) {
	h := server(t)
	for _, c := range []struct{ url, action, unit, period, title string }{
		{"/check?lang=vi", "/check", "24@2025-07-01", "2025", "Kiểm tra số liệu"},
		{"/check?lang=en", "/check", "24@2025-07-01", "2025", "Fact-check"},
		{"/u/27/check?lang=en", "/u/27@1997-01-01/check", "27@1997-01-01", "2024", "Fact-check"},
		{"/check?lang=en&unit=27@1997-01-01&period=2021", "/check", "27@1997-01-01", "2021", "Fact-check"},
	} {
		w := get(t, h, c.url)
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("%s: %d\n%.1000s", c.url, w.Code, body)
		}
		for _, s := range []string{"<h1>" + c.title + "</h1>", `<form class="check-form" method="post" action="` + c.action + `" enctype="multipart/form-data">`,
			`<textarea name="draft"`, `<input type="file" name="file" accept=".txt,.md,.docx`, `<option value="` + c.unit + `" selected>`,
			`<input name="period" value="` + c.period + `"`, `<select name="lang">`, `<a href="/check">` + c.title + `</a>`} {
			if !strings.Contains(body, s) {
				t.Errorf("%s: the form lacks %q", c.url, s)
			}
		}
	}
	if w := get(t, h, "/u/NOWHERE/check"); w.Code != 404 {
		t.Errorf("an unknown unit's check: %d, want 404", w.Code)
	}
}

// Seed 002's text pasted gives the verdicts planwatch check gives, in both
// languages, each claim marked in the draft; as JSON, the same results.
// The check writes nothing.
func TestCheckSeed(t *testing.T) {
	text := seedText(t, "002")
	s, db := newServer(t)
	h := s.Handler()
	ctx := context.Background()
	rv, err := review.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rep := checkDirect(t, rv, text, "24", "2025")
	want := map[string]int{}
	for _, r := range rep.Results {
		want[string(r.Verdict)]++
	}
	if want["confirmed"] < 30 || want["differs"] != 0 || want["unverifiable"] == 0 {
		t.Fatalf("factcheck on seed 002: %v, want its figures confirmed and one it cannot verify", want)
	}
	before, _ := db.DataVersion(ctx)
	for _, l := range []string{"vi", "en"} {
		body, ct := form(t, map[string]string{"draft": text, "unit": "24", "period": "2025", "lang": l}, "", nil)
		w := post(t, h, "/check", body, ct)
		page := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("%s: %d\n%.2000s", l, w.Code, page)
		}
		if got := verdictRows(page); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: the table's verdicts %v, factcheck's %v", l, got, want)
		}
		if sum := factcheck.Summary(rep, "vi"); l == "vi" && !strings.Contains(page, sum) {
			t.Errorf("vi: the page lacks factcheck's summary %q", sum)
		}
		if sum := factcheck.Summary(rep, "en"); l == "en" && !strings.Contains(page, sum) {
			t.Errorf("en: the page lacks factcheck's summary %q", sum)
		}
		marks := regexp.MustCompile(`<a class="claim v-([a-z]+)" id="m(\d+)" href="#[cd]\d+" title="([^"]*)">([^<]*)<sup>`).FindAllStringSubmatch(page, -1)
		claims := 0
		for _, r := range rep.Results {
			if !r.CrossCheck {
				claims++
			}
		}
		if len(marks) != claims {
			t.Errorf("%s: %d claims marked in the draft, factcheck found %d", l, len(marks), claims)
		}
		for _, m := range marks {
			var n int
			fmt.Sscan(m[2], &n)
			r := rep.Results[n-1]
			if m[1] != string(r.Verdict) || html.UnescapeString(m[4]) != r.Claim {
				t.Errorf("%s: mark %d is %s %q, factcheck's claim %s %q", l, n, m[1], m[4], r.Verdict, r.Claim)
			}
		}
		// The unverifiable rank says why, in the list to look at.
		if l == "en" && !regexp.MustCompile(`<li id="d\d+" class="v-unverifiable"[^>]*><b>unverifiable</b> <a href="#m\d+">«ranking third nationwide»</a>[^<]*<br>Stated: 3rd[^<]*<br>[^<]*of the 1 with a figure`).MatchString(page) {
			t.Errorf("en: the FDI rank is not listed as unverifiable with its reason")
		}
		w = post(t, h, "/check?format=json", strings.NewReader("unit=24&period=2025&draft="+url.QueryEscape(text)), "application/x-www-form-urlencoded")
		var got []factcheck.Result
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("format=json: %d %v\n%.500s", w.Code, err, w.Body.String())
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(rep.Results)
		if !bytes.Equal(a, b) {
			t.Errorf("format=json differs from factcheck's results")
		}
	}
	if after, _ := db.DataVersion(ctx); after != before {
		t.Errorf("checking drafts changed the data version from %d to %d", before, after)
	}
}

// A copy of the seed with a number changed shows that number as differs,
// with the data's figure and how it was computed; uploaded as a text file
// or as a DOCX, it gives the same.
func TestCheckChangedNumber(t *testing.T) {
	text := strings.Replace(seedText(t, "002"), "estimated at 10.27%", "estimated at 10.72%", 1)
	h := server(t)
	docx := draftDOCX(t, text)
	for _, up := range []struct {
		name string
		data []byte
	}{{"", nil}, {"draft.txt", []byte(text)}, {"draft.md", []byte(text)}, {"draft.docx", docx}} {
		fields := map[string]string{"unit": "24", "period": "2025", "lang": "en"}
		if up.name == "" {
			fields["draft"] = text
		}
		body, ct := form(t, fields, up.name, up.data)
		w := post(t, h, "/u/24/check", body, ct)
		page := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("%s: %d\n%.1000s", up.name, w.Code, page)
		}
		m := regexp.MustCompile(`<a class="claim v-differs" id="m(\d+)" href="#d(\d+)" title="([^"]*)">estimated at 10.72%<sup>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s: the changed growth is not marked as differs", up.name)
		}
		if title := html.UnescapeString(m[3]); !strings.Contains(title, "Data: 10.27%") || !strings.Contains(title, "GRDP_GROWTH 2025 v1") {
			t.Errorf("%s: the mark's title %q lacks the data's figure or its source", up.name, title)
		}
		if !regexp.MustCompile(`<li id="d` + m[2] + `" class="v-differs"[^>]*><b>differs</b> <a href="#m` + m[1] + `">«estimated at 10.72%»</a>[^<]*<br>Stated: 10.72% · Data: 10.27%`).MatchString(page) {
			t.Errorf("%s: the list to look at lacks the differing growth with the data's figure", up.name)
		}
		if n := verdictRows(page)["differs"]; n != 1 {
			t.Errorf("%s: %d claims differ, want the one changed", up.name, n)
		}
		if up.name != "" && !strings.Contains(page, "<small>"+up.name+"</small>") {
			t.Errorf("%s: the page does not name the file checked", up.name)
		}
	}
}

// draftDOCX is a minimal Word document of a text, a paragraph a line.
func draftDOCX(t *testing.T, text string) []byte {
	t.Helper()
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, line := range strings.Split(text, "\n") {
		doc.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + html.EscapeString(line) + `</w:t></w:r></w:p>`)
	}
	doc.WriteString(`</w:body></w:document>`)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml":   doc.String(),
	} {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// More than the limit is a 413 with a message, whether the client says
// the size first or not; a form from another site is a 403; a bad field
// is a 400 that names it.
func TestCheckRefusals(t *testing.T) {
	h := server(t)
	big := bytes.Repeat([]byte("Exports reached USD 94 billion. "), 5<<20/32)
	for _, known := range []bool{true, false} {
		body, ct := form(t, map[string]string{"unit": "24", "period": "2025", "lang": "en"}, "big.txt", big)
		var r io.Reader = body
		if !known {
			r = io.MultiReader(body) // no length: the server finds out as it reads
		}
		w := post(t, h, "/check?lang=en", r, ct)
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "larger than 4 MB") {
			t.Errorf("a %d MB upload (length known: %v): %d\n%.500s", len(big)>>20, known, w.Code, w.Body.String())
		}
	}
	w := post(t, h, "/check?lang=vi", strings.NewReader(strings.Repeat("x", 5<<20)), "application/x-www-form-urlencoded")
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "lớn hơn 4 MB") {
		t.Errorf("a 5 MB form: %d", w.Code)
	}
	ok := "unit=24&period=2025&draft=Exports+reached+USD+94+billion."
	for _, c := range []struct {
		header []string
		code   int
	}{
		{[]string{"Origin", "http://evil.example"}, 403},
		{[]string{"Origin", "http://example.com.evil.example"}, 403},
		{[]string{"Origin", "", "Referer", "http://evil.example/check"}, 403},
		{[]string{"Origin", ""}, 403},
		{[]string{"Origin", "null"}, 403},
		{[]string{"Sec-Fetch-Site", "cross-site"}, 403},
		{[]string{"Origin", "", "Referer", "http://example.com/u/24/check"}, 200},
		{[]string{"Sec-Fetch-Site", "same-origin"}, 200},
	} {
		w := post(t, h, "/check?lang=en", strings.NewReader(ok), "application/x-www-form-urlencoded", c.header...)
		if w.Code != c.code {
			t.Errorf("%v: %d, want %d", c.header, w.Code, c.code)
		}
		if c.code == 403 && !strings.Contains(w.Body.String(), "only drafts sent from this site") {
			t.Errorf("%v: the 403 does not say why", c.header)
		}
	}
	for _, c := range []struct{ form, param string }{
		{"unit=24&period=x&draft=Exports+reached+USD+94+billion.", "period"},
		{"unit=24&period=&draft=Exports+reached+USD+94+billion.", "period"},
		{"unit=NOWHERE&period=2025&draft=Exports+reached+USD+94+billion.", "unit"},
		{"unit=24&period=2025&draft=+++", "draft"},
	} {
		for _, l := range []string{"vi", "en"} {
			w := post(t, h, "/check?lang="+l, strings.NewReader(c.form), "application/x-www-form-urlencoded")
			want := c.param + ":"
			if l == "vi" {
				want = "Tham số " + c.param + ":"
			}
			if w.Code != 400 || !strings.Contains(w.Body.String(), want) {
				t.Errorf("%s (%s): %d, want 400 naming %s\n%.600s", c.form, l, w.Code, c.param, w.Body.String())
			}
		}
	}
	body, ct := form(t, map[string]string{"unit": "24", "period": "2025"}, "old.doc", []byte("\xd0\xcf\x11\xe0rest of an old Word file"))
	if w := post(t, h, "/check?lang=en&format=json", body, ct); w.Code != 400 || !strings.Contains(w.Body.String(), `"parameter": "file"`) || !strings.Contains(w.Body.String(), "save it as DOCX") {
		t.Errorf("an old .doc: %d %s", w.Code, w.Body.String())
	}
	// The route takes POST; other methods are refused, saying so.
	for _, m := range []string{"PUT", "DELETE"} {
		req := httptest.NewRequest(m, "/check", strings.NewReader(ok))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD, POST, OPTIONS" {
			t.Errorf("%s /check: %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
	}
}

// Any form, any fields: never a 5xx, never a panic, a bounded response.
func FuzzCheckPost(f *testing.F) {
	f.Add("Exports reached USD 94 billion, up 36.1% and 126% of the plan.", "24", "2025", "en", false)
	f.Add("Thu ngân sách ước đạt 72.497 tỷ đồng, tăng 34,7%, bằng 127,6% dự toán.", "24@2025-07-01", "2025", "vi", true)
	f.Add("GRDP tăng 7,5-7,8%/năm, đứng thứ 5 cả nước", "27", "2021/2025", "vi", false)
	f.Add("PK\x03\x04 not a zip", "VN", "2025-Q3", "xx", true)
	f.Add("", "", "", "", false)
	h := server(f)
	f.Fuzz(func(t *testing.T, draft, unit, per, lang string, asFile bool) {
		fields := map[string]string{"unit": unit, "period": per, "lang": lang}
		name := ""
		if asFile {
			name = "draft.docx"
		} else {
			fields["draft"] = draft
		}
		body, ct := form(t, fields, name, []byte(draft))
		w := post(t, h, "/check", body, ct)
		if w.Code >= 500 {
			t.Fatalf("%q %q %q: %d\n%.2000s", draft, unit, per, w.Code, w.Body.String())
		}
		if w.Body.Len() > maxResponse {
			t.Fatalf("%q: a response of %d bytes", draft, w.Body.Len())
		}
	})
}
