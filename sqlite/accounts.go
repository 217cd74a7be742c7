package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"planwatch"
)

// Times of the accounts are RFC 3339 texts in UTC, "" for none.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func (r reader) Users(ctx context.Context) ([]planwatch.User, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT name, display_name, lang, password_hash, disabled, created_at FROM app_user ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.User
	for rows.Next() {
		var u planwatch.User
		var at string
		if err := rows.Scan(&u.Name, &u.DisplayName, &u.Lang, &u.PasswordHash, &u.Disabled, &at); err != nil {
			return nil, err
		}
		u.Created = parseTime(at)
		out = append(out, u)
	}
	return out, rows.Err()
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (r reader) Grants(ctx context.Context, user string) ([]planwatch.Grant, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT g.id, g.user_name, g.role, coalesce(g.unit_id, 0), coalesce(u.code, ''), g.indicators, g.granted_by, g.granted_at, g.revoked_by, g.revoked_at
		FROM role_grant g LEFT JOIN unit u ON u.id = g.unit_id WHERE ? = '' OR g.user_name = ? ORDER BY g.user_name, g.id`, user, user)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Grant
	for rows.Next() {
		var g planwatch.Grant
		var inds, at, rat string
		if err := rows.Scan(&g.ID, &g.User, &g.Role, &g.Unit, &g.UnitCode, &inds, &g.GrantedBy, &at, &g.RevokedBy, &rat); err != nil {
			return nil, err
		}
		g.Indicators, g.GrantedAt, g.RevokedAt = splitList(inds), parseTime(at), parseTime(rat)
		out = append(out, g)
	}
	return out, rows.Err()
}

const tokenColumns = `id, user_name, name, hash, grants, created_at, expires_at, revoked_by, revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (planwatch.Token, error) {
	var t planwatch.Token
	var grants, at, exp, rat string
	if err := sc.Scan(&t.ID, &t.User, &t.Name, &t.Hash, &grants, &at, &exp, &t.RevokedBy, &rat); err != nil {
		return t, err
	}
	for _, s := range splitList(grants) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return t, err
		}
		t.Grants = append(t.Grants, id)
	}
	t.Created, t.Expires, t.RevokedAt = parseTime(at), parseTime(exp), parseTime(rat)
	return t, nil
}

func (r reader) Tokens(ctx context.Context, user string) ([]planwatch.Token, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_token WHERE ? = '' OR user_name = ? ORDER BY user_name, id`, user, user)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (r reader) TokenByHash(ctx context.Context, hash string) (planwatch.Token, error) {
	t, err := scanToken(r.q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_token WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return t, planwatch.Errorf(planwatch.ENOTFOUND, "no such token")
	}
	return t, err
}

func (r reader) Session(ctx context.Context, hash string) (planwatch.Session, error) {
	var s planwatch.Session
	var created, exp, seen, ended string
	err := r.q.QueryRowContext(ctx, `SELECT hash, user_name, created_at, expires_at, last_seen, address, ended_at FROM login_session WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.User, &created, &exp, &seen, &s.Address, &ended)
	if errors.Is(err, sql.ErrNoRows) {
		return s, planwatch.Errorf(planwatch.ENOTFOUND, "no such session")
	}
	s.Created, s.Expires, s.LastSeen, s.Ended = parseTime(created), parseTime(exp), parseTime(seen), parseTime(ended)
	return s, err
}

// userFields are a user's fields as the audit writes them: never the
// password's hash, only that it changed.
func userFields(u planwatch.User, password string) map[string]any {
	return map[string]any{"display_name": u.DisplayName, "lang": u.Lang, "disabled": u.Disabled, "password": password}
}

func (t *tx) PutUser(ctx context.Context, u planwatch.User) (planwatch.Change, error) {
	if err := u.Validate(); err != nil {
		return 0, err
	}
	var old planwatch.User
	err := t.tx.QueryRowContext(ctx, `SELECT display_name, lang, password_hash, disabled FROM app_user WHERE name = ?`, u.Name).
		Scan(&old.DisplayName, &old.Lang, &old.PasswordHash, &old.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := t.exec(ctx, `INSERT INTO app_user (name, display_name, lang, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Name, u.DisplayName, u.Lang, u.PasswordHash, u.Disabled, t.now); err != nil {
			return 0, err
		}
		return planwatch.Added, t.audit(ctx, planwatch.AuditUsers, u.Name, 0, nil, userFields(u, passwordNote(u.PasswordHash != "")))
	} else if err != nil {
		return 0, err
	}
	if old.DisplayName == u.DisplayName && old.Lang == u.Lang && old.PasswordHash == u.PasswordHash && old.Disabled == u.Disabled {
		return planwatch.Unchanged, nil
	}
	if _, err := t.exec(ctx, `UPDATE app_user SET display_name = ?, lang = ?, password_hash = ?, disabled = ? WHERE name = ?`,
		u.DisplayName, u.Lang, u.PasswordHash, u.Disabled, u.Name); err != nil {
		return 0, err
	}
	was, now := passwordNote(old.PasswordHash != ""), passwordNote(u.PasswordHash != "")
	if old.PasswordHash != u.PasswordHash && old.PasswordHash != "" && u.PasswordHash != "" {
		now = "changed"
	}
	return planwatch.Changed, t.audit(ctx, planwatch.AuditUsers, u.Name, 0, userFields(old, was), userFields(u, now))
}

// passwordNote is what the audit says of a password: set or not.
func passwordNote(set bool) string {
	if set {
		return "set"
	}
	return "none"
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// grantFields are a grant's fields as the audit writes them.
func grantFields(g planwatch.Grant) map[string]any {
	m := map[string]any{"user": g.User, "role": g.Role, "unit_id": g.Unit, "indicators": strings.Join(g.Indicators, ",")}
	if !g.RevokedAt.IsZero() {
		m["revoked_by"], m["revoked_at"] = g.RevokedBy, timeText(g.RevokedAt)
	}
	return m
}

func (t *tx) AddGrant(ctx context.Context, g *planwatch.Grant) error {
	if err := g.Validate(); err != nil {
		return err
	}
	g.GrantedBy, g.GrantedAt, g.RevokedBy, g.RevokedAt = t.actor.User, parseTime(t.now), "", time.Time{}
	res, err := t.exec(ctx, `INSERT INTO role_grant (user_name, role, unit_id, indicators, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?)`,
		g.User, string(g.Role), nullID(g.Unit), strings.Join(g.Indicators, ","), g.GrantedBy, t.now)
	if err != nil {
		return err
	}
	if g.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return t.audit(ctx, planwatch.AuditGrants, strconv.FormatInt(g.ID, 10), g.Unit, nil, grantFields(*g))
}

func (t *tx) RevokeGrant(ctx context.Context, id int64) error {
	gs, err := t.Grants(ctx, "")
	if err != nil {
		return err
	}
	for _, g := range gs {
		if g.ID != id {
			continue
		}
		if !g.Active() {
			return nil
		}
		if _, err := t.exec(ctx, `UPDATE role_grant SET revoked_by = ?, revoked_at = ? WHERE id = ?`, t.actor.User, t.now, id); err != nil {
			return err
		}
		after := g
		after.RevokedBy, after.RevokedAt = t.actor.User, parseTime(t.now)
		return t.audit(ctx, planwatch.AuditGrants, strconv.FormatInt(id, 10), g.Unit, grantFields(g), grantFields(after))
	}
	return planwatch.Errorf(planwatch.ENOTFOUND, "no grant %d", id)
}

// tokenFields are a token's fields as the audit writes them: never its
// hash.
func tokenFields(tk planwatch.Token) map[string]any {
	m := map[string]any{"user": tk.User, "name": tk.Name, "grants": joinIDs(tk.Grants), "expires": timeText(tk.Expires)}
	if !tk.RevokedAt.IsZero() {
		m["revoked_by"], m["revoked_at"] = tk.RevokedBy, timeText(tk.RevokedAt)
	}
	return m
}

func (t *tx) AddToken(ctx context.Context, tk *planwatch.Token) error {
	if err := planwatch.ValidUsername(tk.User); err != nil {
		return err
	}
	if tk.Hash == "" {
		return planwatch.Errorf(planwatch.EINVALID, "a token needs its hash")
	}
	tk.Created, tk.RevokedBy, tk.RevokedAt = parseTime(t.now), "", time.Time{}
	res, err := t.exec(ctx, `INSERT INTO api_token (user_name, name, hash, grants, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		tk.User, tk.Name, tk.Hash, joinIDs(tk.Grants), t.now, timeText(tk.Expires))
	if err != nil {
		return err
	}
	if tk.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return t.audit(ctx, planwatch.AuditTokens, strconv.FormatInt(tk.ID, 10), 0, nil, tokenFields(*tk))
}

func (t *tx) RevokeToken(ctx context.Context, id int64) error {
	tk, err := scanToken(t.tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_token WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return planwatch.Errorf(planwatch.ENOTFOUND, "no token %d", id)
	} else if err != nil {
		return err
	}
	if !tk.RevokedAt.IsZero() {
		return nil
	}
	if _, err := t.exec(ctx, `UPDATE api_token SET revoked_by = ?, revoked_at = ? WHERE id = ?`, t.actor.User, t.now, id); err != nil {
		return err
	}
	after := tk
	after.RevokedBy, after.RevokedAt = t.actor.User, parseTime(t.now)
	return t.audit(ctx, planwatch.AuditTokens, strconv.FormatInt(id, 10), 0, tokenFields(tk), tokenFields(after))
}

func (t *tx) PutSession(ctx context.Context, s planwatch.Session) error {
	_, err := t.exec(ctx, `INSERT INTO login_session (hash, user_name, created_at, expires_at, last_seen, address, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.Hash, s.User, timeText(s.Created), timeText(s.Expires), timeText(s.LastSeen), s.Address, timeText(s.Ended))
	return err
}

func (t *tx) RecordSignIn(ctx context.Context, s planwatch.SignIn) error {
	return t.audit(ctx, planwatch.AuditSignIns, s.User, 0, nil, planwatch.SignInFields(s))
}

func (t *tx) TouchSession(ctx context.Context, hash string, at time.Time) error {
	return t.sessionUpdate(ctx, `UPDATE login_session SET last_seen = ? WHERE hash = ? AND ended_at = ''`, at, hash)
}

func (t *tx) EndSession(ctx context.Context, hash string, at time.Time) error {
	return t.sessionUpdate(ctx, `UPDATE login_session SET ended_at = ? WHERE hash = ? AND ended_at = ''`, at, hash)
}

func (t *tx) sessionUpdate(ctx context.Context, q string, at time.Time, hash string) error {
	res, err := t.exec(ctx, q, timeText(at), hash)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	if _, err := t.Session(ctx, hash); err != nil {
		return err
	}
	return nil // ended already
}
