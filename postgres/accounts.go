package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"planwatch"
)

// nullTime is a time for a nullable column: NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func fromNull(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func (r reader) Users(ctx context.Context) ([]planwatch.User, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.User, error) {
		var u planwatch.User
		err := rows.Scan(&u.Name, &u.DisplayName, &u.Lang, &u.PasswordHash, &u.Disabled, &u.Created)
		u.Created = u.Created.UTC()
		return u, err
	}, `SELECT name, display_name, lang, password_hash, disabled, created_at FROM app_user ORDER BY name`)
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (r reader) Grants(ctx context.Context, user string) ([]planwatch.Grant, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Grant, error) {
		var g planwatch.Grant
		var inds string
		var rat *time.Time
		err := rows.Scan(&g.ID, &g.User, &g.Role, &g.Unit, &g.UnitCode, &inds, &g.GrantedBy, &g.GrantedAt, &g.RevokedBy, &rat)
		g.Indicators, g.GrantedAt, g.RevokedAt = splitList(inds), g.GrantedAt.UTC(), fromNull(rat)
		return g, err
	}, `SELECT g.id, g.user_name, g.role, coalesce(g.unit_id, 0), coalesce(u.code, ''), g.indicators, g.granted_by, g.granted_at, g.revoked_by, g.revoked_at
		FROM role_grant g LEFT JOIN unit u ON u.id = g.unit_id WHERE $1 = '' OR g.user_name = $1 ORDER BY g.user_name, g.id`, user)
}

const tokenColumns = `id, user_name, name, hash, grants, created_at, expires_at, revoked_by, revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (planwatch.Token, error) {
	var t planwatch.Token
	var grants string
	var exp, rat *time.Time
	if err := sc.Scan(&t.ID, &t.User, &t.Name, &t.Hash, &grants, &t.Created, &exp, &t.RevokedBy, &rat); err != nil {
		return t, err
	}
	for _, s := range splitList(grants) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return t, err
		}
		t.Grants = append(t.Grants, id)
	}
	t.Created, t.Expires, t.RevokedAt = t.Created.UTC(), fromNull(exp), fromNull(rat)
	return t, nil
}

func (r reader) Tokens(ctx context.Context, user string) ([]planwatch.Token, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Token, error) { return scanToken(rows) },
		`SELECT `+tokenColumns+` FROM api_token WHERE $1 = '' OR user_name = $1 ORDER BY user_name, id`, user)
}

func (r reader) TokenByHash(ctx context.Context, hash string) (planwatch.Token, error) {
	t, err := scanToken(r.q.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_token WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, planwatch.Errorf(planwatch.ENOTFOUND, "no such token")
	}
	return t, mapErr(err)
}

func (r reader) Session(ctx context.Context, hash string) (planwatch.Session, error) {
	var s planwatch.Session
	var ended *time.Time
	err := r.q.QueryRow(ctx, `SELECT hash, user_name, created_at, expires_at, last_seen, address, ended_at FROM login_session WHERE hash = $1`, hash).
		Scan(&s.Hash, &s.User, &s.Created, &s.Expires, &s.LastSeen, &s.Address, &ended)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, planwatch.Errorf(planwatch.ENOTFOUND, "no such session")
	}
	s.Created, s.Expires, s.LastSeen, s.Ended = s.Created.UTC(), s.Expires.UTC(), s.LastSeen.UTC(), fromNull(ended)
	return s, mapErr(err)
}

// userFields are a user's fields as the audit writes them: never the
// password's hash, only that it changed.
func userFields(u planwatch.User, password string) map[string]any {
	return map[string]any{"display_name": u.DisplayName, "lang": u.Lang, "disabled": u.Disabled, "password": password}
}

// passwordNote is what the audit says of a password: set or not.
func passwordNote(set bool) string {
	if set {
		return "set"
	}
	return "none"
}

func (t *tx) PutUser(ctx context.Context, u planwatch.User) (planwatch.Change, error) {
	if err := u.Validate(); err != nil {
		return 0, err
	}
	var old planwatch.User
	found, err := t.row(ctx, `SELECT display_name, lang, password_hash, disabled FROM app_user WHERE name = $1`, []any{u.Name},
		&old.DisplayName, &old.Lang, &old.PasswordHash, &old.Disabled)
	if err != nil {
		return 0, err
	}
	if !found {
		if err := t.exec(ctx, `INSERT INTO app_user (name, display_name, lang, password_hash, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			u.Name, u.DisplayName, u.Lang, u.PasswordHash, u.Disabled, t.now); err != nil {
			return 0, err
		}
		return planwatch.Added, t.audit(ctx, planwatch.AuditUsers, u.Name, 0, nil, userFields(u, passwordNote(u.PasswordHash != "")))
	}
	if old.DisplayName == u.DisplayName && old.Lang == u.Lang && old.PasswordHash == u.PasswordHash && old.Disabled == u.Disabled {
		return planwatch.Unchanged, nil
	}
	if err := t.exec(ctx, `UPDATE app_user SET display_name = $1, lang = $2, password_hash = $3, disabled = $4 WHERE name = $5`,
		u.DisplayName, u.Lang, u.PasswordHash, u.Disabled, u.Name); err != nil {
		return 0, err
	}
	was, now := passwordNote(old.PasswordHash != ""), passwordNote(u.PasswordHash != "")
	if old.PasswordHash != u.PasswordHash && old.PasswordHash != "" && u.PasswordHash != "" {
		now = "changed"
	}
	return planwatch.Changed, t.audit(ctx, planwatch.AuditUsers, u.Name, 0, userFields(old, was), userFields(u, now))
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
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
	g.GrantedBy, g.GrantedAt, g.RevokedBy, g.RevokedAt = t.actor.User, t.now, "", time.Time{}
	err := t.tx.QueryRow(ctx, `INSERT INTO role_grant (user_name, role, unit_id, indicators, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		g.User, string(g.Role), nullID(g.Unit), strings.Join(g.Indicators, ","), g.GrantedBy, t.now).Scan(&g.ID)
	if err != nil {
		return mapErr(err)
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
		if err := t.exec(ctx, `UPDATE role_grant SET revoked_by = $1, revoked_at = $2 WHERE id = $3`, t.actor.User, t.now, id); err != nil {
			return err
		}
		after := g
		after.RevokedBy, after.RevokedAt = t.actor.User, t.now
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
	tk.Created, tk.RevokedBy, tk.RevokedAt = t.now, "", time.Time{}
	if !tk.Expires.IsZero() {
		tk.Expires = tk.Expires.UTC().Truncate(time.Microsecond)
	}
	err := t.tx.QueryRow(ctx, `INSERT INTO api_token (user_name, name, hash, grants, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		tk.User, tk.Name, tk.Hash, joinIDs(tk.Grants), t.now, nullTime(tk.Expires)).Scan(&tk.ID)
	if err != nil {
		return mapErr(err)
	}
	return t.audit(ctx, planwatch.AuditTokens, strconv.FormatInt(tk.ID, 10), 0, nil, tokenFields(*tk))
}

func (t *tx) RevokeToken(ctx context.Context, id int64) error {
	tk, err := scanToken(t.tx.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_token WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return planwatch.Errorf(planwatch.ENOTFOUND, "no token %d", id)
	} else if err != nil {
		return mapErr(err)
	}
	if !tk.RevokedAt.IsZero() {
		return nil
	}
	if err := t.exec(ctx, `UPDATE api_token SET revoked_by = $1, revoked_at = $2 WHERE id = $3`, t.actor.User, t.now, id); err != nil {
		return err
	}
	after := tk
	after.RevokedBy, after.RevokedAt = t.actor.User, t.now
	return t.audit(ctx, planwatch.AuditTokens, strconv.FormatInt(id, 10), 0, tokenFields(tk), tokenFields(after))
}

func (t *tx) PutSession(ctx context.Context, s planwatch.Session) error {
	return t.exec(ctx, `INSERT INTO login_session (hash, user_name, created_at, expires_at, last_seen, address, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		s.Hash, s.User, s.Created.UTC(), s.Expires.UTC(), s.LastSeen.UTC(), s.Address, nullTime(s.Ended))
}

func (t *tx) RecordSignIn(ctx context.Context, s planwatch.SignIn) error {
	return t.audit(ctx, planwatch.AuditSignIns, s.User, 0, nil, planwatch.SignInFields(s))
}

func (t *tx) TouchSession(ctx context.Context, hash string, at time.Time) error {
	return t.sessionUpdate(ctx, `UPDATE login_session SET last_seen = $1 WHERE hash = $2 AND ended_at IS NULL`, at, hash)
}

func (t *tx) EndSession(ctx context.Context, hash string, at time.Time) error {
	return t.sessionUpdate(ctx, `UPDATE login_session SET ended_at = $1 WHERE hash = $2 AND ended_at IS NULL`, at, hash)
}

func (t *tx) sessionUpdate(ctx context.Context, q string, at time.Time, hash string) error {
	tag, err := t.tx.Exec(ctx, q, at.UTC(), hash)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() > 0 {
		return nil
	}
	_, err = t.Session(ctx, hash)
	return err // nil: ended already
}
