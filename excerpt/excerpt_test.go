package excerpt

import (
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	if got := Quote("2025Q5"); got != `"2025Q5"` {
		t.Errorf("short value: %s", got)
	}
	long := strings.Repeat("ắ", 100) // three bytes a character
	got := Quote(long)
	if want := `"` + strings.Repeat("ắ", 80) + `"… (300 bytes)`; got != want {
		t.Errorf("long value:\n got %s\nwant %s", got, want)
	}
	if got := Quote(strings.Repeat("x", 80)); got != `"`+strings.Repeat("x", 80)+`"` {
		t.Errorf("exactly 80 characters are quoted whole: %s", got)
	}
	if got := Quote(strings.Repeat("x", 50<<20)); len(got) > 120 {
		t.Errorf("a 50 MB value gives a %d-byte quote", len(got))
	}
}
