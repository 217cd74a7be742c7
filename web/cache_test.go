package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"planwatch"
	"planwatch/storetest/teststore"
	"planwatch/web"
)

// cacheStats reads the page cache's size from /metrics.
func cacheStats(t *testing.T, s *web.Server) (entries, bytes, limit int64) {
	t.Helper()
	m := get(t, s.Handler(), "/metrics").Body.String()
	read := func(name string) int64 {
		sm := regexp.MustCompile(`(?m)^` + name + ` (\d+)$`).FindStringSubmatch(m)
		if sm == nil {
			t.Fatalf("metrics lack %s:\n%s", name, m)
		}
		n, _ := strconv.ParseInt(sm[1], 10, 64)
		return n
	}
	return read("planwatch_page_cache_entries"), read("planwatch_page_cache_bytes"), read("planwatch_page_cache_limit_bytes")
}

// A page is kept once whatever parameters it does not read: made-up
// query strings cannot fill the memory.
func TestPageCacheIgnoresUnknownParameters(t *testing.T) {
	s, _ := newServer(t)
	h := s.Handler()
	want := get(t, h, "/u/24?lang=en").Body.String()
	e0, b0, _ := cacheStats(t, s)
	if e0 != 1 {
		t.Fatalf("%d entries after one page", e0)
	}
	for i := 0; i < 1000; i++ {
		w := get(t, h, fmt.Sprintf("/u/24?lang=en&x%d=%s&utm_source=%d", i, strings.Repeat("a", 1000), i))
		if w.Code != 200 || w.Body.String() != want {
			t.Fatalf("request %d: %d, or a different page", i, w.Code)
		}
	}
	e, b, limit := cacheStats(t, s)
	if e != e0 || b != b0 || b > limit {
		t.Errorf("after 1000 unknown-parameter URLs: %d entries, %d bytes (limit %d); before: %d entries, %d bytes", e, b, limit, e0, b0)
	}
	// A parameter the page reads does make another page.
	get(t, h, "/u/24?lang=en&period=2024")
	if e, _, _ := cacheStats(t, s); e != 2 {
		t.Errorf("the dashboard of 2024 is not kept apart: %d entries", e)
	}
}

// Pages the cache keeps are bounded in bytes, however many different ones
// are asked for.
func TestPageCacheByteBound(t *testing.T) {
	s, _ := newServer(t)
	h := s.Handler()
	const limit = 200 << 10
	web.SetPageCacheLimit(s, limit)
	// 200 pages are many times the limit (the cache keeps some tens).
	const pages = 200
	for i := 0; i < pages; i++ {
		if w := get(t, h, fmt.Sprintf("/units?q=%d&unknown%d=1", i, i)); w.Code != 200 {
			t.Fatalf("/units?q=%d: %d", i, w.Code)
		}
		if i%20 == 19 {
			if _, b, _ := cacheStats(t, s); b > limit {
				t.Fatalf("after %d pages the cache holds %d bytes, over its limit of %d", i+1, b, limit)
			}
		}
	}
	e, b, l := cacheStats(t, s)
	t.Logf("%d entries, %d bytes", e, b)
	if l != limit || b > limit || e == 0 || e >= pages {
		t.Errorf("%d entries, %d bytes, limit %d", e, b, l)
	}
	// The most recent pages are the ones kept: asking again does not grow it.
	get(t, h, fmt.Sprintf("/units?q=%d", pages-1))
	if e2, _, _ := cacheStats(t, s); e2 != e {
		t.Errorf("the most recent page was not kept: %d entries, then %d", e, e2)
	}
}

// A request URL longer than the server takes is refused with 414, on the
// pages and the API alike, before any work.
func TestLongURL(t *testing.T) {
	h := server(t)
	long := strings.Repeat("x", 9000)
	for _, url := range []string{"/u/24?junk=" + long, "/api/v1/units?junk=" + long, "/u/" + long} {
		if w := get(t, h, url); w.Code != 414 {
			t.Errorf("%.40s... (%d bytes): %d, want 414", url, len(url), w.Code)
		}
	}
	if w := get(t, h, "/u/24?junk="+strings.Repeat("x", 4000)); w.Code != 200 {
		t.Errorf("a 4 KB URL: %d", w.Code)
	}
}

// ?lang= sets the cookie on a page served from the cache too.
func TestLanguageCookieFromCache(t *testing.T) {
	h := server(t)
	get(t, h, "/plans", "Cookie", "lang=en") // kept, without a cookie to set
	w := get(t, h, "/plans?lang=en")
	var got string
	for _, c := range w.Result().Cookies() {
		if c.Name == "lang" {
			got = c.Value
		}
	}
	if got != "en" || !strings.Contains(w.Body.String(), "Plans") {
		t.Errorf("?lang=en from the cache set the cookie %q", got)
	}
}

// historyStore counts History calls and holds them until the gate opens.
type historyStore struct {
	teststore.Store
	calls atomic.Int64
	gate  chan struct{}
}

func (h *historyStore) History(ctx context.Context, key planwatch.SeriesKey, p planwatch.PeriodString) ([]planwatch.Observation, error) {
	h.calls.Add(1)
	<-h.gate
	return h.Store.History(ctx, key, p)
}

// Many requests at once for a page not rendered yet render it once: the
// others wait for that render instead of each doing it again.
func TestPageRenderedOnceForManyRequests(t *testing.T) {
	_, db := newServer(t)
	hs := &historyStore{Store: db, gate: make(chan struct{})}
	s, err := web.New(hs, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	const n = 20
	var wg sync.WaitGroup
	bodies := make([]string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			bodies[i] = get(t, h, "/u/24/i/EXPORTS?lang=en").Body.String()
		}(i)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(get(t, h, "/metrics").Body.String(), fmt.Sprintf("planwatch_http_in_flight %d\n", n+1)) {
		if time.Now().After(deadline) {
			t.Fatal("the requests did not all arrive")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // let them reach the page
	close(hs.gate)
	wg.Wait()
	// The page asks for the history of its two figures (2024, 2025), once.
	if c := hs.calls.Load(); c != 2 {
		t.Errorf("%d History calls for %d requests of one page: it was rendered %d times", c, n, c/2)
	}
	for i, b := range bodies {
		if b != bodies[0] || !strings.Contains(b, "Exports of goods") {
			t.Errorf("request %d got another page", i)
		}
	}
}
