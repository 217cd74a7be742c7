package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"planwatch/account"
	"planwatch/review"
)

// The pages and the API read a snapshot of the store (a review.Review) that
// the server swaps for a new one when the data change. Loading one from a
// store of a million figures takes seconds, so it happens in the
// background, one load at a time, while every request is answered from the
// snapshot already loaded; no request waits for a load except the first,
// in New.

// reloadTimeout bounds a load, so that a stuck store does not stop the
// server from ever trying again.
const reloadTimeout = 10 * time.Minute

// warmPages and warmTime bound the pages rendered on a new snapshot
// before it is swapped in: the ones people asked for last, so that they do
// not wait for a page to render after every import.
const (
	warmPages = 200
	warmTime  = time.Minute
)

// snapshot is a loaded review with the data version it was loaded at and
// the pages rendered from it.
type snapshot struct {
	rv      *review.Review
	version int64
	// primary is the primary's data version when the store is a replica
	// (replica.go), else the same as version.
	primary int64
	loaded  time.Time
	cache   *pageCache
	// The units' tree for the authorisation check, and the reviews with
	// drafts that signed-in people's pages render from (session.go).
	scopeOnce sync.Once
	scopeOf   *account.Scope
	scopeErr  error
	personal  personalReviews
}

// current returns the snapshot loaded last, and starts a look at the
// store's data version when the last one is old enough. It never waits.
func (s *Server) current() *snapshot {
	s.maybeReload()
	return s.snap.Load()
}

// maybeReload starts a background look at the data version (and a load
// when it moved) unless one is under way or the last was too recent.
func (s *Server) maybeReload() {
	now := time.Now().UnixNano()
	if now-s.checked.Load() < s.checkEvery.Load() || !s.reloading.CompareAndSwap(false, true) {
		return
	}
	s.checked.Store(now)
	go func() {
		defer s.reloading.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), reloadTimeout)
		defer cancel()
		if err := s.load(ctx); err != nil {
			msg := err.Error()
			s.lastErr.Store(&msg)
			if s.log != nil {
				s.log.Error("reload", "error", msg)
			}
			return
		}
		s.lastErr.Store(nil)
	}()
}

// load reads a new snapshot when the data version moved since the current
// one (or there is none), and swaps it in.
func (s *Server) load(ctx context.Context) error {
	v, pv, err := s.versions(ctx)
	if err != nil {
		return err
	}
	if cur := s.snap.Load(); cur != nil && cur.version == v {
		if cur.primary != pv {
			// Only the primary moved (replica.go): the public review and
			// its pages stay, signed-in people's reviews are read again.
			s.snap.Store(&snapshot{rv: cur.rv, version: v, primary: pv, loaded: cur.loaded, cache: cur.cache})
		}
		return nil
	}
	s.seen.Store(v)
	start := time.Now()
	s.loadingSince.Store(start.UnixNano())
	defer s.loadingSince.Store(0)
	// The public sees approved figures only.
	rv, err := review.Open(ctx, s.store, review.LoadOptions{Approved: true})
	if err != nil {
		return err
	}
	read := time.Since(start)
	next := &snapshot{rv: rv, version: v, primary: pv, cache: newPageCache(s.cacheLimit.Load())}
	warmed := 0
	if cur := s.snap.Load(); cur != nil {
		// The review reads its figures as the pages ask for them, so
		// rendering is most of a reload: pages asked for on the old
		// snapshot meanwhile are rendered too, in a second round.
		for round := 0; round < 3; round++ {
			before, _, _ := next.cache.stats()
			s.warm(ctx, next, cur.cache.recent(warmPages))
			if warmed, _, _ = next.cache.stats(); warmed == before {
				break
			}
		}
	}
	next.loaded = time.Now()
	s.snap.Store(next)
	if s.log != nil {
		s.log.Info("snapshot loaded", "data_version", v, "read", read, "pages_rendered", warmed, "render", next.loaded.Sub(start)-read)
	}
	return nil
}

// warm renders pages on a snapshot not yet in use, into its cache, and
// says how many it rendered.
func (s *Server) warm(ctx context.Context, next *snapshot, pages []*cachedPage) int {
	deadline := time.Now().Add(warmTime)
	ctx = context.WithValue(ctx, warmKey{}, next)
	n := 0
	for _, p := range pages {
		if ctx.Err() != nil || time.Now().After(deadline) {
			break
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.path+"?"+p.query, nil)
		if err != nil {
			continue
		}
		req.Header.Set("Cookie", "lang="+string(p.lang))
		s.mux.ServeHTTP(&recorder{header: http.Header{}}, req)
		n++
	}
	return n
}

// healthz answers from what is loaded, without touching the store: how old
// the snapshot is (also in X-Snapshot-Age, in seconds), whether a reload is
// under way, and 503 when the last look at the store failed.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	s.maybeReload()
	snap := s.snap.Load()
	age := time.Since(snap.loaded)
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Snapshot-Age", strconv.FormatInt(int64(age/time.Second), 10))
	status, state := http.StatusOK, "ok"
	if e := s.lastErr.Load(); e != nil {
		status, state = http.StatusServiceUnavailable, "store: "+*e
	}
	w.WriteHeader(status)
	fmt.Fprintf(w, "%s\nsnapshot: data version %d, loaded %s, %s ago\n", state, snap.version, snap.loaded.UTC().Format("2006-01-02T15:04:05.000Z"), age.Round(time.Millisecond))
	if since := s.loadingSince.Load(); since != 0 {
		fmt.Fprintf(w, "reloading: data version %d, for %s\n", s.seen.Load(), time.Since(time.Unix(0, since)).Round(time.Millisecond))
	}
	s.healthzReplica(w, snap)
}
