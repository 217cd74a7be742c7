package planwatch

import (
	"fmt"
	"time"

	"planwatch/excerpt"
)

// Date is a calendar day written YYYY-MM-DD, or "" for an open bound.
// Strings of that form compare as the days they name.
type Date string

// ParseDate checks s is a day of the calendar. "" is a valid (open) date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return "", nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1000 {
		return "", fmt.Errorf("%s is not a date (YYYY-MM-DD)", excerpt.Quote(s))
	}
	return Date(s), nil
}

// addDates appends the problems of dates to errs, each a field name
// followed by its date: what ParseDate does not read.
func addDates(errs []string, fields ...any) []string {
	for i := 0; i+1 < len(fields); i += 2 {
		if _, err := ParseDate(string(fields[i+1].(Date))); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", fields[i], err))
		}
	}
	return errs
}

// DateOf returns the day of t.
func DateOf(t time.Time) Date { return Date(t.Format(time.DateOnly)) }

// Time returns the start of the day, or the zero time for an open date.
func (d Date) Time() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// AddDays returns the day n days after d.
func (d Date) AddDays(n int) Date {
	if d == "" {
		return ""
	}
	return DateOf(d.Time().AddDate(0, 0, n))
}

// Span is a half-open interval of days [From, To); an empty bound is open.
type Span struct{ From, To Date }

// Day is the span of one day.
func Day(d Date) Span { return Span{d, d.AddDays(1)} }

// Contains reports whether day d lies in s.
func (s Span) Contains(d Date) bool {
	return (s.From == "" || s.From <= d) && (s.To == "" || d < s.To)
}

// Overlaps reports whether s and o share a day.
func (s Span) Overlaps(o Span) bool {
	return (s.To == "" || o.From == "" || o.From < s.To) && (o.To == "" || s.From == "" || s.From < o.To)
}

// LastDay is the last day of s, or "" when s is open at its end.
func (s Span) LastDay() Date { return s.To.AddDays(-1) }
