// Package storetest is the conformance suite every planwatch store passes:
// the SQLite store and the PostgreSQL store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/period"
)

// Run runs the suite; open returns a new, empty store for each test.
func Run(t *testing.T, open func(t *testing.T) planwatch.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s planwatch.Store)
	}{
		{"UnitsRoundTrip", testUnits},
		{"CodeReusedAcrossTime", testCodeReuse},
		{"ObservationVersions", testVersions},
		{"RollbackWritesNothing", testRollback},
		{"PlansTargetsRoundTrip", testPlansTargets},
		{"ApplyAllOrNothing", testApplyAllOrNothing},
		{"ReimportChangesNothing", testReimport},
		{"LineageAndGroups", testLineageGroups},
		{"ObservationsInAnyOrder", testObservationsAnyOrder},
		{"ApplyRunTwice", testApplyRunTwice},
		{"WithdrawnFigure", testWithdrawn},
		{"SourcesRoundTrip", testSources},
		{"CodesRoundTrip", testCodes},
		{"PlanAndTargetTexts", testPlanTargetTexts},
		{"KnownOn", testKnownOn},
		{"Selections", testSelections},
		{"Approval", testApproval},
		{"ApprovalKnownOn", testApprovalKnownOn},
		{"Optimistic", testOptimistic},
		{"Accounts", testAccounts},
		{"Audit", testAudit},
		{"SignIns", testSignIns},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

var ctx = context.Background()

func f(v float64) *float64 { return &v }

// base is a small world: a nation, three provinces of which two merge.
func base() *planwatch.Batch {
	b := &planwatch.Batch{}
	b.Units = []planwatch.UnitRecord{
		{Unit: planwatch.Unit{Code: "VN", NameVI: "Việt Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation}},
		{Unit: planwatch.Unit{Code: "27", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", Level: planwatch.LevelProvince, ValidFrom: "1997-01-01", ValidTo: "2025-07-01"}, Parent: "VN"},
		{Unit: planwatch.Unit{Code: "24", NameVI: "Bắc Giang", NameEN: "Bac Giang", Level: planwatch.LevelProvince, ValidFrom: "1997-01-01", ValidTo: "2025-07-01"}, Parent: "VN"},
		// Listed before nothing: a child may come before its parent in a file.
		{Unit: planwatch.Unit{Code: "24", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", Level: planwatch.LevelProvince, ValidFrom: "2025-07-01"}, Parent: "VN"},
	}
	b.Indicators = []planwatch.IndicatorRecord{
		{Indicator: planwatch.Indicator{Code: "POP", NameEN: "Population", MeasureUnit: "thousand persons", Type: planwatch.TypeStock, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirNone}},
		{Indicator: planwatch.Indicator{Code: "GRDP", NameEN: "GRDP", MeasureUnit: "VND bn", Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirUp,
			Dimensions: []planwatch.Dimension{{Name: "price", Values: []string{"current", "constant2010"}}}}},
	}
	return b
}

func mustApply(t *testing.T, s planwatch.Store, b *planwatch.Batch) planwatch.Summary {
	t.Helper()
	sum, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{RecordedBy: "test"})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return sum
}

func obs(unit, ind, dims, per string, v float64) planwatch.ObservationRecord {
	return planwatch.ObservationRecord{Unit: unit, Observation: planwatch.Observation{Indicator: ind, Dims: planwatch.Dims(dims), Period: period.MustParse(per), Value: v, Status: "A"}}
}

func testUnits(t *testing.T, s planwatch.Store) {
	sum := mustApply(t, s, base())
	if c := sum.Get("units"); c.Added != 4 {
		t.Fatalf("units added %+v, want 4", c)
	}
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 4 {
		t.Fatalf("%d units, want 4", len(units))
	}
	x := planwatch.NewUnitIndex(units)
	vn, err := x.Resolve("VN", planwatch.Span{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Code != "VN" && (u.Parent != vn.ID || u.ParentCode != "VN") {
			t.Errorf("%s parent = %d %q, want VN", u, u.Parent, u.ParentCode)
		}
	}
	old, _ := x.Resolve("27", planwatch.Span{})
	if old.NameVI != "Bắc Ninh" || old.ValidFrom != "1997-01-01" || old.ValidTo != "2025-07-01" || old.Level != planwatch.LevelProvince {
		t.Errorf("27 read back as %+v", old)
	}
}

func testCodeReuse(t *testing.T, s planwatch.Store) {
	b := base()
	b.Observations = []planwatch.ObservationRecord{
		obs("24", "POP", "", "2024", 1922),            // Bac Giang
		obs("24", "POP", "", "2025", 3619),            // the new Bac Ninh
		obs("24@2024-01-01", "POP", "", "2025", 1),    // Bac Giang, named explicitly, in 2025
		obs("27", "POP", "", "2025", 1517),            // the old Bac Ninh, still in 2025
		obs("24@2025-07-01", "POP", "", "2025-Q4", 9), // explicit
	}
	mustApply(t, s, b)
	units, _ := s.Units(ctx)
	x := planwatch.NewUnitIndex(units)
	bg, _ := x.Resolve("24", planwatch.Day("2024-06-30"))
	bn, _ := x.Resolve("24", planwatch.Day("2025-07-01"))
	if bg.NameVI != "Bắc Giang" || bn.NameVI != "Bắc Ninh" || bg.ID == bn.ID {
		t.Fatalf("24 resolves to %v before and %v after", bg, bn)
	}
	got := map[int64]map[string]float64{}
	all, err := s.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"POP"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range all {
		if got[o.Unit] == nil {
			got[o.Unit] = map[string]float64{}
		}
		got[o.Unit][o.Period.String()] = o.Value
	}
	if got[bg.ID]["2024"] != 1922 || got[bg.ID]["2025"] != 1 || got[bn.ID]["2025"] != 3619 || got[bn.ID]["2025-Q4"] != 9 {
		t.Errorf("observations by unit: %v (Bac Giang %d, new Bac Ninh %d)", got, bg.ID, bn.ID)
	}
	// A unit of the same code valid on overlapping days is refused.
	clash := &planwatch.Batch{Units: []planwatch.UnitRecord{{Pos: planwatch.Pos{File: "units.csv", Line: 2},
		Unit: planwatch.Unit{Code: "24", NameVI: "X", Level: planwatch.LevelProvince, ValidFrom: "2020-01-01"}}}}
	if _, err := planwatch.Apply(ctx, s, clash, planwatch.ApplyOptions{}); err == nil {
		t.Error("a second unit 24 valid in 2020 was accepted")
	}
}

func testVersions(t *testing.T, s planwatch.Store) {
	b := base()
	b.Observations = []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2025", 100)}
	b.Observations[0].Observation.Status = "E"
	b.Observations[0].Observation.Source = "December estimate"
	if c := mustApply(t, s, b).Get("observations"); c.Added != 1 {
		t.Fatalf("first write: %+v", c)
	}
	// The same figure again changes nothing.
	if c := mustApply(t, s, b).Get("observations"); c.Unchanged != 1 || c.Added+c.Changed != 0 {
		t.Fatalf("same figure: %+v", c)
	}
	// The official figure of June is a new version.
	b2 := &planwatch.Batch{Observations: []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2025", 101.5)}}
	b2.Observations[0].Observation.Source = "Statistical yearbook"
	if c := mustApply(t, s, b2).Get("observations"); c.Changed != 1 {
		t.Fatalf("revision: %+v", c)
	}
	cur, err := s.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"GRDP"}})
	if err != nil || len(cur) != 1 {
		t.Fatalf("current: %v %v", cur, err)
	}
	if cur[0].Value != 101.5 || cur[0].Status != "A" || cur[0].Version != 2 || cur[0].RecordedBy != "test" || cur[0].RecordedAt.IsZero() {
		t.Errorf("current = %+v", cur[0])
	}
	hist, err := s.History(ctx, cur[0].Key(), "2025")
	if err != nil || len(hist) != 2 {
		t.Fatalf("history: %v %v", hist, err)
	}
	if hist[0].Value != 100 || hist[0].Status != "E" || hist[0].Source != "December estimate" || hist[0].Version != 1 || hist[1].Value != 101.5 {
		t.Errorf("history = %+v", hist)
	}
	// Going back to the first figure is a third version, not an undo.
	if c := mustApply(t, s, b).Get("observations"); c.Changed != 1 {
		t.Fatalf("back to estimate: %+v", c)
	}
	if hist, _ = s.History(ctx, cur[0].Key(), "2025"); len(hist) != 3 {
		t.Errorf("%d versions after three different figures", len(hist))
	}
}

func testRollback(t *testing.T, s planwatch.Store) {
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx planwatch.Tx) error {
		u := planwatch.Unit{Code: "VN", NameVI: "Việt Nam", Level: planwatch.LevelNation}
		if _, err := tx.PutUnit(ctx, &u); err != nil {
			return err
		}
		if u.ID == 0 {
			t.Error("PutUnit did not set the ID")
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v", err)
	}
	if units, _ := s.Units(ctx); len(units) != 0 {
		t.Errorf("rolled-back unit is stored: %v", units)
	}
}

func testPlansTargets(t *testing.T, s planwatch.Store) {
	b := base()
	b.Plans = []planwatch.PlanRecord{
		{Plan: planwatch.Plan{Code: "NQ20", Kind: "resolution", TitleEN: "Congress resolution", Horizon: period.MustParse("2021/2025"), Parent: "NQ54"}, Unit: "27"},
		{Plan: planwatch.Plan{Code: "NQ54", Kind: "resolution", TitleEN: "Resolution 54", Horizon: period.MustParse("2006/2010"), Issued: "2005-09-14"}, Unit: "VN"},
	}
	b.Targets = []planwatch.TargetRecord{
		{Unit: "27", Target: planwatch.Target{Plan: "NQ20", Indicator: "GRDP", Dims: "price=constant2010", Period: period.MustParse("2021/2025"), Kind: planwatch.AvgGrowth, Low: f(7), High: f(8), Wording: "7-8 %/year",
			BaselinePeriod: period.MustParse("2020"), BaselineValue: f(100), Milestones: []planwatch.Milestone{{Period: period.MustParse("2023"), Value: 120}}}},
		{Unit: "27", Target: planwatch.Target{Plan: "NQ20", Indicator: "POP", Period: period.MustParse("2025"), Kind: planwatch.AtMost, Value: f(1600)}},
	}
	if sum := mustApply(t, s, b); sum.Get("plans").Added != 2 || sum.Get("targets").Added != 2 {
		t.Fatalf("summary %+v", sum)
	}
	plans, _ := s.Plans(ctx)
	if len(plans) != 2 || plans[1].Code != "NQ54" || plans[1].Issued != "2005-09-14" || plans[0].Parent != "NQ54" || plans[0].UnitCode != "27" {
		t.Errorf("plans = %+v", plans)
	}
	ts, err := s.Targets(ctx, planwatch.TargetFilter{Plan: "NQ20"})
	if err != nil || len(ts) != 2 {
		t.Fatalf("targets %v %v", ts, err)
	}
	g := ts[0]
	if g.Indicator != "GRDP" || *g.Low != 7 || *g.High != 8 || g.Value != nil || g.Wording != "7-8 %/year" || g.BaselinePeriod.String() != "2020" ||
		*g.BaselineValue != 100 || len(g.Milestones) != 1 || g.Milestones[0].Value != 120 || g.Period.String() != "2021/2025" {
		t.Errorf("target read back as %+v", g)
	}
	// Changing a value is a change, not a new target, and the old value
	// stays in the change log.
	b.Targets[1].Target.Value = f(1500)
	b.Units[1].Unit.NameEN = "Bac Ninh (old)"
	if c := mustApply(t, s, b).Get("targets"); c.Changed != 1 || c.Unchanged != 1 {
		t.Errorf("changed target: %+v", c)
	}
	log, err := s.ChangeLog(ctx)
	if err != nil || len(log) != 2 {
		t.Fatalf("change log %+v, %v", log, err)
	}
	if log[0].Kind != "units" || log[0].Key != "27@1997-01-01" || !strings.Contains(log[0].Old, `"name_en":"Bac Ninh"`) || log[0].At.IsZero() {
		t.Errorf("unit change logged as %+v", log[0])
	}
	if log[1].Kind != "targets" || !strings.Contains(log[1].Old, `"value":1600`) {
		t.Errorf("target change logged as %+v", log[1])
	}
}

func testApplyAllOrNothing(t *testing.T, s planwatch.Store) {
	b := base()
	b.Observations = []planwatch.ObservationRecord{
		obs("27", "POP", "", "2024", 1500),
		obs("99", "POP", "", "2024", 1), // no such unit
		obs("27", "NOPE", "", "2024", 1),
		obs("27", "GRDP", "price=fixed", "2024", 1),
	}
	for i := range b.Observations {
		b.Observations[i].Pos = planwatch.Pos{File: "observations.csv", Line: i + 2}
	}
	_, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{})
	var list planwatch.ErrorList
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("Apply error = %v, want three problems", err)
	}
	want := []string{
		`observations.csv line 3, column unit: no unit has code "99"`,
		`observations.csv line 4, column indicator: "NOPE" is not a known indicator`,
		`observations.csv line 5, column dims: price=fixed: indicator GRDP declares price only as current | constant2010`,
	}
	for i, w := range want {
		if list[i].Error() != w {
			t.Errorf("error %d = %q\nwant      %q", i, list[i], w)
		}
	}
	if units, _ := s.Units(ctx); len(units) != 0 {
		t.Errorf("a failed import left %d units", len(units))
	}
	// A dry run counts but writes nothing.
	b.Observations = b.Observations[:1]
	sum, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{DryRun: true})
	if err != nil || sum.Get("observations").Added != 1 {
		t.Fatalf("dry run: %v %+v", err, sum)
	}
	if units, _ := s.Units(ctx); len(units) != 0 {
		t.Errorf("a dry run left %d units", len(units))
	}
}

func testReimport(t *testing.T, s planwatch.Store) {
	b := base()
	b.Observations = []planwatch.ObservationRecord{obs("27", "POP", "", "2024", 1500)}
	mustApply(t, s, b)
	sum := mustApply(t, s, b)
	for _, c := range sum {
		if c.Added != 0 || c.Changed != 0 {
			t.Errorf("re-import changed %s: %+v", c.Kind, c)
		}
	}
	if sum.Get("units").Unchanged != 4 || sum.Get("observations").Unchanged != 1 {
		t.Errorf("re-import summary %+v", sum)
	}
}

func testLineageGroups(t *testing.T, s planwatch.Store) {
	b := base()
	b.Lineage = []planwatch.LineageRecord{
		{Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventMerge}, From: "27", To: "24"},
		{Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventMerge}, From: "24", To: "24"},
	}
	b.Groups = []planwatch.GroupRecord{
		{Member: planwatch.GroupMember{Group: "RRD", NameEN: "Red River Delta", ValidTo: "2025-07-01"}, Unit: "27"},
		{Member: planwatch.GroupMember{Group: "RRD", NameEN: "Red River Delta", ValidFrom: "2025-07-01"}, Unit: "24"},
	}
	mustApply(t, s, b)
	units, _ := s.Units(ctx)
	x := planwatch.NewUnitIndex(units)
	bg, _ := x.Resolve("24", planwatch.Day("2025-06-30"))
	bn, _ := x.Resolve("24", planwatch.Day("2025-07-01"))
	old, _ := x.Resolve("27", planwatch.Span{})
	ev, err := s.Lineage(ctx)
	if err != nil || len(ev) != 2 {
		t.Fatalf("lineage %v %v", ev, err)
	}
	froms := map[int64]bool{ev[0].From: true, ev[1].From: true}
	if !froms[bg.ID] || !froms[old.ID] || ev[0].To != bn.ID || ev[1].To != bn.ID {
		t.Errorf("lineage = %+v; Bac Giang %d, old Bac Ninh %d, new %d", ev, bg.ID, old.ID, bn.ID)
	}
	ms, _ := s.GroupMembers(ctx)
	if len(ms) != 2 || ms[0].Unit != old.ID || ms[1].Unit != bn.ID {
		t.Errorf("group members %+v", ms)
	}
	// Shares of one unit may not add to more than 1.
	bad := &planwatch.Batch{Lineage: []planwatch.LineageRecord{
		{Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventTransfer, Share: f(0.7)}, From: "27", To: "24"},
		{Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventSplit, Share: f(0.6)}, From: "27", To: "24"},
	}}
	if _, err := planwatch.Apply(ctx, s, bad, planwatch.ApplyOptions{}); err == nil {
		t.Error("shares adding to 1.3 were accepted")
	}
}

// testObservationsAnyOrder writes figures in no particular order, with
// statuses, notes and sources that vary from row to row or stay the same
// over hundreds of rows, periods of three frequencies in one series, more
// figures than one statement holds; through Apply and straight through a
// transaction. Every figure reads back as written.
func testObservationsAnyOrder(t *testing.T, s planwatch.Store) {
	b := base()
	var periods []string
	for y := 1997; y < 2025; y++ {
		periods = append(periods, fmt.Sprint(y), fmt.Sprintf("%d-Q2", y), fmt.Sprintf("%d-07", y), fmt.Sprintf("%d-S1", y))
	}
	b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: "EXPORTS", NameEN: "Exports", MeasureUnit: "USD mn",
		Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirUp}})
	n := 0
	for _, unit := range []string{"27", "24"} {
		for _, s := range []struct{ ind, dims string }{{"GRDP", "price=current"}, {"GRDP", "price=constant2010"}, {"EXPORTS", ""}} {
			for _, p := range periods {
				r := obs(unit, s.ind, s.dims, p, float64(n)+0.25)
				o := &r.Observation
				// Mostly normal figures, a few notes and estimates, sources
				// that change every 200 rows.
				switch {
				case n == 3:
					o.Status = "E"
				case n%50 == 7:
					o.Note = fmt.Sprintf("note %d", n)
				}
				o.Source = fmt.Sprintf("table %d", n/200)
				n++
				b.Observations = append(b.Observations, r)
			}
		}
	}
	// A scrambled but reproducible order.
	for i := range b.Observations {
		j := (i*7919 + 13) % len(b.Observations)
		b.Observations[i], b.Observations[j] = b.Observations[j], b.Observations[i]
	}
	if c := mustApply(t, s, b).Get("observations"); c.Added != n {
		t.Fatalf("added %+v, want %d", c, n)
	}
	check := func(what string, inds []string, recs []planwatch.ObservationRecord) {
		t.Helper()
		got, err := s.Observations(ctx, planwatch.ObservationFilter{Indicators: inds})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(recs) {
			t.Fatalf("%s: %d figures read back, want %d", what, len(got), len(recs))
		}
		units, _ := s.Units(ctx)
		code := map[int64]string{}
		for _, u := range units {
			code[u.ID] = u.Code
		}
		type k struct{ unit, ind, dims, period string }
		byKey := map[k]planwatch.Observation{}
		for _, o := range got {
			byKey[k{code[o.Unit], o.Indicator, string(o.Dims), o.Period.String()}] = o
		}
		for _, r := range recs {
			w := r.Observation
			o, ok := byKey[k{r.Unit, w.Indicator, string(w.Dims), w.Period.String()}]
			if !ok || o.Value != w.Value || o.Status != w.Status || o.Note != w.Note || o.Source != w.Source || o.Version != 1 {
				t.Fatalf("%s: %s %s %s %s read back as %+v (found %v)", what, r.Unit, w.Indicator, w.Dims, w.Period, o, ok)
			}
		}
	}
	check("Apply", []string{"GRDP", "EXPORTS"}, b.Observations)

	// Straight through a transaction, unsorted, as another caller might.
	var direct []planwatch.Observation
	var recs []planwatch.ObservationRecord
	units, _ := s.Units(ctx)
	for _, u := range units {
		if u.Code != "27" {
			continue
		}
		for i, p := range periods {
			r := obs("27", "POP", "", p, float64(len(periods)-i))
			r.Observation.Unit = u.ID
			if i%2 == 1 {
				r.Observation.Status = "F"
			}
			recs = append([]planwatch.ObservationRecord{r}, recs...)
			direct = append([]planwatch.Observation{r.Observation}, direct...)
		}
	}
	err := s.Update(ctx, func(tx planwatch.Tx) error {
		c, err := tx.PutObservations(ctx, direct)
		if err == nil && c.Added != len(direct) {
			err = fmt.Errorf("added %+v, want %d", c, len(direct))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	check("PutObservations", []string{"POP"}, recs)
}

// A version with a missing status (a withdrawal, from an SDMX deletion)
// ends the figure: Observations no longer gives it, History keeps every
// version, and a later figure brings it back.
func testWithdrawn(t *testing.T, s planwatch.Store) {
	b := base()
	b.Observations = []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2024", 100), obs("27", "GRDP", "price=current", "2025", 110)}
	mustApply(t, s, b)
	w := obs("27", "GRDP", "price=current", "2024", 0)
	w.Observation.Status = planwatch.StatusWithdrawn
	w.Observation.Note = "withdrawn"
	if c := mustApply(t, s, &planwatch.Batch{Observations: []planwatch.ObservationRecord{w}}).Get("observations"); c.Changed != 1 {
		t.Fatalf("withdrawal: %+v", c)
	}
	cur, err := s.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"GRDP"}})
	if err != nil || len(cur) != 1 || cur[0].Period.String() != "2025" {
		t.Fatalf("current after the withdrawal: %+v %v", cur, err)
	}
	hist, err := s.History(ctx, cur[0].Key(), "2024")
	if err != nil || len(hist) != 2 || hist[0].Value != 100 || !hist[1].Withdrawn() {
		t.Fatalf("history: %+v %v", hist, err)
	}
	// Withdrawing again changes nothing; a figure comes back as a version.
	if c := mustApply(t, s, &planwatch.Batch{Observations: []planwatch.ObservationRecord{w}}).Get("observations"); c.Unchanged != 1 {
		t.Errorf("second withdrawal: %+v", c)
	}
	mustApply(t, s, &planwatch.Batch{Observations: []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2024", 101)}})
	if cur, _ = s.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"GRDP"}}); len(cur) != 2 || cur[0].Value != 101 || cur[0].Version != 3 {
		t.Errorf("after a new figure: %+v", cur)
	}
}

func testSources(t *testing.T, s planwatch.Store) {
	b := base()
	b.Sources = []planwatch.SourceRecord{
		{Source: planwatch.Source{Code: "GSO-YB-2024", TitleVI: "Niên giám thống kê 2024", TitleEN: "Statistical Yearbook 2024",
			PublisherVI: "Cục Thống kê", PublisherEN: "General Statistics Office", Issued: "2025-06-30", URL: "https://www.gso.gov.vn/nien-giam"}},
		{Source: planwatch.Source{Code: "BBN-2025-12-31", TitleVI: "Báo Bắc Ninh, phỏng vấn ngày 31/12/2025"}},
	}
	b.Observations = []planwatch.ObservationRecord{obs("27", "POP", "", "2024", 1500)}
	b.Observations[0].Observation.Source = "GSO-YB-2024: bảng 12, trang 45"
	if c := mustApply(t, s, b).Get("sources"); c.Added != 2 {
		t.Fatalf("sources added: %+v", c)
	}
	got, err := s.Sources(ctx)
	if err != nil || len(got) != 2 {
		t.Fatalf("sources %+v, %v", got, err)
	}
	// By code: B before G.
	if got[0].Code != "BBN-2025-12-31" || got[0].TitleEN != "" || got[0].URL != "" || got[1] != b.Sources[0].Source {
		t.Errorf("sources read back as %+v", got)
	}
	// The observation's source is free text and stays as written.
	if o, _ := s.Observations(ctx, planwatch.ObservationFilter{}); len(o) != 1 || o[0].Source != "GSO-YB-2024: bảng 12, trang 45" {
		t.Errorf("observation's source read back as %+v", o)
	}
	if c := mustApply(t, s, b).Get("sources"); c.Unchanged != 2 || c.Added+c.Changed != 0 {
		t.Errorf("the same sources again: %+v", c)
	}
	// A corrected title is a change, logged with the old one.
	b.Sources[1].Source.TitleEN = "Bac Ninh Newspaper, interview of 31/12/2025"
	b.Sources[1].Source.URL = "https://baobacninhtv.vn/"
	if c := mustApply(t, s, b).Get("sources"); c.Changed != 1 || c.Unchanged != 1 {
		t.Errorf("a corrected source: %+v", c)
	}
	got, _ = s.Sources(ctx)
	if got[0].TitleEN != "Bac Ninh Newspaper, interview of 31/12/2025" || got[0].URL != "https://baobacninhtv.vn/" {
		t.Errorf("corrected source read back as %+v", got[0])
	}
	log, err := s.ChangeLog(ctx)
	if err != nil || len(log) != 1 || log[0].Kind != "sources" || log[0].Key != "BBN-2025-12-31" || !strings.Contains(log[0].Old, `"title_en":""`) ||
		!strings.Contains(log[0].Old, `"title_vi":"Báo Bắc Ninh, phỏng vấn ngày 31/12/2025"`) {
		t.Errorf("change log %+v, %v", log, err)
	}
	// Two sources of one code in a batch are refused, naming both.
	dup := &planwatch.Batch{Sources: []planwatch.SourceRecord{
		{Pos: planwatch.Pos{File: "sources.csv", Line: 2}, Source: planwatch.Source{Code: "X", TitleVI: "Một"}},
		{Pos: planwatch.Pos{File: "sources.csv", Line: 3}, Source: planwatch.Source{Code: "X", TitleVI: "Hai"}},
	}}
	if _, err := planwatch.Apply(ctx, s, dup, planwatch.ApplyOptions{}); err == nil || err.Error() != "sources.csv line 3, column code: source X is also on sources.csv line 2" {
		t.Errorf("a source given twice: %v", err)
	}
}

func testCodes(t *testing.T, s planwatch.Store) {
	b := base()
	b.Codes = []planwatch.CodeRecord{
		{Code: planwatch.DimensionCode{Dimension: "price", Value: "current", NameVI: "giá hiện hành", NameEN: "current prices"}},
		{Code: planwatch.DimensionCode{Dimension: "price", Value: "constant2010", NameVI: "giá so sánh 2010", NameEN: "constant 2010 prices"}},
		{Code: planwatch.DimensionCode{Dimension: "area", Value: "urban", NameVI: "thành thị"}},
	}
	if c := mustApply(t, s, b).Get("codes"); c.Added != 3 {
		t.Fatalf("codes added: %+v", c)
	}
	got, err := s.Codes(ctx)
	if err != nil || len(got) != 3 {
		t.Fatalf("codes %+v, %v", got, err)
	}
	// By dimension, then value.
	if got[0] != b.Codes[2].Code || got[1] != b.Codes[1].Code || got[2] != b.Codes[0].Code {
		t.Errorf("codes read back as %+v", got)
	}
	if c := mustApply(t, s, b).Get("codes"); c.Unchanged != 3 || c.Added+c.Changed != 0 {
		t.Errorf("the same codes again: %+v", c)
	}
	b.Codes[2].Code.NameEN = "urban"
	if c := mustApply(t, s, b).Get("codes"); c.Changed != 1 || c.Unchanged != 2 {
		t.Errorf("a named code: %+v", c)
	}
	if got, _ = s.Codes(ctx); got[0].NameEN != "urban" {
		t.Errorf("named code read back as %+v", got[0])
	}
	log, err := s.ChangeLog(ctx)
	if err != nil || len(log) != 1 || log[0].Kind != "codes" || log[0].Key != "area=urban" || !strings.Contains(log[0].Old, `"name_en":""`) {
		t.Errorf("change log %+v, %v", log, err)
	}
	dup := &planwatch.Batch{Codes: []planwatch.CodeRecord{
		{Pos: planwatch.Pos{File: "codes.csv", Line: 2}, Code: planwatch.DimensionCode{Dimension: "sex", Value: "f", NameVI: "nữ"}},
		{Pos: planwatch.Pos{File: "codes.csv", Line: 3}, Code: planwatch.DimensionCode{Dimension: "sex", Value: "f", NameVI: "phụ nữ"}},
	}}
	if _, err := planwatch.Apply(ctx, s, dup, planwatch.ApplyOptions{}); err == nil || err.Error() != "codes.csv line 3, column value: sex=f is also on codes.csv line 2" {
		t.Errorf("a code given twice: %v", err)
	}
}

// testPlanTargetTexts: a plan's issuer and vision in both languages, and a
// target's wording with its language and translation, read back as
// written; a wording whose language is not given is Vietnamese.
func testPlanTargetTexts(t *testing.T, s planwatch.Store) {
	b := base()
	b.Plans = []planwatch.PlanRecord{{Plan: planwatch.Plan{Code: "NQ20", Kind: "resolution", TitleVI: "Nghị quyết Đại hội XX", TitleEN: "Resolution of the 20th congress",
		IssuerVI: "Đảng bộ tỉnh Bắc Ninh", IssuerEN: "Bac Ninh Provincial Party Committee", Horizon: period.MustParse("2021/2025"),
		VisionVI: "Đến năm 2030, thành phố trực thuộc Trung ương", VisionEN: "By 2030, a centrally governed city"}, Unit: "27"}}
	b.Targets = []planwatch.TargetRecord{
		{Unit: "27", Target: planwatch.Target{Plan: "NQ20", Indicator: "GRDP", Dims: "price=constant2010", Period: period.MustParse("2021/2025"), Kind: planwatch.AvgGrowth, Low: f(7), High: f(8),
			Wording: "average growth of 7-8%/year", WordingLang: "en", WordingTranslation: "tốc độ tăng trưởng bình quân 7-8%/năm"}},
		{Unit: "27", Target: planwatch.Target{Plan: "NQ20", Indicator: "POP", Period: period.MustParse("2025"), Kind: planwatch.AtMost, Value: f(1600), Wording: "dân số dưới 1,6 triệu người"}},
	}
	mustApply(t, s, b)
	plans, err := s.Plans(ctx)
	if err != nil || len(plans) != 1 {
		t.Fatalf("plans %+v, %v", plans, err)
	}
	p := plans[0]
	if p.IssuerVI != b.Plans[0].Plan.IssuerVI || p.IssuerEN != b.Plans[0].Plan.IssuerEN || p.VisionVI != b.Plans[0].Plan.VisionVI || p.VisionEN != b.Plans[0].Plan.VisionEN {
		t.Errorf("plan read back as %+v", p)
	}
	ts, err := s.Targets(ctx, planwatch.TargetFilter{})
	if err != nil || len(ts) != 2 {
		t.Fatalf("targets %+v, %v", ts, err)
	}
	if g := ts[0]; g.Wording != "average growth of 7-8%/year" || g.WordingLang != "en" || g.WordingTranslation != "tốc độ tăng trưởng bình quân 7-8%/năm" {
		t.Errorf("target read back as %+v", g)
	}
	if g := ts[1]; g.Wording != "dân số dưới 1,6 triệu người" || g.WordingLang != "vi" || g.WordingTranslation != "" {
		t.Errorf("target without a language read back as %+v", g)
	}
	if c := mustApply(t, s, b); c.Get("plans").Unchanged != 1 || c.Get("targets").Unchanged != 2 {
		t.Errorf("the same plan and targets again: %+v", c)
	}
	// A new translation, and an English vision corrected, are changes.
	b.Targets[0].Target.WordingTranslation = "tăng trưởng GRDP bình quân 7-8%/năm"
	b.Plans[0].Plan.VisionEN = "By 2030, a city under the central government"
	sum := mustApply(t, s, b)
	if c := sum.Get("targets"); c.Changed != 1 || c.Unchanged != 1 {
		t.Errorf("a new translation: %+v", c)
	}
	if c := sum.Get("plans"); c.Changed != 1 {
		t.Errorf("a corrected vision: %+v", c)
	}
	log, err := s.ChangeLog(ctx)
	if err != nil || len(log) != 2 || !strings.Contains(log[0].Old, `"vision_en":"By 2030, a centrally governed city"`) ||
		!strings.Contains(log[1].Old, `"wording_translation":"tốc độ tăng trưởng bình quân 7-8%/năm"`) || !strings.Contains(log[1].Old, `"wording_lang":"en"`) {
		t.Errorf("change log %+v, %v", log, err)
	}
}

// clocked is a store whose clock a test can set, as both stores' can.
type clocked interface {
	SetClock(now func() time.Time)
}

// testKnownOn reads the store as it was on a date: only the versions
// recorded by then count, the latest of them current, a withdrawal only
// once it was recorded.
func testKnownOn(t *testing.T, s planwatch.Store) {
	c, ok := s.(clocked)
	if !ok {
		t.Skip("the store cannot set the clock that stamps its versions")
	}
	t1 := time.Date(2025, 12, 31, 10, 0, 0, 0, time.UTC)
	t2 := time.Date(2026, 6, 30, 3, 0, 0, 0, time.UTC)
	t3 := time.Date(2026, 9, 1, 3, 0, 0, 0, time.UTC)
	est := func(per string, v float64) planwatch.ObservationRecord {
		o := obs("27", "GRDP", "price=current", per, v)
		o.Observation.Status = "E"
		return o
	}
	c.SetClock(func() time.Time { return t1 })
	b := base()
	b.Observations = []planwatch.ObservationRecord{est("2024", 100), est("2025", 110), obs("24@2025-07-01", "POP", "", "2025", 1000)}
	mustApply(t, s, b)
	c.SetClock(func() time.Time { return t2 })
	w := obs("27", "GRDP", "price=current", "2024", 0)
	w.Observation.Status = planwatch.StatusWithdrawn
	mustApply(t, s, &planwatch.Batch{Observations: []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2025", 112), w}})
	c.SetClock(func() time.Time { return t3 })
	mustApply(t, s, &planwatch.Batch{Observations: []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2023", 90)}})

	read := func(known time.Time) string {
		t.Helper()
		got, err := s.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"GRDP"}, KnownOn: known})
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, o := range got {
			parts = append(parts, fmt.Sprintf("%s=%g %s v%d", o.Period, o.Value, o.Status, o.Version))
			if !known.IsZero() && o.RecordedAt.After(known) {
				t.Errorf("known on %s: %s was recorded on %s", known, o.Period, o.RecordedAt)
			}
		}
		return strings.Join(parts, ", ")
	}
	for _, c := range []struct {
		known time.Time
		want  string
	}{
		{t1.Add(-time.Second), ""},
		{t1, "2024=100 E v1, 2025=110 E v1"},
		{t1.Add(14 * time.Hour), "2024=100 E v1, 2025=110 E v1"},
		{t2, "2025=112 A v2"},
		{t3.Add(-time.Hour), "2025=112 A v2"},
		{time.Time{}, "2023=90 A v1, 2025=112 A v2"},
	} {
		if got := read(c.known); got != c.want {
			t.Errorf("known on %v: %q, want %q", c.known, got, c.want)
		}
	}
	// The other filters apply as well.
	got, err := s.Observations(ctx, planwatch.ObservationFilter{KnownOn: t1, Period: period.MustParse("2025"), Exact: true})
	if err != nil || len(got) != 2 {
		t.Errorf("known on %s, 2025: %+v %v", t1, got, err)
	}
}
