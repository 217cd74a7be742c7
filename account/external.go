package account

import (
	"context"

	"planwatch"
)

// Refusals of a sign-in through an identity provider. The provider
// proved who the person is, so the refusal may say why.
var (
	ErrUnknownUser  = planwatch.Errorf(planwatch.EUNAUTHORIZED, "không có người dùng planwatch nào mang tên này / no planwatch user has this name")
	ErrUserDisabled = planwatch.Errorf(planwatch.EUNAUTHORIZED, "tài khoản đã bị khóa / the account is disabled")
)

// SignInAs starts a session for the planwatch user an identity provider
// vouched for (single sign-on): the user must exist and not be disabled;
// SSO proves who someone is, never what they may do, which stays their
// grants. The sign-in, let in or refused (ErrUnknownUser,
// ErrUserDisabled), is audited as the context's actor's, with si's
// method and the provider's identity; a session and its sign-in are
// written together. It returns the session's secret, as Login does.
func (a *Accounts) SignInAs(ctx context.Context, si planwatch.SignIn, address string) (string, Principal, error) {
	now := a.now()
	u, found, err := user(ctx, a.Store, si.User)
	if err != nil {
		return "", Principal{}, err
	}
	refuse := func(why error, reason string) (string, Principal, error) {
		si.Refused = reason
		if err := a.Store.Update(ctx, func(tx planwatch.Tx) error { return tx.RecordSignIn(ctx, si) }); err != nil {
			return "", Principal{}, err
		}
		return "", Principal{}, why
	}
	switch {
	case !found:
		return refuse(ErrUnknownUser, "unknown user")
	case u.Disabled:
		return refuse(ErrUserDisabled, "disabled user")
	}
	secret, hash, err := NewSecret(SessionPrefix)
	if err != nil {
		return "", Principal{}, err
	}
	s := planwatch.Session{Hash: hash, User: u.Name, Created: now, Expires: now.Add(a.MaxAge), LastSeen: now, Address: address}
	si.Refused = ""
	err = a.Store.Update(ctx, func(tx planwatch.Tx) error {
		if err := tx.PutSession(ctx, s); err != nil {
			return err
		}
		return tx.RecordSignIn(ctx, si)
	})
	if err != nil {
		return "", Principal{}, err
	}
	gs, err := activeGrants(ctx, a.Store, u.Name)
	if err != nil {
		return "", Principal{}, err
	}
	return secret, Principal{User: u, Grants: gs, Session: s}, nil
}
