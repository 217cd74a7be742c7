package factcheck

import (
	"planwatch/period"
)

// periodMention is a period a sentence names: a year ("in 2021", "by
// 2021", "năm 2021"), a span of years ("2005-2019", "giai đoạn 2021 -
// 2025"), the first months of a year ("the first nine months", "9 tháng
// đầu năm") or a quarter. A year after "compared to", "than", "so với" is
// a base that growth or a multiple is measured from, not the period.
type periodMention struct {
	sent, lo, hi int
	y1, y2       int // y2 for a span of years
	months       int // the first n months of y1 (0 if y1 unknown: the default year)
	quarter      int
	base         bool
}

func (m periodMention) interval() bool { return m.y2 > 0 }

// resolve gives the period, taking the year from def when the words name
// none ("the first nine months").
func (m periodMention) resolve(def period.Period) (period.Period, bool) {
	y := m.y1
	if y == 0 {
		if def.IsZero() {
			return period.Period{}, false
		}
		y = def.EndYear()
	}
	switch {
	case m.y2 > 0:
		p, err := period.Span(period.Year(y), period.Year(m.y2))
		return p, err == nil
	case m.months > 0:
		a, err1 := period.New(period.Monthly, y, 1)
		b, err2 := period.New(period.Monthly, y, m.months)
		if err1 != nil || err2 != nil {
			return period.Period{}, false
		}
		if m.months == 1 {
			return a, true
		}
		p, err := period.Span(a, b)
		return p, err == nil
	case m.quarter > 0:
		p, err := period.New(period.Quarter, y, m.quarter)
		return p, err == nil
	}
	if y < period.MinYear || y > period.MaxYear {
		return period.Period{}, false
	}
	return period.Year(y), true
}

var baseWords = phrases("compared to", "compared with", "against", "than", "than in", "than that of", "over", "since", "from",
	"so với", "so với năm", "so với cùng kỳ", "so với cùng kỳ năm", "so", "so năm", "so cùng kỳ", "so cùng kỳ năm", "từ năm", "kể từ",
	"kể từ năm", "relative to", "on", "on the", "vs", "vs.")

var monthCount = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11}

var quarterWords = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4}

var romanQuarters = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

func (d *doc) findPeriods(si int) {
	s := d.sents[si]
	toks := d.toks
	for len(d.periods) <= si {
		d.periods = append(d.periods, nil)
	}
	add := func(m periodMention) {
		m.sent = si
		d.periods[si] = append(d.periods[si], m)
	}
	year := func(k int) int {
		if k < s.first || k >= s.last || toks[k].kind != tNum || !isYearText(toks[k].text) {
			return 0
		}
		y := 0
		for _, c := range toks[k].text {
			y = y*10 + int(c-'0')
		}
		return y
	}
	// "of 2025", "năm 2025", "of this year" after a span of months.
	yearOf := func(k int) (int, int) {
		for _, lead := range phrases("of", "năm", "of the year", "in", "", "của năm") {
			if matchAt(toks, k, s.last, lead) {
				if y := year(k + len(lead)); y > 0 {
					return y, k + len(lead) + 1
				}
			}
		}
		return 0, k
	}
	for i := s.first; i < s.last; i++ {
		t := toks[i]
		// The first nine months; 9 tháng đầu năm; the first half; Q3; quý III.
		if t.kind == tWord && (t.key == "first" || t.key == "dau") || t.kind == tNum && !isYearText(t.text) {
			if m, ok := d.monthsAt(si, i); ok {
				y, end := yearOf(m.hi)
				m.y1, m.hi = y, max(end, m.hi)
				m.lo = i
				add(m)
				i = m.hi - 1
				continue
			}
		}
		if n, end := quarterAt(toks, i, s.last); n > 0 {
			y, e := yearOf(end)
			add(periodMention{lo: i, hi: max(e, end), y1: y, quarter: n})
			i = max(e, end) - 1
			continue
		}
		y := year(i)
		if y == 0 || d.inClaim(i) {
			continue
		}
		m := periodMention{lo: i, hi: i + 1, y1: y}
		for _, sep := range phrases("-", "to", "đến", "until") {
			if matchAt(toks, i+1, s.last, sep) {
				if y2 := year(i + 1 + len(sep)); y2 > y {
					m.y2, m.hi = y2, i+2+len(sep)
				}
			}
		}
		k := i
		if k > s.first && (toks[k-1].key == "nam" || toks[k-1].key == "year") {
			k-- // "so với năm 2024"
		}
		if endsAt(toks, s.first, k, baseWords) > 0 && !m.interval() {
			m.base = true
		}
		add(m)
		i = m.hi - 1
	}
}

// monthsAt recognises the first months of a year or a quarter from token
// i: "first nine months", "first 9 months", "first half", "first
// quarter", "9 tháng đầu năm", "6 tháng", "quý III", "Q3".
func (d *doc) monthsAt(si, i int) (periodMention, bool) {
	toks := d.toks
	s := d.sents[si]
	at := func(k int) token {
		if k >= s.last {
			return token{}
		}
		return toks[k]
	}
	count := func(k int) int {
		t := at(k)
		if n, ok := monthCount[t.key]; ok {
			return n
		}
		if t.kind == tNum && len(t.text) <= 2 {
			n := 0
			for _, c := range t.text {
				n = n*10 + int(c-'0')
			}
			if n >= 1 && n <= 12 {
				return n
			}
		}
		return 0
	}
	switch {
	case at(i).key == "first" && count(i+1) > 0 && (at(i+2).key == "months" || at(i+2).key == "month"):
		return periodMention{hi: i + 3, months: count(i + 1)}, true
	case at(i).key == "first" && at(i+1).key == "half":
		return periodMention{hi: i + 2, months: 6}, true
	case quarterWords[at(i).key] > 0 && at(i+1).key == "quarter":
		return periodMention{hi: i + 2, quarter: quarterWords[at(i).key]}, true
	case at(i).kind == tNum && count(i) > 0 && at(i+1).key == "thang" && at(i+2).key == "dau" && at(i+3).key == "nam":
		return periodMention{hi: i + 4, months: count(i)}, true
	case at(i).kind == tNum && count(i) > 0 && at(i+1).key == "thang" && at(i+2).key == "nam":
		return periodMention{hi: i + 2, months: count(i)}, true // "9 tháng năm 2025"
	}
	return periodMention{}, false
}

// quarterAt recognises "Q3" and "quý III".
func quarterAt(toks []token, i, hi int) (int, int) {
	t := toks[i]
	if t.kind == tWord && len(t.key) == 2 && t.key[0] == 'q' && t.key[1] >= '1' && t.key[1] <= '4' {
		return int(t.key[1] - '0'), i + 1
	}
	if t.key == "quy" && i+1 < hi {
		if n, ok := romanQuarters[toks[i+1].key]; ok {
			return n, i + 2
		}
	}
	return 0, i
}

// inClaim reports whether token i is among a claim's words.
func (d *doc) inClaim(i int) bool { return d.owner[i] >= 0 }

func (d *doc) periodsOf(sent int) []periodMention {
	if sent < 0 || sent >= len(d.periods) {
		return nil
	}
	return d.periods[sent]
}
