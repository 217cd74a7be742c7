package planwatch

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Actor is who writes and from where: a user's name and how the change
// came (the address of a web request, "web 203.0.113.7"; or the command
// that ran, "cli: planwatch import --approved ...").
type Actor struct {
	User string
	Via  string
}

type actorKey struct{}

// WithActor returns a context whose writes the store records as the
// actor's: the audit names who changed what, when and from where.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorOf returns the actor of a context, the zero Actor when it has none.
func ActorOf(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Audit kinds besides the kinds of records (Kinds): decisions on figures,
// and the accounts.
const (
	AuditApprovals = "approvals"
	AuditUsers     = "users"
	AuditGrants    = "grants"
	AuditTokens    = "tokens"
	AuditSignIns   = "signins"
)

// AuditKinds lists every kind of change the audit records.
var AuditKinds = append(slices.Clone(Kinds), AuditApprovals, AuditUsers, AuditGrants, AuditTokens, AuditSignIns)

// AuditEntry is one change: who made it, when, from where, what it
// changed, and the fields before and after as JSON objects (Before is ""
// for something added). A figure's change is the version it added (Before
// is the version it followed); a decision on a figure names the version it
// decided on.
type AuditEntry struct {
	At       time.Time `json:"at"`
	User     string    `json:"user"`
	Via      string    `json:"via"`
	Kind     string    `json:"kind"`
	Key      string    `json:"key"`
	Unit     int64     `json:"-"`
	UnitCode string    `json:"unit"`
	Before   string    `json:"before"`
	After    string    `json:"after"`
}

// AuditFilter selects changes; zero fields select all. Units are the
// units whose changes are listed (the caller expands a unit to those
// below it); Limit keeps the newest so many.
type AuditFilter struct {
	Units []int64
	User  string
	Kinds []string
	From  time.Time // at or after
	To    time.Time // before
	Limit int
}

// Match reports whether an entry passes the filter (Limit aside).
func (f AuditFilter) Match(e AuditEntry) bool {
	switch {
	case len(f.Units) > 0 && !slices.Contains(f.Units, e.Unit),
		f.User != "" && e.User != f.User,
		len(f.Kinds) > 0 && !slices.Contains(f.Kinds, e.Kind),
		!f.From.IsZero() && e.At.Before(f.From),
		!f.To.IsZero() && !e.At.Before(f.To):
		return false
	}
	return true
}

// Wants reports whether the filter lists changes of a kind.
func (f AuditFilter) Wants(kind string) bool {
	return len(f.Kinds) == 0 || slices.Contains(f.Kinds, kind)
}

// SortAudit orders entries newest first; entries of one moment keep the
// order they were given in.
func SortAudit(es []AuditEntry) {
	slices.SortStableFunc(es, func(a, b AuditEntry) int { return b.At.Compare(a.At) })
}

// FigureKey names a version of a figure in the audit:
// "24@2025-07-01 GRDP price=current 2025 v2".
func FigureKey(unitRef, indicator string, dims Dims, p PeriodString, version int) string {
	parts := []string{unitRef, indicator}
	if dims != "" {
		parts = append(parts, string(dims))
	}
	return strings.Join(append(parts, p, "v"+strconv.Itoa(version)), " ")
}

// FigureFields are a version's fields as the audit writes them.
func FigureFields(value float64, status, source, note string) string {
	b, _ := json.Marshal(map[string]any{"value": value, "status": status, "source": source, "note": note})
	return string(b)
}

// DecisionFields are a version's approval state as the audit writes it.
func DecisionFields(state ApprovalState, comment string) string {
	m := map[string]any{"state": state}
	if comment != "" {
		m["comment"] = comment
	}
	b, _ := json.Marshal(m)
	return string(b)
}
