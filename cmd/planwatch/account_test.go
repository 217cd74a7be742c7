package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withStdin runs fn with --password-stdin reading text.
func withStdin(t *testing.T, text string, fn func()) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(text)
	defer func() { stdin = old }()
	fn()
}

// TestAccountsCommandLine: an administrator is created, grants roles; a
// reporter's import is drafts, which viewers' reads leave out; an
// approver of the province returns one and approves the rest; the audit
// shows all of it.
func TestAccountsCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	withStdin(t, "mật khẩu quản trị\n", func() { mustPW(t, "user", "add", "root", "--admin", "--password-stdin", "--db", db) })
	withStdin(t, "mật khẩu của Lan\n", func() {
		mustPW(t, "user", "add", "lan", "--display", "Nguyễn Thị Lan", "--password-stdin", "--db", db, "--by", "root")
	})
	withStdin(t, "mật khẩu của Hòa\n", func() {
		mustPW(t, "user", "add", "hoa", "--lang", "en", "--password-stdin", "--db", db, "--by", "root")
	})
	// No password from a flag, none too short, no user twice.
	if _, errs, code := pw(t, "user", "add", "minh", "--password", "x", "--db", db); code != 2 {
		t.Errorf("--password accepted: %d %s", code, errs)
	}
	withStdin(t, "short\n", func() {
		if _, errs, code := pw(t, "user", "add", "minh", "--password-stdin", "--db", db); code != 1 || !strings.Contains(errs, "too short") {
			t.Errorf("a short password: %d %s", code, errs)
		}
	})
	withStdin(t, "mật khẩu của Lan\n", func() {
		if _, errs, code := pw(t, "user", "add", "lan", "--password-stdin", "--db", db); code != 1 || !strings.Contains(errs, "exists") {
			t.Errorf("lan twice: %d %s", code, errs)
		}
	})
	out := mustPW(t, "user", "grant", "lan", "reporter@24:GRDP,EXPORTS", "--db", db, "--by", "root")
	if !strings.Contains(out, "reporter@24:GRDP,EXPORTS") {
		t.Errorf("grant: %s", out)
	}
	mustPW(t, "user", "grant", "hoa", "approver@24", "viewer@*", "--db", db, "--by", "root")
	// A change made for a named user is an administrator's: lan cannot
	// make herself one.
	if _, errs, code := pw(t, "user", "grant", "lan", "admin@*", "--db", db, "--by", "lan"); code != 1 || !strings.Contains(errs, "is not an administrator") {
		t.Errorf("a reporter granted herself admin: %d %s", code, errs)
	}
	if _, errs, code := pw(t, "user", "grant", "hoa", "owner@24", "--db", db); code != 1 || !strings.Contains(errs, "role") {
		t.Errorf("a role that does not exist: %d %s", code, errs)
	}
	list := mustPW(t, "user", "list", "--db", db, "--format", "json")
	var users []struct {
		Name   string
		Grants []struct {
			ID    int64
			Grant string
		}
	}
	if err := json.Unmarshal([]byte(list), &users); err != nil || len(users) != 3 || users[0].Name != "hoa" || len(users[0].Grants) != 2 || users[2].Grants[0].Grant != "admin@*" {
		t.Fatalf("user list: %v\n%s", err, list)
	}
	if strings.Contains(list, "argon2id") {
		t.Error("user list shows a password hash")
	}

	// The reporter imports a month's corrections: drafts.
	csvFile := filepath.Join(dir, "obs.csv")
	os.WriteFile(csvFile, []byte("unit,indicator,period,value,dims,status,source\n24,EXPORTS,2025,95,,A,Báo cáo tháng 12\n24,BUDGET_REV,2025,72600,,A,Báo cáo tháng 12\n"), 0o644)
	mustPW(t, "import", "--db", db, "--by", "lan", csvFile)
	facts := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--lang", "en")
	if !strings.Contains(facts, "Figures not yet approved used; --approved-only leaves them out (2): 24@2025-07-01 BUDGET_REV 2025; 24@2025-07-01 EXPORTS 2025") || !strings.Contains(facts, "72,600") {
		t.Errorf("facts with drafts:\n%s", facts)
	}
	pub := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--lang", "en", "--approved-only")
	if strings.Contains(pub, "not yet approved") || !strings.Contains(pub, "72,497") || strings.Contains(pub, "72,600") {
		t.Errorf("facts approved only:\n%s", pub)
	}
	// Only an administrator imports figures approved elsewhere.
	if _, errs, code := pw(t, "import", "--db", db, "--by", "lan", "--approved", csvFile); code != 1 || !strings.Contains(errs, "not an administrator") {
		t.Errorf("import --approved by a reporter: %d %s", code, errs)
	}
	// The reporter cannot approve; the approver returns BUDGET_REV with a
	// comment and approves the rest.
	if _, errs, code := pw(t, "approve", "--db", db, "--unit", "24", "--period", "2025", "--by", "lan"); code != 1 || !strings.Contains(errs, "not an approver") {
		t.Errorf("a reporter approves: %d %s", code, errs)
	}
	if _, errs, code := pw(t, "approve", "--db", db, "--unit", "24", "--period", "2025", "--indicator", "BUDGET_REV", "--return", "--by", "hoa"); code != 1 || !strings.Contains(errs, "comment") {
		t.Errorf("a return without a comment: %d %s", code, errs)
	}
	out = mustPW(t, "approve", "--db", db, "--unit", "24", "--period", "2025", "--indicator", "BUDGET_REV", "--return", "--comment", "Chưa khớp niên giám", "--by", "hoa")
	if !strings.Contains(out, "returned: 1") || !strings.Contains(out, "24 BUDGET_REV 2025 v2") {
		t.Errorf("return: %s", out)
	}
	out = mustPW(t, "approve", "--db", db, "--unit", "24", "--period", "2025", "--by", "hoa")
	if !strings.Contains(out, "approved: 2") || !strings.Contains(out, "EXPORTS 2025 v2") {
		t.Errorf("approve: %s", out)
	}
	if out := mustPW(t, "approve", "--db", db, "--unit", "24", "--period", "2025", "--by", "hoa"); !strings.Contains(out, "no drafts") {
		t.Errorf("approve again: %s", out)
	}
	pub = mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2025", "--lang", "en", "--approved-only")
	if !strings.Contains(pub, "72,600") {
		t.Errorf("after approval, approved only:\n%s", pub)
	}

	// The audit: the users, the grants, the figures, the decisions.
	raw := mustPW(t, "audit", "--db", db, "--format", "csv", "--lang", "en", "--unit", "24")
	rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, r := range rows[1:] {
		kinds = append(kinds, r[1]+" "+r[3])
	}
	got := strings.Join(kinds, ", ")
	for _, want := range []string{"lan observations", "hoa approvals", "root grants"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit of 24 lacks %q: %s", want, got)
		}
	}
	if strings.Contains(raw, "Chưa khớp niên giám") == false || !strings.Contains(raw, "cli: planwatch approve") {
		t.Errorf("audit lacks the return's comment or where it came from:\n%s", raw)
	}
	users2 := mustPW(t, "audit", "--db", db, "--kind", "users", "--format", "json")
	var es []struct{ User, Key, After string }
	if err := json.Unmarshal([]byte(users2), &es); err != nil || len(es) != 3 {
		t.Fatalf("audit of users: %v %s", err, users2)
	}
	for _, e := range es {
		if strings.Contains(e.After, "argon2") || !strings.Contains(e.After, `"password":"set"`) {
			t.Errorf("user audit: %+v", e)
		}
	}
	if out := mustPW(t, "audit", "--db", db, "--user", "hoa", "--lang", "en"); strings.Contains(out, " lan ") || !strings.Contains(out, "approvals") {
		t.Errorf("audit --user hoa:\n%s", out)
	}

	// Tokens: printed once, listed by number, revoked.
	tok := strings.TrimSpace(mustPW(t, "user", "token", "hoa", "--name", "sync", "--db", db, "--by", "root"))
	if !strings.HasPrefix(tok, "pwt_") {
		t.Fatalf("token: %q", tok)
	}
	if list := mustPW(t, "user", "list", "--db", db); strings.Contains(list, tok) || !strings.Contains(list, "1 sync") {
		t.Errorf("list shows the token or not its number:\n%s", list)
	}
	mustPW(t, "user", "token", "hoa", "--revoke", "1", "--db", db, "--by", "root")
	if list := mustPW(t, "user", "list", "--db", db); !strings.Contains(list, "1 sync (thu hồi / revoked)") {
		t.Errorf("after revoking the token:\n%s", list)
	}
	// Revoke and disable.
	mustPW(t, "user", "revoke", "hoa", "approver@24", "--db", db, "--by", "root")
	os.WriteFile(csvFile, []byte("unit,indicator,period,value,dims,status,source\n24,EXPORTS,2025,96,,A,Niên giám\n"), 0o644)
	mustPW(t, "import", "--db", db, "--by", "lan", csvFile)
	if _, errs, code := pw(t, "approve", "--db", db, "--unit", "24", "--period", "2025", "--by", "hoa"); code != 1 || !strings.Contains(errs, "not an approver of 1 of the figures") {
		t.Errorf("approve after revoking: %d %s", code, errs)
	}
	mustPW(t, "user", "disable", "lan", "--db", db, "--by", "root")
	if _, errs, code := pw(t, "approve", "--db", db, "--unit", "24", "--period", "2025", "--by", "lan"); code != 1 || !strings.Contains(errs, "disabled") {
		t.Errorf("a disabled user acts: %d %s", code, errs)
	}
}

// TestNoAdminNote: a database with no administrator says how to create
// one (there is no default account); one with an administrator says
// nothing.
func TestNoAdminNote(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	note := func() string {
		s, err := openStore(t.Context(), db, readOnly)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var b strings.Builder
		adminNote(t.Context(), &env{stderr: &b, db: db}, s)
		return b.String()
	}
	if got := note(); !strings.Contains(got, "planwatch user add NAME --admin --db "+db) {
		t.Errorf("no administrator: %q", got)
	}
	withStdin(t, "mật khẩu quản trị\n", func() { mustPW(t, "user", "add", "root", "--admin", "--password-stdin", "--db", db) })
	if got := note(); got != "" {
		t.Errorf("with an administrator: %q", got)
	}
}
