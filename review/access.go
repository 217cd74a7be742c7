package review

import (
	"slices"
	"strings"

	"planwatch"
	"planwatch/lineage"
	"planwatch/period"
)

// Accessors for the pages and the API, which show what the snapshot holds.

// Units lists every unit, by code and then first day.
func (rv *Review) Units() []planwatch.Unit { return rv.units.All() }

// UnitIDs lists the units a reference names with no period: code@date
// names one, a bare code every unit that has had it.
func (rv *Review) UnitIDs(ref string) ([]int64, error) { return rv.units.Matching(ref) }

// UnitByID returns a unit by its ID.
func (rv *Review) UnitByID(id int64) (planwatch.Unit, bool) { return rv.units.ByID(id) }

// Indicators lists the indicators by code.
func (rv *Review) Indicators() []planwatch.Indicator { return rv.indList }

// Plans lists the plans by code.
func (rv *Review) Plans() []planwatch.Plan {
	out := make([]planwatch.Plan, 0, len(rv.plans))
	for _, p := range rv.plans {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b planwatch.Plan) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Plan returns a plan by code.
func (rv *Review) Plan(code string) (planwatch.Plan, bool) {
	p, ok := rv.plans[code]
	return p, ok
}

// Targets lists a plan's targets (all targets for ""), in the store's order.
func (rv *Review) Targets(plan string) []planwatch.Target {
	var out []planwatch.Target
	for _, t := range rv.targets {
		if plan == "" || t.Plan == plan {
			out = append(out, t)
		}
	}
	return out
}

// Members lists the group memberships.
func (rv *Review) Members() []planwatch.GroupMember { return rv.members }

// Lineage is the graph of boundary changes.
func (rv *Review) Lineage() *lineage.Graph { return rv.graph }

// Series is a unit's current figures of one indicator, oldest first.
func (rv *Review) Series(unit int64, code string, dims planwatch.Dims) []planwatch.Observation {
	m := rv.seriesOf(planwatch.SeriesKey{Unit: unit, Indicator: code, Dims: dims})
	out := make([]planwatch.Observation, 0, len(m))
	for _, o := range m {
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b planwatch.Observation) int { return a.Period.Compare(b.Period) })
	return out
}

// SeriesKeys lists the series a unit has figures in.
func (rv *Review) SeriesKeys(unit int64) []planwatch.SeriesKey {
	out := slices.Clone(rv.keysOf(unit))
	slices.SortFunc(out, func(a, b planwatch.SeriesKey) int {
		if c := strings.Compare(a.Indicator, b.Indicator); c != 0 {
			return c
		}
		return strings.Compare(string(a.Dims), string(b.Dims))
	})
	return out
}

// LatestYear is the latest year for which the unit has a yearly figure, or
// 0.
func (rv *Review) LatestYear(unit int64) int { return rv.lastYear(unit, period.Period{}) }

// Peers lists the units of a level valid at a period, or a group's members
// then when group is given.
func (rv *Review) Peers(level planwatch.Level, group string, p period.Period) []planwatch.Unit {
	if group == "" {
		return slices.Clone(rv.peers(level, p))
	}
	d := lastDay(p)
	var out []planwatch.Unit
	for _, m := range rv.members {
		if m.Group != group || !m.Validity().Contains(d) {
			continue
		}
		if u, ok := rv.units.ByID(m.Unit); ok && u.Validity().Contains(d) {
			out = append(out, u)
		}
	}
	return out
}
