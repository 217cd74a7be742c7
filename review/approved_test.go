package review_test

import (
	"context"
	"slices"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
	"planwatch/storetest"
)

// A review loaded approved-only reads the latest approved version of each
// figure; one with drafts says which drafts its facts and verdicts used.
func TestApprovedOnly(t *testing.T) {
	ctx := context.Background()
	s := storetest.NewMemory()
	b := baseWorld()
	v := 130000.0
	b.Targets = []planwatch.TargetRecord{{Unit: "A", Target: planwatch.Target{Plan: "P", Indicator: "GRDP", Dims: "price=current", Period: period.MustParse("2025"), Kind: planwatch.AtLeast, Value: &v}}}
	b.Observations = []planwatch.ObservationRecord{o("A", "GRDP", "price=current", "2023", 100000), o("A", "GRDP", "price=current", "2024", 110000)}
	if _, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	// Drafts: a correction of 2024 and a first 2025.
	drafts := &planwatch.Batch{Observations: []planwatch.ObservationRecord{o("A", "GRDP", "price=current", "2024", 111000), o("A", "GRDP", "price=current", "2025", 125000)}}
	if _, err := planwatch.Apply(ctx, s, drafts, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, open := range []func(context.Context, planwatch.Reader, ...review.LoadOptions) (*review.Review, error){review.Load, review.Open} {
		pub, err := open(ctx, s, review.LoadOptions{Approved: true})
		if err != nil {
			t.Fatal(err)
		}
		all, err := open(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		p24, p25 := period.MustParse("2024"), period.MustParse("2025")
		if v, _, err := pub.Value("A", "GRDP", "price=current", p24); err != nil || v != 110000 {
			t.Errorf("approved 2024: %v %v", v, err)
		}
		if _, _, err := pub.Value("A", "GRDP", "price=current", p25); err == nil {
			t.Error("approved only, 2025 (a draft) has a value")
		}
		if v, _, err := all.Value("A", "GRDP", "price=current", p24); err != nil || v != 111000 {
			t.Errorf("with drafts 2024: %v %v", v, err)
		}
		facts, err := all.Facts("A", p25)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(facts, func(f review.Fact) bool { return f.Indicator == "GRDP" && f.Dims == "price=current" })
		if i < 0 || len(facts[i].Drafts) != 2 {
			t.Fatalf("facts of 2025 with drafts: %+v", facts)
		}
		facts, _ = pub.Facts("A", p24)
		for _, f := range facts {
			if len(f.Drafts) > 0 {
				t.Errorf("approved-only fact lists drafts: %+v", f)
			}
		}
		as, err := all.Assess(review.Filter{Plan: "P"})
		if err != nil || len(as) != 1 {
			t.Fatalf("assess: %+v %v", as, err)
		}
		if got := as[0].Drafts; !slices.Equal(got, []string{"GRDP 2024", "GRDP 2025"}) {
			t.Errorf("verdict with drafts lists %v", got)
		}
		as, _ = pub.Assess(review.Filter{Plan: "P"})
		if len(as) != 1 || len(as[0].Drafts) != 0 || as[0].LatestPeriod == nil || *as[0].LatestPeriod != "2024" {
			t.Errorf("approved-only verdict: %+v", as)
		}
	}
}
