package review

import (
	"testing"

	"planwatch"
	"planwatch/period"
)

// lastDay writes one date where PeriodSpan(p).LastDay() writes three and
// reads one: both give the same day, in leap years, at the end of a
// quarter, a month, an interval and a year.
func TestLastDay(t *testing.T) {
	for _, s := range []string{"2024", "2023", "1900", "2000", "2024-Q1", "2023-Q4", "2024-02", "2023-02", "2025-12", "2021/2025", "2024-01/2024-09", "2024-H1"} {
		p, err := period.Parse(s)
		if err != nil {
			continue
		}
		if got, want := lastDay(p), planwatch.PeriodSpan(p).LastDay(); got != want {
			t.Errorf("%s: %s, want %s", s, got, want)
		}
	}
	if got := lastDay(period.MustParse("2024-02")); got != "2024-02-29" {
		t.Errorf("February 2024 ends on %s", got)
	}
}
