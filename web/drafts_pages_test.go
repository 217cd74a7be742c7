package web_test

import (
	"strings"
	"testing"
)

// TestDraftMarks: on the indicator page and the target page, the
// reporter and the approver of the unit see its draft (1.250 tỷ đồng,
// which the indicator page writes 1,25 nghìn tỷ), marked, beside the
// approved version it corrects (1.000); the public, a viewer
// and another province's reporter see the approved figure only, nowhere
// the draft (not among the versions either, nor in the download), from
// the shared cache.
func TestDraftMarks(t *testing.T) {
	w := draftWorld(t)
	sessions := map[string]string{"-": ""}
	for _, name := range []string{"xa", "hoa", "xem", "hn"} {
		sessions[name] = w.login(t, name)
	}
	const mark = `<span class="draft-mark">chưa duyệt</span>`
	for _, c := range []struct {
		who    string
		drafts bool
	}{{"xa", true}, {"hoa", true}, {"-", false}, {"xem", false}, {"hn", false}, {"-", false}} {
		// The indicator page lists every version; the target page, the
		// figures its verdict used: the draft in place of the approved one.
		for _, pg := range []struct {
			path, draft, approved string
			both                  bool
		}{
			{"/u/9256/i/BUDGET_REV", "1,25", "bản 1: 1", true},
			{"/p/KH-9256-2026/t/1", "1.250", "1.000", false},
		} {
			path := pg.path
			rec := w.do(t, "GET", path, sessions[c.who], nil)
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("%s as %s: %d\n%s", path, c.who, rec.Code, body)
			}
			if cc := rec.Header().Get("Cache-Control"); (cc == "private, no-store") != (c.who != "-") {
				t.Errorf("%s as %s: Cache-Control %q", path, c.who, cc)
			}
			marked := strings.Contains(body, mark)
			draft := strings.Contains(body, pg.draft)
			if c.drafts != marked || c.drafts != draft {
				t.Errorf("%s as %s: marked %v, shows %s %v, want %v", path, c.who, marked, pg.draft, draft, c.drafts)
			}
			if c.drafts && !strings.Contains(body, "Bạn đang xem cả số liệu chưa duyệt") {
				t.Errorf("%s as %s: no note that drafts are shown", path, c.who)
			}
			if (pg.both || !c.drafts) && !strings.Contains(body, pg.approved) {
				t.Errorf("%s as %s: the approved %s is not shown", path, c.who, pg.approved)
			}
		}
	}
	// The verdict judged on the draft says so beside it.
	if tg := w.do(t, "GET", "/p/KH-9256-2026/t/1", sessions["xa"], nil).Body.String(); !strings.Contains(tg, `<span class="status s-achieved">đã đạt</span> `+mark) {
		t.Errorf("the reporter's verdict is not marked:\n%s", tg)
	}
	// The reporter's page marks the draft version among the versions; the
	// public's lists the approved one only.
	mine := w.do(t, "GET", "/u/9256/i/BUDGET_REV", sessions["xa"], nil).Body.String()
	if !strings.Contains(mine, "bản 2: 1,25 (sơ bộ, "+mark+"), xa") || !strings.Contains(mine, "bản 1: 1,00 (sơ bộ), setup") {
		t.Errorf("the reporter's versions:\n%s", mine)
	}
	pub := w.do(t, "GET", "/u/9256/i/BUDGET_REV", "", nil).Body.String()
	if strings.Contains(pub, "bản 2") || !strings.Contains(pub, "bản 1: 1 (sơ bộ), setup") {
		t.Errorf("the public's versions:\n%s", pub)
	}
	for _, who := range []string{"-", "xem"} {
		csv := w.do(t, "GET", "/u/9256/i/BUDGET_REV?format=csv", sessions[who], nil).Body.String()
		if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 2 || !strings.Contains(lines[1], ",2025,1,nghìn tỷ đồng,sơ bộ,P,1,có,setup,") {
			t.Errorf("the download as %s:\n%s", who, csv)
		}
	}
}
