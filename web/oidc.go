package web

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"planwatch"
	"planwatch/account"
	"planwatch/locale"
)

// Single sign-on with OpenID Connect. /login/oidc sends the browser to
// the provider with an authorization code request (PKCE, a state and a
// nonce, kept meanwhile in a short-lived HttpOnly cookie); the provider
// sends it back to /login/oidc/callback with a code, which the server
// exchanges for an ID token (golang.org/x/oauth2) and verifies
// (coreos/go-oidc: the provider's signature, issuer, audience, expiry;
// then the nonce). One claim of the token names the planwatch user: an
// administrator creates the user and grants its roles as for a local
// account, and SSO only proves who they are. The user then gets the same
// session as a local sign-in. Local accounts keep working beside it, so
// that an administrator gets in while the provider is down.

// oidcCookie holds the state, nonce and PKCE verifier of a sign-in
// under way, and the page to go back to.
const oidcCookie = "pw_oidc"

// oidcWait is how long a sign-in may take at the provider.
const oidcWait = 10 * time.Minute

// OIDC is the configuration of single sign-on through an OpenID
// provider (Keycloak, Microsoft Entra ID, Google...).
type OIDC struct {
	// Issuer is the provider's issuer URL, as its
	// /.well-known/openid-configuration says it.
	Issuer string
	// ClientID and ClientSecret are planwatch's registration at the
	// provider.
	ClientID     string
	ClientSecret string
	// RedirectURL is the callback registered at the provider; "" is
	// this server's /login/oidc/callback as the request reached it.
	RedirectURL string
	// Claim is the ID token's claim that holds the planwatch user's
	// name: "preferred_username" when "", or "email" (which must not be
	// marked unverified).
	Claim string
	// Name is the provider's name on the sign-in page; "" is the
	// issuer's host.
	Name string
	// Client makes the requests to the provider; nil is one that waits
	// at most 10 seconds.
	Client *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

// label is the provider's name on the sign-in page.
func (o *OIDC) label() string {
	if o.Name != "" {
		return o.Name
	}
	if u, err := url.Parse(o.Issuer); err == nil && u.Host != "" {
		return u.Host
	}
	return o.Issuer
}

func (o *OIDC) claim() string {
	if o.Claim == "" {
		return "preferred_username"
	}
	return o.Claim
}

// clientContext carries the client every request to the provider goes
// through.
func (o *OIDC) clientContext(ctx context.Context) context.Context {
	c := o.Client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	return oidc.ClientContext(ctx, c) // oauth2's key: both libraries use it
}

// discover reads the provider's configuration the first time it is
// needed, not when the server starts: a provider that is down then does
// not stop the server, and one that failed is asked again next time.
func (o *OIDC) discover(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	// go-oidc fetches the key set later with this context less its
	// deadline: the client stays, the timeout does not.
	p, err := oidc.NewProvider(o.clientContext(ctx), o.Issuer)
	if err != nil {
		return nil, err
	}
	o.provider = p
	return p, nil
}

// oauthConfig is the OAuth 2 client of a request (whose host names the
// default callback).
func (s *Server) oauthConfig(r *http.Request, p *oidc.Provider) *oauth2.Config {
	o := s.SSO
	redirect := o.RedirectURL
	if redirect == "" {
		scheme := "http"
		if s.secureRequest(r) {
			scheme = "https"
		}
		redirect = scheme + "://" + r.Host + "/login/oidc/callback"
	}
	return &oauth2.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, Endpoint: p.Endpoint(), RedirectURL: redirect,
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}
}

// oidcPending is what the cookie holds between the two requests.
type oidcPending struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"next"`
}

// encode is the cookie's value.
func (p oidcPending) encode() string {
	b, _ := json.Marshal(p)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodePending reads a cookie's value: ok only with all three secrets,
// and a page to go back to on this site.
func decodePending(v string) (oidcPending, bool) {
	var p oidcPending
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || json.Unmarshal(b, &p) != nil || p.State == "" || p.Nonce == "" || p.Verifier == "" {
		return oidcPending{}, false
	}
	p.Next = localPath(p.Next)
	return p, true
}

// ssoRefused shows the sign-in page again with why single sign-on did
// not sign the person in: the local form stays there.
func (p *pages) ssoRefused(w http.ResponseWriter, r *http.Request, l locale.Lang, status int, next, vi, en string) {
	p.showLogin(w, r, l, loginPage{Next: localPath(next), Error: say(l, vi, en)}, status)
}

// oidcStart sends the browser to the provider.
func (p *pages) oidcStart(w http.ResponseWriter, r *http.Request) {
	l := lang(w, r)
	personal(w)
	o := p.s.SSO
	if p.s.Accounts == nil || o == nil {
		p.fail(w, r, l, http.StatusNotFound, say(l, "Máy chủ này không bật đăng nhập một lần.", "Single sign-on is not enabled on this server."))
		return
	}
	next := localPath(r.URL.Query().Get("next"))
	prov, err := o.discover(r.Context())
	if err != nil {
		p.s.warn(r, "oidc discovery", err)
		p.ssoRefused(w, r, l, http.StatusBadGateway, next,
			"Không liên lạc được với "+o.label()+": đăng nhập bằng tài khoản planwatch bên dưới, hoặc thử lại sau.",
			o.label()+" did not answer: sign in with a planwatch account below, or try again later.")
		return
	}
	var pend oidcPending
	for _, v := range []*string{&pend.State, &pend.Nonce} {
		if *v, _, err = account.NewSecret(""); err != nil {
			p.fail(w, r, l, http.StatusInternalServerError, err.Error())
			return
		}
	}
	pend.Verifier, pend.Next = oauth2.GenerateVerifier(), next
	// Lax, not Strict: the provider's redirect back is a navigation from
	// another site, on which a Strict cookie would not come.
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: pend.encode(), Path: "/login/oidc", MaxAge: int(oidcWait.Seconds()),
		HttpOnly: true, Secure: p.s.secureRequest(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, p.s.oauthConfig(r, prov).AuthCodeURL(pend.State, oidc.Nonce(pend.Nonce), oauth2.S256ChallengeOption(pend.Verifier)), http.StatusFound)
}

// oidcCallback takes the provider's answer, and signs the person in.
func (p *pages) oidcCallback(w http.ResponseWriter, r *http.Request) {
	l := lang(w, r)
	personal(w)
	o := p.s.SSO
	if p.s.Accounts == nil || o == nil {
		p.fail(w, r, l, http.StatusNotFound, say(l, "Máy chủ này không bật đăng nhập một lần.", "Single sign-on is not enabled on this server."))
		return
	}
	// The cookie is good for one answer.
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/login/oidc", MaxAge: -1, HttpOnly: true, Secure: p.s.secureRequest(r), SameSite: http.SameSiteLaxMode})
	var pend oidcPending
	c, err := r.Cookie(oidcCookie)
	ok := false
	if err == nil {
		pend, ok = decodePending(c.Value)
	}
	q := r.URL.Query()
	if !ok {
		p.ssoRefused(w, r, l, http.StatusBadRequest, "",
			"Lượt đăng nhập một lần đã hết hạn hoặc không bắt đầu từ trang này: bấm \"Đăng nhập bằng "+o.label()+"\" lại.",
			"The single sign-on has expired or did not start on this site: press \"Sign in with "+o.label()+"\" again.")
		return
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(pend.State)) != 1 {
		p.ssoRefused(w, r, l, http.StatusBadRequest, pend.Next,
			"Câu trả lời của nhà cung cấp không khớp với lượt đăng nhập này (state): đăng nhập lại.",
			"The provider's answer does not belong to this sign-in (state): sign in again.")
		return
	}
	if e := q.Get("error"); e != "" {
		p.ssoRefused(w, r, l, http.StatusUnauthorized, pend.Next,
			o.label()+" không cho đăng nhập: "+e+" "+q.Get("error_description"),
			o.label()+" did not sign you in: "+e+" "+q.Get("error_description"))
		return
	}
	prov, err := o.discover(r.Context())
	var tok *oauth2.Token
	if err == nil {
		tok, err = p.s.oauthConfig(r, prov).Exchange(o.clientContext(r.Context()), q.Get("code"), oauth2.VerifierOption(pend.Verifier))
	}
	var refused *oauth2.RetrieveError
	if errors.As(err, &refused) {
		// The provider answered, and refused the code (used already, or
		// too old).
		p.s.warn(r, "oidc token exchange", err)
		p.ssoRefused(w, r, l, http.StatusUnauthorized, pend.Next,
			o.label()+" không nhận mã đăng nhập này (đã dùng hoặc quá hạn): đăng nhập lại.",
			o.label()+" did not accept this sign-in's code (used already, or too old): sign in again.")
		return
	}
	if err != nil {
		p.s.warn(r, "oidc token exchange", err)
		p.ssoRefused(w, r, l, http.StatusBadGateway, pend.Next,
			o.label()+" không trả mã đăng nhập: đăng nhập bằng tài khoản planwatch bên dưới, hoặc thử lại sau.",
			o.label()+" gave no sign-in token: sign in with a planwatch account below, or try again later.")
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	var idt *oidc.IDToken
	if raw == "" {
		err = errors.New("the token response has no id_token")
	} else {
		idt, err = prov.Verifier(&oidc.Config{ClientID: o.ClientID}).Verify(o.clientContext(r.Context()), raw)
	}
	if err == nil && subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(pend.Nonce)) != 1 {
		err = errors.New("the ID token's nonce is not this sign-in's")
	}
	name, claimErr := "", error(nil)
	if err == nil {
		name, claimErr = userClaim(idt, o.claim())
	}
	if err != nil {
		p.s.warn(r, "oidc id token", err)
		p.ssoRefused(w, r, l, http.StatusUnauthorized, pend.Next,
			"Mã định danh "+o.label()+" gửi về không hợp lệ (hết hạn, cấp cho ứng dụng khác, hoặc không do nhà cung cấp ký): đăng nhập lại.",
			"The ID token from "+o.label()+" is not valid (expired, for another application, or not signed by the provider): sign in again.")
		return
	}
	if claimErr != nil {
		p.s.warn(r, "oidc claim", claimErr)
		p.ssoRefused(w, r, l, http.StatusUnauthorized, pend.Next,
			"Mã định danh của "+o.label()+" không có "+o.claim()+" dùng được để tìm người dùng planwatch: nhờ quản trị viên kiểm tra cấu hình.",
			"The ID token from "+o.label()+" has no usable "+o.claim()+" to find the planwatch user by: ask the administrator to check the configuration.")
		return
	}
	si := planwatch.SignIn{User: name, Method: "oidc", Issuer: idt.Issuer, Subject: idt.Subject}
	ctx := planwatch.WithActor(context.WithoutCancel(r.Context()), planwatch.Actor{User: name, Via: "oidc web " + p.s.address(r)})
	secret, pr, err := p.s.Accounts.SignInAs(ctx, si, p.s.address(r))
	switch {
	case errors.Is(err, account.ErrUnknownUser):
		p.ssoRefused(w, r, l, http.StatusForbidden, pend.Next,
			fmt.Sprintf("%s xác nhận bạn là %s, nhưng planwatch chưa có tài khoản %s: nhờ quản trị viên tạo (planwatch user add %s) và cấp quyền.", o.label(), name, name, name),
			fmt.Sprintf("%s says you are %s, but planwatch has no account %s: ask the administrator to create it (planwatch user add %s) and grant its roles.", o.label(), name, name, name))
		return
	case errors.Is(err, account.ErrUserDisabled):
		p.ssoRefused(w, r, l, http.StatusForbidden, pend.Next,
			fmt.Sprintf("Tài khoản planwatch %s đã bị khóa: nhờ quản trị viên.", name),
			fmt.Sprintf("The planwatch account %s is disabled: ask the administrator.", name))
		return
	case err != nil:
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	p.s.setSession(w, r, secret, pr.Session.Expires)
	if pr.User.Lang == "vi" || pr.User.Lang == "en" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: pr.User.Lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	}
	http.Redirect(w, r, localPath(pend.Next), http.StatusSeeOther)
}

// userClaim is the planwatch user's name in an ID token's claim: a
// string; an email marked unverified names no one.
func userClaim(idt *oidc.IDToken, claim string) (string, error) {
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return "", err
	}
	name, _ := claims[claim].(string)
	if name == "" {
		return "", fmt.Errorf("the ID token has no %s claim", claim)
	}
	if claim == "email" {
		if v, ok := claims["email_verified"].(bool); ok && !v {
			return "", fmt.Errorf("the ID token's email %s is not verified", name)
		}
	}
	return name, nil
}

// warn logs why a sign-in failed, for the operator (the person sees a
// message without the details).
func (s *Server) warn(r *http.Request, what string, err error) {
	if s.log != nil {
		s.log.Warn(what, "err", err, "address", s.address(r))
	}
}
