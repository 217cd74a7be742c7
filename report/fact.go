package report

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/calc"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// The sentence of a fact says its value, with the status word of its
// figure, and then each measure that applies, in the order officers write
// them: growth on the previous period, % of plan, rank in the country and
// in the region, share of the national total, ratio to the national
// average. A measure is left out when its number could be read wrongly:
// a rank among peers of whom fewer than a third have a figure, a figure
// that is imputed rather than published.

// minPeers is the least number of peers with a figure, and the least
// share of all peers (one in minShare), for a rank to be stated.
const (
	minPeers = 3
	minShare = 3
)

// factLine is a fact about to be said: the fact, its unit and indicator,
// the versions its value used and the status that follows.
type factLine struct {
	f      review.Fact
	u      planwatch.Unit
	in     planwatch.Indicator
	dims   planwatch.Dims
	p      period.Period
	vs     []version
	how    string
	status string
}

// line prepares a fact for a sentence, or says it cannot be said: it has
// no value, or its value is imputed (a figure planwatch derived from a
// stated growth or share, not one anyone published).
func (b *builder) line(u planwatch.Unit, f review.Fact) (factLine, bool) {
	in, ok := b.rv.Indicator(f.Indicator)
	p, err := period.Parse(f.Period)
	if !ok || err != nil || f.Value == nil {
		return factLine{}, false
	}
	fl := factLine{f: f, u: u, in: in, dims: planwatch.Dims(f.Dims), p: p}
	fl.vs, fl.how = b.versions(u, f.Indicator, fl.dims, p, 0)
	fl.status = f.Status
	if fl.how != "" || f.Status == "=" || f.Status == "" || f.Rebuilt {
		fl.status = weakest(fl.vs)
	}
	if fl.status == "I" || len(fl.vs) == 0 {
		return factLine{}, false
	}
	return fl, true
}

func (fl factLine) own() own { return own{fl.u.ID, fl.in.Code, fl.dims, fl.p} }

func (fl factLine) computed() bool { return fl.how != "" || fl.f.Rebuilt }

// measures counts the measures a fact's sentence would state, to put the
// richest first.
func (b *builder) measures(fl factLine) int {
	n := 1
	f := fl.f
	if f.GrowthPct != nil || f.Change != nil && fl.in.MeasureUnit == "%" {
		n++
	}
	n += len(f.PctOfPlan)
	for _, r := range f.Rank {
		if rankable(r) {
			n++
		}
	}
	if f.ShareOfParentPct != nil {
		n++
	}
	if f.RatioToParent != nil {
		n++
	}
	return n
}

func rankable(r review.Rank) bool {
	return r.Rank != nil && r.WithData >= minPeers && r.WithData*minShare >= r.Of
}

// valueSpan is the fact's value as a figure, with its note item.
func (b *builder) valueSpan(fl factLine, n *notes) Span {
	f := fl.f
	text := b.quantity(*f.Value, fl.in.MeasureUnit, fl.computed())
	if fl.in.MeasureUnit == "rank" {
		text = b.w.ordinal(int(math.Round(*f.Value)))
	}
	n.add(NoteItem{Figure: text, Text: joinText(fl.how, b.describe(fl.vs, fl.own())), Sources: b.sourcesOf(fl.vs)})
	return b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), fl.u.Ref(), f.Period, "value"),
		Label: b.label(fl), Text: text, Href: href(fl.u, fl.in.Code, fl.dims, fl.p), Refs: refs(fl.vs)})
}

// label says what a fact is: "Kim ngạch xuất khẩu hàng hóa, Bắc Ninh (24), 2025".
func (b *builder) label(fl factLine, measure ...string) string {
	parts := []string{b.name(fl.in, fl.dims), b.unitName(fl.u), periodText(fl.p)}
	return strings.Join(append(parts, measure...), ", ")
}

// factSentence says a fact: "Kim ngạch xuất khẩu hàng hóa ước đạt 94 tỷ
// USD, tăng 36,1% so với năm 2024, bằng 126% kế hoạch." lead, when given,
// opens the sentence ("Năm 2021, ...").
func (b *builder) factSentence(fl factLine, lead string) Sentence {
	n := &notes{}
	name := b.name(fl.in, fl.dims)
	if lead != "" {
		name = lowerFirst(name)
	}
	value := b.valueSpan(fl, n)
	var spans []Span
	if fl.in.MeasureUnit == "rank" {
		spans = b.w.spans("value.rank", name, value)
	} else {
		verb, ok := phrases["verb."+fl.status]
		if !ok {
			verb = phrases["verb.A"]
		}
		spans = b.w.spans("value", name, verb[b.w.lang()], value)
		spans = append(spans, b.w.clauses(b.clauses(fl, n))...)
	}
	if lead != "" {
		spans = b.w.spans("year.lead", lead, spans)
	}
	return b.sentence(spans, n)
}

// clauses are the measures of a fact after its value.
func (b *builder) clauses(fl factLine, n *notes) [][]Span {
	var out [][]Span
	if c := b.growthClause(fl, n); c != nil {
		out = append(out, c)
	}
	out = append(out, b.planClauses(fl, n)...)
	if c := b.rankClause(fl, n); c != nil {
		out = append(out, c)
	}
	if c := b.parentClause(fl, n); c != nil {
		out = append(out, c)
	}
	return out
}

// previousText names the period a growth compares with: "năm 2024",
// "giai đoạn 2016–2020", "cùng kỳ 2024-09".
func (b *builder) previousText(p period.Period) string {
	switch {
	case p.Freq() == period.Annual && !p.IsInterval():
		return b.w.say("prev.year", p.String())
	case p.Freq() == period.Annual:
		return b.w.say("prev.span", periodText(p))
	}
	return b.w.say("prev.same", p.String())
}

func (b *builder) growthClause(fl factLine, n *notes) []Span {
	f := fl.f
	if f.PreviousPeriod == "" {
		return nil
	}
	pp, err := period.Parse(f.PreviousPeriod)
	if err != nil {
		return nil
	}
	prev := b.previousText(pp)
	// A rate's change is in points; a growth rate's change is not said.
	if fl.in.MeasureUnit == "%" {
		if f.Change == nil || strings.HasSuffix(fl.in.Code, "_GROWTH") {
			return nil
		}
		d := *f.Change
		txt := b.w.trimmed(math.Abs(d), 1)
		if txt == locale.Number(0, b.o.Lang) {
			return nil
		}
		vs, _ := b.versions(fl.u, fl.in.Code, fl.dims, pp, 0)
		fig := b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), fl.u.Ref(), f.Period, "change"), Label: b.label(fl, b.w.say("m.change")),
			Text: txt, Href: href(fl.u, fl.in.Code, fl.dims, fl.p), Refs: refs(append(cloneVersions(fl.vs), vs...))})
		n.add(NoteItem{Figure: txt, Text: b.w.say("note.growth", b.quantity(*f.Value, fl.in.MeasureUnit, fl.computed()), f.Period,
			b.quantity(*f.PreviousValue, fl.in.MeasureUnit, false), f.PreviousPeriod), Sources: b.sourcesOf(vs)})
		if d < 0 {
			return b.w.spans("pp.down", fig, prev)
		}
		return b.w.spans("pp.up", fig, prev)
	}
	if f.GrowthPct == nil {
		return nil
	}
	g := *f.GrowthPct
	txt := b.w.pct(math.Abs(g))
	it := NoteItem{Figure: txt}
	var used []version
	if rateNote(f) {
		g, gdims := b.growthIndicator(fl)
		used, _ = b.versions(fl.u, g, gdims, fl.p, 0)
		reason := ""
		for _, pt := range b.rv.Points(fl.u.ID, fl.in.Code, fl.dims) {
			if pt.Period == fl.p && pt.Break {
				reason = pt.BreakReason
				if b.o.Lang == locale.VI {
					reason = pt.BreakReasonVI
				}
			}
		}
		it.Text = joinText(b.w.say("note.rate", g, reason), b.describe(used, fl.own()))
	} else if f.PreviousValue != nil {
		used, _ = b.versions(fl.u, fl.in.Code, fl.dims, pp, 0)
		it.Text = joinText(b.w.say("note.growth", b.quantity(*f.Value, fl.in.MeasureUnit, fl.computed()), f.Period,
			b.quantity(*f.PreviousValue, fl.in.MeasureUnit, fl.computed()), f.PreviousPeriod), b.describe(used, fl.own()))
	}
	it.Sources = b.sourcesOf(used)
	n.add(it)
	fig := b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), fl.u.Ref(), f.Period, "growth"), Label: b.label(fl, b.w.say("m.growth")),
		Text: txt, Href: href(fl.u, fl.in.Code, fl.dims, fl.p), Refs: refs(append(cloneVersions(fl.vs), used...))})
	switch {
	case txt == b.w.pct(0):
		return b.w.spans("growth.flat", fig, prev)
	case g < 0:
		return b.w.spans("growth.down", fig, prev)
	}
	return b.w.spans("growth.up", fig, prev)
}

func cloneVersions(vs []version) []version { return append([]version(nil), vs...) }

// rateNote says whether the growth is the published rate used across a
// break in the series.
func rateNote(f review.Fact) bool {
	for _, n := range f.Notes {
		if strings.HasPrefix(n, "growth_pct: a break in the series") && strings.Contains(n, "the published rate") {
			return true
		}
	}
	return false
}

// growthIndicator is the published growth rate of a fact's series.
func (b *builder) growthIndicator(fl factLine) (string, planwatch.Dims) {
	g, ok := b.rv.Indicator(fl.in.Code + "_GROWTH")
	if !ok {
		return fl.in.Code + "_GROWTH", ""
	}
	return g.Code, g.Restrict(fl.dims)
}

func (b *builder) planClauses(fl factLine, n *notes) [][]Span {
	codes := make([]string, 0, len(fl.f.PctOfPlan))
	for c := range fl.f.PctOfPlan {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var out [][]Span
	for _, c := range codes {
		pct := fl.f.PctOfPlan[c]
		plan, _ := b.rv.Plan(c)
		var t planwatch.Target
		for _, x := range b.rv.Targets(c) {
			if x.Unit == fl.u.ID && x.Indicator == fl.in.Code && x.Dims == fl.dims && x.Period == fl.p && x.Kind == planwatch.PlanFig {
				t = x
			}
		}
		txt := b.w.pct(pct)
		src := b.planSource(plan, t)
		n.add(NoteItem{Figure: txt, Text: b.w.say("note.plan", review.TargetText(t, fl.in, b.o.Lang), plan.Code, plan.Title(string(b.o.Lang))), Sources: []int{src}})
		fig := b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), fl.u.Ref(), fl.f.Period, "pct_of_plan", c), Label: b.label(fl, b.w.say("m.plan", c)),
			Text: txt, Href: href(fl.u, fl.in.Code, fl.dims, fl.p), Refs: refs(fl.vs)})
		phrase := "plan.pct"
		if plan.Kind == "budget_estimate" {
			phrase = "plan.estimate"
		}
		out = append(out, b.w.spans(phrase, fig))
	}
	return out
}

// rankClause says the rank in the country and in each region, where
// enough peers have a figure: "đứng thứ 5 cả nước và thứ 4 vùng Đồng bằng
// sông Hồng".
func (b *builder) rankClause(fl factLine, n *notes) []Span {
	var parts [][]Span
	peers := b.w.peers(string(fl.u.Level))
	for _, r := range fl.f.Rank {
		if !rankable(r) {
			continue
		}
		txt := b.w.ordinal(*r.Rank)
		scope := locale.Scope(r.Scope, b.o.Lang)
		if r.Scope != "national" {
			scope = b.groupName(r.Scope)
		}
		dir := "dir.none"
		switch fl.in.Direction {
		case planwatch.DirUp:
			dir = "dir.up"
		case planwatch.DirDown:
			dir = "dir.down"
		}
		n.add(NoteItem{Figure: b.w.say("rank.figure", txt), Text: b.w.say("note.rank", b.w.say("by.value"), itoa(r.WithData), peers, fl.f.Period, b.w.say(dir)) + " (" + scope + ")"})
		fig := b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), fl.u.Ref(), fl.f.Period, "rank", r.Scope), Label: b.label(fl, b.w.say("m.rank", scope)),
			Text: txt, Href: href(fl.u, fl.in.Code, fl.dims, fl.p), Refs: refs(fl.vs)})
		complete := r.WithData == r.Of
		switch {
		case r.Scope == "national" && complete:
			parts = append(parts, b.w.spans("rank.nation", fig))
		case r.Scope == "national":
			parts = append(parts, b.w.spans("rank.nation.partial", fig, itoa(r.WithData), peers))
		case len(parts) == 0 && complete:
			parts = append(parts, b.w.spans("rank.group.first", fig, scope))
		case len(parts) == 0:
			parts = append(parts, b.w.spans("rank.group.first.partial", fig, itoa(r.WithData), peers, scope))
		case complete:
			parts = append(parts, b.w.spans("rank.group", fig, scope))
		default:
			parts = append(parts, b.w.spans("rank.group.partial", fig, itoa(r.WithData), peers, scope))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	out := parts[0]
	for _, p := range parts[1:] {
		out = b.w.spans("and", out, p)
	}
	return out
}

// parentClause says the share of the national total of a quantity, the
// ratio to the national average of a per-head figure, or the national
// figure beside a percentage.
func (b *builder) parentClause(fl factLine, n *notes) []Span {
	f := fl.f
	if f.Parent == "" || f.ShareOfParentPct == nil && f.RatioToParent == nil {
		return nil
	}
	parent, err := b.rv.Unit(f.Parent, fl.p)
	if err != nil {
		return nil
	}
	nation := parent.Level == planwatch.LevelNation
	pname := parent.Name(string(b.o.Lang))
	pvs, phow := b.versions(parent, fl.in.Code, fl.dims, fl.p, 0)
	parentText := func(what string) string {
		if len(pvs) > 0 {
			return joinText(phow, b.describe(pvs))
		}
		return what
	}
	switch {
	case f.ShareOfParentPct != nil:
		txt := b.w.share(*f.ShareOfParentPct)
		what := b.w.say("sum.members", "", b.w.peers(string(fl.u.Level)))
		if len(f.From["share_of_parent_pct"]) > 0 {
			last := f.From["share_of_parent_pct"][len(f.From["share_of_parent_pct"])-1]
			if strings.HasPrefix(last, "sum of ") {
				what = b.w.say("sum.members", strings.Fields(last)[2], b.w.peers(string(fl.u.Level)))
			}
		}
		n.add(NoteItem{Figure: txt, Text: b.w.say("note.share", b.w.say("by.value"), pname, parentText(what)), Sources: b.sourcesOf(pvs)})
		fig := b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), fl.u.Ref(), f.Period, "share"), Label: b.label(fl, b.w.say("m.share", pname)),
			Text: txt, Href: href(fl.u, fl.in.Code, fl.dims, fl.p), Refs: refs(append(cloneVersions(fl.vs), pvs...))})
		if nation {
			return b.w.spans("share.nation", fig)
		}
		return b.w.spans("share.other", fig, pname)
	case fl.in.MeasureUnit == "%":
		pv, _, err := b.rv.Value(parent.Ref(), fl.in.Code, fl.dims, fl.p)
		if err != nil {
			return nil
		}
		txt := b.quantity(pv, "%", len(pvs) == 0 || phow != "")
		n.add(NoteItem{Figure: txt, Text: parentText(b.w.say("stored.parent", pname)), Sources: b.sourcesOf(pvs)})
		fig := b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), parent.Ref(), f.Period, "value"), Label: b.label(factLine{in: fl.in, dims: fl.dims, u: parent, p: fl.p}),
			Text: txt, Href: href(parent, fl.in.Code, fl.dims, fl.p), Refs: refs(pvs)})
		if nation {
			return b.w.spans("versus.nation", fig)
		}
		return b.w.spans("versus.other", fig, pname)
	default:
		r := *f.RatioToParent
		txt := locale.Fixed(r, 2, b.o.Lang)
		n.add(NoteItem{Figure: b.w.say("ratio.figure", txt), Text: b.w.say("note.share", b.w.say("by.value"), pname, parentText(b.w.say("stored.parent", pname))), Sources: b.sourcesOf(pvs)})
		fig := b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), fl.u.Ref(), f.Period, "ratio"), Label: b.label(fl, b.w.say("m.ratio", pname)),
			Text: txt, Href: href(fl.u, fl.in.Code, fl.dims, fl.p), Refs: refs(append(cloneVersions(fl.vs), pvs...))})
		switch {
		case !nation:
			return b.w.spans("ratio.other", fig, pname)
		case r < 1:
			return b.w.spans("ratio.below", fig)
		}
		return b.w.spans("ratio.nation", fig)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// multipleClause is the multiple of a base year, for the term review.
func multipleText(w words, m float64) (string, bool) {
	// Ten times and more are said in whole times, "more than" when the
	// figure is above them: "gấp hơn 19 lần".
	if m >= 10 {
		whole := math.Floor(m)
		return locale.Number(whole, w.l), m-whole >= 0.005
	}
	return locale.Fixed(calc.Round(m, 2), 2, w.l), false
}
