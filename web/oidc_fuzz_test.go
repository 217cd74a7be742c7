package web

import "testing"

// FuzzSSOCookie: the single sign-on's cookie comes back from the
// browser; any value reads without panicking, only one with all three
// secrets is taken, its page to go back to is on this site, and what is
// taken writes back the same.
func FuzzSSOCookie(f *testing.F) {
	f.Add(oidcPending{State: "s", Nonce: "n", Verifier: "v", Next: "/u/24"}.encode())
	f.Add(oidcPending{State: "s", Nonce: "n", Verifier: "v", Next: "//evil.example"}.encode())
	f.Add(oidcPending{State: "s", Next: "/"}.encode())
	f.Add("eyJzIjoxfQ")
	f.Add("not base64!")
	f.Fuzz(func(t *testing.T, v string) {
		p, ok := decodePending(v)
		if !ok {
			return
		}
		if p.State == "" || p.Nonce == "" || p.Verifier == "" || localPath(p.Next) != p.Next {
			t.Fatalf("%q taken as %+v", v, p)
		}
		if q, ok := decodePending(p.encode()); !ok || q != p {
			t.Fatalf("%+v writes back as %+v %v", p, q, ok)
		}
	})
}
