package web

import "time"

// SetPageCacheLimit changes the page cache's byte budget, so that a test
// can fill it without rendering megabytes of pages.
func SetPageCacheLimit(s *Server, n int64) {
	s.cacheLimit.Store(n)
	s.snap.Load().cache.setLimit(n)
}

// SetCheckInterval changes how often the server looks whether the data
// changed.
func SetCheckInterval(s *Server, d time.Duration) { s.checkEvery.Store(int64(d)) }

// CachedPages says how many answers the current snapshot's cache keeps.
func CachedPages(s *Server) int {
	n, _, _ := s.snap.Load().cache.stats()
	return n
}
