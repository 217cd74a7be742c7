package account_test

import (
	"strings"
	"testing"

	"planwatch/account"
)

// FuzzGrantSpec: a spec that parses prints as a spec that parses to the
// same grant.
func FuzzGrantSpec(f *testing.F) {
	for _, s := range []string{"reporter@27:GRDP,POP", "admin@*", "approver@24@2025-07-01", "viewer@01:GRDP,GRDP", "reporter@", "@27", "planner@24@2025-07-01:IIP", "reporter@27:,", "x@y@z:w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := account.ParseGrantSpec(s)
		if err != nil {
			return
		}
		again, err := account.ParseGrantSpec(g.String())
		if err != nil || again.String() != g.String() {
			t.Fatalf("%q -> %q -> %q %v", s, g, again, err)
		}
	})
}

// FuzzSecret: only what NewSecret makes parses, and a bearer header
// gives back exactly its token.
func FuzzSecret(f *testing.F) {
	good, _, _ := account.NewSecret(account.TokenPrefix)
	for _, s := range []string{good, "Bearer " + good, "pwt_", "pws_" + good[4:], good + "=", "Bearer  " + good + " ", "bearer\t" + good} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tok, err := account.ParseSecret(account.TokenPrefix, s); err == nil {
			if tok != s || !strings.HasPrefix(s, "pwt_") || len(s) != 47 {
				t.Fatalf("%q parses as %q", s, tok)
			}
		}
		if tok, ok := account.BearerToken(s); ok {
			if _, err := account.ParseSecret(account.TokenPrefix, tok); err != nil || !strings.Contains(s, tok) {
				t.Fatalf("header %q gives %q", s, tok)
			}
		}
	})
}
