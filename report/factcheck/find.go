package factcheck

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// doc is a draft's text cut into tokens and sentences, with the claims and
// period mentions found in it.
type doc struct {
	text    string
	toks    []token
	sents   []sentence
	used    []bool // tokens that belong to a claim, or were ruled out
	owner   []int  // the claim each token belongs to, or -1
	claims  []Claim
	periods [][]periodMention // by sentence
	tbl     *tableLines
}

// Find lists every numeric claim of a text, in order. The rules look at the
// words around each number; a number whose role they cannot tell is left
// out rather than claimed wrongly.
func Find(text string) []Claim { return parse(text).claims }

// maxText bounds what one check reads (a draft of some 300 pages), so that
// a huge paste cannot stall the server that checks it: Find reads no
// further, and Run refuses a longer text.
const maxText = 1 << 20

func parse(text string) *doc {
	if len(text) > maxText {
		text = text[:maxText]
	}
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	d := &doc{text: text, toks: tokenize(text)}
	d.sents = splitSentences(d.toks)
	d.used = make([]bool, len(d.toks))
	for si := range d.sents {
		d.findIn(si)
	}
	d.owner = make([]int, len(d.toks))
	for i := range d.owner {
		d.owner[i] = -1
	}
	for k, c := range d.claims {
		for i := c.lo; i < c.hi; i++ {
			d.owner[i] = k
		}
	}
	for si := range d.sents {
		d.findPeriods(si)
	}
	for k := range d.claims {
		c := &d.claims[k]
		c.Start, c.End = d.toks[c.lo].start, d.toks[c.hi-1].end
		c.Text = d.text[c.Start:c.End]
		c.Target = d.setsTargets(c.sent, c.lo) || d.inTargetColumn(c.num)
		if c.Kind == KindValue && d.planFigure(*c) {
			c.Target, c.PlanWord = true, "plan"
		}
	}
	return d
}

// setsTargets reports whether the sentence sets targets ("strive for",
// "will", "phấn đấu", "mục tiêu") before token i.
func (d *doc) setsTargets(si, i int) bool {
	for k := d.sents[si].first; k < i; k++ {
		if !d.used[k] && anyAt(d.toks, k, i, targetWords) > 0 {
			return true
		}
	}
	return false
}

func (d *doc) findIn(si int) {
	s := d.sents[si]
	words := 0
	for i := s.first; i < s.last; i++ {
		if d.toks[i].kind == tWord {
			words++
		}
	}
	if words == 0 {
		return // a row of numbers is page furniture ("0.5 1.0 1.5")
	}
	for i := s.first; i < s.last; i++ {
		if d.used[i] {
			continue
		}
		d.claimAt(si, i)
	}
}

// quantity is a number with what is written around it: currency, scale,
// unit, a range's other end.
type quantity struct {
	first, last int // tokens, inclusive
	v, hi       float64
	isRange     bool
	dec         int
	scale       float64
	currency    string
	unit        string // "%", "pp", "ha", "persons", "count", "times", "°"
	perYear     bool
	countEnd    int // last token of a count noun after the number, or -1
}

func (d *doc) add(c Claim) int {
	for i := c.lo; i < c.hi; i++ {
		d.used[i] = true
	}
	c.total = -1
	d.claims = append(d.claims, c)
	return len(d.claims) - 1
}

// claimAt looks at token i, a possible number, and adds the claim it
// starts, if any.
func (d *doc) claimAt(si, i int) {
	s := d.sents[si]
	toks := d.toks
	t := toks[i]
	cl := s.clauseOf(i)
	switch t.kind {
	case tNum:
	case tWord:
		if n := anyAt(toks, i, cl[1], doubleDigitWords); n > 0 {
			d.doubleDigit(si, i, i+n)
			return
		}
		if n, ok := ordinalWords[t.key]; ok {
			d.rankAt(si, i, i, n)
			return
		}
		if t.key == "thu" && i+1 < cl[1] {
			if n, ok := viOrdinals[toks[i+1].key]; ok && toks[i+1].kind == tWord {
				d.rankAt(si, i, i+1, n)
				return
			}
		}
		if v, ok := cardinalWords[t.key]; ok && i+1 < cl[1] && (anyAt(toks, i+1, cl[1], timesWords) > 0 || countNounAfter(toks, i, cl[1]) >= 0) {
			q := quantity{first: i, last: i, v: v, scale: 1, countEnd: -1}
			d.finishQuantity(si, &q)
			return
		}
		return
	default:
		return
	}
	// A number written right before an ordinal suffix, or after "thứ".
	if i+1 < cl[1] && toks[i+1].kind == tWord && !toks[i+1].space && ordinalSuffix(toks[i+1].key) {
		if v, dec, ok := readNumber(t.text, s.vi); ok && dec == 0 {
			d.rankAt(si, i, i+1, int(v))
		}
		d.used[i] = true
		return
	}
	// "xếp 4/11 tỉnh": a rank cue, then a rank out of a whole.
	if i+2 < cl[1] && toks[i+1].key == "/" && !toks[i+1].space && toks[i+2].kind == tNum && !toks[i+2].space && d.scanLeft(cl[0], i).cue == "rank" {
		if v, dec, ok := readNumber(t.text, s.vi); ok && dec == 0 {
			d.rankAt(si, i, i, int(v))
			return
		}
	}
	if i > cl[0] && toks[i-1].key == "thu" {
		if v, dec, ok := readNumber(t.text, s.vi); ok && dec == 0 {
			d.rankAt(si, i-1, i, int(v))
		}
		return
	}
	if d.ruledOut(si, i) {
		d.used[i] = true
		return
	}
	v, dec, ok := readNumber(t.text, d.viStyle(si, i))
	if !ok {
		d.used[i] = true
		return
	}
	q := quantity{first: i, last: i, v: v, dec: dec, scale: 1, countEnd: -1}
	d.finishQuantity(si, &q)
}

// ruledOut says whether the number at i is a date, a time, a telephone
// number, a document's number, a road's name or a duration.
func (d *doc) ruledOut(si, i int) bool {
	toks := d.toks
	s := d.sents[si]
	at := func(k int) token {
		if k < s.first || k >= s.last {
			return token{kind: 255}
		}
		return toks[k]
	}
	tight := func(k int) bool { return k < s.last && !toks[k].space } // no space before k
	isNum := func(k int) bool { return at(k).kind == tNum }
	// 31/12/2025, 12/2025, 2025-07-01, 17:28, 1.5.2025
	if (at(i+1).key == "/" || at(i+1).key == "-" || at(i+1).key == ":") && tight(i+1) && isNum(i+2) && tight(i+2) {
		sep := at(i + 1).key
		if sep == ":" {
			d.markUsed(i, i+3)
			return true
		}
		if isDate(toks, i, s.last) {
			return true
		}
		if sep == "/" && at(i+3).key == "/" {
			d.markUsed(i, i+5)
			return true // a third part: a date or a document number (202/2025/QH15)
		}
	}
	if isDate(toks, i, s.last) {
		return true
	}
	// A year alone in a table's cell is the row's period ("2025" under
	// "Deadline"), not an amount in the cell after it.
	if isYearText(toks[i].text) && d.cellEdge(s, i, true) && d.cellEdge(s, i, false) {
		return true
	}
	// A number in a computation ("72.497 / 1,276 = 56.816") is a step of
	// a derivation, not a claim.
	if d.inArithmetic(s, i) {
		return true
	}
	if at(i+1).kind == tWord && tight(i+1) && len(at(i+1).key) > 1 && at(i + 1).key[0] == 'h' && strings.Trim(at(i + 1).key[1:], "0123456789") == "" {
		return true // 17h30
	}
	// Telephone numbers: +84..., or after "Hotline:".
	if i > s.first && toks[i-1].key == "+" && !toks[i].space {
		return true
	}
	for k := max(s.first, i-3); k < i; k++ {
		if anyAt(toks, k, i, phoneWords) > 0 {
			return true
		}
	}
	// Document numbers: 54-NQ/TW, 306/NQ-CP, Resolution 54, Conclusion No. 13.
	if (at(i+1).key == "-" || at(i+1).key == "/") && tight(i+1) && at(i+2).kind == tWord && at(i+2).upper && tight(i+2) {
		d.markUsed(i, i+3)
		return true
	}
	if endsAt(toks, s.first, i, documentWords) > 0 {
		return true
	}
	if i-2 >= s.first && toks[i-1].key == "." && endsAt(toks, s.first, i-1, documentWords) > 0 {
		return true
	}
	// Months and days: "31 December", "December 31", "ngày 31", "tháng 12".
	if endsAt(toks, s.first, i, monthNames) > 0 || endsAt(toks, s.first, i, dayWords) > 0 || anyAt(toks, i+1, s.last, monthNames) > 0 {
		return true
	}
	// Names: a plain whole number after a capitalised word (National
	// Highway 37, Ring Road 4) with nothing after it that makes it an amount.
	if i > s.first && toks[i-1].kind == tWord && toks[i-1].upper && !isCurrencyAt(toks, i-1) && toks[i-1].key != "grdp" && !d.cellEdge(s, i, true) &&
		!strings.ContainsAny(toks[i].text, ".,") && !amountAfter(toks, i+1, s.last) {
		return true
	}
	return false
}

func (d *doc) markUsed(a, b int) {
	for k := a; k < b && k < len(d.used); k++ {
		d.used[k] = true
	}
}

// isDate recognises d/m/yyyy, m/yyyy and yyyy-mm-dd starting at i.
func isDate(toks []token, i, hi int) bool {
	num := func(k int) (int, bool) {
		if k >= hi || toks[k].kind != tNum || strings.ContainsAny(toks[k].text, ".,") {
			return 0, false
		}
		n := 0
		for _, c := range toks[k].text {
			n = n*10 + int(c-'0')
			if n > 100000 {
				return 0, false
			}
		}
		return n, true
	}
	tight := func(k int) bool { return k < hi && !toks[k].space }
	sep := func(k int, s string) bool { return k < hi && toks[k].key == s && tight(k) && tight(k+1) }
	a, ok := num(i)
	if !ok {
		return false
	}
	for _, s := range []string{"/", "-", "."} {
		if !sep(i+1, s) {
			continue
		}
		b, ok := num(i + 2)
		if !ok {
			continue
		}
		if sep(i+3, s) {
			if c, ok := num(i + 4); ok {
				if a >= 1 && a <= 31 && b >= 1 && b <= 12 && c >= 1800 && c <= 2200 || a >= 1800 && a <= 2200 && b >= 1 && b <= 12 && c >= 1 && c <= 31 {
					return true
				}
			}
		}
		if s == "/" && a >= 1 && a <= 12 && b >= 1800 && b <= 2200 {
			return true // 12/2025
		}
	}
	return false
}

func isCurrencyAt(toks []token, i int) bool {
	for _, c := range currencyWords {
		if matchAt(toks, i, len(toks), c.p) {
			return true
		}
	}
	return false
}

// amountAfter reports whether what follows a number makes it an amount.
func amountAfter(toks []token, i, hi int) bool {
	if i >= hi {
		return false
	}
	if n, _ := scaleAt(toks, i, hi); n > 0 {
		return true
	}
	return isCurrencyAt(toks, i) || anyAt(toks, i, hi, percentWords) > 0 || anyAt(toks, i, hi, timesWords) > 0
}

// countNounAfter is the last token of a count noun within three words after
// token i ("231 startup projects"), or -1.
func countNounAfter(toks []token, i, hi int) int {
	for k := i + 1; k < hi && k <= i+4; k++ {
		if toks[k].kind != tWord {
			return -1
		}
		if n := anyAt(toks, k, hi, countNouns); n > 0 {
			return k + n - 1
		}
	}
	return -1
}

// cellEdge reports whether a table's cell (cells apart by tabs, or by "|"
// in Markdown), or the line, begins right before token i (before) or ends
// right after it.
func (d *doc) cellEdge(s sentence, i int, before bool) bool {
	j := i + 1
	if before {
		j = i - 1
	}
	if j < s.first || j >= s.last {
		return true
	}
	if d.toks[j].key == "|" {
		return true
	}
	a, b := d.toks[i].end, d.toks[j].start
	if before {
		a, b = d.toks[j].end, d.toks[i].start
	}
	return strings.Contains(d.text[a:b], "\t")
}

// arithmetic are the operators of a computation written in a text.
var arithmetic = map[string]bool{"=": true, "/": true, "*": true, "×": true, "÷": true}

// inArithmetic reports whether the number at i is an operand of a
// computation: after "=", or beside an operator set apart by spaces with a
// number on its other side ("33.227 / 19 = 1.748,8").
func (d *doc) inArithmetic(s sentence, i int) bool {
	toks := d.toks
	if i > s.first && toks[i-1].key == "=" {
		return true
	}
	if i+2 < s.last && arithmetic[toks[i+1].key] && toks[i+1].space && toks[i+2].kind == tNum {
		return true
	}
	return i-2 >= s.first && arithmetic[toks[i-1].key] && toks[i-1].space && toks[i-2].kind == tNum
}

// viStyle says whether the number at i is written in the Vietnamese style
// (72.497,5): as its sentence is, unless the words around it are of the
// other language: a scale word after it ("72.497 trillion", "72,497 tỷ"),
// or a currency code before it, which English writes and Vietnamese does
// not ("USD 5,026").
func (d *doc) viStyle(si, i int) bool {
	s := d.sents[si]
	toks := d.toks
	j := i + 1
	if j < s.last && isCurrencyAt(toks, j) && toks[j].kind == tWord && toks[j].upper {
		j++
	}
	if n, _ := scaleAt(toks, j, s.last); n > 0 {
		return toks[j].vi || toks[j].key == "nghin" || toks[j].key == "ngan" || toks[j].key == "ty" || toks[j].key == "ti" || toks[j].key == "trieu"
	}
	if i > s.first && toks[i-1].kind == tWord && toks[i-1].upper && isCurrencyAt(toks, i-1) {
		return false
	}
	return s.vi
}

// planFigureWords say that the amount after them is a plan's figure.
var planFigureWords = phrases("plan", "plan figure", "the plan figure", "kế hoạch", "dự toán", "chỉ tiêu kế hoạch", "budget estimate")

// planFigure reports whether a value is a plan's figure: right after a plan
// word ("plan USD 74.6 bn", "so với kế hoạch 74,6 tỷ USD"), or after the
// colon of a label that begins with one ("Dự toán thu ngân sách năm 2025:
// 56.816 tỷ đồng"), with no other claim between.
func (d *doc) planFigure(c Claim) bool {
	toks := d.toks
	cl := d.sents[c.sent].clauseOf(c.lo)
	free := func(a, b int) bool {
		for k := a; k < b; k++ {
			if d.owner[k] >= 0 {
				return false
			}
		}
		return true
	}
	end := c.lo
	if end > cl[0] && (toks[end-1].key == ":" || toks[end-1].key == "la" || toks[end-1].key == "is") {
		end--
	}
	if endsAt(toks, cl[0], end, planFigureWords) > 0 && free(end, c.lo) {
		return true
	}
	if c.lo > cl[0] && toks[c.lo-1].key == ":" {
		for k := cl[0]; k < min(cl[0]+2, c.lo); k++ {
			if anyAt(toks, k, c.lo, planFigureWords) > 0 && free(k, c.lo) {
				return true
			}
		}
	}
	return false
}
