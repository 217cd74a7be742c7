package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"planwatch/postgres/pgtest"
)

// TestServeReplica serves a PostgreSQL primary through a streaming
// standby (serve --db PRIMARY --db-read STANDBY): the public page shows an
// import into the primary once the standby has replayed it, and not
// before (replay is paused meanwhile); /healthz says the standby is behind,
// then caught up; signing in, a write, goes to the primary while the
// standby replays nothing, and the signed-in page reads the primary; the
// standby refuses planwatch's writes.
func TestServeReplica(t *testing.T) {
	ctx := context.Background()
	primary, standby := pgtest.Replicated(t)
	mustPW(t, "init", "--db", primary, "--demo")
	const password = "mật khẩu quản trị"
	withStdin(t, password+"\n", func() {
		mustPW(t, "user", "add", "root", "--admin", "--password-stdin", "--db", primary)
	})

	sctx, cancel := context.WithCancel(ctx)
	out, errb := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(sctx, []string{"serve", "--db", primary, "--db-read", standby, "--addr", "127.0.0.1:0"}, out, errb)
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d:\n%s", code, errb)
		}
	}()
	addr := ""
	for deadline := time.Now().Add(time.Minute); addr == ""; {
		if m := regexp.MustCompile(`on http://([^/]+)/`).FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("serve does not listen:\n%s%s", out, errb)
		}
		select {
		case code := <-done:
			done <- code
			t.Fatalf("serve exited %d:\n%s%s", code, out, errb)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if !strings.Contains(out.String(), "pages and API read from the replica") {
		t.Errorf("serve does not say it reads from the replica:\n%s", out)
	}
	base := "http://" + addr
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path, session string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		if session != "" {
			req.AddCookie(&http.Cookie{Name: "pw_session", Value: session})
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// eventually waits until path shows want: the server looks at the
	// data versions in the background, once a second at most.
	eventually := func(what, path, session, want string) string {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			code, body := get(path, session)
			if code == http.StatusOK && strings.Contains(body, want) {
				return body
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %s never shows %q: %d\n%.3000s", what, path, want, code, body)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	const page = "/u/24/i/EXPORTS?lang=en"
	eventually("at the start", page, "", "<title>2025: 94.00 USD bn")
	h := eventually("at the start", "/healthz", "", "replica: caught up")
	if !strings.Contains(h, "reads: public pages and API from the replica; signed-in pages from the primary") {
		t.Errorf("healthz does not say what reads where:\n%s", h)
	}

	// The standby stops replaying: an import into the primary is not on
	// the public page.
	sb, err := pgx.Connect(ctx, standby)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close(ctx)
	if _, err := sb.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	obs := write(t, t.TempDir(), "obs.csv", "unit,indicator,period,value,dims,status,source\n24,EXPORTS,2025,95,,A,Customs (final)\n")
	mustPW(t, "import", "--db", primary, "--by", "root", "--approved", obs)
	h = eventually("replay paused", "/healthz", "", "replica: behind")
	if code, body := get(page, ""); code != 200 || !strings.Contains(body, "<title>2025: 94.00 USD bn") || strings.Contains(body, "95.00") {
		t.Errorf("the public page shows what the standby has not replayed: %d\n%.2000s", code, body)
	}

	// Signing in writes a session: to the primary, which takes it while
	// the standby is paused; the signed-in page reads the primary.
	session := signIn(t, client, base, "root", password)
	eventually("signed in, replay paused", page, session, "<title>2025: 95.00 USD bn")
	var sessions int
	p, err := pgx.Connect(ctx, primary)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	if err := p.QueryRow(ctx, `SELECT count(*) FROM login_session`).Scan(&sessions); err != nil || sessions != 1 {
		t.Errorf("sessions on the primary: %d %v, want 1", sessions, err)
	}

	// The standby refuses planwatch's writes.
	if _, errs, code := pw(t, "import", "--db", standby, "--by", "root", "--approved", obs); code == 0 || !strings.Contains(errs, "read-only") {
		t.Errorf("an import into the standby: exit %d\n%s", code, errs)
	}

	// Replay again: the public page shows the new figure.
	if _, err := sb.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	eventually("replay resumed", page, "", "<title>2025: 95.00 USD bn")
	eventually("replay resumed", "/healthz", "", "replica: caught up")
}

// signIn signs name in through the login form and returns the session.
func signIn(t *testing.T, client *http.Client, base, name, password string) string {
	t.Helper()
	resp, err := client.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no CSRF token on the login page:\n%s", b)
	}
	form := url.Values{"username": {name}, "password": {password}, "csrf": {m[1]}, "next": {"/u/24"}}
	req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	for _, c := range resp.Cookies() {
		req.AddCookie(c)
	}
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "pw_session" && resp.StatusCode == http.StatusSeeOther {
			return c.Value
		}
	}
	t.Fatalf("sign-in: %d\n%s", resp.StatusCode, b)
	return ""
}

// --db-read is for a PostgreSQL --db, and names a PostgreSQL replica.
func TestServeReplicaNeedsPostgres(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	_, errs, code := pw(t, "serve", "--db", db, "--db-read", "postgres://reader@replica/planwatch", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "is a SQLite file") || !strings.Contains(errs, "--db postgres://") {
		t.Errorf("--db-read with a SQLite --db: exit %d\n%s", code, errs)
	}
	t.Setenv("PLANWATCH_DB_READ", "replica.db")
	_, errs, code = pw(t, "serve", "--db", "postgres://writer@primary/planwatch", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "--db-read replica.db: not a PostgreSQL URL") {
		t.Errorf("$PLANWATCH_DB_READ a file: exit %d\n%s", code, errs)
	}
}
