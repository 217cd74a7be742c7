package dhis2

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"planwatch/excerpt"
	"planwatch/period"
)

// Period is a DHIS2 period: its type, the days it covers [Start, End), and
// planwatch's form of it ("" for the types planwatch does not keep: days,
// weeks, two-week periods).
type Period struct {
	Type       string
	Start, End time.Time
	Canonical  string
}

// weekStarts are the weekly period types and the day their weeks start on.
var weekStarts = []struct {
	prefix string
	day    time.Weekday
	typ    string
}{
	{"Wed", time.Wednesday, "WeeklyWednesday"}, {"Thu", time.Thursday, "WeeklyThursday"},
	{"Sat", time.Saturday, "WeeklySaturday"}, {"Sun", time.Sunday, "WeeklySunday"}, {"", time.Monday, "Weekly"},
}

// financial are the financial-year types: yyyyApril is April yyyy to March
// yyyy+1.
var financial = []struct {
	suffix string
	month  time.Month
}{{"April", time.April}, {"July", time.July}, {"Sep", time.September}, {"Oct", time.October}, {"Nov", time.November}}

// ParsePeriod reads a DHIS2 period: yyyy, yyyyMM, yyyyMMdd, yyyyMMB
// (two months, 01B-06B), yyyyQn, yyyySn, yyyyAprilSn, yyyyWn (ISO weeks;
// also WedWn, ThuWn, SatWn, SunWn), yyyyBiWn, and the financial years
// yyyyApril, yyyyJuly, yyyySep, yyyyOct, yyyyNov. planwatch's own periods
// (2025-Q3, 2021/2025) are read too, as planwatch writes intervals that
// DHIS2 has no type for.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%s is not a DHIS2 period (2012, 201201, 20120115, 201201B, 2012Q1, 2012S1, 2012AprilS1, 2012W5, 2012BiW1, 2012April ...)", excerpt.Quote(s))
	if len(s) < 4 {
		return Period{}, bad
	}
	year, err := strconv.Atoi(s[:4])
	if err != nil || year < period.MinYear || year > period.MaxYear || s[0] == '-' || s[0] == '+' {
		if q, err := period.Parse(s); err == nil {
			return fromPlanwatch(q), nil
		}
		return Period{}, bad
	}
	rest := s[4:]
	y0 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	months := func(typ string, first, n int, canonical string) Period {
		st := y0.AddDate(0, first-1, 0)
		return Period{Type: typ, Start: st, End: st.AddDate(0, n, 0), Canonical: canonical}
	}
	num := func(t string, lo, hi int) (int, bool) {
		if t == "" || len(t) > 2 || !digits(t) {
			return 0, false
		}
		n, _ := strconv.Atoi(t)
		return n, n >= lo && n <= hi
	}
	switch {
	case rest == "":
		return months("Yearly", 1, 12, strconv.Itoa(year)), nil
	case len(rest) == 2 && digits(rest):
		if m, ok := num(rest, 1, 12); ok {
			return months("Monthly", m, 1, fmt.Sprintf("%d-%02d", year, m)), nil
		}
	case len(rest) == 4 && digits(rest):
		if t, err := time.Parse("20060102", s); err == nil {
			return Period{Type: "Daily", Start: t, End: t.AddDate(0, 0, 1)}, nil
		}
	case len(rest) == 3 && rest[2] == 'B' && digits(rest[:2]):
		if b, ok := num(rest[:2], 1, 6); ok {
			first := 2*b - 1
			return months("BiMonthly", first, 2, fmt.Sprintf("%d-%02d/%d-%02d", year, first, year, first+1)), nil
		}
	case rest[0] == 'Q':
		if q, ok := num(rest[1:], 1, 4); ok {
			return months("Quarterly", 3*q-2, 3, fmt.Sprintf("%d-Q%d", year, q)), nil
		}
	case rest[0] == 'S':
		if h, ok := num(rest[1:], 1, 2); ok {
			return months("SixMonthly", 6*h-5, 6, fmt.Sprintf("%d-S%d", year, h)), nil
		}
	case strings.HasPrefix(rest, "AprilS"):
		if h, ok := num(rest[6:], 1, 2); ok {
			first := 4 + 6*(h-1)
			st := y0.AddDate(0, first-1, 0)
			en := st.AddDate(0, 6, 0)
			last := en.AddDate(0, -1, 0)
			return Period{Type: "SixMonthlyApril", Start: st, End: en,
				Canonical: fmt.Sprintf("%d-%02d/%d-%02d", st.Year(), st.Month(), last.Year(), last.Month())}, nil
		}
	case strings.HasPrefix(rest, "BiW"):
		if w, ok := num(rest[3:], 1, 27); ok {
			st := weekOne(year, time.Monday).AddDate(0, 0, 14*(w-1))
			if st.Year() <= year {
				return Period{Type: "BiWeekly", Start: st, End: st.AddDate(0, 0, 14)}, nil
			}
		}
	}
	for _, w := range weekStarts {
		if t, ok := strings.CutPrefix(rest, w.prefix+"W"); ok {
			if n, ok := num(t, 1, 53); ok {
				st := weekOne(year, w.day).AddDate(0, 0, 7*(n-1))
				if n < 53 || weekOne(year+1, w.day).After(st) {
					return Period{Type: w.typ, Start: st, End: st.AddDate(0, 0, 7)}, nil
				}
			}
			return Period{}, bad
		}
	}
	for _, f := range financial {
		if rest == f.suffix {
			st := time.Date(year, f.month, 1, 0, 0, 0, 0, time.UTC)
			en := st.AddDate(1, 0, 0)
			last := en.AddDate(0, -1, 0)
			return Period{Type: "Financial" + f.suffix, Start: st, End: en,
				Canonical: fmt.Sprintf("%d-%02d/%d-%02d", st.Year(), st.Month(), last.Year(), last.Month())}, nil
		}
	}
	if q, err := period.Parse(s); err == nil {
		return fromPlanwatch(q), nil
	}
	return Period{}, bad
}

func fromPlanwatch(q period.Period) Period {
	return Period{Type: "planwatch", Start: q.Start(), End: q.End(), Canonical: q.String()}
}

// weekOne is the first day of week 1 of a year for weeks starting on day:
// the week that holds 4 January, so that it has at least four days of the
// year (ISO 8601 for Monday).
func weekOne(year int, day time.Weekday) time.Time {
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, time.UTC)
	return jan4.AddDate(0, 0, -((int(jan4.Weekday()) - int(day) + 7) % 7))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// FormatPeriod writes a planwatch period as DHIS2 does: 2025, 2025S1,
// 2025Q3, 202509, 202501B for two months from an odd month, 2025AprilS1,
// 2025April for a financial year. Any other interval has no DHIS2 type
// and is written as planwatch writes it (2021/2025), which planwatch reads
// back and DHIS2 refuses.
func FormatPeriod(p period.Period) string {
	if !p.IsInterval() {
		switch p.Freq() {
		case period.Annual:
			return strconv.Itoa(p.StartYear())
		case period.Semester:
			return fmt.Sprintf("%dS%d", p.StartYear(), p.Sub())
		case period.Quarter:
			return fmt.Sprintf("%dQ%d", p.StartYear(), p.Sub())
		case period.Monthly:
			return fmt.Sprintf("%d%02d", p.StartYear(), p.Sub())
		}
	}
	if p.Freq() == period.Monthly {
		st := p.Start()
		m, y := int(st.Month()), st.Year()
		switch {
		case p.Len() == 2 && m%2 == 1:
			return fmt.Sprintf("%d%02dB", y, (m+1)/2)
		case p.Len() == 6 && (m == 4 || m == 10):
			if m == 4 {
				return fmt.Sprintf("%dAprilS1", y)
			}
			return fmt.Sprintf("%dAprilS2", y)
		case p.Len() == 12:
			for _, f := range financial {
				if time.Month(m) == f.month {
					return fmt.Sprintf("%d%s", y, f.suffix)
				}
			}
		}
	}
	return p.String()
}
