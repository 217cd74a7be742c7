package account

import (
	"slices"

	"planwatch"
)

// Action is something a person asks to do on a unit's data.
type Action string

const (
	// View reads approved figures (what the public sees).
	View Action = "view"
	// ViewDrafts reads figures not yet approved, marked as such.
	ViewDrafts Action = "view-drafts"
	// Enter writes figures (a form, an upload, an import of drafts).
	Enter Action = "enter"
	// Approve approves figures or returns them.
	Approve Action = "approve"
	// Plan writes plans and targets.
	Plan Action = "plan"
	// Audit lists the changes.
	Audit Action = "audit"
	// Admin manages users, grants and the units' structure, and imports
	// figures approved elsewhere.
	Admin Action = "admin"
)

// Actions lists every action, the least first.
var Actions = []Action{View, ViewDrafts, Enter, Approve, Plan, Audit, Admin}

// permits says what each role may do. An approver reads drafts and
// approves them but does not enter them (the one who enters a figure is
// not the one who approves it); a planner reads drafts to set targets.
var permits = map[planwatch.Role][]Action{
	planwatch.RoleViewer:   {View},
	planwatch.RoleReporter: {View, ViewDrafts, Enter},
	planwatch.RoleApprover: {View, ViewDrafts, Approve, Audit},
	planwatch.RolePlanner:  {View, ViewDrafts, Plan},
	planwatch.RoleAdmin:    Actions,
}

// Permits reports whether a role allows an action anywhere.
func Permits(r planwatch.Role, a Action) bool { return slices.Contains(permits[r], a) }

// Scope knows the units' tree and their lineage: what lies below a unit
// (its descendants by parent, at any date) and what was formed from it (a
// merger's or a split's successors, and what lies below those).
type Scope struct {
	units    map[int64]planwatch.Unit
	children map[int64][]int64
	formed   map[int64][]int64 // unit -> units formed from it
}

// NewScope builds a scope from the store's units and lineage.
func NewScope(units []planwatch.Unit, lineage []planwatch.LineageEvent) *Scope {
	s := &Scope{units: map[int64]planwatch.Unit{}, children: map[int64][]int64{}, formed: map[int64][]int64{}}
	for _, u := range units {
		s.units[u.ID] = u
		if u.Parent != 0 {
			s.children[u.Parent] = append(s.children[u.Parent], u.ID)
		}
	}
	for _, e := range lineage {
		if e.From != e.To && !slices.Contains(s.formed[e.From], e.To) {
			s.formed[e.From] = append(s.formed[e.From], e.To)
		}
	}
	return s
}

// Covers reports whether a grant on unit top (0: every unit) reaches
// unit u: u is top, lies below it, or was formed from a unit it reaches.
func (s *Scope) Covers(top, u int64) bool {
	if top == 0 {
		return true
	}
	return slices.Contains(s.Below(top), u)
}

// Below lists the units a grant on top reaches, top first: those below
// it by parent, those formed from any of them by lineage, and so on.
func (s *Scope) Below(top int64) []int64 {
	seen := map[int64]bool{top: true}
	out := []int64{top}
	for i := 0; i < len(out); i++ {
		for _, next := range [][]int64{s.children[out[i]], s.formed[out[i]]} {
			for _, id := range next {
				if !seen[id] {
					seen[id] = true
					out = append(out, id)
				}
			}
		}
	}
	return out
}

// Allowed is the one authorisation check: whether grants let their
// holder do action on unit's data of indicator. A grant holds when it is
// not revoked, its role permits the action, it reaches the unit, and it
// names the indicator (or names none). indicator "" asks about the unit
// as a whole (a page listing a unit's drafts, approving a unit's period):
// a grant limited to some indicators allows it, and the caller checks
// each figure's indicator. unit 0 asks about no unit in particular (the
// audit of everything, managing users): only a grant on every unit
// allows it.
func (s *Scope) Allowed(grants []planwatch.Grant, action Action, unit int64, indicator string) bool {
	for _, g := range grants {
		if !g.Active() || !Permits(g.Role, action) {
			continue
		}
		if unit == 0 && g.Unit != 0 {
			continue
		}
		if indicator != "" && len(g.Indicators) > 0 && !slices.Contains(g.Indicators, indicator) {
			continue
		}
		if s.Covers(g.Unit, unit) {
			return true
		}
	}
	return false
}

// AllowedUnits lists the units on which grants allow action (for any
// indicator); all is true when a grant on every unit allows it.
func (s *Scope) AllowedUnits(grants []planwatch.Grant, action Action) (units []int64, all bool) {
	seen := map[int64]bool{}
	for _, g := range grants {
		if !g.Active() || !Permits(g.Role, action) {
			continue
		}
		if g.Unit == 0 {
			return nil, true
		}
		for _, id := range s.Below(g.Unit) {
			if !seen[id] {
				seen[id] = true
				units = append(units, id)
			}
		}
	}
	slices.Sort(units)
	return units, false
}
