package main

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"planwatch/locale"
)

// variants are the boundary file's spellings that no normalisation makes
// into the official name: two typing slips and the province's name before
// it became the city of Huế (Resolution 175/2024/QH15).
var variants = map[string]string{
	"Cần Thơn":       "Cần Thơ",
	"Quản Bình":      "Quảng Bình",
	"Thừa Thiên Huế": "Huế",
}

// key is a name without its kind ("Tỉnh", "Thành phố", "TP."), in lower
// case, with spaces and hyphens dropped: "TP. Hồ Chí Minh" and "Hồ Chí
// Minh" give the same key, "Bà Rịa -Vũng Tàu" and "Bà Rịa - Vũng Tàu" too.
func key(s string) string {
	s = strings.ToLower(norm.NFC.String(strings.TrimSpace(s)))
	for _, p := range []string{"thành phố ", "tỉnh ", "tp. ", "tp.", "tp "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// How a name was matched.
const (
	byName     = "name"    // the same letters and marks
	byLetters  = "letters" // the same letters once diacritics are dropped ("Kien Giang", "Hòa Bình")
	byVariant  = "variant" // through the table of variants
	notMatched = "no match"
)

// match is one boundary name and the official unit it was matched to.
type match struct {
	Name, Code, Official, How string
}

// matchNames finds the official code of each name: by its key, else by
// its key without diacritics, else through the variants. names are
// official code -> name.
func matchNames(names []string, official map[string]string) ([]match, error) {
	byKey, byFold := map[string]string{}, map[string]string{}
	for code, name := range official {
		k, f := key(name), locale.Fold(key(name))
		if other, dup := byFold[f]; dup {
			return nil, fmt.Errorf("official names %q (%s) and %q (%s) are alike without diacritics", name, code, official[other], other)
		}
		byKey[k], byFold[f] = code, code
	}
	var out []match
	var problems []string
	seen := map[string]string{}
	for _, n := range names {
		m := match{Name: n, How: notMatched}
		if c, ok := byKey[key(n)]; ok {
			m.Code, m.How = c, byName
		} else if c, ok := byFold[locale.Fold(key(n))]; ok {
			m.Code, m.How = c, byLetters
		} else if v, ok := variants[norm.NFC.String(n)]; ok {
			if c, ok := byKey[key(v)]; ok {
				m.Code, m.How = c, byVariant
			}
		}
		if m.Code == "" {
			problems = append(problems, fmt.Sprintf("%q matches no official province", n))
		} else {
			m.Official = official[m.Code]
			if prev, dup := seen[m.Code]; dup {
				problems = append(problems, fmt.Sprintf("%q and %q both match %s (%s)", prev, n, m.Official, m.Code))
			}
			seen[m.Code] = n
		}
		out = append(out, m)
	}
	var missing []string
	for code := range official {
		if _, ok := seen[code]; !ok {
			missing = append(missing, code)
		}
	}
	sort.Strings(missing)
	for _, code := range missing {
		problems = append(problems, fmt.Sprintf("no boundary for %s (%s)", official[code], code))
	}
	if len(problems) > 0 {
		return out, fmt.Errorf("%d problems matching names:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return out, nil
}
