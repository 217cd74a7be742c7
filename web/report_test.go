package web_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	rhtml "planwatch/report/html"
)

// hrefs are the links of a page to the site's own pages, unescaped, each
// once, without fragments.
func hrefs(body string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range regexp.MustCompile(`href="(/[^"#]*)`).FindAllStringSubmatch(body, -1) {
		u := html.UnescapeString(m[1])
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// article is the report's article in a page.
func article(t *testing.T, body string) string {
	t.Helper()
	i, j := strings.Index(body, `<article class="report"`), strings.Index(body, "</article>")
	if i < 0 || j < i {
		t.Fatalf("no report article in the page:\n%.2000s", body)
	}
	return body[i:j]
}

// The year-end report of Bắc Ninh for 2025, in both languages: in the
// site's layout with the form, the demo's figures, every figure a link to
// a page that exists, and the downloads the page links to.
func TestReportPage(t *testing.T) {
	h := server(t)
	cases := []struct {
		lang, title, budget, growth, docx, html string
		want                                    []string
	}{
		{"vi", "Kết quả phát triển kinh tế - xã hội năm 2025 của Bắc Ninh", "72,497 nghìn tỷ đồng", "10,27%", "bao-cao-24-2025.docx", "bao-cao-24-2025.html",
			[]string{"Báo cáo năm", "Đánh giá nhiệm kỳ", "Tải về", "mọi kế hoạch", "bằng <a class=\"fig\""}},
		{"en", "Bac Ninh: socio-economic results in 2025", "VND 72.497 trillion", "10.27%", "report-24-2025.docx", "report-24-2025.html",
			[]string{"Year-end report", "Term review", "Download", "every plan", "of the plan"}},
	}
	for _, c := range cases {
		w := get(t, h, "/u/24/report?period=2025&kind=year-end&lang="+c.lang)
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("%s: %d\n%.1000s", c.lang, w.Code, body)
		}
		for _, s := range append([]string{c.title, c.budget, c.growth, `<html lang="` + c.lang + `"`, `<form method="get" action="/u/24@2025-07-01/report">`,
			`<option selected>2025</option>`, `<option>2024</option>`, `<option value="NQ-DH20-BN">`, `href="/static/report-article.css"`, `<a href="/u/24@2025-07-01/check?period=2025">`}, c.want...) {
			if !strings.Contains(body, s) {
				t.Errorf("%s: the page lacks %q", c.lang, s)
			}
		}
		// The style sheets are files: the policy allows no inline style.
		if strings.Contains(body, "<style") || strings.Contains(body, "style=") {
			t.Errorf("%s: the page has an inline style, which the CSP refuses", c.lang)
		}
		art := article(t, body)
		figs := regexp.MustCompile(`<a class="fig" href="([^"]+)"`).FindAllStringSubmatch(art, -1)
		if len(figs) < 30 {
			t.Errorf("%s: %d figures link to their pages, want every one of the report's dozens", c.lang, len(figs))
		}
		links := hrefs(art)
		for _, u := range links {
			if w := get(t, h, u); w.Code != 200 {
				t.Errorf("%s: the report links to %s, which answers %d", c.lang, u, w.Code)
			}
		}
		// The downloads, as the page links them.
		var docxURL, htmlURL string
		for _, u := range hrefs(body) {
			switch {
			case strings.Contains(u, "format=docx"):
				docxURL = u
			case strings.Contains(u, "format=html"):
				htmlURL = u
			}
		}
		if docxURL == "" || htmlURL == "" {
			t.Fatalf("%s: no download links (docx %q, html %q)", c.lang, docxURL, htmlURL)
		}
		d := get(t, h, docxURL)
		if d.Code != 200 || d.Header().Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
			d.Header().Get("Content-Disposition") != `attachment; filename="`+c.docx+`"` {
			t.Fatalf("%s %s: %d %q %q", c.lang, docxURL, d.Code, d.Header().Get("Content-Type"), d.Header().Get("Content-Disposition"))
		}
		if doc := docxText(t, d.Body.Bytes()); !strings.Contains(doc, c.budget) || !strings.Contains(doc, c.growth) {
			t.Errorf("%s: the DOCX lacks %q or %q", c.lang, c.budget, c.growth)
		}
		s := get(t, h, htmlURL)
		page := s.Body.String()
		if s.Code != 200 || !strings.HasPrefix(s.Header().Get("Content-Type"), "text/html") || s.Header().Get("Content-Disposition") != `inline; filename="`+c.html+`"` {
			t.Fatalf("%s %s: %d %q %q", c.lang, htmlURL, s.Code, s.Header().Get("Content-Type"), s.Header().Get("Content-Disposition"))
		}
		if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.HasSuffix(strings.TrimSpace(page), "</html>") || !strings.Contains(page, "<title>"+c.title+"</title>") ||
			!strings.Contains(page, "<style>") || !strings.Contains(page, c.budget) || strings.Contains(page, "<nav>") {
			t.Errorf("%s: the HTML download is not the whole report document:\n%.600s", c.lang, page)
		}
		// Its one inline style sheet is the one its policy allows.
		sum := sha256.Sum256([]byte(rhtml.CSS))
		if csp := s.Header().Get("Content-Security-Policy"); !strings.Contains(page, "<style>"+rhtml.CSS+"</style>") ||
			!strings.Contains(csp, "style-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: the HTML's policy %q does not allow exactly its style sheet", c.lang, csp)
		}
	}
	// The dashboard links to the year's report.
	dash := get(t, h, "/u/24?period=2025&lang=en").Body.String()
	if !strings.Contains(dash, `href="/u/24@2025-07-01/report?period=2025">Report 2025</a>`) {
		t.Error("the dashboard does not link to its report")
	}
	css := get(t, h, "/static/report-article.css")
	if css.Code != 200 || css.Header().Get("Content-Type") != "text/css; charset=utf-8" || css.Body.String() != rhtml.CSS {
		t.Errorf("/static/report-article.css: %d %q", css.Code, css.Header().Get("Content-Type"))
	}
	if css := get(t, h, "/static/report.css"); css.Code != 200 || !strings.Contains(css.Body.String(), ".report header") {
		t.Errorf("/static/report.css: %d", css.Code)
	}
}

// docxText is the text of a DOCX's word/document.xml, tags removed.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the DOCX is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(b), ""))
		}
	}
	t.Fatal("the DOCX has no word/document.xml")
	return ""
}

// The term review of the 2020-2025 resolution, asked for on the merged
// province, is the review of the province whose plan it was, on its own
// territory; there every figure links to a page that exists.
func TestReportTermReview(t *testing.T) {
	h := server(t)
	w := get(t, h, "/u/24/report?kind=term-review&plan=NQ-DH20-BN&lang=en")
	loc := w.Header().Get("Location")
	if u, err := url.Parse(loc); err != nil || w.Code != http.StatusFound || !strings.HasPrefix(u.Path, "/u/27@") || !strings.HasSuffix(u.Path, "/report") ||
		u.Query().Get("kind") != "term-review" || u.Query().Get("plan") != "NQ-DH20-BN" {
		t.Fatalf("term review of a predecessor's plan: %d, Location %q", w.Code, loc)
	}
	w = get(t, h, loc)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("%s: %d\n%.1000s", loc, w.Code, body)
	}
	for _, s := range []string{"Resolution of the 20th Bac Ninh Provincial Party Congress", "Unit: Bac Ninh (27)", "14.7%", "not assessable",
		`<option value="NQ-DH20-BN" selected>`} {
		if !strings.Contains(body, s) {
			t.Errorf("the term review lacks %q", s)
		}
	}
	for _, u := range hrefs(article(t, body)) {
		if w := get(t, h, u); w.Code != 200 {
			t.Errorf("the term review links to %s, which answers %d", u, w.Code)
		}
	}
	d := get(t, h, loc+"&format=docx")
	if d.Code != 200 || d.Header().Get("Content-Disposition") != `attachment; filename="review-27-2021-2025.docx"` {
		t.Errorf("term review DOCX: %d %q", d.Code, d.Header().Get("Content-Disposition"))
	}
}

// A parameter the page cannot use is a 400 that names it, in the page's
// language; a unit that does not exist is a 404.
func TestReportBadParameters(t *testing.T) {
	h := server(t)
	for _, c := range []struct {
		query, param string
	}{
		{"period=x", "period"},
		{"period=2021/2025&kind=year-end", "period"},
		{"period=2025-Q1", "period"},
		{"kind=annual", "kind"},
		{"plan=NOPE", "plan"},
		{"kind=term-review", "plan"},
		{"format=pdf", "format"},
	} {
		for _, l := range []string{"vi", "en"} {
			w := get(t, h, "/u/24/report?"+c.query+"&lang="+l)
			body := w.Body.String()
			want := c.param + ":"
			if l == "vi" {
				want = "Tham số " + c.param + ":"
			}
			if w.Code != 400 || !strings.Contains(body, want) || !strings.Contains(body, `<html lang="`+l+`"`) {
				t.Errorf("%s (%s): %d, want 400 naming %s\n%.800s", c.query, l, w.Code, c.param, body)
			}
		}
	}
	if w := get(t, h, "/u/NOWHERE/report?lang=en"); w.Code != 404 {
		t.Errorf("unknown unit: %d, want 404", w.Code)
	}
}

// Chromium renders the report page in both languages and the fact-check's
// form, as the site serves them (its policy allowing no inline style): the
// report's figures and its style sheet's layout, the form's fields.
func TestReportAndCheckInBrowser(t *testing.T) {
	b := browserTab(t)
	srv := httptest.NewServer(server(t))
	defer srv.Close()
	dir := screenshots(t)
	for _, p := range []struct {
		name, path string
		want       []string
	}{
		{"report-vi", "/u/24/report?period=2025&lang=vi", []string{"Kết quả phát triển kinh tế - xã hội năm 2025 của Bắc Ninh", "72,497 nghìn tỷ đồng", "Tải về"}},
		{"report-en", "/u/27/report?kind=term-review&plan=NQ-DH20-BN&lang=en", []string{"Review of implementation", "14.7%", "Term review"}},
		{"check-vi", "/check?lang=vi", []string{"Kiểm tra số liệu", `name="draft"`, `type="file"`}},
	} {
		dom := b.browse(srv.URL+p.path, filepath.Join(dir, p.name+".png"), 1280)
		for _, w := range p.want {
			if !strings.Contains(dom, w) {
				t.Errorf("%s: the rendered page lacks %q", p.name, w)
			}
		}
	}
}
