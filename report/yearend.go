package report

import (
	"cmp"
	"slices"
	"strings"

	"planwatch"
	"planwatch/formula"
	"planwatch/period"
)

// yearEnd writes the report on one year: the key results, one sentence
// per indicator; charts of the rank and of the results against the plan;
// the table of every plan target of the unit for the year with its
// verdict (and those of the units it was formed from); the objectives set
// for the next year; what could not be assessed.
func (b *builder) yearEnd() error {
	p := b.o.Period
	if p.IsZero() || p.IsInterval() || p.Freq() != period.Annual {
		return planwatch.Errorf(planwatch.EINVALID, "a year-end report is on a year (--period 2025), not %q", p.String())
	}
	if b.o.Unit == "" {
		return planwatch.Errorf(planwatch.EINVALID, "a year-end report needs a unit (--unit)")
	}
	u, err := b.rv.Unit(b.o.Unit, p)
	if err != nil {
		return err
	}
	if b.o.Plan != "" {
		if _, ok := b.rv.Plan(b.o.Plan); !ok {
			return planwatch.Errorf(planwatch.ENOTFOUND, "no plan %q", b.o.Plan)
		}
	}
	b.unit = u
	year := p.String()
	lang := string(b.o.Lang)
	b.rep.Title = b.w.say("title.year-end", u.Name(lang), year)
	b.rep.Subtitle = []string{b.w.say("sub.unit", b.unitName(u)), b.w.say("sub.year", year)}
	if b.o.Plan != "" {
		plan, _ := b.rv.Plan(b.o.Plan)
		b.rep.Subtitle = append(b.rep.Subtitle, b.w.say("sub.plan", plan.Code+" "+plan.Title(lang)))
	}

	facts, err := b.rv.Facts(u.Ref(), p)
	if err != nil {
		return err
	}
	var lines []factLine
	for _, f := range facts {
		if fl, ok := b.line(u, f); ok {
			lines = append(lines, fl)
		}
	}
	results := Section{Heading: b.w.say("h.results", year)}
	var unassessed []Paragraph
	for _, group := range b.paragraphs(lines) {
		var para Paragraph
		for _, fl := range group {
			para.Sentences = append(para.Sentences, b.factSentence(fl, ""))
			if s, ok := b.breakSentence(fl); ok {
				unassessed = append(unassessed, Paragraph{Sentences: []Sentence{s}})
			}
		}
		results.Blocks = append(results.Blocks, Block{Paragraph: &para})
	}
	if len(results.Blocks) == 0 {
		results.Blocks = append(results.Blocks, Block{Paragraph: &Paragraph{Sentences: []Sentence{b.sentence(b.w.spans("no-figures", b.unitName(u), year), nil)}}})
	}
	b.rep.Sections = append(b.rep.Sections, results)

	var charts []Block
	if c := b.rankChart(lines); c != nil {
		charts = append(charts, Block{Chart: c})
	}
	if c := b.planChart(lines, year); c != nil {
		charts = append(charts, Block{Chart: c})
	}
	if len(charts) > 0 {
		b.rep.Sections = append(b.rep.Sections, Section{Heading: b.w.say("h.charts"), Blocks: charts})
	}

	// The targets for the year: the unit's own, then those of the units it
	// was formed from, each judged on its own territory.
	due := func(t planwatch.Target) bool {
		return t.Period.EndYear() == p.StartYear() && (b.o.Plan == "" || t.Plan == b.o.Plan)
	}
	own, err := b.verdicts(u, due)
	if err != nil {
		return err
	}
	if len(own) > 0 {
		b.rep.Sections = append(b.rep.Sections, Section{Heading: b.w.say("h.targets", year),
			Blocks: []Block{{Table: b.targetTable(own, b.tableCaption("caption.targets", year), false)}}})
	}
	var inherited []verdict
	for _, part := range b.rv.Lineage().Predecessors(u.ID) {
		vs, err := b.verdicts(part.Unit, due)
		if err != nil {
			return err
		}
		inherited = append(inherited, vs...)
	}
	if len(inherited) > 0 {
		b.rep.Sections = append(b.rep.Sections, Section{Heading: b.w.say("h.pred-targets", year, u.Name(lang)),
			Blocks: []Block{{Table: b.targetTable(inherited, b.tableCaption("caption.targets", year), true)}}})
	}

	next := p.StartYear() + 1
	objectives, err := b.verdicts(u, func(t planwatch.Target) bool {
		return t.Period.EndYear() == next || t.Period.IsInterval() && t.Period.StartYear() == next
	})
	if err != nil {
		return err
	}
	if len(objectives) > 0 {
		sec := Section{Heading: b.w.say("h.next", period.Year(next).String())}
		var items []Paragraph
		for _, v := range objectives {
			items = append(items, Paragraph{Sentences: []Sentence{b.objective(v)}})
		}
		sec.Blocks = append(sec.Blocks, Block{List: items})
		b.rep.Sections = append(b.rep.Sections, sec)
	}

	for _, v := range append(slices.Clone(own), inherited...) {
		if s, ok := b.unassessedSentence(v); ok {
			unassessed = append(unassessed, Paragraph{Sentences: []Sentence{s}})
		}
	}
	if len(unassessed) > 0 {
		b.rep.Sections = append(b.rep.Sections, Section{Heading: b.w.say("h.unassessed"), Blocks: []Block{{List: unassessed}}})
	}
	return nil
}

// paragraphs groups facts that belong together, an indicator defined by a
// formula with the indicators it is made of (turnover with exports and
// imports, occupancy with the land leased and leasable) and the
// breakdowns of one indicator (industrial parks by stage), and puts the
// groups that say the most first. Within a group a total (a formula that
// only adds) comes first, then stored figures, then other derived ones.
func (b *builder) paragraphs(lines []factLine) [][]factLine {
	parent := make([]int, len(lines))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	byCode := map[string][]int{}
	for i, fl := range lines {
		byCode[fl.in.Code] = append(byCode[fl.in.Code], i)
	}
	// Breakdowns of one indicator go together.
	for _, is := range byCode {
		for _, j := range is[1:] {
			parent[find(j)] = find(is[0])
		}
	}
	for i, fl := range lines {
		if fl.in.Formula == "" {
			continue
		}
		e, err := formula.Parse(fl.in.Formula)
		if err != nil {
			continue
		}
		for _, v := range e.Vars() {
			for _, j := range byCode[v] {
				parent[find(j)] = find(i)
			}
		}
	}
	comps := map[int][]factLine{}
	var roots []int
	for i, fl := range lines {
		r := find(i)
		if comps[r] == nil {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], fl)
	}
	order := func(fl factLine) int {
		switch {
		case fl.in.Formula != "" && !strings.ContainsAny(fl.in.Formula, "-*/"):
			return 0
		case fl.in.Formula == "":
			return 1
		}
		return 2
	}
	var out [][]factLine
	for _, r := range roots {
		g := comps[r]
		slices.SortStableFunc(g, func(a, c factLine) int {
			if d := cmp.Compare(order(a), order(c)); d != 0 {
				return d
			}
			if d := strings.Compare(a.in.Code, c.in.Code); d != 0 {
				return d
			}
			return strings.Compare(string(a.dims), string(c.dims))
		})
		out = append(out, g)
	}
	weight := func(g []factLine) int {
		m := 0
		for _, fl := range g {
			m = max(m, b.measures(fl))
		}
		return m
	}
	slices.SortStableFunc(out, func(a, c []factLine) int {
		if d := cmp.Compare(weight(c), weight(a)); d != 0 {
			return d
		}
		return strings.Compare(a[0].in.Code, c[0].in.Code)
	})
	return out
}

// breakSentence says that a fact's growth is not given because its series
// breaks, and why.
func (b *builder) breakSentence(fl factLine) (Sentence, bool) {
	if fl.f.GrowthPct != nil || fl.in.MeasureUnit == "%" {
		return Sentence{}, false
	}
	for _, pt := range b.rv.Points(fl.u.ID, fl.in.Code, fl.dims) {
		if pt.Period != fl.p || !pt.Break {
			continue
		}
		reason := pt.BreakReason
		if b.o.Lang == "vi" {
			reason = pt.BreakReasonVI
		}
		return b.sentence(b.w.spans("growth.break", b.label(fl), fl.f.PreviousPeriod, reason), nil), true
	}
	return Sentence{}, false
}
