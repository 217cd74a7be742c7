package factcheck

import (
	"slices"
	"strings"

	"planwatch"
	"planwatch/period"
)

// binding is what a claim is about: candidate indicators (with the
// dimensions the words fix), the unit, the period and, for ranks and
// shares, the group.
type binding struct {
	inds         []indRef
	incompatible []indRef // named, but in another measure unit than the claim's
	unit         *planwatch.Unit
	unitWords    string // the unit as the sentence names it
	period       period.Period
	periodStated bool
	group        string
	groupWords   string
}

// compatible says whether a claim written as c can be about an indicator
// measured in in's unit.
func (lx *Lexicon) compatible(c Claim, in planwatch.Indicator) bool {
	m := parseMeasureUnit(in.MeasureUnit)
	if c.Kind != KindValue {
		return c.Kind == KindRank || m.what != "rank"
	}
	switch {
	case c.Currency != "":
		return m.currency == c.Currency && !strings.HasPrefix(m.what, "per ") || m.currency == c.Currency && c.Scale == 1
	case c.Unit == "%":
		return m.what == "%"
	case c.Unit == "ha" || c.Unit == "km2":
		return m.what == c.Unit
	case c.Unit == "persons":
		return m.what == "persons"
	case c.Unit == "count":
		return m.what == "count" || m.what == "persons"
	case c.Scale != 1:
		return m.currency != "" || m.what == "count" || m.what == "persons"
	}
	return true
}

func (lx *Lexicon) filter(c Claim, rs []indRef) (ok, bad []indRef) {
	for _, r := range rs {
		if lx.compatible(c, lx.inds[r.code]) {
			ok = append(ok, r)
		} else {
			bad = append(bad, r)
		}
	}
	return ok, bad
}

// inOtherCurrency finds, for an amount written in another currency than
// the indicator's, the indicator defined as it over an exchange rate
// ("BUDGET_REV / FX_VND_USD" for a budget revenue given in USD).
func (lx *Lexicon) inOtherCurrency(c Claim, rs []indRef) []indRef {
	var out []indRef
	for _, r := range rs {
		for _, in := range lx.inds {
			f := strings.ReplaceAll(in.Formula, " ", "")
			if strings.HasPrefix(f, r.code+"/") && strings.Count(f, "/") == 1 && lx.compatible(c, in) {
				out = append(out, indRef{code: in.Code, dims: in.Restrict(r.dims)})
			}
		}
	}
	slices.SortFunc(out, func(a, b indRef) int { return strings.Compare(a.code, b.code) })
	return out
}

// denominator finds, for the whole of "X out of Y", the indicator Y is:
// the denominator of a ratio whose numerator is X's indicator
// (IP_OCCUPANCY = IP_LEASED / IP_LEASABLE * 100), else X's own.
func (lx *Lexicon) denominator(part []indRef) []indRef {
	var out []indRef
	for _, r := range part {
		for _, in := range lx.inds {
			f := strings.ReplaceAll(in.Formula, " ", "")
			if rest, ok := strings.CutPrefix(f, r.code+"/"); ok {
				den := rest
				if i := strings.IndexAny(den, "*/+-()"); i >= 0 {
					den = den[:i]
				}
				if _, known := lx.inds[den]; known {
					out = append(out, indRef{code: den})
				}
			}
		}
	}
	if len(out) == 0 {
		return part
	}
	return out
}

// parenthetical reports whether a claim stands alone in parentheses ("(2.76
// billion USD)"): an aside that the next claim does not continue.
func (d *doc) parenthetical(c Claim) bool {
	return c.lo > 0 && c.hi < len(d.toks) && d.toks[c.lo-1].key == "(" && d.toks[c.hi].key == ")"
}

// tie binds every claim, in order: a later claim may continue an earlier
// one ("exports ... 94 billion USD, up 36.1%").
func (lx *Lexicon) tie(d *doc, ms mentionIndex, defUnit planwatch.Unit, def period.Period) []binding {
	bs := make([]binding, len(d.claims))
	wholeOf := map[int]int{}
	for k, c := range d.claims {
		if c.total >= 0 {
			wholeOf[c.total] = k
		}
	}
	for k := range d.claims {
		c := d.claims[k]
		b := &bs[k]
		lx.tieIndicator(d, ms, bs, wholeOf, k)
		b.period, b.periodStated = d.claimPeriod(ms, c, def)
		b.unit = &defUnit
		{
			if m, ok := d.unitMention(ms, c); ok {
				b.unitWords = d.words(m.lo, m.hi)
				if u, ok := d.unitByCode(m); ok {
					b.unit = &u
				} else if u, ok := pickUnit(m.e.units, b.period); ok && u.Name("vi") != defUnit.Name("vi") {
					b.unit = &u
				} else if !ok {
					b.unit = nil
				}
			}
		}
		if strings.HasPrefix(c.Scope, "group:") {
			words := strings.TrimPrefix(c.Scope, "group:")
			b.groupWords = words
			for _, m := range ms.of(c.sent) {
				if m.lo > c.num && m.hi <= c.hi && m.e.group != "" {
					b.group = m.e.group
				}
			}
		}
	}
	return bs
}

func (lx *Lexicon) tieIndicator(d *doc, ms mentionIndex, bs []binding, wholeOf map[int]int, k int) {
	c := d.claims[k]
	b := &bs[k]
	use := func(rs []indRef) bool {
		ok, bad := lx.filter(c, rs)
		if len(ok) == 0 && c.Currency != "" {
			ok = lx.inOtherCurrency(c, bad)
		}
		if len(ok) == 0 {
			if len(b.incompatible) == 0 {
				b.incompatible = bad
			}
			return false
		}
		b.inds = ok
		return true
	}
	hasInds := func(m mention) bool { return len(m.e.inds) > 0 }
	// The whole of "X out of Y": the denominator of X's ratio.
	if x, ok := wholeOf[k]; ok && len(bs[x].inds) > 0 {
		if use(lx.denominator(bs[x].inds)) {
			lx.applyDims(d, ms, b, c, d.claims[x].hi)
			return
		}
	}
	// 1. A phrase among the claim's own words after its number ("231
	// startup projects", "2.71% of the whole country's GDP").
	for _, m := range ms.of(c.sent) {
		if m.claim == k && m.lo > c.num && hasInds(m) && use(m.e.inds) {
			lx.applyDims(d, ms, b, c, m.hi)
			return
		}
	}
	// 2. A phrase right after it: "97% of administrative procedures",
	// "ranked first nationwide in the index for ...".
	if c.Kind == KindValue || c.Kind == KindRank {
		for _, m := range ms.of(c.sent) {
			if m.claim < 0 && hasInds(m) && m.lo >= c.hi && m.lo <= c.hi+3 && d.onlyLinks(c.hi, m.lo) && use(m.e.inds) {
				lx.applyDims(d, ms, b, c, m.hi)
				return
			}
		}
	}
	// 3. The claim before it in the sentence, when nothing names another
	// indicator between them.
	for p := k - 1; p >= 0 && d.claims[p].sent == c.sent; p-- {
		pc := d.claims[p]
		if d.parenthetical(pc) || len(bs[p].inds) == 0 {
			continue
		}
		between := false
		for _, m := range ms.of(c.sent) {
			if m.claim < 0 && hasInds(m) && m.lo >= pc.hi && m.hi <= c.lo {
				between = true
			}
		}
		if !between && use(bs[p].inds) {
			lx.applyDims(d, ms, b, c, pc.hi)
			return
		}
		break
	}
	// 4. The nearest phrase before it in the sentence; 5. the last of the
	// sentence before, in the same paragraph.
	// The sentence before is not continued by the part of "X out of Y"
	// (its indicator would be the whole's), nor after a claim of the
	// sentence that no words tie (the sentence is about something else).
	continues := c.total < 0
	for p := k - 1; p >= 0 && d.claims[p].sent == c.sent; p-- {
		if len(bs[p].inds) == 0 {
			continues = false
		}
	}
	for _, sent := range []int{c.sent, c.sent - 1} {
		if sent < 0 || sent < c.sent && (d.toks[d.sents[c.sent].first].newline || !continues) {
			break
		}
		in := ms.of(sent)
		for j := len(in) - 1; j >= 0; j-- {
			m := in[j]
			if m.claim >= 0 || !hasInds(m) || m.hi > c.lo {
				continue
			}
			if use(m.e.inds) {
				lx.applyDims(d, ms, b, c, m.hi)
				return
			}
		}
	}
	// 6. The part of "X out of Y" takes the whole's words.
	if c.total >= 0 {
		for _, m := range ms.of(d.claims[c.total].sent) {
			if m.claim == c.total && hasInds(m) && use(m.e.inds) {
				lx.applyDims(d, ms, b, c, c.hi)
				return
			}
		}
	}
}

// onlyLinks reports whether the tokens in [a, b) are only words that link a
// number to what it counts ("of", "the", "các").
func (d *doc) onlyLinks(a, b int) bool {
	for i := a; i < b; i++ {
		switch d.toks[i].key {
		case "of", "the", "cac", "cua", "(", "nhung", "in", "for", "ve", "trong":
		default:
			return false
		}
	}
	return true
}

// applyDims narrows the candidates by the dimension phrases written
// between from and the claim's number, or right after the claim ("USD
// 8,900 (current price)").
func (lx *Lexicon) applyDims(d *doc, ms mentionIndex, b *binding, c Claim, from int) {
	for _, m := range ms.of(c.sent) {
		if m.e.dims == "" || len(m.e.inds) > 0 {
			continue
		}
		before := m.lo >= min(from, c.lo) && m.hi <= c.lo
		after := m.lo >= c.hi && m.lo <= c.hi+2 && d.onlyLinks(c.hi, m.lo)
		inside := m.claim >= 0 && m.lo >= c.lo && m.hi <= c.hi
		if !before && !after && !inside {
			continue
		}
		for i, r := range b.inds {
			in := lx.inds[r.code]
			for _, kv := range m.e.dims.Pairs() {
				if in.Allows(kv[0], kv[1]) {
					b.inds[i].dims = setDim(b.inds[i].dims, kv[0], kv[1])
				}
			}
		}
	}
}

func setDim(d planwatch.Dims, name, value string) planwatch.Dims {
	var parts []string
	for _, kv := range d.Pairs() {
		if kv[0] != name {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	parts = append(parts, name+"="+value)
	out, err := planwatch.ParseDims(strings.Join(parts, ";"))
	if err != nil {
		return d
	}
	return out
}

func (d *doc) words(lo, hi int) string {
	if lo >= hi {
		return ""
	}
	return d.text[d.toks[lo].start:d.toks[hi-1].end]
}

// unitMention is the unit a claim is about, when the words name one
// outside any claim's words: right after it ("8.02% nationally", "8,02%
// của cả nước"), but not for a rank, share or ratio, whose words name
// their peers; else before it in its clause ("The Red River Delta grew
// 9.74%"), or anywhere before it in a table's row (the row's cell "Bắc
// Ninh (27)"); else a unit named with its code in a sentence before it in
// its paragraph, which it continues. "GDP" names the country as well as the indicator ("GDP
// năm 2025 tăng 8,02%"), as GRDP names a province's.
func (d *doc) unitMention(ms mentionIndex, c Claim) (mention, bool) {
	s := d.sents[c.sent]
	cl := s.clauseOf(c.lo)
	from := cl[0]
	if d.tableRow(s) {
		from = s.first
	} else if c.Target {
		return mention{}, false // a target's sentence names its plan's unit
	}
	isUnit := func(m mention) bool { return m.claim < 0 && len(m.e.units) > 0 && (len(m.e.inds) == 0 || m.e.nation) }
	in := ms.of(c.sent)
	if !c.Target && (c.Kind == KindValue || c.Kind == KindGrowth || c.Kind == KindAvgGrowth) {
		for _, m := range in {
			if isUnit(m) && m.lo >= c.hi && m.lo <= c.hi+2 && m.hi <= cl[1] && d.onlyLinks(c.hi, m.lo) {
				return m, true
			}
		}
	}
	for j := len(in) - 1; j >= 0; j-- {
		m := in[j]
		if isUnit(m) && m.lo >= from && m.hi <= c.lo {
			return m, true
		}
	}
	if c.Target {
		return mention{}, false
	}
	// A sentence that names no unit continues one of its paragraph that
	// names a unit with its code ("GRDP per capita (USD), Bac Ninh (27),
	// 2025: at least USD 8,900. GRDP per capita is USD 8,900").
	for si := c.sent; si > 0 && !d.toks[d.sents[si].first].newline; si-- {
		prev := ms.of(si - 1)
		for j := len(prev) - 1; j >= 0; j-- {
			if isUnit(prev[j]) {
				if _, ok := d.unitByCode(prev[j]); ok {
					return prev[j], true
				}
				return mention{}, false
			}
		}
	}
	return mention{}, false
}

// tableRow reports whether a sentence is a row of a table: cells apart by
// tabs (a DOCX table's text) or by "|" (Markdown).
func (d *doc) tableRow(s sentence) bool {
	for i := s.first; i < s.last; i++ {
		if d.toks[i].key == "|" || i > s.first && strings.Contains(d.text[d.toks[i-1].end:d.toks[i].start], "\t") {
			return true
		}
	}
	return false
}

// pickUnit chooses among units of one name the one of the period: valid on
// its last day, else the latest to begin within it.
func pickUnit(us []planwatch.Unit, p period.Period) (planwatch.Unit, bool) {
	span := planwatch.PeriodSpan(p)
	last := span.LastDay()
	var best *planwatch.Unit
	for i, u := range us {
		if u.Validity().Contains(last) {
			return u, true
		}
		if u.Validity().Overlaps(span) && (best == nil || u.ValidFrom > best.ValidFrom) {
			best = &us[i]
		}
	}
	if best == nil {
		return planwatch.Unit{}, false
	}
	return *best, true
}

// claimPeriod is the period a claim is about: for an average over years
// the span the sentence names; otherwise the nearest year or months the
// claim's clause names (before it, else after), else the sentence's, else
// def. Years inside a phrase of the lexicon ("constant 2010 prices") and
// bases ("compared to 2024") do not count.
func (d *doc) claimPeriod(ms mentionIndex, c Claim, def period.Period) (period.Period, bool) {
	var cands []periodMention
	for _, pm := range d.periodsOf(c.sent) {
		if pm.base || pm.lo >= c.lo && pm.hi <= c.hi {
			continue
		}
		inPhrase := false
		for _, m := range ms.of(c.sent) {
			if pm.lo >= m.lo && pm.hi <= m.hi {
				inPhrase = true
			}
		}
		if !inPhrase {
			cands = append(cands, pm)
		}
	}
	cl := d.sents[c.sent].clauseOf(c.lo)
	wantSpan := c.Kind == KindAvgGrowth
	// A period written right after the claim is its own ("VND 33.227
	// trillion in 2021", "USD 5,903 (2023)", "at least VND 37.4 trillion by
	// 2025"), whatever the clause named before it; for a rate per year, a
	// single year too ("needs 27.01 %/yr in 2025" is not the average the
	// clause before set for 2021-2025).
	for _, pm := range cands {
		if pm.lo >= c.hi && pm.lo <= c.hi+2 && pm.hi <= cl[1] && d.periodLinks(c.hi, pm.lo) {
			if p, ok := pm.resolve(def); ok {
				return p, true
			}
		}
	}
	best, bestScore := periodMention{}, -1
	for _, pm := range cands {
		if wantSpan && !pm.interval() {
			continue
		}
		// Prefer the claim's clause, then before it, then nearer.
		score := 0
		if pm.lo >= cl[0] && pm.hi <= cl[1] {
			score += 1 << 20
		}
		dist := c.lo - pm.hi
		if pm.lo >= c.hi {
			dist = pm.lo - c.hi
		} else {
			score += 1 << 19
		}
		score += 1<<18 - min(dist, 1<<18-1)
		if score > bestScore {
			best, bestScore = pm, score
		}
	}
	if bestScore >= 0 {
		if p, ok := best.resolve(def); ok {
			return p, true
		}
	}
	// A growth on a year the sentence names, and no other period: the
	// year after it ("tăng 6,03% so với năm 2023" is 2024's growth).
	if c.Kind == KindGrowth && c.Base > 0 && c.Base+1 <= period.MaxYear {
		return period.Year(c.Base + 1), true
	}
	return def, false
}

// periodLinks reports whether the tokens in [a, b) only link a figure to
// the period written after it ("in", "by", "năm", "(").
func (d *doc) periodLinks(a, b int) bool {
	for i := a; i < b; i++ {
		switch d.toks[i].key {
		case "(", "in", "by", "nam", "den", "vao", "of", "for", "trong":
		default:
			return false
		}
	}
	return true
}

// unitByCode is the unit a mention names with its code in parentheses
// after the name ("Bắc Ninh (27)", "Viet Nam (VN)"): of the units of that
// name, the one with that code, whatever the period.
func (d *doc) unitByCode(m mention) (planwatch.Unit, bool) {
	if m.hi+2 >= len(d.toks) || d.toks[m.hi].key != "(" || d.toks[m.hi+2].key != ")" {
		return planwatch.Unit{}, false
	}
	code := d.toks[m.hi+1].text
	var found []planwatch.Unit
	for _, u := range m.e.units {
		if u.Code == code {
			found = append(found, u)
		}
	}
	if len(found) == 0 {
		return planwatch.Unit{}, false
	}
	return found[len(found)-1], true
}
