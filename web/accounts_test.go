package web_test

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/demo"
	"planwatch/period"
	"planwatch/sqlite"
	"planwatch/web"
)

// acctWorld is the demo, approved, with two communes (one of the new Bac
// Ninh, one of Ha Noi), a plan of the first with targets, and people.
type acctWorld struct {
	srv   *web.Server
	h     http.Handler
	db    *sqlite.DB
	now   time.Time
	clock *time.Time
}

var people = []struct {
	name  string
	grant string
}{
	{"root", "admin@*"},
	{"xa", "reporter@9256"},
	{"hoa", "approver@24"},
	{"xem", "viewer@24"},
	{"hn", "reporter@00004"},
	{"kh", "planner@24"},
}

const testPassword = "mật khẩu thử nghiệm"

func newAcctWorld(t *testing.T) *acctWorld {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "acct.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := demo.Load(ctx, db, planwatch.ApplyOptions{RecordedBy: "demo", Approved: true}); err != nil {
		t.Fatal(err)
	}
	v1, v2 := 1200.0, 35.0
	extra := &planwatch.Batch{
		Units: []planwatch.UnitRecord{
			{Unit: planwatch.Unit{Code: "9256", NameVI: "Phường Đông Ngàn", NameEN: "Dong Ngan", Level: planwatch.LevelCommune, ValidFrom: "2025-07-01"}, Parent: "24@2025-07-01"},
			{Unit: planwatch.Unit{Code: "00004", NameVI: "Phường Ba Đình", NameEN: "Ba Dinh", Level: planwatch.LevelCommune, ValidFrom: "2025-07-01"}, Parent: "01"},
		},
		Plans: []planwatch.PlanRecord{{Plan: planwatch.Plan{Code: "KH-9256-2026", Kind: "annual_plan", TitleVI: "Kế hoạch phát triển kinh tế - xã hội năm 2026", TitleEN: "Socio-economic plan 2026", Horizon: period.MustParse("2026")}, Unit: "9256"}},
		Targets: []planwatch.TargetRecord{
			{Unit: "9256", Target: planwatch.Target{Plan: "KH-9256-2026", Indicator: "BUDGET_REV", Period: period.MustParse("2026"), Kind: planwatch.AtLeast, Value: &v1}},
			{Unit: "9256", Target: planwatch.Target{Plan: "KH-9256-2026", Indicator: "FDI", Period: period.MustParse("2026"), Kind: planwatch.AtLeast, Value: &v2}},
		},
	}
	if _, err := planwatch.Apply(ctx, db, extra, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	units, _ := db.Units(ctx)
	x := planwatch.NewUnitIndex(units)
	hash, err := account.HashPassword(testPassword, account.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(planwatch.WithActor(ctx, planwatch.Actor{User: "setup", Via: "test"}), func(tx planwatch.Tx) error {
		for _, p := range people {
			if _, err := tx.PutUser(ctx, planwatch.User{Name: p.name, Lang: "vi", PasswordHash: hash}); err != nil {
				return err
			}
			spec, err := account.ParseGrantSpec(p.grant)
			if err != nil {
				return err
			}
			g, err := spec.Grant(p.name, x)
			if err != nil {
				return err
			}
			if err := tx.AddGrant(ctx, &g); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(db, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	w := &acctWorld{srv: s, h: s.Handler(), db: db, now: time.Now()}
	w.clock = &w.now
	s.Accounts = account.New(db)
	s.Accounts.Now = func() time.Time { return *w.clock }
	return w
}

// do sends a request with a session cookie (none for "") and form
// values (a POST when form is not nil), from this site.
func (w *acctWorld) do(t *testing.T, method, target, session string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://"+req.Host)
	}
	if session != "" {
		req.AddCookie(&http.Cookie{Name: "pw_session", Value: session})
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%s", body)
	}
	return m[1]
}

// login signs a person in through the form and returns the session
// secret from the cookie.
func (w *acctWorld) login(t *testing.T, name string) string {
	t.Helper()
	get := w.do(t, "GET", "/login", "", nil)
	var loginC *http.Cookie
	for _, c := range get.Result().Cookies() {
		if c.Name == "pw_login" {
			loginC = c
		}
	}
	if loginC == nil {
		t.Fatal("GET /login set no login cookie")
	}
	form := url.Values{"username": {name}, "password": {testPassword}, "csrf": {csrfOf(t, get.Body.String())}, "next": {"/u/24"}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+req.Host)
	req.AddCookie(loginC)
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/u/24" {
		t.Fatalf("login %s: %d %s\n%s", name, rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == "pw_session" {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Expires.IsZero() {
				t.Errorf("session cookie %+v", c)
			}
			return c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// TestSignIn: sign in, the personal header and never a shared cache;
// refusals of a wrong password, a missing or wrong CSRF token, another
// origin; sign out ends the session, and an idle one ends by itself.
func TestSignIn(t *testing.T) {
	w := newAcctWorld(t)
	pub := w.do(t, "GET", "/u/24", "", nil)
	if pub.Code != 200 || strings.Contains(pub.Body.String(), "Đăng xuất") || !strings.Contains(pub.Body.String(), `href="/login?next=%2fu%2f24"`) {
		t.Fatalf("public page: %d", pub.Code)
	}
	sess := w.login(t, "hoa")
	me := w.do(t, "GET", "/u/24", sess, nil)
	if me.Code != 200 || !strings.Contains(me.Body.String(), `<span class="who">hoa</span>`) || me.Header().Get("Cache-Control") != "private, no-store" {
		t.Errorf("signed-in page: %d %q", me.Code, me.Header().Get("Cache-Control"))
	}
	// The public page is still the shared one, without the name.
	if again := w.do(t, "GET", "/u/24", "", nil); strings.Contains(again.Body.String(), "hoa") {
		t.Error("the public page shows who signed in")
	}
	// Refusals.
	get := w.do(t, "GET", "/login", "", nil)
	var lc *http.Cookie
	for _, c := range get.Result().Cookies() {
		if c.Name == "pw_login" {
			lc = c
		}
	}
	post := func(form url.Values, origin string, cookie *http.Cookie) int {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		return rec.Code
	}
	good := csrfOf(t, get.Body.String())
	for _, c := range []struct {
		name   string
		form   url.Values
		origin string
		cookie *http.Cookie
		want   int
	}{
		{"wrong password", url.Values{"username": {"hoa"}, "password": {"sai mật khẩu rồi"}, "csrf": {good}}, "http://example.com", lc, 401},
		{"no such user", url.Values{"username": {"nobody"}, "password": {testPassword}, "csrf": {good}}, "http://example.com", lc, 401},
		{"no CSRF token", url.Values{"username": {"hoa"}, "password": {testPassword}}, "http://example.com", lc, 403},
		{"wrong CSRF token", url.Values{"username": {"hoa"}, "password": {testPassword}, "csrf": {good + "x"}}, "http://example.com", lc, 403},
		{"no login cookie", url.Values{"username": {"hoa"}, "password": {testPassword}, "csrf": {good}}, "http://example.com", nil, 403},
		{"another origin", url.Values{"username": {"hoa"}, "password": {testPassword}, "csrf": {good}}, "http://evil.example", lc, 403},
		{"no origin", url.Values{"username": {"hoa"}, "password": {testPassword}, "csrf": {good}}, "", lc, 403},
	} {
		if got := post(c.form, c.origin, c.cookie); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	// A state-changing form of a signed-in person without the token, or
	// from another origin.
	page := w.do(t, "GET", "/u/24/approve?period=2025", sess, nil)
	token := csrfOf(t, page.Body.String())
	if rec := w.do(t, "POST", "/logout", sess, url.Values{}); rec.Code != 403 {
		t.Errorf("logout without the token: %d", rec.Code)
	}
	req := httptest.NewRequest("POST", "/logout", strings.NewReader(url.Values{"csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	req.AddCookie(&http.Cookie{Name: "pw_session", Value: sess})
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if rec.Code != 403 {
		t.Errorf("logout from another origin: %d", rec.Code)
	}
	// Signing out ends the session: the cookie signs no one in again.
	if rec := w.do(t, "POST", "/logout", sess, url.Values{"csrf": {token}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", rec.Code)
	}
	if rec := w.do(t, "GET", "/u/24/approve?period=2025", sess, nil); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		t.Errorf("after logout the approval page answers %d %s", rec.Code, rec.Header().Get("Location"))
	}
	// An idle session ends.
	sess = w.login(t, "hoa")
	*w.clock = w.clock.Add(3 * time.Hour)
	if rec := w.do(t, "GET", "/u/24/approve?period=2025", sess, nil); rec.Code != http.StatusSeeOther {
		t.Errorf("an idle session still serves: %d", rec.Code)
	}
	// A token for the API, refused once revoked.
	*w.clock = time.Now()
	tok, tk, err := w.srv.Accounts.NewToken(planwatch.WithActor(context.Background(), planwatch.Actor{User: "root"}), "hoa", "sync", nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	api := func(h string) int {
		req := httptest.NewRequest("GET", "/api/v1/units", nil)
		req.Header.Set("Authorization", h)
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		return rec.Code
	}
	if c := api("Bearer " + tok); c != 200 {
		t.Errorf("API with a token: %d", c)
	}
	w.db.Update(context.Background(), func(tx planwatch.Tx) error { return tx.RevokeToken(context.Background(), tk.ID) })
	if c := api("Bearer " + tok); c != 401 {
		t.Errorf("API with a revoked token: %d", c)
	}
	if c := api("Bearer pwt_nonsense"); c != 401 {
		t.Errorf("API with a nonsense token: %d", c)
	}
}

// entryForm reads the entry page of a unit and period as a session sees
// it and returns its form values.
func (w *acctWorld) entryValues(t *testing.T, unit, per, sess string) url.Values {
	t.Helper()
	rec := w.do(t, "GET", "/u/"+unit+"/entry?period="+per, sess, nil)
	if rec.Code != 200 {
		t.Fatalf("entry page: %d\n%s", rec.Code, rec.Body.String())
	}
	body := rec.Body.String()
	v := url.Values{"csrf": {csrfOf(t, body)}}
	for _, m := range regexp.MustCompile(`<input (?:type="hidden" )?name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		if m[1] != "csrf" {
			v.Set(m[1], htmlUnescape(m[2]))
		}
	}
	for _, m := range regexp.MustCompile(`<select name="(status\.\d+)">.*?<option selected>([A-Z])</option>`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], m[2])
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#43;", "+", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

// TestEntryApproval: a commune reporter enters a month with an error,
// corrects it and saves; the public does not see the drafts, the reporter
// does; two writers of one figure: one saves, the other is shown both
// values; the province's approver returns one and approves the other; the
// audit lists all of it.
func TestEntryApproval(t *testing.T) {
	w := newAcctWorld(t)
	xa := w.login(t, "xa")
	v := w.entryValues(t, "9256", "2026-01", xa)
	if v.Get("n") != "2" || v.Get("ind.0") != "BUDGET_REV" || v.Get("ind.1") != "FDI" {
		t.Fatalf("entry rows: %v", v)
	}
	v.Set("value.0", "102,5")
	v.Set("value.1", "3,2x")
	v.Set("source.0", "Báo cáo tháng 1")
	rec := w.do(t, "POST", "/u/9256/entry", xa, v)
	body := rec.Body.String()
	if rec.Code != 422 || !strings.Contains(body, "Không phải số: 3,2x") || !strings.Contains(body, `value="102,5"`) {
		t.Fatalf("an error: %d\n%s", rec.Code, body)
	}
	if obs, _ := w.db.Observations(context.Background(), planwatch.ObservationFilter{Period: period.MustParse("2026-01"), Exact: true}); len(obs) != 0 {
		t.Fatalf("saved with an error: %+v", obs)
	}
	v.Set("value.1", "3,2")
	if rec := w.do(t, "POST", "/u/9256/entry", xa, v); rec.Code != http.StatusSeeOther {
		t.Fatalf("corrected: %d\n%s", rec.Code, rec.Body.String())
	}
	obs, _ := w.db.Observations(context.Background(), planwatch.ObservationFilter{Period: period.MustParse("2026-01"), Exact: true})
	if len(obs) != 2 || obs[0].Value != 102.5 || obs[1].Value != 3.2 || obs[0].Approval != planwatch.Draft || obs[0].RecordedBy != "xa" || obs[0].Source != "Báo cáo tháng 1" {
		t.Fatalf("saved: %+v", obs)
	}
	// Two writers over version 1.
	a := w.entryValues(t, "9256", "2026-01", xa)
	hn := w.login(t, "root")
	b := w.entryValues(t, "9256", "2026-01", hn)
	a.Set("value.0", "103")
	b.Set("value.0", "104")
	if rec := w.do(t, "POST", "/u/9256/entry", xa, a); rec.Code != http.StatusSeeOther {
		t.Fatalf("first writer: %d", rec.Code)
	}
	rec = w.do(t, "POST", "/u/9256/entry", hn, b)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "hiện là 103 (v2, xa") || !strings.Contains(rec.Body.String(), "số của bạn 104 chưa được lưu") {
		t.Fatalf("second writer: %d\n%s", rec.Code, rec.Body.String())
	}
	hist, _ := w.db.History(context.Background(), obs[0].Key(), "2026-01")
	if len(hist) != 2 || hist[1].Value != 103 {
		t.Errorf("history after the conflict: %+v", hist)
	}
	// Drafts: the public API and pages see none; the reporter does,
	// marked.
	if d := w.do(t, "GET", "/u/9256?period=2026-01", xa, nil); !strings.Contains(d.Body.String(), `<span class="draft-mark">chưa duyệt</span>`) || !strings.Contains(d.Body.String(), "Bạn đang xem cả số liệu chưa duyệt") {
		t.Errorf("the reporter's dashboard does not mark the drafts:\n%s", d.Body.String())
	}
	if d := w.do(t, "GET", "/u/9256?period=2026-01", "", nil); strings.Contains(d.Body.String(), "draft-mark") || strings.Contains(d.Body.String(), "103") {
		t.Errorf("the public dashboard shows drafts")
	}
	api := w.do(t, "GET", "/api/v1/observations?unit=9256", "", nil)
	if strings.Contains(api.Body.String(), "BUDGET_REV") {
		t.Errorf("the public API shows drafts:\n%s", api.Body.String())
	}
	// The approver returns FDI and approves the budget.
	hoa := w.login(t, "hoa")
	page := w.do(t, "GET", "/u/24/approve?period=2026", hoa, nil)
	pb := page.Body.String()
	ids := regexp.MustCompile(`name="fig" value="([^"]+)"`).FindAllStringSubmatch(pb, -1)
	if page.Code != 200 || len(ids) != 2 {
		t.Fatalf("approval page: %d %d figures\n%s", page.Code, len(ids), pb)
	}
	var budget, fdi string
	for _, m := range ids {
		id := htmlUnescape(m[1])
		if strings.Contains(id, "BUDGET_REV") {
			budget = id
		} else {
			fdi = id
		}
	}
	tok := csrfOf(t, pb)
	if rec := w.do(t, "POST", "/u/24/approve", hoa, url.Values{"csrf": {tok}, "period": {"2026"}, "return": {fdi}}); rec.Code != 400 {
		t.Errorf("return without a comment: %d", rec.Code)
	}
	if rec := w.do(t, "POST", "/u/24/approve", hoa, url.Values{"csrf": {tok}, "period": {"2026"}, "return": {fdi}, "comment:" + fdi: {"Số FDI chưa khớp sở KH-ĐT"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("return: %d\n%s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, "POST", "/u/24/approve", hoa, url.Values{"csrf": {tok}, "period": {"2026"}, "fig": {budget}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", rec.Code, rec.Body.String())
	}
	pub, _ := w.db.Observations(context.Background(), planwatch.ObservationFilter{Period: period.MustParse("2026-01"), Exact: true, Approved: true})
	if len(pub) != 1 || pub[0].Indicator != "BUDGET_REV" || pub[0].Value != 103 {
		t.Errorf("approved: %+v", pub)
	}
	api = w.do(t, "GET", "/api/v1/observations?unit=9256", "", nil)
	if !strings.Contains(api.Body.String(), "BUDGET_REV") || strings.Contains(api.Body.String(), `"FDI"`) {
		t.Errorf("the public API after approval:\n%s", api.Body.String())
	}
	// The audit: the approver of the province sees all of it; the
	// reporter may not read it.
	aud := w.do(t, "GET", "/audit?unit=24", hoa, nil)
	for _, want := range []string{"approvals", "Số FDI chưa khớp sở KH-ĐT", "observations", "web 192.0.2.1"} {
		if !strings.Contains(aud.Body.String(), want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if rec := w.do(t, "GET", "/audit", xa, nil); rec.Code != 403 {
		t.Errorf("a reporter reads the audit: %d", rec.Code)
	}
	csv := w.do(t, "GET", "/audit?unit=24&format=csv", hoa, nil)
	if csv.Header().Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(csv.Body.String(), "xa,web 192.0.2.1,observations") {
		t.Errorf("audit CSV:\n%s", csv.Body.String())
	}
}

// multipartPost sends a file to the upload page, or a confirmation.
func (w *acctWorld) upload(t *testing.T, unit, sess, csrf, name, content, confirm string) *httptest.ResponseRecorder {
	t.Helper()
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	if confirm != "" {
		mw.WriteField("confirm", confirm)
	} else {
		fw, _ := mw.CreateFormFile("file", name)
		io.WriteString(fw, content)
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/u/"+unit+"/upload", strings.NewReader(body.String()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", "http://"+req.Host)
	req.AddCookie(&http.Cookie{Name: "pw_session", Value: sess})
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

// TestUpload: a file import reads is previewed (what it would add or
// change) and written only when confirmed, as drafts; a figure of another
// unit, or records other than figures, are refused for a reporter.
func TestUpload(t *testing.T) {
	w := newAcctWorld(t)
	xa := w.login(t, "xa")
	page := w.do(t, "GET", "/u/9256/upload", xa, nil)
	if page.Code != 200 {
		t.Fatalf("upload page: %d", page.Code)
	}
	tok := csrfOf(t, page.Body.String())
	file := "unit,indicator,period,value,dims,status,source\n9256,BUDGET_REV,2026-02,98.5,,A,Báo cáo tháng 2\n9256,FDI,2026-02,1.1,,E,Ước tính\n"
	rec := w.upload(t, "9256", xa, tok, "thang2.csv", file, "")
	body := rec.Body.String()
	m := regexp.MustCompile(`name="confirm" value="([^"]+)"`).FindStringSubmatch(body)
	if rec.Code != 200 || m == nil || !strings.Contains(body, "observations: 2 thêm") || !strings.Contains(body, "9256") {
		t.Fatalf("preview: %d\n%s", rec.Code, body)
	}
	if obs, _ := w.db.Observations(context.Background(), planwatch.ObservationFilter{Period: period.MustParse("2026-02"), Exact: true}); len(obs) != 0 {
		t.Fatal("the preview wrote")
	}
	// Another person cannot confirm it.
	root := w.login(t, "root")
	rootTok := csrfOf(t, w.do(t, "GET", "/u/9256/upload", root, nil).Body.String())
	if rec := w.upload(t, "9256", root, rootTok, "", "", m[1]); rec.Code != 400 {
		t.Errorf("someone else confirms: %d", rec.Code)
	}
	if rec := w.upload(t, "9256", xa, tok, "", "", m[1]); rec.Code != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", rec.Code, rec.Body.String())
	}
	obs, _ := w.db.Observations(context.Background(), planwatch.ObservationFilter{Period: period.MustParse("2026-02"), Exact: true})
	if len(obs) != 2 || obs[0].Approval != planwatch.Draft || obs[0].RecordedBy != "xa" {
		t.Errorf("after confirming: %+v", obs)
	}
	if rec := w.upload(t, "9256", xa, tok, "", "", m[1]); rec.Code != 400 {
		t.Errorf("confirm twice: %d", rec.Code)
	}
	// Not the reporter's.
	if rec := w.upload(t, "9256", xa, tok, "x.csv", "unit,indicator,period,value\n24,BUDGET_REV,2026-02,1\n", ""); rec.Code != 403 {
		t.Errorf("a province's figure: %d\n%s", rec.Code, rec.Body.String())
	}
	if rec := w.upload(t, "9256", xa, tok, "units.csv", "code,name_vi,name_en,level,parent,valid_from,valid_to\nX1,Xã X,X,commune,9256,,\n", ""); rec.Code != 403 {
		t.Errorf("units from a reporter: %d\n%s", rec.Code, rec.Body.String())
	}
	if rec := w.upload(t, "9256", xa, tok, "bad.csv", "unit,indicator,period,value\n9256,BUDGET_REV,2026-13,1\n", ""); rec.Code != 422 {
		t.Errorf("a bad file: %d", rec.Code)
	}
}
