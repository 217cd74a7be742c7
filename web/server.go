// Package web serves planwatch to people (server-rendered pages in
// Vietnamese and English, charts as SVG, no script and nothing from outside)
// and to programs (JSON under /api/v1/). It reads the store through a
// review snapshot that it reloads when the data change.
package web

import (
	"compress/gzip"
	"context"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"planwatch"
	"planwatch/account"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Versioner tells whether the data changed since the last snapshot.
type Versioner interface {
	DataVersion(ctx context.Context) (int64, error)
}

// Server is the web application.
type Server struct {
	store planwatch.Store
	// Accounts signs people in and writes what they enter and decide
	// (its Store is writable); nil serves the public pages only.
	Accounts *account.Accounts
	// Primary, when the store is a read-only replica of another database,
	// is that database (the one Accounts writes to): see replica.go. Set it
	// before serving; nil reads everything from the store.
	Primary planwatch.Store
	// TrustProxy trusts X-Forwarded-Proto and X-Forwarded-For (see
	// secureRequest).
	TrustProxy bool
	// SSO signs people in through an OpenID provider too (oidc.go); nil
	// is local accounts only.
	SSO         *OIDC
	uploads     uploads
	log         *slog.Logger
	DefaultUnit string
	mux         *routeMux
	pages       *pages

	snap       atomic.Pointer[snapshot]
	checkEvery atomic.Int64 // nanoseconds between looks at the data version
	checked    atomic.Int64 // when it last looked, in Unix nanoseconds
	reloading  atomic.Bool  // a look (and maybe a load) is under way
	seen       atomic.Int64 // the data version being loaded
	// loadingSince is when the load under way started, in Unix
	// nanoseconds, or 0.
	loadingSince atomic.Int64
	lastErr      atomic.Pointer[string] // why the last look or reload failed, or nil
	replica      replicaState           // the last look at a replica and its primary (replica.go)
	requests     sync.Map               // route -> *routeStats
	cacheLimit   atomic.Int64           // bytes each snapshot's page cache may take
	inflight     atomic.Int64
	started      time.Time
}

type routeStats struct {
	count   atomic.Int64
	errors  atomic.Int64
	nanos   atomic.Int64
	buckets [9]atomic.Int64 // one per latencyBuckets
}

var latencyBuckets = [9]float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// New makes a server over a store; defaultUnit is the unit the dashboard
// shows first.
func New(store planwatch.Store, log *slog.Logger, defaultUnit string) (*Server, error) {
	s := &Server{store: store, log: log, DefaultUnit: defaultUnit, mux: &routeMux{ServeMux: http.NewServeMux()}, started: time.Now()}
	s.cacheLimit.Store(pageCacheLimit)
	p, err := newPages(s)
	if err != nil {
		return nil, err
	}
	s.pages = p
	s.checkEvery.Store(int64(time.Second))
	if err := s.load(context.Background()); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler is the whole application with its middleware.
func (s *Server) Handler() http.Handler {
	return s.recover(s.logged(secure(s.guard(s.sessions(gzipped(s.mux))))))
}

// routeMux is the server's mux keeping the patterns it serves, so that
// a test can hold every route against every person (Server.Routes).
type routeMux struct {
	*http.ServeMux
	patterns []string
}

func (m *routeMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

func (m *routeMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(h))
}

// Routes lists the patterns the server serves ("GET /u/{unit}", ...), in
// the order they were added.
func (s *Server) Routes() []string { return slices.Clone(s.mux.patterns) }

func (s *Server) routes() {
	m := s.mux
	static, _ := fs.Sub(assets, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", s.staticFiles(static)))
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /metrics", s.metrics)
	m.HandleFunc("GET /static/report-article.css", reportCSS)

	m.HandleFunc("GET /{$}", s.home)
	// Each page with the query parameters it reads (besides lang).
	m.HandleFunc("GET /u/{unit}", s.rememberUnit(s.cached(s.pages.dashboard, "period", "format")))
	m.HandleFunc("GET /u/{unit}/about", s.cached(s.pages.unit, "format"))
	m.HandleFunc("GET /u/{unit}/report", s.cached(s.pages.report, "kind", "period", "plan", "format"))
	m.HandleFunc("GET /u/{unit}/i/{indicator}", s.cached(s.pages.indicator, "dims", "format"))
	m.HandleFunc("GET /p/{plan}", s.cached(s.pages.plan, "format"))
	m.HandleFunc("GET /p/{plan}/t/{n}", s.cached(s.pages.target))
	m.HandleFunc("GET /compare", s.cached(s.pages.compare, "indicator", "dims", "period", "group", "unit", "sort", "format"))
	m.HandleFunc("GET /plans", s.cached(s.pages.plans, "format"))
	m.HandleFunc("GET /check", s.cached(s.pages.checkForm, "unit", "period"))
	m.HandleFunc("GET /u/{unit}/check", s.cached(s.pages.checkForm, "unit", "period"))
	m.HandleFunc("POST /check", s.pages.checkPost)
	m.HandleFunc("POST /u/{unit}/check", s.pages.checkPost)
	m.HandleFunc("GET /units", s.cached(s.pages.units, "q", "level", "date", "format"))
	m.HandleFunc("GET /search", s.cached(s.pages.search, "q"))
	s.accountRoutes(m)

	api := &api{s: s}
	m.HandleFunc("GET /api/v1/openapi.json", api.openapi)
	m.HandleFunc("GET /api/v1/units", api.units)
	m.HandleFunc("GET /api/v1/units/{unit}", api.unit)
	m.HandleFunc("GET /api/v1/indicators", api.indicators)
	m.HandleFunc("GET /api/v1/observations", api.observations)
	m.HandleFunc("GET /api/v1/plans", api.plans)
	m.HandleFunc("GET /api/v1/targets", api.targets)
	m.HandleFunc("GET /api/v1/facts", s.cached(api.facts, "unit", "period", "base", "approved"))
	m.HandleFunc("GET /api/v1/assessments", api.assessments)
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		apiError(w, http.StatusNotFound, planwatch.ENOTFOUND, "no such API route: "+r.Method+" "+r.URL.Path, "")
	})
	m.HandleFunc("/", s.notFound)
}

// metrics writes counters in the Prometheus text format.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	var routes []string
	s.requests.Range(func(k, _ any) bool { routes = append(routes, k.(string)); return true })
	sort.Strings(routes)
	fmt.Fprintln(w, "# HELP planwatch_http_requests_total HTTP requests by route.")
	fmt.Fprintln(w, "# TYPE planwatch_http_requests_total counter")
	for _, rt := range routes {
		st := s.stats(rt)
		fmt.Fprintf(w, "planwatch_http_requests_total{route=%q} %d\n", rt, st.count.Load())
	}
	fmt.Fprintln(w, "# HELP planwatch_http_errors_total HTTP responses with status 500 and above, by route.")
	fmt.Fprintln(w, "# TYPE planwatch_http_errors_total counter")
	for _, rt := range routes {
		fmt.Fprintf(w, "planwatch_http_errors_total{route=%q} %d\n", rt, s.stats(rt).errors.Load())
	}
	fmt.Fprintln(w, "# HELP planwatch_http_request_duration_seconds Time to serve a request, by route.")
	fmt.Fprintln(w, "# TYPE planwatch_http_request_duration_seconds histogram")
	for _, rt := range routes {
		st := s.stats(rt)
		for i, b := range latencyBuckets {
			fmt.Fprintf(w, "planwatch_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", rt, strconv.FormatFloat(b, 'g', -1, 64), st.buckets[i].Load())
		}
		fmt.Fprintf(w, "planwatch_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", rt, st.count.Load())
		fmt.Fprintf(w, "planwatch_http_request_duration_seconds_sum{route=%q} %g\n", rt, float64(st.nanos.Load())/1e9)
		fmt.Fprintf(w, "planwatch_http_request_duration_seconds_count{route=%q} %d\n", rt, st.count.Load())
	}
	fmt.Fprintln(w, "# HELP planwatch_http_in_flight Requests being served.")
	fmt.Fprintln(w, "# TYPE planwatch_http_in_flight gauge")
	fmt.Fprintf(w, "planwatch_http_in_flight %d\n", s.inflight.Load())
	entries, bytes, limit := s.snap.Load().cache.stats()
	fmt.Fprintln(w, "# HELP planwatch_page_cache_entries Rendered pages kept.")
	fmt.Fprintln(w, "# TYPE planwatch_page_cache_entries gauge")
	fmt.Fprintf(w, "planwatch_page_cache_entries %d\n", entries)
	fmt.Fprintln(w, "# HELP planwatch_page_cache_bytes Bytes the kept pages take.")
	fmt.Fprintln(w, "# TYPE planwatch_page_cache_bytes gauge")
	fmt.Fprintf(w, "planwatch_page_cache_bytes %d\n", bytes)
	fmt.Fprintln(w, "# HELP planwatch_page_cache_limit_bytes The most bytes the kept pages may take.")
	fmt.Fprintln(w, "# TYPE planwatch_page_cache_limit_bytes gauge")
	fmt.Fprintf(w, "planwatch_page_cache_limit_bytes %d\n", limit)
	fmt.Fprintln(w, "# HELP planwatch_uptime_seconds Seconds since the server started.")
	fmt.Fprintln(w, "# TYPE planwatch_uptime_seconds gauge")
	fmt.Fprintf(w, "planwatch_uptime_seconds %g\n", time.Since(s.started).Seconds())
}

func (s *Server) stats(route string) *routeStats {
	v, _ := s.requests.LoadOrStore(route, &routeStats{})
	return v.(*routeStats)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// logged writes one structured line per request and counts it.
func (s *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.inflight.Add(1)
		defer s.inflight.Add(-1)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		_, pattern := s.mux.Handler(r)
		if pattern == "" || pattern == "/" {
			pattern = "unmatched"
		}
		st := s.stats(pattern)
		st.count.Add(1)
		st.nanos.Add(int64(d))
		for i, b := range latencyBuckets {
			if d.Seconds() <= b {
				st.buckets[i].Add(1)
			}
		}
		if sw.status >= 500 {
			st.errors.Add(1)
		}
		if s.log != nil {
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Int("bytes", sw.bytes), slog.Duration("duration", d), slog.String("route", pattern))
		}
	})
}

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if s.log != nil {
					s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p))
				}
				s.pages.error(w, r, lang(nopWriter{}, r), http.StatusInternalServerError,
					"Lỗi máy chủ khi trả lời trang này; lỗi đã được ghi lại.", "The server failed to answer this page; the error is logged.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// secure sets the headers every response carries: no script from
// anywhere, nothing from outside, no framing.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	zw  *gzip.Writer
	raw bool // the handler wrote compressed bytes itself
}

func (g *gzipWriter) Write(b []byte) (int, error) { return g.zw.Write(b) }

func (g *gzipWriter) WriteHeader(code int) {
	g.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed); return w }}

// gzipped compresses responses for clients that accept it.
func gzipped(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") || r.URL.Path == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		zw := gzipPool.Get().(*gzip.Writer)
		zw.Reset(w)
		gw := &gzipWriter{ResponseWriter: w, zw: zw}
		defer func() {
			if !gw.raw {
				zw.Close()
			}
			gzipPool.Put(zw)
		}()
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		next.ServeHTTP(gw, r)
	})
}
