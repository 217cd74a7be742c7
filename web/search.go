package web

import (
	"net/http"
	"slices"
	"strings"

	"planwatch"
	"planwatch/locale"
)

// searchLimit bounds each list of results: a query of one letter matches
// thousands of communes.
const searchLimit = 40

// search is /search?q=: the units, indicators and plans whose code or name
// (in either language, with or without diacritics) holds the query.
func (p *pages) search(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	raw := strings.TrimSpace(r.URL.Query().Get("q"))
	q := locale.Fold(raw)
	matches := func(code string, names ...string) bool {
		if q == "" {
			return false
		}
		if strings.EqualFold(code, raw) || strings.Contains(locale.Fold(code), q) {
			return true
		}
		for _, n := range names {
			if strings.Contains(locale.Fold(n), q) {
				return true
			}
		}
		return false
	}
	var units []planwatch.Unit
	more := 0
	for _, u := range rv.Units() {
		if matches(u.Code, u.NameVI, u.NameEN) {
			units = append(units, u)
		}
	}
	// Units valid today first, then the higher levels, then by name.
	rank := map[planwatch.Level]int{planwatch.LevelNation: 0, planwatch.LevelRegion: 1, planwatch.LevelProvince: 2, planwatch.LevelDistrict: 3, planwatch.LevelCommune: 4, planwatch.LevelOther: 5}
	slices.SortStableFunc(units, func(a, b planwatch.Unit) int {
		if (a.ValidTo == "") != (b.ValidTo == "") {
			if a.ValidTo == "" {
				return -1
			}
			return 1
		}
		if rank[a.Level] != rank[b.Level] {
			return rank[a.Level] - rank[b.Level]
		}
		return strings.Compare(locale.Fold(a.NameVI), locale.Fold(b.NameVI))
	})
	if len(units) > searchLimit {
		more = len(units) - searchLimit
		units = units[:searchLimit]
	}
	var inds []planwatch.Indicator
	for _, in := range rv.Indicators() {
		if matches(in.Code, in.NameVI, in.NameEN) {
			inds = append(inds, in)
		}
	}
	var plans []planwatch.Plan
	for _, pl := range rv.Plans() {
		if matches(pl.Code, pl.TitleVI, pl.TitleEN) {
			plans = append(plans, pl)
		}
	}
	title := T(l, "Search")
	p.show(w, r, l, rv, meta{page: "search", title: title, crumbs: []crumb{{Href: "/", Text: T(l, "Home")}, {Text: title}}}, struct {
		Query      string
		Units      []planwatch.Unit
		More       int
		Indicators []planwatch.Indicator
		Plans      []planwatch.Plan
	}{raw, units, more, inds, plans})
}
