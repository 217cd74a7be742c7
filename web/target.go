package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"planwatch"
	"planwatch/chart"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// target is /p/{plan}/t/{n}: a target's verdict in words, its series with
// the target, projection and milestones, and the figures it was judged on.
func (p *pages) target(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	plan, ok := rv.Plan(r.PathValue("plan"))
	n, err := strconv.Atoi(r.PathValue("n"))
	if !ok {
		p.error(w, r, l, http.StatusNotFound, fmt.Sprintf("Không có kế hoạch nào mã %q.", r.PathValue("plan")), fmt.Sprintf("No plan has the code %q.", r.PathValue("plan")))
		return
	}
	rows, err2 := p.targetRows(rv, l, plan.Code, nil)
	if err2 != nil {
		p.failErr(w, r, l, err2)
		return
	}
	if err != nil || n < 1 || n > len(rows) {
		p.error(w, r, l, http.StatusNotFound, fmt.Sprintf("Kế hoạch này không có mục tiêu số %s: có %d mục tiêu.", r.PathValue("n"), len(rows)),
			fmt.Sprintf("This plan has no target number %s: it has %d.", r.PathValue("n"), len(rows)))
		return
	}
	row := rows[n-1]
	t, a := row.Target, row.Assessment
	points := rv.Points(t.Unit, t.Indicator, t.Dims)
	var obs []planwatch.Observation
	for _, pt := range points {
		obs = append(obs, pt.Observation)
	}
	series := yearPoints(obs)
	spec := chart.LineSpec{Title: row.Name, Series: series, TargetX: float64(t.Period.EndYear()),
		Format: axisFormat(l)}
	switch t.Kind {
	case planwatch.AtLeast, planwatch.AtMost, planwatch.Exactly, planwatch.PlanFig:
		spec.TargetLo, spec.TargetHi = t.Value, t.Value
	case planwatch.Range:
		spec.TargetLo, spec.TargetHi = t.Low, t.High
	}
	if a.ProjectedValue != nil && a.LatestValue != nil && a.LatestPeriod != nil && (t.Kind != planwatch.Growth && t.Kind != planwatch.AvgGrowth || len(series) > 0) {
		if ly, err := strconv.Atoi(*a.LatestPeriod); err == nil {
			spec.Projection = []chart.Point{{X: float64(ly), Y: *a.LatestValue}, {X: float64(t.Period.EndYear()), Y: *a.ProjectedValue}}
		}
	}
	for _, m := range t.Milestones {
		spec.Milestones = append(spec.Milestones, chart.Point{Label: m.Period.String(), X: float64(m.Period.EndYear()), Y: m.Value})
	}
	// The figures the chart plots, with their statuses, sources and breaks.
	type figure struct {
		Period, Value, Status string
		Source                template.HTML
		Estimate              bool
		Break                 string
		Draft                 string // the mark of a figure not yet approved, or ""
	}
	var figures []figure
	for _, pt := range points {
		o := pt.Observation
		f := figure{Period: o.Period.String(), Value: locale.Number(o.Value, l), Status: locale.ObsStatus(o.Status, l), Source: citeHTML(rv, o.Source, l),
			Draft: draftMark(o.Approval, l)}
		switch o.Status {
		case "E", "P", "F", "I":
			f.Estimate = true
		}
		if pt.Break {
			f.Break = pt.BreakReason
			if l == locale.VI {
				f.Break = pt.BreakReasonVI
			}
		}
		figures = append(figures, f)
	}
	var asOfVerdict *review.Verdict
	if a.AsOf != nil {
		asOfVerdict = &a.AsOf.Verdict
	}
	title := row.Name
	p.show(w, r, l, rv, meta{page: "target", title: title, crumbs: []crumb{{Href: "/plans", Text: T(l, "Plans")}, {Href: "/p/" + plan.Code, Text: plan.Title(string(l))}, {Text: title}}}, struct {
		Plan      planwatch.Plan
		Row       targetRow
		Chart     template.HTML
		Figures   []figure
		Measure   string
		Projected string
		AsOf      *review.Verdict
		AsOfReq   string
		Baseline  string
		Milestone []string
		CanEdit   bool // only on a signed-in planner's page, never the cached one
	}{plan, row, chart.Line(spec), figures, locale.Unit(row.Indicator.MeasureUnit, l), projected(a, row.Indicator, l), asOfVerdict,
		asOfRequired(a, l), baseline(t, row.Indicator, l), milestones(t, row.Indicator, l), p.mayEditPlan(r, t.Indicator, plan.Unit, t.Unit)})
}

func projected(a review.Assessment, in planwatch.Indicator, l locale.Lang) string {
	if a.ProjectedValue == nil {
		return ""
	}
	return locale.QuantityFixed(*a.ProjectedValue, 1, in.MeasureUnit, l) + " (" + review.DeadlineText(period.MustParse(a.Deadline)) + ")"
}

func asOfRequired(a review.Assessment, l locale.Lang) string {
	if a.AsOf == nil || a.AsOf.RequiredGrowthPct == nil {
		return ""
	}
	return review.RequiredText(a.AsOf.Verdict, l)
}

func baseline(t planwatch.Target, in planwatch.Indicator, l locale.Lang) string {
	if t.BaselineValue == nil {
		return ""
	}
	return locale.Quantity(*t.BaselineValue, in.MeasureUnit, l) + " (" + t.BaselinePeriod.String() + ")"
}

func milestones(t planwatch.Target, in planwatch.Indicator, l locale.Lang) []string {
	var out []string
	for _, m := range t.Milestones {
		v := locale.Quantity(m.Value, in.MeasureUnit, l)
		if t.Kind == planwatch.AvgGrowth || t.Kind == planwatch.Growth {
			v = locale.Number(m.Value, l) + "%"
		}
		out = append(out, m.Period.String()+": "+v)
	}
	return out
}
