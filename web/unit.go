package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"planwatch"
	"planwatch/lineage"
	"planwatch/locale"
	"planwatch/review"
)

// unit is /u/{unit}/about: a unit's identity, validity, history in words,
// groups and the series it has figures in.
func (p *pages) unit(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	u, ok := p.unitOf(w, r, l, rv)
	if !ok {
		return
	}
	g := rv.Lineage()
	type member struct {
		Group, Name string
		From, To    planwatch.Date
	}
	var groups []member
	for _, m := range rv.Members() {
		if m.Unit == u.ID {
			name := m.NameVI
			if l == locale.EN && m.NameEN != "" || name == "" {
				name = m.NameEN
			}
			groups = append(groups, member{m.Group, name, m.ValidFrom, m.ValidTo})
		}
	}
	type series struct {
		Key         planwatch.SeriesKey
		Name, Unit  string
		First, Last string
		Count       int
		Href        string
	}
	var list []series
	for _, k := range rv.SeriesKeys(u.ID) {
		in, _ := rv.Indicator(k.Indicator)
		obs := rv.Series(u.ID, k.Indicator, k.Dims)
		s := series{Key: k, Name: review.IndicatorText(in, k.Dims, l), Unit: locale.Unit(in.MeasureUnit, l), Count: len(obs),
			Href: "/u/" + url.PathEscape(u.Ref()) + "/i/" + url.PathEscape(k.Indicator)}
		if k.Dims != "" {
			s.Href += "?dims=" + url.QueryEscape(string(k.Dims))
		}
		if len(obs) > 0 {
			s.First, s.Last = obs[0].Period.String(), obs[len(obs)-1].Period.String()
		}
		list = append(list, s)
	}
	slices.SortStableFunc(list, func(a, b series) int { return strings.Compare(locale.Fold(a.Name), locale.Fold(b.Name)) })
	h := func(vi, en string) string {
		if l == locale.VI {
			return vi
		}
		return en
	}
	sh := sheet{name: h("chuoi-so-lieu-", "series-") + u.Code, title: h("Chuỗi số liệu ", "Series ") + u.Code,
		header: []string{h("Mã đơn vị", "Unit code"), h("Đơn vị", "Unit"), h("Mã chỉ tiêu", "Indicator code"), h("Chỉ tiêu", "Indicator"),
			h("Phân tổ", "Dimensions"), h("Đơn vị tính", "Measure unit"), h("Kỳ đầu", "First period"), h("Kỳ cuối", "Last period"), h("Số kỳ có số liệu", "Figures")}}
	for _, s := range list {
		sh.rows = append(sh.rows, []cell{text(u.Code), text(u.Name(string(l))), text(s.Key.Indicator), text(s.Name),
			text(dimsName(rv, s.Key.Dims, l)), text(s.Unit), text(s.First), text(s.Last), integer(s.Count)})
	}
	if download(w, r, sh) {
		return
	}
	parent, _ := rv.UnitByID(u.Parent)
	crumbs := []crumb{{Href: "/units", Text: T(l, "Units")}, {Href: "/u/" + u.Ref(), Text: u.Name(string(l))}, {Text: T(l, "History")}}
	p.show(w, r, l, rv, meta{page: "unit", title: u.Name(string(l)) + " – " + T(l, "History"), crumbs: crumbs}, struct {
		Unit         planwatch.Unit
		Parent       planwatch.Unit
		History      []string
		Predecessors []lineage.Part
		Successors   []lineage.Part
		Groups       []member
		Series       []series
	}{u, parent, review.History(g, u, l), g.Predecessors(u.ID), g.Successors(u.ID), groups, list})
}
