package factcheck

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"planwatch/locale"
)

type tokKind uint8

const (
	tWord  tokKind = iota // letters, possibly with digits after the first letter
	tNum                  // digits, with . or , between digits
	tPunct                // any other single character
)

// token is a word, a number or a punctuation mark of the draft, with its
// byte offsets into the extracted text.
type token struct {
	kind       tokKind
	text       string // as written
	key        string // lower case without diacritics, for matching
	start, end int
	space      bool // whitespace before it
	newline    bool // a line break before it
	upper      bool // a word that starts with an upper-case letter
	vi         bool // a word with letters English does not use
}

// tokenize splits text into tokens. Letters followed by digits stay one
// word ("QH15", "postid436353"), so that digits inside names are not
// numbers; digits followed by letters are two tokens ("8" "th").
func tokenize(text string) []token {
	var out []token
	space, newline := false, false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			if r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
				newline = true
			}
			i += n
			continue
		case unicode.IsLetter(r):
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && !unicode.Is(unicode.Mn, r2) {
					break
				}
				j += n2
			}
			w := text[i:j]
			out = append(out, token{kind: tWord, text: w, key: fold(w), start: i, end: j, space: space, newline: newline,
				upper: unicode.IsUpper(r), vi: hasVietnamese(w)})
			i = j
		case r >= '0' && r <= '9':
			j := i + 1
			for j < len(text) {
				c := text[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == '.' || c == ',') && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9' {
					j += 2
					continue
				}
				break
			}
			out = append(out, token{kind: tNum, text: text[i:j], key: text[i:j], start: i, end: j, space: space, newline: newline})
			i = j
		default:
			p := text[i : i+n]
			out = append(out, token{kind: tPunct, text: p, key: punctKey(r), start: i, end: i + n, space: space, newline: newline})
			i += n
		}
		space, newline = false, false
	}
	return out
}

// punctKey maps the typographic variants of a mark to one key.
func punctKey(r rune) string {
	switch r {
	case '\u2019', '\u2018', '`', '\u00b4':
		return "'"
	case '\u201c', '\u201d', '\u00ab', '\u00bb':
		return "\""
	case '\u2013', '\u2014', '\u2012', '\u2212':
		return "-"
	}
	return string(r)
}

func fold(s string) string { return locale.Fold(s) }

// hasVietnamese reports whether a word has a letter outside ASCII, which in
// a Vietnamese or English draft means a Vietnamese word.
func hasVietnamese(w string) bool {
	for _, r := range w {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			return true
		}
	}
	return false
}

// sentence is a run of tokens [first, last) ended by a full stop, a line
// break or a colon before a capital; clauses are split by semicolons.
type sentence struct {
	first, last int
	clauses     [][2]int // token ranges
	vi          bool     // written in Vietnamese (its paragraph is)
}

// maxSentence bounds a sentence's tokens: real ones are far shorter, and
// the rules look at each claim's sentence, so a text without full stops
// must not make one sentence of everything.
const maxSentence = 400

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{"no": true, "mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "vs": true,
	"tp": true, "approx": true, "e.g": true, "i.e": true, "fig": true, "p": true, "pp": true, "ths": true, "ts": true, "pgs": true}

func splitSentences(toks []token) []sentence {
	var out []sentence
	start := 0
	flush := func(end int) {
		if end > start {
			out = append(out, sentence{first: start, last: end})
		}
		start = end
	}
	for i := range toks {
		if i > start && toks[i].newline || i-start >= maxSentence {
			flush(i)
		}
		t := toks[i]
		if t.kind != tPunct || i+1 >= len(toks) {
			continue
		}
		next := toks[i+1]
		if next.newline {
			continue // the line break ends it
		}
		startsAnew := next.upper || next.kind == tNum || next.key == "\"" || next.key == "("
		switch t.key {
		case ".", "!", "?", "\u2026":
			if t.key == "." && i > 0 && toks[i-1].kind == tWord && abbreviations[toks[i-1].key] && !toks[i-1].upper {
				continue
			}
			if t.key == "." && i > 0 && toks[i-1].kind == tWord && abbreviations[toks[i-1].key] && next.kind == tNum {
				continue // "No. 13"
			}
			// "1%...Vision": an ellipsis ends a sentence without a space.
			ellipsis := t.key == "\u2026" || t.key == "." && i > 0 && toks[i-1].key == "."
			if startsAnew && (next.space || ellipsis && next.upper) {
				flush(i + 1)
			}
		case ":":
			// "Exports, Viet Nam, 2025: USD 920 bn" is a label with its
			// value, one sentence.
			if next.space && next.upper && !(isCurrencyAt(toks, i+1) && i+2 < len(toks) && toks[i+2].kind == tNum) {
				flush(i + 1)
			}
		}
	}
	flush(len(toks))
	markLanguage(toks, out)
	for k := range out {
		s := &out[k]
		c := s.first
		for i := s.first; i < s.last; i++ {
			if toks[i].key == ";" {
				s.clauses = append(s.clauses, [2]int{c, i})
				c = i + 1
			}
		}
		s.clauses = append(s.clauses, [2]int{c, s.last})
	}
	return out
}

// markLanguage decides each paragraph's language from its words: a
// Vietnamese paragraph has many words with letters English lacks.
func markLanguage(toks []token, ss []sentence) {
	for a := 0; a < len(ss); {
		b := a + 1
		for b < len(ss) && !toks[ss[b].first].newline {
			b++
		}
		words, vi := 0, 0
		for i := ss[a].first; i < ss[b-1].last; i++ {
			if toks[i].kind == tWord {
				words++
				if toks[i].vi {
					vi++
				}
			}
		}
		isVI := words > 0 && vi*4 >= words
		for k := a; k < b; k++ {
			// A sentence of enough words has its own language: a quote in
			// English inside a Vietnamese paragraph ("... ghi nhận ngày
			// 31/12/2025). "GRDP per capita was 5,852 USD"").
			ss[k].vi = isVI
			if w, v := wordsOf(toks, ss[k]); w >= minOwnLanguage {
				ss[k].vi = v*4 >= w
			}
		}
		a = b
	}
}

// minOwnLanguage is how many words a sentence needs to be read in its own
// language rather than its paragraph's.
const minOwnLanguage = 5

func wordsOf(toks []token, s sentence) (words, vi int) {
	for i := s.first; i < s.last; i++ {
		if toks[i].kind == tWord {
			words++
			if toks[i].vi {
				vi++
			}
		}
	}
	return words, vi
}

// clauseOf is the clause of s that holds token i.
func (s sentence) clauseOf(i int) [2]int {
	for _, c := range s.clauses {
		if i >= c[0] && i < c[1] {
			return c
		}
	}
	return [2]int{s.first, s.last}
}

// phrase is a sequence of token keys.
type phrase []string

func keys(s string) phrase {
	toks := tokenize(s)
	out := make(phrase, len(toks))
	for i, t := range toks {
		out[i] = t.key
	}
	return out
}

func phrases(ss ...string) []phrase {
	out := make([]phrase, len(ss))
	for i, s := range ss {
		out[i] = keys(s)
	}
	return out
}

// matchAt reports whether p matches the tokens from i, within [lo, hi).
func matchAt(toks []token, i, hi int, p phrase) bool {
	if i < 0 || i+len(p) > hi {
		return false
	}
	for k, w := range p {
		if toks[i+k].key != w {
			return false
		}
	}
	return true
}

// anyAt is the length of the longest of ps matching at i, or 0.
func anyAt(toks []token, i, hi int, ps []phrase) int {
	best := 0
	for _, p := range ps {
		if len(p) > best && matchAt(toks, i, hi, p) {
			best = len(p)
		}
	}
	return best
}

// endsAt is the length of the longest of ps ending just before token i
// (starting no earlier than lo), or 0.
func endsAt(toks []token, lo, i int, ps []phrase) int {
	best := 0
	for _, p := range ps {
		if len(p) > best && i-len(p) >= lo && matchAt(toks, i-len(p), i, p) {
			best = len(p)
		}
	}
	return best
}

func joinKeys(toks []token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.key
	}
	return strings.Join(parts, " ")
}
