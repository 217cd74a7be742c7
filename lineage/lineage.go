// Package lineage builds comparable series across boundary changes: the
// figure of a unit for a period before it existed, on its own territory,
// from the units it was formed from. Additive indicators sum their
// predecessors (in proportion to the share that moved, for partial
// transfers); ratios are recomputed by their formula from rebuilt
// components (GRDP per capita = GRDP / population, never a mean of
// per-capita figures); weighted means use rebuilt weights; anything else is
// not comparable, and says so. Pure: the caller brings the figures.
package lineage

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"planwatch"
	"planwatch/formula"
	"planwatch/locale"
	"planwatch/period"
)

// Part is a predecessor and the share of it that went into the unit.
type Part struct {
	Unit  planwatch.Unit
	Share *float64 // nil: all of it (a merge), or unknown (a split or transfer)
	Event planwatch.Event
	Date  planwatch.Date
}

// Graph is the lineage of a set of units.
type Graph struct {
	units *planwatch.UnitIndex
	preds map[int64][]Part
}

// New indexes lineage events by the unit they lead to.
func New(units *planwatch.UnitIndex, events []planwatch.LineageEvent) *Graph {
	g := &Graph{units: units, preds: map[int64][]Part{}}
	for _, e := range events {
		from, ok := units.ByID(e.From)
		if !ok {
			continue
		}
		g.preds[e.To] = append(g.preds[e.To], Part{Unit: from, Share: e.Share, Event: e.Event, Date: e.Date})
	}
	return g
}

// Predecessors lists the units a unit was formed from.
func (g *Graph) Predecessors(unit int64) []Part { return g.preds[unit] }

// Successors lists the units a unit went into, by date and code; each
// Part's Unit is the successor, its Share the share of this unit that
// went there.
func (g *Graph) Successors(unit int64) []Part {
	var out []Part
	for to, parts := range g.preds {
		for _, p := range parts {
			if p.Unit.ID == unit {
				if u, ok := g.units.ByID(to); ok {
					out = append(out, Part{Unit: u, Share: p.Share, Event: p.Event, Date: p.Date})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b Part) int {
		if a.Date != b.Date {
			return strings.Compare(string(a.Date), string(b.Date))
		}
		return strings.Compare(a.Unit.Code, b.Unit.Code)
	})
	return out
}

// Partial reports whether only part of the predecessor went: a split or a
// transfer, or any event with a share.
func (p Part) Partial() bool {
	return p.Share != nil || p.Event == planwatch.EventSplit || p.Event == planwatch.EventTransfer
}

// Extent says how much of the predecessor went, for histories: "" when
// all of it did, "30%" for a share, "part, share unknown" otherwise.
func (p Part) Extent(l locale.Lang) string {
	switch {
	case p.Share != nil:
		// Rounded to a millionth of a percent: 0.3 is 30%, not 30.000000000000004%.
		return locale.Number(math.Round(*p.Share*1e8)/1e6, l) + "%"
	case !p.Partial():
		return ""
	case l == locale.VI:
		return "một phần, chưa rõ tỷ lệ"
	}
	return "part, share unknown"
}

// Getter gives a unit's own figure (stored or derived, never rebuilt).
type Getter func(unit int64, code string, dims planwatch.Dims, p period.Period) (float64, bool)

// ErrNotComparable is wrapped by every reason a figure cannot be rebuilt.
var ErrNotComparable = errors.New("not comparable")

// Rebuilt is a figure on a unit's own territory for a period before it
// existed, and the predecessors it came from.
type Rebuilt struct {
	Value float64
	From  []string
}

// Limits on a rebuild, so that no store (one written by an older version
// with a cycle of formulas or of lineage, say) can make it run away:
// maxDepth bounds chains of changes (a unit formed from units formed from
// others) and formulas over formulas; maxSteps the figures one rebuild may
// visit.
const (
	maxDepth = 6
	maxSteps = 20000
)

// Rebuild computes a unit's figure for a period that ends before the unit
// began, from its predecessors' figures.
func (g *Graph) Rebuild(unit planwatch.Unit, in planwatch.Indicator, dims planwatch.Dims, p period.Period, inds map[string]planwatch.Indicator, get Getter) (Rebuilt, error) {
	w := &walk{g: g, inds: inds, get: get, on: map[walkKey]bool{}}
	return w.rebuild(unit, in, dims, p, 0)
}

// finite is r, or the error of a figure too large for a number (a sum of
// figures near the largest float).
func finite(r Rebuilt, in planwatch.Indicator, unit planwatch.Unit) (Rebuilt, error) {
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return Rebuilt{}, fmt.Errorf("%w: %s of %s would be too large to be a figure", ErrNotComparable, in.Code, unit)
	}
	return r, nil
}

// walk is one rebuild under way: what it visits and what is on its path.
type walk struct {
	g     *Graph
	inds  map[string]planwatch.Indicator
	get   Getter
	steps int
	on    map[walkKey]bool
}

type walkKey struct {
	unit int64
	code string
	dims planwatch.Dims
}

func (w *walk) value(u planwatch.Unit, in planwatch.Indicator, dims planwatch.Dims, p period.Period, depth int) (float64, []string, error) {
	if v, ok := w.get(u.ID, in.Code, dims, p); ok {
		return v, []string{fmt.Sprintf("%s %s", u.Ref(), in.Code)}, nil
	}
	if u.ValidFrom != "" && planwatch.DateOf(p.End()) <= u.ValidFrom {
		r, err := w.rebuild(u, in, dims, p, depth+1)
		return r.Value, r.From, err
	}
	return 0, nil, fmt.Errorf("%w: %s has no %s for %s", ErrNotComparable, u, in.Code, p)
}

func (w *walk) rebuild(unit planwatch.Unit, in planwatch.Indicator, dims planwatch.Dims, p period.Period, depth int) (Rebuilt, error) {
	if depth > maxDepth {
		return Rebuilt{}, fmt.Errorf("%w: the lineage of %s is too deep", ErrNotComparable, unit)
	}
	if w.steps++; w.steps > maxSteps {
		return Rebuilt{}, fmt.Errorf("%w: rebuilding %s of %s needs more than %d figures", ErrNotComparable, in.Code, unit, maxSteps)
	}
	// A figure that its own rebuild needs: formulas or lineage that lead
	// back to where they started.
	k := walkKey{unit.ID, in.Code, dims}
	if w.on[k] {
		return Rebuilt{}, fmt.Errorf("%w: %s of %s leads back to itself (a cycle of formulas or of lineage)", ErrNotComparable, in.Code, unit)
	}
	w.on[k] = true
	defer delete(w.on, k)
	if unit.ValidFrom == "" || planwatch.DateOf(p.End()) > unit.ValidFrom {
		return Rebuilt{}, fmt.Errorf("%w: %s existed in %s", ErrNotComparable, unit, p)
	}
	g, inds := w.g, w.inds
	parts := g.preds[unit.ID]
	if len(parts) == 0 {
		return Rebuilt{}, fmt.Errorf("%w: %s began on %s and no lineage says what it was formed from", ErrNotComparable, unit, unit.ValidFrom)
	}
	share := func(pt Part) (float64, error) {
		switch {
		case pt.Share != nil:
			return *pt.Share, nil
		case !pt.Partial():
			return 1, nil
		}
		return 0, fmt.Errorf("%w: the share of %s that went into %s on %s is unknown", ErrNotComparable, pt.Unit, unit, pt.Date)
	}
	switch in.Aggregation.Rule {
	case planwatch.AggSum:
		sum := 0.0
		var from []string
		for _, pt := range parts {
			s, err := share(pt)
			if err != nil {
				return Rebuilt{}, err
			}
			v, f, err := w.value(pt.Unit, in, dims, p, depth)
			if err != nil {
				return Rebuilt{}, err
			}
			sum += v * s
			if s != 1 {
				f = []string{fmt.Sprintf("%g x (%s)", s, strings.Join(f, " + "))}
			}
			from = append(from, f...)
		}
		return finite(Rebuilt{Value: sum, From: from}, in, unit)
	case planwatch.AggMean:
		wt, ok := inds[in.Aggregation.Weight]
		if !ok {
			return Rebuilt{}, fmt.Errorf("%w: weight %s is not an indicator", ErrNotComparable, in.Aggregation.Weight)
		}
		num, den := 0.0, 0.0
		var from []string
		for _, pt := range parts {
			s, err := share(pt)
			if err != nil {
				return Rebuilt{}, err
			}
			v, f, err := w.value(pt.Unit, in, dims, p, depth)
			if err != nil {
				return Rebuilt{}, err
			}
			wv, wf, err := w.value(pt.Unit, wt, wt.Restrict(dims), p, depth)
			if err != nil {
				return Rebuilt{}, err
			}
			num += v * wv * s
			den += wv * s
			from = append(from, append(f, wf...)...)
		}
		if den == 0 {
			return Rebuilt{}, fmt.Errorf("%w: the weights add up to zero", ErrNotComparable)
		}
		return finite(Rebuilt{Value: num / den, From: from}, in, unit)
	case planwatch.AggFormula:
		e, err := formula.Parse(in.Formula)
		if err != nil {
			return Rebuilt{}, err
		}
		var from []string
		var ferr error
		v, err := e.Eval(func(name string) (float64, bool) {
			c, ok := inds[name]
			if !ok {
				return 0, false
			}
			r, err := w.rebuild(unit, c, c.Restrict(dims), p, depth+1)
			if err != nil {
				ferr = err
				return 0, false
			}
			from = append(from, fmt.Sprintf("%s = %s", name, strings.Join(r.From, " + ")))
			return r.Value, true
		})
		if err != nil {
			if ferr != nil {
				return Rebuilt{}, ferr
			}
			return Rebuilt{}, fmt.Errorf("%w: %v", ErrNotComparable, err)
		}
		return finite(Rebuilt{Value: v, From: append([]string{in.Formula}, from...)}, in, unit)
	}
	return Rebuilt{}, fmt.Errorf("%w: %s has no aggregation rule, so %s's figure for %s cannot be made from its predecessors'", ErrNotComparable, in.Code, unit, p)
}
