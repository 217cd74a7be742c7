package exchange

import "testing"

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
