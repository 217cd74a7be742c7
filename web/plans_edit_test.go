package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/web"
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
	if body := w.do(t, "GET", "/plans", lan, nil).Body.String(); !strings.Contains(body, `href="/plans/new"`) {
		t.Error("the planner's list of plans has no link to a new plan")
	}
	for who, sess := range map[string]string{"the public, after the planner": "", "Ha Noi's planner": ha, "a reporter": w.login(t, "xa")} {
		if body := w.do(t, "GET", "/p/KH-9256-2026", sess, nil).Body.String(); strings.Contains(body, link) {
			t.Errorf("%s sees the edit link", who)
		}
	}
	for who, sess := range map[string]string{"the public, after the planner": "", "a reporter": w.login(t, "xa")} {
		if body := w.do(t, "GET", "/plans", sess, nil).Body.String(); strings.Contains(body, `href="/plans/new"`) {
			t.Errorf("%s sees the link to a new plan", who)
		}
	}
}

// TestTargetAddEdit: a planner adds a target to a plan, with the plan's
// own words, previews it, saves it, and edits it; the wording is kept as
// typed and the target page shows it; an invalid field shows its problem
// beside it in Vietnamese and English and saves nothing; the audit names
// who.
func TestTargetAddEdit(t *testing.T) {
	w := newAcctWorld(t)
	ctx := context.Background()
	sess := w.addPerson(t, "lan", "planner@24")
	page := w.do(t, "GET", "/p/KH-9256-2026/t/new", sess, nil)
	if page.Code != 200 {
		t.Fatalf("GET new target: %d\n%s", page.Code, page.Body.String())
	}
	form := formOf(t, page.Body.String())
	if form.Get("unit") != "9256" || form.Get("period") != "2026" {
		t.Errorf("the new target's form starts with %v", form)
	}
	wording := "Thu ngân sách trên địa bàn phường đạt trên 1.350 tỷ đồng,\n phấn đấu tăng 12%  so với năm 2025."
	form.Set("indicator", "BUDGET_REV")
	form.Set("kind", "at_least")
	form.Set("value", "1.350,5")
	form.Set("period", "2027")
	form.Set("baseline_period", "2025")
	form.Set("baseline_value", "1.205")
	form.Set("milestones", "2026=1.280")
	form.Set("wording", strings.ReplaceAll(wording, "\n", "\r\n"))
	form.Set("wording_lang", "vi")
	// A preview: how planwatch will state it, nothing saved.
	form.Set("preview", "1")
	code, body, _ := w.post(t, "/p/KH-9256-2026/t/new", sess, form)
	if code != 200 || !strings.Contains(body, "planwatch sẽ ghi mục tiêu này là") || !strings.Contains(body, "Thu ngân sách nhà nước trên địa bàn: tối thiểu 1,3505 nghìn tỷ đồng · Thời hạn 2027") {
		t.Fatalf("preview: %d\n%s", code, body)
	}
	if ts, _ := w.db.Targets(ctx, planwatch.TargetFilter{Plan: "KH-9256-2026"}); len(ts) != 2 {
		t.Fatalf("a preview saved: %d targets", len(ts))
	}
	form.Del("preview")
	code, body, loc := w.post(t, "/p/KH-9256-2026/t/new", sess, form)
	if code != 303 || !strings.HasSuffix(loc, "/edit?saved=1") {
		t.Fatalf("save: %d %s\n%s", code, loc, body)
	}
	ts, _ := w.db.Targets(ctx, planwatch.TargetFilter{Plan: "KH-9256-2026", Indicator: "BUDGET_REV"})
	var got planwatch.Target
	for _, x := range ts {
		if x.Period.String() == "2027" {
			got = x
		}
	}
	if got.Value == nil || *got.Value != 1350.5 || got.Kind != planwatch.AtLeast || got.UnitCode != "9256" || got.BaselineValue == nil || *got.BaselineValue != 1205 ||
		got.BaselinePeriod.String() != "2025" || len(got.Milestones) != 1 || got.Milestones[0].Value != 1280 {
		t.Fatalf("stored target %+v", got)
	}
	if got.Wording != wording || got.WordingLang != "vi" {
		t.Errorf("the wording is not kept as typed: %q", got.Wording)
	}
	// The edit form reads it back, in the reader's numbers.
	page = w.do(t, "GET", loc, sess, nil)
	form = formOf(t, page.Body.String())
	if page.Code != 200 || form.Get("value") != "1350,5" || form.Get("milestones") != "2026=1280" || form.Get("wording") != wording {
		t.Fatalf("edit form: %d %v", page.Code, form)
	}
	n := strings.TrimSuffix(strings.TrimPrefix(loc, "/p/KH-9256-2026/t/"), "/edit?saved=1")
	// An edit of its value, in English.
	page = w.do(t, "GET", "/p/KH-9256-2026/t/"+n+"/edit?lang=en", sess, nil)
	form = formOf(t, page.Body.String())
	form.Set("value", "1,400")
	if code, body, _ := w.post(t, "/p/KH-9256-2026/t/"+n+"/edit?lang=en", sess, form); code != 303 {
		t.Fatalf("edit: %d\n%s", code, body)
	}
	ts, _ = w.db.Targets(ctx, planwatch.TargetFilter{Plan: "KH-9256-2026", Indicator: "BUDGET_REV"})
	for _, x := range ts {
		if x.Period.String() == "2027" && (x.Value == nil || *x.Value != 1400 || x.Wording != wording) {
			t.Errorf("edited target %+v", x)
		}
	}
	// The target page shows the plan's words as they were typed, once the
	// snapshot has the target.
	web.SetCheckInterval(w.srv, 0)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		tp := w.do(t, "GET", "/p/KH-9256-2026/t/"+n, "", nil).Body.String()
		if strings.Contains(tp, "Thu ngân sách trên địa bàn phường đạt trên 1.350 tỷ đồng,\n phấn đấu tăng 12%  so với năm 2025.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the target page does not show the wording as typed:\n%s", tp)
		}
	}
	// Invalid: a range with low above high, a number that is not one.
	before, _ := w.db.Audit(ctx, planwatch.AuditFilter{})
	for _, c := range []struct{ lang, low, baseline string }{
		{"vi", "lớn hơn cận trên", "Không phải số: 12a"},
		{"en", "is above high", "Not a number: 12a"},
	} {
		page = w.do(t, "GET", "/p/KH-9256-2026/t/"+n+"/edit?lang="+c.lang, sess, nil)
		form = formOf(t, page.Body.String())
		form.Set("value", "")
		form.Set("low", "1500")
		form.Set("high", "1400")
		form.Set("baseline_value", "12a")
		rec := w.do(t, "POST", "/p/KH-9256-2026/t/"+n+"/edit?lang="+c.lang, sess, form)
		body := rec.Body.String()
		if rec.Code != 422 {
			t.Fatalf("%s: invalid: %d", c.lang, rec.Code)
		}
		if got := fieldErrorOf(body, "low"); !strings.Contains(got, c.low) {
			t.Errorf("%s: low's problem %q, want %q", c.lang, got, c.low)
		}
		if got := fieldErrorOf(body, "baseline_value"); !strings.Contains(got, c.baseline) {
			t.Errorf("%s: baseline's problem %q, want %q", c.lang, got, c.baseline)
		}
		bad, err := wrongWords(body)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			t.Errorf("%s: %s", c.lang, b)
		}
	}
	if after, _ := w.db.Audit(ctx, planwatch.AuditFilter{}); len(after) != len(before) {
		t.Errorf("invalid forms changed %d records", len(after)-len(before))
	}
	// The audit: the target added and changed, by lan, from the web, with
	// the value before and after.
	root := w.login(t, "root")
	audit := w.do(t, "GET", "/audit?kind=targets", root, nil).Body.String()
	if !strings.Contains(audit, "lan") || !strings.Contains(audit, "web ") || !strings.Contains(audit, "1350.5") || !strings.Contains(audit, "1400") {
		t.Errorf("the audit of targets:\n%s", audit)
	}
	// The same target again is refused.
	page = w.do(t, "GET", "/p/KH-9256-2026/t/new", sess, nil)
	form = formOf(t, page.Body.String())
	form.Set("indicator", "BUDGET_REV")
	form.Set("period", "2027")
	form.Set("value", "1")
	if code, body, _ := w.post(t, "/p/KH-9256-2026/t/new", sess, form); code != 422 || !strings.Contains(fieldErrorOf(body, "indicator"), "Kế hoạch đã có mục tiêu này") {
		t.Errorf("the same target again: %d %q", code, fieldErrorOf(body, "indicator"))
	}
}

// TestTargetEditConflict: two planners edit the same target; the second
// is told, with the value saved now beside theirs.
func TestTargetEditConflict(t *testing.T) {
	w := newAcctWorld(t)
	ctx := context.Background()
	a := w.addPerson(t, "lan", "planner@24")
	b := w.addPerson(t, "minh", "planner@24")
	fa := formOf(t, w.do(t, "GET", "/p/KH-9256-2026/t/1/edit", a, nil).Body.String())
	fb := formOf(t, w.do(t, "GET", "/p/KH-9256-2026/t/1/edit", b, nil).Body.String())
	if fa.Get("indicator") != "BUDGET_REV" || fa.Get("value") != "1200" {
		t.Fatalf("target 1's form %v", fa)
	}
	fa.Set("value", "1250")
	if code, body, _ := w.post(t, "/p/KH-9256-2026/t/1/edit", a, fa); code != 303 {
		t.Fatalf("first: %d\n%s", code, body)
	}
	fb.Set("value", "1300")
	code, body, _ := w.post(t, "/p/KH-9256-2026/t/1/edit", b, fb)
	if code != 422 || !strings.Contains(fieldErrorOf(body, "value"), "1250") || !strings.Contains(body, `value="1300"`) {
		t.Fatalf("second: %d %q\n%s", code, fieldErrorOf(body, "value"), body)
	}
	ts, _ := w.db.Targets(ctx, planwatch.TargetFilter{Plan: "KH-9256-2026", Indicator: "BUDGET_REV"})
	if len(ts) != 1 || *ts[0].Value != 1250 {
		t.Errorf("the second save wrote over the first: %+v", ts)
	}
	if code, _, _ := w.post(t, "/p/KH-9256-2026/t/1/edit", b, formOf(t, body)); code != 303 {
		t.Errorf("sent again: %d", code)
	}
	ts, _ = w.db.Targets(ctx, planwatch.TargetFilter{Plan: "KH-9256-2026", Indicator: "BUDGET_REV"})
	if *ts[0].Value != 1300 {
		t.Errorf("sent again: %v", *ts[0].Value)
	}
}

// TestTargetEditRefused: a planner of another province, a reporter, the
// public and a form without its token change no target; a planner limited
// to some indicators cannot add a target of another; the target page's
// edit link is for the planner only.
func TestTargetEditRefused(t *testing.T) {
	w := newAcctWorld(t)
	ctx := context.Background()
	ha := w.addPerson(t, "ha", "planner@01")
	lan := w.addPerson(t, "lan", "planner@24")
	fdi := w.addPerson(t, "dau-tu", "planner@24:FDI")
	form := formOf(t, w.do(t, "GET", "/p/KH-9256-2026/t/1/edit", lan, nil).Body.String())
	form.Set("value", "9999")
	for _, c := range []struct {
		who, sess string
		want      int
	}{{"Ha Noi's planner", ha, 403}, {"a reporter", w.login(t, "xa"), 403}, {"the public", "", 303}, {"a planner of FDI only", fdi, 403}} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		if c.sess != "" {
			f.Set("csrf", csrfOf(t, w.do(t, "GET", "/u/24", c.sess, nil).Body.String()))
		}
		if got := w.do(t, "GET", "/p/KH-9256-2026/t/1/edit", c.sess, nil).Code; got != c.want {
			t.Errorf("%s: GET %d, want %d", c.who, got, c.want)
		}
		if got := w.do(t, "POST", "/p/KH-9256-2026/t/1/edit", c.sess, f).Code; got != c.want {
			t.Errorf("%s: POST %d, want %d", c.who, got, c.want)
		}
		if got := w.do(t, "POST", "/p/KH-9256-2026/t/new", c.sess, f).Code; got != c.want && !(c.sess == fdi && got == 403) {
			t.Errorf("%s: POST new %d, want %d", c.who, got, c.want)
		}
		if body := w.do(t, "GET", "/p/KH-9256-2026/t/1", c.sess, nil).Body.String(); strings.Contains(body, `href="/p/KH-9256-2026/t/1/edit"`) && c.sess != fdi {
			t.Errorf("%s sees the target's edit link", c.who)
		}
	}
	delete(form, "csrf")
	if got := w.do(t, "POST", "/p/KH-9256-2026/t/1/edit", lan, form).Code; got != 403 {
		t.Errorf("no CSRF token: %d", got)
	}
	ts, _ := w.db.Targets(ctx, planwatch.TargetFilter{Plan: "KH-9256-2026"})
	for _, x := range ts {
		if x.Value != nil && *x.Value == 9999 {
			t.Errorf("a refused form wrote %+v", x)
		}
	}
	if body := w.do(t, "GET", "/p/KH-9256-2026/t/1", lan, nil).Body.String(); !strings.Contains(body, `href="/p/KH-9256-2026/t/1/edit"`) {
		t.Error("the planner's target page has no edit link")
	}
}
