package planwatch

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"planwatch/excerpt"
)

// ParseNumber reads a number as files write it: a dot for decimals, no
// thousands separators. "72.497,5" and "72,497.5" are errors rather than
// guesses, because each is a different number in another country.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	// Digits, a sign, a dot and an exponent only: no hexadecimal, NaN or
	// Inf, which strconv would accept.
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E':
		case c == ',' || c == ' ' || c == '_':
			return 0, fmt.Errorf("%s is not a number (write 72497.5: a dot for decimals, no thousands separators)", excerpt.Quote(s))
		default:
			return 0, fmt.Errorf("%s is not a number", excerpt.Quote(s))
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s is not a number", excerpt.Quote(s))
	}
	return v, nil
}

// FormatNumber writes the shortest string that ParseNumber reads back as v.
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
