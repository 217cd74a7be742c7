package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"net/http"
	"net/url"
	"sync"

	"golang.org/x/sync/singleflight"

	"planwatch/locale"
)

// Pages are a function of the snapshot, the path, the parameters the page
// reads and the language: the first request of a page renders it and the
// next ones, until the data change, get the same bytes.
//
// The key holds only the parameters the route declares (a page never sees
// the others), so that made-up parameters cannot make new entries, and the
// cache is bounded in bytes, least recently used out first, so that made-up
// values of the parameters a page does read cannot fill the memory either.

// pageCacheLimit is the cache's default budget: every page of the demo in
// both languages takes about 2 MiB; a store of a million figures, a few
// hundred KiB a dashboard.
const pageCacheLimit = 64 << 20

// entryOverhead is what an entry costs beyond its key, headers and bodies:
// the list element, the map slot, the struct.
const entryOverhead = 256

type cachedPage struct {
	key string
	// The request it answers, to render it again on new data.
	path, query string
	lang        locale.Lang
	status      int
	header      http.Header
	body        []byte
	gz          []byte // body, gzipped once for all the clients that accept it
	size        int64
}

// pageCache is a least-recently-used map of pages with a byte budget. Each
// snapshot has its own.
type pageCache struct {
	mu    sync.Mutex
	limit int64
	bytes int64
	order *list.List // of *cachedPage, most recently used first
	items map[string]*list.Element
	// flight renders each page once at a time.
	flight singleflight.Group
}

func newPageCache(limit int64) *pageCache {
	return &pageCache{limit: limit, order: list.New(), items: map[string]*list.Element{}}
}

// get returns the page kept under key.
func (c *pageCache) get(key string) (*cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedPage), true
}

// recent are at most n pages, the most recently used first.
func (c *pageCache) recent(n int) []*cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*cachedPage
	for e := c.order.Front(); e != nil && len(out) < n; e = e.Next() {
		out = append(out, e.Value.(*cachedPage))
	}
	return out
}

// put keeps a page, dropping the least recently used ones until it fits.
// A page bigger than an eighth of the budget is not kept.
func (c *pageCache) put(p *cachedPage) {
	p.size = entryOverhead + int64(len(p.key)+len(p.body)+len(p.gz))
	for k, vs := range p.header {
		p.size += int64(len(k))
		for _, v := range vs {
			p.size += int64(len(v))
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.size > c.limit/8 {
		return
	}
	if e, ok := c.items[p.key]; ok {
		c.remove(e)
	}
	c.items[p.key] = c.order.PushFront(p)
	c.bytes += p.size
	c.shrink()
}

func (c *pageCache) shrink() {
	for c.bytes > c.limit {
		c.remove(c.order.Back())
	}
}

func (c *pageCache) remove(e *list.Element) {
	p := c.order.Remove(e).(*cachedPage)
	delete(c.items, p.key)
	c.bytes -= p.size
}

func (c *pageCache) setLimit(n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limit = n
	c.shrink()
}

// stats are the number of pages kept, their bytes and the budget.
func (c *pageCache) stats() (entries int, bytes, limit int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.bytes, c.limit
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

// snapshotKey holds, in a request's context, the review a page renders
// from; warmKey, the snapshot a page is rendered for ahead of its swap.
type (
	snapshotKey struct{}
	warmKey     struct{}
)

// canonicalQuery is the query with only the named parameters, each with
// its first value, empty ones left out, in a fixed order. "lang" is kept
// too: it picks the language, which the key holds as the language itself.
func canonicalQuery(q url.Values, params []string) string {
	v := url.Values{}
	for _, name := range append(params, "lang") {
		if s := q.Get(name); s != "" {
			v.Set(name, s)
		}
	}
	return v.Encode() // sorted by name
}

// cached serves a page from the cache, or renders and keeps it. The page
// sees only the parameters it declares. Only successful pages are kept.
func (s *Server) cached(h http.HandlerFunc, params ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		snap, ok := r.Context().Value(warmKey{}).(*snapshot)
		if !ok {
			snap = s.current()
		}
		l := lang(w, r) // sets the cookie when ?lang= asks, whether the page is kept or not
		u := *r.URL
		u.RawQuery = canonicalQuery(r.URL.Query(), params)
		if pr := signedIn(r); pr != nil {
			// Rendered for this person only, never kept (session.go).
			rv, drafts := s.reviewFor(r.Context(), snap, pr)
			personal(w)
			r2 := r.WithContext(context.WithValue(context.WithValue(r.Context(), snapshotKey{}, rv), draftsKey{}, drafts))
			r2.URL = &u
			h(w, r2)
			return
		}
		key := r.URL.Path + "?" + u.RawQuery + "|" + string(l)
		p, ok := snap.cache.get(key)
		if !ok {
			// One render of a page however many ask for it at once: the
			// others wait for it rather than render it again each.
			ch := snap.cache.flight.DoChan(key, func() (any, error) {
				// The page renders from the snapshot whose cache keeps it,
				// with only the parameters it declared, to the end even if
				// the client that asked first goes away.
				r2 := r.WithContext(context.WithValue(context.WithoutCancel(r.Context()), snapshotKey{}, snap.rv))
				r2.URL = &u
				return renderPage(h, r2, snap.cache, key, l), nil
			})
			select {
			case res := <-ch:
				p = res.Val.(*cachedPage)
			case <-r.Context().Done():
				return
			}
		}
		for k, v := range p.header {
			w.Header()[k] = v
		}
		// The page is in the language the cookie chose.
		w.Header().Add("Vary", "Cookie")
		if gw, ok := w.(*gzipWriter); ok && p.gz != nil {
			gw.raw = true // already compressed
			gw.ResponseWriter.WriteHeader(p.status)
			gw.ResponseWriter.Write(p.gz)
			return
		}
		w.WriteHeader(p.status)
		w.Write(p.body)
	}
}

// renderPage renders a page and keeps it when it succeeded.
func renderPage(h http.HandlerFunc, r *http.Request, cache *pageCache, key string, l locale.Lang) *cachedPage {
	rec := &recorder{header: http.Header{}}
	h(rec, r)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	rec.header.Del("Set-Cookie") // set for each client, not kept
	p := &cachedPage{key: key, path: r.URL.Path, query: r.URL.RawQuery, lang: l, status: rec.status, header: rec.header, body: rec.body.Bytes()}
	if p.status == http.StatusOK {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(p.body)
		zw.Close()
		p.gz = gz.Bytes()
		cache.put(p)
	}
	return p
}
