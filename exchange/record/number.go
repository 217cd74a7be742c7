package record

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"planwatch/excerpt"
)

// NumberStyle is how a text writes a number.
type NumberStyle int

const (
	// Plain is planwatch's own: a dot for decimals and no grouping
	// (72497.5), or an exponent.
	Plain NumberStyle = iota
	// Vietnamese groups thousands with dots and writes decimals after a
	// comma (72.497,5).
	Vietnamese
	// English groups thousands with commas (72,497.5).
	English
	// Either reads a text in whichever of the three styles it can only be
	// written in, and refuses one whose reading depends on the style
	// ("72.497" is 72.497 in English and 72497 in Vietnamese).
	Either
)

func (s NumberStyle) String() string {
	switch s {
	case Vietnamese:
		return "Vietnamese"
	case English:
		return "English"
	case Either:
		return "either"
	}
	return "plain"
}

// ReadNumber reads a number written as text in a style. Spaces (also
// non-breaking ones) may group thousands in the Vietnamese and English
// styles. It returns the style the text was read in: Plain for digits
// alone, whatever style was asked for.
func ReadNumber(s string, style NumberStyle) (float64, NumberStyle, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, style, fmt.Errorf("is empty")
	}
	if style == Plain {
		return plainNumber(s, t)
	}
	if v, st, ok := simpleNumber(t, style); ok {
		return v, st, nil
	}
	sign := ""
	if t[0] == '-' || t[0] == '+' {
		sign, t = t[:1], t[1:]
	}
	if strings.ContainsAny(t, " \u00a0\u202f") {
		t = groupSpaces.Replace(t)
	}
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	for _, c := range t {
		if !(c >= '0' && c <= '9' || c == '.' || c == ',') {
			if dots+commas == 0 || strings.ContainsAny(t, "eE") {
				return plainNumber(s, sign+t)
			}
			return 0, style, fmt.Errorf("%s is not a number", excerpt.Quote(s))
		}
	}
	if dots+commas == 0 {
		v, _, err := plainNumber(s, sign+t)
		return v, Plain, err
	}
	read := func(group, decimal byte, as NumberStyle) (float64, NumberStyle, error) {
		intPart, frac, hasFrac := strings.Cut(t, string(decimal))
		if hasFrac && (frac == "" || strings.IndexByte(frac, decimal) >= 0 || strings.IndexByte(frac, group) >= 0) {
			return 0, as, fmt.Errorf("%s is not a number written the %s way", excerpt.Quote(s), as)
		}
		groups := strings.Split(intPart, string(group))
		for i, g := range groups {
			if g == "" || i > 0 && len(g) != 3 || i == 0 && len(groups) > 1 && len(g) > 3 {
				return 0, as, fmt.Errorf("%s is not a number written the %s way (thousands in groups of three)", excerpt.Quote(s), as)
			}
		}
		plain := sign + strings.Join(groups, "")
		if hasFrac {
			plain += "." + frac
		}
		v, err := strconv.ParseFloat(plain, 64)
		if err != nil || math.IsInf(v, 0) {
			return 0, as, fmt.Errorf("%s is not a number", excerpt.Quote(s))
		}
		return v, as, nil
	}
	switch style {
	case Vietnamese:
		return read('.', ',', Vietnamese)
	case English:
		return read(',', '.', English)
	}
	// Either: the text must allow one reading only.
	last := strings.LastIndexAny(t, ".,")
	switch {
	case dots > 0 && commas > 0:
		if t[last] == ',' {
			return read('.', ',', Vietnamese)
		}
		return read(',', '.', English)
	case dots > 1:
		return read('.', ',', Vietnamese)
	case commas > 1:
		return read(',', '.', English)
	case len(t)-last-1 != 3 || last == 0 || last > 3 || t[:last] == "0":
		// One separator, not before a group of three, or after no digits,
		// a zero or more than three: a decimal mark.
		if t[last] == ',' {
			return read('.', ',', Vietnamese)
		}
		return read(',', '.', English)
	}
	alt := strings.Map(func(r rune) rune {
		if r == '.' || r == ',' {
			return -1
		}
		return r
	}, t)
	return 0, Either, fmt.Errorf("%s may be %s%s or %s%s: write it as a number, or say that the column is written the Vietnamese or the English way", excerpt.Quote(s), sign, strings.ReplaceAll(t, ",", "."), sign, alt)
}

// simpleNumber reads the common case fast: digits, with at most one dot
// that can only be a decimal mark in the style.
func simpleNumber(t string, style NumberStyle) (float64, NumberStyle, bool) {
	dot := -1
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0 && i > 0:
			dot = i
		default:
			return 0, style, false
		}
	}
	read := Plain
	if dot >= 0 {
		decimals := len(t) - dot - 1
		switch {
		case decimals == 0 || style == Vietnamese:
			return 0, style, false
		case style == English || decimals != 3 || t[:dot] == "0" || dot > 3:
			read = English
		default:
			return 0, style, false
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, style, false
	}
	return v, read, true
}

// groupSpaces are the spaces that may group thousands.
var groupSpaces = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "")

func plainNumber(orig, t string) (float64, NumberStyle, error) {
	t = strings.TrimSpace(t)
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, Plain, fmt.Errorf("%s is not a number", excerpt.Quote(orig))
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, Plain, fmt.Errorf("%s is not a number", excerpt.Quote(orig))
	}
	return v, Plain, nil
}
