package planwatch

import (
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
	}{{"72497.5", 72497.5}, {" 10.27 ", 10.27}, {"-3", -3}, {"+4.5", 4.5}, {"1e3", 1000}, {"2.5E-2", 0.025}, {"0", 0}} {
		if v, err := ParseNumber(c.in); err != nil || v != c.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", c.in, v, err, c.want)
		}
	}
	for in, why := range map[string]string{
		"72.497,5": "thousands separators", "72,497.5": "thousands separators", "1 000": "thousands separators", "1_000": "thousands separators",
		"abc": "is not a number", "": "is not a number", "NaN": "is not a number", "Inf": "is not a number", "-Infinity": "is not a number",
		"0x1p3": "is not a number", "1e999": "is not a number", "1.2.3": "is not a number", "--1": "is not a number", "12%": "is not a number",
	} {
		if v, err := ParseNumber(in); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseNumber(%q) = %v, %v; want an error saying %q", in, v, err, why)
		}
	}
}
