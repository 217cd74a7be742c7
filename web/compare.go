package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/calc"
	"planwatch/chart"
	"planwatch/geo"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// compareRow is a province on /compare.
type compareRow struct {
	Unit     planwatch.Unit
	Value    *float64
	Text     string // the value as the column shows it
	Rebuilt  bool
	Rank     review.Rank
	Place    string // the rank in words, with how many have figures
	Selected bool
	Bar      template.HTML
}

// option is a choice of a select.
type option struct {
	Value, Text string
	Selected    bool
}

// compareView is what /compare shows.
type compareView struct {
	Indicator   planwatch.Indicator
	Indicators  []option
	Dims        []option // the indicator's values, each combination with its name
	DimsNote    string   // why the dims asked for were not used
	Periods     []option
	Groups      []option
	Group       string // the group's name, or ""
	Unit        string // the unit asked for, when not the default
	Heading     string // the indicator, its dimensions and the period
	MeasureUnit string
	Period      period.Period
	Of          int
	WithData    int
	Selection   selection
	Picked      []compareRow // the rows of the selection, for the summary
	Rows        []compareRow
	Map         template.HTML
	MapNote     string
	Sort        string
	Query       func(kv ...string) template.URL
}

// compare is /compare: one indicator across the provinces or a group at a
// period, as a table with bars and as a map.
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
	per := period.Year(2021)
	if s := q.Get("period"); s != "" {
		if per, err = period.Parse(s); err != nil {
			p.fail(w, r, l, http.StatusBadRequest, "period: "+err.Error())
			return
		}
	}
	v := compareView{Indicator: in, Period: per, Sort: q.Get("sort")}
	combos := dimsChoices(in)
	if len(combos) > 0 && !slices.Contains(combos, dims) {
		// A form that changed the indicator sends the dimensions of the
		// one before: show the new one's first.
		if dims != "" {
			v.DimsNote = say(l, "Phân tổ "+locale.Dims(string(dims), l)+" không có ở chỉ tiêu này: hiển thị "+locale.Dims(string(combos[0]), l)+".",
				"The breakdown "+locale.Dims(string(dims), l)+" is not one of this indicator's: showing "+locale.Dims(string(combos[0]), l)+".")
		}
		dims = combos[0]
	}
	for _, d := range combos {
		v.Dims = append(v.Dims, option{string(d), locale.Dims(string(d), l), d == dims})
	}
	for _, x := range rv.Indicators() {
		v.Indicators = append(v.Indicators, option{x.Code, x.Name(string(l)), x.Code == in.Code})
	}
	day := planwatch.PeriodSpan(per).LastDay()
	group := q.Get("group")
	groups := groupsAt(rv, day, l)
	if group != "" {
		i := slices.IndexFunc(groups, func(g groupAt) bool { return g.code == group })
		if i < 0 {
			if known := slices.ContainsFunc(rv.Members(), func(m planwatch.GroupMember) bool { return m.Group == group }); known {
				p.fail(w, r, l, http.StatusNotFound, fmt.Sprintf("group: %q has no provinces in %s", group, per))
			} else {
				p.fail(w, r, l, http.StatusNotFound, fmt.Sprintf("group: no group %q", group))
			}
			return
		}
		v.Group = groups[i].name
	}
	for _, g := range groups {
		v.Groups = append(v.Groups, option{g.code, fmt.Sprintf("%s (%d)", g.name, g.count), g.code == group})
	}
	// The selected unit, as it stood at the period.
	ref := q.Get("unit")
	if ref == "" {
		ref = p.s.DefaultUnit
	} else {
		v.Unit = ref
	}
	if u, err := rv.Unit(ref, period.Period{}); err == nil {
		v.Selection = selectAt(rv, u, per, l)
	}
	v.Periods = periodChoices(rv, v.Selection, in.Code, dims, per)

	// Every province's figure, for the map, and the table's (all, or the
	// group's), in one column.
	national := rv.Peers(planwatch.LevelProvince, "", per)
	figs := map[int64]float64{}
	rebuilt := map[int64]bool{}
	var all []float64
	for _, u := range national {
		if x, rb, err := rv.Value(u.Ref(), in.Code, dims, per); err == nil {
			figs[u.ID], rebuilt[u.ID] = x, rb
			all = append(all, x)
		}
	}
	col := crossColumn(all, in.MeasureUnit)
	v.MeasureUnit = col.unit(l)
	v.Heading = review.IndicatorText(in, dims, l) + " · " + per.String()
	peers := national
	if group != "" {
		peers = rv.Peers(planwatch.LevelProvince, group, per)
	}
	vals := map[string]float64{}
	for _, u := range peers {
		if x, ok := figs[u.ID]; ok {
			vals[u.Ref()] = col.value(x)
		} else if x, rb, err := rv.Value(u.Ref(), in.Code, dims, per); err == nil {
			figs[u.ID], rebuilt[u.ID] = x, rb
			vals[u.Ref()] = col.value(x)
		}
	}
	// Ranks on the figures as shown, so that equal figures share a place.
	ranked := calc.Rank(vals, in.Direction.Sign())
	scope := "national"
	if group != "" {
		scope = group
	}
	var shown []float64
	for _, x := range vals {
		shown = append(shown, x)
	}
	scale := chart.NewScale(shown)
	for _, u := range peers {
		row := compareRow{Unit: u, Rebuilt: rebuilt[u.ID], Selected: v.Selection.Has(u),
			Rank: review.Rank{Scope: scope, Of: len(peers), WithData: len(vals)}}
		if x, ok := vals[u.Ref()]; ok {
			fig := figs[u.ID]
			row.Value, row.Text = &fig, col.text(fig, l)
			n := calc.RankOf(ranked, u.Ref())
			row.Rank.Rank = &n
			row.Place = review.RankText(row.Rank, l)
			row.Bar = chart.InlineBar(x, scale, row.Selected)
		}
		v.Rows = append(v.Rows, row)
	}
	v.Of, v.WithData = len(peers), len(vals)
	sortRows(v.Rows, v.Sort, l)
	for _, row := range v.Rows {
		if row.Selected {
			v.Picked = append(v.Picked, row)
		}
	}

	if name, header, rows := compareSheet(v, col, in, dims, l); csvOut(w, r, name, header, rows) {
		return
	}
	v.Map, v.MapNote = compareMap(v, col, national, figs, in, dims, l)
	base := []string{"indicator", in.Code, "dims", string(dims), "period", per.String(), "group", group, "unit", v.Unit, "sort", v.Sort}
	v.Query = func(kv ...string) template.URL { return template.URL(queryOf(with(base, kv...)...)) }
	p.render(w, r, l, "compare", T(l, "Compare provinces"), v)
}

// sortRows orders the table: by rank (best first, those without a figure
// last), by name in the language, or by code.
func sortRows(rows []compareRow, by string, l locale.Lang) {
	rank := func(r compareRow) int {
		if r.Rank.Rank == nil {
			return 1 << 30
		}
		return *r.Rank.Rank
	}
	slices.SortStableFunc(rows, func(a, b compareRow) int {
		switch by {
		case "name":
			return strings.Compare(locale.Fold(a.Unit.Name(string(l))), locale.Fold(b.Unit.Name(string(l))))
		case "code":
			return strings.Compare(a.Unit.Code, b.Unit.Code)
		}
		if c := rank(a) - rank(b); c != 0 {
			return c
		}
		return strings.Compare(locale.Fold(a.Unit.Name(string(l))), locale.Fold(b.Unit.Name(string(l))))
	})
}

// groupAt is a group with provinces at a day.
type groupAt struct {
	code, name string
	count      int
}

// groupsAt lists the groups that have provinces on a day, by name.
func groupsAt(rv *review.Review, day planwatch.Date, l locale.Lang) []groupAt {
	idx := map[string]int{}
	var out []groupAt
	for _, m := range rv.Members() {
		if !m.Validity().Contains(day) {
			continue
		}
		u, ok := rv.UnitByID(m.Unit)
		if !ok || u.Level != planwatch.LevelProvince || !u.Validity().Contains(day) {
			continue
		}
		i, ok := idx[m.Group]
		if !ok {
			name := say(l, m.NameVI, m.NameEN)
			if name == "" {
				name = m.Group
			}
			idx[m.Group], i = len(out), len(out)
			out = append(out, groupAt{code: m.Group, name: name})
		}
		out[i].count++
	}
	slices.SortFunc(out, func(a, b groupAt) int { return strings.Compare(locale.Fold(a.name), locale.Fold(b.name)) })
	return out
}

// dimsChoices lists every combination of an indicator's declared values,
// the first value of each dimension first.
func dimsChoices(in planwatch.Indicator) []planwatch.Dims {
	combos := []string{""}
	for _, d := range in.Dimensions {
		var next []string
		for _, c := range combos {
			for _, val := range d.Values {
				kv := d.Name + "=" + val
				if c != "" {
					kv = c + ";" + kv
				}
				next = append(next, kv)
			}
		}
		combos = next
	}
	if len(combos) == 1 && combos[0] == "" {
		return nil
	}
	out := make([]planwatch.Dims, 0, len(combos))
	for _, c := range combos {
		d, err := planwatch.ParseDims(c)
		if err == nil {
			out = append(out, d)
		}
	}
	return out
}

// periodChoices suggests the periods the selected unit (or what stands
// for it) has figures for, latest first, and the one shown: reading every
// province's series for a list would read the whole store.
func periodChoices(rv *review.Review, sel selection, code string, dims planwatch.Dims, shown period.Period) []option {
	seen := map[string]period.Period{shown.String(): shown}
	units := append([]planwatch.Unit{sel.Unit}, sel.At...)
	for _, u := range units {
		for _, o := range rv.Series(u.ID, code, dims) {
			seen[o.Period.String()] = o.Period
		}
	}
	ps := make([]period.Period, 0, len(seen))
	for _, x := range seen {
		ps = append(ps, x)
	}
	slices.SortFunc(ps, func(a, b period.Period) int { return b.Compare(a) })
	var out []option
	for _, x := range ps {
		out = append(out, option{x.String(), x.String(), x.String() == shown.String()})
	}
	return out
}

// compareMap draws the provinces of the period's era coloured by their
// figures as the table shows them, the selection outlined, each linked to
// its page on the indicator.
func compareMap(v compareView, col column, national []planwatch.Unit, figs map[int64]float64, in planwatch.Indicator, dims planwatch.Dims, l locale.Lang) (template.HTML, string) {
	era := geo.EraOn(string(planwatch.PeriodSpan(v.Period).LastDay()))
	m := geo.Of(era)
	refs := map[string]string{}
	values := map[string]float64{}
	for _, u := range national {
		if _, ok := m.Province(u.Code); !ok {
			continue
		}
		refs[u.Code] = u.Ref()
		if x, ok := figs[u.ID]; ok {
			values[u.Code] = col.value(x)
		}
	}
	var hl []string
	for _, u := range v.Selection.At {
		if _, ok := refs[u.Code]; ok && u.Level == planwatch.LevelProvince {
			hl = append(hl, u.Code)
		}
	}
	var b strings.Builder
	err := geo.Choropleth(&b, geo.Options{Era: era, Values: values, Highlight: hl, Lang: l,
		Title: v.Heading, Unit: col.unit(l),
		Format: func(x float64) string { return locale.Fixed(x, col.dec, l) },
		Href: func(code string) string {
			return "/u/" + url.PathEscape(refs[code]) + "/i/" + url.PathEscape(in.Code) + "?" + (queryOf("dims", string(dims)))
		}})
	if err != nil {
		return "", err.Error()
	}
	note := ""
	if v.Group != "" {
		note = say(l, "Bản đồ cả nước, để thấy "+v.Group+" trong toàn quốc.", "The map shows every province, to set "+v.Group+" among them.")
	}
	return template.HTML(b.String()), note
}

// compareSheet is the table as a download: the indicator, its breakdown
// and the period on every row, the province's code and name, the figure
// as shown with its measure unit, and the rank, the peers and how many of
// them have a figure as numbers of their own (never "1/34", which a
// spreadsheet reads as a date).
func compareSheet(v compareView, col column, in planwatch.Indicator, dims planwatch.Dims, l locale.Lang) (string, []string, [][]string) {
	name := "compare-" + in.Code + "-" + strings.ReplaceAll(v.Period.String(), "/", "-")
	header := []string{say(l, "Mã chỉ tiêu", "Indicator code"), say(l, "Chỉ tiêu", "Indicator"), say(l, "Phân tổ", "Breakdown"),
		say(l, "Kỳ", "Period"), say(l, "Mã tỉnh", "Province code"), say(l, "Tỉnh, thành phố", "Province"),
		say(l, "Giá trị", "Value"), say(l, "Đơn vị tính", "Measure unit"), say(l, "Xếp hạng", "Rank"),
		say(l, "Trên tổng số", "Of"), say(l, "Số tỉnh có số liệu", "With data"), say(l, "Ghi chú", "Note")}
	var rows [][]string
	for _, row := range v.Rows {
		note := ""
		if row.Rebuilt {
			note = chart.KindName(chart.Rebuilt, l)
		}
		val, rank := "", ""
		if row.Value != nil {
			val, rank = col.csv(*row.Value), strconv.Itoa(*row.Rank.Rank)
		}
		rows = append(rows, []string{in.Code, in.Name(string(l)), locale.Dims(string(dims), l), v.Period.String(), row.Unit.Code,
			row.Unit.Name(string(l)), val, col.unit(l), rank, strconv.Itoa(row.Rank.Of), strconv.Itoa(row.Rank.WithData), note})
	}
	return name, header, rows
}
