package web

import (
	"net/http"
	"strings"

	"planwatch"
	"planwatch/locale"
)

// units is /units: the units, searchable without diacritics.
func (p *pages) units(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	q := locale.Fold(r.URL.Query().Get("q"))
	var out []planwatch.Unit
	for _, u := range rv.Units() {
		if u.Level == planwatch.LevelCommune && q == "" {
			continue // thousands of them: search instead
		}
		if q != "" && !strings.Contains(locale.Fold(u.NameVI), q) && !strings.Contains(locale.Fold(u.NameEN), q) {
			continue
		}
		out = append(out, u)
	}
	p.render(w, r, l, "units", T(l, "Units"), struct {
		Query string
		Units []planwatch.Unit
	}{r.URL.Query().Get("q"), out})
}
