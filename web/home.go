package web

import (
	"net/http"
	"net/url"

	"planwatch/period"
)

// unitCookie keeps the unit whose dashboard the reader opened last, so
// that / and the menu's dashboard link open it again.
const unitCookie = "unit"

// home is /: the dashboard of the unit the reader opened last, or the
// server's default unit. A ?lang= is kept (and sets the language cookie),
// so that /?lang=en opens the English dashboard.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	lang(w, r)
	unit := s.DefaultUnit
	if c, err := r.Cookie(unitCookie); err == nil && cookieSafe(c.Value) && s.knownUnit(c.Value) {
		unit = c.Value
	}
	to := "/u/" + url.PathEscape(unit)
	if q := r.URL.Query().Get("lang"); q == "vi" || q == "en" {
		to += "?lang=" + q
	}
	w.Header().Add("Vary", "Cookie")
	w.Header().Set("Cache-Control", "no-cache")
	http.Redirect(w, r, to, http.StatusFound)
}

// knownUnit says whether a unit reference names a unit of the data.
func (s *Server) knownUnit(ref string) bool {
	if ref == "" || len(ref) > 64 {
		return false
	}
	_, err := s.current().rv.Unit(ref, period.Period{})
	return err == nil
}

// rememberUnit keeps the dashboard's unit in a cookie when it is one.
func (s *Server) rememberUnit(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ref := r.PathValue("unit"); cookieSafe(ref) && s.knownUnit(ref) {
			http.SetCookie(w, &http.Cookie{Name: unitCookie, Value: ref, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
		}
		next(w, r)
	}
}

// cookieSafe says whether a unit reference can be a cookie's value as it
// is: codes and dates are letters, digits, "@", "-", "_" and ".".
func cookieSafe(ref string) bool {
	for _, c := range ref {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '@' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return ref != ""
}
