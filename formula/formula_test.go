package formula

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestEval(t *testing.T) {
	vals := map[string]float64{"EXPORTS": 94, "IMPORTS": 88, "IP_LEASED": 4087, "IP_LEASABLE": 7425.07, "GRDP": 200, "POP": 4}
	look := func(n string) (float64, bool) { v, ok := vals[n]; return v, ok }
	cases := []struct {
		src  string
		want float64
		vars []string
	}{
		{"EXPORTS - IMPORTS", 6, []string{"EXPORTS", "IMPORTS"}},
		{"IP_LEASED / IP_LEASABLE * 100", 4087 / 7425.07 * 100, []string{"IP_LEASABLE", "IP_LEASED"}},
		{"GRDP / POP", 50, []string{"GRDP", "POP"}},
		{"-(EXPORTS - IMPORTS) * 2", -12, []string{"EXPORTS", "IMPORTS"}},
		{"1 + 2 * 3", 7, nil},
		{"(1 + 2) * 3", 9, nil},
		{"10 - 4 - 3", 3, nil},
		{"8 / 4 / 2", 1, nil},
		{"--3", 3, nil},
	}
	for _, c := range cases {
		e, err := Parse(c.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.src, err)
			continue
		}
		got, err := e.Eval(look)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%q = %v, %v; want %v", c.src, got, err, c.want)
		}
		if !slices.Equal(e.Vars(), c.vars) {
			t.Errorf("%q vars %v, want %v", c.src, e.Vars(), c.vars)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	e, _ := Parse("A / B")
	_, err := e.Eval(func(n string) (float64, bool) { return map[string]float64{"A": 1, "B": 0}[n], true })
	if !errors.Is(err, ErrDivZero) {
		t.Errorf("A/0 gave %v", err)
	}
	_, err = e.Eval(func(n string) (float64, bool) { return 1, n == "A" })
	var me *MissingError
	if !errors.As(err, &me) || me.Name != "B" {
		t.Errorf("missing B gave %v", err)
	}
}

func TestParseRejects(t *testing.T) {
	for _, s := range []string{"", "A +", "(A", "A B", "A ) ", "1..2", "A % B", "*A", "()"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"EXPORTS - IMPORTS", "IP_LEASED / IP_LEASABLE * 100", "((A))", "-B*2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			return
		}
		_, _ = e.Eval(func(string) (float64, bool) { return 1, true })
		if _, err := Parse(e.String()); err != nil {
			t.Fatalf("%q parsed but its String %q does not: %v", s, e.String(), err)
		}
	})
}

// A step too large for a number is an error, not an infinity that no page
// or JSON can show.
func TestEvalOverflow(t *testing.T) {
	for _, src := range []string{"A * A", "A + A", "-A - A", "A / B", "A * A / A"} {
		e, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.Eval(func(n string) (float64, bool) {
			if n == "B" {
				return 1e-300, true
			}
			return 1e308, true
		})
		if !errors.Is(err, ErrOverflow) {
			t.Errorf("%s = %v, %v; want ErrOverflow", src, v, err)
		}
	}
}
