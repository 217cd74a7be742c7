package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"planwatch/account"
	"planwatch/locale"
)

// loginCookie holds a random value before signing in, of which the login
// form's CSRF token is an HMAC: another site cannot sign a browser in as
// someone else (login CSRF).
const loginCookie = "pw_login"

type draftsKey struct{}

// accountRoutes adds signing in and out, the approval, audit and entry
// pages.
func (s *Server) accountRoutes(m *routeMux) {
	m.HandleFunc("GET /login", s.pages.loginForm)
	m.HandleFunc("POST /login", s.pages.loginPost)
	m.HandleFunc("POST /logout", s.pages.logout)
	m.HandleFunc("GET /login/oidc", s.pages.oidcStart)
	m.HandleFunc("GET /login/oidc/callback", s.pages.oidcCallback)
	m.HandleFunc("GET /u/{unit}/approve", s.pages.approveForm)
	m.HandleFunc("POST /u/{unit}/approve", s.pages.approvePost)
	m.HandleFunc("GET /audit", s.pages.audit)
	m.HandleFunc("GET /u/{unit}/entry", s.pages.entryForm)
	m.HandleFunc("POST /u/{unit}/entry", s.pages.entryPost)
	m.HandleFunc("GET /u/{unit}/upload", s.pages.uploadForm)
	m.HandleFunc("POST /u/{unit}/upload", s.pages.uploadPost)
	m.HandleFunc("GET /plans/new", s.pages.planNewForm)
	m.HandleFunc("POST /plans/new", s.pages.planNewPost)
	m.HandleFunc("GET /p/{plan}/edit", s.pages.planEditForm)
	m.HandleFunc("POST /p/{plan}/edit", s.pages.planEditPost)
	m.HandleFunc("GET /p/{plan}/t/new", s.pages.targetNewForm)
	m.HandleFunc("POST /p/{plan}/t/new", s.pages.targetNewPost)
	m.HandleFunc("GET /p/{plan}/t/{n}/edit", s.pages.targetEditForm)
	m.HandleFunc("POST /p/{plan}/t/{n}/edit", s.pages.targetEditPost)
}

// personalView adds to a page's view who is signed in, their CSRF token,
// and whether it shows drafts.
func (p *pages) personalView(r *http.Request, v view) view {
	if pr := signedIn(r); pr != nil && pr.Session.Hash != "" {
		v.User = pr.User.Name
		if pr.User.DisplayName != "" {
			v.User = pr.User.DisplayName
		}
		v.CSRF = csrfToken(pr.Session.Hash)
		v.Drafts, _ = r.Context().Value(draftsKey{}).(bool)
	}
	return v
}

type loginPage struct {
	Next  string
	Name  string
	CSRF  string
	Error string
	// SSO is the single sign-on button's words and link, "" without it.
	SSO, SSOLink string
}

// localPath keeps a redirect on this site: a path, never a URL to
// another host.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") || next == "/login" {
		return "/"
	}
	return next
}

func (p *pages) loginForm(w http.ResponseWriter, r *http.Request) {
	l := lang(w, r)
	personal(w)
	if p.s.Accounts == nil {
		p.fail(w, r, l, http.StatusNotFound, T(l, "Signing in is not enabled on this server."))
		return
	}
	p.showLogin(w, r, l, loginPage{Next: localPath(r.URL.Query().Get("next"))}, http.StatusOK)
}

func (p *pages) showLogin(w http.ResponseWriter, r *http.Request, l locale.Lang, pg loginPage, status int) {
	secret := ""
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) >= 32 {
		secret = c.Value
	} else {
		s, _, err := account.NewSecret("")
		if err != nil {
			p.fail(w, r, l, http.StatusInternalServerError, err.Error())
			return
		}
		secret = s
		http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: secret, Path: "/login", MaxAge: 3600, HttpOnly: true, Secure: p.s.secureRequest(r), SameSite: http.SameSiteStrictMode})
	}
	pg.CSRF = csrfToken(secret)
	if o := p.s.SSO; o != nil {
		pg.SSO, pg.SSOLink = say(l, "Đăng nhập bằng "+o.label(), "Sign in with "+o.label()), "/login/oidc?next="+url.QueryEscape(pg.Next)
	}
	if status != http.StatusOK {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
	}
	p.render(w, r, l, "login", T(l, "Sign in"), pg)
}

func (p *pages) loginPost(w http.ResponseWriter, r *http.Request) {
	l := lang(w, r)
	personal(w)
	if p.s.Accounts == nil {
		p.fail(w, r, l, http.StatusNotFound, T(l, "Signing in is not enabled on this server."))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	c, err := r.Cookie(loginCookie)
	if err != nil || !p.guardPost(w, r, c.Value) {
		if err != nil {
			p.fail(w, r, l, http.StatusForbidden, T(l, "The form has expired or was not sent from this site: open the page again and send it again."))
		}
		return
	}
	name := strings.TrimSpace(r.PostFormValue("username"))
	pg := loginPage{Next: localPath(r.PostFormValue("next")), Name: name}
	secret, pr, err := p.s.Accounts.Login(r.Context(), name, r.PostFormValue("password"), p.s.address(r))
	var le *account.LimitedError
	switch {
	case errors.As(err, &le):
		w.Header().Set("Retry-After", strconv.FormatInt(int64(le.Wait/time.Second)+1, 10))
		pg.Error = T(l, "Too many failed sign-ins: wait a while and try again.")
		p.showLogin(w, r, l, pg, http.StatusTooManyRequests)
		return
	case errors.Is(err, account.ErrLogin):
		pg.Error = T(l, "Wrong username or password.")
		p.showLogin(w, r, l, pg, http.StatusUnauthorized)
		return
	case err != nil:
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	p.s.setSession(w, r, secret, pr.Session.Expires)
	if pr.User.Lang == "vi" || pr.User.Lang == "en" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: pr.User.Lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	}
	http.Redirect(w, r, pg.Next, http.StatusSeeOther)
}

func (p *pages) logout(w http.ResponseWriter, r *http.Request) {
	personal(w)
	pr := signedIn(r)
	if pr == nil || pr.Session.Hash == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if !p.guardPost(w, r, pr.Session.Hash) {
		return
	}
	if err := p.s.Accounts.Logout(context.WithoutCancel(r.Context()), pr.Session.Hash); err != nil {
		p.fail(w, r, lang(w, r), http.StatusInternalServerError, err.Error())
		return
	}
	p.s.clearSession(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// mustSignIn sends the public to the login page and back; ok is false
// when it did.
func (p *pages) mustSignIn(w http.ResponseWriter, r *http.Request) (*account.Principal, bool) {
	personal(w)
	pr := signedIn(r)
	if pr == nil || pr.Session.Hash == "" {
		if p.s.Accounts == nil {
			l := lang(w, r)
			p.fail(w, r, l, http.StatusNotFound, T(l, "Signing in is not enabled on this server."))
			return nil, false
		}
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil, false
	}
	return pr, true
}
