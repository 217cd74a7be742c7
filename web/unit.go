package web

import (
	"net/http"

	"planwatch"
	"planwatch/lineage"
	"planwatch/locale"
)

// unit is /u/{unit}/about: a unit's identity, validity, lineage and groups.
func (p *pages) unit(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	u, ok := p.unitOf(w, r, l, rv)
	if !ok {
		return
	}
	g := rv.Lineage()
	type member struct {
		Group, Name, From, To string
	}
	var groups []member
	for _, m := range rv.Members() {
		if m.Unit == u.ID {
			name := m.NameVI
			if l == locale.EN && m.NameEN != "" {
				name = m.NameEN
			}
			groups = append(groups, member{m.Group, name, string(m.ValidFrom), string(m.ValidTo)})
		}
	}
	keys := rv.SeriesKeys(u.ID)
	parent, _ := rv.UnitByID(u.Parent)
	p.render(w, r, l, "unit", u.Name(string(l)), struct {
		Unit         planwatch.Unit
		Parent       planwatch.Unit
		Predecessors []lineage.Part
		Successors   []lineage.Part
		Groups       []member
		Series       []planwatch.SeriesKey
	}{u, parent, g.Predecessors(u.ID), g.Successors(u.ID), groups, keys})
}
