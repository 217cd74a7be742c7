package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/calc"
	"planwatch/chart"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// figureRow is one period of the series on /u/{unit}/i/{indicator}.
type figureRow struct {
	Obs      planwatch.Observation
	Text     string // the figure as the column shows it
	Status   string // the status in words
	Kind     chart.Kind
	Break    string // why it is not comparable with the figure before, or ""
	Note     int    // the footnote of its source
	Versions []versionRow
	Draft    string // the mark of a figure not yet approved (draftMark), or ""
}

// versionRow is one recorded version of a figure.
type versionRow struct {
	N            int
	Value        float64
	Code         string // the status's code
	Text, Status string
	By, At       string
	Note         int // the footnote of its source
	Current      bool
	Draft        string // the mark of a version not yet approved, or ""
}

// sourceNote is a footnote: a document figures come from, in the page's
// language, and what the figures quote of it.
type sourceNote struct {
	N      int
	Title  string
	Detail []string
}

// targetLine is a target or a plan figure of the unit on the indicator.
type targetLine struct {
	Plan      planwatch.Plan
	PlanTitle string
	N         int
	Text      string
	Deadline  string
	OnChart   bool
}

// indicatorView is what the indicator page shows.
type indicatorView struct {
	Unit        planwatch.Unit
	Indicator   planwatch.Indicator
	Heading     string
	DimsCode    string
	Dims        []option
	MeasureUnit string
	Chart       template.HTML
	Rows        []figureRow
	Notes       []sourceNote
	Targets     []targetLine
	Rank        *rankView
	Structure   *structureView
	Query       func(kv ...string) template.URL
}

// indicator is /u/{unit}/i/{indicator}: a unit's series of one indicator
// with each figure's versions and source, its targets and plan figures on
// the chart, its rank among the provinces and its structure by sector.
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
	if combos := dimsChoices(in); len(combos) > 0 && !slices.Contains(combos, dims) {
		dims = combos[0]
	}
	v := indicatorView{Unit: u, Indicator: in, Heading: review.IndicatorText(in, dims, l), DimsCode: string(dims)}
	for _, d := range dimsChoices(in) {
		v.Dims = append(v.Dims, option{string(d), locale.Dims(string(d), l), d == dims})
	}
	notes := newFootnotes(rv, l)

	pts := rv.Points(u.ID, in.Code, dims)
	var vals []float64
	for _, pt := range pts {
		vals = append(vals, pt.Value)
	}
	col := seriesColumn(vals, in.MeasureUnit)
	v.MeasureUnit = col.unit(l)
	var series []chart.Point
	sees := p.s.seesDrafts(r, u.ID, in.Code)
	for _, pt := range pts {
		hist, err := p.s.store.History(r.Context(), pt.Key(), pt.Period.String())
		if err != nil {
			p.fail(w, r, l, http.StatusInternalServerError, err.Error())
			return
		}
		row := figureRow{Obs: pt.Observation, Text: col.text(pt.Value, l), Status: locale.ObsStatus(obsStatus(pt.Status), l),
			Kind: chart.KindOf(pt.Status), Note: notes.cite(pt.Source), Draft: draftMark(pt.Approval, l)}
		if pt.Break {
			row.Break = say(l, pt.BreakReasonVI, pt.BreakReason)
		}
		for _, h := range hist {
			if !sees && draftMark(h.Approval, l) != "" {
				continue // a version not yet approved, which this reader does not see
			}
			row.Versions = append(row.Versions, versionRow{N: h.Version, Value: h.Value, Code: obsStatus(h.Status), Text: col.text(h.Value, l),
				Status: locale.ObsStatus(obsStatus(h.Status), l), By: h.RecordedBy, At: locale.Day(h.RecordedAt.Format("2006-01-02"), l),
				Current: h.Version == pt.Version, Note: notes.cite(h.Source), Draft: draftMark(h.Approval, l)})
		}
		v.Rows = append(v.Rows, row)
		if pt.Period.Freq() == period.Annual && !pt.Period.IsInterval() {
			series = append(series, chart.Point{Label: pt.Period.String(), X: float64(pt.Period.StartYear()), Y: col.value(pt.Value),
				Kind: row.Kind, Break: row.Break, Note: notes.short(pt.Source)})
		}
	}
	v.Notes = notes.list

	var marks []chart.Mark
	v.Targets, marks = unitTargets(rv, u, in, dims, col, l)
	if name, header, rows := indicatorSheet(v, col, dims, l); csvOut(w, r, name, header, rows) {
		return
	}
	if len(series) > 0 {
		v.Chart = chart.Responsive(chart.LineSpec{Title: v.Heading, Series: series, Targets: marks, Lang: l,
			Format: func(x float64) string { return locale.Fixed(x, col.dec, l) + unitSuffix(col, l) }})
	}
	v.Rank = rankAmong(rv, u, in, dims, pts, l)
	v.Structure = sectorStructure(rv, u, in, l)
	base := []string{"dims", string(dims)}
	v.Query = func(kv ...string) template.URL { return template.URL(queryOf(with(base, kv...)...)) }
	p.render(w, r, l, "indicator", v.Heading+" – "+u.Name(string(l)), v)
}

// obsStatus is a figure's status, A when none is recorded.
func obsStatus(s string) string {
	if s == "" {
		return "A"
	}
	return s
}

// dateText writes a day as the language does: 31/12/2025, or 2025-12-31.

func unitSuffix(c column, l locale.Lang) string {
	if u := c.unit(l); u != "" {
		return " " + u
	}
	return ""
}

// footnotes number the documents a page's figures come from.
type footnotes struct {
	rv   *review.Review
	l    locale.Lang
	idx  map[string]int
	list []sourceNote
}

func newFootnotes(rv *review.Review, l locale.Lang) *footnotes {
	return &footnotes{rv: rv, l: l, idx: map[string]int{}}
}

// document is a source's document in the page's language, and the detail
// the figure quotes of it. A known document (review.Cite) gives its
// title, publisher and date; a text "Tên tài liệu (English gloss): quote"
// gives the name in Vietnamese, or the gloss in English when it has one.
func (f *footnotes) document(source string) (doc, detail string) {
	c := f.rv.Cite(source)
	if s := c.Document; s != nil {
		doc = s.Title(string(f.l))
		if pub := s.Publisher(string(f.l)); pub != "" {
			doc = pub + ": " + doc
		}
		if s.Issued != "" {
			doc += ", " + locale.Day(string(s.Issued), f.l)
		}
		return doc, f.gloss(c.Detail)
	}
	doc, detail, _ = strings.Cut(source, ":")
	return f.gloss(doc), f.gloss(detail)
}

// gloss picks the language of a text written "Vietnamese (English
// gloss)": the text before the brackets, or the gloss in English.
func (f *footnotes) gloss(s string) string {
	s = strings.TrimSpace(s)
	i := strings.LastIndex(s, " (")
	if i <= 0 || !strings.HasSuffix(s, ")") || strings.Count(s[i:], "(") != strings.Count(s[i:], ")") {
		return s
	}
	if f.l == locale.EN {
		return s[i+2 : len(s)-1]
	}
	return s[:i]
}

// cite numbers a figure's source, and returns its footnote (0 for none).
func (f *footnotes) cite(source string) int {
	if strings.TrimSpace(source) == "" {
		return 0
	}
	doc, detail := f.document(source)
	n, ok := f.idx[doc]
	if !ok {
		f.list = append(f.list, sourceNote{N: len(f.list) + 1, Title: doc})
		n = len(f.list)
		f.idx[doc] = n
	}
	if note := &f.list[n-1]; detail != "" && !slices.Contains(note.Detail, detail) {
		note.Detail = append(note.Detail, detail)
	}
	return n
}

// short is a source's document for a hover.
func (f *footnotes) short(source string) string {
	doc, _ := f.document(source)
	if r := []rune(doc); len(r) > 90 {
		return string(r[:89]) + "…"
	}
	return doc
}

// unitTargets lists the unit's targets and plan figures on the
// indicator, and marks on the series those that are levels of it (a
// growth target is in percent, not on the series' axis).
func unitTargets(rv *review.Review, u planwatch.Unit, in planwatch.Indicator, dims planwatch.Dims, col column, l locale.Lang) ([]targetLine, []chart.Mark) {
	var lines []targetLine
	var marks []chart.Mark
	for _, plan := range rv.Plans() {
		for i, t := range rv.Targets(plan.Code) {
			if t.Unit != u.ID || t.Indicator != in.Code || t.Dims != dims {
				continue
			}
			tl := targetLine{Plan: plan, PlanTitle: plan.Title(string(l)), N: i + 1, Text: review.TargetText(t, in, l), Deadline: review.DeadlineText(t.Period)}
			x := float64(t.Period.EndYear())
			label := tl.Text + " (" + tl.Deadline + ", " + plan.Code + ")"
			switch t.Kind {
			case planwatch.AtLeast, planwatch.AtMost, planwatch.Exactly, planwatch.PlanFig:
				if t.Value != nil {
					y := col.value(*t.Value)
					marks = append(marks, chart.Mark{X: x, Lo: y, Hi: y, Label: label, Plan: t.Kind == planwatch.PlanFig})
					tl.OnChart = true
				}
			case planwatch.Range:
				if t.Low != nil && t.High != nil {
					marks = append(marks, chart.Mark{X: x, Lo: col.value(*t.Low), Hi: col.value(*t.High), Label: label})
					tl.OnChart = true
				}
			}
			lines = append(lines, tl)
		}
	}
	return lines, marks
}

// rankView is the unit among the provinces (or its level's units) at the
// latest year it has a figure for.
type rankView struct {
	Period      period.Period
	Of          int
	WithData    int
	Place       string
	MeasureUnit string
	Selection   selection
	Rows        []compareRow
}

func rankAmong(rv *review.Review, u planwatch.Unit, in planwatch.Indicator, dims planwatch.Dims, pts []review.SeriesPoint, l locale.Lang) *rankView {
	var latest period.Period
	for i := len(pts) - 1; i >= 0; i-- {
		if p := pts[i].Period; p.Freq() == period.Annual && !p.IsInterval() {
			latest = p
			break
		}
	}
	if latest.IsZero() {
		return nil
	}
	sel := selectAt(rv, u, latest, l)
	level := u.Level
	if len(sel.At) > 0 {
		level = sel.At[0].Level
	}
	peers := rv.Peers(level, "", latest)
	figs := map[int64]float64{}
	var all []float64
	for _, peer := range peers {
		if x, _, err := rv.Value(peer.Ref(), in.Code, dims, latest); err == nil {
			figs[peer.ID] = x
			all = append(all, x)
		}
	}
	if len(figs) == 0 {
		return nil
	}
	col := crossColumn(all, in.MeasureUnit)
	vals := map[string]float64{}
	var shown []float64
	for _, peer := range peers {
		if x, ok := figs[peer.ID]; ok {
			vals[peer.Ref()] = col.value(x)
			shown = append(shown, col.value(x))
		}
	}
	ranked := calc.Rank(vals, in.Direction.Sign())
	scale := chart.NewScale(shown)
	rk := &rankView{Period: latest, Of: len(peers), WithData: len(vals), MeasureUnit: col.unit(l), Selection: sel}
	for _, peer := range peers {
		x, ok := vals[peer.Ref()]
		if !ok {
			continue
		}
		fig := figs[peer.ID]
		n := calc.RankOf(ranked, peer.Ref())
		row := compareRow{Unit: peer, Value: &fig, Text: col.text(fig, l), Selected: sel.Has(peer),
			Rank: review.Rank{Scope: "national", Rank: &n, Of: len(peers), WithData: len(vals)}}
		row.Place = review.RankText(row.Rank, l)
		row.Bar = chart.InlineBar(x, scale, row.Selected)
		rk.Rows = append(rk.Rows, row)
	}
	sortRows(rk.Rows, "", l)
	var places []string
	for _, row := range rk.Rows {
		if row.Selected {
			places = append(places, row.Unit.Name(string(l))+": "+row.Place)
		}
	}
	rk.Place = strings.Join(places, "; ")
	return rk
}

// structureView is an indicator's breakdown by sector: a stacked bar and
// the sectors' figures for each year.
type structureView struct {
	Sectors []sectorHead
	Years   []structureYear
}

type sectorHead struct {
	Name   string
	Swatch template.HTML
}

type structureYear struct {
	Year  int
	Bar   template.HTML
	Texts []string
}

func sectorStructure(rv *review.Review, u planwatch.Unit, in planwatch.Indicator, l locale.Lang) *structureView {
	i := slices.IndexFunc(in.Dimensions, func(d planwatch.Dimension) bool { return d.Name == "sector" })
	if i < 0 || len(in.Dimensions) > 1 {
		return nil
	}
	d := in.Dimensions[i]
	years := map[int][]*float64{}
	var all []float64
	for j, val := range d.Values {
		for _, o := range rv.Series(u.ID, in.Code, planwatch.Dims("sector="+val)) {
			if o.Period.Freq() != period.Annual || o.Period.IsInterval() {
				continue
			}
			y := o.Period.StartYear()
			if years[y] == nil {
				years[y] = make([]*float64, len(d.Values))
			}
			x := o.Value
			years[y][j] = &x
			all = append(all, x)
		}
	}
	if len(years) == 0 {
		return nil
	}
	s := &structureView{}
	for j, val := range d.Values {
		s.Sectors = append(s.Sectors, sectorHead{Name: locale.DimValue("sector", val, l), Swatch: chart.Swatch(j)})
	}
	col := seriesColumn(all, in.MeasureUnit)
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	top := 0.0
	for _, y := range ys {
		t := 0.0
		for _, x := range years[y] {
			if x != nil {
				t += *x
			}
		}
		top = max(top, t)
	}
	for _, y := range ys {
		sy := structureYear{Year: y}
		parts := make([]float64, len(d.Values))
		for j, x := range years[y] {
			if x == nil {
				sy.Texts = append(sy.Texts, "–")
				continue
			}
			parts[j] = *x
			sy.Texts = append(sy.Texts, col.text(*x, l))
		}
		sy.Bar = chart.Stack(parts, top)
		s.Years = append(s.Years, sy)
	}
	return s
}

// indicatorSheet is the series as a download: every version of every
// figure, with its status in words, who recorded it and when, and its
// source, in the page's language.
func indicatorSheet(v indicatorView, col column, dims planwatch.Dims, l locale.Lang) (string, []string, [][]string) {
	u, in := v.Unit, v.Indicator
	name := in.Code + "-" + u.Code
	header := []string{say(l, "Mã đơn vị", "Unit code"), say(l, "Đơn vị", "Unit"), say(l, "Mã chỉ tiêu", "Indicator code"),
		say(l, "Chỉ tiêu", "Indicator"), say(l, "Phân tổ", "Breakdown"), say(l, "Kỳ", "Period"), say(l, "Giá trị", "Value"),
		say(l, "Đơn vị tính", "Measure unit"), say(l, "Trạng thái", "Status"), say(l, "Mã trạng thái", "Status code"),
		say(l, "Bản ghi", "Version"), say(l, "Bản hiện hành", "Current"), say(l, "Người ghi", "Recorded by"),
		say(l, "Ngày ghi", "Recorded on"), say(l, "Nguồn", "Source"), say(l, "Gãy chuỗi", "Break in the series")}
	var rows [][]string
	for _, row := range v.Rows {
		for _, h := range row.Versions {
			cur := say(l, "không", "no")
			if h.Current {
				cur = say(l, "có", "yes")
			}
			src, brk := "", ""
			if h.Current {
				src, brk = row.Obs.Source, row.Break
			}
			rows = append(rows, []string{u.Code, u.Name(string(l)), in.Code, in.Name(string(l)), locale.Dims(string(dims), l),
				row.Obs.Period.String(), col.csv(h.Value), col.unit(l), h.Status, h.Code, strconv.Itoa(h.N), cur, h.By, h.At, src, brk})
		}
	}
	return name, header, rows
}
