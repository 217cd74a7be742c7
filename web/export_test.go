package web

// SetPageCacheLimit changes the page cache's byte budget, so that a test
// can fill it without rendering megabytes of pages.
func SetPageCacheLimit(s *Server, n int64) { s.cache.setLimit(n) }
