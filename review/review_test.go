package review_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"planwatch"
	"planwatch/calc"
	"planwatch/period"
	"planwatch/review"
	"planwatch/storetest/teststore"
)

func fp(v float64) *float64 { return &v }

// store is a new store holding b; the test closes it.
// (SQLite, or PostgreSQL under PLANWATCH_TEST_STORE=postgres).
func store(t testing.TB, b *planwatch.Batch) teststore.Store {
	t.Helper()
	ctx := context.Background()
	db := teststore.New(t)
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// world builds a store from records and loads a review of it.
func world(t testing.TB, b *planwatch.Batch) *review.Review {
	t.Helper()
	rv, err := review.Load(context.Background(), store(t, b))
	if err != nil {
		t.Fatal(err)
	}
	return rv
}

func o(unit, ind, dims, per string, v float64) planwatch.ObservationRecord {
	return planwatch.ObservationRecord{Unit: unit, Observation: planwatch.Observation{Indicator: ind, Dims: planwatch.Dims(dims), Period: period.MustParse(per), Value: v, Status: "A"}}
}

func baseWorld() *planwatch.Batch {
	return &planwatch.Batch{
		Units: []planwatch.UnitRecord{
			{Unit: planwatch.Unit{Code: "N", NameVI: "Nation", NameEN: "Nation", Level: planwatch.LevelNation}},
			{Unit: planwatch.Unit{Code: "A", NameVI: "A", NameEN: "A", Level: planwatch.LevelProvince}, Parent: "N"},
			{Unit: planwatch.Unit{Code: "B", NameVI: "B", NameEN: "B", Level: planwatch.LevelProvince}, Parent: "N"},
			{Unit: planwatch.Unit{Code: "C", NameVI: "C", NameEN: "C", Level: planwatch.LevelProvince}, Parent: "N"},
		},
		Indicators: []planwatch.IndicatorRecord{
			{Indicator: planwatch.Indicator{Code: "GRDP", NameEN: "GRDP", MeasureUnit: "VND bn", Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirUp,
				Dimensions: []planwatch.Dimension{{Name: "price", Values: []string{"current", "constant2010"}}}}},
			{Indicator: planwatch.Indicator{Code: "GRDP_GROWTH", NameEN: "growth", MeasureUnit: "%", Type: planwatch.TypeRate, Aggregation: planwatch.Aggregation{Rule: "none"}, Direction: planwatch.DirUp}},
			{Indicator: planwatch.Indicator{Code: "POP", NameEN: "pop", MeasureUnit: "thousand", Type: planwatch.TypeStock, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirNone}},
			{Indicator: planwatch.Indicator{Code: "PC", NameEN: "per capita", MeasureUnit: "VND mn", Type: planwatch.TypeRate, Aggregation: planwatch.Aggregation{Rule: "formula"}, Direction: planwatch.DirUp,
				Formula: "GRDP / POP", Dimensions: []planwatch.Dimension{{Name: "price", Values: []string{"current"}}}}},
			{Indicator: planwatch.Indicator{Code: "POOR", NameEN: "poor", MeasureUnit: "%", Type: planwatch.TypeRate, Aggregation: planwatch.Aggregation{Rule: "mean:POP"}, Direction: planwatch.DirDown}},
			{Indicator: planwatch.Indicator{Code: "EXP", NameEN: "exports", MeasureUnit: "USD mn", Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirUp}},
		},
		Groups: []planwatch.GroupRecord{
			{Member: planwatch.GroupMember{Group: "G", NameEN: "A and B"}, Unit: "A"},
			{Member: planwatch.GroupMember{Group: "G", NameEN: "A and B"}, Unit: "B"},
		},
		Plans: []planwatch.PlanRecord{
			{Plan: planwatch.Plan{Code: "P", Kind: "five_year_plan", TitleEN: "Plan", Horizon: period.MustParse("2021/2025")}, Unit: "A"},
			{Plan: planwatch.Plan{Code: "U", Kind: "five_year_plan", TitleEN: "Plan judged by UNSD", Horizon: period.MustParse("2021/2025"), Assessment: "unsd"}, Unit: "A"},
		},
	}
}

func TestAggregationRules(t *testing.T) {
	b := baseWorld()
	b.Observations = append(b.Observations,
		o("A", "GRDP", "price=current", "2024", 100), o("B", "GRDP", "price=current", "2024", 300), o("C", "GRDP", "price=current", "2024", 600),
		o("A", "POP", "", "2024", 10), o("B", "POP", "", "2024", 20), o("C", "POP", "", "2024", 70),
		o("A", "POOR", "", "2024", 5), o("B", "POOR", "", "2024", 2), o("C", "POOR", "", "2024", 1),
		o("A", "EXP", "", "2024", 10), o("B", "EXP", "", "2024", 20))
	rv := world(t, b)
	p := "2024"
	// Sum: A's GRDP is 10 % of the sum of the provinces.
	if f := fact(t, rv, "A", "GRDP", "price=current", p); round(f.ShareOfParentPct, 6) != 10 || !strings.Contains(strings.Join(f.From["share_of_parent_pct"], "|"), "sum of 3 provinces") {
		t.Errorf("share %v from %v", f.ShareOfParentPct, f.From)
	}
	// Share of a group's total, and rank within it.
	if f := fact(t, rv, "A", "GRDP", "price=current", p); calc.Round(f.ShareOfGroupPct["G"], 6) != 25 || *f.Rank[1].Rank != 2 || f.Rank[1].Of != 2 {
		t.Errorf("group share %v rank %+v", f.ShareOfGroupPct, f.Rank)
	}
	// Formula over aggregated components: per capita of the nation is
	// 1000/100 = 10, never the mean of 10, 15 and 8.57.
	if f := fact(t, rv, "A", "PC", "price=current", p); round(f.Value, 6) != 10 || round(f.RatioToParent, 6) != 1 {
		t.Errorf("per capita %v ratio %v (%v)", f.Value, f.RatioToParent, f.Notes)
	}
	// Weighted mean: poverty of the nation = (5*10 + 2*20 + 1*70) / 100 = 1.6.
	if f := fact(t, rv, "A", "POOR", "", p); round(f.RatioToParent, 6) != round(fp(5/1.6), 6) {
		t.Errorf("poverty ratio %v (%v)", f.RatioToParent, f.Notes)
	}
	// Lower is better: C, with the least poverty, ranks first.
	if f := fact(t, rv, "C", "POOR", "", p); f.Rank[0].Rank == nil || *f.Rank[0].Rank != 1 {
		t.Errorf("poverty rank %+v", f.Rank)
	}
	// A sum over members some of whom lack the figure is not computed.
	f := fact(t, rv, "A", "EXP", "", p)
	if f.ShareOfParentPct != nil || !strings.Contains(strings.Join(f.Notes, "|"), "only 2 of the 3 provinces of Nation have EXP") {
		t.Errorf("partial sum: share %v notes %v", f.ShareOfParentPct, f.Notes)
	}
	if r := f.Rank[0]; *r.Rank != 2 || r.Of != 3 || r.WithData != 2 {
		t.Errorf("rank with missing data %+v", r)
	}
}

func TestYearToDateGrowth(t *testing.T) {
	b := baseWorld()
	b.Observations = append(b.Observations,
		o("A", "EXP", "", "2024-01/2024-09", 50), o("A", "EXP", "", "2025-01/2025-09", 60),
		o("A", "EXP", "", "2025-Q2", 20), o("A", "EXP", "", "2025-Q3", 25), o("A", "EXP", "", "2024-Q3", 20))
	rv := world(t, b)
	if f := fact(t, rv, "A", "EXP", "", "2025-01/2025-09"); round(f.GrowthPct, 6) != 20 || f.PreviousPeriod != "2024-01/2024-09" {
		t.Errorf("nine months: %v against %s", f.GrowthPct, f.PreviousPeriod)
	}
	f := fact(t, rv, "A", "EXP", "", "2025-Q3")
	if round(f.GrowthPct, 6) != 25 || round(f.GrowthPrevPct, 6) != 25 || f.PreviousPeriod != "2024-Q3" {
		t.Errorf("Q3: year on year %v, on Q2 %v", f.GrowthPct, f.GrowthPrevPct)
	}
}

func TestAssessFromTheStore(t *testing.T) {
	b := baseWorld()
	// GRDP at constant prices from 2020, 7.5 %/yr: inside a 7-8 % band.
	v := 1000.0
	for y := 2020; y <= 2023; y++ {
		b.Observations = append(b.Observations, o("A", "GRDP", "price=constant2010", fmt.Sprint(y), math.Round(v*100)/100))
		v *= 1.075
	}
	b.Observations = append(b.Observations,
		o("A", "POOR", "", "2020", 4), o("A", "POOR", "", "2023", 3.5),
		o("A", "GRDP_GROWTH", "", "2024", 7.5))
	b.Targets = []planwatch.TargetRecord{
		{Unit: "A", Target: planwatch.Target{Plan: "P", Indicator: "GRDP", Dims: "price=constant2010", Period: period.MustParse("2021/2025"), Kind: planwatch.AvgGrowth, Low: fp(7), High: fp(8)}},
		{Unit: "A", Target: planwatch.Target{Plan: "P", Indicator: "POOR", Period: period.MustParse("2025"), Kind: planwatch.AtMost, Value: fp(1)}},
		{Unit: "A", Target: planwatch.Target{Plan: "U", Indicator: "POOR", Period: period.MustParse("2025"), Kind: planwatch.AtMost, Value: fp(1)}},
		{Unit: "A", Target: planwatch.Target{Plan: "P", Indicator: "GRDP", Dims: "price=current", Period: period.MustParse("2025"), Kind: planwatch.AtLeast, Value: fp(5000)}},
	}
	rv := world(t, b)
	as, err := rv.Assess(review.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]review.Assessment{}
	for _, a := range as {
		got[a.Plan+" "+a.Indicator+" "+a.Dims] = a
	}
	// 2021-2023 from the levels, 2024 from its published rate: 7.5 %/yr
	// over four years, and the 2023 level grown by 7.5 % twice by 2025.
	g := got["P GRDP price=constant2010"]
	if g.Status != "on_track" || g.RealisedGrowthPct == nil || math.Abs(*g.RealisedGrowthPct-7.5) > 0.01 || *g.LatestPeriod != "2024" || g.RequiredGrowthPct == nil ||
		g.ProjectedValue == nil || math.Abs(*g.ProjectedValue-1242.3*1.075*1.075) > 1 {
		t.Errorf("avg growth: %+v", g)
	}
	// Poverty 4 -> 3.5 in three years against 1 by 2025: far too slow.
	p := got["P POOR "]
	if p.Status != "off_track" || p.Method != "statcan" || p.ProjectedValue == nil || *p.ProjectedValue <= 3 || p.RequiredGrowthPct == nil || *p.RequiredGrowthPct > -40 {
		t.Errorf("poverty: %+v (projected %v, required %v)", p, p.ProjectedValue, p.RequiredGrowthPct)
	}
	// The UN method projects 3.2 for 2025: (3.2 - 4) / (1 - 4) = 0.27 of the
	// way, fair progress, where Statistics Canada's ratio of growth rates
	// says off track.
	if u := got["U POOR "]; u.Method != "unsd" || u.Status != "acceleration_needed" {
		t.Errorf("UNSD poverty: %s %s %s", u.Method, u.Status, u.Reason)
	}
	if c := got["P GRDP price=current"]; c.Status != "not_assessable" || !strings.Contains(c.Reason, "price basis differs") {
		t.Errorf("current prices: %s %s", c.Status, c.Reason)
	}
	// As of 2021 there is one point after the base: the verdict uses it alone.
	early, err := rv.Assess(review.Filter{Plan: "P", AsOf: period.MustParse("2021")})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range early {
		if a.LatestPeriod != nil && *a.LatestPeriod > "2021" {
			t.Errorf("as of 2021, %s used %s", a.Indicator, *a.LatestPeriod)
		}
	}
	if _, err := rv.Assess(review.Filter{Plan: "NOPE"}); err == nil {
		t.Error("an unknown plan was accepted")
	}
}

// A target of a unit formed mid-plan is judged on its rebuilt history.
func TestAssessOnRebuiltSeries(t *testing.T) {
	b := baseWorld()
	b.Units = append(b.Units, planwatch.UnitRecord{Unit: planwatch.Unit{Code: "AB", NameVI: "A and B", NameEN: "A and B", Level: planwatch.LevelProvince, ValidFrom: "2025-07-01"}, Parent: "N"})
	for _, u := range []int{0, 1} {
		b.Units[u+1].Unit.ValidTo = "2025-07-01"
	}
	b.Lineage = []planwatch.LineageRecord{
		{Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventMerge}, From: "A", To: "AB"},
		{Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventMerge}, From: "B", To: "AB"},
	}
	b.Plans = append(b.Plans, planwatch.PlanRecord{Plan: planwatch.Plan{Code: "Q", Kind: "five_year_plan", TitleEN: "Q", Horizon: period.MustParse("2024/2030")}, Unit: "AB"})
	b.Observations = append(b.Observations,
		o("A", "EXP", "", "2023", 40), o("B", "EXP", "", "2023", 60),
		o("A", "EXP", "", "2024", 44), o("B", "EXP", "", "2024", 66),
		o("AB", "EXP", "", "2025", 121))
	b.Targets = []planwatch.TargetRecord{{Unit: "AB", Target: planwatch.Target{Plan: "Q", Indicator: "EXP", Period: period.MustParse("2030"), Kind: planwatch.AtLeast, Value: fp(200)}}}
	rv := world(t, b)
	as, err := rv.Assess(review.Filter{Plan: "Q"})
	if err != nil || len(as) != 1 {
		t.Fatalf("%v %v", as, err)
	}
	// From the base year 2023 (100 and 110 rebuilt, then 121): 10 %/yr
	// against the 10.4 %/yr that doubling by 2030 needs.
	a := as[0]
	if a.Status != "on_track" || a.RealisedGrowthPct == nil || math.Abs(*a.RealisedGrowthPct-10) > 1e-9 || *a.LatestPeriod != "2025" {
		t.Errorf("%s %s realised %v", a.Status, a.Reason, a.RealisedGrowthPct)
	}
}
