// Package locale formats numbers and picks names for the two languages of
// planwatch: Vietnamese (72.497,5) and English (72,497.5).
package locale

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
	"golang.org/x/text/unicode/norm"
)

// Lang is "vi" or "en".
type Lang string

const (
	VI Lang = "vi"
	EN Lang = "en"
)

// Parse accepts vi and en (and tags such as vi-VN, en-GB); anything else is
// English.
func Parse(s string) Lang {
	if strings.HasPrefix(strings.ToLower(s), "vi") {
		return VI
	}
	return EN
}

func (l Lang) tag() language.Tag {
	if l == VI {
		return language.Vietnamese
	}
	return language.English
}

// Number writes v with every digit it has (never rounding away what was
// stored) and the language's separators.
func Number(v float64, l Lang) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	frac := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		frac = len(s) - i - 1
	}
	return message.NewPrinter(l.tag()).Sprint(number.Decimal(v, number.MinFractionDigits(frac), number.MaxFractionDigits(frac)))
}

// Fixed writes v rounded to the given number of decimals.
func Fixed(v float64, decimals int, l Lang) string {
	return message.NewPrinter(l.tag()).Sprint(number.Decimal(v, number.MinFractionDigits(decimals), number.MaxFractionDigits(decimals)))
}

// Fold lowers s and strips its diacritics, so that "bac ninh" matches
// "Bắc Ninh" and "Đắk Lắk" matches "dak lak".
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case unicode.Is(unicode.Mn, r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// ASCII strips Vietnamese diacritics and keeps the case: "Đắk Lắk" gives
// "Dak Lak", the English spelling of Vietnamese place names.
func ASCII(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		case unicode.Is(unicode.Mn, r):
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Day writes a calendar day given as YYYY-MM-DD the way each language
// writes it in a sentence: 01/07/2025 in Vietnamese, 2025-07-01 in English.
// Anything else (an open bound "", a malformed string) comes back as it is.
func Day(iso string, l Lang) string {
	if l != VI || len(iso) != 10 || iso[4] != '-' || iso[7] != '-' {
		return iso
	}
	for i, c := range iso {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return iso
		}
	}
	return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
}
