package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"planwatch"
	"planwatch/period"
)

// grdp reads the current GRDP figures of the filter as "period=value
// state vN" parts.
func grdp(t *testing.T, s planwatch.Store, f planwatch.ObservationFilter) string {
	t.Helper()
	f.Indicators = []string{"GRDP"}
	got, err := s.Observations(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, o := range got {
		parts = append(parts, fmt.Sprintf("%s=%g %s v%d", o.Period, o.Value, o.Approval, o.Version))
	}
	return strings.Join(parts, ", ")
}

func unitID(t *testing.T, s planwatch.Store, ref string) int64 {
	t.Helper()
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, err := planwatch.NewUnitIndex(units).Resolve(ref, planwatch.Span{})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func decide(t *testing.T, s planwatch.Store, as string, refs []planwatch.FigureRef, d planwatch.Decision) ([]planwatch.Approval, error) {
	t.Helper()
	var got []planwatch.Approval
	err := s.Update(planwatch.WithActor(ctx, planwatch.Actor{User: as, Via: "test"}), func(tx planwatch.Tx) error {
		var err error
		got, err = tx.Decide(ctx, refs, d)
		return err
	})
	return got, err
}

// testApproval: figures are drafts until approved; an approved read keeps
// the latest approved version of each; a return is a decision with its
// comment; an approved import approves what it writes and what it finds
// equal; approving never changes a figure.
func testApproval(t *testing.T, s planwatch.Store) {
	b := base()
	b.Observations = []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2024", 100), obs("27", "GRDP", "price=current", "2025", 110)}
	mustApply(t, s, b)
	if got := grdp(t, s, planwatch.ObservationFilter{}); got != "2024=100 draft v1, 2025=110 draft v1" {
		t.Errorf("after a plain import: %q", got)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{Approved: true}); got != "" {
		t.Errorf("approved only, before approval: %q", got)
	}
	u27 := unitID(t, s, "27")
	key := planwatch.SeriesKey{Unit: u27, Indicator: "GRDP", Dims: "price=current"}
	fig := func(per string, v int) planwatch.FigureRef {
		return planwatch.FigureRef{Key: key, Period: period.MustParse(per), Version: v}
	}
	got, err := decide(t, s, "lan", []planwatch.FigureRef{fig("2024", 0)}, planwatch.Decision{State: planwatch.Approved})
	if err != nil || len(got) != 1 || got[0].Version != 1 || got[0].By != "lan" || got[0].UnitCode != "27" || got[0].At.IsZero() {
		t.Fatalf("approve 2024: %+v %v", got, err)
	}
	// Approving again records nothing.
	if got, err := decide(t, s, "lan", []planwatch.FigureRef{fig("2024", 1)}, planwatch.Decision{State: planwatch.Approved}); err != nil || len(got) != 0 {
		t.Errorf("approve twice: %+v %v", got, err)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{Approved: true}); got != "2024=100 approved v1" {
		t.Errorf("approved only: %q", got)
	}
	// A correction is a draft: viewers keep the approved version.
	mustApply(t, s, &planwatch.Batch{Observations: []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2024", 101)}})
	if got := grdp(t, s, planwatch.ObservationFilter{}); got != "2024=101 draft v2, 2025=110 draft v1" {
		t.Errorf("after a correction: %q", got)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{Approved: true}); got != "2024=100 approved v1" {
		t.Errorf("approved only, after a correction: %q", got)
	}
	// Returned, with a comment; a return needs one.
	if _, err := decide(t, s, "lan", []planwatch.FigureRef{fig("2024", 0)}, planwatch.Decision{State: planwatch.Returned}); planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("return without a comment: %v", err)
	}
	if _, err := decide(t, s, "lan", []planwatch.FigureRef{fig("2024", 0)}, planwatch.Decision{State: planwatch.Returned, Comment: "Số liệu sơ bộ, chờ niên giám"}); err != nil {
		t.Fatal(err)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{}); got != "2024=101 returned v2, 2025=110 draft v1" {
		t.Errorf("after a return: %q", got)
	}
	hist, err := s.History(ctx, key, "2024")
	if err != nil || len(hist) != 2 || hist[0].Approval != planwatch.Approved || hist[1].Approval != planwatch.Returned || hist[0].Value != 100 || hist[1].Value != 101 {
		t.Errorf("history: %+v %v", hist, err)
	}
	aps, err := s.Approvals(ctx, key, "2024")
	if err != nil || len(aps) != 2 || aps[0].Version != 1 || aps[0].State != planwatch.Approved || aps[1].Version != 2 || aps[1].State != planwatch.Returned ||
		aps[1].Comment != "Số liệu sơ bộ, chờ niên giám" || aps[1].By != "lan" || aps[1].Via != "test" || aps[1].Period.String() != "2024" {
		t.Errorf("approvals: %+v %v", aps, err)
	}
	// What is not stored is not found.
	if _, err := decide(t, s, "lan", []planwatch.FigureRef{fig("2019", 0)}, planwatch.Decision{State: planwatch.Approved}); planwatch.ErrorCode(err) != planwatch.ENOTFOUND {
		t.Errorf("approve a figure not stored: %v", err)
	}
	if _, err := decide(t, s, "lan", []planwatch.FigureRef{fig("2024", 7)}, planwatch.Decision{State: planwatch.Approved}); planwatch.ErrorCode(err) != planwatch.ENOTFOUND {
		t.Errorf("approve a version not stored: %v", err)
	}
	// An import of figures approved elsewhere: 2025 equal to the draft
	// approves it, 2023 is new and approved, and nothing is a new version.
	ab := &planwatch.Batch{Observations: []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2025", 110), obs("27", "GRDP", "price=current", "2023", 90)}}
	sum, err := planwatch.Apply(ctx, s, ab, planwatch.ApplyOptions{RecordedBy: "admin", Approved: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Get("observations"); c.Added != 1 || c.Unchanged != 1 || c.Changed != 0 {
		t.Errorf("approved import: %+v", c)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{Approved: true}); got != "2023=90 approved v1, 2024=100 approved v1, 2025=110 approved v1" {
		t.Errorf("approved only, after an approved import: %q", got)
	}
	// Approving a version below the current approves it, not the current.
	if _, err := decide(t, s, "lan", []planwatch.FigureRef{fig("2024", 2)}, planwatch.Decision{State: planwatch.Approved}); err != nil {
		t.Fatal(err)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{Approved: true, Period: period.MustParse("2024"), Exact: true}); got != "2024=101 approved v2" {
		t.Errorf("approved only, after approving v2: %q", got)
	}
	// The other filters and a selection of units agree.
	if got := grdp(t, s, planwatch.ObservationFilter{Approved: true, Units: []int64{u27}}); got != "2023=90 approved v1, 2024=101 approved v2, 2025=110 approved v1" {
		t.Errorf("approved only, unit 27: %q", got)
	}
}

// testApprovalKnownOn: a decision counts in a read known on a date only
// when it was recorded by then.
func testApprovalKnownOn(t *testing.T, s planwatch.Store) {
	c, ok := s.(clocked)
	if !ok {
		t.Skip("the store cannot set the clock that stamps its versions")
	}
	t1 := time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC)
	t2 := time.Date(2026, 1, 20, 8, 0, 0, 0, time.UTC)
	c.SetClock(func() time.Time { return t1 })
	b := base()
	b.Observations = []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2025", 110)}
	mustApply(t, s, b)
	c.SetClock(func() time.Time { return t2 })
	key := planwatch.SeriesKey{Unit: unitID(t, s, "27"), Indicator: "GRDP", Dims: "price=current"}
	if _, err := decide(t, s, "lan", []planwatch.FigureRef{{Key: key, Period: period.MustParse("2025")}}, planwatch.Decision{State: planwatch.Approved}); err != nil {
		t.Fatal(err)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{Approved: true, KnownOn: t1.Add(time.Hour)}); got != "" {
		t.Errorf("approved, known before the approval: %q", got)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{KnownOn: t1.Add(time.Hour)}); got != "2025=110 draft v1" {
		t.Errorf("known before the approval: %q", got)
	}
	if got := grdp(t, s, planwatch.ObservationFilter{Approved: true, KnownOn: t2}); got != "2025=110 approved v1" {
		t.Errorf("approved, known on the approval: %q", got)
	}
}

// testOptimistic: two writers read version 1 of a figure and each write
// over it at once; one succeeds, the other is told with both values, and
// nothing is lost.
func testOptimistic(t *testing.T, s planwatch.Store) {
	b := base()
	b.Observations = []planwatch.ObservationRecord{obs("27", "GRDP", "price=current", "2025", 110)}
	mustApply(t, s, b)
	key := planwatch.SeriesKey{Unit: unitID(t, s, "27"), Indicator: "GRDP", Dims: "price=current"}
	over := func(v float64, version int, by string) error {
		r := obs("27", "GRDP", "price=current", "2025", v)
		r.Observation.Version = version
		_, err := planwatch.Apply(ctx, s, &planwatch.Batch{Observations: []planwatch.ObservationRecord{r}}, planwatch.ApplyOptions{RecordedBy: by, Optimistic: true})
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, v := range []float64{111, 112} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = over(v, 1, fmt.Sprintf("writer%d", i))
		}()
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		if err == nil {
			if won >= 0 {
				t.Fatalf("both writers wrote over version 1")
			}
			won = i
		}
	}
	if won < 0 {
		t.Fatalf("neither writer wrote: %v; %v", errs[0], errs[1])
	}
	lost := errs[1-won]
	var ce *planwatch.ConflictError
	if !errors.As(lost, &ce) || planwatch.ErrorCode(lost) != planwatch.ECONFLICT {
		t.Fatalf("the other writer got %v, want a conflict", lost)
	}
	wantYours, wantCur := []float64{111, 112}[1-won], []float64{111, 112}[won]
	if ce.Over != 1 || ce.Yours.Value != wantYours || ce.Current.Value != wantCur || ce.Current.Version != 2 || ce.Current.RecordedBy != fmt.Sprintf("writer%d", won) {
		t.Errorf("conflict: over %d, yours %g, current %g v%d by %s", ce.Over, ce.Yours.Value, ce.Current.Value, ce.Current.Version, ce.Current.RecordedBy)
	}
	if msg := lost.Error(); !strings.Contains(msg, fmt.Sprint(wantYours)) || !strings.Contains(msg, fmt.Sprint(wantCur)) {
		t.Errorf("the message does not give both values: %s", msg)
	}
	hist, err := s.History(ctx, key, "2025")
	if err != nil || len(hist) != 2 || hist[0].Value != 110 || hist[1].Value != wantCur {
		t.Fatalf("history: %+v %v", hist, err)
	}
	// Told, the writer writes over version 2.
	if err := over(wantYours, 2, "again"); err != nil {
		t.Fatal(err)
	}
	// Writing where the writer saw no figure, when there is one, conflicts.
	if err := over(120, 0, "late"); planwatch.ErrorCode(err) != planwatch.ECONFLICT {
		t.Errorf("write over nothing: %v", err)
	}
	// The same figure as the current one over an older version loses
	// nothing: it passes.
	if err := over(wantYours, 1, "same"); err != nil {
		t.Errorf("same figure over an older version: %v", err)
	}
	if hist, _ = s.History(ctx, key, "2025"); len(hist) != 3 || hist[2].Value != wantYours {
		t.Errorf("history at the end: %+v", hist)
	}
}
