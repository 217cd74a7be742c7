package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"planwatch"
	"planwatch/account"
)

// addPerson adds a user with a grant to the world and signs them in.
func (w *acctWorld) addPerson(t *testing.T, name, grant string) string {
	t.Helper()
	ctx := context.Background()
	units, _ := w.db.Units(ctx)
	hash, err := account.HashPassword(testPassword, account.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = w.db.Update(planwatch.WithActor(ctx, planwatch.Actor{User: "setup", Via: "test"}), func(tx planwatch.Tx) error {
		if _, err := tx.PutUser(ctx, planwatch.User{Name: name, Lang: "vi", PasswordHash: hash}); err != nil {
			return err
		}
		spec, err := account.ParseGrantSpec(grant)
		if err != nil {
			return err
		}
		g, err := spec.Grant(name, planwatch.NewUnitIndex(units))
		if err != nil {
			return err
		}
		return tx.AddGrant(ctx, &g)
	})
	if err != nil {
		t.Fatal(err)
	}
	return w.login(t, name)
}

// formOf reads the fields of the page's first edit form, as a browser
// would send them.
func formOf(t *testing.T, body string) url.Values {
	t.Helper()
	i := strings.Index(body, `<form method="post" action="`)
	for i >= 0 && !strings.Contains(body[i:i+200], `class="edit-form"`) {
		j := strings.Index(body[i+1:], `<form method="post" action="`)
		if j < 0 {
			i = -1
			break
		}
		i += 1 + j
	}
	if i < 0 {
		t.Fatalf("no edit form in the page:\n%s", body)
	}
	form := body[i : i+strings.Index(body[i:], "</form>")]
	v := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(form, -1) {
		v.Set(unescape(m[1]), unescape(m[2]))
	}
	for _, m := range textareaRE.FindAllStringSubmatch(form, -1) {
		v.Set(unescape(m[1]), unescape(m[2]))
	}
	for _, m := range selectRE.FindAllStringSubmatch(form, -1) {
		if s := selectedRE.FindStringSubmatch(m[2]); s != nil {
			v.Set(unescape(m[1]), unescape(s[1]))
		} else if s := firstOptionRE.FindStringSubmatch(m[2]); s != nil {
			v.Set(unescape(m[1]), unescape(s[1]))
		}
	}
	return v
}

var (
	inputRE       = regexp.MustCompile(`<input (?:type="hidden" |id="[^"]*" )name="([^"]+)" value="([^"]*)"`)
	textareaRE    = regexp.MustCompile(`(?s)<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>`)
	selectRE      = regexp.MustCompile(`(?s)<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>`)
	selectedRE    = regexp.MustCompile(`<option value="([^"]*)" selected>`)
	firstOptionRE = regexp.MustCompile(`<option value="([^"]*)"`)
)

func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}

// post sends a form with the page's CSRF token.
func (w *acctWorld) post(t *testing.T, path, sess string, form url.Values) (code int, body, location string) {
	t.Helper()
	rec := w.do(t, "POST", path, sess, form)
	return rec.Code, rec.Body.String(), rec.Header().Get("Location")
}

// fieldError is the problem the page shows beside a field, "" for none.
func fieldErrorOf(body, field string) string {
	re := regexp.MustCompile(`(?s)<label for="f-` + regexp.QuoteMeta(field) + `">.*?</div>`)
	div := re.FindString(body)
	m := regexp.MustCompile(`(?s)<span class="field-error[^"]*" role="alert">(.*?)</span>\n`).FindStringSubmatch(div)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestPlanCreateEdit: a planner of Bac Ninh creates a plan of the
// province, edits it, and the audit names who did it and from where; an
// invalid field is shown beside the field in Vietnamese and English and
// nothing is saved.
func TestPlanCreateEdit(t *testing.T) {
	w := newAcctWorld(t)
	ctx := context.Background()
	sess := w.addPerson(t, "lan", "planner@24")
	page := w.do(t, "GET", "/plans/new", sess, nil)
	if page.Code != 200 || !strings.Contains(page.Body.String(), "Kế hoạch mới") {
		t.Fatalf("GET /plans/new: %d\n%s", page.Code, page.Body.String())
	}
	form := formOf(t, page.Body.String())
	if form.Get("unit") != "24" || form.Get("csrf") == "" || form.Get("kind") != "resolution" {
		t.Errorf("the new plan's form starts with %v", form)
	}
	form.Set("plan", "KH-2026-BN")
	form.Set("kind", "annual_plan")
	form.Set("title_vi", "Kế hoạch phát triển kinh tế - xã hội năm 2026 tỉnh Bắc Ninh")
	form.Set("title_en", "Bac Ninh socio-economic development plan 2026")
	form.Set("issuer_vi", "UBND tỉnh Bắc Ninh")
	form.Set("issued", "2025-12-31")
	form.Set("horizon", "2026")
	code, body, loc := w.post(t, "/plans/new", sess, form)
	if code != 303 || loc != "/p/KH-2026-BN/edit?saved=1" {
		t.Fatalf("POST /plans/new: %d %s\n%s", code, loc, body)
	}
	plans, _ := w.db.Plans(ctx)
	var got planwatch.Plan
	for _, p := range plans {
		if p.Code == "KH-2026-BN" {
			got = p
		}
	}
	if got.UnitCode != "24" || got.Kind != "annual_plan" || got.Horizon.String() != "2026" || got.Issued != "2025-12-31" || got.IssuerVI != "UBND tỉnh Bắc Ninh" {
		t.Fatalf("stored plan %+v", got)
	}
	// The edit form shows it; a change is saved.
	page = w.do(t, "GET", "/p/KH-2026-BN/edit?saved=1", sess, nil)
	if page.Code != 200 || !strings.Contains(page.Body.String(), "Đã lưu") {
		t.Fatalf("GET edit: %d\n%s", page.Code, page.Body.String())
	}
	form = formOf(t, page.Body.String())
	if form.Get("plan") != "KH-2026-BN" || form.Get("horizon") != "2026" || form.Get("version") == "" {
		t.Fatalf("edit form %v", form)
	}
	form.Set("title_en", "Socio-economic development plan of Bac Ninh for 2026")
	if code, body, _ := w.post(t, "/p/KH-2026-BN/edit", sess, form); code != 303 {
		t.Fatalf("POST edit: %d\n%s", code, body)
	}
	plans, _ = w.db.Plans(ctx)
	for _, p := range plans {
		if p.Code == "KH-2026-BN" && p.TitleEN != "Socio-economic development plan of Bac Ninh for 2026" {
			t.Errorf("edited title %q", p.TitleEN)
		}
	}
	// The audit shows both changes as lan's, from the web.
	root := w.login(t, "root")
	audit := w.do(t, "GET", "/audit?kind=plans", root, nil).Body.String()
	if n := strings.Count(audit, "KH-2026-BN"); n < 2 || !strings.Contains(audit, "lan") || !strings.Contains(audit, "web ") || !strings.Contains(audit, "Socio-economic development plan of Bac Ninh for 2026") {
		t.Errorf("the audit shows the plan %d times:\n%s", n, audit)
	}

	// An invalid horizon and a kind not in the list: each problem beside
	// its field, in the reader's language; nothing saved.
	before, _ := w.db.Audit(ctx, planwatch.AuditFilter{})
	for _, c := range []struct{ lang, horizon, kind string }{
		{"vi", "Không phải một kỳ: 2026-13", "không phải một lựa chọn hợp lệ"},
		{"en", "Not a period: 2026-13", "is not one of"},
	} {
		page = w.do(t, "GET", "/p/KH-2026-BN/edit?lang="+c.lang, sess, nil)
		form = formOf(t, page.Body.String())
		form.Set("horizon", "2026-13")
		form.Set("kind", "wish")
		form.Set("title_vi", "Tên đã sửa")
		rec := w.do(t, "POST", "/p/KH-2026-BN/edit?lang="+c.lang, sess, form)
		body := rec.Body.String()
		if rec.Code != 422 {
			t.Fatalf("%s: invalid form: %d", c.lang, rec.Code)
		}
		if got := fieldErrorOf(body, "horizon"); !strings.Contains(got, c.horizon) {
			t.Errorf("%s: horizon's problem %q, want %q", c.lang, got, c.horizon)
		}
		if got := fieldErrorOf(body, "kind"); !strings.Contains(got, c.kind) {
			t.Errorf("%s: kind's problem %q, want %q", c.lang, got, c.kind)
		}
		if got := fieldErrorOf(body, "title_vi"); got != "" {
			t.Errorf("%s: a valid field shows %q", c.lang, got)
		}
		if !strings.Contains(body, "Tên đã sửa") {
			t.Errorf("%s: the form lost what was typed", c.lang)
		}
		bad, err := wrongWords(body)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			t.Errorf("%s: %s", c.lang, b)
		}
	}
	after, _ := w.db.Audit(ctx, planwatch.AuditFilter{})
	if len(after) != len(before) {
		t.Errorf("invalid forms changed %d records", len(after)-len(before))
	}
	// A new plan with a code taken is refused.
	page = w.do(t, "GET", "/plans/new?lang=en", sess, nil)
	form = formOf(t, page.Body.String())
	form.Set("plan", "KH-2026-BN")
	form.Set("title_vi", "Trùng mã")
	form.Set("horizon", "2026")
	code, body, _ = w.post(t, "/plans/new?lang=en", sess, form)
	if code != 422 || !strings.Contains(fieldErrorOf(body, "plan"), "exists already") {
		t.Errorf("a taken code: %d %q", code, fieldErrorOf(body, "plan"))
	}
}

// TestPlanEditConflict: two planners open the same plan; the first to
// save wins, the second is told, with what is saved now beside what they
// typed, and sending again saves theirs over it: nothing is lost unseen.
func TestPlanEditConflict(t *testing.T) {
	w := newAcctWorld(t)
	ctx := context.Background()
	a := w.addPerson(t, "lan", "planner@24")
	b := w.addPerson(t, "minh", "planner@24")
	fa := formOf(t, w.do(t, "GET", "/p/KH-9256-2026/edit?lang=vi", a, nil).Body.String())
	fb := formOf(t, w.do(t, "GET", "/p/KH-9256-2026/edit?lang=vi", b, nil).Body.String())
	fa.Set("title_en", "Socio-economic plan of Dong Ngan 2026")
	if code, body, _ := w.post(t, "/p/KH-9256-2026/edit", a, fa); code != 303 {
		t.Fatalf("first save: %d\n%s", code, body)
	}
	fb.Set("title_en", "Dong Ngan ward plan for 2026")
	code, body, _ := w.post(t, "/p/KH-9256-2026/edit", b, fb)
	if code != 422 || !strings.Contains(body, "Trong lúc đó đã có người lưu") {
		t.Fatalf("second save: %d\n%s", code, body)
	}
	if got := fieldErrorOf(body, "title_en"); !strings.Contains(got, "Socio-economic plan of Dong Ngan 2026") || !strings.Contains(body, `value="Dong Ngan ward plan for 2026"`) && !strings.Contains(body, ">Dong Ngan ward plan for 2026<") {
		t.Errorf("the conflict shows %q; the form keeps yours: %v", got, strings.Contains(body, "Dong Ngan ward plan for 2026"))
	}
	plans, _ := w.db.Plans(ctx)
	for _, p := range plans {
		if p.Code == "KH-9256-2026" && p.TitleEN != "Socio-economic plan of Dong Ngan 2026" {
			t.Errorf("the second save wrote over the first: %q", p.TitleEN)
		}
	}
	// Sending the form again, as shown, saves over it.
	again := formOf(t, body)
	if code, body, _ := w.post(t, "/p/KH-9256-2026/edit", b, again); code != 303 {
		t.Fatalf("save again: %d\n%s", code, body)
	}
	plans, _ = w.db.Plans(ctx)
	for _, p := range plans {
		if p.Code == "KH-9256-2026" && p.TitleEN != "Dong Ngan ward plan for 2026" {
			t.Errorf("sent again: %q", p.TitleEN)
		}
	}
}

// TestPlanEditRefused: a planner of another province, a reporter, the
// public and a form without its CSRF token change nothing.
func TestPlanEditRefused(t *testing.T) {
	w := newAcctWorld(t)
	ctx := context.Background()
	hn := w.addPerson(t, "ha", "planner@01")
	lan := w.addPerson(t, "lan", "planner@24")
	xa := w.login(t, "xa")
	form := formOf(t, w.do(t, "GET", "/p/KH-9256-2026/edit", lan, nil).Body.String())
	form.Set("title_en", "changed")
	for _, c := range []struct {
		who, sess string
		form      url.Values
		want      int
	}{
		{"a planner of Ha Noi", hn, form, 403},
		{"a reporter of the ward", xa, form, 403},
		{"the public", "", form, 303},
	} {
		f := url.Values{}
		for k, v := range c.form {
			f[k] = v
		}
		if c.sess != "" {
			f.Set("csrf", csrfOf(t, w.do(t, "GET", "/u/24", c.sess, nil).Body.String()))
		}
		if got := w.do(t, "GET", "/p/KH-9256-2026/edit", c.sess, nil).Code; got != c.want {
			t.Errorf("%s: GET %d, want %d", c.who, got, c.want)
		}
		if got := w.do(t, "POST", "/p/KH-9256-2026/edit", c.sess, f).Code; got != c.want {
			t.Errorf("%s: POST %d, want %d", c.who, got, c.want)
		}
		// Ha Noi's planner cannot move a plan into Ha Noi either by a new one
		// of Bac Ninh's unit.
		nf := url.Values{"csrf": f["csrf"], "plan": {"KH-X"}, "kind": {"annual_plan"}, "unit": {"24"}, "title_vi": {"X"}, "horizon": {"2026"}}
		if got := w.do(t, "POST", "/plans/new", c.sess, nf).Code; got != c.want {
			t.Errorf("%s: POST /plans/new %d, want %d", c.who, got, c.want)
		}
	}
	noToken := url.Values{}
	for k, v := range form {
		if k != "csrf" {
			noToken[k] = v
		}
	}
	if got := w.do(t, "POST", "/p/KH-9256-2026/edit", lan, noToken).Code; got != 403 {
		t.Errorf("no CSRF token: %d", got)
	}
	plans, _ := w.db.Plans(ctx)
	for _, p := range plans {
		if p.Code == "KH-X" || p.Code == "KH-9256-2026" && p.TitleEN == "changed" {
			t.Errorf("a refused form wrote %+v", p)
		}
	}
}

// TestPlanEditLinks: the plan page links to its edit form for a planner of
// its unit only; the public's page, which the shared cache keeps, never
// has the link.
func TestPlanEditLinks(t *testing.T) {
	w := newAcctWorld(t)
	lan := w.addPerson(t, "lan", "planner@24")
	ha := w.addPerson(t, "ha", "planner@01")
	link := `href="/p/KH-9256-2026/edit"`
	if body := w.do(t, "GET", "/p/KH-9256-2026", "", nil).Body.String(); strings.Contains(body, link) {
		t.Error("the public's plan page links to the edit form")
	}
	page := w.do(t, "GET", "/p/KH-9256-2026", lan, nil)
	if body := page.Body.String(); !strings.Contains(body, link) || !strings.Contains(body, ">Sửa</a>") || page.Header().Get("Cache-Control") != "private, no-store" {
		t.Errorf("the planner's plan page has no edit link, or may be kept (%q)", page.Header().Get("Cache-Control"))
	}
	for who, sess := range map[string]string{"the public, after the planner": "", "Ha Noi's planner": ha, "a reporter": w.login(t, "xa")} {
		if body := w.do(t, "GET", "/p/KH-9256-2026", sess, nil).Body.String(); strings.Contains(body, link) {
			t.Errorf("%s sees the edit link", who)
		}
	}
}
