package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"planwatch"
	"planwatch/demo"
	"planwatch/period"
	"planwatch/storetest/teststore"
	"planwatch/web"
)

// gatedStore is a store whose Observations, once the gate is set, wait
// until the gate is opened: a reload that takes as long as the test wants.
type gatedStore struct {
	teststore.Store
	gate    atomic.Pointer[chan struct{}]
	entered atomic.Int64 // Observations calls that reached the gate
	arrived chan struct{}
}

func (g *gatedStore) Observations(ctx context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	if gate := g.gate.Load(); gate != nil {
		g.entered.Add(1)
		select {
		case g.arrived <- struct{}{}:
		default:
		}
		<-*gate
	}
	return g.Store.Observations(ctx, f)
}

// within runs fn and fails the test if it has not returned in five
// seconds: the request waited for something it must not wait for.
func within(t *testing.T, what string, fn func() *httptest.ResponseRecorder) *httptest.ResponseRecorder {
	t.Helper()
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() { done <- fn() }()
	select {
	case w := <-done:
		return w
	case <-time.After(5 * time.Second):
		t.Fatalf("%s waited for the reload", what)
		return nil
	}
}

// While a reload is under way, requests are answered from the snapshot
// already loaded, and a single reload runs; once it is done, the pages
// show the new figures.
func TestReloadInBackground(t *testing.T) {
	ctx := context.Background()
	db := teststore.New(t)
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	g := &gatedStore{Store: db, arrived: make(chan struct{}, 1)}
	s, err := web.New(g, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	web.SetCheckInterval(s, 0) // look at the data version on every request
	h := s.Handler()
	const url = "/u/24/i/EXPORTS?lang=en"
	if body := get(t, h, url).Body.String(); !strings.Contains(body, "<title>2025: 94.00 USD bn") || strings.Contains(body, "95.00") {
		t.Fatalf("the page before the import:\n%.2000s", body)
	}

	version := func() string {
		body := get(t, h, "/healthz").Body.String()
		if strings.Contains(body, "reloading") {
			return ""
		}
		return strings.Fields(strings.SplitN(body, "data version ", 2)[1])[0]
	}
	before := version()
	gate := make(chan struct{})
	g.gate.Store(&gate)
	f := planwatch.Observation{Indicator: "EXPORTS", Period: period.MustParse("2025"), Value: 95, Status: "A", Source: "official"}
	if _, err := planwatch.Apply(ctx, db, &planwatch.Batch{Observations: []planwatch.ObservationRecord{{Unit: "24", Observation: f}}}, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	w := within(t, "/healthz", func() *httptest.ResponseRecorder { return get(t, h, "/healthz") })
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "ok\n") || w.Header().Get("X-Snapshot-Age") == "" {
		t.Errorf("healthz: %d %q, age %q", w.Code, w.Body.String(), w.Header().Get("X-Snapshot-Age"))
	}
	select {
	case <-g.arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the import started no reload")
	}
	for i := 0; i < 5; i++ {
		w := within(t, "/healthz", func() *httptest.ResponseRecorder { return get(t, h, "/healthz") })
		if w.Code != 200 || !strings.Contains(w.Body.String(), "reloading") {
			t.Errorf("healthz during the reload: %d %q", w.Code, w.Body.String())
		}
		w = within(t, "the cached page", func() *httptest.ResponseRecorder { return get(t, h, url) })
		if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, "<title>2025: 94.00 USD bn") || strings.Contains(body, "95.00") {
			t.Errorf("during the reload the page is not the old one: %d\n%.2000s", w.Code, body)
		}
		// A page of the small tables only: /plans now judges its targets,
		// whose figures the lazy review reads through the gated store.
		within(t, "another page", func() *httptest.ResponseRecorder { return get(t, h, "/units?level=all") })
	}
	if n := g.entered.Load(); n != 1 {
		t.Errorf("%d reloads under way at once, want 1", n)
	}

	entries, _, _ := cacheStats(t, s)
	g.gate.Store(nil)
	close(gate)
	deadline := time.Now().Add(10 * time.Second)
	for v := version(); v == "" || v == before; v = version() {
		if time.Now().After(deadline) {
			t.Fatal("the reload does not finish")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The pages asked for before are rendered on the new data before it is
	// swapped in: the first request after it does not wait for a render.
	if e, _, _ := cacheStats(t, s); e != entries || e < 2 {
		t.Errorf("%d pages ready on the new snapshot, %d on the old", e, entries)
	}
	if body := get(t, h, url).Body.String(); !strings.Contains(body, "<title>2025: 95.00 USD bn") || !strings.Contains(body, "v2: 95.00") {
		t.Fatalf("the new figure does not show after the reload:\n%.2000s", body)
	}
	if e, _, _ := cacheStats(t, s); e != entries {
		t.Errorf("the page was rendered again after the swap: %d pages, %d before", e, entries)
	}
}

// failingStore is a store whose data version can no longer be read.
type failingStore struct {
	teststore.Store
	fail atomic.Bool
}

func (f *failingStore) DataVersion(ctx context.Context) (int64, error) {
	if f.fail.Load() {
		return 0, planwatch.Errorf(planwatch.EINTERNAL, "disk I/O error")
	}
	return f.Store.DataVersion(ctx)
}

// When the store cannot be read, /healthz says so with 503 while the pages
// go on from the snapshot loaded; it is 200 again once the store answers.
func TestHealthzWhenTheStoreFails(t *testing.T) {
	_, db := newServer(t)
	f := &failingStore{Store: db}
	s, err := web.New(f, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	web.SetCheckInterval(s, 0)
	h := s.Handler()
	f.fail.Store(true)
	wait := func(status int) string {
		deadline := time.Now().Add(10 * time.Second)
		for {
			w := get(t, h, "/healthz")
			if w.Code == status {
				return w.Body.String()
			}
			if time.Now().After(deadline) {
				t.Fatalf("healthz stays %d %q, want %d", w.Code, w.Body.String(), status)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if body := wait(503); !strings.Contains(body, "store: disk I/O error") || !strings.Contains(body, "snapshot: data version") {
		t.Errorf("healthz: %q", body)
	}
	if w := get(t, h, "/u/24?lang=en"); w.Code != 200 || !strings.Contains(w.Body.String(), "72,497") {
		t.Errorf("the dashboard while the store fails: %d", w.Code)
	}
	f.fail.Store(false)
	if body := wait(200); !strings.HasPrefix(body, "ok\n") {
		t.Errorf("healthz after the store is back: %q", body)
	}
}
