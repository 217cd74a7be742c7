package record

import (
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
