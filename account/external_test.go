package account_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/account"
)

// TestSignInAs: a user an identity provider vouched for gets a session
// like a password's, with their grants; an unknown or disabled one gets
// none; each sign-in is audited as the context's actor's.
func TestSignInAs(t *testing.T) {
	w := newWorld(t)
	addUser(t, w.s, "lan", "mật khẩu của Lan", planwatch.Grant{Role: planwatch.RoleReporter, Unit: w.units["9256@1997-01-01"]})
	addUser(t, w.s, "cu", "mật khẩu của Cũ")
	if err := w.s.Update(planwatch.WithActor(ctx, planwatch.Actor{User: "admin", Via: "test"}), func(tx planwatch.Tx) error {
		_, err := tx.PutUser(ctx, planwatch.User{Name: "cu", Lang: "vi", Disabled: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	a := account.New(w.s)
	a.Now = func() time.Time { return now }
	as := func(name string) (string, account.Principal, error) {
		actx := planwatch.WithActor(ctx, planwatch.Actor{User: name, Via: "oidc web 203.0.113.7"})
		return a.SignInAs(actx, planwatch.SignIn{User: name, Method: "oidc", Issuer: "https://id.example", Subject: "s-" + name}, "203.0.113.7")
	}
	secret, p, err := as("lan")
	if err != nil || p.User.Name != "lan" || len(p.Grants) != 1 || !p.Session.Expires.Equal(now.Add(12*time.Hour)) {
		t.Fatalf("lan: %+v %v", p, err)
	}
	if q, err := a.Session(ctx, secret); err != nil || q.User.Name != "lan" || q.Session.Address != "203.0.113.7" {
		t.Errorf("lan's session: %+v %v", q, err)
	}
	if s, _, err := as("ghost"); s != "" || !errors.Is(err, account.ErrUnknownUser) {
		t.Errorf("ghost: %q %v", s, err)
	}
	if s, _, err := as("cu"); s != "" || !errors.Is(err, account.ErrUserDisabled) {
		t.Errorf("cu, disabled: %q %v", s, err)
	}
	es, err := w.s.Audit(ctx, planwatch.AuditFilter{Kinds: []string{planwatch.AuditSignIns}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.User+" "+e.Via+" "+e.After)
	}
	want := []string{
		`cu oidc web 203.0.113.7 {"issuer":"https://id.example","method":"oidc","refused":"disabled user","result":"refused","subject":"s-cu"}`,
		`ghost oidc web 203.0.113.7 {"issuer":"https://id.example","method":"oidc","refused":"unknown user","result":"refused","subject":"s-ghost"}`,
		`lan oidc web 203.0.113.7 {"issuer":"https://id.example","method":"oidc","result":"signed in","subject":"s-lan"}`,
	}
	slices.Sort(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
