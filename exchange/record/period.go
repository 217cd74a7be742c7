package record

import (
	"time"

	"planwatch/period"
)

// CanonicalSpan is planwatch's period for [st, en) when it is a whole
// number of months starting on a month's first day: one month, quarter,
// half-year or year, or an interval of months.
func CanonicalSpan(st, en time.Time) string {
	if st.Day() != 1 || en.Day() != 1 || st.Hour()+st.Minute()+st.Second() != 0 || en.Hour()+en.Minute()+en.Second() != 0 {
		return ""
	}
	months := (en.Year()-st.Year())*12 + int(en.Month()) - int(st.Month())
	if months <= 0 {
		return ""
	}
	for _, f := range []period.Freq{period.Annual, period.Semester, period.Quarter, period.Monthly} {
		size := 12 / int(f)
		if (int(st.Month())-1)%size != 0 || months%size != 0 {
			continue
		}
		a, err := period.New(f, st.Year(), (int(st.Month())-1)/size+1)
		if err != nil {
			return ""
		}
		last := en.AddDate(0, -size, 0)
		b, err := period.New(f, last.Year(), (int(last.Month())-1)/size+1)
		if err != nil {
			return ""
		}
		sp, err := period.Span(a, b)
		if err != nil {
			return ""
		}
		return sp.String()
	}
	return ""
}
