package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"planwatch"
	"planwatch/chart"
	"planwatch/exchange"
	"planwatch/lineage"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

type pages struct {
	s     *Server
	pages map[string]*template.Template
}

func newPages(s *Server) (*pages, error) {
	p := &pages{s: s, pages: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"t": func(l locale.Lang, s string) string { return T(l, s) },
		"num": func(l locale.Lang, v any) string {
			switch x := v.(type) {
			case float64:
				return locale.Number(x, l)
			case *float64:
				if x == nil {
					return "–"
				}
				return locale.Number(*x, l)
			}
			return fmt.Sprint(v)
		},
		"fixed": func(l locale.Lang, d int, v *float64) string {
			if v == nil {
				return "–"
			}
			return locale.Fixed(*v, d, l)
		},
		"measure": func(l locale.Lang, s string) string { return Measure(l, s) },
		"reason": func(l locale.Lang, a review.Assessment) string {
			if l == locale.VI && a.ReasonVI != "" {
				return a.ReasonVI
			}
			return a.Reason
		},
		"fname": func(l locale.Lang, f review.Fact) string {
			if l == locale.VI {
				return f.IndicatorNameVI
			}
			return f.IndicatorName
		},
		"pct":    func(l locale.Lang, v float64) string { return locale.Fixed(v, 1, l) + " %" },
		"status": func(l locale.Lang, s string) string { return T(l, s) },
		"extent": func(l locale.Lang, pt lineage.Part) string { return pt.Extent(l) },
		"name":   func(l locale.Lang, u planwatch.Unit) string { return u.Name(string(l)) },
		"iname":  func(l locale.Lang, in planwatch.Indicator) string { return in.Name(string(l)) },
		"ptitle": func(l locale.Lang, pl planwatch.Plan) string { return pl.Title(string(l)) },
		"query": func(kv ...string) template.URL {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					v.Set(kv[i], kv[i+1])
				}
			}
			return template.URL(v.Encode())
		},
		"pathesc": url.PathEscape,
	}
	names, err := assets.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if n.Name() == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+n.Name())
		if err != nil {
			return nil, err
		}
		p.pages[strings.TrimSuffix(n.Name(), ".html")] = t
	}
	return p, nil
}

// view is what every page gets.
type view struct {
	Lang    locale.Lang
	Title   string
	Path    string
	Other   locale.Lang // the language the switch offers
	Data    any
	Default string
}

func (p *pages) render(w http.ResponseWriter, r *http.Request, l locale.Lang, page, title string, data any) {
	other := locale.EN
	if l == locale.EN {
		other = locale.VI
	}
	var buf bytes.Buffer
	if err := p.pages[page].Execute(&buf, view{Lang: l, Title: title, Path: r.URL.Path, Other: other, Data: data, Default: p.s.DefaultUnit}); err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (p *pages) fail(w http.ResponseWriter, r *http.Request, l locale.Lang, code int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	other := locale.EN
	if l == locale.EN {
		other = locale.VI
	}
	var buf bytes.Buffer
	if err := p.pages["error"].Execute(&buf, view{Lang: l, Title: T(l, http.StatusText(code)), Path: r.URL.Path, Other: other, Data: msg, Default: p.s.DefaultUnit}); err != nil {
		fmt.Fprintf(w, "%d %s", code, template.HTMLEscapeString(msg))
		return
	}
	w.Write(buf.Bytes())
}

// begin finds the page's language and its snapshot: the one the cache
// keeps the page for, or the current one.
func (p *pages) begin(w http.ResponseWriter, r *http.Request) (locale.Lang, *review.Review) {
	l := lang(w, r)
	if rv, ok := r.Context().Value(snapshotKey{}).(*review.Review); ok {
		return l, rv
	}
	return l, p.s.current().rv
}

func statusOf(err error) int {
	switch planwatch.ErrorCode(err) {
	case planwatch.ENOTFOUND:
		return http.StatusNotFound
	case planwatch.EINVALID:
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// csvOut writes a table as CSV or XLSX when ?format=csv or ?format=xlsx
// asks for it, and reports whether it did.
func csvOut(w http.ResponseWriter, r *http.Request, name string, header []string, rows [][]string) bool {
	switch r.URL.Query().Get("format") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		// For people, who open it in a spreadsheet: no cell may run as a
		// formula there (numbers stay numbers).
		cw := csv.NewWriter(w)
		cw.Write(exchange.SafeRecord(slices.Clone(header)))
		for _, row := range rows {
			cw.Write(exchange.SafeRecord(row))
		}
		cw.Flush()
		return true
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		sheet := f.GetSheetName(0)
		for i, row := range append([][]string{header}, rows...) {
			cells := make([]any, len(row))
			for j, v := range row {
				// Numbers go in as numbers, so that the sheet can add them up.
				// Codes with leading zeros ("01", "00004") stay text.
				x, err := strconv.ParseFloat(v, 64)
				if err == nil && i > 0 && !(len(v) > 1 && v[0] == '0' && v[1] != '.') {
					cells[j] = x
				} else {
					cells[j] = v // a string cell: text, never a formula, whatever it starts with
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return true
			}
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		if err := f.Write(w); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
		return true
	}
	return false
}

func fmtNum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// axisFormat writes a chart's numbers with at most two decimals, as many
// as they have.
func axisFormat(l locale.Lang) func(float64) string {
	return func(v float64) string { return locale.Number(math.Round(v*100)/100, l) }
}

// yearPoints turns yearly figures into chart points.
func yearPoints(obs []planwatch.Observation) []chart.Point {
	var pts []chart.Point
	for _, o := range obs {
		if o.Period.Freq() == period.Annual && !o.Period.IsInterval() {
			pts = append(pts, chart.Point{Label: o.Period.String(), X: float64(o.Period.StartYear()), Y: o.Value, Estimate: o.Status == "E" || o.Status == "P" || o.Status == "F" || o.Status == "I"})
		}
	}
	return pts
}

// targetRow is a target on the dashboard and the plan page.
type targetRow struct {
	N          int
	Target     planwatch.Target
	Indicator  planwatch.Indicator
	Unit       planwatch.Unit
	Assessment review.Assessment
	Spark      template.HTML
}

func (p *pages) targetRows(rv *review.Review, plan string, unitIDs map[int64]bool) ([]targetRow, error) {
	var rows []targetRow
	as := map[string]review.Assessment{}
	all, err := rv.Assess(review.Filter{Plan: plan})
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		as[a.Plan+"|"+a.Unit+"|"+a.Indicator+"|"+a.Dims+"|"+a.Deadline+"|"+a.Kind] = a
	}
	counter := map[string]int{}
	for _, t := range rv.Targets(plan) {
		counter[t.Plan]++
		if unitIDs != nil && !unitIDs[t.Unit] {
			continue
		}
		u, _ := rv.UnitByID(t.Unit)
		in, _ := rv.Indicator(t.Indicator)
		a := as[t.Plan+"|"+u.Code+"|"+t.Indicator+"|"+string(t.Dims)+"|"+t.Period.String()+"|"+string(t.Kind)]
		rows = append(rows, targetRow{N: counter[t.Plan], Target: t, Indicator: in, Unit: u, Assessment: a,
			Spark: chart.Sparkline(yearPoints(rv.Series(t.Unit, t.Indicator, t.Dims)), a.Status)})
	}
	return rows, nil
}

// unitOf finds the unit the path names, or answers 404.
func (p *pages) unitOf(w http.ResponseWriter, r *http.Request, l locale.Lang, rv *review.Review) (planwatch.Unit, bool) {
	u, err := rv.Unit(r.PathValue("unit"), period.Period{})
	if err != nil {
		p.fail(w, r, l, statusOf(err), err.Error())
		return u, false
	}
	return u, true
}

func (p *pages) dashboard(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	u, ok := p.unitOf(w, r, l, rv)
	if !ok {
		return
	}
	per := period.Year(rv.LatestYear(u.ID))
	if q := r.URL.Query().Get("period"); q != "" {
		var err error
		if per, err = period.Parse(q); err != nil {
			p.fail(w, r, l, http.StatusBadRequest, "period: "+err.Error())
			return
		}
	}
	facts, err := rv.Facts(u.Ref(), per)
	if err != nil {
		facts = nil // a unit that did not exist then has no facts; its targets still show
	}
	// The unit's own targets, and those of the units it was formed from:
	// they stay theirs, and are judged on their figures.
	ids := map[int64]bool{u.ID: true}
	for _, pt := range rv.Lineage().Predecessors(u.ID) {
		ids[pt.Unit.ID] = true
	}
	rows, err := p.targetRows(rv, "", ids)
	if err != nil {
		p.fail(w, r, l, statusOf(err), err.Error())
		return
	}
	if csvOut(w, r, "facts-"+u.Code+"-"+per.String(), []string{"indicator", "dims", "period", "value", "measure_unit", "status", "growth_pct", "rank_national", "pct_of_plan"}, factRows(facts)) {
		return
	}
	type group struct {
		Plan planwatch.Plan
		Unit planwatch.Unit
		Rows []targetRow
	}
	var groups []group
	for _, row := range rows {
		if len(groups) == 0 || groups[len(groups)-1].Plan.Code != row.Target.Plan {
			pl, _ := rv.Plan(row.Target.Plan)
			groups = append(groups, group{Plan: pl, Unit: row.Unit})
		}
		groups[len(groups)-1].Rows = append(groups[len(groups)-1].Rows, row)
	}
	p.render(w, r, l, "dashboard", u.Name(string(l)), struct {
		Unit   planwatch.Unit
		Period period.Period
		Facts  []review.Fact
		Groups []group
	}{u, per, facts, groups})
}

func factRows(facts []review.Fact) [][]string {
	var rows [][]string
	for _, f := range facts {
		rank := ""
		for _, r := range f.Rank {
			if r.Scope == "national" && r.Rank != nil {
				rank = fmt.Sprintf("%d/%d", *r.Rank, r.Of)
			}
		}
		var plans []string
		for k, v := range f.PctOfPlan {
			plans = append(plans, fmt.Sprintf("%s %.1f", k, v))
		}
		sort.Strings(plans)
		rows = append(rows, []string{f.Indicator, f.Dims, f.Period, fmtNum(f.Value), f.MeasureUnit, f.Status, fmtNum(f.GrowthPct), rank, strings.Join(plans, "; ")})
	}
	return rows
}

func (p *pages) target(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	plan, ok := rv.Plan(r.PathValue("plan"))
	n, err := strconv.Atoi(r.PathValue("n"))
	if !ok || err != nil {
		p.fail(w, r, l, http.StatusNotFound, "no such target")
		return
	}
	rows, err := p.targetRows(rv, plan.Code, nil)
	if err != nil || n < 1 || n > len(rows) {
		p.fail(w, r, l, http.StatusNotFound, "no such target")
		return
	}
	row := rows[n-1]
	t, a := row.Target, row.Assessment
	series := yearPoints(rv.Series(t.Unit, t.Indicator, t.Dims))
	spec := chart.LineSpec{Title: row.Indicator.Name(string(l)), Series: series, TargetX: float64(t.Period.EndYear()),
		Format: axisFormat(l)}
	switch t.Kind {
	case planwatch.AtLeast, planwatch.AtMost, planwatch.Exactly, planwatch.PlanFig:
		spec.TargetLo, spec.TargetHi = t.Value, t.Value
	case planwatch.Range:
		spec.TargetLo, spec.TargetHi = t.Low, t.High
	}
	if a.ProjectedValue != nil && a.LatestValue != nil && a.LatestPeriod != nil && (t.Kind != planwatch.Growth && t.Kind != planwatch.AvgGrowth || len(series) > 0) {
		ly, _ := strconv.Atoi(*a.LatestPeriod)
		spec.Projection = []chart.Point{{X: float64(ly), Y: *a.LatestValue}, {X: float64(t.Period.EndYear()), Y: *a.ProjectedValue}}
	}
	for _, m := range t.Milestones {
		spec.Milestones = append(spec.Milestones, chart.Point{Label: m.Period.String(), X: float64(m.Period.EndYear()), Y: m.Value})
	}
	p.render(w, r, l, "target", row.Indicator.Name(string(l)), struct {
		Plan  planwatch.Plan
		Row   targetRow
		Chart template.HTML
	}{plan, row, chart.Line(spec)})
}

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
		Versions []planwatch.Observation
	}
	var table []revision
	for _, o := range obs {
		hist, err := p.s.store.History(r.Context(), o.Key(), o.Period.String())
		if err != nil {
			p.fail(w, r, l, http.StatusInternalServerError, err.Error())
			return
		}
		table = append(table, revision{o, hist})
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

func (p *pages) plan(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	pl, ok := rv.Plan(r.PathValue("plan"))
	if !ok {
		p.fail(w, r, l, http.StatusNotFound, fmt.Sprintf("no plan %q", r.PathValue("plan")))
		return
	}
	rows, err := p.targetRows(rv, pl.Code, nil)
	if err != nil {
		p.fail(w, r, l, statusOf(err), err.Error())
		return
	}
	if csvOut(w, r, "plan-"+pl.Code, []string{"unit", "indicator", "dims", "kind", "deadline", "status", "reason", "latest_value", "latest_period"}, func() [][]string {
		var out [][]string
		for _, rw := range rows {
			a := rw.Assessment
			lp := ""
			if a.LatestPeriod != nil {
				lp = *a.LatestPeriod
			}
			out = append(out, []string{a.Unit, a.Indicator, a.Dims, a.Kind, a.Deadline, a.Status, a.Reason, fmtNum(a.LatestValue), lp})
		}
		return out
	}()) {
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
	p.render(w, r, l, "plan", pl.Title(string(l)), struct {
		Plan     planwatch.Plan
		Unit     planwatch.Unit
		Parent   *planwatch.Plan
		Children []planwatch.Plan
		Rows     []targetRow
	}{pl, u, parent, children, rows})
}

func (p *pages) plans(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	p.render(w, r, l, "plans", T(l, "Plans"), rv.Plans())
}

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
