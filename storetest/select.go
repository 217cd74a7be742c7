package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"planwatch"
	"planwatch/period"
)

// revisioner is a store that numbers its revisions, as both stores do.
type revisioner interface {
	LatestRevision(ctx context.Context) (int64, error)
}

// testSelections reads figures by unit, indicator, dims, period and set of
// periods, alone and together, with versions, a withdrawal and a bound on the revision:
// each selection gives what the whole store gives filtered by it, in the
// same order; and a bound on the revision gives the figures as they were
// when it was the latest.
func testSelections(t *testing.T, s planwatch.Store) {
	rs, ok := s.(revisioner)
	if !ok {
		t.Skip("the store does not number its revisions")
	}
	b := base()
	for _, u := range []string{"27", "24@2024-01-01"} {
		for y := 2020; y <= 2024; y++ {
			b.Observations = append(b.Observations, obs(u, "GRDP", "price=current", fmt.Sprint(y), float64(y-1900)), obs(u, "GRDP", "price=constant2010", fmt.Sprint(y), float64(y-1950)),
				obs(u, "POP", "", fmt.Sprint(y), 1000+float64(y-2000)))
		}
		b.Observations = append(b.Observations, obs(u, "POP", "", "2024-06", 1010))
	}
	mustApply(t, s, b)
	first, err := rs.LatestRevision(ctx)
	if err != nil || first == 0 {
		t.Fatalf("latest revision: %d %v", first, err)
	}
	w := obs("27", "POP", "", "2021", 0)
	w.Observation.Status = planwatch.StatusWithdrawn
	mustApply(t, s, &planwatch.Batch{Observations: []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2024", 200), w}})
	second, _ := rs.LatestRevision(ctx)
	if second <= first {
		t.Fatalf("revisions %d then %d", first, second)
	}
	units, _ := s.Units(ctx)
	x := planwatch.NewUnitIndex(units)
	u27, _ := x.Resolve("27", planwatch.Span{})
	u24, _ := x.Resolve("24@2024-01-01", planwatch.Span{})
	cur, con := planwatch.Dims("price=current"), planwatch.Dims("")
	for _, rev := range []int64{0, first, second} {
		all, err := s.Observations(ctx, planwatch.ObservationFilter{Revision: rev})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []planwatch.ObservationFilter{
			{Units: []int64{u27.ID}}, {Units: []int64{u24.ID, u27.ID}}, {Indicators: []string{"GRDP"}}, {Indicators: []string{"POP", "GRDP"}},
			{Indicators: []string{"GRDP"}, Dims: &cur}, {Indicators: []string{"POP"}, Dims: &con}, {Units: []int64{u27.ID}, Indicators: []string{"POP"}},
			{Indicators: []string{"POP", "GRDP"}, Period: period.MustParse("2024"), Exact: true}, {Indicators: []string{"POP"}, Period: period.MustParse("2024")},
			{Units: []int64{u24.ID}, Period: period.MustParse("2021/2022")}, {Indicators: []string{"NONE"}},
			// A set of periods, each exact, with units and indicators, alone,
			// and within a span.
			{Units: []int64{u24.ID, u27.ID}, Periods: []period.Period{period.MustParse("2024"), period.MustParse("2023")}},
			{Units: []int64{u27.ID}, Indicators: []string{"POP", "GRDP"}, Periods: []period.Period{period.MustParse("2021"), period.MustParse("2024-06")}},
			{Indicators: []string{"GRDP"}, Dims: &cur, Periods: []period.Period{period.MustParse("2022")}},
			{Periods: []period.Period{period.MustParse("2020"), period.MustParse("2024-06")}},
			{Period: period.MustParse("2020/2022"), Periods: []period.Period{period.MustParse("2022"), period.MustParse("2024")}},
			{Units: []int64{u24.ID}, Periods: []period.Period{period.MustParse("2019")}},
		} {
			f.Revision = rev
			got, err := s.Observations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var want []planwatch.Observation
			for _, o := range all {
				if f.Match(o) {
					want = append(want, o)
				}
			}
			if !slices.EqualFunc(got, want, func(a, b planwatch.Observation) bool {
				return a.Key() == b.Key() && a.Period == b.Period && a.Value == b.Value && a.Version == b.Version && a.Status == b.Status &&
					a.Source == b.Source && a.UnitCode == b.UnitCode && a.RecordedBy == b.RecordedBy && a.RecordedAt.Equal(b.RecordedAt)
			}) {
				t.Errorf("revision %d, %+v: %d figures\n%+v\nwant %d\n%+v", rev, f, len(got), got, len(want), want)
			}
		}
		// As of the first revision, the figures before the correction and
		// the withdrawal; from the second on, after them.
		got, _ := s.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u27.ID}, Indicators: []string{"GRDP", "POP"}, Revision: rev})
		want := map[int64]string{first: "GRDP 2024 124 v1, POP 2021 present", second: "GRDP 2024 200 v2, POP 2021 withdrawn", 0: "GRDP 2024 200 v2, POP 2021 withdrawn"}[rev]
		g, p21 := "", "withdrawn"
		for _, o := range got {
			if o.Indicator == "GRDP" && o.Dims == cur && o.Period.String() == "2024" {
				g = fmt.Sprintf("GRDP 2024 %g v%d", o.Value, o.Version)
			}
			if o.Indicator == "POP" && o.Period.String() == "2021" {
				p21 = "present"
			}
		}
		if g+", POP 2021 "+p21 != want {
			t.Errorf("revision %d: %s, POP 2021 %s; want %s", rev, g, p21, want)
		}
	}
}
