package web

import (
	"net/http"
	"strconv"
	"strings"

	"planwatch"
)

// maxURL is the longest request URL (path and query) the server reads: no
// page or API call needs a tenth of it, and every byte of a longer one
// would be work and memory for nothing.
const maxURL = 8 << 10

// guard refuses, before any work, the requests no route could answer.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uri := r.RequestURI
		if uri == "" {
			uri = r.URL.RequestURI()
		}
		if len(uri) > maxURL {
			s.refuse(w, r, http.StatusRequestURITooLong, planwatch.EINVALID,
				"the URL is "+strconv.Itoa(len(uri))+" bytes long; the server reads at most "+strconv.Itoa(maxURL), "")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuse answers an error as the route would: JSON under /api/, the error
// page elsewhere.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, code, msg, param string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		apiError(w, status, code, msg, param)
		return
	}
	s.pages.fail(w, r, lang(nopWriter{}, r), status, msg)
}

// nopWriter lets a handler ask which language a request wants without
// setting the cookie.
type nopWriter struct{}

func (nopWriter) Header() http.Header         { return http.Header{} }
func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (nopWriter) WriteHeader(int)             {}
