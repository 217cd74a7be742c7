package account

import (
	"slices"
	"strings"

	"planwatch"
	"planwatch/excerpt"
)

// GrantSpec is a grant as the command line writes it:
// ROLE@UNIT[:INDICATOR,...], the unit a reference ("27", "24@2025-07-01")
// or "*" for every unit: "reporter@27:GRDP,POP", "admin@*".
type GrantSpec struct {
	Role       planwatch.Role
	Unit       string // "" for every unit
	Indicators []string
}

func (g GrantSpec) String() string {
	u := g.Unit
	if u == "" {
		u = "*"
	}
	s := string(g.Role) + "@" + u
	if len(g.Indicators) > 0 {
		s += ":" + strings.Join(g.Indicators, ",")
	}
	return s
}

// ParseGrantSpec reads a grant spec.
func ParseGrantSpec(s string) (GrantSpec, error) {
	bad := func(why string) (GrantSpec, error) {
		return GrantSpec{}, planwatch.Errorf(planwatch.EINVALID, "grant %s: %s (write ROLE@UNIT or ROLE@UNIT:INDICATOR,..., UNIT * for every unit, e.g. reporter@27:GRDP,POP)", excerpt.Quote(s), why)
	}
	role, rest, ok := strings.Cut(s, "@")
	if !ok {
		return bad("no @UNIT")
	}
	var g GrantSpec
	g.Role = planwatch.Role(role)
	if !slices.Contains(planwatch.Roles, g.Role) {
		return bad("the role is not one of viewer, reporter, approver, planner, admin")
	}
	// A unit reference holds one '@' of its own (24@2025-07-01); the
	// indicators come after a ':'.
	unit, inds, hasInds := strings.Cut(rest, ":")
	switch {
	case unit == "":
		return bad("no unit")
	case unit == "*":
	default:
		code, from, dated := strings.Cut(unit, "@")
		if err := planwatch.ValidCode(code); err != nil {
			return bad("unit: " + err.Error())
		}
		if dated && !validDay(from) {
			return bad("unit: the date after @ is not YYYY-MM-DD")
		}
		g.Unit = unit
	}
	if hasInds {
		if inds == "" {
			return bad("no indicator after ':'")
		}
		for _, in := range strings.Split(inds, ",") {
			if err := planwatch.ValidCode(in); err != nil {
				return bad("indicator: " + err.Error())
			}
			if !slices.Contains(g.Indicators, in) {
				g.Indicators = append(g.Indicators, in)
			}
		}
	}
	return g, nil
}

func validDay(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, r := range s {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// Grant resolves the spec's unit in an index (the unit as it is now when
// the reference names no date) into a grant for a user.
func (g GrantSpec) Grant(user string, x *planwatch.UnitIndex) (planwatch.Grant, error) {
	out := planwatch.Grant{User: user, Role: g.Role, Indicators: slices.Clone(g.Indicators)}
	if g.Unit != "" {
		u, err := x.Resolve(g.Unit, planwatch.Span{})
		if err != nil {
			return out, err
		}
		out.Unit, out.UnitCode = u.ID, u.Code
	}
	return out, out.Validate()
}
