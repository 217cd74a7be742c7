package web_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// /static/ serves its files and lists nothing.
func TestStaticListsNoDirectory(t *testing.T) {
	h := server(t)
	for _, url := range []string{"/static/", "/static/?x=1", "/static//", "/static/./"} {
		w := get(t, h, url)
		// The mux sends unclean paths to /static/ first.
		if w.Code == 307 && w.Header().Get("Location") == "/static/" {
			continue
		}
		// A listing links the files by their names; the error page links
		// only its own stylesheet, by its full path.
		if w.Code != 404 || strings.Contains(w.Body.String(), `href="style.css"`) || strings.Contains(w.Body.String(), `href="openapi.json"`) {
			t.Errorf("%s: %d\n%.300s", url, w.Code, w.Body.String())
		}
	}
	if w := get(t, h, "/static/style.css"); w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("/static/style.css: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
}

// Every route answers other methods than GET and HEAD with 405 and Allow;
// unknown paths stay 404, JSON under /api/ and a page elsewhere.
func TestMethodNotAllowed(t *testing.T) {
	h := server(t)
	routes := []string{"/u/24", "/u/24/about", "/u/24/i/EXPORTS", "/p/NQ-DH20-BN", "/p/KH-2025-BN/t/1", "/compare", "/plans", "/units",
		"/", "/healthz", "/metrics", "/static/style.css",
		"/api/v1/openapi.json", "/api/v1/units", "/api/v1/units/24", "/api/v1/indicators", "/api/v1/observations", "/api/v1/plans",
		"/api/v1/targets", "/api/v1/facts", "/api/v1/assessments"}
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"} {
		for _, url := range routes {
			req := httptest.NewRequest(method, url, strings.NewReader("x=1"))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
				t.Errorf("%s %s: %d, Allow %q", method, url, w.Code, w.Header().Get("Allow"))
			}
			if strings.HasPrefix(url, "/api/") {
				var e struct {
					Error struct{ Code, Message string }
				}
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, method) {
					t.Errorf("%s %s: %v %s", method, url, err, w.Body.String())
				}
			}
		}
		for _, url := range []string{"/api/v1/nothing", "/api/v2/units", "/nothing", "/u/24/nothing"} {
			req := httptest.NewRequest(method, url, nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 404 {
				t.Errorf("%s %s: %d, want 404", method, url, w.Code)
			}
		}
	}
	req := httptest.NewRequest("OPTIONS", "/api/v1/units", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 204 || w.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
		t.Errorf("OPTIONS: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	req = httptest.NewRequest("HEAD", "/u/24", nil)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 200 {
		t.Errorf("HEAD /u/24: %d", w.Code)
	}
	if w := get(t, h, "/nothing", "Cookie", "lang=vi"); w.Code != 404 || !strings.Contains(w.Body.String(), "Không tìm thấy") {
		t.Errorf("GET /nothing: %d\n%.500s", w.Code, w.Body.String())
	}
}

// A query that does not decode, or dims that do not parse, is a 400 that
// names the parameter, on the pages and the API, never ignored.
func TestMalformedQuery(t *testing.T) {
	h := server(t)
	for url, param := range map[string]string{
		"/api/v1/observations?dims=%%":            "dims",
		"/api/v1/observations?unit=24&dims=%zz":   "dims",
		"/api/v1/units?level=province;date=x":     "level",
		"/api/v1/facts?unit=24&period=2025&b%%=1": "b%%",
		"/api/v1/observations?dims=sector":        "dims",
		"/api/v1/observations?dims=a%3D1%3Db":     "dims",
		"/api/v1/units?unknown=%":                 "unknown",
		"/u/24?period=%%":                         "period",
		"/u/24/i/EXPORTS?dims=%%":                 "dims",
		"/u/24/i/EXPORTS?dims=sector":             "dims",
		"/compare?indicator=GRDP&dims=%%":         "dims",
		"/compare?indicator=GRDP&dims=price":      "dims",
		"/units?q=%e":                             "q",
		"/plans?x=%":                              "x",
	} {
		w := get(t, h, url, "Cookie", "lang=en")
		body := w.Body.String()
		if w.Code != 400 {
			t.Errorf("%s: %d, want 400\n%.300s", url, w.Code, body)
			continue
		}
		if strings.HasPrefix(url, "/api/") {
			var e struct {
				Error struct{ Code, Message, Parameter string }
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != "invalid" || e.Error.Parameter != param {
				t.Errorf("%s: %v %s, want parameter %q", url, err, body, param)
			}
		} else if !strings.Contains(body, param) || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: the page does not name %q:\n%.1000s", url, param, body)
		}
	}
	if w := get(t, h, "/u/24?period=%%", "Cookie", "lang=vi"); !strings.Contains(w.Body.String(), "Tham số") {
		t.Errorf("the error is not in Vietnamese:\n%.1000s", w.Body.String())
	}
}
