package period

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseCanonical(t *testing.T) {
	cases := []struct {
		in, want   string
		freq       Freq
		start, end string // dates: first day, first day after
		interval   bool
	}{
		{"2025", "2025", Annual, "2025-01-01", "2026-01-01", false},
		{"2025-S1", "2025-S1", Semester, "2025-01-01", "2025-07-01", false},
		{"2025-S2", "2025-S2", Semester, "2025-07-01", "2026-01-01", false},
		{"2025-Q3", "2025-Q3", Quarter, "2025-07-01", "2025-10-01", false},
		{"2025-Q4", "2025-Q4", Quarter, "2025-10-01", "2026-01-01", false},
		{"2025-09", "2025-09", Monthly, "2025-09-01", "2025-10-01", false},
		{"2025-12", "2025-12", Monthly, "2025-12-01", "2026-01-01", false},
		{"2021/2025", "2021/2025", Annual, "2021-01-01", "2026-01-01", true},
		{"2025-01/2025-09", "2025-01/2025-09", Monthly, "2025-01-01", "2025-10-01", true},
		{"2024-Q4/2025-Q1", "2024-Q4/2025-Q1", Quarter, "2024-10-01", "2025-04-01", true},
		// DHIS2 and SDMX variants come back canonical.
		{"2025Q3", "2025-Q3", Quarter, "2025-07-01", "2025-10-01", false},
		{"2025S2", "2025-S2", Semester, "2025-07-01", "2026-01-01", false},
		{"202509", "2025-09", Monthly, "2025-09-01", "2025-10-01", false},
		{"2025-A1", "2025", Annual, "2025-01-01", "2026-01-01", false},
		{" 2025 ", "2025", Annual, "2025-01-01", "2026-01-01", false},
		{"2025/2025", "2025", Annual, "2025-01-01", "2026-01-01", false},
	}
	for _, c := range cases {
		p, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if p.String() != c.want || p.Freq() != c.freq || p.IsInterval() != c.interval {
			t.Errorf("Parse(%q) = %s freq %v interval %v; want %s %v %v", c.in, p, p.Freq(), p.IsInterval(), c.want, c.freq, c.interval)
		}
		if got := p.Start().Format(time.DateOnly); got != c.start {
			t.Errorf("%s.Start() = %s, want %s", c.in, got, c.start)
		}
		if got := p.End().Format(time.DateOnly); got != c.end {
			t.Errorf("%s.End() = %s, want %s", c.in, got, c.end)
		}
		// Canonical strings parse back to the same period.
		if q, err := Parse(p.String()); err != nil || q != p {
			t.Errorf("round trip of %s gave %v, %v", p, q, err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{
		"", "25", "2025Q5", "2025-Q0", "2025-13", "2025-00", "202513", "2025-S3",
		"2025/2021", "2025/2025-Q1", "2025-Q1/2025-09", "abcd", "2025-", "2025-9",
		"1799", "2201", "2025//2026", "2025/", "/2025", "2025-Q1-", "２０２５",
	} {
		if p, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %s, want an error", in, p)
		} else if !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) error %v does not wrap ErrSyntax", in, err)
		}
	}
}

func TestParseLabel(t *testing.T) {
	cases := []struct{ in, want, status string }{
		{"Prel. 2016", "2016", "P"},
		{"Pre. 2016", "2016", "P"},
		{"prel.2016", "2016", "P"},
		{"2019 (*)", "2019", ""},
		{"2019(*)", "2019", ""},
		{"Sơ bộ 2022", "2022", "P"},
		{"Est. 2025", "2025", "E"},
		{"Ước tính 2025", "2025", "E"},
		{"2025", "2025", ""},
		{"2025Q3", "2025-Q3", ""},
	}
	for _, c := range cases {
		p, st, err := ParseLabel(c.in)
		if err != nil || p.String() != c.want || st != c.status {
			t.Errorf("ParseLabel(%q) = %s, %q, %v; want %s, %q", c.in, p, st, err, c.want, c.status)
		}
	}
	if _, _, err := ParseLabel("Prel. twenty"); err == nil {
		t.Error("ParseLabel accepted a label without a period")
	}
}

func TestArithmetic(t *testing.T) {
	cases := []struct{ in, prev, yearAgo string }{
		{"2025", "2024", "2024"},
		{"2025-Q1", "2024-Q4", "2024-Q1"},
		{"2025-01", "2024-12", "2024-01"},
		{"2025-S1", "2024-S2", "2024-S1"},
		{"2021/2025", "2016/2020", "2020/2024"},
		{"2025-01/2025-09", "2024-04/2024-12", "2024-01/2024-09"},
	}
	for _, c := range cases {
		p := MustParse(c.in)
		if got := p.Previous().String(); got != c.prev {
			t.Errorf("%s.Previous() = %s, want %s", c.in, got, c.prev)
		}
		if got := p.YearAgo().String(); got != c.yearAgo {
			t.Errorf("%s.YearAgo() = %s, want %s", c.in, got, c.yearAgo)
		}
	}
	p := MustParse("2021/2025")
	if p.Len() != 5 || p.Months() != 60 || !slices.Equal(p.Years(), []int{2021, 2022, 2023, 2024, 2025}) {
		t.Errorf("2021/2025: len %d months %d years %v", p.Len(), p.Months(), p.Years())
	}
	if !p.Contains(MustParse("2023-Q2")) || p.Contains(MustParse("2025/2026")) {
		t.Error("Contains is wrong for 2021/2025")
	}
	if MustParse("2025-01/2025-09").Months() != 9 {
		t.Error("nine months are not nine months")
	}
}

func TestCompareSorts(t *testing.T) {
	in := []string{"2025", "2024-Q4", "2025-01/2025-09", "2025-Q1", "2024", "2025-01", "2021/2025"}
	ps := make([]Period, len(in))
	for i, s := range in {
		ps[i] = MustParse(s)
	}
	slices.SortFunc(ps, Period.Compare)
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{"2021/2025", "2024", "2024-Q4", "2025", "2025-01/2025-09", "2025-Q1", "2025-01"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %v\nwant     %v", got, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2025", "2025-S1", "2025-Q3", "2025-09", "2021/2025", "2025-01/2025-09", "2025Q3", "202509", "Prel. 2016", "2019 (*)", "2025Q5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err == nil {
			q, err := Parse(p.String())
			if err != nil || q != p {
				t.Fatalf("Parse(%q) = %s does not round-trip: %v %v", s, p, q, err)
			}
			if !p.Start().Before(p.End()) {
				t.Fatalf("%s starts %v, not before its end %v", p, p.Start(), p.End())
			}
		}
		if p, _, err := ParseLabel(s); err == nil {
			if _, err := Parse(p.String()); err != nil {
				t.Fatalf("ParseLabel(%q) gave %s which does not parse", s, p)
			}
		}
	})
}

// Compare's shortcut for periods of one frequency gives the order the
// dates give.
func TestCompareSameFrequency(t *testing.T) {
	in := []string{"2021/2025", "2021/2023", "2022", "2025", "2025-Q1", "2025-Q1/2025-Q3", "2024-Q4", "2025-01", "2025-01/2025-09",
		"2024-12", "2025-S1", "2025-S2", "2024-S2/2025-S1"}
	byDates := func(p, q Period) int {
		if c := p.Start().Compare(q.Start()); c != 0 {
			return c
		}
		if c := q.End().Compare(p.End()); c != 0 {
			return c
		}
		return cmp.Compare(p.freq, q.freq)
	}
	for _, a := range in {
		for _, b := range in {
			p, q := MustParse(a), MustParse(b)
			if got, want := p.Compare(q), byDates(p, q); got != want {
				t.Errorf("%s vs %s: %d, dates say %d", a, b, got, want)
			}
		}
	}
}

// A period of the right form in a year no one reports says which years a
// period may have; one of the wrong form says how periods are written.
func TestParseErrorsSayWhy(t *testing.T) {
	for s, want := range map[string]string{
		"9999-12":                `"9999-12" is not a period: the year 9999 is outside 1800-2200, the years a period may have`,
		"1700":                   "the year 1700 is outside 1800-2200",
		"2021/3000":              "the year 3000 is outside 1800-2200",
		"0000Q1":                 "the year 0 is outside 1800-2200",
		"2025Q5":                 `"2025Q5" is not a period (write 2025, 2025-S1, 2025-Q3, 2025-09, 2021/2025)`,
		strings.Repeat("2", 500): `"` + strings.Repeat("2", 80) + `"… (500 bytes) is not a period`,
	} {
		_, err := Parse(s)
		if err == nil || !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%.20q): %v, want %q", s, err, want)
		}
	}
	if _, _, err := ParseLabel("Prel. 9999"); err == nil || !strings.Contains(err.Error(), "the year 9999 is outside 1800-2200") {
		t.Errorf("ParseLabel: %v", err)
	}
}
