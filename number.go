package planwatch

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseNumber reads a number as files write it: a dot for decimals, no
// thousands separators. "72.497,5" and "72,497.5" are errors rather than
// guesses, because each is a different number in another country.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if strings.ContainsAny(t, ", _") {
		return 0, fmt.Errorf("%q is not a number (write 72497.5: a dot for decimals, no thousands separators)", s)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(t, "xXpPnN") {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// FormatNumber writes the shortest string that ParseNumber reads back as v.
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
