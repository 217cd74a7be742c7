package main

import (
	"strings"
	"testing"
)

// serve's single sign-on flags: wrong ones are refused before anything
// starts; right ones start a server that names the provider and the
// redirect URL to register, without asking the provider anything yet.
func TestServeSSOFlags(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--oidc-client-id", "planwatch"}, "go with --oidc-issuer"},
		{[]string{"--oidc-issuer", "https://id.bacninh.gov.vn/realms/tinh"}, "needs --oidc-client-id"},
		{[]string{"--oidc-issuer", "id.bacninh.gov.vn", "--oidc-client-id", "planwatch"}, "issuer URL"},
		{[]string{"--oidc-issuer", "https://id.bacninh.gov.vn/realms/tinh", "--oidc-client-id", "planwatch", "--oidc-redirect", "https://planwatch.example/"}, "/login/oidc/callback"},
		{[]string{"--oidc-issuer", "https://id.bacninh.gov.vn/realms/tinh", "--oidc-client-id", "planwatch", "--oidc-claim", ""}, "--oidc-claim"},
	} {
		_, errs, code := pw(t, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, c.args...)...)
		if code != 2 || !strings.Contains(errs, c.says) {
			t.Errorf("serve %s: exit %d, want 2 saying %q:\n%s", strings.Join(c.args, " "), code, c.says, errs)
		}
	}
	t.Setenv("PLANWATCH_OIDC_CLIENT_SECRET", "s3cret")
	out, errs := serveOnce(t, "--db", db, "--oidc-issuer", "https://id.bacninh.gov.vn/realms/tinh", "--oidc-client-id", "planwatch")
	if !strings.Contains(out, "single sign-on through https://id.bacninh.gov.vn/realms/tinh") || !strings.Contains(out, "http://HOST/login/oidc/callback") {
		t.Errorf("serve with single sign-on said:\n%s", out)
	}
	if strings.Contains(out+errs, "s3cret") {
		t.Errorf("serve printed the client secret:\n%s%s", out, errs)
	}
	out, _ = serveOnce(t, "--db", db, "--oidc-issuer", "https://id.bacninh.gov.vn/realms/tinh", "--oidc-client-id", "planwatch", "--oidc-redirect", "https://planwatch.bacninh.gov.vn/login/oidc/callback")
	if !strings.Contains(out, "redirect URL to register there: https://planwatch.bacninh.gov.vn/login/oidc/callback") {
		t.Errorf("serve with --oidc-redirect said:\n%s", out)
	}
}
