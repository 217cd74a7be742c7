package web

import (
	"net/http"

	"planwatch"
	"planwatch/locale"
)

// planLine is a plan in the list, with how its targets stand.
type planLine struct {
	Plan    planwatch.Plan
	Unit    planwatch.Unit
	Parent  planwatch.Plan
	Summary summary
	AsOf    string // how the targets not judged at their deadlines stand as of the last year
}

// plans is /plans: every plan, with its unit, horizon and issuer and how
// its targets stand.
func (p *pages) plans(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	rows, err := p.targetRows(rv, l, "", nil)
	if err != nil {
		p.failErr(w, r, l, err)
		return
	}
	byPlan := map[string][]targetRow{}
	for _, row := range rows {
		byPlan[row.Target.Plan] = append(byPlan[row.Target.Plan], row)
	}
	var lines []planLine
	for _, pl := range rv.Plans() {
		u, _ := rv.UnitByID(pl.Unit)
		parent, _ := rv.Plan(pl.Parent)
		sum := summarize(byPlan[pl.Code], l)
		lines = append(lines, planLine{Plan: pl, Unit: u, Parent: parent, Summary: sum, AsOf: asOfText(sum, l)})
	}
	if download(w, r, planSheet(l, lines)) {
		return
	}
	title := T(l, "Plans")
	p.show(w, r, l, rv, meta{page: "plans", title: title, crumbs: []crumb{{Href: "/", Text: T(l, "Home")}, {Text: title}}}, struct {
		Lines     []planLine
		CanCreate bool // only on a signed-in planner's page, never the cached one
	}{lines, p.mayCreatePlan(r)})
}

func planSheet(l locale.Lang, lines []planLine) sheet {
	h := func(vi, en string) string {
		if l == locale.VI {
			return vi
		}
		return en
	}
	s := sheet{name: h("ke-hoach", "plans"), title: h("Kế hoạch", "Plans"),
		header: []string{h("Mã kế hoạch", "Plan code"), h("Tên", "Title"), h("Loại", "Kind"), h("Mã đơn vị", "Unit code"), h("Đơn vị", "Unit"),
			h("Từ năm", "From"), h("Đến năm", "To"), h("Cơ quan ban hành", "Issuer"), h("Ngày ban hành", "Issued"),
			h("Kế hoạch cấp trên", "Parent plan"), h("Số mục tiêu", "Targets"), h("Đánh giá đến thời hạn", "Judged at the deadline"),
			h("Đánh giá đến năm cuối có số liệu", "As of the last year with figures")}}
	for _, pl := range lines {
		s.rows = append(s.rows, []cell{text(pl.Plan.Code), text(pl.Plan.Title(string(l))), text(locale.PlanKind(string(pl.Plan.Kind), l)),
			text(pl.Unit.Code), text(pl.Unit.Name(string(l))), integer(pl.Plan.Horizon.StartYear()), integer(pl.Plan.Horizon.EndYear()),
			text(pl.Plan.Issuer(string(l))), text(string(pl.Plan.Issued)), text(pl.Parent.Title(string(l))),
			integer(pl.Summary.Total), text(pl.Summary.FinalWords), text(pl.AsOf)})
	}
	return s
}

// asOfText is how the targets that cannot be judged at their deadlines
// stand as of the last year with figures: "tính đến 2024: 1 đúng tiến độ",
// or "" when there are none.
func asOfText(s summary, l locale.Lang) string {
	if s.AsOfTotal == 0 {
		return ""
	}
	if l == locale.VI {
		return "tính đến " + s.AsOfYears + ": " + s.AsOfWords
	}
	return "as of " + s.AsOfYears + ": " + s.AsOfWords
}
