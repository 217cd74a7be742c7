package web

import (
	"fmt"
	"net/http"

	"planwatch"
	"planwatch/locale"
	"planwatch/review"
)

// plan is /p/{plan}: a plan's targets with their verdicts, its horizon,
// issuer, vision, parent and children.
func (p *pages) plan(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	code := r.PathValue("plan")
	pl, ok := rv.Plan(code)
	if !ok {
		p.error(w, r, l, http.StatusNotFound, fmt.Sprintf("Không có kế hoạch nào mã %q.", code), fmt.Sprintf("No plan has the code %q.", code))
		return
	}
	rows, err := p.targetRows(rv, l, pl.Code, nil)
	if err != nil {
		p.failErr(w, r, l, err)
		return
	}
	if download(w, r, targetSheet(l, pl, rows)) {
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
	method := ""
	if len(rows) > 0 {
		method = rows[0].Assessment.Method
	} else if cfg, err := review.Config(pl); err == nil {
		method = string(cfg.Method)
	}
	title := pl.Title(string(l))
	p.show(w, r, l, rv, meta{page: "plan", title: title, crumbs: []crumb{{Href: "/plans", Text: T(l, "Plans")}, {Text: title}}}, struct {
		Plan     planwatch.Plan
		Unit     planwatch.Unit
		Parent   *planwatch.Plan
		Children []planwatch.Plan
		Rows     []targetRow
		Summary  summary
		Method   string
		CanEdit  bool // only on a signed-in planner's page, never the cached one
	}{pl, u, parent, children, rows, summarize(rows, l), method, p.mayEditPlan(r, "", pl.Unit)})
}

// targetSheet is a plan's targets as a download: each target's value
// from its kind in numbers and in words, its verdict and the figures
// behind it.
func targetSheet(l locale.Lang, pl planwatch.Plan, rows []targetRow) sheet {
	h := func(vi, en string) string {
		if l == locale.VI {
			return vi
		}
		return en
	}
	s := sheet{name: h("muc-tieu-", "targets-") + pl.Code, title: h("Mục tiêu ", "Targets ") + pl.Code,
		header: []string{h("Mã kế hoạch", "Plan code"), h("Kế hoạch", "Plan"), h("STT", "No."), h("Mã đơn vị", "Unit code"), h("Đơn vị", "Unit"),
			h("Mã chỉ tiêu", "Indicator code"), h("Chỉ tiêu", "Indicator"), h("Loại mục tiêu", "Kind of target"),
			h("Giá trị mục tiêu", "Target value"), h("Cận dưới", "Low"), h("Cận trên", "High"), h("Đơn vị tính", "Measure unit"),
			h("Mục tiêu", "Target"), h("Thời hạn", "Deadline"), h("Nguyên văn", "Wording"),
			h("Đánh giá", "Status"), h("Lý do", "Reason"), h("Số mới nhất", "Latest value"), h("Kỳ mới nhất", "Latest period"),
			h("Tốc độ cần đạt (%/năm)", "Required growth (%/year)"), h("Tính đến năm", "As of"), h("Đánh giá tính đến năm đó", "Status as of then"),
			h("Lý do (tính đến năm đó)", "Reason (as of then)")}}
	for _, row := range rows {
		t, a := row.Target, row.Assessment
		mu := locale.Unit(row.Indicator.MeasureUnit, l)
		switch t.Kind {
		case planwatch.AvgGrowth:
			mu = h("%/năm", "%/year")
		case planwatch.Growth:
			mu = "%"
		}
		latestMU := a.LatestValue
		c := []cell{text(pl.Code), text(pl.Title(string(l))), integer(row.N), text(row.Unit.Code), text(row.Unit.Name(string(l))),
			text(t.Indicator), text(row.Name), text(locale.TargetKind(string(t.Kind), l)),
			number(t.Value, -1), number(t.Low, -1), number(t.High, -1), text(mu),
			text(row.Value), text(row.Deadline), text(t.Wording),
			text(locale.Status(a.Status, l)), text(review.ReasonText(a.Verdict, l)), number(latestMU, -1), text(deref(a.LatestPeriod)),
			number(a.RequiredGrowthPct, 2)}
		if a.AsOf != nil {
			c = append(c, text(a.AsOf.Period), text(locale.Status(a.AsOf.Status, l)), text(review.ReasonText(a.AsOf.Verdict, l)))
		} else {
			c = append(c, cell{}, cell{}, cell{})
		}
		s.rows = append(s.rows, c)
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
