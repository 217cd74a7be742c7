package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"planwatch"
	"planwatch/account"
)

const userUsage = `Usage: planwatch user SUBCOMMAND [flags]

Subcommands:
  add NAME [--display TEXT] [--lang vi|en] [--admin] [--password-stdin]
                 add a user (--admin: an administrator of every unit)
  list [--format table|json]
                 list the users and their grants (revoked ones too)
  disable NAME   disable a user: they cannot sign in, their sessions and tokens stop
  enable NAME    enable a disabled user again
  passwd NAME [--password-stdin]
                 set a user's password
  grant NAME ROLE@UNIT[:INDICATOR,...]...
                 grant roles: viewer, reporter, approver, planner, admin, on a
                 unit and everything below it (UNIT * for every unit), e.g.
                 reporter@27:GRDP,POP
  revoke NAME GRANT...
                 revoke grants, by number (user list) or as granted (reporter@27)
  token NAME [--name TEXT] [--grant N]... [--expires YYYY-MM-DD]
                 make an API token, printed once (only its hash is kept)
  token NAME --revoke N
                 revoke a token

Passwords are read from the terminal without echo, or with --password-stdin
from the first line of standard input; never from a flag. Every change is
audited as --by's (default: the system user) from the command line. Without
--by, the change is the database file's holder's (that is how the first
administrator is made); with it, --by must be an administrator of every unit.
`

// stdin is where --password-stdin reads (a test sets it).
var stdin io.Reader = os.Stdin

func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stdout, userUsage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "add", "list", "disable", "enable", "passwd", "grant", "revoke", "token":
	default:
		fmt.Fprintf(e.stderr, "planwatch user: unknown subcommand %q\n\n%s", sub, userUsage)
		return errUsage
	}
	fs := flags(e, "user "+sub, "user "+sub+" ...", strings.TrimSpace(userUsage))
	by := fs.String("by", recorder(), "who makes the change, for the audit")
	display := fs.String("display", "", "the name shown (add)")
	lang := fs.String("lang", "vi", "the user's language, vi or en (add)")
	admin := fs.Bool("admin", false, "make the user an administrator of every unit (add)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input (add, passwd)")
	format := fs.String("format", "table", "table or json (list)")
	tokName := fs.String("name", "", "what the token is for (token)")
	var tokGrants []int64
	fs.Func("grant", "a grant `number` the token may use (token; repeat; none: all of the user's)", func(s string) error {
		n, err := strconv.ParseInt(s, 10, 64)
		tokGrants = append(tokGrants, n)
		return err
	})
	expires := fs.String("expires", "", "the day the token stops working, YYYY-MM-DD (token; default never)")
	revokeTok := fs.Int64("revoke", 0, "revoke the token of this `number` (token)")
	// Flags may come before or after the name and the grants.
	var pos []string
	for {
		if err := parse(fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos, rest = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	need := 1
	switch sub {
	case "list":
		need = 0
	case "grant", "revoke":
		need = 2
	}
	if len(pos) < need || (sub != "grant" && sub != "revoke" && len(pos) > need) {
		fmt.Fprintf(e.stderr, "planwatch user %s: wrong arguments\n\n%s", sub, userUsage)
		return errUsage
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// Whoever holds the database file may manage its accounts (that is how
	// the first administrator is made); a change made for a named user
	// (--by) must be that of an administrator of every unit.
	named := false
	fs.Visit(func(f *flag.Flag) { named = named || f.Name == "by" })
	if named && sub != "list" {
		grants, err := actorUser(ctx, db, *by)
		if err != nil {
			return err
		}
		if !account.NewScope(nil, nil).Allowed(grants, account.Admin, 0, "") {
			return planwatch.Errorf(planwatch.EFORBIDDEN, "--by %s is not an administrator of every unit, who alone manages users (planwatch user grant %s admin@*)", *by, *by)
		}
	}
	actx := planwatch.WithActor(ctx, planwatch.Actor{User: *by, Via: "cli: planwatch user " + strings.Join(args, " ")})
	switch sub {
	case "list":
		return listUsers(ctx, e.stdout, db, *format)
	case "add":
		if err := planwatch.ValidUsername(pos[0]); err != nil {
			return err
		}
		if _, found, err := findUser(ctx, db, pos[0]); err != nil {
			return err
		} else if found {
			return planwatch.Errorf(planwatch.ECONFLICT, "user %s exists: planwatch user passwd %s sets the password", pos[0], pos[0])
		}
		hash, err := newPassword(e, *pwStdin)
		if err != nil {
			return err
		}
		u := planwatch.User{Name: pos[0], DisplayName: *display, Lang: *lang, PasswordHash: hash}
		err = db.Update(actx, func(tx planwatch.Tx) error {
			if _, err := tx.PutUser(ctx, u); err != nil {
				return err
			}
			if *admin {
				return tx.AddGrant(ctx, &planwatch.Grant{User: u.Name, Role: planwatch.RoleAdmin})
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "đã thêm người dùng %s / added user %s", u.Name, u.Name)
		if *admin {
			fmt.Fprint(e.stdout, " (admin@*)")
		}
		fmt.Fprintln(e.stdout)
		return nil
	case "disable", "enable", "passwd":
		u, found, err := findUser(ctx, db, pos[0])
		if err != nil {
			return err
		}
		if !found {
			return planwatch.Errorf(planwatch.ENOTFOUND, "no user %s (planwatch user list)", pos[0])
		}
		switch sub {
		case "disable":
			u.Disabled = true
		case "enable":
			u.Disabled = false
		default:
			if u.PasswordHash, err = newPassword(e, *pwStdin); err != nil {
				return err
			}
		}
		err = db.Update(actx, func(tx planwatch.Tx) error { _, err := tx.PutUser(ctx, u); return err })
		if err == nil {
			fmt.Fprintf(e.stdout, "%s: %s\n", u.Name, map[string]string{"disable": "đã khóa / disabled", "enable": "đã mở khóa / enabled", "passwd": "đã đổi mật khẩu / password set"}[sub])
		}
		return err
	case "grant":
		return grantRoles(ctx, actx, e, db, pos[0], pos[1:])
	case "revoke":
		return revokeGrants(ctx, actx, e, db, pos[0], pos[1:])
	case "token":
		if *revokeTok != 0 {
			tks, err := db.Tokens(ctx, pos[0])
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(tks, func(t planwatch.Token) bool { return t.ID == *revokeTok }) {
				return planwatch.Errorf(planwatch.ENOTFOUND, "%s has no token %d (planwatch user list)", pos[0], *revokeTok)
			}
			if err := db.Update(actx, func(tx planwatch.Tx) error { return tx.RevokeToken(ctx, *revokeTok) }); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "đã thu hồi mã %d / token %d revoked\n", *revokeTok, *revokeTok)
			return nil
		}
		var exp time.Time
		if *expires != "" {
			if exp, err = time.Parse(time.DateOnly, *expires); err != nil {
				return planwatch.Errorf(planwatch.EINVALID, "--expires %q: a day YYYY-MM-DD", *expires)
			}
		}
		secret, tk, err := account.New(db).NewToken(actx, pos[0], *tokName, tokGrants, exp)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "mã truy cập %d của %s: chép ngay, sẽ không hiện lại / API token %d of %s: copy it now, it is not shown again\n", tk.ID, tk.User, tk.ID, tk.User)
		fmt.Fprintln(e.stdout, secret)
		return nil
	}
	return nil
}

func findUser(ctx context.Context, r planwatch.AccountReader, name string) (planwatch.User, bool, error) {
	users, err := r.Users(ctx)
	if err != nil {
		return planwatch.User{}, false, err
	}
	i := slices.IndexFunc(users, func(u planwatch.User) bool { return u.Name == name })
	if i < 0 {
		return planwatch.User{}, false, nil
	}
	return users[i], true, nil
}

// newPassword reads a new password, from the terminal twice without
// echo, or once from standard input, and hashes it.
func newPassword(e *env, fromStdin bool) (string, error) {
	var pw string
	switch {
	case fromStdin:
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		pw = strings.TrimRight(line, "\r\n")
	case term.IsTerminal(int(os.Stdin.Fd())):
		read := func(prompt string) (string, error) {
			fmt.Fprint(e.stderr, prompt)
			b, err := term.ReadPassword(int(os.Stdin.Fd()))
			fmt.Fprintln(e.stderr)
			return string(b), err
		}
		var err error
		if pw, err = read("Mật khẩu / Password: "); err != nil {
			return "", err
		}
		again, err := read("Nhập lại / Again: ")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", planwatch.Errorf(planwatch.EINVALID, "hai lần nhập khác nhau / the two passwords differ")
		}
	default:
		return "", planwatch.Errorf(planwatch.EINVALID, "no terminal to read the password from: give it on standard input with --password-stdin")
	}
	return account.HashPassword(pw, account.DefaultParams)
}

func grantRoles(ctx, actx context.Context, e *env, db store, name string, specs []string) error {
	if _, found, err := findUser(ctx, db, name); err != nil {
		return err
	} else if !found {
		return planwatch.Errorf(planwatch.ENOTFOUND, "no user %s (planwatch user add %s)", name, name)
	}
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	x := planwatch.NewUnitIndex(units)
	var gs []planwatch.Grant
	for _, s := range specs {
		spec, err := account.ParseGrantSpec(s)
		if err != nil {
			return err
		}
		g, err := spec.Grant(name, x)
		if err != nil {
			return err
		}
		gs = append(gs, g)
	}
	err = db.Update(actx, func(tx planwatch.Tx) error {
		for i := range gs {
			if err := tx.AddGrant(ctx, &gs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, g := range gs {
		fmt.Fprintf(e.stdout, "%d\t%s\n", g.ID, grantText(g))
	}
	return nil
}

// grantText writes a grant as a spec, its unit by reference.
func grantText(g planwatch.Grant) string {
	s := account.GrantSpec{Role: g.Role, Unit: g.UnitCode, Indicators: g.Indicators}
	return s.String()
}

func revokeGrants(ctx, actx context.Context, e *env, db store, name string, which []string) error {
	gs, err := db.Grants(ctx, name)
	if err != nil {
		return err
	}
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	x := planwatch.NewUnitIndex(units)
	var ids []int64
	for _, w := range which {
		if n, err := strconv.ParseInt(w, 10, 64); err == nil {
			if !slices.ContainsFunc(gs, func(g planwatch.Grant) bool { return g.ID == n && g.Active() }) {
				return planwatch.Errorf(planwatch.ENOTFOUND, "%s holds no grant %d (planwatch user list)", name, n)
			}
			ids = append(ids, n)
			continue
		}
		spec, err := account.ParseGrantSpec(w)
		if err != nil {
			return err
		}
		want, err := spec.Grant(name, x)
		if err != nil {
			return err
		}
		found := false
		for _, g := range gs {
			if g.Active() && g.Role == want.Role && g.Unit == want.Unit && slices.Equal(g.Indicators, want.Indicators) {
				ids, found = append(ids, g.ID), true
			}
		}
		if !found {
			return planwatch.Errorf(planwatch.ENOTFOUND, "%s holds no grant %s (planwatch user list)", name, w)
		}
	}
	err = db.Update(actx, func(tx planwatch.Tx) error {
		for _, id := range ids {
			if err := tx.RevokeGrant(ctx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		fmt.Fprintf(e.stdout, "đã thu hồi / revoked: %d\n", len(ids))
	}
	return err
}

// userListing is a user as user list --format json writes it.
type userListing struct {
	Name        string         `json:"name"`
	DisplayName string         `json:"display_name"`
	Lang        string         `json:"lang"`
	Disabled    bool           `json:"disabled"`
	Created     time.Time      `json:"created"`
	Grants      []grantListing `json:"grants"`
	Tokens      []tokenListing `json:"tokens"`
}

type grantListing struct {
	ID        int64     `json:"id"`
	Grant     string    `json:"grant"`
	GrantedBy string    `json:"granted_by"`
	GrantedAt time.Time `json:"granted_at"`
	Revoked   bool      `json:"revoked"`
}

type tokenListing struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Grants  []int64   `json:"grants"`
	Created time.Time `json:"created"`
	Expires string    `json:"expires"`
	Revoked bool      `json:"revoked"`
}

func listUsers(ctx context.Context, w io.Writer, db store, format string) error {
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	gs, err := db.Grants(ctx, "")
	if err != nil {
		return err
	}
	tks, err := db.Tokens(ctx, "")
	if err != nil {
		return err
	}
	var out []userListing
	for _, u := range users {
		l := userListing{Name: u.Name, DisplayName: u.DisplayName, Lang: u.Lang, Disabled: u.Disabled, Created: u.Created, Grants: []grantListing{}, Tokens: []tokenListing{}}
		for _, g := range gs {
			if g.User == u.Name {
				l.Grants = append(l.Grants, grantListing{ID: g.ID, Grant: grantText(g), GrantedBy: g.GrantedBy, GrantedAt: g.GrantedAt, Revoked: !g.Active()})
			}
		}
		for _, t := range tks {
			if t.User == u.Name {
				exp := ""
				if !t.Expires.IsZero() {
					exp = t.Expires.Format(time.DateOnly)
				}
				l.Tokens = append(l.Tokens, tokenListing{ID: t.ID, Name: t.Name, Grants: t.Grants, Created: t.Created, Expires: exp, Revoked: !t.RevokedAt.IsZero()})
			}
		}
		out = append(out, l)
	}
	switch format {
	case "json":
		if out == nil {
			out = []userListing{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "table":
	default:
		return planwatch.Errorf(planwatch.EINVALID, "--format %q: table or json", format)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NGƯỜI DÙNG / USER\tTÊN / NAME\tNGÔN NGỮ\tTRẠNG THÁI / STATE\tQUYỀN / GRANTS\tMÃ API / TOKENS")
	for _, l := range out {
		state := "hoạt động / active"
		if l.Disabled {
			state = "đã khóa / disabled"
		}
		var grants, tokens []string
		for _, g := range l.Grants {
			s := fmt.Sprintf("%d %s", g.ID, g.Grant)
			if g.Revoked {
				s += " (thu hồi / revoked)"
			}
			grants = append(grants, s)
		}
		for _, t := range l.Tokens {
			s := fmt.Sprintf("%d %s", t.ID, t.Name)
			if t.Revoked {
				s += " (thu hồi / revoked)"
			}
			tokens = append(tokens, s)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", l.Name, l.DisplayName, l.Lang, state, strings.Join(grants, "; "), strings.Join(tokens, "; "))
	}
	return tw.Flush()
}
