package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"

	"planwatch"
	"planwatch/chart"
	"planwatch/locale"
	"planwatch/period"
)

// compare is /compare: one indicator across the provinces or a group.
func (p *pages) compare(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	q := r.URL.Query()
	code := q.Get("indicator")
	if code == "" {
		code = "GRDP"
	}
	in, ok := rv.Indicator(code)
	if !ok {
		p.fail(w, r, l, http.StatusNotFound, fmt.Sprintf("indicator: no indicator %q", code))
		return
	}
	dims, err := planwatch.ParseDims(q.Get("dims"))
	if err != nil {
		p.fail(w, r, l, http.StatusBadRequest, "dims: "+err.Error())
		return
	}
	if q.Get("dims") == "" && len(in.Dimensions) > 0 {
		dims = planwatch.Dims(in.Dimensions[0].Name + "=" + in.Dimensions[0].Values[0])
	}
	per := period.Year(2021)
	if s := q.Get("period"); s != "" {
		if per, err = period.Parse(s); err != nil {
			p.fail(w, r, l, http.StatusBadRequest, "period: "+err.Error())
			return
		}
	}
	group := q.Get("group")
	type row struct {
		Unit  planwatch.Unit
		Value *float64
		Rank  int
	}
	var rows []row
	vals := map[string]float64{}
	peers := rv.Peers(planwatch.LevelProvince, group, per)
	for _, u := range peers {
		rw := row{Unit: u}
		if v, _, err := rv.Value(u.Ref(), in.Code, dims, per); err == nil {
			rw.Value = &v
			vals[u.Ref()] = v
		}
		rows = append(rows, rw)
	}
	ranked := map[string]int{}
	for _, x := range rankValues(vals, in.Direction.Sign()) {
		ranked[x.key] = x.rank
	}
	for i := range rows {
		rows[i].Rank = ranked[rows[i].Unit.Ref()]
	}
	switch q.Get("sort") {
	case "name":
		sort.SliceStable(rows, func(i, j int) bool { return locale.Fold(rows[i].Unit.NameVI) < locale.Fold(rows[j].Unit.NameVI) })
	case "code":
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Unit.Code < rows[j].Unit.Code })
	default:
		sort.SliceStable(rows, func(i, j int) bool {
			a, b := rows[i].Rank, rows[j].Rank
			if a == 0 {
				a = math.MaxInt
			}
			if b == 0 {
				b = math.MaxInt
			}
			return a < b
		})
	}
	if csvOut(w, r, "compare-"+in.Code+"-"+per.String(), []string{"code", "name", "value", "rank"}, func() [][]string {
		var out [][]string
		for _, rw := range rows {
			rank := ""
			if rw.Rank > 0 {
				rank = strconv.Itoa(rw.Rank)
			}
			out = append(out, []string{rw.Unit.Code, rw.Unit.NameVI, fmtNum(rw.Value), rank})
		}
		return out
	}()) {
		return
	}
	var bars []chart.Bar
	for _, rw := range rows {
		if rw.Value != nil {
			bars = append(bars, chart.Bar{Label: rw.Unit.Name(string(l)), Value: *rw.Value, Highlight: rw.Unit.Code == p.s.DefaultUnit})
		}
	}
	var groups []string
	seen := map[string]bool{}
	for _, m := range rv.Members() {
		if !seen[m.Group] {
			seen[m.Group] = true
			groups = append(groups, m.Group)
		}
	}
	p.render(w, r, l, "compare", T(l, "Compare provinces"), struct {
		Indicator  planwatch.Indicator
		Indicators []planwatch.Indicator
		Dims       planwatch.Dims
		Period     period.Period
		Group      string
		Groups     []string
		Rows       []row
		WithData   int
		Chart      template.HTML
	}{in, rv.Indicators(), dims, per, group, groups, rows, len(vals), chart.Bars(in.Name(string(l)), bars, axisFormat(l))})
}

type rankedValue struct {
	key  string
	rank int
}

func rankValues(vals map[string]float64, sign int) []rankedValue {
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if sign < 0 {
			return vals[keys[i]] < vals[keys[j]]
		}
		return vals[keys[i]] > vals[keys[j]]
	})
	out := make([]rankedValue, len(keys))
	for i, k := range keys {
		out[i] = rankedValue{k, i + 1}
		if i > 0 && vals[k] == vals[keys[i-1]] {
			out[i].rank = out[i-1].rank
		}
	}
	return out
}
