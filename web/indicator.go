package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"

	"planwatch"
	"planwatch/chart"
	"planwatch/period"
	"planwatch/review"
)

// indicator is /u/{unit}/i/{indicator}: a series with its revisions, its
// rank among the provinces and its structure by sector.
func (p *pages) indicator(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	u, ok := p.unitOf(w, r, l, rv)
	if !ok {
		return
	}
	in, ok := rv.Indicator(r.PathValue("indicator"))
	if !ok {
		p.fail(w, r, l, http.StatusNotFound, fmt.Sprintf("no indicator %q", r.PathValue("indicator")))
		return
	}
	dims, err := planwatch.ParseDims(r.URL.Query().Get("dims"))
	if err != nil {
		p.fail(w, r, l, http.StatusBadRequest, "dims: "+err.Error())
		return
	}
	obs := rv.Series(u.ID, in.Code, dims)
	// Versions of each figure, newest last, so that revisions show.
	type revision struct {
		Obs      planwatch.Observation
		Source   string // the cited document's title in the page's language, and the detail
		Versions []planwatch.Observation
	}
	var table []revision
	for _, o := range obs {
		hist, err := p.s.store.History(r.Context(), o.Key(), o.Period.String())
		if err != nil {
			p.fail(w, r, l, http.StatusInternalServerError, err.Error())
			return
		}
		table = append(table, revision{o, rv.Cite(o.Source).Text(l), hist})
	}
	if csvOut(w, r, in.Code+"-"+u.Code, []string{"unit", "indicator", "dims", "period", "value", "status", "version", "source"}, func() [][]string {
		var rows [][]string
		for _, t := range table {
			for _, v := range t.Versions {
				rows = append(rows, []string{u.Code, in.Code, string(dims), v.Period.String(), strconv.FormatFloat(v.Value, 'f', -1, 64), v.Status, strconv.Itoa(v.Version), v.Source})
			}
		}
		return rows
	}()) {
		return
	}
	format := axisFormat(l)
	series := chart.Line(chart.LineSpec{Title: in.Name(string(l)), Series: yearPoints(obs), Format: format})
	// Rank among the provinces in the latest year with a figure.
	var bars template.HTML
	var latest period.Period
	for i := len(obs) - 1; i >= 0; i-- {
		if obs[i].Period.Freq() == period.Annual && !obs[i].Period.IsInterval() {
			latest = obs[i].Period
			break
		}
	}
	if !latest.IsZero() {
		bars = chart.Bars(T(l, "Rank among provinces"), p.peerBars(rv, u, in, dims, latest, ""), format)
	}
	// Structure by sector, when the indicator has a sector dimension.
	var structure template.HTML
	for _, d := range in.Dimensions {
		if d.Name != "sector" {
			continue
		}
		var sb []chart.Bar
		years := map[int][]float64{}
		for _, v := range d.Values {
			for _, o := range rv.Series(u.ID, in.Code, planwatch.Dims("sector="+v)) {
				if o.Period.Freq() == period.Annual && !o.Period.IsInterval() {
					y := o.Period.StartYear()
					for len(years[y]) < slices.Index(d.Values, v) {
						years[y] = append(years[y], 0)
					}
					years[y] = append(years[y], o.Value)
				}
			}
		}
		var ys []int
		for y := range years {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		for _, y := range ys {
			total := 0.0
			for _, v := range years[y] {
				total += v
			}
			sb = append(sb, chart.Bar{Label: strconv.Itoa(y), Value: total, Parts: years[y]})
		}
		structure = chart.Bars(T(l, "Structure by sector"), sb, format)
	}
	p.render(w, r, l, "indicator", in.Name(string(l))+" – "+u.Name(string(l)), struct {
		Unit      planwatch.Unit
		Indicator planwatch.Indicator
		Dims      planwatch.Dims
		Chart     template.HTML
		Bars      template.HTML
		Structure template.HTML
		Latest    period.Period
		Table     []revision
	}{u, in, dims, series, bars, structure, latest, table})
}

// peerBars are the peers' figures, largest first, the unit highlighted.
func (p *pages) peerBars(rv *review.Review, u planwatch.Unit, in planwatch.Indicator, dims planwatch.Dims, per period.Period, group string) []chart.Bar {
	var bars []chart.Bar
	for _, peer := range rv.Peers(u.Level, group, per) {
		v, _, err := rv.Value(peer.Ref(), in.Code, dims, per)
		if err != nil {
			continue
		}
		bars = append(bars, chart.Bar{Label: peer.Name("vi"), Value: v, Highlight: peer.ID == u.ID})
	}
	sign := in.Direction.Sign()
	sort.SliceStable(bars, func(i, j int) bool {
		if sign < 0 {
			return bars[i].Value < bars[j].Value
		}
		return bars[i].Value > bars[j].Value
	})
	return bars
}
