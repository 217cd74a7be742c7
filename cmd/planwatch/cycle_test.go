package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"planwatch/sqlite"
	"planwatch/web"
)

// cycleStore is the demo with indicators whose formulas form cycles,
// written into the database with SQL as a version that did not refuse them
// would have, then figures and targets on them imported as usual.
func cycleStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "cycle.db")
	mustPW(t, "init", "--db", db, "--demo")
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO indicator (code, name_vi, name_en, measure_unit, type, aggregation, direction, formula, dimensions) VALUES
		('CYA', 'Vòng A', 'Cycle A', 'VND bn', 'flow', 'formula', 'up', 'CYB * 2', ''),
		('CYB', 'Vòng B', 'Cycle B', 'VND bn', 'flow', 'formula', 'up', 'CYA / 2', ''),
		('CYC', 'Vòng C', 'Cycle C', '%', 'rate', 'formula', 'down', 'CYD + CYD + CYD + CYE', 'price=current|constant2010'),
		('CYD', 'Vòng D', 'Cycle D', '%', 'rate', 'formula', 'down', 'CYE * CYE', ''),
		('CYE', 'Vòng E', 'Cycle E', '%', 'rate', 'formula', 'down', 'CYC - 1', ''),
		('CYS', 'Tổng vòng', 'Sum over a cycle', 'VND bn', 'flow', 'sum', 'up', 'CYA + POP', ''),
		('CYW', 'Trung bình', 'Mean weighted by a cycle', '%', 'rate', 'mean:CYB', 'up', '', '')`); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"observations.csv": "unit,indicator,period,value,dims\n" +
			"24,CYA,2025,10,\n27,CYA,2024,5,\n24@1997-01-01,CYA,2024,3,\n27,CYA,2020,4,\n" +
			"24,CYC,2025,1.5,price=current\n24,CYW,2025,2,\n27,CYW,2024,3,\n24@1997-01-01,CYW,2024,4,\nVN,CYS,2025,100,\n",
		"plans.csv": "plan,kind,title_vi,title_en,unit,horizon\nCY-PLAN,five_year_plan,Kế hoạch vòng,Cycle plan,24,2025/2026\n",
		"targets.csv": "plan,unit,indicator,dims,period,kind,value,low,high,baseline_period,baseline_value\n" +
			"CY-PLAN,24,CYA,,2026,at_least,20,,,2024,8\nCY-PLAN,24,CYB,,2026,growth,5,,,,\nCY-PLAN,24,CYC,price=current,2026,at_most,1,,,,\n" +
			"CY-PLAN,24,CYA,,2025,plan,9,,,,\nCY-PLAN,24,CYE,,2025/2026,avg_growth,,3,4,,\nCY-PLAN,24,CYW,,2026,at_least,3,,,,\n",
	}
	// The figures are published ones: imported approved, as the web's
	// public pages show approved figures only.
	withStdin(t, "mật khẩu quản trị\n", func() { mustPW(t, "user", "add", "root", "--admin", "--password-stdin", "--db", db) })
	args := []string{"import", "--db", db, "--approved", "--by", "root"}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	mustPW(t, args...)
	return db
}

// webRoutes are the patterns the web package registers, read from its
// source so that a route added later is requested too.
func webRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "web", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\.Handle(?:Func)?\(\s*"(?:GET )?(/[^"]*)"`)
	var routes []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if !slices.Contains(routes, m[1]) {
				routes = append(routes, m[1])
			}
		}
	}
	return routes
}

// A store with cycles of formulas (written before imports refused them) is
// served: every page and API route, with the units, plan and indicators of
// the cycles, answers, and the process is still there to answer the next.
func TestServeStoreWithFormulaCycles(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, cycleStore(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "24")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	routes := webRoutes(t)
	// The OpenAPI document's paths are among them.
	resp, err := http.Get(srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, In string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for p := range doc.Paths {
		if !slices.Contains(routes, p) {
			routes = append(routes, p)
		}
	}
	if len(routes) < 15 || !slices.Contains(routes, "/u/{unit}") || !slices.Contains(routes, "/api/v1/facts") {
		t.Fatalf("found only these routes: %v", routes)
	}

	path := strings.NewReplacer("{unit}", "24", "{indicator}", "CYA", "{plan}", "CY-PLAN", "{n}", "1", "{$}", "", "{path...}", "style.css")
	queries := []url.Values{
		{},
		{"unit": {"24"}, "indicator": {"CYA"}, "period": {"2025"}, "plan": {"CY-PLAN"}, "lang": {"en"}},
		{"unit": {"24@2025-07-01"}, "indicator": {"CYB"}, "period": {"2024"}, "base": {"2020"}, "as_of": {"2025"}, "format": {"csv"}},
		{"unit": {"24"}, "indicator": {"CYC"}, "dims": {"price=current"}, "period": {"2021/2025"}, "group": {"RRD"}, "format": {"xlsx"}},
		{"unit": {"27"}, "indicator": {"CYW"}, "period": {"2024"}, "level": {"province"}, "date": {"2024-01-01"}, "q": {"bac ninh"}, "lang": {"vi"}},
		{"unit": {"VN"}, "indicator": {"CYS"}, "period": {"2025"}, "plan": {"CY-PLAN"}, "page": {"1"}, "per_page": {"5"}},
	}
	for _, n := range []string{"2", "3", "4", "5", "6"} {
		routes = append(routes, strings.Replace("/p/{plan}/t/N", "N", n, 1))
	}
	requests := 0
	for _, route := range routes {
		for _, q := range queries {
			u := srv.URL + path.Replace(strings.TrimSuffix(route, "/"))
			if strings.HasSuffix(route, "/") && route != "/" {
				u += "/"
			}
			if len(q) > 0 {
				u += "?" + q.Encode()
			}
			resp, err := http.Get(u)
			if err != nil {
				t.Fatalf("GET %s: %v", u, err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			requests++
			if resp.StatusCode >= 500 {
				t.Errorf("GET %s: %s", u, resp.Status)
			}
		}
	}
	// Pages that show the cycles say what they can.
	body := get(t, srv.URL+"/api/v1/facts?unit=24&period=2025")
	if !strings.Contains(body, "CYA -\u003e CYB -\u003e CYA") && !strings.Contains(body, `CYA -\u003e CYB -\u003e CYA`) && !strings.Contains(body, "CYA -> CYB -> CYA") {
		t.Errorf("the facts do not name the cycle:\n%.2000s", body)
	}
	if body := get(t, srv.URL+"/healthz"); body == "" {
		t.Error("no answer from /healthz after the other requests")
	}
	t.Logf("%d routes, %d requests", len(routes), requests)
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Errorf("GET %s: %s", u, resp.Status)
	}
	return string(b)
}

// facts and assess on the same store end with figures, notes and reasons,
// not a crash.
func TestFactsAssessWithFormulaCycles(t *testing.T) {
	db := cycleStore(t)
	for _, tc := range []struct {
		args []string
		want []string // indicators with a figure
	}{
		// A stored figure ends the cycle: CYB = CYA / 2 where CYA is stored.
		// CYC is stored for one price basis; for the other, and for CYD
		// and CYE, only the cycle defines them.
		{[]string{"--unit", "24", "--period", "2025"}, []string{"CYA", "CYB", "CYC", "CYW"}},
		// Rebuilt from the old provinces: CYW's weights are CYB = CYA / 2
		// of each; CYA itself would be rebuilt by its formula, which leads
		// back to it.
		{[]string{"--unit", "24@2025-07-01", "--period", "2024"}, []string{"CYW"}},
		{[]string{"--unit", "VN", "--period", "2025"}, []string{"CYS"}},
		{[]string{"--unit", "27", "--period", "2024"}, []string{"CYA", "CYB", "CYW"}},
	} {
		out := mustPW(t, append([]string{"facts", "--db", db, "--format", "json"}, tc.args...)...)
		var facts []struct {
			Indicator string
			Value     *float64
			Notes     []string
		}
		if err := json.Unmarshal([]byte(out), &facts); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		var got []string
		for _, f := range facts {
			if strings.HasPrefix(f.Indicator, "CY") && f.Value != nil {
				got = append(got, f.Indicator)
			}
			if f.Indicator == "CYA" && tc.args[1] == "24" && !strings.Contains(strings.Join(f.Notes, "\n"), "form a cycle (CYA -> CYB -> CYA)") {
				t.Errorf("%v: CYA's notes do not name the cycle: %q", tc.args, f.Notes)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: figures of %v, want %v", tc.args, got, tc.want)
		}
	}
	out := mustPW(t, "assess", "--db", db, "--plan", "CY-PLAN", "--format", "json")
	var as []struct{ Indicator, Status, Reason string }
	if err := json.Unmarshal([]byte(out), &as); err != nil {
		t.Fatal(err)
	}
	if len(as) != 6 {
		t.Fatalf("%d assessments, want 6:\n%s", len(as), out)
	}
	for _, a := range as {
		if a.Status == "" || a.Reason == "" && a.Status == "not_assessable" {
			t.Errorf("%+v", a)
		}
	}
	mustPW(t, "assess", "--db", db)
	mustPW(t, "show", "--db", db, "--unit", "24", "--period", "2025")
}
