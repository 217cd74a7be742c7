package report

import (
	"slices"
	"strconv"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// termReview writes the review of a term's plan: the average growth over
// the spans the unit has figures for; its scale, share of the national
// total and rank year by year; multiples of a base year; each target of
// the plan with its verdict and the reason, a target of a unit that ended
// judged on its own territory as of its last year with figures or said to
// be not assessable; the targets set for after the term; what could not
// be assessed.
func (b *builder) termReview() error {
	if b.o.Plan == "" {
		return planwatch.Errorf(planwatch.EINVALID, "a term review needs a plan (--plan)")
	}
	plan, ok := b.rv.Plan(b.o.Plan)
	if !ok {
		return planwatch.Errorf(planwatch.ENOTFOUND, "no plan %q", b.o.Plan)
	}
	term := b.o.Period
	if term.IsZero() {
		term = plan.Horizon
	}
	if term.Freq() != period.Annual {
		return planwatch.Errorf(planwatch.EINVALID, "a term review is on years (--period 2021/2025), not %q", term.String())
	}
	var u planwatch.Unit
	if b.o.Unit != "" {
		var err error
		if u, err = b.rv.Unit(b.o.Unit, term); err != nil {
			return err
		}
	} else if u, ok = b.rv.UnitByID(plan.Unit); !ok {
		return planwatch.Errorf(planwatch.ENOTFOUND, "plan %s has no unit", plan.Code)
	}
	b.unit = u
	lang := string(b.o.Lang)
	b.rep.Title = b.w.say("title.term-review", plan.Title(lang))
	b.rep.Subtitle = []string{b.w.say("sub.unit", b.unitName(u)), b.w.say("sub.term", periodText(term)), b.w.say("sub.plan", plan.Code)}

	if sec, ok := b.averages(u, term); ok {
		b.rep.Sections = append(b.rep.Sections, sec)
	}
	if sec, ok := b.scale(u, term); ok {
		b.rep.Sections = append(b.rep.Sections, sec)
	}
	if sec, ok := b.multiples(u, term); ok {
		b.rep.Sections = append(b.rep.Sections, sec)
	}

	vs, err := b.verdicts(u, func(t planwatch.Target) bool { return t.Plan == plan.Code })
	if err != nil {
		return err
	}
	planName := lowerFirst(plan.Title(lang))
	if len(vs) > 0 {
		sec := Section{Heading: b.w.say("h.term-targets", planName)}
		for _, v := range vs {
			sec.Blocks = append(sec.Blocks, Block{Paragraph: b.targetParagraph(v)})
			if c := b.targetChart(v); c != nil {
				sec.Blocks = append(sec.Blocks, Block{Chart: c})
			}
		}
		sec.Blocks = append(sec.Blocks, Block{Table: b.targetTable(vs, b.tableCaption("caption.term", planName), false)})
		sec.Blocks = append(sec.Blocks, Block{Paragraph: &Paragraph{Sentences: []Sentence{b.sentence(b.w.spans("target.summary", b.summary(vs)), nil)}}})
		b.rep.Sections = append(b.rep.Sections, sec)
	}

	// What was set for after the term, by the unit or the units it went
	// into.
	after := func(t planwatch.Target) bool { return t.Period.StartYear() > term.EndYear() }
	following, err := b.verdicts(u, after)
	if err != nil {
		return err
	}
	for _, s := range b.rv.Lineage().Successors(u.ID) {
		more, err := b.verdicts(s.Unit, after)
		if err != nil {
			return err
		}
		following = append(following, more...)
	}
	if len(following) > 0 {
		var items []Paragraph
		for _, v := range following {
			items = append(items, Paragraph{Sentences: []Sentence{b.objective(v)}})
		}
		b.rep.Sections = append(b.rep.Sections, Section{Heading: b.w.say("h.following", periodText(term)), Blocks: []Block{{List: items}}})
	}

	var unassessed []Paragraph
	for _, v := range vs {
		if s, ok := b.unassessedSentence(v); ok {
			unassessed = append(unassessed, Paragraph{Sentences: []Sentence{s}})
		}
	}
	if len(unassessed) > 0 {
		b.rep.Sections = append(b.rep.Sections, Section{Heading: b.w.say("h.unassessed"), Blocks: []Block{{List: unassessed}}})
	}
	return nil
}

// intervals lists the spans of years the unit has figures for, ending by
// the end of the term, oldest first.
func (b *builder) intervals(u planwatch.Unit, term period.Period) []period.Period {
	var out []period.Period
	for _, k := range b.rv.SeriesKeys(u.ID) {
		for _, o := range b.rv.Series(u.ID, k.Indicator, k.Dims) {
			p := o.Period
			if p.IsInterval() && p.Freq() == period.Annual && p.EndYear() <= term.EndYear() && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.SortFunc(out, func(a, c period.Period) int {
		if a.StartYear() != c.StartYear() {
			return a.StartYear() - c.StartYear()
		}
		return a.EndYear() - c.EndYear()
	})
	return out
}

// averages says the average growth over each span of years.
func (b *builder) averages(u planwatch.Unit, term period.Period) (Section, bool) {
	var para Paragraph
	for _, iv := range b.intervals(u, term) {
		facts, err := b.rv.Facts(u.Ref(), iv)
		if err != nil {
			continue
		}
		for _, f := range facts {
			if f.AvgGrowthPct == nil {
				continue
			}
			fl, ok := b.line(u, f)
			if !ok {
				continue
			}
			para.Sentences = append(para.Sentences, b.averageSentence(fl, *f.AvgGrowthPct))
		}
	}
	if len(para.Sentences) == 0 {
		return Section{}, false
	}
	return Section{Heading: b.w.say("h.growth"), Blocks: []Block{{Paragraph: &para}}}, true
}

// averageSentence: "Tốc độ tăng GRDP (giá so sánh 2010) bình quân giai
// đoạn 2005–2019 đạt 14,7%/năm."
func (b *builder) averageSentence(fl factLine, avg float64) Sentence {
	n := &notes{}
	var txt string
	if fl.in.MeasureUnit == "%" && fl.how == "" {
		txt = locale.Number(avg, b.o.Lang) + "%"
	} else {
		txt = b.w.trimmed(avg, 2) + "%"
	}
	n.add(NoteItem{Figure: txt, Text: joinText(fl.how, b.describe(fl.vs, fl.own())), Sources: b.sourcesOf(fl.vs)})
	fig := b.figure(Figure{Key: key(fl.in.Code, string(fl.dims), fl.u.Ref(), fl.f.Period, "avg_growth"), Label: b.label(fl),
		Text: txt, Href: href(fl.u, fl.in.Code, fl.dims, fl.p), Refs: refs(fl.vs)})
	phrase := "avg.level"
	if fl.in.MeasureUnit == "%" {
		phrase = "avg.rate"
	}
	return b.sentence(b.w.spans(phrase, b.name(fl.in, fl.dims), periodText(fl.p), fig), n)
}

// scale says, year by year from the year before the term, the unit's
// figures with their share of the national total and rank.
func (b *builder) scale(u planwatch.Unit, term period.Period) (Section, bool) {
	sec := Section{Heading: b.w.say("h.scale")}
	for y := term.StartYear() - 1; y <= term.EndYear(); y++ {
		p := period.Year(y)
		facts, err := b.rv.Facts(u.Ref(), p)
		if err != nil {
			continue
		}
		var lines []factLine
		for _, f := range facts {
			if fl, ok := b.line(u, f); ok {
				lines = append(lines, fl)
			}
		}
		var para Paragraph
		for _, g := range b.paragraphs(lines) {
			for _, fl := range g {
				lead := ""
				if len(para.Sentences) == 0 {
					lead = strconv.Itoa(y)
				}
				para.Sentences = append(para.Sentences, b.factSentence(fl, lead))
				if s, ok := b.breakSentence(fl); ok {
					para.Sentences = append(para.Sentences, s)
				}
			}
		}
		if len(para.Sentences) > 0 {
			sec.Blocks = append(sec.Blocks, Block{Paragraph: &para})
		}
	}
	return sec, len(sec.Blocks) > 0
}

// multiples says how many times its base-year figure each indicator's
// latest figure of the term is, over ten years or more and where the
// series does not break between them: "gấp hơn 19 lần năm 2005".
func (b *builder) multiples(u planwatch.Unit, term period.Period) (Section, bool) {
	var para Paragraph
	for _, k := range b.rv.SeriesKeys(u.ID) {
		pts := b.rv.Points(u.ID, k.Indicator, k.Dims)
		var years []review.SeriesPoint
		for _, pt := range pts {
			if pt.Period.Freq() == period.Annual && !pt.Period.IsInterval() && pt.Period.EndYear() <= term.EndYear() {
				years = append(years, pt)
			}
		}
		if len(years) < 2 {
			continue
		}
		first := 0
		if !b.o.Base.IsZero() {
			first = slices.IndexFunc(years, func(pt review.SeriesPoint) bool { return pt.Period == b.o.Base })
			if first < 0 {
				continue
			}
		}
		base, last := years[first], years[len(years)-1]
		if last.Period.StartYear()-base.Period.StartYear() < 10 {
			continue
		}
		// Base and last must compare: from one document, whatever other
		// documents' figures lie between.
		obs := make([]planwatch.Observation, len(years))
		for i, pt := range years {
			obs[i] = pt.Observation
		}
		if !review.SameSource(obs, first, len(obs)-1) {
			continue
		}
		in, _ := b.rv.Indicator(k.Indicator)
		if in.MeasureUnit == "%" || in.MeasureUnit == "rank" {
			continue
		}
		m, err := b.rv.Multiple(u.Ref(), k.Indicator, k.Dims, base.Period, last.Period)
		if err != nil {
			continue
		}
		para.Sentences = append(para.Sentences, b.multipleSentence(u, in, k.Dims, version{u, base.Observation}, version{u, last.Observation}, m))
	}
	if len(para.Sentences) == 0 {
		return Section{}, false
	}
	return Section{Heading: b.w.say("h.multiples"), Blocks: []Block{{Paragraph: &para}}}, true
}

// multipleSentence: "Thu ngân sách nhà nước trên địa bàn năm 2021 đạt
// 33,227 nghìn tỷ đồng, gấp hơn 19 lần năm 2005."
func (b *builder) multipleSentence(u planwatch.Unit, in planwatch.Indicator, dims planwatch.Dims, base, last version, m float64) Sentence {
	n := &notes{}
	fl := factLine{u: u, in: in, dims: dims, p: last.obs.Period}
	val := b.quantity(last.obs.Value, in.MeasureUnit, false)
	n.add(NoteItem{Figure: val, Text: b.describe([]version{last}, fl.own()), Sources: b.sourcesOf([]version{last})})
	value := b.figure(Figure{Key: key(in.Code, string(dims), u.Ref(), last.obs.Period.String(), "value"), Label: b.label(fl), Text: val,
		Href: href(u, in.Code, dims, last.obs.Period), Refs: refs([]version{last})})
	txt, more := multipleText(b.w, m)
	n.add(NoteItem{Figure: txt, Text: joinText(b.w.say("note.multiple", b.quantity(base.obs.Value, in.MeasureUnit, false), base.obs.Period.String()), b.describe([]version{base}, own{u.ID, in.Code, dims, last.obs.Period})),
		Sources: b.sourcesOf([]version{base})})
	mult := b.figure(Figure{Key: key(in.Code, string(dims), u.Ref(), last.obs.Period.String(), "multiple", base.obs.Period.String()), Label: b.label(fl, b.w.say("m.multiple", base.obs.Period.String())),
		Text: txt, Href: href(u, in.Code, dims, last.obs.Period), Refs: refs([]version{base, last})})
	phrase := "multiple"
	if more {
		phrase = "multiple.more"
	}
	return b.sentence(b.w.spans(phrase, b.name(in, dims), last.obs.Period.String(), value, mult, base.obs.Period.String()), n)
}

// targetParagraph says a target, its verdict and why, and where it stood
// as of the last year with figures.
func (b *builder) targetParagraph(v verdict) *Paragraph {
	n := &notes{}
	target := b.targetFigure(v, n)
	status := b.figure(Figure{Key: v.key("status"), Label: b.targetLabel(v), Text: locale.Status(v.a.Status, b.o.Lang), Href: "/p/" + v.plan.Code})
	p := &Paragraph{}
	p.Sentences = append(p.Sentences, b.sentence(b.w.spans("target", b.name(v.in, v.t.Dims), target, b.deadlineText(v.t.Period), status), n))
	if r := review.ReasonText(v.a.Verdict, b.o.Lang); r != "" {
		ln := &notes{}
		spans := []Span{{Text: r}}
		if v.a.AsOf == nil {
			spans = b.reasonSpans(r, v, v.a.Verdict, ln)
		}
		p.Sentences = append(p.Sentences, b.sentence(b.w.spans("target.reason", spans), ln))
	}
	if a := v.a.AsOf; a != nil {
		ln := &notes{}
		st := b.figure(Figure{Key: v.key("as_of", a.Period), Label: b.targetLabel(v), Text: locale.Status(a.Status, b.o.Lang), Href: "/p/" + v.plan.Code})
		r := review.ReasonText(a.Verdict, b.o.Lang)
		p.Sentences = append(p.Sentences, b.sentence(b.w.spans("target.as-of", a.Period, b.unitName(v.u), st, b.reasonSpans(r, v, a.Verdict, ln)), ln))
	}
	return p
}

// summary counts the verdicts by status: "8 mục tiêu: 8 không đánh giá
// được; tính đến 2024: 1 đúng tiến độ, 7 không đánh giá được".
func (b *builder) summary(vs []verdict) string {
	order := []string{"achieved", "on_track", "acceleration_needed", "off_track", "regressing", "not_assessable"}
	count := func(status func(verdict) string) string {
		n := map[string]int{}
		for _, v := range vs {
			n[status(v)]++
		}
		var parts []string
		for _, s := range order {
			if n[s] > 0 {
				parts = append(parts, strconv.Itoa(n[s])+" "+locale.Status(s, b.o.Lang))
			}
		}
		return joinWith(parts, ", ")
	}
	phrase := "summary.many"
	if len(vs) == 1 {
		phrase = "summary.one"
	}
	out := b.w.say(phrase, strconv.Itoa(len(vs)), count(func(v verdict) string { return v.a.Status }))
	var asOf string
	for _, v := range vs {
		if v.a.AsOf != nil {
			asOf = v.a.AsOf.Period
		}
	}
	if asOf != "" {
		out = b.w.say("summary.as-of", out, asOf, count(func(v verdict) string {
			if v.a.AsOf != nil {
				return v.a.AsOf.Status
			}
			return v.a.Status
		}))
	}
	return out
}

func joinWith(parts []string, sep string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += sep
		}
		out += p
	}
	return out
}
