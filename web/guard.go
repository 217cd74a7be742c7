package web

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"planwatch"
)

// maxURL is the longest request URL (path and query) the server reads: no
// page or API call needs a tenth of it, and every byte of a longer one
// would be work and memory for nothing.
const maxURL = 8 << 10

// allowed are the methods every route answers: the web is read-only.
const allowed = "GET, HEAD, OPTIONS"

// allowedPost are those of a form that sends something to read (the
// fact-check's draft), and writes nothing.
const allowedPost = "GET, HEAD, POST, OPTIONS"

// guard refuses, before any work, the requests no route could answer: a
// URL too long (414), a method other than GET and HEAD on a route (405,
// with Allow; OPTIONS says what is allowed), a query string that does not
// decode (400, naming the parameter). An unknown path stays a 404.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uri := r.RequestURI
		if uri == "" {
			uri = r.URL.RequestURI()
		}
		if len(uri) > maxURL {
			s.refuse(w, r, http.StatusRequestURITooLong, "",
				fmt.Sprintf("Địa chỉ dài %d byte; máy chủ chỉ đọc tối đa %d byte", len(uri), maxURL),
				fmt.Sprintf("the URL is %d bytes long; the server reads at most %d", len(uri), maxURL))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && s.routed(r) && !(r.Method == http.MethodPost && s.posts(r)) {
			allow := allowed
			if s.posts(r) {
				allow = allowedPost
			}
			w.Header().Set("Allow", allow)
			if r.Method == http.MethodOptions {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			s.refuse(w, r, http.StatusMethodNotAllowed, "",
				fmt.Sprintf("%s không được phép: trang này chỉ đọc (%s)", r.Method, allow),
				fmt.Sprintf("%s is not allowed: this route is read-only (%s)", r.Method, allow))
			return
		}
		if param, value, ok := badQuery(r.URL.RawQuery); !ok {
			s.refuse(w, r, http.StatusBadRequest, param,
				fmt.Sprintf("Tham số %s: %q không giải mã được (ký tự %% viết là %%25, dấu ; viết là %%3B)", param, value),
				fmt.Sprintf("%s: %q does not decode (write %% as %%25 and ; as %%3B)", param, value))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// routed reports whether a GET of the request's path has a route.
func (s *Server) routed(r *http.Request) bool {
	get := r.Clone(r.Context())
	get.Method = http.MethodGet
	_, pattern := s.mux.Handler(get)
	return pattern != "" && pattern != "/" && pattern != "/api/"
}

// posts reports whether the request's path has a route that takes a POST:
// a form that sends a draft to check.
func (s *Server) posts(r *http.Request) bool {
	post := r.Clone(r.Context())
	post.Method = http.MethodPost
	_, pattern := s.mux.Handler(post)
	return strings.HasPrefix(pattern, "POST ")
}

// badQuery finds the first parameter of a query string that does not
// decode, as url.ParseQuery would refuse it, and returns its name (as far
// as it decodes) and raw value.
func badQuery(raw string) (param, value string, ok bool) {
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if strings.Contains(part, ";") { // Go reads no ; as a separator, and neither do we
			name, _, _ := strings.Cut(k, ";")
			if n, err := url.QueryUnescape(name); err == nil {
				name = n
			}
			return name, v, false
		}
		name, err := url.QueryUnescape(k)
		if err != nil {
			return k, v, false
		}
		if _, err := url.QueryUnescape(v); err != nil {
			return name, v, false
		}
	}
	return "", "", true
}

// refuse answers an error as the route would: JSON under /api/ (in
// English, for programs), the error page elsewhere, in the reader's
// language.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, param, msgVI, msgEN string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		apiError(w, status, planwatch.EINVALID, msgEN, param)
		return
	}
	s.pages.error(w, r, lang(w, r), status, msgVI, msgEN)
}

// notFound answers a path no route has, as the error page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.pages.error(w, r, lang(w, r), http.StatusNotFound, "Không có trang nào ở địa chỉ "+r.URL.Path+".", "There is no page at "+r.URL.Path+".")
}

// staticFiles serves the embedded files and nothing else: a folder is a
// 404 (the error page), not a listing.
func (s *Server) staticFiles(files fs.FS) http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if st, err := fs.Stat(files, name); name == "" || err != nil || st.IsDir() {
			s.pages.error(w, r, lang(w, r), http.StatusNotFound, "Không có tệp nào ở địa chỉ này.", "There is no file at this address.")
			return
		}
		fileServer.ServeHTTP(w, r)
	})
}

// nopWriter lets a handler ask which language a request wants without
// setting the cookie.
type nopWriter struct{}

func (nopWriter) Header() http.Header         { return http.Header{} }
func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (nopWriter) WriteHeader(int)             {}
