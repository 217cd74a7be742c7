package storetest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/period"
)

const hashA = "$argon2id$v=19$m=65536,t=1,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"

func update(t *testing.T, s planwatch.Store, as string, fn func(tx planwatch.Tx) error) error {
	t.Helper()
	return s.Update(planwatch.WithActor(ctx, planwatch.Actor{User: as, Via: "cli: planwatch test"}), fn)
}

// testAccounts: users are added and changed, never deleted; grants and
// tokens are added with who and when, revoked but kept; sessions end.
func testAccounts(t *testing.T, s planwatch.Store) {
	mustApply(t, s, base())
	u27 := unitID(t, s, "27")
	lan := planwatch.User{Name: "lan", DisplayName: "Nguyễn Thị Lan", Lang: "vi", PasswordHash: hashA}
	var g planwatch.Grant
	var tk planwatch.Token
	err := update(t, s, "admin", func(tx planwatch.Tx) error {
		if c, err := tx.PutUser(ctx, lan); err != nil || c != planwatch.Added {
			t.Errorf("add lan: %v %v", c, err)
		}
		if c, err := tx.PutUser(ctx, lan); err != nil || c != planwatch.Unchanged {
			t.Errorf("lan again: %v %v", c, err)
		}
		if _, err := tx.PutUser(ctx, planwatch.User{Name: "Lan Anh", Lang: "vi"}); planwatch.ErrorCode(err) != planwatch.EINVALID {
			t.Errorf("a username with a space and a capital: %v", err)
		}
		if _, err := tx.PutUser(ctx, planwatch.User{Name: "minh", Lang: "fr"}); planwatch.ErrorCode(err) != planwatch.EINVALID {
			t.Errorf("a language neither vi nor en: %v", err)
		}
		if _, err := tx.PutUser(ctx, planwatch.User{Name: "minh", Lang: "en", PasswordHash: "secret"}); planwatch.ErrorCode(err) != planwatch.EINVALID {
			t.Errorf("a password hash not argon2id: %v", err)
		}
		g = planwatch.Grant{User: "lan", Role: planwatch.RoleReporter, Unit: u27, Indicators: []string{"GRDP", "POP"}}
		if err := tx.AddGrant(ctx, &g); err != nil {
			return err
		}
		if g.ID == 0 || g.GrantedBy != "admin" || g.GrantedAt.IsZero() {
			t.Errorf("grant as added: %+v", g)
		}
		if err := tx.AddGrant(ctx, &planwatch.Grant{User: "lan", Role: "owner"}); planwatch.ErrorCode(err) != planwatch.EINVALID {
			t.Errorf("a role that does not exist: %v", err)
		}
		tk = planwatch.Token{User: "lan", Name: "excel sync", Hash: "h1", Grants: []int64{g.ID}, Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
		if err := tx.AddToken(ctx, &tk); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// What the database refuses ends the transaction: one each.
	if err := update(t, s, "admin", func(tx planwatch.Tx) error {
		return tx.AddGrant(ctx, &planwatch.Grant{User: "nobody", Role: planwatch.RoleViewer})
	}); planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("a grant to no user: %v", err)
	}
	if err := update(t, s, "admin", func(tx planwatch.Tx) error {
		return tx.AddToken(ctx, &planwatch.Token{User: "lan", Hash: "h1"})
	}); planwatch.ErrorCode(err) != planwatch.ECONFLICT {
		t.Errorf("a second token of the same hash: %v", err)
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 1 || users[0].Name != "lan" || users[0].DisplayName != "Nguyễn Thị Lan" || users[0].PasswordHash != hashA || users[0].Created.IsZero() || users[0].Disabled {
		t.Fatalf("users: %+v %v", users, err)
	}
	gs, err := s.Grants(ctx, "lan")
	if err != nil || len(gs) != 1 || gs[0].ID != g.ID || gs[0].Role != planwatch.RoleReporter || gs[0].Unit != u27 || gs[0].UnitCode != "27" ||
		!slices.Equal(gs[0].Indicators, []string{"GRDP", "POP"}) || gs[0].GrantedBy != "admin" || !gs[0].Active() {
		t.Errorf("grants: %+v %v", gs, err)
	}
	got, err := s.TokenByHash(ctx, "h1")
	if err != nil || got.ID != tk.ID || got.User != "lan" || got.Name != "excel sync" || !slices.Equal(got.Grants, []int64{g.ID}) || !got.Expires.Equal(tk.Expires) || !got.Active(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("token: %+v %v", got, err)
	}
	if _, err := s.TokenByHash(ctx, "h2"); planwatch.ErrorCode(err) != planwatch.ENOTFOUND {
		t.Errorf("no such token: %v", err)
	}

	// Disabled, a new password, the grant and the token revoked.
	err = update(t, s, "admin", func(tx planwatch.Tx) error {
		lan.Disabled, lan.PasswordHash = true, strings.Replace(hashA, "aGFzaGhhc2g", "bmV3bmV3bmV3", 1)
		if c, err := tx.PutUser(ctx, lan); err != nil || c != planwatch.Changed {
			t.Errorf("disable lan: %v %v", c, err)
		}
		if err := tx.RevokeGrant(ctx, g.ID); err != nil {
			return err
		}
		if err := tx.RevokeGrant(ctx, g.ID); err != nil {
			t.Errorf("revoke twice: %v", err)
		}
		if err := tx.RevokeGrant(ctx, g.ID+100); planwatch.ErrorCode(err) != planwatch.ENOTFOUND {
			t.Errorf("revoke no grant: %v", err)
		}
		if err := tx.RevokeToken(ctx, tk.ID+100); planwatch.ErrorCode(err) != planwatch.ENOTFOUND {
			t.Errorf("revoke no token: %v", err)
		}
		return tx.RevokeToken(ctx, tk.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	users, _ = s.Users(ctx)
	if len(users) != 1 || !users[0].Disabled || users[0].PasswordHash != lan.PasswordHash {
		t.Errorf("after disabling: %+v", users)
	}
	gs, _ = s.Grants(ctx, "")
	if len(gs) != 1 || gs[0].Active() || gs[0].RevokedBy != "admin" {
		t.Errorf("after revoking, grants: %+v", gs)
	}
	tks, _ := s.Tokens(ctx, "lan")
	if len(tks) != 1 || tks[0].Active(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) || tks[0].RevokedBy != "admin" || tks[0].Hash != "h1" {
		t.Errorf("after revoking, tokens: %+v", tks)
	}

	// Sessions: written with their caller's times, touched, ended once.
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	sess := planwatch.Session{Hash: "s1", User: "lan", Created: t0, Expires: t0.Add(12 * time.Hour), LastSeen: t0, Address: "203.0.113.7"}
	err = s.Update(ctx, func(tx planwatch.Tx) error {
		if err := tx.PutSession(ctx, sess); err != nil {
			return err
		}
		if err := tx.TouchSession(ctx, "s1", t0.Add(time.Hour)); err != nil {
			return err
		}
		if err := tx.TouchSession(ctx, "s2", t0); planwatch.ErrorCode(err) != planwatch.ENOTFOUND {
			t.Errorf("touch no session: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got2, err := s.Session(ctx, "s1")
	if err != nil || got2.User != "lan" || !got2.Created.Equal(t0) || !got2.Expires.Equal(t0.Add(12*time.Hour)) || !got2.LastSeen.Equal(t0.Add(time.Hour)) || got2.Address != "203.0.113.7" || !got2.Ended.IsZero() {
		t.Errorf("session: %+v %v", got2, err)
	}
	err = s.Update(ctx, func(tx planwatch.Tx) error {
		if err := tx.EndSession(ctx, "s1", t0.Add(2*time.Hour)); err != nil {
			return err
		}
		// Ended, it stays as it ended.
		if err := tx.EndSession(ctx, "s1", t0.Add(3*time.Hour)); err != nil {
			return err
		}
		return tx.TouchSession(ctx, "s1", t0.Add(4*time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	if got2, _ = s.Session(ctx, "s1"); !got2.Ended.Equal(t0.Add(2*time.Hour)) || !got2.LastSeen.Equal(t0.Add(time.Hour)) {
		t.Errorf("ended session: %+v", got2)
	}
	if _, err := s.Session(ctx, "s2"); planwatch.ErrorCode(err) != planwatch.ENOTFOUND {
		t.Errorf("no such session: %v", err)
	}
}

// testAudit: every change says who made it, when, from where, what before
// and what after, and the listing filters by unit, user, kind and time.
func testAudit(t *testing.T, s planwatch.Store) {
	as := func(user string) planwatch.ApplyOptions { return planwatch.ApplyOptions{RecordedBy: user} }
	actx := planwatch.WithActor(ctx, planwatch.Actor{User: "minh", Via: "cli: planwatch import base"})
	b := base()
	b.Observations = []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2024", 100), obs("24@2025-07-01", "POP", "", "2025", 3619)}
	if _, err := planwatch.Apply(actx, s, b, as("minh")); err != nil {
		t.Fatal(err)
	}
	b2 := base()
	b2.Units[1].Unit.NameEN = "Bac Ninh province"
	b2.Observations = []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2024", 101)}
	if _, err := planwatch.Apply(planwatch.WithActor(ctx, planwatch.Actor{User: "lan", Via: "web 203.0.113.7"}), s, b2, as("lan")); err != nil {
		t.Fatal(err)
	}
	u27 := unitID(t, s, "27")
	key := planwatch.SeriesKey{Unit: u27, Indicator: "GRDP", Dims: "price=current"}
	if _, err := decide(t, s, "hoa", []planwatch.FigureRef{{Key: key, Period: period.MustParse("2024")}}, planwatch.Decision{State: planwatch.Returned, Comment: "kiểm tra lại"}); err != nil {
		t.Fatal(err)
	}
	err := update(t, s, "admin", func(tx planwatch.Tx) error {
		if _, err := tx.PutUser(ctx, planwatch.User{Name: "lan", Lang: "vi", PasswordHash: hashA}); err != nil {
			return err
		}
		return tx.AddGrant(ctx, &planwatch.Grant{User: "lan", Role: planwatch.RoleReporter, Unit: u27})
	})
	if err != nil {
		t.Fatal(err)
	}

	list := func(f planwatch.AuditFilter) []planwatch.AuditEntry {
		t.Helper()
		es, err := s.Audit(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(es); i++ {
			if es[i].At.After(es[i-1].At) {
				t.Errorf("not newest first: %v after %v", es[i].At, es[i-1].At)
			}
		}
		return es
	}
	// find gives the oldest entry of a kind whose key holds keyPart.
	find := func(es []planwatch.AuditEntry, kind, keyPart string) (planwatch.AuditEntry, bool) {
		for _, e := range slices.Backward(es) {
			if e.Kind == kind && strings.Contains(e.Key, keyPart) {
				return e, true
			}
		}
		return planwatch.AuditEntry{}, false
	}
	all := list(planwatch.AuditFilter{})
	for _, c := range []struct{ kind, key, user, via string }{
		{"units", "27@1997-01-01", "minh", "cli: planwatch import base"},
		{"indicators", "GRDP", "minh", "cli: planwatch import base"},
		{"observations", "27@1997-01-01 GRDP price=current 2024 v1", "minh", "cli: planwatch import base"},
		{"observations", "27@1997-01-01 GRDP price=current 2024 v2", "lan", "web 203.0.113.7"},
		{planwatch.AuditApprovals, "27@1997-01-01 GRDP price=current 2024 v2", "hoa", "test"},
		{planwatch.AuditUsers, "lan", "admin", "cli: planwatch test"},
		{planwatch.AuditGrants, "", "admin", "cli: planwatch test"},
	} {
		e, ok := find(all, c.kind, c.key)
		if !ok {
			t.Errorf("no %s %s in the audit", c.kind, c.key)
			continue
		}
		if e.User != c.user || e.Via != c.via || e.At.IsZero() {
			t.Errorf("%s %s: by %q via %q at %v, want %q via %q", c.kind, c.key, e.User, e.Via, e.At, c.user, c.via)
		}
	}
	// Before and after: the unit's English name, the figure's value, the
	// decision's state; never a password's hash.
	var changes []planwatch.AuditEntry
	for _, e := range all {
		if e.Kind == "units" && e.Before != "" {
			changes = append(changes, e)
		}
	}
	if len(changes) != 1 || !strings.Contains(changes[0].Before, `"Bac Ninh"`) || !strings.Contains(changes[0].After, `"Bac Ninh province"`) || changes[0].User != "lan" || changes[0].UnitCode != "27" {
		t.Errorf("the unit's change: %+v", changes)
	}
	if e, _ := find(all, "observations", "2024 v2"); !strings.Contains(e.Before, `"value":100`) || !strings.Contains(e.After, `"value":101`) || e.Unit != u27 {
		t.Errorf("the figure's change: %+v", e)
	}
	if e, _ := find(all, "observations", "2024 v1"); e.Before != "" {
		t.Errorf("a first version has nothing before: %+v", e)
	}
	if e, _ := find(all, planwatch.AuditApprovals, "2024 v2"); !strings.Contains(e.Before, `"draft"`) || !strings.Contains(e.After, `"returned"`) || !strings.Contains(e.After, "kiểm tra lại") {
		t.Errorf("the decision: %+v", e)
	}
	for _, e := range all {
		if strings.Contains(e.Before+e.After, "argon2id") {
			t.Errorf("the audit holds a password hash: %+v", e)
		}
		if e.Before != "" && !json.Valid([]byte(e.Before)) || e.After != "" && !json.Valid([]byte(e.After)) {
			t.Errorf("not JSON: %+v", e)
		}
	}
	// Filters.
	for _, e := range list(planwatch.AuditFilter{User: "lan"}) {
		if e.User != "lan" {
			t.Errorf("user lan: %+v", e)
		}
	}
	if n := len(list(planwatch.AuditFilter{User: "lan"})); n != 2 {
		t.Errorf("lan made %d changes, want 2 (the unit, the figure)", n)
	}
	byUnit := list(planwatch.AuditFilter{Units: []int64{u27}})
	for _, e := range byUnit {
		if e.Unit != u27 {
			t.Errorf("unit 27: %+v", e)
		}
	}
	if len(byUnit) < 5 { // the unit twice, two figures, a decision, a grant
		t.Errorf("unit 27: %d changes: %+v", len(byUnit), byUnit)
	}
	kinds := list(planwatch.AuditFilter{Kinds: []string{"observations", planwatch.AuditApprovals}})
	if len(kinds) != 4 {
		t.Errorf("figures and decisions: %d, want 4: %+v", len(kinds), kinds)
	}
	if got := list(planwatch.AuditFilter{Limit: 2}); len(got) != 2 {
		t.Errorf("limit 2: %d", len(got))
	}
	future := time.Now().Add(24 * time.Hour)
	if got := list(planwatch.AuditFilter{From: future}); len(got) != 0 {
		t.Errorf("from tomorrow: %+v", got)
	}
	if got := list(planwatch.AuditFilter{To: future}); len(got) != len(all) {
		t.Errorf("to tomorrow: %d of %d", len(got), len(all))
	}
}

// testSignIns: a sign-in through an identity provider, let in or
// refused, is audited as its actor's, with the provider's identity and
// why it was refused.
func testSignIns(t *testing.T, s planwatch.Store) {
	mustApply(t, s, base())
	if err := update(t, s, "admin", func(tx planwatch.Tx) error {
		_, err := tx.PutUser(ctx, planwatch.User{Name: "lan", Lang: "vi"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, si := range []planwatch.SignIn{
		{User: "lan", Method: "oidc", Issuer: "https://id.example", Subject: "s-1"},
		{User: "ghost", Method: "oidc", Issuer: "https://id.example", Subject: "s-2", Refused: "unknown user"},
	} {
		actx := planwatch.WithActor(ctx, planwatch.Actor{User: si.User, Via: "oidc web 203.0.113.7"})
		if err := s.Update(actx, func(tx planwatch.Tx) error { return tx.RecordSignIn(actx, si) }); err != nil {
			t.Fatal(err)
		}
	}
	es, err := s.Audit(ctx, planwatch.AuditFilter{Kinds: []string{planwatch.AuditSignIns}})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 {
		t.Fatalf("sign-ins: %d entries, want 2: %+v", len(es), es)
	}
	byKey := map[string]planwatch.AuditEntry{}
	for _, e := range es {
		byKey[e.Key] = e
		if e.Via != "oidc web 203.0.113.7" || e.User != e.Key || e.At.IsZero() || e.Before != "" || e.Unit != 0 {
			t.Errorf("sign-in entry: %+v", e)
		}
		var after map[string]string
		if err := json.Unmarshal([]byte(e.After), &after); err != nil || after["method"] != "oidc" || after["issuer"] != "https://id.example" {
			t.Errorf("sign-in fields %q: %v", e.After, err)
		}
	}
	if a := byKey["lan"].After; !strings.Contains(a, `"result":"signed in"`) || strings.Contains(a, "refused\":") {
		t.Errorf("lan's sign-in: %s", a)
	}
	if a := byKey["ghost"].After; !strings.Contains(a, `"result":"refused"`) || !strings.Contains(a, `"refused":"unknown user"`) || !strings.Contains(a, `"subject":"s-2"`) {
		t.Errorf("ghost's refusal: %s", a)
	}
}
