package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/period"
	"planwatch/web"
)

// apiGet asks the API with a bearer token (none for "").
func (w *acctWorld) apiGet(t *testing.T, target, token string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

// token makes an API token of a person.
func (w *acctWorld) token(t *testing.T, user string) (string, planwatch.Token) {
	t.Helper()
	secret, tk, err := w.srv.Accounts.NewToken(planwatch.WithActor(context.Background(), planwatch.Actor{User: "root"}), user, "sync", nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return secret, tk
}

// draftWorld is newAcctWorld with the commune 9256's BUDGET_REV of 2025
// approved at 1.000, which its reporter xa then corrects on the web to
// 1.250 and enters FDI 40: two drafts.
func draftWorld(t *testing.T) *acctWorld {
	t.Helper()
	w := newAcctWorld(t)
	ctx := context.Background()
	v1 := &planwatch.Batch{Observations: []planwatch.ObservationRecord{{Unit: "9256", Observation: planwatch.Observation{
		Indicator: "BUDGET_REV", Period: period.MustParse("2025"), Value: 1000, Status: "P", Source: "Báo cáo sơ bộ năm 2025"}}}}
	if _, err := planwatch.Apply(ctx, w.db, v1, planwatch.ApplyOptions{Approved: true, RecordedBy: "setup"}); err != nil {
		t.Fatal(err)
	}
	// A server that reads the store as it is now.
	s, err := web.New(w.db, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	s.Accounts = w.srv.Accounts
	w.srv, w.h = s, s.Handler()
	xa := w.login(t, "xa")
	v := w.entryValues(t, "9256", "2025", xa)
	if v.Get("ind.0") != "BUDGET_REV" || v.Get("ind.1") != "FDI" {
		t.Fatalf("entry rows: %v", v)
	}
	v.Set("value.0", "1250")
	v.Set("value.1", "40")
	v.Set("source.0", "Báo cáo năm 2025")
	if rec := w.do(t, "POST", "/u/9256/entry", xa, v); rec.Code != http.StatusSeeOther {
		t.Fatalf("entry: %d\n%s", rec.Code, rec.Body.String())
	}
	return w
}

// TestAPIDrafts: a token (or session) of a reporter or approver of a unit
// sees the unit's drafts in observations, facts and assessments, each
// marked with its approval state, answered for it alone; ?approved=only
// leaves them out; a viewer's token, another province's reporter's and
// no token see approved figures only; a revoked token is refused.
func TestAPIDrafts(t *testing.T) {
	w := draftWorld(t)
	xa, xaTok := w.token(t, "xa")
	hoa, _ := w.token(t, "hoa")
	xem, _ := w.token(t, "xem")
	hn, _ := w.token(t, "hn")

	type obs struct {
		Unit, Indicator, Period, Approval string
		Value                             float64
	}
	observations := func(target, token string) ([]obs, *httptest.ResponseRecorder) {
		t.Helper()
		rec := w.apiGet(t, target, token)
		var out []obs
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			t.Fatalf("%s: %d\n%s", target, rec.Code, rec.Body.String())
		}
		return out, rec
	}
	find := func(list []obs, ind string) (obs, bool) {
		for _, o := range list {
			if o.Unit == "9256" && o.Indicator == ind && o.Period == "2025" {
				return o, true
			}
		}
		return obs{}, false
	}
	for _, c := range []struct {
		who, token string
		drafts     bool
	}{{"xa (reporter@9256)", xa, true}, {"hoa (approver@24)", hoa, true}, {"xem (viewer@24)", xem, false}, {"hn (reporter@00004)", hn, false}, {"no token", "", false}} {
		list, rec := observations("/api/v1/observations?unit=9256", c.token)
		o, _ := find(list, "BUDGET_REV")
		fdi, ok := find(list, "FDI")
		if c.drafts && (o.Approval != "draft" || o.Value != 1250 || !ok || fdi.Approval != "draft") ||
			!c.drafts && (o.Approval != "approved" || o.Value != 1000 || ok) {
			t.Errorf("%s: BUDGET_REV %+v, FDI %+v (%v)", c.who, o, fdi, ok)
		}
		private := rec.Header().Get("Cache-Control") == "private, no-store"
		if private != (c.token != "") {
			t.Errorf("%s: Cache-Control %q", c.who, rec.Header().Get("Cache-Control"))
		}
		// The figures of other units are the approved ones, marked so.
		others, _ := observations("/api/v1/observations?unit=24&period=2024&indicator=GRDP", c.token)
		if len(others) == 0 {
			t.Errorf("%s: no approved GRDP of 24", c.who)
		}
		for _, o := range others {
			if o.Approval != "approved" {
				t.Errorf("%s: %+v", c.who, o)
			}
		}
	}
	if list, _ := observations("/api/v1/observations?unit=9256&approved=only", xa); len(list) != 1 || list[0].Value != 1000 || list[0].Approval != "approved" {
		t.Errorf("?approved=only: %+v", list)
	}
	if rec := w.apiGet(t, "/api/v1/observations?approved=yes", xa); rec.Code != 400 || !strings.Contains(rec.Body.String(), `"parameter": "approved"`) {
		t.Errorf("?approved=yes: %d %s", rec.Code, rec.Body.String())
	}

	// Facts: the reporter's include the draft, marked; the public's and
	// ?approved=only do not.
	type fact struct {
		Indicator string
		Value     *float64
		Drafts    []string
		Approval  string
	}
	facts := func(target, token string) map[string]fact {
		t.Helper()
		rec := w.apiGet(t, target, token)
		var out []fact
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			t.Fatalf("%s: %d\n%s", target, rec.Code, rec.Body.String())
		}
		if private := rec.Header().Get("Cache-Control") == "private, no-store"; private != (token != "") {
			t.Errorf("%s: Cache-Control %q", target, rec.Header().Get("Cache-Control"))
		}
		m := map[string]fact{}
		for _, f := range out {
			m[f.Indicator] = f
		}
		return m
	}
	mine := facts("/api/v1/facts?unit=9256&period=2025", xa)["BUDGET_REV"]
	if mine.Value == nil || *mine.Value != 1250 || mine.Approval != "draft" || len(mine.Drafts) != 1 {
		t.Errorf("the reporter's fact: %+v", mine)
	}
	for _, c := range []struct{ name, target, token string }{
		{"no token", "/api/v1/facts?unit=9256&period=2025", ""},
		{"a viewer", "/api/v1/facts?unit=9256&period=2025", xem},
		{"?approved=only", "/api/v1/facts?unit=9256&period=2025&approved=only", xa},
	} {
		if f := facts(c.target, c.token)["BUDGET_REV"]; f.Value == nil || *f.Value != 1000 || f.Approval != "approved" || len(f.Drafts) != 0 {
			t.Errorf("%s: %+v", c.name, f)
		}
	}
	// The public answer, kept in the shared cache, still has no draft
	// after the reporter asked.
	if f := facts("/api/v1/facts?unit=9256&period=2025", "")["BUDGET_REV"]; f.Value == nil || *f.Value != 1000 {
		t.Errorf("the public facts after the reporter's: %+v", f)
	}

	// Assessments: the commune's plan judged on the draft, for the
	// reporter only.
	type assessment struct {
		Indicator, Status, Approval string
		Drafts                      []string
	}
	assess := func(token string, only bool) map[string]assessment {
		t.Helper()
		target := "/api/v1/assessments?plan=KH-9256-2026"
		if only {
			target += "&approved=only"
		}
		rec := w.apiGet(t, target, token)
		var out []assessment
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			t.Fatalf("%s: %d\n%s", target, rec.Code, rec.Body.String())
		}
		if private := rec.Header().Get("Cache-Control") == "private, no-store"; private != (token != "") {
			t.Errorf("%s: Cache-Control %q", target, rec.Header().Get("Cache-Control"))
		}
		m := map[string]assessment{}
		for _, a := range out {
			m[a.Indicator] = a
		}
		return m
	}
	// 1.250 reaches the target of 1.200; the approved 1.000 does not.
	if a := assess(xa, false)["BUDGET_REV"]; a.Approval != "draft" || a.Status != "achieved" || len(a.Drafts) != 1 || !strings.Contains(a.Drafts[0], "2025") {
		t.Errorf("the reporter's assessment: %+v", a)
	}
	for name, a := range map[string]assessment{"no token": assess("", false)["BUDGET_REV"], "a viewer": assess(xem, false)["BUDGET_REV"], "?approved=only": assess(xa, true)["BUDGET_REV"]} {
		if a.Approval != "approved" || len(a.Drafts) != 0 || a.Status == "achieved" {
			t.Errorf("%s: %+v", name, a)
		}
	}

	// A revoked token is refused, not served as the public.
	w.db.Update(context.Background(), func(tx planwatch.Tx) error { return tx.RevokeToken(context.Background(), xaTok.ID) })
	for _, target := range []string{"/api/v1/observations?unit=9256", "/api/v1/facts?unit=9256&period=2025", "/api/v1/assessments?plan=KH-9256-2026"} {
		if rec := w.apiGet(t, target, xa); rec.Code != 401 {
			t.Errorf("%s with a revoked token: %d", target, rec.Code)
		}
	}
}
