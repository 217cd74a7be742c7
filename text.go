package planwatch

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"planwatch/excerpt"
)

// Texts come in two kinds: names (codes, names, titles, measure units),
// which are one line, and long texts (a target's wording, a plan's vision,
// a figure's source and note), which may keep newlines and tabs. Neither
// takes NUL or any other control character, nor bytes that are not UTF-8:
// they would go into the store and come out on every page, file and
// terminal that shows them.

// checkName returns the problem of a name, naming its field, or "".
func checkName(field, s string) string { return checkText(field, s, false) }

// checkLong returns the problem of a long text, naming its field, or "".
func checkLong(field, s string) string { return checkText(field, s, true) }

func checkText(field, s string, long bool) string {
	// Printable ASCII, as codes and most sources are, is valid as it is.
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return ""
	}
	if !utf8.ValidString(s) {
		return fmt.Sprintf("%s: %s is not valid UTF-8", field, excerpt.Quote(s))
	}
	n := 0
	for _, r := range s {
		n++
		if !unicode.IsControl(r) || long && (r == '\n' || r == '\t') {
			continue
		}
		if long {
			return fmt.Sprintf("%s: %s has a control character (U+%04X, character %d): only newline and tab may break a text", field, excerpt.Quote(s), r, n)
		}
		return fmt.Sprintf("%s: %s has a control character (U+%04X, character %d): a name is one line of text", field, excerpt.Quote(s), r, n)
	}
	return ""
}

// addText appends the problems of texts to errs: names first, then long
// texts, each a field name followed by its value.
func addText(errs []string, names, long []string) []string {
	for i := 0; i+1 < len(names); i += 2 {
		if msg := checkName(names[i], names[i+1]); msg != "" {
			errs = append(errs, msg)
		}
	}
	for i := 0; i+1 < len(long); i += 2 {
		if msg := checkLong(long[i], long[i+1]); msg != "" {
			errs = append(errs, msg)
		}
	}
	return errs
}
