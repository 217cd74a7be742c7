package web

import (
	"html/template"
	"net/http"
	"strconv"

	"planwatch"
	"planwatch/chart"
)

// target is /p/{plan}/t/{n}: a target's series, projection and verdict.
func (p *pages) target(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	plan, ok := rv.Plan(r.PathValue("plan"))
	n, err := strconv.Atoi(r.PathValue("n"))
	if !ok || err != nil {
		p.fail(w, r, l, http.StatusNotFound, "no such target")
		return
	}
	rows, err := p.targetRows(rv, plan.Code, nil)
	if err != nil || n < 1 || n > len(rows) {
		p.fail(w, r, l, http.StatusNotFound, "no such target")
		return
	}
	row := rows[n-1]
	t, a := row.Target, row.Assessment
	series := yearPoints(rv.Series(t.Unit, t.Indicator, t.Dims))
	spec := chart.LineSpec{Title: row.Indicator.Name(string(l)), Series: series, TargetX: float64(t.Period.EndYear()),
		Format: axisFormat(l)}
	switch t.Kind {
	case planwatch.AtLeast, planwatch.AtMost, planwatch.Exactly, planwatch.PlanFig:
		spec.TargetLo, spec.TargetHi = t.Value, t.Value
	case planwatch.Range:
		spec.TargetLo, spec.TargetHi = t.Low, t.High
	}
	if a.ProjectedValue != nil && a.LatestValue != nil && a.LatestPeriod != nil && (t.Kind != planwatch.Growth && t.Kind != planwatch.AvgGrowth || len(series) > 0) {
		ly, _ := strconv.Atoi(*a.LatestPeriod)
		spec.Projection = []chart.Point{{X: float64(ly), Y: *a.LatestValue}, {X: float64(t.Period.EndYear()), Y: *a.ProjectedValue}}
	}
	for _, m := range t.Milestones {
		spec.Milestones = append(spec.Milestones, chart.Point{Label: m.Period.String(), X: float64(m.Period.EndYear()), Y: m.Value})
	}
	p.render(w, r, l, "target", row.Indicator.Name(string(l)), struct {
		Plan  planwatch.Plan
		Row   targetRow
		Chart template.HTML
	}{plan, row, chart.Line(spec)})
}
