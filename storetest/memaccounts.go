package storetest

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"planwatch"
)

// accounts are the memory store's users, grants, tokens and sessions.
type accounts struct {
	users    []planwatch.User
	grants   []planwatch.Grant // ID is the index plus one
	tokens   []planwatch.Token // ID is the index plus one
	sessions []planwatch.Session
}

func (a accounts) clone() accounts {
	c := accounts{users: slices.Clone(a.users), grants: slices.Clone(a.grants), tokens: slices.Clone(a.tokens), sessions: slices.Clone(a.sessions)}
	for i := range c.grants {
		c.grants[i].Indicators = slices.Clone(c.grants[i].Indicators)
	}
	for i := range c.tokens {
		c.tokens[i].Grants = slices.Clone(c.tokens[i].Grants)
	}
	return c
}

func (m *Memory) Approvals(ctx context.Context, k planwatch.SeriesKey, p string) ([]planwatch.Approval, error) {
	return m.snapshot().Approvals(ctx, k, p)
}
func (m *Memory) Audit(ctx context.Context, f planwatch.AuditFilter) ([]planwatch.AuditEntry, error) {
	return m.snapshot().Audit(ctx, f)
}
func (m *Memory) Users(ctx context.Context) ([]planwatch.User, error) { return m.snapshot().Users(ctx) }
func (m *Memory) Grants(ctx context.Context, user string) ([]planwatch.Grant, error) {
	return m.snapshot().Grants(ctx, user)
}
func (m *Memory) Tokens(ctx context.Context, user string) ([]planwatch.Token, error) {
	return m.snapshot().Tokens(ctx, user)
}
func (m *Memory) TokenByHash(ctx context.Context, hash string) (planwatch.Token, error) {
	return m.snapshot().TokenByHash(ctx, hash)
}
func (m *Memory) Session(ctx context.Context, hash string) (planwatch.Session, error) {
	return m.snapshot().Session(ctx, hash)
}

func (r memReader) Users(context.Context) ([]planwatch.User, error) {
	out := slices.Clone(r.d.users)
	slices.SortFunc(out, func(a, b planwatch.User) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (r memReader) Grants(_ context.Context, user string) ([]planwatch.Grant, error) {
	var out []planwatch.Grant
	for _, g := range r.d.grants {
		if user == "" || g.User == user {
			g.Indicators = slices.Clone(g.Indicators)
			g.UnitCode = r.code(g.Unit)
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out, func(a, b planwatch.Grant) int {
		return cmp.Or(strings.Compare(a.User, b.User), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (r memReader) Tokens(_ context.Context, user string) ([]planwatch.Token, error) {
	var out []planwatch.Token
	for _, t := range r.d.tokens {
		if user == "" || t.User == user {
			t.Grants = slices.Clone(t.Grants)
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b planwatch.Token) int {
		return cmp.Or(strings.Compare(a.User, b.User), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (r memReader) TokenByHash(_ context.Context, hash string) (planwatch.Token, error) {
	for _, t := range r.d.tokens {
		if t.Hash == hash {
			t.Grants = slices.Clone(t.Grants)
			return t, nil
		}
	}
	return planwatch.Token{}, planwatch.Errorf(planwatch.ENOTFOUND, "no such token")
}

func (r memReader) Session(_ context.Context, hash string) (planwatch.Session, error) {
	for _, s := range r.d.sessions {
		if s.Hash == hash {
			return s, nil
		}
	}
	return planwatch.Session{}, planwatch.Errorf(planwatch.ENOTFOUND, "no such session")
}

func (r memReader) hasUser(name string) bool {
	return slices.ContainsFunc(r.d.users, func(u planwatch.User) bool { return u.Name == name })
}

func userFields(u planwatch.User, password string) map[string]any {
	return map[string]any{"display_name": u.DisplayName, "lang": u.Lang, "disabled": u.Disabled, "password": password}
}

func passwordNote(set bool) string {
	if set {
		return "set"
	}
	return "none"
}

func (t *memTx) PutUser(_ context.Context, u planwatch.User) (planwatch.Change, error) {
	if err := u.Validate(); err != nil {
		return 0, err
	}
	for i, old := range t.d.users {
		if old.Name != u.Name {
			continue
		}
		if old.DisplayName == u.DisplayName && old.Lang == u.Lang && old.PasswordHash == u.PasswordHash && old.Disabled == u.Disabled {
			return planwatch.Unchanged, nil
		}
		u.Created = old.Created
		t.d.users[i] = u
		was, now := passwordNote(old.PasswordHash != ""), passwordNote(u.PasswordHash != "")
		if old.PasswordHash != u.PasswordHash && old.PasswordHash != "" && u.PasswordHash != "" {
			now = "changed"
		}
		return planwatch.Changed, t.audit(planwatch.AuditUsers, u.Name, 0, userFields(old, was), userFields(u, now))
	}
	u.Created = t.now
	t.d.users = append(t.d.users, u)
	return planwatch.Added, t.audit(planwatch.AuditUsers, u.Name, 0, nil, userFields(u, passwordNote(u.PasswordHash != "")))
}

func grantFields(g planwatch.Grant) map[string]any {
	m := map[string]any{"user": g.User, "role": g.Role, "unit_id": g.Unit, "indicators": strings.Join(g.Indicators, ",")}
	if !g.RevokedAt.IsZero() {
		m["revoked_by"], m["revoked_at"] = g.RevokedBy, g.RevokedAt.UTC().Format(time.RFC3339Nano)
	}
	return m
}

func (t *memTx) AddGrant(_ context.Context, g *planwatch.Grant) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if !t.hasUser(g.User) {
		return notStored("user %s", g.User)
	}
	if g.Unit != 0 {
		if _, ok := t.unit(g.Unit); !ok {
			return notStored("unit %d", g.Unit)
		}
	}
	g.ID = int64(len(t.d.grants) + 1)
	g.GrantedBy, g.GrantedAt, g.RevokedBy, g.RevokedAt = t.actor.User, t.now, "", time.Time{}
	g.UnitCode = ""
	n := *g
	n.Indicators = slices.Clone(g.Indicators)
	t.d.grants = append(t.d.grants, n)
	return t.audit(planwatch.AuditGrants, strconv.FormatInt(g.ID, 10), g.Unit, nil, grantFields(n))
}

func (t *memTx) RevokeGrant(_ context.Context, id int64) error {
	if id < 1 || int(id) > len(t.d.grants) {
		return planwatch.Errorf(planwatch.ENOTFOUND, "no grant %d", id)
	}
	g := t.d.grants[id-1]
	if !g.Active() {
		return nil
	}
	after := g
	after.RevokedBy, after.RevokedAt = t.actor.User, t.now
	t.d.grants[id-1] = after
	return t.audit(planwatch.AuditGrants, strconv.FormatInt(id, 10), g.Unit, grantFields(g), grantFields(after))
}

func tokenFields(tk planwatch.Token) map[string]any {
	ids := make([]string, len(tk.Grants))
	for i, id := range tk.Grants {
		ids[i] = strconv.FormatInt(id, 10)
	}
	exp := ""
	if !tk.Expires.IsZero() {
		exp = tk.Expires.UTC().Format(time.RFC3339Nano)
	}
	m := map[string]any{"user": tk.User, "name": tk.Name, "grants": strings.Join(ids, ","), "expires": exp}
	if !tk.RevokedAt.IsZero() {
		m["revoked_by"], m["revoked_at"] = tk.RevokedBy, tk.RevokedAt.UTC().Format(time.RFC3339Nano)
	}
	return m
}

func (t *memTx) AddToken(_ context.Context, tk *planwatch.Token) error {
	if err := planwatch.ValidUsername(tk.User); err != nil {
		return err
	}
	if tk.Hash == "" {
		return planwatch.Errorf(planwatch.EINVALID, "a token needs its hash")
	}
	if !t.hasUser(tk.User) {
		return notStored("user %s", tk.User)
	}
	if _, err := t.TokenByHash(context.Background(), tk.Hash); err == nil {
		return planwatch.Errorf(planwatch.ECONFLICT, "already stored: a token of that hash")
	}
	tk.ID = int64(len(t.d.tokens) + 1)
	tk.Created, tk.RevokedBy, tk.RevokedAt = t.now, "", time.Time{}
	if !tk.Expires.IsZero() {
		tk.Expires = tk.Expires.UTC()
	}
	n := *tk
	n.Grants = slices.Clone(tk.Grants)
	t.d.tokens = append(t.d.tokens, n)
	return t.audit(planwatch.AuditTokens, strconv.FormatInt(tk.ID, 10), 0, nil, tokenFields(n))
}

func (t *memTx) RevokeToken(_ context.Context, id int64) error {
	if id < 1 || int(id) > len(t.d.tokens) {
		return planwatch.Errorf(planwatch.ENOTFOUND, "no token %d", id)
	}
	tk := t.d.tokens[id-1]
	if !tk.RevokedAt.IsZero() {
		return nil
	}
	after := tk
	after.RevokedBy, after.RevokedAt = t.actor.User, t.now
	t.d.tokens[id-1] = after
	return t.audit(planwatch.AuditTokens, strconv.FormatInt(id, 10), 0, tokenFields(tk), tokenFields(after))
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

func (t *memTx) PutSession(_ context.Context, s planwatch.Session) error {
	if !t.hasUser(s.User) {
		return notStored("user %s", s.User)
	}
	if _, err := t.Session(context.Background(), s.Hash); err == nil {
		return planwatch.Errorf(planwatch.ECONFLICT, "already stored: a session of that hash")
	}
	s.Created, s.Expires, s.LastSeen, s.Ended = utc(s.Created), utc(s.Expires), utc(s.LastSeen), utc(s.Ended)
	t.d.sessions = append(t.d.sessions, s)
	return nil
}

func (t *memTx) RecordSignIn(_ context.Context, s planwatch.SignIn) error {
	return t.audit(planwatch.AuditSignIns, s.User, 0, nil, planwatch.SignInFields(s))
}

func (t *memTx) TouchSession(_ context.Context, hash string, at time.Time) error {
	return t.session(hash, func(s *planwatch.Session) { s.LastSeen = at.UTC() })
}

func (t *memTx) EndSession(_ context.Context, hash string, at time.Time) error {
	return t.session(hash, func(s *planwatch.Session) { s.Ended = at.UTC() })
}

// session changes a session that lasts; one ended stays as it ended.
func (t *memTx) session(hash string, fn func(*planwatch.Session)) error {
	for i := range t.d.sessions {
		if s := &t.d.sessions[i]; s.Hash == hash {
			if s.Ended.IsZero() {
				fn(s)
			}
			return nil
		}
	}
	return planwatch.Errorf(planwatch.ENOTFOUND, "no such session")
}

func (t *memTx) Decide(_ context.Context, refs []planwatch.FigureRef, d planwatch.Decision) ([]planwatch.Approval, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	var out []planwatch.Approval
	for _, ref := range refs {
		k := obsKey{ref.Key, ref.Period.String()}
		versions := t.d.obs[k]
		if len(versions) == 0 || ref.Version > len(versions) || ref.Version < 0 {
			return nil, planwatch.Errorf(planwatch.ENOTFOUND, "no figure %s %s of unit %d", ref.Key.Indicator, ref.Period, ref.Key.Unit)
		}
		v := versions[len(versions)-1]
		if ref.Version > 0 {
			v = versions[ref.Version-1]
		}
		if d.State == planwatch.Approved && t.states(planwatch.ObservationFilter{}).of(k, v) == planwatch.Approved {
			continue
		}
		t.d.decisions = append(t.d.decisions, memDecision{k: k, version: v.Version, state: d.State, comment: d.Comment, by: t.actor.User, via: t.actor.Via, at: t.now})
		out = append(out, planwatch.Approval{FigureRef: planwatch.FigureRef{Key: ref.Key, Period: v.Period, Version: v.Version}, UnitCode: t.code(ref.Key.Unit),
			State: d.State, Comment: d.Comment, By: t.actor.User, Via: t.actor.Via, At: t.now})
	}
	return out, nil
}

func (r memReader) Approvals(_ context.Context, k planwatch.SeriesKey, p string) ([]planwatch.Approval, error) {
	var out []planwatch.Approval
	for _, d := range r.d.decisions {
		if d.k != (obsKey{k, p}) {
			continue
		}
		v := r.d.obs[d.k][d.version-1]
		out = append(out, planwatch.Approval{FigureRef: planwatch.FigureRef{Key: k, Period: v.Period, Version: d.version}, UnitCode: r.code(k.Unit),
			State: d.state, Comment: d.comment, By: d.by, Via: d.via, At: d.at})
	}
	return out, nil
}

func (r memReader) Audit(_ context.Context, f planwatch.AuditFilter) ([]planwatch.AuditEntry, error) {
	var out []planwatch.AuditEntry
	for i := len(r.d.audit) - 1; i >= 0; i-- {
		e := r.d.audit[i]
		e.UnitCode = r.code(e.Unit)
		if f.Match(e) {
			out = append(out, e)
		}
	}
	ref := func(id int64) string {
		u, _ := r.unit(id)
		return u.Ref()
	}
	if f.Wants("observations") {
		for k, versions := range r.d.obs {
			for i, o := range versions {
				e := planwatch.AuditEntry{At: o.RecordedAt, User: o.RecordedBy, Via: r.d.via[k][i], Kind: "observations", Unit: o.Unit, UnitCode: r.code(o.Unit),
					Key:   planwatch.FigureKey(ref(o.Unit), o.Indicator, o.Dims, k.period, o.Version),
					After: planwatch.FigureFields(o.Value, o.Status, o.Source, o.Note)}
				if i > 0 {
					p := versions[i-1]
					e.Before = planwatch.FigureFields(p.Value, p.Status, p.Source, p.Note)
				}
				if f.Match(e) {
					out = append(out, e)
				}
			}
		}
	}
	if f.Wants(planwatch.AuditApprovals) {
		seen := memStates{}
		for _, d := range r.d.decisions {
			v := r.d.obs[d.k][d.version-1]
			prev := seen.of(d.k, v)
			if seen[d.k] == nil {
				seen[d.k] = map[int]planwatch.ApprovalState{}
			}
			seen[d.k][d.version] = d.state
			e := planwatch.AuditEntry{At: d.at, User: d.by, Via: d.via, Kind: planwatch.AuditApprovals, Unit: d.k.key.Unit, UnitCode: r.code(d.k.key.Unit),
				Key:    planwatch.FigureKey(ref(d.k.key.Unit), d.k.key.Indicator, d.k.key.Dims, d.k.period, d.version),
				Before: planwatch.DecisionFields(prev, ""), After: planwatch.DecisionFields(d.state, d.comment)}
			if f.Match(e) {
				out = append(out, e)
			}
		}
	}
	planwatch.SortAudit(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
