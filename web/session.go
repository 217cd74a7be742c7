package web

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/locale"
	"planwatch/review"
)

// Signing in. A browser signs in at /login and gets a session cookie
// holding a random secret (of which the store keeps only a hash):
// HttpOnly, SameSite=Lax, Secure when the request came over TLS (or
// through a proxy the server trusts saying so), expiring with the
// session. A program sends an API token as "Authorization: Bearer
// pwt_...". Pages that only read stay public and cached, and show the
// approved figures only; a signed-in person's pages are rendered for them
// (their name, the sign-out form, drafts of the units they may see) and
// never kept in the shared cache nor by any other cache (Cache-Control:
// private, no-store).

const sessionCookie = "pw_session"

type principalKey struct{}

// signedIn is who a request comes from, nil for the public.
func signedIn(r *http.Request) *account.Principal {
	p, _ := r.Context().Value(principalKey{}).(*account.Principal)
	return p
}

// TrustProxy says that the server runs behind a reverse proxy that sets
// X-Forwarded-Proto and X-Forwarded-For: a session cookie is then Secure
// when the proxy says the request came over HTTPS, and the address the
// login limiter and the audit record is the proxy's X-Forwarded-For's
// last one. Without it both headers are ignored (anyone can send them).
func (s *Server) secureRequest(r *http.Request) bool {
	return r.TLS != nil || s.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// address is where a request comes from, for the limiter and the audit.
func (s *Server) address(r *http.Request) string {
	if s.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// sessions finds who a request comes from: a session cookie, or on the
// API a bearer token (a token that is no longer valid is refused with
// 401, not served as the public). An ended session's cookie is cleared.
func (s *Server) sessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Accounts == nil {
			next.ServeHTTP(w, r)
			return
		}
		if h := r.Header.Get("Authorization"); h != "" && strings.HasPrefix(r.URL.Path, "/api/") {
			tok, ok := account.BearerToken(h)
			var p account.Principal
			var err error
			if ok {
				p, err = s.Accounts.Token(r.Context(), tok)
			}
			if !ok || err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="planwatch"`)
				apiError(w, http.StatusUnauthorized, planwatch.EUNAUTHORIZED, "the API token is not valid (revoked, expired, or not a planwatch token)", "")
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, &p)))
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		p, err := s.Accounts.Session(r.Context(), c.Value)
		if err != nil {
			s.clearSession(w, r)
			next.ServeHTTP(w, r)
			return
		}
		p.Session.Hash = c.Value // the secret, for the CSRF token; never written out
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, &p)))
	})
}

func (s *Server) setSession(w http.ResponseWriter, r *http.Request, secret string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", Expires: expires, MaxAge: int(time.Until(expires).Seconds()),
		HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
}

// csrfToken is the token every state-changing form of a session carries:
// an HMAC of the session's secret, which another site can neither read
// nor compute. Before signing in (the login form) it is an HMAC of the
// login cookie set with the form.
func csrfToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("planwatch csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// guardPost refuses a POST from another site, or without the session's
// CSRF token, with 403; ok is false when it refused.
func (p *pages) guardPost(w http.ResponseWriter, r *http.Request, secret string) bool {
	l := lang(w, r)
	if !sameOrigin(r) {
		p.fail(w, r, l, http.StatusForbidden, T(l, "This form was sent from another site."))
		return false
	}
	if secret == "" || !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(csrfToken(secret))) {
		p.fail(w, r, l, http.StatusForbidden, T(l, "The form has expired or was not sent from this site: open the page again and send it again."))
		return false
	}
	return true
}

// signedPost opens a form's POST: the sender must be signed in (else sent
// to sign in), the body at most limit bytes, and the form from this site
// with the session's CSRF token (else 403); ok is false when it answered.
func (p *pages) signedPost(w http.ResponseWriter, r *http.Request, limit int64) (*account.Principal, locale.Lang, bool) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return nil, "", false
	}
	l := lang(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if !p.guardPost(w, r, pr.Session.Hash) {
		return nil, "", false
	}
	return pr, l, true
}

// personal marks a response as meant for one person only.
func personal(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "private, no-store")
}

// actor is the audit's who and from where for a signed-in request.
func (s *Server) actor(r *http.Request, p *account.Principal) context.Context {
	return planwatch.WithActor(r.Context(), planwatch.Actor{User: p.User.Name, Via: "web " + s.address(r)})
}

// scope is the units' tree and lineage of a snapshot, for Allowed.
func (s *Server) scope(ctx context.Context, snap *snapshot) (*account.Scope, error) {
	snap.scopeOnce.Do(func() {
		units, err := s.personalStore().Units(ctx)
		if err != nil {
			snap.scopeErr = err
			return
		}
		lineage, err := s.personalStore().Lineage(ctx)
		if err != nil {
			snap.scopeErr = err
			return
		}
		snap.scopeOf = account.NewScope(units, lineage)
	})
	return snap.scopeOf, snap.scopeErr
}

// draftsReader reads the store as a signed-in person sees it: drafts of
// the units they may see drafts of, the approved figures elsewhere.
type draftsReader struct {
	planwatch.Reader
	sees func(unit int64) bool
}

func (d draftsReader) Observations(ctx context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	if f.Approved {
		return d.Reader.Observations(ctx, f)
	}
	all, err := d.Reader.Observations(ctx, f)
	if err != nil {
		return nil, err
	}
	f.Approved = true
	pub, err := d.Reader.Observations(ctx, f)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(o planwatch.Observation) bool { return !d.sees(o.Unit) })
	for _, o := range pub {
		if !d.sees(o.Unit) {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b planwatch.Observation) int {
		return cmp.Or(strings.Compare(a.UnitCode, b.UnitCode), cmp.Compare(a.Unit, b.Unit), strings.Compare(a.Indicator, b.Indicator),
			strings.Compare(string(a.Dims), string(b.Dims)), a.Period.Compare(b.Period))
	})
	return out, nil
}

// LatestRevision passes the store's on, so that the review reads the
// store as it was when it was opened.
func (d draftsReader) LatestRevision(ctx context.Context) (int64, error) {
	if rs, ok := d.Reader.(review.Revisioner); ok {
		return rs.LatestRevision(ctx)
	}
	return 0, nil
}

// seesDrafts tells whether the person a page is rendered for sees the
// drafts of a unit's indicator (the public and viewers do not).
func (s *Server) seesDrafts(r *http.Request, unit int64, indicator string) bool {
	pr := signedIn(r)
	if drafts, _ := r.Context().Value(draftsKey{}).(bool); pr == nil || !drafts {
		return false
	}
	sc, err := s.scope(r.Context(), s.current())
	return err == nil && sc.Allowed(pr.Grants, account.ViewDrafts, unit, indicator)
}

// draftMark is the mark beside a figure not yet approved, in the page's
// language: "" for an approved one.
func draftMark(state planwatch.ApprovalState, l locale.Lang) string {
	switch state {
	case planwatch.Draft:
		return T(l, "not yet approved")
	case planwatch.Returned:
		return state.Label(string(l))
	}
	return ""
}

// personalReviews are the reviews with drafts of one snapshot, one per
// set of units whose drafts are seen.
type personalReviews struct {
	mu  sync.Mutex
	rvs map[string]*review.Review
}

// reviewFor is the review a signed-in person's pages render from: with
// the drafts of the units their grants let them see drafts of, or the
// public one when they see none.
func (s *Server) reviewFor(ctx context.Context, snap *snapshot, p *account.Principal) (*review.Review, bool) {
	sc, err := s.scope(ctx, snap)
	if err != nil {
		return snap.rv, false
	}
	units, all := sc.AllowedUnits(p.Grants, account.ViewDrafts)
	if !all && len(units) == 0 {
		return snap.rv, false
	}
	key := fmt.Sprint(units)
	if all {
		key = "*"
	}
	snap.personal.mu.Lock()
	defer snap.personal.mu.Unlock()
	if rv, ok := snap.personal.rvs[key]; ok {
		return rv, true
	}
	set := map[int64]bool{}
	for _, id := range units {
		set[id] = true
	}
	rd := draftsReader{Reader: s.personalStore(), sees: func(u int64) bool { return all || set[u] }}
	rv, err := review.Open(context.WithoutCancel(ctx), rd)
	if err != nil {
		return snap.rv, false
	}
	if snap.personal.rvs == nil {
		snap.personal.rvs = map[string]*review.Review{}
	}
	snap.personal.rvs[key] = rv
	return rv, true
}
