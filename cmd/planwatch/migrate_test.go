package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/exchange"
	"planwatch/postgres"
	"planwatch/postgres/pgtest"
	"planwatch/sqlite"
)

// TestMigrate copies a SQLite store with corrections (two versions of a
// figure, by two recorders, and a changed unit in the change log) into
// PostgreSQL: the exports of every kind, the change log and a corrected
// figure's every version with who recorded it and when come out the same;
// a second migrate into the filled database is refused and changes
// nothing; and imports into the copy go on from its ids.
func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	lite := filepath.Join(dir, "p.db")
	pg := pgtest.Database(t)
	mustPW(t, "init", "--db", lite, "--demo")
	obs := filepath.Join(dir, "observations.csv")
	os.WriteFile(obs, []byte("unit,indicator,period,value,dims,status,source\n24,EXPORTS,2025,95.5,,A,Customs (final)\n"), 0o644)
	units := filepath.Join(dir, "units.csv")
	os.WriteFile(units, []byte("code,name_vi,name_en,level,parent,valid_from,valid_to\nVN,Việt Nam,Viet Nam (corrected),nation,,,\n"), 0o644)
	t.Setenv("USER", "officer-a")
	mustPW(t, "import", "--db", lite, obs)
	os.WriteFile(obs, []byte("unit,indicator,period,value,dims,status,source\n24,EXPORTS,2025,96.25,,A,Customs (revised)\n"), 0o644)
	t.Setenv("USER", "officer-b")
	mustPW(t, "import", "--db", lite, obs, units)

	// Accounts: a disabled user (a boolean), a grant revoked and one that
	// holds (a time and none).
	ctx := context.Background()
	w, err := sqlite.OpenExisting(ctx, lite)
	if err != nil {
		t.Fatal(err)
	}
	err = w.Update(ctx, func(tx planwatch.Tx) error {
		for _, u := range []planwatch.User{{Name: "lan", DisplayName: "Lan", Lang: "vi"}, {Name: "old", DisplayName: "Old", Lang: "en", Disabled: true}} {
			if _, err := tx.PutUser(ctx, u); err != nil {
				return err
			}
		}
		g1, g2 := &planwatch.Grant{User: "lan", Role: planwatch.RoleReporter}, &planwatch.Grant{User: "old", Role: planwatch.RoleViewer}
		if err := tx.AddGrant(ctx, g1); err != nil {
			return err
		}
		if err := tx.AddGrant(ctx, g2); err != nil {
			return err
		}
		return tx.RevokeGrant(ctx, g2.ID)
	})
	w.Close()
	if err != nil {
		t.Fatal(err)
	}

	out := mustPW(t, "migrate", "--from", lite, "--to", pg)
	for _, want := range []string{"observation", "change_log", "revision", "checked:"} {
		if !strings.Contains(out, want) {
			t.Errorf("migrate says nothing of %s:\n%s", want, out)
		}
	}
	for _, l := range exchange.Layouts {
		a := mustPW(t, "export", "--db", lite, "--kind", l.Kind)
		b := mustPW(t, "export", "--db", pg, "--kind", l.Kind)
		if a != b {
			t.Errorf("export of %s differs", l.Kind)
		}
	}
	src, err := sqlite.OpenReadOnly(ctx, lite)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := postgres.OpenReadOnly(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, user := range []string{"lan", "old"} {
		ga, _ := src.Grants(ctx, user)
		gb, _ := dst.Grants(ctx, user)
		if len(ga) != 1 || len(gb) != 1 || ga[0].Role != gb[0].Role || ga[0].RevokedAt.IsZero() != gb[0].RevokedAt.IsZero() || !ga[0].GrantedAt.Truncate(time.Microsecond).Equal(gb[0].GrantedAt) {
			t.Errorf("grants of %s: %+v, in the copy %+v", user, ga, gb)
		}
	}
	ua, _ := src.Users(ctx)
	ub, _ := dst.Users(ctx)
	if len(ua) != 2 || len(ub) != 2 || ua[1].Disabled != ub[1].Disabled || !ub[1].Disabled {
		t.Errorf("users: %+v, in the copy %+v", ua, ub)
	}
	la, _ := src.ChangeLog(ctx)
	lb, _ := dst.ChangeLog(ctx)
	if len(la) == 0 || len(la) != len(lb) {
		t.Fatalf("change log: %d entries, %d in the copy", len(la), len(lb))
	}
	for i := range la {
		if !la[i].At.Truncate(time.Microsecond).Equal(lb[i].At) || la[i].Kind != lb[i].Kind || la[i].Key != lb[i].Key || la[i].Old != lb[i].Old {
			t.Errorf("change log %d: %+v, in the copy %+v", i, la[i], lb[i])
		}
	}
	us, _ := src.Units(ctx)
	i := slices.IndexFunc(us, func(u planwatch.Unit) bool { return u.Code == "24" && u.ValidTo == "" })
	key := planwatch.SeriesKey{Unit: us[i].ID, Indicator: "EXPORTS"}
	ha, err := src.History(ctx, key, "2025")
	if err != nil {
		t.Fatal(err)
	}
	hb, err := dst.History(ctx, key, "2025")
	if err != nil {
		t.Fatal(err)
	}
	if len(ha) < 3 || len(ha) != len(hb) {
		t.Fatalf("history of 24 EXPORTS 2025: %d versions, %d in the copy", len(ha), len(hb))
	}
	for i := range ha {
		a, b := ha[i], hb[i]
		if a.Version != b.Version || a.Value != b.Value || a.Source != b.Source || a.RecordedBy != b.RecordedBy || !a.RecordedAt.Truncate(time.Microsecond).Equal(b.RecordedAt) {
			t.Errorf("version %d: %+v, in the copy %+v", i+1, a, b)
		}
	}
	if got := []string{ha[len(ha)-2].RecordedBy, ha[len(ha)-1].RecordedBy}; got[0] != "officer-a" || got[1] != "officer-b" {
		t.Errorf("recorders of the last two versions: %v", got)
	}

	before := mustPW(t, "export", "--db", pg, "--kind", "observations")
	if _, errs, code := pw(t, "migrate", "--from", lite, "--to", pg); code == 0 || !strings.Contains(errs, "empty database") {
		t.Errorf("a second migrate: exit %d, %s", code, errs)
	}
	if after := mustPW(t, "export", "--db", pg, "--kind", "observations"); after != before {
		t.Error("a refused migrate changed the copy")
	}
	os.WriteFile(units, []byte("code,name_vi,name_en,level,parent,valid_from,valid_to\nNEW,Tỉnh mới,New province,province,VN,,\n"), 0o644)
	os.WriteFile(obs, []byte("unit,indicator,period,value,dims,status,source\nNEW,POP,2025,10,,A,GSO\n24,EXPORTS,2025,97,,A,Customs (third)\n"), 0o644)
	mustPW(t, "import", "--db", pg, units, obs)
	if out := mustPW(t, "show", "--db", pg, "--unit", "NEW", "--period", "2025"); !strings.Contains(out, "10") {
		t.Errorf("show of the unit imported after migrate:\n%s", out)
	}
}
