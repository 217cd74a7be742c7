package web_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/period"
	"planwatch/sqlite"
	"planwatch/web"
)

// TestReadFromReplica serves the public snapshot from a copy of the
// database that is brought up to date by hand, as a replica replays its
// primary, with the primary as Server.Primary: the public pages show an
// import once the replica holds it; a reporter's entry is written to the
// primary only, and shows on the reporter's pages while the replica is
// behind; /healthz says which store each part reads and the replica's lag.
// (cmd/planwatch's TestServeReplica does the same on a PostgreSQL standby.)
func TestReadFromReplica(t *testing.T) {
	ctx := context.Background()
	w := newAcctWorld(t)
	path := filepath.Join(t.TempDir(), "replica.db")
	if err := w.db.Backup(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	// The replica's writer plays the replication; the server reads it
	// through a read-only handle.
	replay, err := sqlite.OpenExisting(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { replay.Close() })
	replica, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { replica.Close() })
	s, err := web.New(replica, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	s.Primary = w.db
	s.Accounts = account.New(w.db)
	s.Accounts.Now = func() time.Time { return *w.clock }
	web.SetCheckInterval(s, 0)
	w.srv, w.h = s, s.Handler()

	healthz := func() string { return w.do(t, "GET", "/healthz", "", nil).Body.String() }
	// eventually waits until the page at target, for session, contains
	// want (the server looks at the data versions in the background).
	eventually := func(what, target, session, want string) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			rec := w.do(t, "GET", target, session, nil)
			if body := rec.Body.String(); rec.Code == http.StatusOK && strings.Contains(body, want) {
				return body
			} else if time.Now().After(deadline) {
				t.Fatalf("%s: %s never shows %q: %d\n%.3000s", what, target, want, rec.Code, body)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	h := eventually("at the start", "/healthz", "", "replica: caught up")
	for _, want := range []string{"reads: public pages and API from the replica; signed-in pages from the primary", "writes: sign-in, entry, approval, upload and audit to the primary"} {
		if !strings.Contains(h, want) {
			t.Errorf("healthz lacks %q:\n%s", want, h)
		}
	}

	// An import into the primary: the public sees it once it is replayed.
	const page = "/u/24/i/EXPORTS?lang=en"
	if body := w.do(t, "GET", page, "", nil).Body.String(); !strings.Contains(body, "<title>2025: 94.00 USD bn") {
		t.Fatalf("the page before the import:\n%.2000s", body)
	}
	f := planwatch.Observation{Indicator: "EXPORTS", Period: period.MustParse("2025"), Value: 95, Status: "A", Source: "official"}
	batch := &planwatch.Batch{Observations: []planwatch.ObservationRecord{{Unit: "24", Observation: f}}}
	if _, err := planwatch.Apply(ctx, w.db, batch, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	pv, err := w.db.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h = eventually("after the import", "/healthz", "", "against the primary's "+strconv.FormatInt(pv, 10))
	if !strings.Contains(h, "replica: behind") {
		t.Errorf("healthz after the import into the primary:\n%s", h)
	}
	if body := w.do(t, "GET", page, "", nil).Body.String(); !strings.Contains(body, "<title>2025: 94.00 USD bn") || strings.Contains(body, "95.00") {
		t.Errorf("the public page shows a figure the replica does not hold:\n%.2000s", body)
	}
	if _, err := planwatch.Apply(ctx, replay, batch, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	eventually("after the replay", page, "", "<title>2025: 95.00 USD bn")
	eventually("after the replay", "/healthz", "", "replica: caught up, data version "+strconv.FormatInt(pv, 10))

	// A reporter's entry goes to the primary, and shows on the reporter's
	// own pages at once, though the replica has not replayed it.
	xa := w.login(t, "xa")
	v := w.entryValues(t, "9256", "2026-01", xa)
	v.Set("value.0", "102,5")
	v.Set("value.1", "3,2")
	if rec := w.do(t, "POST", "/u/9256/entry", xa, v); rec.Code != http.StatusSeeOther {
		t.Fatalf("entry: %d\n%s", rec.Code, rec.Body.String())
	}
	jan := planwatch.ObservationFilter{Period: period.MustParse("2026-01"), Exact: true}
	if obs, _ := w.db.Observations(ctx, jan); len(obs) != 2 {
		t.Errorf("the primary holds %d figures of the entry, want 2", len(obs))
	}
	if obs, _ := replica.Observations(ctx, jan); len(obs) != 0 {
		t.Errorf("the entry was written to the replica: %+v", obs)
	}
	body := eventually("the reporter after the entry", "/u/9256?period=2026-01", xa, `<span class="draft-mark">chưa duyệt</span>`)
	if !strings.Contains(body, "102,5") {
		t.Errorf("the reporter's dashboard lacks the figure entered:\n%.3000s", body)
	}
	if h := healthz(); !strings.Contains(h, "replica: behind") || !strings.Contains(h, "signed-in pages: primary's data version") {
		t.Errorf("healthz while the replica is behind the entry:\n%s", h)
	}
	// The public page is the one already rendered from the replica.
	if body := w.do(t, "GET", page, "", nil).Body.String(); !strings.Contains(body, "<title>2025: 95.00 USD bn") {
		t.Errorf("the public page after the entry:\n%.2000s", body)
	}
}
