package report

import (
	"strings"

	"planwatch/locale"
	"planwatch/review"
)

// Compare writes the revision report: the same report built on the
// figures as recorded by two dates (before and after are reviews loaded
// as known on them, d1 and d2 the dates as written), and what differs
// between them: each figure the report states whose value or versions
// changed, and each verdict that moved.
func Compare(before, after *review.Review, o Options, d1, d2 string) (*Report, error) {
	ob, oa := o, o
	ob.KnownOn, oa.KnownOn = d1, d2
	rb, err := Build(before, ob)
	if err != nil {
		return nil, err
	}
	ra, err := Build(after, oa)
	if err != nil {
		return nil, err
	}
	if o.Lang == "" {
		o.Lang = locale.VI
	}
	w := words{o.Lang}
	rep := &Report{Kind: Revisions, Lang: string(o.Lang), Title: w.say("title.revisions", ra.Title), Labels: ra.Labels}
	rep.Subtitle = append(rep.Subtitle, ra.Subtitle[:len(ra.Subtitle)-1]...)
	rep.Subtitle = append(rep.Subtitle, w.say("sub.compare", w.day(d1), w.day(d2)))

	first := func(figs []Figure) (map[string]Figure, []string) {
		m := map[string]Figure{}
		var order []string
		for _, f := range figs {
			if _, ok := m[f.Key]; !ok {
				m[f.Key] = f
				order = append(order, f.Key)
			}
		}
		return m, order
	}
	fb, orderB := first(rb.Figures)
	fa, orderA := first(ra.Figures)
	keys := orderA
	for _, k := range orderB {
		if _, ok := fa[k]; !ok {
			keys = append(keys, k)
		}
	}
	figures := &Table{Head: []string{w.say("col.figure"), w.say("col.before", w.day(d1)), w.say("col.after", w.day(d2))}}
	verdicts := &Table{Head: []string{w.say("col.target"), w.say("col.before", w.day(d1)), w.say("col.after", w.day(d2))}}
	for _, k := range keys {
		b, inB := fb[k]
		a, inA := fa[k]
		if inB && inA && b.Text == a.Text && strings.Join(b.Refs, ";") == strings.Join(a.Refs, ";") {
			continue
		}
		label := a.Label
		if !inA {
			label = b.Label
		}
		cell := func(f Figure, ok bool) Cell {
			if !ok {
				return Cell{Spans: []Span{{Text: "-"}}}
			}
			return Cell{Spans: []Span{{Text: f.Text}}, Sub: versionsText(f.Refs)}
		}
		row := []Cell{{Spans: []Span{{Text: label}}}, cell(b, inB), cell(a, inA)}
		if strings.HasSuffix(k, "|verdict") || strings.HasSuffix(k, "|status") {
			if inB && inA && b.Text == a.Text {
				continue // the same verdict on other versions
			}
			row[1].Sub, row[2].Sub = "", ""
			verdicts.Rows = append(verdicts.Rows, row)
			continue
		}
		figures.Rows = append(figures.Rows, row)
	}
	n := 0
	caption := func(key string) string {
		n++
		return w.say(key, itoa(n))
	}
	sec := Section{Heading: w.say("h.changed")}
	if len(figures.Rows) == 0 {
		sec.Blocks = append(sec.Blocks, Block{Paragraph: &Paragraph{Sentences: []Sentence{{Spans: []Span{{Text: w.say("h.unchanged")}}}}}})
	} else {
		figures.Caption = caption("caption.changed")
		figures.Num = make([]bool, 3)
		sec.Blocks = append(sec.Blocks, Block{Table: figures})
	}
	rep.Sections = append(rep.Sections, sec)
	sec = Section{Heading: w.say("h.verdicts")}
	if len(verdicts.Rows) == 0 {
		sec.Blocks = append(sec.Blocks, Block{Paragraph: &Paragraph{Sentences: []Sentence{{Spans: []Span{{Text: w.say("h.no-verdict")}}}}}})
	} else {
		verdicts.Caption = caption("caption.moved")
		verdicts.Num = make([]bool, 3)
		sec.Blocks = append(sec.Blocks, Block{Table: verdicts})
	}
	rep.Sections = append(rep.Sections, sec)
	return rep, nil
}

// versionsText lists the versions a figure used, briefly: "EXPORTS 2025
// v2".
func versionsText(refs []string) string {
	var out []string
	for _, r := range refs {
		// "24@2025-07-01 EXPORTS 2025 v1": the unit is the report's.
		if f := strings.Fields(r); len(f) >= 3 {
			r = strings.Join(f[1:], " ")
		}
		out = append(out, r)
	}
	return strings.Join(out, "; ")
}
