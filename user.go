package planwatch

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"planwatch/excerpt"
)

// User is a person who signs in: a username, the name shown, the language
// of the pages, a password hash (argon2id, its parameters written with
// it: package account makes and checks it) and whether the account is
// disabled. Users are never deleted: a user who leaves is disabled.
type User struct {
	Name         string
	DisplayName  string
	Lang         string // vi or en
	PasswordHash string
	Disabled     bool
	Created      time.Time // set by the store
}

// ValidUsername checks a username: 1 to 64 small letters a-z, digits,
// '.', '_' or '-', starting with a letter or digit; no spaces or capitals,
// so that a command line and a log line name it unmistakably ("Lan" and
// "lan" are not two people).
func ValidUsername(name string) error {
	if name == "" {
		return Errorf(EINVALID, "username: empty")
	}
	if len(name) > 64 {
		return Errorf(EINVALID, "username: %s is longer than 64 characters", excerpt.Quote(name))
	}
	for i, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || i > 0 && (r == '.' || r == '_' || r == '-')
		if !ok {
			return Errorf(EINVALID, "username: %s may hold only letters a-z, digits, and . _ - after the first", excerpt.Quote(name))
		}
	}
	return nil
}

// Validate checks a user's fields.
func (u User) Validate() error {
	var errs Problems
	if err := ValidUsername(u.Name); err != nil {
		errs = append(errs, err.Error())
	}
	errs = addText(errs, []string{"display_name", u.DisplayName}, nil)
	if u.Lang != "vi" && u.Lang != "en" {
		errs = append(errs, fmt.Sprintf("lang: %s is not vi or en", excerpt.Quote(u.Lang)))
	}
	if u.PasswordHash != "" && !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		errs = append(errs, "password_hash: not an argon2id hash")
	}
	return errs.Err()
}

// Role is what a grant lets its holder do on a unit and those below it.
type Role string

const (
	RoleViewer   Role = "viewer"   // reads, drafts aside
	RoleReporter Role = "reporter" // enters figures
	RoleApprover Role = "approver" // approves figures, or returns them
	RolePlanner  Role = "planner"  // keeps plans and targets
	RoleAdmin    Role = "admin"    // users and structure, and all the above
)

// Roles lists the roles from the least to the most.
var Roles = []Role{RoleViewer, RoleReporter, RoleApprover, RolePlanner, RoleAdmin}

// Label names the role in the language ("vi" or "en").
func (r Role) Label(lang string) string {
	if lang == "en" {
		return string(r)
	}
	vi := map[Role]string{RoleViewer: "xem", RoleReporter: "báo cáo số liệu", RoleApprover: "duyệt số liệu", RolePlanner: "kế hoạch, chỉ tiêu", RoleAdmin: "quản trị"}
	if l, ok := vi[r]; ok {
		return l
	}
	return string(r)
}

// Grant gives a user a role on a unit and everything below it (Unit 0:
// every unit), optionally only for some indicators. A grant is revoked,
// never deleted: the audit keeps both.
type Grant struct {
	ID         int64
	User       string
	Role       Role
	Unit       int64
	UnitCode   string // filled by the store; "" for every unit
	Indicators []string
	GrantedBy  string
	GrantedAt  time.Time
	RevokedBy  string
	RevokedAt  time.Time // zero while the grant holds
}

// Active reports whether the grant holds.
func (g Grant) Active() bool { return g.RevokedAt.IsZero() }

// Validate checks a grant's fields.
func (g Grant) Validate() error {
	var errs Problems
	if err := ValidUsername(g.User); err != nil {
		errs = append(errs, err.Error())
	}
	if !slices.Contains(Roles, g.Role) {
		errs = append(errs, fmt.Sprintf("role: %s is not one of %s", excerpt.Quote(string(g.Role)), joinVocab(Roles)))
	}
	for _, in := range g.Indicators {
		if err := ValidCode(in); err != nil {
			errs = append(errs, "indicators: "+err.Error())
		}
	}
	return errs.Err()
}

// Session is a signed-in browser: only the hash of its token is stored.
// It ends at Expires (the absolute limit), when it has been idle too long
// (account decides how long), or at logout (Ended).
type Session struct {
	Hash     string
	User     string
	Created  time.Time
	Expires  time.Time
	LastSeen time.Time
	Address  string
	Ended    time.Time // zero while the session lasts
}

// SignIn is a sign-in through an identity provider that the audit
// keeps: the planwatch user it named, how (Method: "oidc"), who the
// provider said it was (Issuer, Subject), and why it was refused (""
// when it was let in).
type SignIn struct {
	User    string
	Method  string
	Issuer  string
	Subject string
	Refused string
}

// SignInFields are a sign-in's fields as the audit writes them.
func SignInFields(s SignIn) map[string]any {
	m := map[string]any{"method": s.Method, "issuer": s.Issuer, "subject": s.Subject, "result": "signed in"}
	if s.Refused != "" {
		m["result"], m["refused"] = "refused", s.Refused
	}
	return m
}

// Token is a program's key to the API, scoped like its user (every grant
// the user holds) or to some of the user's grants. Only its hash is
// stored; the token itself is shown once, when it is made.
type Token struct {
	ID        int64
	User      string
	Name      string
	Hash      string
	Grants    []int64 // the grants it may use; none: all of the user's
	Created   time.Time
	Expires   time.Time // zero: never
	RevokedBy string
	RevokedAt time.Time // zero while the token holds
}

// Active reports whether the token holds at a time.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.Expires.IsZero() || now.Before(t.Expires))
}
