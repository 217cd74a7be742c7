package exchange

import (
	"testing"

	"planwatch"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"=cmd|' /C calc'!A0":             "'=cmd|' /C calc'!A0",
		`=HYPERLINK("http://x","click")`: `'=HYPERLINK("http://x","click")`,
		"+1+1":                           "'+1+1",
		"@SUM(A1)":                       "'@SUM(A1)",
		"\tx":                            "'\tx",
		"\rx":                            "'\rx",
		"-IMPORTS":                       "'-IMPORTS",
		"-3.5":                           "-3.5",
		"+7":                             "+7",
		"Bắc Ninh":                       "Bắc Ninh",
		"":                               "",
		"a=b":                            "a=b",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// A canonical file's cell gives back exactly the value written, and never
// starts a formula.
func FuzzCanonicalCell(f *testing.F) {
	for _, s := range []string{"=cmd|' /C calc'!A0", `=HYPERLINK("http://x","y")`, "@SUM(A1)", "\tnote", "'s-Hertogenbosch", "''", "'", "'=A1", "-3.5", "-x", "", "Bắc Ninh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := canonicalCell(s)
		if got := canonicalValue(c); got != s {
			t.Errorf("%q written as %q reads back as %q", s, c, got)
		}
		if formulaStart(c) {
			if _, err := planwatch.ParseNumber(c); err != nil {
				t.Errorf("%q written as %q starts a formula", s, c)
			}
		}
	})
}
