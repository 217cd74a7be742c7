package web

import (
	"fmt"
	"net/http"

	"planwatch"
)

// plan is /p/{plan}: a plan's targets, horizon, parent and children.
func (p *pages) plan(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	pl, ok := rv.Plan(r.PathValue("plan"))
	if !ok {
		p.fail(w, r, l, http.StatusNotFound, fmt.Sprintf("no plan %q", r.PathValue("plan")))
		return
	}
	rows, err := p.targetRows(rv, pl.Code, nil)
	if err != nil {
		p.fail(w, r, l, statusOf(err), err.Error())
		return
	}
	if csvOut(w, r, "plan-"+pl.Code, []string{"unit", "indicator", "dims", "kind", "deadline", "status", "reason", "latest_value", "latest_period"}, func() [][]string {
		var out [][]string
		for _, rw := range rows {
			a := rw.Assessment
			lp := ""
			if a.LatestPeriod != nil {
				lp = *a.LatestPeriod
			}
			out = append(out, []string{a.Unit, a.Indicator, a.Dims, a.Kind, a.Deadline, a.Status, a.Reason, fmtNum(a.LatestValue), lp})
		}
		return out
	}()) {
		return
	}
	u, _ := rv.UnitByID(pl.Unit)
	var parent *planwatch.Plan
	if pp, ok := rv.Plan(pl.Parent); ok {
		parent = &pp
	}
	var children []planwatch.Plan
	for _, c := range rv.Plans() {
		if c.Parent == pl.Code {
			children = append(children, c)
		}
	}
	p.render(w, r, l, "plan", pl.Title(string(l)), struct {
		Plan     planwatch.Plan
		Unit     planwatch.Unit
		Parent   *planwatch.Plan
		Children []planwatch.Plan
		Rows     []targetRow
	}{pl, u, parent, children, rows})
}
