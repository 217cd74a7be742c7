// Package excerpt quotes a value in a message without echoing all of it: a
// bad field of 50 MB gets 80 characters and its length, not 50 MB of
// standard error.
package excerpt

import (
	"strconv"
	"unicode/utf8"
)

// Max is how many characters of a value a message quotes.
const Max = 80

// Quote is strconv.Quote of s, or of its first Max characters followed by
// "…" and how long s is.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= Max {
		return strconv.Quote(s)
	}
	n, i := 0, 0
	for i = range s {
		if n == Max {
			break
		}
		n++
	}
	return strconv.Quote(s[:i]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}
