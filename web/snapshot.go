package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

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

// snapshot is a loaded review with the data version it was loaded at.
type snapshot struct {
	rv      *review.Review
	version int64
	loaded  time.Time
}

// current returns the snapshot loaded last, and starts a look at the
// store's data version when the last one is old enough. It never waits.
func (s *Server) current() *review.Review {
	s.maybeReload()
	return s.snap.Load().rv
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
	var v int64
	if vs, ok := s.store.(Versioner); ok {
		var err error
		if v, err = vs.DataVersion(ctx); err != nil {
			return err
		}
	}
	if cur := s.snap.Load(); cur != nil && cur.version == v {
		return nil
	}
	s.seen.Store(v)
	start := time.Now()
	s.loadingSince.Store(start.UnixNano())
	defer s.loadingSince.Store(0)
	rv, err := review.Load(ctx, s.store)
	if err != nil {
		return err
	}
	s.snap.Store(&snapshot{rv: rv, version: v, loaded: time.Now()})
	s.cache.clear() // pages of the old data
	if s.log != nil {
		s.log.Info("snapshot loaded", "data_version", v, "duration", time.Since(start))
	}
	return nil
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
	fmt.Fprintf(w, "%s\nsnapshot: data version %d, loaded %s, %s ago\n", state, snap.version, snap.loaded.UTC().Format(time.RFC3339), age.Round(time.Millisecond))
	if since := s.loadingSince.Load(); since != 0 {
		fmt.Fprintf(w, "reloading: data version %d, for %s\n", s.seen.Load(), time.Since(time.Unix(0, since)).Round(time.Millisecond))
	}
}
