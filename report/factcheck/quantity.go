package factcheck

import (
	"strings"
)

// leftContext is what stands before a number in its clause: the nearest
// cue that says what the number is, and any qualifier.
type leftContext struct {
	cue       string // "value", "up", "down", "share", "excess", "rank", ""
	start     int    // first token of the cue, qualifier or status word; the number's token when none
	bound     Bound
	estimated bool
}

var leftSets = []struct {
	name string
	ps   []phrase
}{
	{"value", valueCues}, {"up", growthUp}, {"down", growthDown}, {"share", shareCues}, {"excess", excessCues}, {"rank", rankCues},
}

// scanLeft walks back from token i over qualifiers, status words and
// fillers to the nearest cue, within the clause starting at lo.
func (d *doc) scanLeft(lo, i int) leftContext {
	toks := d.toks
	lc := leftContext{start: i}
	p := i
	for steps := 0; steps < 8 && p > lo; steps++ {
		// The longest phrase ending at p decides what it is.
		best, kind, name := 0, "", ""
		var b Bound
		for _, set := range leftSets {
			if n := endsAt(toks, lo, p, set.ps); n > best {
				best, kind, name = n, "cue", set.name
			}
		}
		for _, w := range boundWords {
			if n := len(w.p); n > best && p-n >= lo && matchAt(toks, p-n, p, w.p) {
				best, kind, b = n, "bound", w.b
			}
		}
		if n := endsAt(toks, lo, p, estimatedWords); n > best {
			best, kind = n, "estimated"
		}
		if n := endsAt(toks, lo, p, fillers); n > best {
			best, kind = n, "filler"
		}
		if best == 0 || d.used[p-1] {
			break
		}
		p -= best
		switch kind {
		case "cue":
			lc.cue, lc.start = name, p
			return lc
		case "bound":
			if lc.bound == Exact {
				lc.bound = b
			}
			lc.start = p
		case "estimated":
			lc.estimated, lc.start = true, p
		}
	}
	return lc
}

// finishQuantity reads what is written around the number of q (a range,
// scale, currency, unit) and the words that say what it is, and adds the
// claim; a number whose role stays unclear is left out.
func (d *doc) finishQuantity(si int, q *quantity) {
	s := d.sents[si]
	toks := d.toks
	cl := s.clauseOf(q.first)
	hi := cl[1]
	d.used[q.first] = true
	j := q.last + 1
	num := func(k int) (float64, int, bool) {
		if k >= hi || toks[k].kind != tNum {
			return 0, 0, false
		}
		return readNumber(toks[k].text, s.vi)
	}
	// A range: 7-8, 7.5–7.8, 7 to 8, 7%-8%, từ 7 đến 8.
	rangeAt := func(k int) int {
		if k+1 < hi && (toks[k].key == "-" || toks[k].key == "to" || toks[k].key == "den" || toks[k].key == "~") {
			if v2, dec2, ok := num(k + 1); ok && v2 > q.v {
				q.hi, q.isRange, q.dec = v2, true, max(q.dec, dec2)
				return k + 2
			}
		}
		return k
	}
	if j+2 < hi && toks[j].key == "%" && toks[j+1].key == "-" && toks[j+2].kind == tNum {
		if k := rangeAt(j + 1); k > j+1 {
			j = k
		}
	} else {
		j = rangeAt(j)
	}
	if n, f := scaleAt(toks, j, hi); n > 0 {
		q.scale = f
		j += n
	}
	for _, c := range currencyWords {
		if matchAt(toks, j, hi, c.p) {
			q.currency = c.cur
			j += len(c.p)
			break
		}
	}
	if q.currency == "" {
		for _, c := range currencyWords {
			if n := len(c.p); q.first-n >= cl[0] && matchAt(toks, q.first-n, q.first, c.p) && !d.used[q.first-n] {
				q.currency = c.cur
				q.first -= n
				break
			}
		}
	}
	switch {
	case anyAt(toks, j, hi, pointWords) > 0 && q.currency == "":
		q.unit = "pp"
		j += anyAt(toks, j, hi, pointWords)
	case anyAt(toks, j, hi, percentWords) > 0:
		q.unit = "%"
		j += anyAt(toks, j, hi, percentWords)
	case anyAt(toks, j, hi, temperatureWords) > 0:
		q.unit = "°"
	case anyAt(toks, j, hi, timesWords) > 0:
		q.unit = "times"
		j += anyAt(toks, j, hi, timesWords)
	default:
		for _, m := range measureWords {
			if q.currency == "" && matchAt(toks, j, hi, m.p) {
				q.unit = m.unit
				j += len(m.p)
				break
			}
		}
	}
	if n := anyAt(toks, j, hi, perYearWords); n > 0 && (q.unit == "%" || q.unit == "pp") {
		q.perYear = true
		j += n
	}
	q.last = j - 1
	plain := q.currency == "" && q.unit == "" && q.scale == 1
	if q.unit == "°" || plain && anyAt(toks, j, hi, durationWords) > 0 {
		d.markUsed(q.first, j+1)
		return // a temperature, a duration, a count of months
	}
	if plain && isYearText(toks[q.first].text) && (!q.isRange || q.hi >= 1800 && q.hi <= 2200) {
		return // a year, or a span of years: a period, not a claim
	}
	if plain {
		if k := countNounAfter(toks, q.last, hi); k >= 0 {
			q.unit, q.countEnd = "count", k
			plain = false
		}
	}
	lc := d.scanLeft(cl[0], q.first)
	c := Claim{sent: si, lo: lc.start, num: q.first, Value: q.v, High: q.hi, Range: q.isRange, Decimals: q.dec, Scale: q.scale,
		Currency: q.currency, Unit: q.unit, Bound: lc.bound, Estimated: lc.estimated}
	end := q.last + 1
	if q.countEnd >= 0 {
		end = q.countEnd + 1
	}
	// "43 out of 52 industrial parks", "4,087 hectares out of 7,425.07
	// hectares", "43/52 khu công nghiệp": two values, the second the whole.
	if q.unit != "%" && q.unit != "times" && q.unit != "pp" && !q.isRange {
		if n := d.partOf(si, q, hi); n > 0 {
			return
		}
	}
	switch {
	case q.unit == "times":
		d.timesClaim(si, c, q.last+1, hi)
		return
	case q.unit == "%" || q.unit == "pp":
		if k, word := d.planAfter(q.last+1, hi); k > 0 && q.unit == "%" {
			c.Kind, c.PlanWord, end = KindPctOfPlan, word, k
			if lc.cue == "excess" {
				c.Value += 100 // "vượt 26% kế hoạch" is 126% of the plan
			}
			break
		}
		scope, k := d.scopeAfter(q.last+1, hi, true)
		if scope != "" && (lc.cue == "share" || toks[q.last+1].key == "of" || toks[q.last+1].key == "cua") {
			c.Kind, c.Scope, end = KindShare, scope, k
			break
		}
		growth := lc.cue == "up" || lc.cue == "down" || anyAt(toks, q.last+1, hi, growthRight) > 0 && lc.cue != "share"
		c.negative = lc.cue == "down"
		switch {
		case q.perYear:
			c.Kind = KindAvgGrowth
		case growth || q.unit == "pp":
			c.Kind = KindGrowth
			if n := anyAt(toks, q.last+1, hi, growthRight); n > 0 {
				end = q.last + 1 + n
				if y, k := d.yearAfter(end, hi); y > 0 {
					c.Base, end = y, k
				}
			}
		default:
			c.Kind = KindValue
		}
	case plain:
		return // a bare number: its role is unclear
	default:
		if lc.cue == "up" || lc.cue == "down" || lc.cue == "rank" {
			return // an absolute change ("up USD 5 bn") or a rank's odd wording
		}
		c.Kind = KindValue
	}
	if c.Kind == KindValue && lc.cue == "down" {
		return
	}
	c.hi = end
	d.add(c)
}

func isYearText(s string) bool {
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return false
	}
	return s >= "1800" && s <= "2200"
}

// yearAfter finds a year within four tokens from k ("2024", "năm 2024",
// "in 2005", "that of 2005") and returns it with the token after it.
func (d *doc) yearAfter(k, hi int) (int, int) {
	for m := k; m < hi && m < k+5; m++ {
		t := d.toks[m]
		if t.kind == tNum {
			if isYearText(t.text) {
				y := 0
				for _, c := range t.text {
					y = y*10 + int(c-'0')
				}
				return y, m + 1
			}
			return 0, k
		}
		if t.kind == tPunct && t.key != "'" {
			return 0, k
		}
	}
	return 0, k
}

// planAfter recognises "of the plan", "of the estimate", "kế hoạch",
// "dự toán" at k and returns the token after them and which it is.
func (d *doc) planAfter(k, hi int) (int, string) {
	toks := d.toks
	for _, lead := range append([]phrase{{}}, planLead...) {
		if !matchAt(toks, k, hi, lead) {
			continue
		}
		m := k + len(lead)
		best, word := 0, ""
		for _, w := range planWords {
			if len(w.p) > best && matchAt(toks, m, hi, w.p) {
				best, word = len(w.p), w.word
			}
		}
		if best > 0 {
			return m + best, word
		}
	}
	return 0, ""
}

// scopeAfter finds, within a few tokens from k, the words that make a
// share, rank or ratio national ("of the national total", "cả nước") or
// name a group ("in the Red River Delta", "vùng Đồng bằng sông Hồng"). It
// returns "national" or "group:" and the group's words, with the token
// after them.
func (d *doc) scopeAfter(k, hi int, far bool) (string, int) {
	toks := d.toks
	limit := k + 2
	if far {
		limit = k + 8
	}
	for m := k; m < hi && m < limit; m++ {
		t := toks[m]
		if t.kind == tPunct && t.key != "'" && t.key != "-" {
			return "", 0
		}
		if n := anyAt(toks, m, hi, nationalWords); n > 0 {
			end := m + n
			// "the whole country's GDP", "national total"
			if end+1 < hi && toks[end].key == "'" && toks[end+1].key == "s" {
				end += 2
				if end < hi && toks[end].kind == tWord && !d.used[end] {
					end++
				}
			} else if end < hi && (toks[end].key == "total" || toks[end].key == "average") {
				end++
			}
			return "national", end
		}
		if n := anyAt(toks, m, hi, groupLead); n > 0 {
			a := m + n
			b := a
			for b < hi && b < a+7 && toks[b].kind == tWord && !stopWord(toks[b].key) {
				b++
			}
			if b > a && (toks[a].upper || toks[a-1].key == "vung") {
				return "group:" + joinKeys(toks[a:b]), b
			}
		}
		if n := anyAt(toks, m, hi, regionWords); n > 0 {
			return "group:", m + n // the unit's own region
		}
	}
	return "", 0
}

var regionWords = phrases("in the region", "within the region", "of the region", "in its region", "trong vùng", "của vùng", "toàn vùng",
	"trong khu vực", "in the region's")

var groupLead = phrases("in the", "of the", "within the", "among the", "in", "vùng", "trong vùng", "của vùng", "trong khu vực", "khu vực",
	"trong", "của")

func stopWord(k string) bool {
	switch k {
	case "and", "with", "while", "but", "or", "which", "that", "region", "va", "voi", "nhung", "hoac", "trong", "khi", "sau", "tren":
		return true
	}
	return false
}

// partOf adds "X out of Y" as two values, Y the whole X is part of, and
// returns how many claims it added.
func (d *doc) partOf(si int, q *quantity, hi int) int {
	toks := d.toks
	s := d.sents[si]
	j := q.last + 1
	if q.countEnd >= 0 {
		return 0 // "43 industrial parks out of 52": rare; left to the rules for each
	}
	n := anyAt(toks, j, hi, partOfWords)
	if n == 0 && j < hi && toks[j].key == "/" && !toks[j].space && j+1 < hi && !toks[j+1].space {
		n = 1
	}
	if n == 0 || j+n >= hi || toks[j+n].kind != tNum {
		return 0
	}
	v2, dec2, ok := readNumber(toks[j+n].text, s.vi)
	if !ok {
		return 0
	}
	y := quantity{first: j + n, last: j + n, v: v2, dec: dec2, scale: 1, countEnd: -1}
	k := j + n + 1
	for _, m := range measureWords {
		if matchAt(toks, k, hi, m.p) {
			y.unit, k = m.unit, k+len(m.p)
			break
		}
	}
	if y.unit == "" {
		if e := countNounAfter(toks, y.last, hi); e >= 0 {
			y.unit, y.countEnd, k = "count", e, e+1
		}
	}
	if y.unit == "" || q.unit != "" && q.unit != y.unit {
		return 0
	}
	lc := d.scanLeft(s.clauseOf(q.first)[0], q.first)
	x := Claim{sent: si, lo: lc.start, hi: q.last + 1, num: q.first, Kind: KindValue, Value: q.v, Decimals: q.dec, Scale: 1, Unit: y.unit,
		Bound: lc.bound, Estimated: lc.estimated}
	whole := Claim{sent: si, lo: y.first, hi: k, num: y.first, Kind: KindValue, Value: y.v, Decimals: y.dec, Scale: 1, Unit: y.unit}
	xi := d.add(x)
	d.markUsed(q.last+1, y.first)
	wi := d.add(whole)
	d.claims[xi].total = wi
	return 2
}

// timesClaim adds "1.16 times the national average" (a ratio) or "19 times
// higher than in 2005" (a multiple of a base year).
func (d *doc) timesClaim(si int, c Claim, k, hi int) {
	toks := d.toks
	if n := anyAt(toks, k, hi, averageWords); n > 0 {
		c.Kind, c.Scope, c.hi = KindRatio, "national", k+n
		d.add(c)
		return
	}
	if n := anyAt(toks, k, hi, groupAverageLead); n > 0 {
		if scope, e := d.scopeAfter(k+n, hi, false); scope != "" {
			c.Kind, c.Scope, c.hi = KindRatio, scope, e
			d.add(c)
			return
		}
		if k+n < hi && toks[k+n].upper {
			if scope, e := d.scopeAfter(k+n-1, hi, false); scope != "" {
				c.Kind, c.Scope, c.hi = KindRatio, scope, e
				d.add(c)
				return
			}
		}
	}
	m := k
	for m < hi && m < k+6 && toks[m].kind == tWord && anyAt(toks, m, hi, multipleLead) > 0 {
		m += anyAt(toks, m, hi, multipleLead)
	}
	if y, e := d.yearAfter(m, hi); y > 0 && e <= m+2 {
		c.Kind, c.Base, c.hi = KindMultiple, y, e
		d.add(c)
	}
}

var multipleLead = phrases("higher", "larger", "bigger", "more", "greater", "than", "in", "that", "of", "the", "level", "compared",
	"to", "with", "so", "với", "năm", "mức", "so với", "so với năm", "as", "much", "as much as")

// rankAt adds a rank written as an ordinal from token lo to last ("8th",
// "fifth", "thứ 5", "thứ năm") when the words around it make it a rank.
func (d *doc) rankAt(si, lo, last, n int) {
	toks := d.toks
	s := d.sents[si]
	cl := s.clauseOf(lo)
	hi := cl[1]
	d.markUsed(lo, last+1)
	if n <= 0 || n > 10000 {
		return
	}
	lc := d.scanLeft(cl[0], lo)
	c := Claim{sent: si, lo: lc.start, num: last, Kind: KindRank, Value: float64(n), Scale: 1, Bound: lc.bound, Estimated: lc.estimated}
	if lc.cue != "rank" {
		c.lo = lo
	}
	end := last + 1
	for round := 0; round < 3; round++ {
		if n := anyAt(toks, end, hi, withDataWords); n > 0 && c.Of > 0 && !c.ofWithData {
			c.ofWithData = true
			end += n
			continue
		}
		if scope, e := d.scopeAfter(end, hi, false); scope != "" && (c.Scope == "" || c.Scope == "national") {
			if c.Scope == "" || scope != "national" {
				c.Scope = scope
			}
			end = e
			continue
		}
		// out of 63 provinces, /63, trên 63 tỉnh; "of the 12 provinces with
		// figures" counts only the peers that have a figure.
		k := anyAt(toks, end, hi, outOfWords)
		if k > 0 && end+k < hi && toks[end+k].kind == tNum {
			if v, dec, ok := readNumber(toks[end+k].text, s.vi); ok && dec == 0 && v > float64(n) && v < 100000 {
				c.Of = int(v)
				end += k + 1
				if e := countNounAfter(toks, end-1, hi); e >= 0 {
					end = e + 1
					for _, more := range phrases("and cities", "and centrally-run cities", "and centrally run cities", "thành phố", ", thành phố", "và thành phố") {
						if matchAt(toks, end, hi, more) {
							end += len(more)
							break
						}
					}
				}
				if c.Scope == "" {
					c.Scope = "national"
				}
				continue
			}
		}
		break
	}
	if lc.cue != "rank" && c.Scope == "" {
		return // "the first year", "the 20th Congress", "First, ..."
	}
	if c.Scope == "" {
		c.Scope = "national"
	}
	c.hi = end
	d.add(c)
}

// doubleDigit adds "double-digit growth" and "tăng trưởng hai con số": ten
// per cent or more and under a hundred.
func (d *doc) doubleDigit(si, i, end int) {
	cl := d.sents[si].clauseOf(i)
	lc := d.scanLeft(cl[0], i)
	kind := KindValue
	if lc.cue == "up" || lc.cue == "down" {
		kind = KindGrowth
	}
	d.add(Claim{sent: si, lo: i, hi: end, num: i, Kind: kind, Value: 10, Scale: 1, Unit: "%", Bound: DoubleDigit, Estimated: lc.estimated})
}
