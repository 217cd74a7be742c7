package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"planwatch/exchange"
	"planwatch/postgres"
	"planwatch/postgres/pgtest"
	"planwatch/web"
)

// TestPostgresSameAsSQLite runs the same commands on a SQLite file and on
// a PostgreSQL database: init --demo, an import of corrections and new
// figures, the export of every kind, show, units, facts and assess print
// the same, and the PostgreSQL URL's password is printed nowhere.
func TestPostgresSameAsSQLite(t *testing.T) {
	dir := t.TempDir()
	lite := filepath.Join(dir, "p.db")
	pg := pgtest.Database(t)
	u, pass := withPassword(t, pg)
	corrections := filepath.Join(dir, "observations.csv")
	os.WriteFile(corrections, []byte("unit,indicator,period,value,dims,status,source\n"+
		"24,EXPORTS,2025,95.5,,A,Customs (final)\n"+
		"24,EXPORTS,2026,101,,F,Plan 2026\n"+
		"27,POP,2024,1517.4,,A,GSO\n"), 0o644)
	units := filepath.Join(dir, "units.csv")
	os.WriteFile(units, []byte("code,name_vi,name_en,level,parent,valid_from,valid_to\nVN,Việt Nam,Viet Nam (corrected),nation,,,\n"), 0o644)

	steps := [][]string{
		{"init", "--demo"},
		{"import", corrections, units},
		{"import", corrections, units},
		{"show", "--unit", "24", "--period", "2025"},
		{"show", "--unit", "27", "--period", "2021", "--lang", "vi"},
		{"units", "--search", "bac ninh"},
		{"facts", "--unit", "24", "--period", "2025", "--format", "json"},
		{"facts", "--unit", "24@2025-07-01", "--period", "2022", "--format", "csv"},
		{"assess", "--format", "json"},
		{"assess", "--plan", "NQ-DH20-BN", "--lang", "vi"},
	}
	for _, l := range exchange.Layouts {
		steps = append(steps, []string{"export", "--kind", l.Kind})
	}
	for _, step := range steps {
		a := mustPW(t, append([]string{step[0], "--db", lite}, step[1:]...)...)
		b := mustPW(t, append([]string{step[0], "--db", u}, step[1:]...)...)
		if step[0] == "init" {
			// The first line names the database and its schema version.
			_, a, _ = strings.Cut(a, "\n")
			_, b, _ = strings.Cut(b, "\n")
		}
		if a != b {
			t.Errorf("planwatch %s differs:\nSQLite:\n%s\nPostgreSQL:\n%s", strings.Join(step, " "), a, b)
		}
		if strings.Contains(b, pass) {
			t.Errorf("planwatch %s printed the password:\n%s", strings.Join(step, " "), b)
		}
		if len(a) < 20 {
			t.Errorf("planwatch %s printed only %q", strings.Join(step, " "), a)
		}
	}
	// The web pages and the API on both.
	var servers []*httptest.Server
	for _, db := range []string{lite, u} {
		s, err := openStore(context.Background(), db, readOnly)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		w, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), "24")
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(w.Handler())
		defer srv.Close()
		servers = append(servers, srv)
	}
	for _, path := range []string{"/u/24", "/u/24?lang=en", "/u/24/about", "/p/NQ-DH20-BN", "/p/NQ-DH20-BN/t/1", "/u/24/i/EXPORTS",
		"/compare?indicator=GRDP_GROWTH&period=2025&group=RRD", "/units?q=bac+ninh", "/plans", "/u/24?format=csv",
		"/api/v1/facts?unit=24&period=2025", "/api/v1/observations?unit=24", "/api/v1/assessments", "/api/v1/units/24"} {
		var bodies []string
		for _, srv := range servers {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("%s: %s", path, resp.Status)
			}
			// When each store recorded the demo differs by the time between the
			// two imports.
			bodies = append(bodies, recordedAt.ReplaceAllString(string(body), `"recorded_at":"…"`))
		}
		if bodies[0] != bodies[1] {
			t.Errorf("%s differs:\nSQLite:\n%.2000s\nPostgreSQL:\n%.2000s", path, bodies[0], bodies[1])
		}
	}

	// $PLANWATCH_DB names the store too, and no file is made for a URL.
	t.Setenv("PLANWATCH_DB", u)
	wd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(wd)
	out := mustPW(t, "export", "--kind", "units")
	if want := mustPW(t, "export", "--kind", "units", "--db", lite); out != want {
		t.Errorf("export with PLANWATCH_DB differs")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "postgres") {
			t.Errorf("a file %s was made for the URL", e.Name())
		}
	}
}

var recordedAt = regexp.MustCompile(`"recorded_at": ?"[^"]*"`)

// withPassword puts a password in a URL (the test server trusts its
// local connections and ignores it), to check that none is printed.
func withPassword(t *testing.T, raw string) (string, string) {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	const pass = "s3cret-Ng0c"
	u.User = url.UserPassword(u.User.Username(), pass)
	return u.String(), pass
}

// TestPostgresOpenModes: on a PostgreSQL database without planwatch's
// tables, import, the readers and serve say to run init and make nothing;
// init makes them; serve then serves it as it is, saying how to fill it,
// and names the database without its password.
func TestPostgresOpenModes(t *testing.T) {
	u, pass := withPassword(t, pgtest.Database(t))
	file := filepath.Join(t.TempDir(), "units.csv")
	os.WriteFile(file, []byte("code,name_vi,level\nVN,Việt Nam,nation\n"), 0o644)
	for _, args := range [][]string{
		{"import", "--db", u, file},
		{"show", "--db", u, "--unit", "24"},
		{"export", "--db", u, "--kind", "units"},
		{"serve", "--db", u, "--addr", "127.0.0.1:0"},
	} {
		_, errs, code := pw(t, args...)
		if code != 1 || !strings.Contains(errs, "no planwatch tables") || !strings.Contains(errs, "planwatch init") {
			t.Errorf("planwatch %s on an empty database: exit %d\n%s", args[0], code, errs)
		}
		if strings.Contains(errs, pass) {
			t.Errorf("planwatch %s printed the password:\n%s", args[0], errs)
		}
	}
	if out := mustPW(t, "init", "--db", u); !strings.Contains(out, fmt.Sprintf("schema version %d", postgres.LatestSchema())) || strings.Contains(out, pass) {
		t.Errorf("init said:\n%s", out)
	}
	out, errs := serveOnce(t, "--db", u)
	if !strings.Contains(errs, "holds no units: import some") || !strings.Contains(out, "serving postgres://planwatch@") || strings.Contains(out+errs, pass) {
		t.Errorf("serving an empty store said:\n%s%s", out, errs)
	}
	mustPW(t, "import", "--db", u, file)
	if out := mustPW(t, "export", "--db", u, "--kind", "units"); !strings.Contains(out, "VN,Việt Nam") {
		t.Errorf("export after import:\n%s", out)
	}
}
