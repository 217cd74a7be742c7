package web_test

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// matrixUnits are the units each {unit} route is tried on: the nation
// (above everyone), the new Bac Ninh and one of its communes, Ha Noi and
// one of its communes. For the commune reporter xa they are its own unit
// (9256), the unit above (24) and another province (01, 00004); for the
// province's approver hoa its own (24), one below (9256), one above (VN)
// and another province.
var matrixUnits = []string{"VN", "24", "9256", "01", "00004"}

// matrixReq is one request of the matrix: a path ({unit} filled with each
// of matrixUnits) and, for a POST, the form it sends besides the
// person's CSRF token.
type matrixReq struct {
	path string
	form url.Values
}

// matrixRoutes has, for every pattern the server serves, the requests the
// matrix sends. A route the server adds without a row here fails
// TestRouteMatrix.
var matrixRoutes = map[string][]matrixReq{
	"GET /static/":                   {{path: "/static/style.css"}},
	"GET /healthz":                   {{path: "/healthz"}},
	"GET /metrics":                   {{path: "/metrics"}},
	"GET /static/report-article.css": {{path: "/static/report-article.css"}},
	"GET /{$}":                       {{path: "/"}},
	"GET /u/{unit}":                  {{path: "/u/{unit}"}},
	"GET /u/{unit}/about":            {{path: "/u/{unit}/about"}},
	"GET /u/{unit}/report":           {{path: "/u/{unit}/report"}},
	"GET /u/{unit}/i/{indicator}":    {{path: "/u/{unit}/i/BUDGET_REV"}},
	"GET /p/{plan}":                  {{path: "/p/NQ-DH20-BN"}, {path: "/p/KH-9256-2026"}},
	"GET /p/{plan}/t/{n}":            {{path: "/p/NQ-DH20-BN/t/1"}, {path: "/p/KH-9256-2026/t/1"}},
	"GET /compare":                   {{path: "/compare?indicator=GRDP"}},
	"GET /plans":                     {{path: "/plans"}},
	"GET /check":                     {{path: "/check"}},
	"GET /u/{unit}/check":            {{path: "/u/{unit}/check"}},
	"POST /check":                    {{path: "/check", form: url.Values{"period": {"2025"}, "draft": {"Thu ngân sách năm 2025 đạt 72.600 tỷ đồng."}}}},
	"POST /u/{unit}/check":           {{path: "/u/{unit}/check", form: url.Values{"period": {"2025"}, "draft": {"Thu ngân sách năm 2025 đạt 72.600 tỷ đồng."}}}},
	"GET /units":                     {{path: "/units"}},
	"GET /search":                    {{path: "/search?q=B%E1%BA%AFc+Ninh"}},
	// POST /login sends each person's own password (the public's is
	// wrong), with the login form's cookie and token; POST /logout ends a
	// session of its own.
	"GET /login":   {{path: "/login"}},
	"POST /login":  {{path: "/login", form: url.Values{}}},
	"POST /logout": {{path: "/logout", form: url.Values{}}},
	// Single sign-on is off in this world: its routes are 404 for all
	// (TestSSO signs in through a provider).
	"GET /login/oidc":          {{path: "/login/oidc"}},
	"GET /login/oidc/callback": {{path: "/login/oidc/callback?code=x&state=y"}},
	// Forms that decide nothing: a valid token, no figure, no file.
	"GET /u/{unit}/approve":  {{path: "/u/{unit}/approve?period=2026"}},
	"POST /u/{unit}/approve": {{path: "/u/{unit}/approve", form: url.Values{"period": {"2026"}}}},
	"GET /audit":             {{path: "/audit"}, {path: "/audit?unit={unit}"}},
	"GET /u/{unit}/entry":    {{path: "/u/{unit}/entry?period=2026-01"}},
	"POST /u/{unit}/entry":   {{path: "/u/{unit}/entry", form: url.Values{"period": {"2026-01"}, "n": {"0"}}}},
	"GET /u/{unit}/upload":   {{path: "/u/{unit}/upload"}},
	"POST /u/{unit}/upload":  {{path: "/u/{unit}/upload", form: url.Values{}}},

	// A plan's forms: a new plan (an empty form: 422 beside its fields),
	// and the edit form of a commune's plan and of the old Bac Ninh's
	// (a form that is read again: 422 or 409 without its version).
	"GET /plans/new":      {{path: "/plans/new"}},
	"POST /plans/new":     {{path: "/plans/new", form: url.Values{}}},
	"GET /p/{plan}/edit":  {{path: "/p/KH-9256-2026/edit"}, {path: "/p/NQ-DH20-BN/edit"}},
	"POST /p/{plan}/edit": {{path: "/p/KH-9256-2026/edit", form: url.Values{}}, {path: "/p/NQ-DH20-BN/edit", form: url.Values{}}},
	// A target's forms: a new target (an empty form: 422), and the edit
	// form of the commune plan's first target (a form naming no target of
	// the plan: 404).
	"GET /p/{plan}/t/new":       {{path: "/p/KH-9256-2026/t/new"}, {path: "/p/NQ-DH20-BN/t/new"}},
	"POST /p/{plan}/t/new":      {{path: "/p/KH-9256-2026/t/new", form: url.Values{}}, {path: "/p/NQ-DH20-BN/t/new", form: url.Values{}}},
	"GET /p/{plan}/t/{n}/edit":  {{path: "/p/KH-9256-2026/t/1/edit"}, {path: "/p/NQ-DH20-BN/t/1/edit"}},
	"POST /p/{plan}/t/{n}/edit": {{path: "/p/KH-9256-2026/t/1/edit", form: url.Values{}}, {path: "/p/NQ-DH20-BN/t/1/edit", form: url.Values{}}},

	"GET /api/v1/openapi.json": {{path: "/api/v1/openapi.json"}},
	"GET /api/v1/units":        {{path: "/api/v1/units"}},
	"GET /api/v1/units/{unit}": {{path: "/api/v1/units/{unit}"}},
	"GET /api/v1/indicators":   {{path: "/api/v1/indicators"}},
	"GET /api/v1/observations": {{path: "/api/v1/observations?unit={unit}&period=2025"}},
	"GET /api/v1/plans":        {{path: "/api/v1/plans"}},
	"GET /api/v1/targets":      {{path: "/api/v1/targets?plan=KH-9256-2026"}},
	"GET /api/v1/facts":        {{path: "/api/v1/facts?unit={unit}&period=2025"}},
	"GET /api/v1/assessments":  {{path: "/api/v1/assessments?unit={unit}"}},
	"/api/":                    {{path: "/api/v1/nothing"}},
	"/":                        {{path: "/nothing"}},
}

// matrixWho are the columns: the public, then one person of each kind.
var matrixWho = []string{"-", "xem", "xa", "hn", "hoa", "kh", "root"}

// TestRouteMatrix sends every route the server serves, with each unit of
// matrixUnits in its {unit}, as the public and as each person (viewer,
// commune reporter, another province's commune reporter, the province's
// approver and planner, an administrator), POSTs with the person's valid
// CSRF token, prints what each got and checks it against
// testdata/route-matrix.txt (go test ./web -run RouteMatrix -update
// rewrites it).
func TestRouteMatrix(t *testing.T) {
	w := newAcctWorld(t)
	sessions := map[string]string{"-": ""}
	csrf := map[string]string{}
	for _, p := range people {
		sessions[p.name] = w.login(t, p.name)
		csrf[p.name] = csrfOf(t, w.do(t, "GET", "/u/24", sessions[p.name], nil).Body.String())
	}
	routes := w.srv.Routes()
	for _, rt := range routes {
		if _, ok := matrixRoutes[rt]; !ok {
			t.Errorf("route %s has no row in the matrix (matrixRoutes in matrix_test.go)", rt)
		}
	}
	for rt := range matrixRoutes {
		if !slices.Contains(routes, rt) {
			t.Errorf("the matrix has a row for %s, which the server does not serve", rt)
		}
	}
	var b strings.Builder
	b.WriteString("Who may use each route, on each unit ({unit} in the path or unit= in the query).\n")
	b.WriteString("Columns: - the public; xem viewer@24; xa reporter@9256 (a commune of Bac Ninh);\n")
	b.WriteString("hn reporter@00004 (a commune of Ha Noi); hoa approver@24; kh planner@24; root admin@*.\n")
	b.WriteString("login: sent to sign in (303 to /login); 403 refused; 200 or 303 done; 400 or 422 let\n")
	b.WriteString("through to a form that decides nothing (404, a target's form that names no target);\n")
	b.WriteString("401 a wrong password (the public's POST /login).\n\n")
	fmt.Fprintf(&b, "%-44s %-6s", "route", "unit")
	for _, p := range matrixWho {
		fmt.Fprintf(&b, " %-5s", p)
	}
	b.WriteString("\n")
	for _, rt := range routes {
		method, _, ok := strings.Cut(rt, " ")
		if !ok {
			method = "GET" // a pattern for every method
		}
		for _, mr := range matrixRoutes[rt] {
			units := []string{""}
			if strings.Contains(mr.path, "{unit}") {
				units = matrixUnits
			}
			for _, unit := range units {
				path := strings.ReplaceAll(mr.path, "{unit}", unit)
				label := method + " " + strings.ReplaceAll(mr.path, "={unit}", "=U")
				label = strings.ReplaceAll(label, "{unit}", "U")
				fmt.Fprintf(&b, "%-44s %-6s", label, cmpOr(unit, "-"))
				for _, p := range matrixWho {
					var rec *httptest.ResponseRecorder
					switch {
					case rt == "POST /login":
						rec = w.loginAs(t, p)
					case rt == "POST /logout" && p != "-":
						// A session of its own, which the request ends.
						s := w.login(t, p)
						tok := csrfOf(t, w.do(t, "GET", "/u/24", s, nil).Body.String())
						rec = w.do(t, method, path, s, url.Values{"csrf": {tok}})
					default:
						var form url.Values
						if mr.form != nil {
							form = url.Values{}
							for k, v := range mr.form {
								form[k] = v
							}
							if tok := csrf[p]; tok != "" {
								form.Set("csrf", tok)
							}
						}
						rec = w.do(t, method, path, sessions[p], form)
					}
					fmt.Fprintf(&b, " %-5s", matrixCell(rec))
					if rec.Code >= 500 {
						t.Errorf("%s %s as %s: %d\n%s", method, path, p, rec.Code, rec.Body.String())
					}
				}
				b.WriteString("\n")
			}
		}
	}
	var lines []string
	for _, line := range strings.Split(b.String(), "\n") {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	got := strings.Join(lines, "\n")
	t.Logf("the route matrix:\n%s", got)
	golden := filepath.Join("testdata", "route-matrix.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the route matrix differs from %s (go test ./web -run RouteMatrix -update rewrites it, then read the diff):\n%s", golden, lineDiff(string(want), got))
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// matrixCell is what a response says: "login" for a 303 to the login
// page, else its status.
func matrixCell(rec *httptest.ResponseRecorder) string {
	if rec.Code == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		return "login"
	}
	return fmt.Sprint(rec.Code)
}

// loginAs sends the login form with a person's password (the public: a
// user that does not exist), the form's cookie and token.
func (w *acctWorld) loginAs(t *testing.T, name string) *httptest.ResponseRecorder {
	t.Helper()
	get := w.do(t, "GET", "/login", "", nil)
	user := name
	if name == "-" {
		user = "nobody"
	}
	form := url.Values{"username": {user}, "password": {testPassword}, "csrf": {csrfOf(t, get.Body.String())}, "next": {"/u/24"}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+req.Host)
	for _, c := range get.Result().Cookies() {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

// lineDiff lists the lines of got that are not those of want, by line
// number.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out strings.Builder
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			fmt.Fprintf(&out, "line %d\n  want %s\n  got  %s\n", i+1, x, y)
		}
	}
	return out.String()
}
