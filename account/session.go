package account

import (
	"context"
	"slices"
	"time"

	"planwatch"
)

// Accounts signs people and programs in against a store.
type Accounts struct {
	Store planwatch.Store
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Idle ends a session not used for so long; MaxAge ends any session
	// that long after it began.
	Idle   time.Duration
	MaxAge time.Duration
	// Limit slows down guessing per account and per address.
	Limit *Limiter
	// Params are the costs of new password hashes.
	Params Params
}

// New returns accounts of a store with sessions ending after 2 hours
// idle or 12 hours in all (a working day), and the default limiter.
func New(s planwatch.Store) *Accounts {
	return &Accounts{Store: s, Idle: 2 * time.Hour, MaxAge: 12 * time.Hour, Limit: NewLimiter(), Params: DefaultParams}
}

func (a *Accounts) now() time.Time {
	if a.Now != nil {
		return a.Now().UTC()
	}
	return time.Now().UTC()
}

// Principal is who is signed in: the user and the grants they act under
// (for an API token, only those it was given).
type Principal struct {
	User   planwatch.User
	Grants []planwatch.Grant
	// Session is the browser's session; Token the program's token.
	Session planwatch.Session
	Token   planwatch.Token
}

// Errors of signing in. Every refusal of a login says the same to the
// person (ErrLogin), so that it does not tell which names exist.
var (
	ErrLogin   = planwatch.Errorf(planwatch.EUNAUTHORIZED, "sai tên đăng nhập hoặc mật khẩu / wrong username or password")
	ErrSession = planwatch.Errorf(planwatch.EUNAUTHORIZED, "phiên đăng nhập đã hết hạn / the session has ended: sign in again")
	ErrToken   = planwatch.Errorf(planwatch.EUNAUTHORIZED, "mã truy cập không hợp lệ / the API token is not valid")
)

// LimitedError says that a key is closed for a while after failures.
type LimitedError struct{ Wait time.Duration }

func (e *LimitedError) Error() string {
	return "quá nhiều lần đăng nhập sai, thử lại sau " + e.Wait.Round(time.Second).String() + " / too many failed logins: try again in " + e.Wait.Round(time.Second).String()
}

// Unwrap gives the error its code.
func (e *LimitedError) Unwrap() error {
	return &planwatch.Error{Code: planwatch.ECONFLICT, Message: e.Error()}
}

// user finds a user by name.
func user(ctx context.Context, r planwatch.AccountReader, name string) (planwatch.User, bool, error) {
	users, err := r.Users(ctx)
	if err != nil {
		return planwatch.User{}, false, err
	}
	i := slices.IndexFunc(users, func(u planwatch.User) bool { return u.Name == name })
	if i < 0 {
		return planwatch.User{}, false, nil
	}
	return users[i], true, nil
}

// activeGrants are the grants of a user that hold.
func activeGrants(ctx context.Context, r planwatch.AccountReader, name string) ([]planwatch.Grant, error) {
	gs, err := r.Grants(ctx, name)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(gs, func(g planwatch.Grant) bool { return !g.Active() }), nil
}

// Login checks a username and password from an address and, when they
// are right, starts a session: it returns the secret to put in the
// cookie (shown once, never stored) and the session. Failures are counted
// per account and per address; while either is closed, Login refuses
// with a *LimitedError without checking the password.
func (a *Accounts) Login(ctx context.Context, name, password, address string) (string, Principal, error) {
	now := a.now()
	if a.Limit != nil {
		if w := max(a.Limit.Wait("user "+name, now), a.Limit.Wait("addr "+address, now)); w > 0 {
			return "", Principal{}, &LimitedError{Wait: w}
		}
	}
	fail := func() (string, Principal, error) {
		if a.Limit != nil {
			a.Limit.Fail("user "+name, now)
			a.Limit.Fail("addr "+address, now)
		}
		return "", Principal{}, ErrLogin
	}
	u, found, err := user(ctx, a.Store, name)
	if err != nil {
		return "", Principal{}, err
	}
	if !found || u.PasswordHash == "" {
		CheckPassword(dummyHash(a.Params), password) // as long as a real check
		return fail()
	}
	if !CheckPassword(u.PasswordHash, password) || u.Disabled {
		return fail()
	}
	if a.Limit != nil {
		a.Limit.Succeed("user " + name)
		a.Limit.Succeed("addr " + address)
	}
	secret, hash, err := NewSecret(SessionPrefix)
	if err != nil {
		return "", Principal{}, err
	}
	s := planwatch.Session{Hash: hash, User: u.Name, Created: now, Expires: now.Add(a.MaxAge), LastSeen: now, Address: address}
	if err := a.Store.Update(ctx, func(tx planwatch.Tx) error { return tx.PutSession(ctx, s) }); err != nil {
		return "", Principal{}, err
	}
	gs, err := activeGrants(ctx, a.Store, u.Name)
	if err != nil {
		return "", Principal{}, err
	}
	return secret, Principal{User: u, Grants: gs, Session: s}, nil
}

// touchEvery is how stale a session's last use may be written: a request
// a minute does not write the store each time.
const touchEvery = time.Minute

// Session finds who a session's secret belongs to, and records its use.
// An ended, expired or idle session, or one of a disabled user, is
// ErrSession.
func (a *Accounts) Session(ctx context.Context, secret string) (Principal, error) {
	if _, err := ParseSecret(SessionPrefix, secret); err != nil {
		return Principal{}, ErrSession
	}
	hash := HashSecret(secret)
	s, err := a.Store.Session(ctx, hash)
	if planwatch.ErrorCode(err) == planwatch.ENOTFOUND {
		return Principal{}, ErrSession
	} else if err != nil {
		return Principal{}, err
	}
	now := a.now()
	if !s.Ended.IsZero() || !now.Before(s.Expires) || a.Idle > 0 && now.Sub(s.LastSeen) >= a.Idle {
		return Principal{}, ErrSession
	}
	u, found, err := user(ctx, a.Store, s.User)
	if err != nil {
		return Principal{}, err
	}
	if !found || u.Disabled {
		return Principal{}, ErrSession
	}
	if now.Sub(s.LastSeen) >= touchEvery {
		if err := a.Store.Update(ctx, func(tx planwatch.Tx) error { return tx.TouchSession(ctx, hash, now) }); err != nil {
			return Principal{}, err
		}
		s.LastSeen = now
	}
	gs, err := activeGrants(ctx, a.Store, u.Name)
	if err != nil {
		return Principal{}, err
	}
	return Principal{User: u, Grants: gs, Session: s}, nil
}

// Logout ends the session of a secret; one already ended or unknown
// ends nothing and is no error.
func (a *Accounts) Logout(ctx context.Context, secret string) error {
	if _, err := ParseSecret(SessionPrefix, secret); err != nil {
		return nil
	}
	err := a.Store.Update(ctx, func(tx planwatch.Tx) error { return tx.EndSession(ctx, HashSecret(secret), a.now()) })
	if planwatch.ErrorCode(err) == planwatch.ENOTFOUND {
		return nil
	}
	return err
}

// NewToken makes an API token for a user, scoped to some of the user's
// grants (none: all of them, as they are when it is used), expiring at
// expires (zero: never). It returns the secret, shown once: only its hash
// is stored. The context's actor is recorded as who made it.
func (a *Accounts) NewToken(ctx context.Context, userName, name string, grants []int64, expires time.Time) (string, planwatch.Token, error) {
	u, found, err := user(ctx, a.Store, userName)
	if err != nil {
		return "", planwatch.Token{}, err
	}
	if !found {
		return "", planwatch.Token{}, planwatch.Errorf(planwatch.ENOTFOUND, "no user %s", userName)
	}
	own, err := activeGrants(ctx, a.Store, u.Name)
	if err != nil {
		return "", planwatch.Token{}, err
	}
	for _, id := range grants {
		if !slices.ContainsFunc(own, func(g planwatch.Grant) bool { return g.ID == id }) {
			return "", planwatch.Token{}, planwatch.Errorf(planwatch.EINVALID, "grant %d is not one of %s's grants that hold", id, u.Name)
		}
	}
	secret, hash, err := NewSecret(TokenPrefix)
	if err != nil {
		return "", planwatch.Token{}, err
	}
	tk := planwatch.Token{User: u.Name, Name: name, Hash: hash, Grants: slices.Clone(grants), Expires: expires}
	if err := a.Store.Update(ctx, func(tx planwatch.Tx) error { return tx.AddToken(ctx, &tk) }); err != nil {
		return "", planwatch.Token{}, err
	}
	return secret, tk, nil
}

// Token finds who an API token (from an Authorization header) acts for,
// with the grants it may use: those of its user that still hold, and of
// them only the ones it was given. A revoked or expired token, or one of
// a disabled user, is ErrToken.
func (a *Accounts) Token(ctx context.Context, secret string) (Principal, error) {
	if _, err := ParseSecret(TokenPrefix, secret); err != nil {
		return Principal{}, ErrToken
	}
	tk, err := a.Store.TokenByHash(ctx, HashSecret(secret))
	if planwatch.ErrorCode(err) == planwatch.ENOTFOUND {
		return Principal{}, ErrToken
	} else if err != nil {
		return Principal{}, err
	}
	if !tk.Active(a.now()) {
		return Principal{}, ErrToken
	}
	u, found, err := user(ctx, a.Store, tk.User)
	if err != nil {
		return Principal{}, err
	}
	if !found || u.Disabled {
		return Principal{}, ErrToken
	}
	gs, err := activeGrants(ctx, a.Store, u.Name)
	if err != nil {
		return Principal{}, err
	}
	if len(tk.Grants) > 0 {
		gs = slices.DeleteFunc(gs, func(g planwatch.Grant) bool { return !slices.Contains(tk.Grants, g.ID) })
	}
	return Principal{User: u, Grants: gs, Token: tk}, nil
}

// HasAdmin reports whether some user who is not disabled holds an
// admin grant on every unit: a new database has none, and serve says how
// to create one.
func HasAdmin(ctx context.Context, r planwatch.AccountReader) (bool, error) {
	users, err := r.Users(ctx)
	if err != nil {
		return false, err
	}
	gs, err := r.Grants(ctx, "")
	if err != nil {
		return false, err
	}
	for _, g := range gs {
		if g.Active() && g.Role == planwatch.RoleAdmin && g.Unit == 0 &&
			slices.ContainsFunc(users, func(u planwatch.User) bool { return u.Name == g.User && !u.Disabled }) {
			return true, nil
		}
	}
	return false, nil
}
