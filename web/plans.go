package web

import "net/http"

// plans is /plans: every plan.
func (p *pages) plans(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	p.render(w, r, l, "plans", T(l, "Plans"), rv.Plans())
}
