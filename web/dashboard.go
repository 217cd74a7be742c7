package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// dashboard is /u/{unit}: what a leader reads first. How the unit's
// targets stand (a count by status and a bar), each plan's targets with the
// verdict at the deadline and, where that cannot be given, the verdict as
// of the last year with figures; then the key figures of a year with
// growth, rank and % of plan, each with its source.
func (p *pages) dashboard(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	u, ok := p.unitOf(w, r, l, rv)
	if !ok {
		return
	}
	years := unitYears(rv, u)
	per := period.Year(rv.LatestYear(u.ID))
	if len(years) > 0 && years[0] > per.StartYear() {
		per = period.Year(years[0]) // a unit that began this year: its predecessors' last year
	}
	if q := r.URL.Query().Get("period"); q != "" {
		var err error
		if per, err = period.Parse(q); err != nil {
			p.error(w, r, l, http.StatusBadRequest, "Kỳ "+q+" không đọc được: viết năm như 2025, hoặc 2025-Q3, 2021/2025.", "period: "+err.Error())
			return
		}
	}
	var facts []review.Fact
	if per.StartYear() > 0 {
		var err error
		if facts, err = rv.Facts(u.Ref(), per); err != nil {
			facts = nil // a unit that did not exist then has no facts; its targets still show
		}
	}
	// The unit's own targets, and those of the units it was formed from:
	// they stay theirs, and are judged on their figures.
	ids := map[int64]bool{u.ID: true}
	for _, pt := range rv.Lineage().Predecessors(u.ID) {
		ids[pt.Unit.ID] = true
	}
	rows, err := p.targetRows(rv, l, "", ids)
	if err != nil {
		p.failErr(w, r, l, err)
		return
	}
	groupNames := groupNamer(rv, l)
	keyFigures := p.factLines(rv, l, u, facts, groupNames)
	if download(w, r, factSheet(rv, l, u, per, keyFigures)) {
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
	crumbs := []crumb{{Href: "/units", Text: T(l, "Units")}}
	if parent, ok := rv.UnitByID(u.Parent); ok {
		crumbs = append(crumbs, crumb{Href: "/u/" + parent.Ref(), Text: parent.Name(string(l))})
	}
	crumbs = append(crumbs, crumb{Text: u.Name(string(l))})
	p.show(w, r, l, rv, meta{page: "dashboard", title: u.Name(string(l)), crumbs: crumbs}, struct {
		Unit     planwatch.Unit
		Period   period.Period
		Years    []int
		Summary  summary
		Groups   []group
		Figures  []factLine
		Statuses []statusWord
		Sources  []string
	}{u, per, years, summarize(rows, l), groups, keyFigures, usedStatuses(keyFigures, l), sourceList(keyFigures)})
}

// unitYears are the years, latest first, for which the unit has yearly
// figures, or its predecessors have figures from before it began.
func unitYears(rv *review.Review, u planwatch.Unit) []int {
	seen := map[int]bool{}
	add := func(id int64, before planwatch.Date) {
		for _, k := range rv.SeriesKeys(id) {
			for _, o := range rv.Series(id, k.Indicator, k.Dims) {
				if o.Period.Freq() == period.Annual && !o.Period.IsInterval() && (before == "" || planwatch.DateOf(o.Period.End()) <= before) {
					seen[o.Period.StartYear()] = true
				}
			}
		}
	}
	add(u.ID, "")
	if u.ValidFrom != "" {
		for _, pt := range rv.Lineage().Predecessors(u.ID) {
			add(pt.Unit.ID, u.ValidFrom)
		}
	}
	var years []int
	for y := range seen {
		years = append(years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	return years
}

// summary counts a unit's targets by status, for the bar atop the
// dashboard: at the deadline, and, for those that cannot be judged then, as
// of the last year with figures.
type summary struct {
	Total      int
	Final      []statusCount
	AsOf       []statusCount
	AsOfTotal  int
	AsOfYears  string
	FinalBar   template.HTML
	AsOfBar    template.HTML
	FinalWords string
	AsOfWords  string
	// Legend is every status the bars draw, in their order.
	Legend []statusCount
}

type statusCount struct {
	Status, Word string
	N            int
}

// statusOrder is the order of statuses in summaries: best first.
var statusOrder = []string{"achieved", "on_track", "acceleration_needed", "off_track", "regressing", "not_assessable"}

func summarize(rows []targetRow, l locale.Lang) summary {
	s := summary{Total: len(rows)}
	final, asOf := map[string]int{}, map[string]int{}
	var years []string
	for _, row := range rows {
		a := row.Assessment
		final[a.Status]++
		if a.AsOf != nil {
			asOf[a.AsOf.Status]++
			s.AsOfTotal++
			if !slices.Contains(years, a.AsOf.Period) {
				years = append(years, a.AsOf.Period)
			}
		}
	}
	slices.Sort(years)
	s.AsOfYears = strings.Join(years, ", ")
	count := func(m map[string]int) []statusCount {
		var out []statusCount
		for _, st := range statusOrder {
			if m[st] > 0 {
				out = append(out, statusCount{st, locale.Status(st, l), m[st]})
			}
		}
		return out
	}
	s.Final, s.AsOf = count(final), count(asOf)
	both := map[string]int{}
	for st, n := range final {
		both[st] += n
	}
	for st, n := range asOf {
		both[st] += n
	}
	s.Legend = count(both)
	s.FinalBar, s.AsOfBar = statusBar(s.Final, l), statusBar(s.AsOf, l)
	s.FinalWords, s.AsOfWords = countWords(s.Final), countWords(s.AsOf)
	return s
}

func countWords(cs []statusCount) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, strconv.Itoa(c.N)+" "+c.Word)
	}
	return strings.Join(parts, ", ")
}

// statusBar draws counts as one bar of coloured parts, each titled with
// its status and count (an SVG: the pages allow no inline style).
func statusBar(cs []statusCount, l locale.Lang) template.HTML {
	total := 0
	for _, c := range cs {
		total += c.N
	}
	if total == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="statusbar" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label="%s">`, template.HTMLEscapeString(countWords(cs)))
	x := 0.0
	for _, c := range cs {
		wd := 1000 * float64(c.N) / float64(total)
		fmt.Fprintf(&b, `<rect class="s-%s" x="%.1f" y="0" width="%.1f" height="24"><title>%s: %d</title></rect>`, c.Status, x, wd, template.HTMLEscapeString(c.Word), c.N)
		x += wd
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// factLine is a key figure as the dashboard shows it.
type factLine struct {
	Fact       review.Fact
	Name       string // the indicator with its dimension values
	Href       string
	Value      string
	Unit       string
	Estimate   bool
	Status     string // the observation status's letter, or ""
	StatusWord string
	Growth     string // growth in %, or the change in points
	Ranks      []rankLine
	Plans      []planPct
	Source     string // in words, with its detail (a page, a quote)
	Document   string // the document it cites, or how it was computed
	Note       int    // the number of its document in the footnotes, from 1
}

type rankLine struct {
	Scope, Text string
	Rank        review.Rank
}

type planPct struct {
	Plan  planwatch.Plan
	Short string // the plan's kind and horizon: "kế hoạch năm 2025"
	Pct   float64
	Text  string
}

// minRankPeers is how many peers must have a figure for a rank to be
// shown: the first of one says nothing.
const minRankPeers = 2

func (p *pages) factLines(rv *review.Review, l locale.Lang, u planwatch.Unit, facts []review.Fact, groupNames func(string) string) []factLine {
	var out []factLine
	notes := map[string]int{}
	for _, f := range facts {
		if f.Value == nil {
			continue
		}
		in, _ := rv.Indicator(f.Indicator)
		fl := factLine{Fact: f, Name: review.IndicatorText(in, planwatch.Dims(f.Dims), l), Unit: locale.Unit(f.MeasureUnit, l)}
		fl.Href = "/u/" + url.PathEscape(u.Ref()) + "/i/" + url.PathEscape(f.Indicator)
		if f.Dims != "" {
			fl.Href += "?dims=" + url.QueryEscape(f.Dims)
		}
		if f.Rebuilt || f.Status == "=" {
			fl.Value = locale.Fixed(*f.Value, 2, l)
		} else {
			fl.Value = locale.Number(*f.Value, l)
		}
		switch f.Status {
		case "E", "P", "F", "I":
			fl.Estimate = true
		}
		fl.Status = f.Status
		if f.Rebuilt {
			fl.Status = "R"
		}
		if fl.Status != "" {
			fl.StatusWord = locale.ObsStatus(fl.Status, l)
		}
		switch {
		case f.GrowthPct != nil:
			fl.Growth = signed(*f.GrowthPct, l) + " %"
		case f.Change != nil && (f.MeasureUnit == "%" || f.MeasureUnit == "rank"):
			unit := " điểm %"
			if l == locale.EN {
				unit = " pp"
			}
			if f.MeasureUnit == "rank" {
				unit = map[locale.Lang]string{locale.VI: " bậc", locale.EN: " places"}[l]
			}
			fl.Growth = signed(*f.Change, l) + unit
		}
		for _, rk := range f.Rank {
			if rk.Rank == nil || rk.WithData < minRankPeers {
				continue
			}
			scope := locale.Scope(rk.Scope, l)
			if rk.Scope != "national" {
				scope = groupNames(rk.Scope)
			}
			fl.Ranks = append(fl.Ranks, rankLine{Scope: scope, Text: review.RankText(rk, l), Rank: rk})
		}
		codes := make([]string, 0, len(f.PctOfPlan))
		for k := range f.PctOfPlan {
			codes = append(codes, k)
		}
		sort.Strings(codes)
		for _, c := range codes {
			pl, _ := rv.Plan(c)
			if pl.Code == "" {
				pl.Code, pl.TitleVI = c, c
			}
			fl.Plans = append(fl.Plans, planPct{Plan: pl, Short: planShort(pl, l), Pct: f.PctOfPlan[c], Text: locale.Fixed(f.PctOfPlan[c], 1, l) + " %"})
		}
		fl.Document, fl.Source = factSource(rv, u, f, l)
		if fl.Document != "" {
			if _, ok := notes[fl.Document]; !ok {
				notes[fl.Document] = len(notes) + 1
			}
			fl.Note = notes[fl.Document]
		}
		out = append(out, fl)
	}
	return out
}

// planShort names a plan briefly, by its kind and horizon: "kế hoạch năm
// 2025", "dự toán ngân sách 2025".
func planShort(pl planwatch.Plan, l locale.Lang) string {
	if pl.Kind == "" {
		return pl.Title(string(l))
	}
	return locale.PlanKind(string(pl.Kind), l) + " " + review.DeadlineText(pl.Horizon)
}

// signed writes a change with its sign: "+36,2", "−3,1".
func signed(v float64, l locale.Lang) string {
	s := locale.Fixed(v, 1, l)
	if v > 0 && s != locale.Fixed(0, 1, l) {
		return "+" + s
	}
	return s
}

// statusWord is a letter of the observation statuses' legend.
type statusWord struct{ Letter, Word string }

func usedStatuses(lines []factLine, l locale.Lang) []statusWord {
	seen := map[string]bool{}
	var out []statusWord
	for _, fl := range lines {
		if fl.Status != "" && !seen[fl.Status] {
			seen[fl.Status] = true
			out = append(out, statusWord{fl.Status, locale.ObsStatus(fl.Status, l)})
		}
	}
	slices.SortFunc(out, func(a, b statusWord) int { return strings.Compare(a.Letter, b.Letter) })
	return out
}

// sourceList are the footnotes: the documents in the order of their
// numbers.
func sourceList(lines []factLine) []string {
	var out []string
	for _, fl := range lines {
		if fl.Note > len(out) {
			out = append(out, fl.Document)
		}
	}
	return out
}

// factSource says where a figure comes from, in the language: the
// document it cites and the whole citation; for a figure planwatch
// computed, how.
func factSource(rv *review.Review, u planwatch.Unit, f review.Fact, l locale.Lang) (doc, full string) {
	vi := l == locale.VI
	switch {
	case f.Rebuilt:
		var names []string
		for _, pt := range rv.Lineage().Predecessors(u.ID) {
			names = append(names, pt.Unit.Name(string(l))+" ("+pt.Unit.Code+")")
		}
		who := u.Name(string(l)) + " (" + u.Code + ")"
		if vi {
			doc = "Tính lại trên địa giới của " + who + " từ số liệu của các đơn vị trước đó"
			if len(names) > 0 {
				doc += ": " + strings.Join(names, ", ")
			}
		} else {
			doc = "Rebuilt on the territory of " + who + " from the figures of the units before it"
			if len(names) > 0 {
				doc += ": " + strings.Join(names, ", ")
			}
		}
		return doc, doc
	case f.Status == "=":
		in, _ := rv.Indicator(f.Indicator)
		doc = formulaText(rv, in.Formula, l)
		if vi {
			doc = "Tính theo công thức: " + doc
		} else {
			doc = "Derived by formula: " + doc
		}
		return doc, doc
	case f.Source == "":
		return "", ""
	}
	full = citation(rv, f.Source, l)
	doc, _, _ = strings.Cut(full, ": ")
	return doc, full
}

// formulaText writes an indicator's formula with the names of the
// indicators in it: "Kim ngạch xuất khẩu hàng hóa − Kim ngạch nhập khẩu
// hàng hóa".
func formulaText(rv *review.Review, formula string, l locale.Lang) string {
	return formulaCode.ReplaceAllStringFunc(formula, func(code string) string {
		if in, ok := rv.Indicator(code); ok {
			return in.Name(string(l))
		}
		return code
	})
}

var formulaCode = regexp.MustCompile(`[A-Z][A-Z0-9_]*`)

// groupNamer names groups (the regions) in the language, from their
// members' records.
func groupNamer(rv *review.Review, l locale.Lang) func(string) string {
	names := map[string]string{}
	for _, m := range rv.Members() {
		if _, ok := names[m.Group]; ok {
			continue
		}
		n := m.NameVI
		if l == locale.EN && m.NameEN != "" || n == "" {
			n = m.NameEN
		}
		if n != "" {
			names[m.Group] = n
		}
	}
	return func(code string) string {
		if n, ok := names[code]; ok {
			return n
		}
		return code
	}
}

// factSheet is the key figures as a download.
func factSheet(rv *review.Review, l locale.Lang, u planwatch.Unit, per period.Period, lines []factLine) sheet {
	h := func(vi, en string) string {
		if l == locale.VI {
			return vi
		}
		return en
	}
	s := sheet{name: "so-lieu-" + u.Code + "-" + per.String(), title: h("Số liệu ", "Key figures ") + per.String(),
		header: []string{h("Mã đơn vị", "Unit code"), h("Đơn vị", "Unit"), h("Mã chỉ tiêu", "Indicator code"), h("Chỉ tiêu", "Indicator"),
			h("Phân tổ", "Dimensions"), h("Kỳ", "Period"), h("Giá trị", "Value"), h("Đơn vị tính", "Measure unit"), h("Trạng thái số liệu", "Figure status"),
			h("Tăng so với năm trước (%)", "Growth on the year before (%)"), h("Hạng cả nước", "National rank"), h("Số đơn vị xếp hạng", "Ranked among"),
			h("Số đơn vị có số liệu", "With data"), h("Kế hoạch", "Plan"), h("% kế hoạch", "% of plan"), h("Nguồn", "Source")}}
	if l == locale.EN {
		s.name = "figures-" + u.Code + "-" + per.String()
	}
	for _, fl := range lines {
		f := fl.Fact
		dec := -1
		if f.Rebuilt || f.Status == "=" {
			dec = 2
		}
		row := []cell{text(u.Code), text(u.Name(string(l))), text(f.Indicator), text(fl.Name), text(dimsName(rv, planwatch.Dims(f.Dims), l)), text(f.Period),
			number(f.Value, dec), text(fl.Unit), text(fl.StatusWord), number(f.GrowthPct, 1)}
		// The ranks the page shows: where at least two peers have figures.
		var national *review.Rank
		for i := range fl.Ranks {
			if fl.Ranks[i].Rank.Scope == "national" {
				national = &fl.Ranks[i].Rank
			}
		}
		if national != nil {
			row = append(row, integer(*national.Rank), integer(national.Of), integer(national.WithData))
		} else {
			row = append(row, cell{}, cell{}, cell{})
		}
		if len(fl.Plans) == 0 {
			s.rows = append(s.rows, append(row, cell{}, cell{}, text(fl.Source)))
			continue
		}
		// One row per plan figure: one value per cell.
		for _, pp := range fl.Plans {
			v := pp.Pct
			s.rows = append(s.rows, append(slices.Clone(row), text(pp.Plan.Title(string(l))), number(&v, 1), text(fl.Source)))
		}
	}
	return s
}
