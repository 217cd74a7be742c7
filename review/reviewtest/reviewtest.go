// Package reviewtest compares two reviews of one store: one that read
// every figure at load (review.Load) and one that reads them as they are
// asked for (review.Open) must give the same facts, verdicts and series,
// byte for byte in JSON.
package reviewtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
)

// Scope says what Compare asks both reviews for.
type Scope struct {
	// Units whose facts are compared at every period in Periods (all units
	// when nil); Periods are those any of them has figures for when nil.
	Units   []planwatch.Unit
	Periods []period.Period
	// AsOf lists the dates of assessment compared besides none.
	AsOf []period.Period
}

// Compare fails the test where the two reviews differ, and reports how
// many facts and verdicts it compared.
func Compare(t testing.TB, want, got *review.Review, s Scope) (facts, verdicts int) {
	t.Helper()
	units := s.Units
	if units == nil {
		units = want.Units()
	}
	same := func(what string, a, b any) bool {
		t.Helper()
		ja, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		jb, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s differs:\n%s\n%s", what, clip(ja), clip(jb))
			return false
		}
		return true
	}
	periods := s.Periods
	if periods == nil {
		seen := map[period.Period]bool{}
		for _, u := range units {
			for _, k := range want.SeriesKeys(u.ID) {
				for _, o := range want.Series(u.ID, k.Indicator, k.Dims) {
					seen[o.Period] = true
				}
			}
		}
		for p := range seen {
			periods = append(periods, p)
		}
		slices.SortFunc(periods, func(a, b period.Period) int { return a.Compare(b) })
	}
	// Series first, then facts: the lazy review reads its figures in
	// whatever order it is asked.
	bad := 0
	for _, u := range units {
		if !same(fmt.Sprintf("series of %s", u.Ref()), want.SeriesKeys(u.ID), got.SeriesKeys(u.ID)) {
			bad++
			continue
		}
		for _, k := range want.SeriesKeys(u.ID) {
			same(fmt.Sprintf("points of %s %s %s", u.Ref(), k.Indicator, k.Dims), want.Points(u.ID, k.Indicator, k.Dims), got.Points(u.ID, k.Indicator, k.Dims))
		}
		same(fmt.Sprintf("latest year of %s", u.Ref()), want.LatestYear(u.ID), got.LatestYear(u.ID))
		if bad > 10 {
			t.Fatal("too many differences")
		}
	}
	for _, p := range periods {
		for _, u := range units {
			fw, ew := want.Facts(u.Ref(), p)
			fg, eg := got.Facts(u.Ref(), p)
			if !same(fmt.Sprintf("facts of %s at %s", u.Ref(), p), fw, fg) || !same(fmt.Sprintf("error of the facts of %s at %s", u.Ref(), p), errText(ew), errText(eg)) {
				if bad++; bad > 10 {
					t.Fatal("too many differences")
				}
			}
			facts += len(fw)
		}
	}
	for _, asOf := range append([]period.Period{{}}, s.AsOf...) {
		aw, ew := want.Assess(review.Filter{AsOf: asOf})
		ag, eg := got.Assess(review.Filter{AsOf: asOf})
		same(fmt.Sprintf("assessments as of %s", asOf), aw, ag)
		same(fmt.Sprintf("error of the assessments as of %s", asOf), errText(ew), errText(eg))
		verdicts += len(aw)
	}
	if err := got.Err(); err != nil {
		t.Errorf("the review met a store error: %v", err)
	}
	return facts, verdicts
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func clip(b []byte) []byte {
	if len(b) > 3000 {
		return append(b[:3000:3000], "..."...)
	}
	return b
}
