package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

// fuzzRoutes are the mux's patterns, each with its path parameters; a test
// below holds the list to server.go.
var fuzzRoutes = []string{
	"/static/{file}", "/healthz", "/metrics", "/{$}",
	"/u/{unit}", "/u/{unit}/about", "/u/{unit}/i/{indicator}", "/p/{plan}", "/p/{plan}/t/{n}",
	"/compare", "/plans", "/units", "/search",
	"/api/v1/openapi.json", "/api/v1/units", "/api/v1/units/{unit}", "/api/v1/indicators", "/api/v1/observations",
	"/api/v1/plans", "/api/v1/targets", "/api/v1/facts", "/api/v1/assessments", "/api/{rest}", "/{rest}",
	"/u/{unit}/report", "/static/report-article.css", "/check", "/u/{unit}/check",
}

var fuzzMethods = []string{"GET", "HEAD", "POST", "OPTIONS", "DELETE"}

// maxResponse bounds what any request may get: the largest response of
// the demo (every unit but the communes, as JSON) is a tenth of it.
const maxResponse = 4 << 20

// fuzzURL puts the path parameters into a route and escapes, in the query,
// the bytes a client cannot send in a request line.
func fuzzURL(route, a, b, query string) string {
	args := []string{a, b}
	path := regexp.MustCompile(`\{[a-z$]+\}`).ReplaceAllStringFunc(route, func(p string) string {
		if p == "{$}" {
			return ""
		}
		v := args[0]
		args = args[1:]
		return url.PathEscape(v)
	})
	var q strings.Builder
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c <= ' ' || c == '#' || c >= 0x7f {
			q.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		} else {
			q.WriteByte(c)
		}
	}
	if q.Len() == 0 {
		return path
	}
	return path + "?" + q.String()
}

// Any route, any path parameters, any query string: never a 5xx, never a
// panic, always a bounded response.
func FuzzRoutes(f *testing.F) {
	long := strings.Repeat("x", 9000)
	for _, s := range []struct {
		route  int
		method int
		a, b   string
		query  string
	}{
		{4, 0, "24", "", "period=2025"},
		{4, 0, "24", "", "period=%%"},
		{4, 0, "24", "", "period=9999-12&format=xlsx"},
		{4, 0, "24@2025-07-01", "", "format=csv&lang=en"},
		{4, 0, "24", "", "junk=" + long},
		{4, 2, "24", "", "period=2025"},
		{5, 0, "NCC@2025-06-30", "", "lang=vi"},
		{6, 0, "24", "EXPORTS", "dims=%%"},
		{6, 0, "27", "GRDP", "dims=price%3Dcurrent&format=xlsx"},
		{6, 0, "24", "+CMD", "dims=a%3D1%3Db"},
		{7, 0, "KH-2025-BN", "", "format=csv"},
		{8, 0, "NQ-DH20-BN", "99999999999999999999", ""},
		{8, 0, "KH-2025-BN", "-1", ""},
		{9, 0, "", "", "indicator=GRDP_GROWTH&period=2025&group=RRD&sort=name&format=xlsx"},
		{9, 0, "", "", "indicator=GRDP&dims=price&period=2025Q5"},
		{11, 0, "", "", "q=%e"},
		{11, 0, "", "", "q=b%E1%BA%AFc+ninh"},
		{14, 0, "24", "", ""},
		{16, 0, "", "", "unit=24&indicator=EXPORTS&dims=&per_page=1&page=2"},
		{16, 0, "", "", "dims=%%"},
		{16, 0, "", "", "per_page=5000&page=-1"},
		{16, 0, "", "", "unit=%00&period=2021/2025"},
		{13, 0, "", "", "level=province;date=x"},
		{13, 0, "", "", "level=planet&date=2025-13-01"},
		{19, 0, "", "", "unit=24&period=2025&base=2005"},
		{19, 0, "", "", "unit=24@2025-07-01&period=2021/2025"},
		{20, 0, "", "", "plan=NOPE&as_of=soon"},
		{20, 3, "", "", ""},
		{21, 4, "v2/units", "", ""},
		{22, 0, "../../etc/passwd", "", ""},
		{0, 0, "", "", ""},
		{0, 0, "style.css", "", ""},
		{0, 0, "..", "", ""},
		{23, 0, "24", "", "period=2025&kind=year-end&format=docx"},
		{23, 0, "24", "", "kind=term-review&plan=NQ-DH20-BN&format=html"},
		{23, 0, "27", "", "kind=term-review&plan=NQ-DH20-BN&period=2021%2F2025&lang=en"},
		{23, 0, "24", "", "period=1800&kind=nope&plan=%00"},
		{24, 1, "", "", ""},
		{25, 2, "", "", "format=json"},
		{26, 0, "27", "", "period=2021&unit=27"},
	} {
		f.Add(uint8(s.route), uint8(s.method), s.a, s.b, s.query)
	}
	h := server(f)
	f.Fuzz(func(t *testing.T, route, method uint8, a, b, query string) {
		target := fuzzURL(fuzzRoutes[int(route)%len(fuzzRoutes)], a, b, query)
		req, err := http.NewRequest(fuzzMethods[int(method)%len(fuzzMethods)], "http://localhost"+target, nil)
		if err != nil {
			return // no client could send it
		}
		req.RequestURI = req.URL.RequestURI()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %s: %d\n%.2000s", req.Method, target, w.Code, w.Body.String())
		}
		if w.Body.Len() > maxResponse {
			t.Fatalf("%s %s: a response of %d bytes", req.Method, target, w.Body.Len())
		}
	})
}

// The fuzz target covers every route the server has.
func TestFuzzCoversEveryRoute(t *testing.T) {
	src, err := os.ReadFile("server.go")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, r := range fuzzRoutes {
		have[r] = true
	}
	for _, m := range regexp.MustCompile(`m\.Handle(?:Func)?\("(?:GET )?(/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		p := m[1]
		switch {
		case p == "/static/":
			p = "/static/{file}"
		case p == "/api/":
			p = "/api/{rest}"
		case p == "/":
			p = "/{rest}"
		}
		if !have[p] {
			t.Errorf("route %s is not fuzzed", m[1])
		}
	}
}
