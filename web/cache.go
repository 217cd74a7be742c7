package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"planwatch/review"
)

// Pages are a function of the snapshot, the URL and the language: the
// first request of a page renders it and the next ones, until the data
// change, get the same bytes.

// maxCachedPages bounds the cache: every page of 34 provinces in two
// languages fits many times over.
const maxCachedPages = 20000

type cachedPage struct {
	rv     *review.Review
	status int
	header http.Header
	body   []byte
	gz     []byte // body, gzipped once for all the clients that accept it
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

// pageKey is the URL with its query in a fixed order, and the language the
// page will be in.
func pageKey(r *http.Request, lang string) string {
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(r.URL.Path)
	for _, k := range keys {
		b.WriteString("&" + url.QueryEscape(k) + "=" + url.QueryEscape(strings.Join(q[k], ",")))
	}
	return b.String() + "|" + lang
}

// cached serves a page from the cache, or renders and keeps it. Only
// successful pages are kept.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rv, err := s.snapshot(r.Context())
		if err != nil {
			h(w, r)
			return
		}
		key := pageKey(r, string(lang(nopWriter{}, r)))
		if c, ok := s.cache.Load(key); ok && c.(*cachedPage).rv == rv {
			p := c.(*cachedPage)
			for k, v := range p.header {
				w.Header()[k] = v
			}
			if gw, ok := w.(*gzipWriter); ok && p.gz != nil {
				gw.raw = true // already compressed
				gw.ResponseWriter.WriteHeader(p.status)
				gw.ResponseWriter.Write(p.gz)
				return
			}
			w.WriteHeader(p.status)
			w.Write(p.body)
			return
		}
		rec := &recorder{header: http.Header{}}
		h(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
		// Bounded, so that made-up query strings cannot fill the memory.
		if rec.status == http.StatusOK && s.cachedN.Add(1) <= maxCachedPages {
			var gz bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
			zw.Write(rec.body.Bytes())
			zw.Close()
			s.cache.Store(key, &cachedPage{rv: rv, status: rec.status, header: rec.header, body: rec.body.Bytes(), gz: gz.Bytes()})
		}
	}
}

// nopWriter lets the cache ask which language a request wants without
// setting the cookie twice.
type nopWriter struct{}

func (nopWriter) Header() http.Header         { return http.Header{} }
func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (nopWriter) WriteHeader(int)             {}
