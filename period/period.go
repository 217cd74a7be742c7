// Package period parses, prints and does arithmetic on reporting periods.
//
// A period is a year (2025), a half-year (2025-S1), a quarter (2025-Q3), a month
// (2025-09), or an interval of periods of one frequency (2021/2025,
// 2025-01/2025-09). The canonical strings are those of SDMX; Parse also accepts
// the DHIS2 forms (2025Q3, 2025S1, 202509) and ParseLabel the labels that
// statistics tables print ("Prel. 2016", "2019 (*)").
package period

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"planwatch/excerpt"
)

// Freq is the frequency of a period: how many sub-periods a year has.
type Freq uint8

const (
	Annual   Freq = 1
	Semester Freq = 2
	Quarter  Freq = 4
	Monthly  Freq = 12
)

// String gives the SDMX frequency code.
func (f Freq) String() string {
	switch f {
	case Annual:
		return "A"
	case Semester:
		return "S"
	case Quarter:
		return "Q"
	case Monthly:
		return "M"
	}
	return "?"
}

// Period is a single period or an inclusive interval of periods of one
// frequency. The zero Period is invalid; use IsZero to test for it.
type Period struct {
	freq Freq
	// first and last are sub-period indexes counted from year 0:
	// year*freq + (sub-1).
	first, last int
}

// Year, years and sub-periods outside this range are rejected: they are
// typing errors, not periods anyone reports.
const (
	MinYear = 1800
	MaxYear = 2200
)

// ErrSyntax is wrapped by every parse error.
var ErrSyntax = errors.New("not a period")

// hint is how periods are written, for messages.
const hint = "write 2025, 2025-S1, 2025-Q3, 2025-09, 2021/2025"

// yearError is a period of the right form in a year outside the range.
type yearError struct{ year int }

func (e yearError) Error() string {
	return fmt.Sprintf("the year %d is outside %d-%d, the years a period may have", e.year, MinYear, MaxYear)
}

// New builds a single period from a frequency, year and 1-based sub-period
// (ignored for Annual).
func New(f Freq, year, sub int) (Period, error) {
	if f == Annual {
		sub = 1
	}
	if year < MinYear || year > MaxYear {
		return Period{}, fmt.Errorf("%w: %w", ErrSyntax, yearError{year})
	}
	if !validFreq(f) || sub < 1 || sub > int(f) {
		return Period{}, fmt.Errorf("%w: frequency %v, year %d, sub-period %d", ErrSyntax, f, year, sub)
	}
	i := year*int(f) + sub - 1
	return Period{freq: f, first: i, last: i}, nil
}

// Year returns the annual period of year y.
func Year(y int) Period {
	return Period{freq: Annual, first: y, last: y}
}

// Span returns the interval from a to b, which must have one frequency and
// a must not come after b.
func Span(a, b Period) (Period, error) {
	if a.IsZero() || b.IsZero() || a.freq != b.freq {
		return Period{}, fmt.Errorf("%w: an interval joins two periods of one frequency", ErrSyntax)
	}
	if b.last < a.first {
		return Period{}, fmt.Errorf("%w: interval ends (%s) before it starts (%s)", ErrSyntax, b, a)
	}
	return Period{freq: a.freq, first: a.first, last: b.last}, nil
}

func validFreq(f Freq) bool {
	return f == Annual || f == Semester || f == Quarter || f == Monthly
}

// IsZero reports whether p is the zero (invalid) period.
func (p Period) IsZero() bool { return p.freq == 0 }

// Freq returns the frequency of p.
func (p Period) Freq() Freq { return p.freq }

// IsInterval reports whether p spans more than one period of its frequency.
func (p Period) IsInterval() bool { return p.first != p.last }

// Len is the number of periods of p's frequency that p covers.
func (p Period) Len() int { return p.last - p.first + 1 }

// First returns the first single period of p; Last the last.
func (p Period) First() Period { return Period{p.freq, p.first, p.first} }
func (p Period) Last() Period  { return Period{p.freq, p.last, p.last} }

// StartYear and EndYear are the calendar years p starts and ends in.
func (p Period) StartYear() int { return floorDiv(p.first, int(p.freq)) }
func (p Period) EndYear() int   { return floorDiv(p.last, int(p.freq)) }

// Sub returns the 1-based sub-period of a single period (1 for a year).
func (p Period) Sub() int { return p.first - p.StartYear()*int(p.freq) + 1 }

// Start is the first day of p; End the first day after it.
func (p Period) Start() time.Time {
	y := p.StartYear()
	m := (p.first-y*int(p.freq))*(12/int(p.freq)) + 1
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
}

func (p Period) End() time.Time {
	y := floorDiv(p.last+1, int(p.freq))
	m := (p.last+1-y*int(p.freq))*(12/int(p.freq)) + 1
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
}

// Months is the number of calendar months p covers.
func (p Period) Months() int { return p.Len() * (12 / int(p.freq)) }

// Shift moves p by n periods of its own frequency, keeping its length.
func (p Period) Shift(n int) Period {
	return Period{p.freq, p.first + n, p.last + n}
}

// Previous is the period of the same length just before p: 2024 for 2025,
// 2025-Q2 for 2025-Q3, 2016/2020 for 2021/2025.
func (p Period) Previous() Period { return p.Shift(-p.Len()) }

// YearAgo is the same period one year earlier: 2024-09 for 2025-09,
// 2024-01/2024-09 for 2025-01/2025-09.
func (p Period) YearAgo() Period { return p.Shift(-int(p.freq)) }

// Contains reports whether q lies wholly inside p.
func (p Period) Contains(q Period) bool {
	return !p.Start().After(q.Start()) && !q.End().After(p.End())
}

// Years lists the calendar years p touches, in order.
func (p Period) Years() []int {
	var ys []int
	for y := p.StartYear(); y <= p.EndYear(); y++ {
		ys = append(ys, y)
	}
	return ys
}

// Compare orders periods by start, then the longer first (a year before its
// quarters), then the coarser frequency first, so that sorting gives a
// readable series.
func (p Period) Compare(q Period) int {
	if p.freq == q.freq { // the same order, without dates
		if p.first != q.first {
			return cmp.Compare(p.first, q.first)
		}
		return cmp.Compare(q.last, p.last)
	}
	if c := p.Start().Compare(q.Start()); c != 0 {
		return c
	}
	if c := q.End().Compare(p.End()); c != 0 {
		return c
	}
	switch {
	case p.freq < q.freq:
		return -1
	case p.freq > q.freq:
		return 1
	}
	return 0
}

// String gives the canonical form.
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	if p.IsInterval() {
		return p.First().String() + "/" + p.Last().String()
	}
	// Built by hand: a million-row import prints a million periods.
	y, s := p.StartYear(), p.Sub()
	b := make([]byte, 0, 8)
	b = strconv.AppendInt(b, int64(y), 10)
	switch p.freq {
	case Semester:
		b = append(b, '-', 'S', byte('0'+s))
	case Quarter:
		b = append(b, '-', 'Q', byte('0'+s))
	case Monthly:
		b = append(b, '-', byte('0'+s/10), byte('0'+s%10))
	}
	return string(b)
}

// Label is the period as a reader writes it in a sentence: a span of years
// with an en dash (2021–2025, where the canonical form is 2021/2025), any
// other period in its canonical form.
func (p Period) Label() string {
	if p.IsInterval() && p.freq == Annual {
		return strconv.Itoa(p.StartYear()) + "–" + strconv.Itoa(p.EndYear())
	}
	return p.String()
}

// MarshalText and UnmarshalText let a Period travel in JSON as its string.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

func (p *Period) UnmarshalText(b []byte) error {
	q, err := Parse(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Parse reads a canonical period or a DHIS2 form. Surrounding spaces are
// ignored; nothing else is.
func Parse(s string) (Period, error) {
	t := strings.TrimSpace(s)
	if a, b, ok := strings.Cut(t, "/"); ok {
		pa, err := parseSingle(a)
		if err != nil {
			return Period{}, parseErr(s, err)
		}
		pb, err := parseSingle(b)
		if err != nil {
			return Period{}, parseErr(s, err)
		}
		p, err := Span(pa, pb)
		if err != nil {
			return Period{}, fmt.Errorf("%s: %w", excerpt.Quote(s), err)
		}
		return p, nil
	}
	p, err := parseSingle(t)
	if err != nil {
		return Period{}, parseErr(s, err)
	}
	return p, nil
}

// parseErr says why s is not a period: a year out of range, or the form.
func parseErr(s string, err error) error {
	var ye yearError
	if errors.As(err, &ye) {
		return fmt.Errorf("%s is %w: %w", excerpt.Quote(s), ErrSyntax, ye)
	}
	return syntaxErr(s)
}

// MustParse is Parse for constants in code and tests; it panics on error.
func MustParse(s string) Period {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

func syntaxErr(s string) error {
	return fmt.Errorf("%s is %w (%s)", excerpt.Quote(s), ErrSyntax, hint)
}

func parseSingle(s string) (Period, error) {
	if len(s) < 4 || !allDigits(s[:4]) {
		return Period{}, ErrSyntax
	}
	year, _ := strconv.Atoi(s[:4])
	rest := s[4:]
	switch {
	case rest == "":
		return New(Annual, year, 1)
	case len(rest) == 2 && allDigits(rest): // DHIS2 monthly 202509
		m, _ := strconv.Atoi(rest)
		return New(Monthly, year, m)
	}
	rest = strings.TrimPrefix(rest, "-")
	if len(rest) == 2 && allDigits(rest) && len(s) == 7 { // 2025-09
		m, _ := strconv.Atoi(rest)
		return New(Monthly, year, m)
	}
	if len(rest) == 2 && allDigits(rest[1:]) {
		n := int(rest[1] - '0')
		switch rest[0] {
		case 'Q', 'q':
			return New(Quarter, year, n)
		case 'S', 's':
			return New(Semester, year, n)
		case 'A', 'a': // SDMX 2025-A1
			if n == 1 {
				return New(Annual, year, 1)
			}
		}
	}
	return Period{}, ErrSyntax
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Label words that statistics tables put before or after a period, mapped to
// the SDMX observation status they imply ("" for none).
var labelWords = []struct{ word, status string }{
	{"prel.", "P"}, {"prel", "P"}, {"pre.", "P"}, {"pre", "P"},
	{"preliminary", "P"}, {"provisional", "P"}, {"sơ bộ", "P"}, {"so bo", "P"},
	{"est.", "E"}, {"est", "E"}, {"estimate", "E"}, {"estimated", "E"},
	{"ước tính", "E"}, {"ước", "E"}, {"uoc tinh", "E"}, {"uoc", "E"},
	{"(*)", ""}, {"*", ""},
}

// ParseLabel reads a period as statistics tables label it: "Prel. 2016",
// "2019 (*)", "Sơ bộ 2022", "Est. 2025", as well as anything Parse accepts.
// The status is the SDMX observation status the label implies, or "".
func ParseLabel(s string) (Period, string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	status := ""
	for changed := true; changed; {
		changed = false
		for _, w := range labelWords {
			if strings.HasPrefix(t, w.word+" ") || strings.HasPrefix(t, w.word) && len(t) > len(w.word) && t[len(w.word)] >= '0' && t[len(w.word)] <= '9' {
				t = strings.TrimSpace(t[len(w.word):])
				if w.status != "" {
					status = w.status
				}
				changed = true
			}
			if strings.HasSuffix(t, " "+w.word) || strings.HasSuffix(t, w.word) && w.word == "(*)" {
				t = strings.TrimSpace(strings.TrimSuffix(t, w.word))
				if w.status != "" {
					status = w.status
				}
				changed = true
			}
		}
	}
	p, err := Parse(t)
	if err != nil {
		return Period{}, "", parseErr(s, err)
	}
	return p, status, nil
}
