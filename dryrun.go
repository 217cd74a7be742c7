package planwatch

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Planned is a record a dry run would add or change.
type Planned struct {
	Kind   string
	Key    string // what names the record: a unit's code and first day, a figure's unit, indicator, dims and period
	Change Change // Added or Changed
	// Old and New are a figure's value and status before and after ("" for
	// a new figure's Old, and for the other kinds).
	Old, New string
	Pos      Pos // where the record is, when the import knows
}

// planLimit is how many figures a dry run lists when ApplyOptions does not
// say.
const planLimit = 20

// plan keeps, in a dry run that lists, a record it would add or change.
func (l *loader) plan(kind, key string, pos Pos, c Change) {
	if l.opt.Plan == nil || !l.opt.DryRun || c == Unchanged {
		return
	}
	l.planned = append(l.planned, Planned{Kind: kind, Key: key, Change: c, Pos: pos})
}

// dryRunRecorder is who a listing dry run records its figures by: no one
// else has, so its figures are told from those already stored (the
// transaction is rolled back).
func dryRunRecorder() string {
	return fmt.Sprintf("planwatch dry run %d", time.Now().UnixNano())
}

// planObservations finds, after a dry run wrote its figures, those it
// added or changed: the current ones recorded by marker, with the versions
// before them, unit by unit, until it has the limit of them.
func (l *loader) planObservations(marker string) error {
	c := l.sum.Get("observations")
	if c.Added+c.Changed == 0 {
		return nil
	}
	limit := l.opt.PlanLimit
	if limit <= 0 {
		limit = planLimit
	}
	n := 0
	for _, u := range l.units.All() {
		obs, err := l.tx.Observations(l.ctx, ObservationFilter{Units: []int64{u.ID}})
		if err != nil {
			return err
		}
		for _, o := range obs {
			if o.RecordedBy != marker {
				continue
			}
			p := Planned{Kind: "observations", Change: Added, New: figure(o)}
			p.Key = strings.Join(strings.Fields(l.units.RefWithin(u, PeriodSpan(o.Period))+" "+o.Indicator+" "+string(o.Dims)+" "+o.Period.String()), " ")
			if o.Version > 1 {
				h, err := l.tx.History(l.ctx, SeriesKey{Unit: o.Unit, Indicator: o.Indicator, Dims: o.Dims}, o.Period.String())
				if err != nil {
					return err
				}
				p.Change = Changed
				if len(h) >= 2 {
					p.Old = figure(h[len(h)-2])
				}
			}
			l.planned = append(l.planned, p)
			if n++; n >= limit {
				return nil
			}
		}
	}
	return nil
}

// figure is a figure's value and status as a listing shows them.
func figure(o Observation) string {
	if o.Withdrawn() {
		return "(" + o.Status + ")"
	}
	return FormatNumber(o.Value) + " " + o.Status
}

// deliverPlan hands the listing to the caller.
func (l *loader) deliverPlan(ctx context.Context) {
	for _, p := range l.planned {
		if ctx.Err() != nil {
			return
		}
		l.opt.Plan(p)
	}
}
