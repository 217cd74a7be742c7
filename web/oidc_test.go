package web_test

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"planwatch"
	"planwatch/web"
)

// testProvider is an OpenID provider on a loopback port: discovery, a
// JWKS of a key made for the test, /authorize that signs in whoever the
// test says and redirects back with a code, and /token that checks the
// client, the code and its PKCE verifier and returns an ID token signed
// with go-jose. tweak changes the next tokens' claims, and signWith the
// key they are signed with.
type testProvider struct {
	srv *httptest.Server
	key *rsa.PrivateKey

	mu       sync.Mutex
	signWith *rsa.PrivateKey
	user     string
	tweak    func(claims map[string]any)
	codes    map[string]authRequest
}

// set says who the provider signs in next, how it changes the claims,
// and which key it signs with (nil: its own).
func (op *testProvider) set(user string, tweak func(map[string]any), key *rsa.PrivateKey) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.user, op.tweak, op.signWith = user, tweak, cmp.Or(key, op.key)
}

type authRequest struct{ nonce, challenge, redirect, user string }

const (
	testClientID     = "planwatch-test"
	testClientSecret = "bí mật của ứng dụng"
)

func newTestProvider(t *testing.T) *testProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	op := &testProvider{key: key, signWith: key, codes: map[string]authRequest{}}
	m := http.NewServeMux()
	m.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		u := op.srv.URL
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": u, "authorization_endpoint": u + "/authorize", "token_endpoint": u + "/token", "jwks_uri": u + "/jwks",
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"},
		})
	})
	m.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &op.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	m.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("client_id") != testClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" ||
			q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" || !strings.Contains(q.Get("scope"), "openid") {
			http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		code := rand.Text()
		op.mu.Lock()
		op.codes[code] = authRequest{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), user: op.user}
		op.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+url.Values{"code": {code}, "state": {q.Get("state")}}.Encode(), http.StatusFound)
	})
	m.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
		} else {
			id, _ = url.QueryUnescape(id)
			secret, _ = url.QueryUnescape(secret)
		}
		op.mu.Lock()
		ar, found := op.codes[r.PostFormValue("code")]
		delete(op.codes, r.PostFormValue("code"))
		tweak, signWith := op.tweak, op.signWith
		op.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
		switch {
		case id != testClientID || secret != testClientSecret:
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		case !found || r.PostFormValue("grant_type") != "authorization_code" || r.PostFormValue("redirect_uri") != ar.redirect:
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		case base64.RawURLEncoding.EncodeToString(sum[:]) != ar.challenge:
			http.Error(w, `{"error":"invalid_grant","error_description":"PKCE"}`, http.StatusBadRequest)
			return
		}
		now := time.Now()
		claims := map[string]any{"iss": op.srv.URL, "sub": "sub-" + ar.user, "aud": testClientID, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
			"nonce": ar.nonce, "preferred_username": ar.user, "email": ar.user + "@bacninh.gov.vn", "email_verified": true}
		if tweak != nil {
			tweak(claims)
		}
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: signWith, KeyID: "k1"}}, nil)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		payload, _ := json.Marshal(claims)
		jws, err := signer.Sign(payload)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		idt, _ := jws.CompactSerialize()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": 300, "id_token": idt})
	})
	op.srv = httptest.NewServer(m)
	t.Cleanup(op.srv.Close)
	return op
}

// ssoResult is where a sign-in through the provider ended.
type ssoResult struct {
	rec     *httptest.ResponseRecorder
	session string // the session cookie's secret, "" for none
	cleared bool   // the state cookie was cleared
}

// signInSSO drives the whole flow as a browser would (op.set says who
// the provider signs in): the planwatch
// handler's /login/oidc, the provider's /authorize, back to the
// handler's callback with the cookie (edit changes the callback's URL).
func signInSSO(t *testing.T, w *acctWorld, op *testProvider, edit func(u *url.URL), cookies ...*http.Cookie) ssoResult {
	t.Helper()
	start := httptest.NewRequest("GET", "/login/oidc?next=%2Fu%2F24%2Fapprove", nil)
	for _, c := range cookies {
		start.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, start)
	if rec.Code != http.StatusFound || !strings.HasPrefix(rec.Header().Get("Location"), op.srv.URL+"/authorize?") {
		t.Fatalf("GET /login/oidc: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	var state *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "pw_oidc" {
			state = c
		}
	}
	if state == nil || !state.HttpOnly || state.SameSite != http.SameSiteLaxMode || state.Path != "/login/oidc" || state.MaxAge <= 0 || state.MaxAge > 900 {
		t.Fatalf("the state cookie: %+v", state)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(rec.Header().Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || back.Host != "example.com" || back.Path != "/login/oidc/callback" {
		t.Fatalf("the provider's answer: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if edit != nil {
		edit(back)
	}
	cb := httptest.NewRequest("GET", back.String(), nil)
	cb.AddCookie(state)
	for _, c := range cookies {
		cb.AddCookie(c)
	}
	out := ssoResult{rec: httptest.NewRecorder()}
	w.h.ServeHTTP(out.rec, cb)
	for _, c := range out.rec.Result().Cookies() {
		switch {
		case c.Name == "pw_session" && c.Value != "":
			out.session = c.Value
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Expires.IsZero() {
				t.Errorf("session cookie %+v", c)
			}
		case c.Name == "pw_oidc" && c.MaxAge < 0:
			out.cleared = true
		}
	}
	return out
}

func ssoWorld(t *testing.T) (*acctWorld, *testProvider) {
	w := newAcctWorld(t)
	op := newTestProvider(t)
	w.srv.SSO = &web.OIDC{Issuer: op.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, Name: "Keycloak tỉnh"}
	return w, op
}

// signIns are the audit's sign-ins, oldest first.
func signIns(t *testing.T, w *acctWorld) []planwatch.AuditEntry {
	t.Helper()
	es, err := w.db.Audit(context.Background(), planwatch.AuditFilter{Kinds: []string{planwatch.AuditSignIns}})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

// TestSSO: a known user signs in through the provider and gets a
// session like a local one, audited as "oidc"; the local form stays.
func TestSSO(t *testing.T) {
	w := newAcctWorld(t)
	if body := w.do(t, "GET", "/login", "", nil).Body.String(); strings.Contains(body, "/login/oidc") {
		t.Error("the sign-in page offers single sign-on without it configured")
	}
	if rec := w.do(t, "GET", "/login/oidc", "", nil); rec.Code != http.StatusNotFound {
		t.Errorf("/login/oidc without single sign-on: %d", rec.Code)
	}

	w, op := ssoWorld(t)
	page := w.do(t, "GET", "/login?next=/u/24", "", nil).Body.String()
	if !strings.Contains(page, `href="/login/oidc?next=%2Fu%2F24"`) || !strings.Contains(page, "Đăng nhập bằng Keycloak tỉnh") || !strings.Contains(page, `name="password"`) {
		t.Errorf("the sign-in page with single sign-on:\n%s", page)
	}
	if page := w.do(t, "GET", "/login?lang=en", "", nil).Body.String(); !strings.Contains(page, "Sign in with Keycloak tỉnh") {
		t.Errorf("the English sign-in page has no SSO button:\n%s", page)
	}
	// Local accounts still work beside it.
	if s := w.login(t, "root"); s == "" {
		t.Error("no local sign-in")
	}

	op.set("hoa", nil, nil)
	res := signInSSO(t, w, op, nil)
	if res.rec.Code != http.StatusSeeOther || res.rec.Header().Get("Location") != "/u/24/approve" || res.session == "" || !res.cleared {
		t.Fatalf("sign-in through the provider: %d %q session %q cleared %v\n%s", res.rec.Code, res.rec.Header().Get("Location"), res.session, res.cleared, res.rec.Body.String())
	}
	// The session is a planwatch session of hoa, with her grants.
	if rec := w.do(t, "GET", "/u/24/approve?period=2026", res.session, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "hoa") {
		t.Errorf("hoa's approval page with the SSO session: %d", rec.Code)
	}
	if rec := w.do(t, "GET", "/u/01/approve?period=2026", res.session, nil); rec.Code != http.StatusForbidden {
		t.Errorf("hoa approving Ha Noi with the SSO session: %d, want 403", rec.Code)
	}
	es := signIns(t, w)
	if len(es) != 1 || es[0].User != "hoa" || es[0].Key != "hoa" || es[0].Via != "oidc web 192.0.2.1" ||
		!strings.Contains(es[0].After, `"method":"oidc"`) || !strings.Contains(es[0].After, `"result":"signed in"`) ||
		!strings.Contains(es[0].After, `"issuer":"`+op.srv.URL+`"`) || !strings.Contains(es[0].After, `"subject":"sub-hoa"`) {
		t.Errorf("the audit of the sign-in: %+v", es)
	}
	// The provider's code is good once: the same answer again signs no one in.
	var replay *url.URL
	res = signInSSO(t, w, op, func(u *url.URL) { replay = u })
	if res.session == "" {
		t.Fatal("second sign-in")
	}
	res2 := signInSSO(t, w, op, func(u *url.URL) {
		u.RawQuery = url.Values{"code": {replay.Query().Get("code")}, "state": {u.Query().Get("state")}}.Encode()
	})
	if res2.session != "" || res2.rec.Code != http.StatusUnauthorized || !strings.Contains(htmlUnescape(res2.rec.Body.String()), "không nhận mã đăng nhập này") {
		t.Errorf("a code used twice: %d session %q", res2.rec.Code, res2.session)
	}

	// By email, when configured so.
	w.srv.SSO.Claim = "email"
	op.set("someone", func(c map[string]any) { c["email"] = "xa" }, nil)
	if res := signInSSO(t, w, op, nil); res.session == "" {
		t.Errorf("sign-in by the email claim: %d\n%s", res.rec.Code, res.rec.Body.String())
	}
	op.set("someone", func(c map[string]any) { c["email"], c["email_verified"] = "xa", false }, nil)
	if res := signInSSO(t, w, op, nil); res.session != "" || res.rec.Code != http.StatusUnauthorized {
		t.Errorf("an unverified email signed in: %d", res.rec.Code)
	}
}

// TestSSORefused: each way the provider's answer can be wrong, and each
// person planwatch does not let in, signs no one in, with a message in
// the reader's language; the local form stays on the page.
func TestSSORefused(t *testing.T) {
	w, op := ssoWorld(t)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ctx := planwatch.WithActor(context.Background(), planwatch.Actor{User: "root", Via: "test"})
	if err := w.db.Update(ctx, func(tx planwatch.Tx) error {
		users, err := w.db.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.Name == "xem" {
				u.Disabled = true
				_, err = tx.PutUser(ctx, u)
				return err
			}
		}
		return fmt.Errorf("no user xem")
	}); err != nil {
		t.Fatal(err)
	}
	en := &http.Cookie{Name: "lang", Value: "en"}
	for _, c := range []struct {
		name   string
		user   string
		tweak  func(map[string]any)
		key    *rsa.PrivateKey
		edit   func(*url.URL)
		en     bool
		status int
		says   string
	}{
		{name: "wrong state", user: "hoa", edit: func(u *url.URL) {
			q := u.Query()
			q.Set("state", "x"+q.Get("state"))
			u.RawQuery = q.Encode()
		}, status: 400, says: "không khớp với lượt đăng nhập này"},
		{name: "wrong nonce", user: "hoa", tweak: func(c map[string]any) { c["nonce"] = "another" }, status: 401, says: "không hợp lệ"},
		{name: "expired token", user: "hoa", tweak: func(c map[string]any) {
			c["iat"], c["exp"] = time.Now().Add(-2*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix()
		}, en: true, status: 401, says: "is not valid (expired"},
		{name: "wrong audience", user: "hoa", tweak: func(c map[string]any) { c["aud"] = "another-application" }, status: 401, says: "không hợp lệ"},
		{name: "wrong issuer", user: "hoa", tweak: func(c map[string]any) { c["iss"] = "https://id.example.com" }, status: 401, says: "không hợp lệ"},
		{name: "another key", user: "hoa", key: other, status: 401, says: "không do nhà cung cấp ký"},
		{name: "no claim", user: "", status: 401, says: "preferred_username"},
		{name: "provider refused", user: "hoa", edit: func(u *url.URL) {
			u.RawQuery = url.Values{"error": {"access_denied"}, "state": {u.Query().Get("state")}}.Encode()
		}, status: 401, says: "access_denied"},
		{name: "unknown user", user: "ghost", status: 403, says: "planwatch chưa có tài khoản ghost"},
		{name: "unknown user in English", user: "ghost2", en: true, status: 403, says: "planwatch has no account ghost2: ask the administrator to create it (planwatch user add ghost2)"},
		{name: "disabled user", user: "xem", status: 403, says: "Tài khoản planwatch xem đã bị khóa"},
	} {
		t.Run(c.name, func(t *testing.T) {
			op.set(c.user, c.tweak, c.key)
			var cookies []*http.Cookie
			if c.en {
				cookies = append(cookies, en)
			}
			res := signInSSO(t, w, op, c.edit, cookies...)
			body := htmlUnescape(res.rec.Body.String())
			if res.session != "" || res.rec.Code != c.status || !res.cleared {
				t.Errorf("%d session %q cleared %v, want %d and no session\n%s", res.rec.Code, res.session, res.cleared, c.status, body)
			}
			if !strings.Contains(body, c.says) {
				t.Errorf("the page does not say %q:\n%s", c.says, body)
			}
			if !strings.Contains(body, `name="password"`) || !strings.Contains(body, "/login/oidc?next=%2Fu%2F24%2Fapprove") {
				t.Errorf("the refusal has no local form or SSO button again:\n%s", body)
			}
		})
	}
	// Refusals of people the provider vouched for are in the audit;
	// answers that prove no one are only logged.
	var got []string
	for _, e := range signIns(t, w) {
		var after map[string]string
		json.Unmarshal([]byte(e.After), &after)
		got = append(got, e.User+" "+after["result"]+" "+after["refused"]+" "+e.Via)
	}
	want := []string{"ghost refused unknown user oidc web 192.0.2.1", "ghost2 refused unknown user oidc web 192.0.2.1", "xem refused disabled user oidc web 192.0.2.1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sign-ins in the audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A callback without the state cookie (another browser, or after
	// ten minutes) signs no one in.
	rec := w.do(t, "GET", "/login/oidc/callback?code=abc&state=def", "", nil)
	if rec.Code != http.StatusBadRequest || !strings.Contains(htmlUnescape(rec.Body.String()), "đã hết hạn hoặc không bắt đầu từ trang này") {
		t.Errorf("a callback without the cookie: %d\n%s", rec.Code, rec.Body.String())
	}
}

// TestSSOProviderDown: a provider that does not answer keeps the server
// up and the local form working; the person is told to use it.
func TestSSOProviderDown(t *testing.T) {
	w := newAcctWorld(t)
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	w.srv.SSO = &web.OIDC{Issuer: down.URL, ClientID: testClientID, ClientSecret: testClientSecret}
	rec := w.do(t, "GET", "/login/oidc", "", nil)
	body := htmlUnescape(rec.Body.String())
	if rec.Code != http.StatusBadGateway || !strings.Contains(body, "đăng nhập bằng tài khoản planwatch bên dưới") || !strings.Contains(body, `name="password"`) {
		t.Errorf("provider down: %d\n%s", rec.Code, body)
	}
	if s := w.login(t, "root"); s == "" {
		t.Error("the administrator cannot sign in locally while the provider is down")
	}
}
