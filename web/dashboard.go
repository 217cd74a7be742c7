package web

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
)

// dashboard is /u/{unit}: the unit's targets by plan and its key figures.
func (p *pages) dashboard(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	u, ok := p.unitOf(w, r, l, rv)
	if !ok {
		return
	}
	per := period.Year(rv.LatestYear(u.ID))
	if q := r.URL.Query().Get("period"); q != "" {
		var err error
		if per, err = period.Parse(q); err != nil {
			p.fail(w, r, l, http.StatusBadRequest, "period: "+err.Error())
			return
		}
	}
	facts, err := rv.Facts(u.Ref(), per)
	if err != nil {
		facts = nil // a unit that did not exist then has no facts; its targets still show
	}
	// The unit's own targets, and those of the units it was formed from:
	// they stay theirs, and are judged on their figures.
	ids := map[int64]bool{u.ID: true}
	for _, pt := range rv.Lineage().Predecessors(u.ID) {
		ids[pt.Unit.ID] = true
	}
	rows, err := p.targetRows(rv, "", ids)
	if err != nil {
		p.fail(w, r, l, statusOf(err), err.Error())
		return
	}
	if csvOut(w, r, "facts-"+u.Code+"-"+per.String(), []string{"indicator", "dims", "period", "value", "measure_unit", "status", "growth_pct", "rank_national", "pct_of_plan"}, factRows(facts)) {
		return
	}
	type group struct {
		Plan planwatch.Plan
		Unit planwatch.Unit
		Rows []targetRow
	}
	var groups []group
	for _, row := range rows {
		if len(groups) == 0 || groups[len(groups)-1].Plan.Code != row.Target.Plan {
			pl, _ := rv.Plan(row.Target.Plan)
			groups = append(groups, group{Plan: pl, Unit: row.Unit})
		}
		groups[len(groups)-1].Rows = append(groups[len(groups)-1].Rows, row)
	}
	p.render(w, r, l, "dashboard", u.Name(string(l)), struct {
		Unit   planwatch.Unit
		Period period.Period
		Facts  []review.Fact
		Groups []group
	}{u, per, facts, groups})
}

func factRows(facts []review.Fact) [][]string {
	var rows [][]string
	for _, f := range facts {
		rank := ""
		for _, r := range f.Rank {
			if r.Scope == "national" && r.Rank != nil {
				rank = fmt.Sprintf("%d/%d", *r.Rank, r.Of)
			}
		}
		var plans []string
		for k, v := range f.PctOfPlan {
			plans = append(plans, fmt.Sprintf("%s %.1f", k, v))
		}
		sort.Strings(plans)
		rows = append(rows, []string{f.Indicator, f.Dims, f.Period, fmtNum(f.Value), f.MeasureUnit, f.Status, fmtNum(f.GrowthPct), rank, strings.Join(plans, "; ")})
	}
	return rows
}
