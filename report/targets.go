package report

import (
	"fmt"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// verdict is a target with its assessment.
type verdict struct {
	t    planwatch.Target
	a    review.Assessment
	u    planwatch.Unit
	in   planwatch.Indicator
	plan planwatch.Plan
}

// verdicts judges a unit's targets that keep selects, in the store's
// order (plan, unit, indicator).
func (b *builder) verdicts(u planwatch.Unit, keep func(planwatch.Target) bool) ([]verdict, error) {
	as, err := b.rv.Assess(review.Filter{Unit: u.Ref()})
	if err != nil {
		return nil, err
	}
	var ts []planwatch.Target
	for _, t := range b.rv.Targets("") {
		if t.Unit == u.ID {
			ts = append(ts, t)
		}
	}
	if len(ts) != len(as) {
		return nil, fmt.Errorf("report: %d targets of %s but %d assessments", len(ts), u, len(as))
	}
	var out []verdict
	for i, t := range ts {
		if !keep(t) {
			continue
		}
		in, _ := b.rv.Indicator(t.Indicator)
		plan, _ := b.rv.Plan(t.Plan)
		out = append(out, verdict{t: t, a: as[i], u: u, in: in, plan: plan})
	}
	return out, nil
}

func (v verdict) key(parts ...string) string {
	return key(append([]string{"target", v.t.Plan, v.u.Ref(), v.t.Indicator, string(v.t.Dims), v.t.Period.String(), string(v.t.Kind)}, parts...)...)
}

// measured is the verdict whose figures a report quotes: the final one,
// or the one as of the last year with figures when the final one has
// none.
func (v verdict) measured() review.Verdict {
	if v.a.AsOf != nil && v.a.LatestValue == nil {
		return v.a.AsOf.Verdict
	}
	return v.a.Verdict
}

// targetFigure is the target as written, traced to its plan.
func (b *builder) targetFigure(v verdict, n *notes) Span {
	txt := review.TargetText(v.t, v.in, b.o.Lang)
	src := b.planSource(v.plan, v.t)
	n.add(NoteItem{Figure: txt, Text: v.plan.Code + ": " + v.plan.Title(string(b.o.Lang)), Sources: []int{src}})
	return b.figure(Figure{Key: v.key("value"), Label: b.targetLabel(v), Text: txt,
		Href: "/p/" + v.plan.Code, Refs: []string{v.t.Plan}})
}

func (b *builder) targetLabel(v verdict) string {
	return fmt.Sprintf("%s (%s, %s, %s)", b.name(v.in, v.t.Dims), v.t.Plan, b.unitName(v.u), periodText(v.t.Period))
}

// latestFigure is what the verdict measured ("33,227 nghìn tỷ đồng
// (2021)"), traced to the versions it came from; nil when there is none.
func (b *builder) latestFigure(v verdict, n *notes) *Span {
	m := v.measured()
	txt := review.LatestText(v.a, m, v.in, b.o.Lang)
	if txt == "-" || m.LatestPeriod == nil {
		return nil
	}
	y, err := strconv.Atoi(*m.LatestPeriod)
	if err != nil {
		return nil
	}
	p := period.Year(y)
	vs, how := b.versions(v.u, v.t.Indicator, v.t.Dims, p, 0)
	if v.t.Kind == planwatch.AvgGrowth || v.t.Kind == planwatch.Growth {
		if g, ok := b.rv.Indicator(v.t.Indicator + "_GROWTH"); ok {
			gv, ghow := b.versions(v.u, g.Code, g.Restrict(v.t.Dims), p, 0)
			if len(vs) == 0 {
				vs, how = gv, ghow
			}
		}
	}
	it := NoteItem{Figure: txt, Text: joinText(how, b.describe(vs, own{v.u.ID, v.t.Indicator, v.t.Dims, p}), b.w.say("note.verdict", locale.Method(v.a.Method, b.o.Lang))), Sources: b.sourcesOf(vs)}
	if v.t.Kind == planwatch.PlanFig {
		it.Sources = append(it.Sources, b.planSource(v.plan, v.t))
	}
	n.add(it)
	s := b.figure(Figure{Key: v.key("latest"), Label: b.targetLabel(v), Text: txt, Href: href(v.u, v.t.Indicator, v.t.Dims, p), Refs: refs(vs)})
	return &s
}

// verdictFigure is the verdict in words, a figure of the report so that a
// verdict that moves shows in the revision report.
func (b *builder) verdictFigure(v verdict) Span {
	return b.figure(Figure{Key: v.key("verdict"), Label: b.targetLabel(v), Text: review.VerdictText(v.a, b.o.Lang), Href: "/p/" + v.plan.Code})
}

// reasonText is why a verdict is what it is: the reason as of the last
// year with figures when there is one, else the final reason.
func (b *builder) reasonText(v verdict) string {
	if v.a.AsOf != nil {
		return review.ReasonText(v.a.AsOf.Verdict, b.o.Lang)
	}
	return review.ReasonText(v.a.Verdict, b.o.Lang)
}

// targetTable lists targets with their verdicts.
func (b *builder) targetTable(vs []verdict, caption string, withUnit bool) *Table {
	head := []string{b.w.say("col.indicator")}
	if withUnit {
		head = append(head, b.w.say("col.unit"))
	}
	head = append(head, b.w.say("col.plan"), b.w.say("col.target"), b.w.say("col.deadline"), b.w.say("col.result"), b.w.say("col.verdict"))
	t := &Table{Caption: caption, Head: head, Num: make([]bool, len(head))}
	for _, v := range vs {
		row := []Cell{{Spans: []Span{{Text: b.name(v.in, v.t.Dims)}}}}
		if withUnit {
			row = append(row, Cell{Spans: []Span{{Text: b.unitName(v.u)}}})
		}
		tn := &notes{}
		target := b.targetFigure(v, tn)
		row = append(row, Cell{Spans: []Span{{Text: v.t.Plan}}}, Cell{Spans: []Span{target}, Note: b.note(tn)},
			Cell{Spans: []Span{{Text: periodText(v.t.Period)}}})
		ln := &notes{}
		if s := b.latestFigure(v, ln); s != nil {
			row = append(row, Cell{Spans: []Span{*s}, Note: b.note(ln)})
		} else {
			row = append(row, Cell{Spans: []Span{{Text: "-"}}})
		}
		row = append(row, Cell{Spans: []Span{b.verdictFigure(v)}, Sub: b.reasonText(v), Class: v.a.Status})
		t.Rows = append(t.Rows, row)
	}
	return t
}

// objective says a target set for a later period: "Tổng sản phẩm trên địa
// bàn (GRDP) (giá so sánh 2010) (MT-2026-BN): tối thiểu 10% đến 2026."
func (b *builder) objective(v verdict) Sentence {
	n := &notes{}
	target := b.targetFigure(v, n)
	return b.sentence(b.w.spans("following", b.name(v.in, v.t.Dims), v.plan.Code, target, b.deadlineText(v.t.Period)), n)
}

// unassessedSentence says why a target could not be judged, at its
// deadline and as of the last year with figures.
func (b *builder) unassessedSentence(v verdict) (Sentence, bool) {
	if v.a.Status != "not_assessable" {
		return Sentence{}, false
	}
	reason := short(review.ReasonText(v.a.Verdict, b.o.Lang))
	if v.a.AsOf != nil && v.a.AsOf.Status == "not_assessable" {
		asOf := b.w.say("target.as-of", v.a.AsOf.Period, b.unitName(v.u), locale.Status(v.a.AsOf.Status, b.o.Lang), short(review.ReasonText(v.a.AsOf.Verdict, b.o.Lang)))
		reason = joinText(reason, lowerFirst(asOf))
	}
	return b.sentence(b.w.spans("unassessed", b.name(v.in, v.t.Dims), v.plan.Code, reason), nil), true
}

// short is a reason up to its first colon or semicolon: "địa giới thay
// đổi ngày 2025-07-01".
func short(reason string) string {
	if i := strings.IndexAny(reason, ":;"); i > 0 {
		return reason[:i]
	}
	return reason
}

// reasonSpans writes a reason with the figure the verdict measured as a
// traced figure where the reason states it.
func (b *builder) reasonSpans(reason string, v verdict, m review.Verdict, n *notes) []Span {
	if m.LatestValue == nil {
		return []Span{{Text: reason}}
	}
	q := locale.Quantity(*m.LatestValue, v.in.MeasureUnit, b.o.Lang)
	i := strings.Index(reason, q)
	if i < 0 {
		return []Span{{Text: reason}}
	}
	s := b.latestFigure(v, n)
	if s == nil {
		return []Span{{Text: reason}}
	}
	s.Text = q
	s.Figure.Text = q
	return []Span{{Text: reason[:i]}, *s, {Text: reason[i+len(q):]}}
}
