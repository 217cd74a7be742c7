package report

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"planwatch"
	"planwatch/formula"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// Options say which report to build.
type Options struct {
	// Unit is the unit reported on (a code, resolved within the period, or
	// code@YYYY-MM-DD); for a term review it defaults to the plan's unit.
	Unit string
	// Period is the year of a year-end report, or the term of a term
	// review (default: the plan's horizon).
	Period period.Period
	// Plan is the plan a term review reviews; for a year-end report it
	// keeps only that plan's targets in the table.
	Plan string
	Kind Kind
	Lang locale.Lang
	// KnownOn is the date (YYYY-MM-DD) up to which the review's figures
	// were recorded, shown under the title; empty when the review holds
	// the latest figures.
	KnownOn string
	// Base is the year a term review gives multiples of; zero: for each
	// indicator its earliest yearly figure at least ten years before.
	Base period.Period
}

// Zone is the time zone of the dates a report writes (when a figure was
// recorded): Viet Nam's, UTC+7, the users' own.
var Zone = time.FixedZone("UTC+7", 7*3600)

// EndOfDay is the last instant of a day (YYYY-MM-DD) in Viet Nam's time:
// a report "as known on 31/12/2025" uses every version recorded that day.
func EndOfDay(day string) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, day, Zone)
	if err != nil {
		return time.Time{}, planwatch.Errorf(planwatch.EINVALID, "%q is not a date (write YYYY-MM-DD)", day)
	}
	return d.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
}

// Build writes the report the options ask for from a review snapshot.
func Build(rv *review.Review, o Options) (*Report, error) {
	if o.Lang == "" {
		o.Lang = locale.VI
	}
	b := &builder{rv: rv, o: o, w: words{o.Lang}, srcIdx: map[string]int{}, entries: map[string]bool{}}
	b.rep = &Report{Kind: o.Kind, Lang: string(o.Lang), Labels: Labels{
		Notes: b.w.say("label.notes"), Sources: b.w.say("label.sources"), Figures: b.w.say("label.figures"),
		Page: b.w.say("label.page"), Of: b.w.say("label.of")}}
	var err error
	switch o.Kind {
	case YearEnd:
		err = b.yearEnd()
	case TermReview:
		err = b.termReview()
	default:
		return nil, planwatch.Errorf(planwatch.EINVALID, "kind %q: use %s or %s", o.Kind, YearEnd, TermReview)
	}
	if err != nil {
		return nil, err
	}
	b.rep.Subtitle = append(b.rep.Subtitle, b.knownLine())
	return b.rep, nil
}

// builder holds what a report has said so far: its notes and sources.
type builder struct {
	rv   *review.Review
	o    Options
	w    words
	unit planwatch.Unit
	rep  *Report
	// srcIdx numbers the documents cited; entries the versions listed
	// under each.
	srcIdx  map[string]int
	entries map[string]bool
	tables  int
	charts  int
	// latest is when the latest version used was recorded.
	latest time.Time
}

// knownLine says which figures the report was made from: those recorded
// by the date asked for, or else the date of the latest one it used.
func (b *builder) knownLine() string {
	if b.o.KnownOn != "" {
		return b.w.say("sub.known-on", b.w.day(b.o.KnownOn))
	}
	if b.latest.IsZero() {
		return b.w.say("sub.recorded", "-")
	}
	return b.w.say("sub.recorded", b.date(b.latest))
}

// notes collects the note items of one sentence or cell.
type notes struct{ items []NoteItem }

func (n *notes) add(it NoteItem) { n.items = append(n.items, it) }

// note numbers the items as a note of the report, or returns 0 when there
// are none.
func (b *builder) note(n *notes) int {
	if n == nil || len(n.items) == 0 {
		return 0
	}
	num := len(b.rep.Notes) + 1
	b.rep.Notes = append(b.rep.Notes, Note{N: num, Items: n.items})
	return num
}

// sentence makes a sentence of spans (capitalised, with a full stop) and
// gives it its note.
func (b *builder) sentence(spans []Span, n *notes) Sentence {
	spans = slices.Clone(spans)
	if len(spans) > 0 && spans[0].Figure == nil {
		spans[0].Text = upperFirst(spans[0].Text)
	}
	if k := len(spans) - 1; k >= 0 && spans[k].Figure == nil {
		spans[k].Text = strings.TrimRight(spans[k].Text, " ") + "."
	} else {
		spans = append(spans, Span{Text: "."})
	}
	return Sentence{Spans: spans, Note: b.note(n)}
}

// figure records a figure of the report and gives its span.
func (b *builder) figure(f Figure) Span {
	b.rep.Figures = append(b.rep.Figures, f)
	fc := f
	return Span{Text: f.Text, Figure: &fc}
}

// href is the web page of an indicator of a unit, at a period.
func href(u planwatch.Unit, code string, dims planwatch.Dims, p period.Period) string {
	q := url.Values{}
	if dims != "" {
		q.Set("dims", string(dims))
	}
	if !p.IsZero() {
		q.Set("period", p.String())
	}
	h := "/u/" + url.PathEscape(u.Ref()) + "/i/" + url.PathEscape(code)
	if len(q) > 0 {
		h += "?" + q.Encode()
	}
	return h
}

func key(parts ...string) string { return strings.Join(parts, "|") }

// name is an indicator's name for a sentence, with the dimension values
// its name does not say, without the part after a semicolon (a note on
// how to read it: "; over an interval: average per year").
func (b *builder) name(in planwatch.Indicator, dims planwatch.Dims) string {
	n := review.IndicatorText(in, dims, b.o.Lang)
	if base, rest, ok := strings.Cut(n, "; "); ok {
		// Keep the dimension values that follow in brackets.
		if i := strings.LastIndex(rest, " ("); i >= 0 && strings.HasSuffix(rest, ")") && !strings.Contains(base, rest[i:]) {
			return base + rest[i:]
		}
		return base
	}
	return n
}

// unitName names a unit with its code: "Bắc Ninh (27)".
func (b *builder) unitName(u planwatch.Unit) string {
	return fmt.Sprintf("%s (%s)", u.Name(string(b.o.Lang)), u.Code)
}

// periodText writes a period as a sentence does: "2025", "2021–2025".
func periodText(p period.Period) string { return review.DeadlineText(p) }

// deadlineText says by when a target is due: "đến năm 2025", "giai
// đoạn 2021–2025".
func (b *builder) deadlineText(p period.Period) string {
	if p.IsInterval() && p.Freq() == period.Annual {
		return b.w.say("deadline.span", periodText(p))
	}
	return b.w.say("deadline.year", periodText(p))
}

// quantity writes a value in its measure unit: every digit of a stored
// figure (up to three decimals once scaled, so whole billions of a VND
// amount in trillions), two decimals of a computed one.
func (b *builder) quantity(v float64, mu string, computed bool) string {
	sv, smu := locale.Scaled(v, mu)
	d := digits(sv)
	switch {
	case computed && d > 2:
		d = 2
	case smu != mu && d > 3:
		d = 3
	case d > 4:
		d = 4
	}
	if d == digits(sv) {
		return locale.Quantity(v, mu, b.o.Lang)
	}
	r := roundTo(sv, d)
	if smu != mu {
		// Quantity scales again: give it the unscaled value rounded.
		return locale.QuantityFixed(r*1000, d, mu, b.o.Lang)
	}
	return locale.Quantity(r, mu, b.o.Lang)
}

func digits(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func roundTo(v float64, d int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
	return r
}

// statusWord names an observation status for a note: "chính thức",
// "official"; "ước tính", "estimated".
func (b *builder) statusWord(s string) string {
	if s == "" || s == planwatch.StatusNormal {
		if b.o.Lang == locale.VI {
			return "chính thức"
		}
		return "official"
	}
	return locale.ObsStatus(s, b.o.Lang)
}

// version is one stored figure a report figure used.
type version struct {
	unit planwatch.Unit
	obs  planwatch.Observation
}

func (v version) ref() string {
	parts := []string{v.unit.Ref(), v.obs.Indicator}
	if v.obs.Dims != "" {
		parts = append(parts, string(v.obs.Dims))
	}
	return strings.Join(append(parts, v.obs.Period.String(), "v"+strconv.Itoa(v.obs.Version)), " ")
}

// stored is the current stored figure of a series at a period.
func (b *builder) stored(u planwatch.Unit, code string, dims planwatch.Dims, p period.Period) (planwatch.Observation, bool) {
	for _, o := range b.rv.Series(u.ID, code, dims) {
		if o.Period == p {
			return o, true
		}
	}
	return planwatch.Observation{}, false
}

// versions lists the stored figures a unit's figure was made of: its own,
// or the operands of its formula, or its predecessors' (rebuilt); how it
// was made, in words ("" for a stored figure).
func (b *builder) versions(u planwatch.Unit, code string, dims planwatch.Dims, p period.Period, depth int) ([]version, string) {
	if o, ok := b.stored(u, code, dims, p); ok {
		return []version{{u, o}}, ""
	}
	in, ok := b.rv.Indicator(code)
	if !ok || depth > 8 {
		return nil, ""
	}
	if in.Formula != "" {
		if e, err := formula.Parse(in.Formula); err == nil {
			var out []version
			for _, name := range e.Vars() {
				c, ok := b.rv.Indicator(name)
				if !ok {
					continue
				}
				vs, _ := b.versions(u, name, c.Restrict(dims), p, depth+1)
				out = append(out, vs...)
			}
			if len(out) > 0 {
				return out, b.w.say("note.formula", in.Formula)
			}
		}
	}
	var out []version
	var names []string
	for _, part := range b.rv.Lineage().Predecessors(u.ID) {
		vs, _ := b.versions(part.Unit, code, dims, p, depth+1)
		if len(vs) > 0 {
			out = append(out, vs...)
			names = append(names, b.unitName(part.Unit))
		}
	}
	if len(out) > 0 {
		return out, b.w.say("note.rebuilt", b.unitName(u), strings.Join(names, ", "))
	}
	return nil, ""
}

// weakest is the status a computed figure carries: imputed, forecast,
// estimated or preliminary if any figure it used is.
func weakest(vs []version) string {
	rank := map[string]int{"I": 5, "F": 4, "E": 3, "P": 2}
	best := planwatch.StatusNormal
	for _, v := range vs {
		if rank[v.obs.Status] > rank[best] {
			best = v.obs.Status
		}
	}
	return best
}

// source numbers the document of a stored version for the annex, listing
// the version under it once.
func (b *builder) source(v version) int {
	doc, quote, _ := strings.Cut(v.obs.Source, ":")
	doc = strings.TrimSpace(doc)
	idx, full, short := doc, doc, shortDoc(doc)
	// A source that cites a known document gives its title in the
	// report's language, with its publisher and date.
	if c := b.rv.Cite(v.obs.Source); c.Document != nil {
		idx, quote, full = "doc:"+c.Document.Code, c.Detail, c.Title(b.o.Lang)
		short = shortDoc(full)
		var about []string
		if p := c.Document.Publisher(string(b.o.Lang)); p != "" {
			about = append(about, p)
		}
		if d := c.Document.Issued; d != "" {
			about = append(about, dayText(d))
		}
		if len(about) > 0 {
			full += " (" + strings.Join(about, ", ") + ")"
		}
	}
	if idx == "" {
		idx, full, short = "-", "-", "-"
	}
	n, ok := b.srcIdx[idx]
	if !ok {
		n = len(b.rep.Sources) + 1
		b.srcIdx[idx] = n
		b.rep.Sources = append(b.rep.Sources, Source{N: n, Document: full, Short: short})
	}
	if v.obs.RecordedAt.After(b.latest) {
		b.latest = v.obs.RecordedAt
	}
	if k := strconv.Itoa(n) + " " + v.ref(); !b.entries[k] {
		b.entries[k] = true
		in, _ := b.rv.Indicator(v.obs.Indicator)
		s := &b.rep.Sources[n-1]
		s.Entries = append(s.Entries, SourceEntry{
			What:  strings.Join([]string{b.name(in, v.obs.Dims), b.unitName(v.unit), periodText(v.obs.Period)}, ", "),
			Value: b.quantity(v.obs.Value, in.MeasureUnit, false),
			Meta:  b.meta(v),
			Quote: strings.TrimSpace(quote),
		})
	}
	return n
}

// planSource numbers a plan as a source of the figures it sets.
func (b *builder) planSource(plan planwatch.Plan, t planwatch.Target) int {
	doc := plan.Code + ": " + plan.Title(string(b.o.Lang))
	n, ok := b.srcIdx[doc]
	if !ok {
		n = len(b.rep.Sources) + 1
		b.srcIdx[doc] = n
		issuer := plan.Issuer(string(b.o.Lang))
		if plan.Issued != "" {
			issuer += ", " + string(plan.Issued)
		}
		b.rep.Sources = append(b.rep.Sources, Source{N: n, Document: b.w.say("plan.source", doc, issuer)})
	}
	in, _ := b.rv.Indicator(t.Indicator)
	if k := strconv.Itoa(n) + " " + key(t.Indicator, string(t.Dims), t.Period.String(), string(t.Kind)); !b.entries[k] {
		b.entries[k] = true
		s := &b.rep.Sources[n-1]
		s.Entries = append(s.Entries, SourceEntry{
			What:  strings.Join([]string{b.name(in, t.Dims), b.unitOf(t), periodText(t.Period)}, ", "),
			Value: review.TargetText(t, in, b.o.Lang),
			Quote: t.Wording,
		})
	}
	return n
}

// shortDoc cuts a document's name for a footnote.
// dayText writes a date as both languages' documents do: 31/12/2025.
func dayText(d planwatch.Date) string {
	if t, err := time.Parse("2006-01-02", string(d)); err == nil {
		return t.Format("02/01/2006")
	}
	return string(d)
}

func shortDoc(doc string) string {
	if before, _, ok := strings.Cut(doc, " ("); ok && strings.TrimSpace(before) != "" {
		doc = before
	}
	parts := strings.Split(doc, ", ")
	if len(parts) > 3 {
		parts = parts[:3]
	}
	return strings.Join(parts, ", ")
}

func (b *builder) unitOf(t planwatch.Target) string {
	if u, ok := b.rv.UnitByID(t.Unit); ok {
		return b.unitName(u)
	}
	return t.UnitCode
}

func (b *builder) meta(v version) string {
	return b.w.say("meta", strconv.Itoa(v.obs.Version), b.statusWord(v.obs.Status), b.recorded(v))
}

// sourcesOf numbers the documents of versions, each once, in order.
func (b *builder) sourcesOf(vs []version) []int {
	var out []int
	for _, v := range vs {
		if n := b.source(v); !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// own names the series and period a note is about, which its items need
// not repeat.
type own struct {
	unit int64
	code string
	dims planwatch.Dims
	p    period.Period
}

// describe says what each version is, briefly, leaving out what the
// sentence says already (the unit reported on, the series and period of
// its own figure): "bản ghi 1, ước tính, ghi nhận ngày 31/12/2025";
// "Kim ngạch xuất khẩu hàng hóa, 2024: bản ghi 1, suy ra, ...".
func (b *builder) describe(vs []version, self ...own) string {
	var parts []string
	for _, v := range vs {
		meta := b.w.say("meta", strconv.Itoa(v.obs.Version), b.statusWord(v.obs.Status), b.recorded(v))
		same := len(self) > 0 && self[0].unit == v.unit.ID && self[0].code == v.obs.Indicator && self[0].dims == v.obs.Dims
		var what []string
		if !same {
			in, _ := b.rv.Indicator(v.obs.Indicator)
			what = append(what, b.name(in, v.obs.Dims))
		}
		if v.unit.ID != b.unit.ID && !same {
			what = append(what, b.unitName(v.unit))
		}
		if !same || self[0].p != v.obs.Period {
			what = append(what, periodText(v.obs.Period))
		}
		if len(what) > 0 {
			meta = strings.Join(what, ", ") + ": " + meta
		}
		parts = append(parts, meta)
	}
	return strings.Join(parts, "; ")
}

// date writes a day as the language does: 31/12/2025, 2025-12-31.
func (b *builder) date(t time.Time) string {
	if b.o.Lang == locale.VI {
		return t.In(Zone).Format("02/01/2006")
	}
	return t.In(Zone).Format(time.DateOnly)
}

func (b *builder) recorded(v version) string {
	if v.obs.RecordedAt.IsZero() {
		return "-"
	}
	return b.date(v.obs.RecordedAt)
}

func refs(vs []version) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.ref())
	}
	return out
}

// joinText joins parts with "; ", skipping empty ones.
func joinText(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}

// groupName names a group in the language.
func (b *builder) groupName(code string) string {
	for _, m := range b.rv.Members() {
		if m.Group == code {
			if b.o.Lang == locale.EN && m.NameEN != "" || m.NameVI == "" {
				if m.NameEN != "" {
					return m.NameEN
				}
				return code
			}
			return m.NameVI
		}
	}
	return code
}

// caption numbers a table's caption.
func (b *builder) tableCaption(key string, args ...string) string {
	b.tables++
	return b.w.say(key, append([]string{strconv.Itoa(b.tables)}, args...)...)
}

func (b *builder) chartCaption(title string) string {
	b.charts++
	return b.w.say("caption.chart", strconv.Itoa(b.charts), title)
}
