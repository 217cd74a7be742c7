package record

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestReadNumber(t *testing.T) {
	for _, c := range []struct {
		in    string
		style NumberStyle
		want  float64
		read  NumberStyle
		err   string
	}{
		{"72.497,5", Either, 72497.5, Vietnamese, ""},
		{"72,497.5", Either, 72497.5, English, ""},
		{"1.234.567", Either, 1234567, Vietnamese, ""},
		{"1,234,567", Either, 1234567, English, ""},
		{"72,5", Either, 72.5, Vietnamese, ""},
		{"72.5", Either, 72.5, English, ""},
		{"0.125", Either, 0.125, English, ""},
		{"0,125", Either, 0.125, Vietnamese, ""},
		{"1234.567", Either, 1234.567, English, ""},
		{"-3,25", Either, -3.25, Vietnamese, ""},
		{"72 497,5", Either, 72497.5, Vietnamese, ""},
		{"72\u00a0497,5", Vietnamese, 72497.5, Vietnamese, ""},
		{"2018", Either, 2018, Plain, ""},
		{"1e3", Either, 1000, Plain, ""},
		{"72.497", Either, 0, Either, "may be 72.497 or 72497"},
		{"1,234", Either, 0, Either, "may be 1.234 or 1234"},
		{"72.497", Vietnamese, 72497, Vietnamese, ""},
		{"72.497", English, 72.497, English, ""},
		{"72.497", Plain, 72.497, Plain, ""},
		{"72.497,5", Plain, 0, Plain, "not a number"},
		{"72.49,5", Either, 0, Vietnamese, "groups of three"},
		{"7.2.4", Either, 0, Vietnamese, "groups of three"},
		{"1,2.3,4", Either, 0, Vietnamese, "not a number"},
		{"abc", Either, 0, Either, "not a number"},
		{"12,", Either, 0, Vietnamese, "not a number"},
		{"", Either, 0, Either, "empty"},
	} {
		v, read, err := ReadNumber(c.in, c.style)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q %v: %v, %v; want an error with %q", c.in, c.style, v, err, c.err)
			}
			continue
		}
		if err != nil || v != c.want || read != c.read {
			t.Errorf("%q %v: %v %v %v; want %v %v", c.in, c.style, v, read, err, c.want, c.read)
		}
	}
}

// FuzzReadNumber reads any text as a number in each style: never a
// number that is not finite, and a text Either reads in one style reads
// the same in that style alone. The seeds are the cases above.
func FuzzReadNumber(f *testing.F) {
	for _, s := range []string{"72.497,5", "72,497.5", "1.234.567", "72,5", "0.125", "-3,25", "72 497,5", "72\u00a0497,5", "2018", "1e3", "72.497", "1,234", "72.49,5", "7.2.4", "1,2.3,4", "12,", "", "+1.000.000,25", "1e999", "NaN", "Inf", "0x1p3", "١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, style := range []NumberStyle{Plain, Vietnamese, English, Either} {
			v, read, err := ReadNumber(s, style)
			if err != nil {
				if err.Error() == "" {
					t.Fatalf("%q %v: an error without a message", s, style)
				}
				continue
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%q %v read as %v", s, style, v)
			}
			if style == Either && (read == Vietnamese || read == English) {
				if w, _, err := ReadNumber(s, read); err != nil || w != v {
					t.Fatalf("%q: %v as either (%v), %v %v as %v", s, v, read, w, err, read)
				}
			}
		}
	})
}

// FuzzGroupedNumbers writes a number with its thousands grouped the
// Vietnamese way (72.497,5) and the English way (72,497.5) and reads each
// back as the same number, in its style, and as either unless one
// separator alone stands before three digits (72.497 or 999,999).
func FuzzGroupedNumbers(f *testing.F) {
	for _, v := range []float64{0, 1, -1, 72497.5, 1234567, 0.125, -3.25, 1e15, 999.999, 1000} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) >= 1e21 {
			return
		}
		plain := strconv.FormatFloat(v, 'f', -1, 64)
		sign := ""
		if plain[0] == '-' {
			sign, plain = "-", plain[1:]
		}
		whole, frac, _ := strings.Cut(plain, ".")
		var groups []string
		for len(whole) > 3 {
			groups = append([]string{whole[len(whole)-3:]}, groups...)
			whole = whole[:len(whole)-3]
		}
		groups = append([]string{whole}, groups...)
		for _, c := range []struct {
			style          NumberStyle
			group, decimal string
		}{{Vietnamese, ".", ","}, {English, ",", "."}} {
			s := sign + strings.Join(groups, c.group)
			if frac != "" {
				s += c.decimal + frac
			}
			got, _, err := ReadNumber(s, c.style)
			if err != nil || got != v {
				t.Fatalf("%v written %q read as %v %v", v, s, got, err)
			}
			if frac != "" && (len(groups) > 1 || len(frac) != 3) || len(groups) > 2 {
				if got, read, err := ReadNumber(s, Either); err != nil || got != v || read != c.style && read != Plain {
					t.Fatalf("%v written %q read as either: %v %v %v", v, s, got, read, err)
				}
			}
		}
	})
}
