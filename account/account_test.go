package account_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/storetest"
)

var ctx = context.Background()

// cheap are argon2id costs for tests: the hashing is the same, only
// faster.
var cheap = account.Params{Memory: 64, Time: 1, Threads: 1}

func TestPassword(t *testing.T) {
	h, err := account.HashPassword("mật khẩu dài đủ", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %s does not record its parameters", h)
	}
	h2, _ := account.HashPassword("mật khẩu dài đủ", cheap)
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !account.CheckPassword(h, "mật khẩu dài đủ") || !account.CheckPassword(h2, "mật khẩu dài đủ") {
		t.Error("the right password does not check")
	}
	for _, wrong := range []string{"mật khẩu dài đu", "", "mật khẩu dài đủ "} {
		if account.CheckPassword(h, wrong) {
			t.Errorf("%q checks", wrong)
		}
	}
	// The default costs check too, and a hash of other costs still checks.
	hd, err := account.HashPassword("correct horse battery", account.DefaultParams)
	if err != nil || !strings.Contains(hd, "m=65536,t=3,p=2") || !account.CheckPassword(hd, "correct horse battery") {
		t.Errorf("default costs: %s %v", hd, err)
	}
	if _, err := account.HashPassword("short", cheap); planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("a short password: %v", err)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		strings.Replace(h, "m=64", "m=x", 1), h[:len(h)-4]} {
		if account.CheckPassword(bad, "mật khẩu dài đủ") {
			t.Errorf("hash %q checks", bad)
		}
	}
}

func TestSecrets(t *testing.T) {
	s, h, err := account.NewSecret(account.TokenPrefix)
	if err != nil {
		t.Fatal(err)
	}
	s2, _, _ := account.NewSecret(account.TokenPrefix)
	if s == s2 || !strings.HasPrefix(s, "pwt_") || len(s) != 4+43 || h != account.HashSecret(s) || strings.Contains(h, s[4:]) {
		t.Errorf("secret %s hash %s", s, h)
	}
	if _, err := account.ParseSecret(account.TokenPrefix, s); err != nil {
		t.Error(err)
	}
	if _, err := account.ParseSecret(account.SessionPrefix, s); err == nil {
		t.Error("a token parses as a session's secret")
	}
	for _, c := range []struct {
		header string
		ok     bool
	}{{"Bearer " + s, true}, {"bearer  " + s, true}, {"Basic " + s, false}, {s, false}, {"Bearer " + s + "x", false}, {"Bearer " + s[:20], false}} {
		if got, ok := account.BearerToken(c.header); ok != c.ok || ok && got != s {
			t.Errorf("BearerToken(%q) = %q %v", c.header, got, ok)
		}
	}
}

// TestLimiter: exponential backoff after the free failures, per key,
// opened by a success and forgotten after a day.
func TestLimiter(t *testing.T) {
	l := account.NewLimiter()
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	var waits []string
	now := t0
	for range 9 {
		l.Fail("user lan", now)
		waits = append(waits, l.Wait("user lan", now).String())
	}
	if got := strings.Join(waits, " "); got != "0s 0s 0s 0s 0s 1s 2s 4s 8s" {
		t.Errorf("waits after each failure: %s", got)
	}
	if w := l.Wait("user lan", now.Add(5*time.Second)); w != 3*time.Second {
		t.Errorf("5 s later: %v", w)
	}
	if w := l.Wait("user minh", now); w != 0 {
		t.Errorf("another key waits %v", w)
	}
	for range 20 {
		l.Fail("user lan", now)
	}
	if w := l.Wait("user lan", now); w != 15*time.Minute {
		t.Errorf("capped at %v", w)
	}
	l.Succeed("user lan")
	if w := l.Wait("user lan", now); w != 0 {
		t.Errorf("after a success: %v", w)
	}
	for range 7 {
		l.Fail("addr 203.0.113.7", now)
	}
	l.Fail("addr 203.0.113.7", now.Add(25*time.Hour))
	if w := l.Wait("addr 203.0.113.7", now.Add(25*time.Hour)); w != 0 {
		t.Errorf("a day later the failures are forgotten, but it waits %v", w)
	}
}

type world struct {
	s     *storetest.Memory
	units map[string]int64
	scope *account.Scope
}

// newWorld: Viet Nam; Bac Ninh (27) with a commune, Bac Giang (24) with
// a commune, merged on 2025-07-01 into the new Bac Ninh (24); Ha Noi (01)
// with a commune.
func newWorld(t *testing.T) *world {
	t.Helper()
	s := storetest.NewMemory()
	b := &planwatch.Batch{Units: []planwatch.UnitRecord{
		{Unit: planwatch.Unit{Code: "VN", NameVI: "Việt Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation}},
		{Unit: planwatch.Unit{Code: "27", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", Level: planwatch.LevelProvince, ValidFrom: "1997-01-01", ValidTo: "2025-07-01"}, Parent: "VN"},
		{Unit: planwatch.Unit{Code: "9256", NameVI: "Xã Phật Tích", NameEN: "Phat Tich", Level: planwatch.LevelCommune, ValidFrom: "1997-01-01", ValidTo: "2025-07-01"}, Parent: "27@1997-01-01"},
		{Unit: planwatch.Unit{Code: "24", NameVI: "Bắc Giang", NameEN: "Bac Giang", Level: planwatch.LevelProvince, ValidFrom: "1997-01-01", ValidTo: "2025-07-01"}, Parent: "VN"},
		{Unit: planwatch.Unit{Code: "7210", NameVI: "Xã Tân Dĩnh", NameEN: "Tan Dinh", Level: planwatch.LevelCommune, ValidFrom: "1997-01-01", ValidTo: "2025-07-01"}, Parent: "24@1997-01-01"},
		{Unit: planwatch.Unit{Code: "24", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", Level: planwatch.LevelProvince, ValidFrom: "2025-07-01"}, Parent: "VN"},
		{Unit: planwatch.Unit{Code: "7211", NameVI: "Xã Tân Dĩnh", NameEN: "Tan Dinh", Level: planwatch.LevelCommune, ValidFrom: "2025-07-01"}, Parent: "24@2025-07-01"},
		{Unit: planwatch.Unit{Code: "01", NameVI: "Hà Nội", NameEN: "Ha Noi", Level: planwatch.LevelProvince}, Parent: "VN"},
		{Unit: planwatch.Unit{Code: "00001", NameVI: "Phường Ba Đình", NameEN: "Ba Dinh", Level: planwatch.LevelCommune}, Parent: "01"},
	}, Lineage: []planwatch.LineageRecord{
		{Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventMerge}, From: "27@1997-01-01", To: "24@2025-07-01"},
		{Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventMerge}, From: "24@1997-01-01", To: "24@2025-07-01"},
	}}
	if _, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	units, _ := s.Units(ctx)
	lineage, _ := s.Lineage(ctx)
	w := &world{s: s, units: map[string]int64{}, scope: account.NewScope(units, lineage)}
	for _, u := range units {
		w.units[u.Ref()] = u.ID
	}
	return w
}

// TestMatrix prints and checks what each role granted on a unit may do on
// each unit: a grant reaches its unit, the units below it, and the units
// formed from it by a merger (and below those); never a parent, nor
// another province's units.
func TestMatrix(t *testing.T) {
	w := newWorld(t)
	cols := []string{"VN", "27@1997-01-01", "9256@1997-01-01", "24@1997-01-01", "24@2025-07-01", "7211@2025-07-01", "01", "00001"}
	short := map[account.Action]string{account.View: "v", account.ViewDrafts: "d", account.Enter: "e", account.Approve: "a", account.Plan: "p", account.Audit: "u", account.Admin: "A"}
	rows := []struct {
		role planwatch.Role
		unit string // "" every unit
	}{
		{planwatch.RoleViewer, "27@1997-01-01"},
		{planwatch.RoleReporter, "9256@1997-01-01"},
		{planwatch.RoleReporter, "27@1997-01-01"},
		{planwatch.RoleApprover, "24@2025-07-01"},
		{planwatch.RolePlanner, "01"},
		{planwatch.RoleAdmin, ""},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-26s", "grant \\ unit")
	for _, c := range cols {
		fmt.Fprintf(&b, " %-16s", c)
	}
	b.WriteString("\n")
	for _, r := range rows {
		g := planwatch.Grant{User: "x", Role: r.role, Unit: w.units[r.unit]}
		name := string(r.role) + "@" + r.unit
		if r.unit == "" {
			name = string(r.role) + "@*"
		}
		fmt.Fprintf(&b, "%-26s", name)
		for _, c := range cols {
			cell := ""
			for _, a := range account.Actions {
				if w.scope.Allowed([]planwatch.Grant{g}, a, w.units[c], "GRDP") {
					cell += short[a]
				}
			}
			if cell == "" {
				cell = "-"
			}
			fmt.Fprintf(&b, " %-16s", cell)
		}
		b.WriteString("\n")
	}
	var trimmed []string
	for _, line := range strings.Split(b.String(), "\n") {
		trimmed = append(trimmed, strings.TrimRight(line, " "))
	}
	got := strings.Join(trimmed, "\n")
	t.Logf("v view, d drafts, e enter, a approve, p plan, u audit, A admin\n%s", got)
	want := `grant \ unit               VN               27@1997-01-01    9256@1997-01-01  24@1997-01-01    24@2025-07-01    7211@2025-07-01  01               00001
viewer@27@1997-01-01       -                v                v                -                v                v                -                -
reporter@9256@1997-01-01   -                -                vde              -                -                -                -                -
reporter@27@1997-01-01     -                vde              vde              -                vde              vde              -                -
approver@24@2025-07-01     -                -                -                -                vdau             vdau             -                -
planner@01                 -                -                -                -                -                -                vdp              vdp
admin@*                    vdeapuA          vdeapuA          vdeapuA          vdeapuA          vdeapuA          vdeapuA          vdeapuA          vdeapuA
`
	if got != want {
		t.Errorf("matrix:\n%s\nwant:\n%s", got, want)
	}
	// A commune reporter of Bac Ninh cannot write a figure for the
	// province, nor for another province's commune.
	rep := []planwatch.Grant{{User: "x", Role: planwatch.RoleReporter, Unit: w.units["9256@1997-01-01"]}}
	if w.scope.Allowed(rep, account.Enter, w.units["27@1997-01-01"], "GRDP") || w.scope.Allowed(rep, account.Enter, w.units["00001"], "GRDP") ||
		!w.scope.Allowed(rep, account.Enter, w.units["9256@1997-01-01"], "GRDP") {
		t.Error("the commune reporter's reach is wrong")
	}
	// Limited to indicators; revoked grants allow nothing; unit 0 needs a
	// grant on every unit.
	dept := []planwatch.Grant{{User: "x", Role: planwatch.RoleReporter, Unit: w.units["01"], Indicators: []string{"IIP"}}}
	if !w.scope.Allowed(dept, account.Enter, w.units["00001"], "IIP") || w.scope.Allowed(dept, account.Enter, w.units["00001"], "GRDP") ||
		!w.scope.Allowed(dept, account.Enter, w.units["00001"], "") {
		t.Error("a grant limited to an indicator")
	}
	revoked := []planwatch.Grant{{User: "x", Role: planwatch.RoleAdmin, RevokedAt: time.Now()}}
	if w.scope.Allowed(revoked, account.View, w.units["01"], "") {
		t.Error("a revoked grant allows")
	}
	if w.scope.Allowed(rep, account.View, 0, "") || !w.scope.Allowed([]planwatch.Grant{{Role: planwatch.RoleAdmin}}, account.Admin, 0, "") {
		t.Error("unit 0")
	}
	units, all := w.scope.AllowedUnits(rep, account.Enter)
	if all || len(units) != 1 || units[0] != w.units["9256@1997-01-01"] {
		t.Errorf("allowed units: %v %v", units, all)
	}
}

func TestGrantSpec(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"reporter@27:GRDP,POP", "reporter@27:GRDP,POP"},
		{"admin@*", "admin@*"},
		{"approver@24@2025-07-01", "approver@24@2025-07-01"},
		{"viewer@01:GRDP,GRDP", "viewer@01:GRDP"},
	} {
		g, err := account.ParseGrantSpec(c.in)
		if err != nil || g.String() != c.out {
			t.Errorf("%s: %v %v", c.in, g, err)
		}
	}
	for _, bad := range []string{"", "reporter", "owner@27", "reporter@", "reporter@27:", "reporter@27:GR DP", "reporter@24@2025", "reporter@2 7"} {
		if _, err := account.ParseGrantSpec(bad); planwatch.ErrorCode(err) != planwatch.EINVALID {
			t.Errorf("%q: %v", bad, err)
		}
	}
	w := newWorld(t)
	units, _ := w.s.Units(ctx)
	g, _ := account.ParseGrantSpec("approver@24")
	gr, err := g.Grant("hoa", planwatch.NewUnitIndex(units))
	if err != nil || gr.Unit != w.units["24@2025-07-01"] {
		t.Errorf("approver@24 is granted on %d, want the new Bac Ninh %d (%v)", gr.Unit, w.units["24@2025-07-01"], err)
	}
}

func addUser(t *testing.T, s planwatch.Store, name, pw string, grants ...planwatch.Grant) []planwatch.Grant {
	t.Helper()
	h, err := account.HashPassword(pw, cheap)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(planwatch.WithActor(ctx, planwatch.Actor{User: "admin", Via: "test"}), func(tx planwatch.Tx) error {
		if _, err := tx.PutUser(ctx, planwatch.User{Name: name, Lang: "vi", PasswordHash: h}); err != nil {
			return err
		}
		for i := range grants {
			grants[i].User = name
			if err := tx.AddGrant(ctx, &grants[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return grants
}

// TestSessions: a login starts a session stored by hash; a wrong password,
// an unknown name and a disabled user are refused alike; guessing is
// slowed per account and per address; sessions end at logout, when idle
// and at their absolute limit.
func TestSessions(t *testing.T) {
	w := newWorld(t)
	addUser(t, w.s, "lan", "mật khẩu của Lan", planwatch.Grant{Role: planwatch.RoleReporter, Unit: w.units["9256@1997-01-01"]})
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	a := account.New(w.s)
	a.Params = cheap
	a.Now = func() time.Time { return now }

	secret, p, err := a.Login(ctx, "lan", "mật khẩu của Lan", "203.0.113.7")
	if err != nil {
		t.Fatal(err)
	}
	if p.User.Name != "lan" || len(p.Grants) != 1 || p.Grants[0].Role != planwatch.RoleReporter {
		t.Errorf("principal: %+v", p)
	}
	if _, err := w.s.Session(ctx, secret); err == nil {
		t.Error("the secret itself is stored")
	}
	s, err := w.s.Session(ctx, account.HashSecret(secret))
	if err != nil || s.Address != "203.0.113.7" || !s.Expires.Equal(now.Add(12*time.Hour)) {
		t.Errorf("stored session: %+v %v", s, err)
	}
	if p, err := a.Session(ctx, secret); err != nil || p.User.Name != "lan" {
		t.Errorf("session: %+v %v", p, err)
	}
	// Idle for less than the limit, used: it lasts; idle longer: it ends.
	now = now.Add(90 * time.Minute)
	if _, err := a.Session(ctx, secret); err != nil {
		t.Errorf("after 90 minutes: %v", err)
	}
	now = now.Add(2*time.Hour + time.Second)
	if _, err := a.Session(ctx, secret); !errors.Is(err, account.ErrSession) {
		t.Errorf("idle 2 hours: %v", err)
	}
	// The absolute limit: used every hour, it ends after 12 hours.
	secret, _, err = a.Login(ctx, "lan", "mật khẩu của Lan", "203.0.113.7")
	if err != nil {
		t.Fatal(err)
	}
	for range 11 {
		now = now.Add(time.Hour)
		if _, err := a.Session(ctx, secret); err != nil {
			t.Fatalf("used hourly: %v", err)
		}
	}
	now = now.Add(time.Hour)
	if _, err := a.Session(ctx, secret); !errors.Is(err, account.ErrSession) {
		t.Errorf("12 hours after login: %v", err)
	}
	// Logout ends it.
	secret, _, _ = a.Login(ctx, "lan", "mật khẩu của Lan", "203.0.113.7")
	if err := a.Logout(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, secret); !errors.Is(err, account.ErrSession) {
		t.Errorf("after logout: %v", err)
	}
	if err := a.Logout(ctx, secret); err != nil {
		t.Errorf("logout twice: %v", err)
	}
	for _, junk := range []string{"", "pws_x", secret + "x", strings.Replace(secret, "pws_", "pwt_", 1)} {
		if _, err := a.Session(ctx, junk); !errors.Is(err, account.ErrSession) {
			t.Errorf("session %q: %v", junk, err)
		}
	}

	// Refusals look alike.
	_, _, e1 := a.Login(ctx, "lan", "wrong password!", "198.51.100.1")
	_, _, e2 := a.Login(ctx, "nobody", "wrong password!", "198.51.100.2")
	if !errors.Is(e1, account.ErrLogin) || !errors.Is(e2, account.ErrLogin) || e1.Error() != e2.Error() {
		t.Errorf("refusals: %v; %v", e1, e2)
	}
	// Five failures of an account are free; the sixth closes it for a
	// second, even to the right password, from any address.
	for i := range 5 {
		if _, _, err := a.Login(ctx, "lan", "wrong password!", fmt.Sprintf("198.51.100.%d", 10+i)); !errors.Is(err, account.ErrLogin) {
			t.Fatalf("failure %d: %v", i+2, err)
		}
	}
	var le *account.LimitedError
	if _, _, err := a.Login(ctx, "lan", "mật khẩu của Lan", "198.51.100.99"); !errors.As(err, &le) || le.Wait != time.Second {
		t.Errorf("after 6 failures: %v", err)
	}
	now = now.Add(time.Second)
	if _, _, err := a.Login(ctx, "lan", "mật khẩu của Lan", "198.51.100.99"); err != nil {
		t.Errorf("a second later: %v", err)
	}
	// One address trying many names is slowed too.
	for i := range 6 {
		a.Login(ctx, fmt.Sprintf("guess%d", i), "wrong password!", "192.0.2.1")
	}
	if _, _, err := a.Login(ctx, "lan", "mật khẩu của Lan", "192.0.2.1"); !errors.As(err, &le) {
		t.Errorf("an address after 6 failures: %v", err)
	}
	// A disabled user cannot sign in, and their sessions end.
	secret, _, _ = a.Login(ctx, "lan", "mật khẩu của Lan", "203.0.113.7")
	users, _ := w.s.Users(ctx)
	u := users[0]
	u.Disabled = true
	w.s.Update(ctx, func(tx planwatch.Tx) error { _, err := tx.PutUser(ctx, u); return err })
	if _, err := a.Session(ctx, secret); !errors.Is(err, account.ErrSession) {
		t.Errorf("session of a disabled user: %v", err)
	}
	if _, _, err := a.Login(ctx, "lan", "mật khẩu của Lan", "203.0.113.8"); !errors.Is(err, account.ErrLogin) {
		t.Errorf("login of a disabled user: %v", err)
	}
}

// TestTokens: a token acts with its user's grants, or only those it was
// given; revoked or expired, or its user's grant revoked, it allows
// nothing more.
func TestTokens(t *testing.T) {
	w := newWorld(t)
	gs := addUser(t, w.s, "hoa", "mật khẩu của Hoa",
		planwatch.Grant{Role: planwatch.RoleApprover, Unit: w.units["24@2025-07-01"]},
		planwatch.Grant{Role: planwatch.RoleReporter, Unit: w.units["7211@2025-07-01"]})
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	a := account.New(w.s)
	a.Now = func() time.Time { return now }
	actx := planwatch.WithActor(ctx, planwatch.Actor{User: "admin", Via: "test"})
	all, _, err := a.NewToken(actx, "hoa", "sync", nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	one, tk, err := a.NewToken(actx, "hoa", "entry only", []int64{gs[1].ID}, now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if tk.Hash == one || tk.Hash != account.HashSecret(one) {
		t.Error("the token is stored, not its hash")
	}
	p, err := a.Token(ctx, all)
	if err != nil || len(p.Grants) != 2 {
		t.Errorf("token of all grants: %+v %v", p, err)
	}
	p, err = a.Token(ctx, one)
	if err != nil || len(p.Grants) != 1 || p.Grants[0].Role != planwatch.RoleReporter {
		t.Errorf("token of one grant: %+v %v", p, err)
	}
	if w.scope.Allowed(p.Grants, account.Approve, w.units["7211@2025-07-01"], "GRDP") {
		t.Error("the token of the reporter grant approves")
	}
	if _, _, err := a.NewToken(actx, "hoa", "stolen", []int64{999}, time.Time{}); planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("a token of a grant not the user's: %v", err)
	}
	now = now.Add(25 * time.Hour)
	if _, err := a.Token(ctx, one); !errors.Is(err, account.ErrToken) {
		t.Errorf("expired: %v", err)
	}
	w.s.Update(actx, func(tx planwatch.Tx) error { return tx.RevokeGrant(ctx, gs[0].ID) })
	if p, err := a.Token(ctx, all); err != nil || len(p.Grants) != 1 {
		t.Errorf("after revoking a grant: %+v %v", p, err)
	}
	w.s.Update(actx, func(tx planwatch.Tx) error { return tx.RevokeToken(ctx, 1) })
	if _, err := a.Token(ctx, all); !errors.Is(err, account.ErrToken) {
		t.Errorf("revoked: %v", err)
	}
	if _, err := a.Token(ctx, "pwt_nonsense"); !errors.Is(err, account.ErrToken) {
		t.Errorf("nonsense: %v", err)
	}
	// The audit holds the tokens but never their secrets or hashes.
	es, _ := w.s.Audit(ctx, planwatch.AuditFilter{Kinds: []string{planwatch.AuditTokens}})
	if len(es) != 3 {
		t.Errorf("%d token changes audited, want 3", len(es))
	}
	for _, e := range es {
		if strings.Contains(e.After+e.Before, tk.Hash) || strings.Contains(e.After+e.Before, one) || e.User != "admin" {
			t.Errorf("audit entry: %+v", e)
		}
	}
}

func TestHasAdmin(t *testing.T) {
	w := newWorld(t)
	if ok, err := account.HasAdmin(ctx, w.s); ok || err != nil {
		t.Errorf("a new database has an admin: %v", err)
	}
	addUser(t, w.s, "tuan", "mật khẩu của Tuấn", planwatch.Grant{Role: planwatch.RoleAdmin, Unit: w.units["01"]})
	if ok, _ := account.HasAdmin(ctx, w.s); ok {
		t.Error("an admin of one province is the administrator")
	}
	addUser(t, w.s, "root", "mật khẩu quản trị", planwatch.Grant{Role: planwatch.RoleAdmin})
	if ok, _ := account.HasAdmin(ctx, w.s); !ok {
		t.Error("no admin after adding one")
	}
}

func TestAuditFilter(t *testing.T) {
	w := newWorld(t)
	appr := []planwatch.Grant{{Role: planwatch.RoleApprover, Unit: w.units["27@1997-01-01"]}}
	f, ok := w.scope.AuditFilter(appr, 0, planwatch.AuditFilter{})
	if !ok || len(f.Units) != 4 { // 27, its commune, the new 24, its commune
		t.Errorf("approver of 27, everything: %v %v", f.Units, ok)
	}
	if _, ok := w.scope.AuditFilter(appr, w.units["01"], planwatch.AuditFilter{}); ok {
		t.Error("approver of 27 sees Ha Noi's audit")
	}
	if _, ok := w.scope.AuditFilter([]planwatch.Grant{{Role: planwatch.RoleReporter, Unit: w.units["27@1997-01-01"]}}, 0, planwatch.AuditFilter{}); ok {
		t.Error("a reporter sees the audit")
	}
	if f, ok := w.scope.AuditFilter([]planwatch.Grant{{Role: planwatch.RoleAdmin}}, 0, planwatch.AuditFilter{}); !ok || f.Units != nil {
		t.Errorf("admin: %v %v", f.Units, ok)
	}
}
