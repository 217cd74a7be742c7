package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"planwatch"
)

// retried is a store whose Update runs fn twice, as a store does when its
// database aborts the first attempt (PostgreSQL's serialization failures
// and deadlocks): the first attempt runs to its end and is rolled back.
type retried struct {
	planwatch.Store
	runs int
}

var errAborted = errors.New("aborted by the database")

func (s *retried) Update(ctx context.Context, fn func(planwatch.Tx) error) error {
	s.runs++
	err := s.Store.Update(ctx, func(tx planwatch.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errAborted
	})
	if !errors.Is(err, errAborted) {
		return err
	}
	s.runs++
	return s.Store.Update(ctx, fn)
}

// testApplyRunTwice checks that Apply may be run again by the store
// (store.go: fn may run more than once): records are written once and
// counted once; a batch that streams its figures, which cannot be read
// twice, fails with nothing written.
func testApplyRunTwice(t *testing.T, s planwatch.Store) {
	r := &retried{Store: s}
	b := base()
	b.Observations = []planwatch.ObservationRecord{obs("27", "POP", "", "2024", 1500), obs("24", "POP", "", "2025", 3619)}
	sum, err := planwatch.Apply(ctx, r, b, planwatch.ApplyOptions{RecordedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if r.runs != 2 || sum.Get("units").Added != 4 || sum.Get("indicators").Added != 2 || sum.Get("observations").Added != 2 {
		t.Errorf("%d runs, summary %+v", r.runs, sum)
	}
	units, _ := s.Units(ctx)
	all, _ := s.Observations(ctx, planwatch.ObservationFilter{})
	if len(units) != 4 || len(all) != 2 || all[0].Version != 1 || all[1].Version != 1 {
		t.Errorf("%d units and figures %+v after a retried import", len(units), all)
	}

	r = &retried{Store: s}
	b = &planwatch.Batch{Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: "25", NameVI: "Phú Thọ", Level: planwatch.LevelProvince}, Parent: "VN"}}}
	b.Streams = []planwatch.ObservationStream{func(emit func(planwatch.ObservationRecord) bool) error {
		emit(obs("25", "POP", "", "2024", 1500))
		return nil
	}}
	_, err = planwatch.Apply(ctx, r, b, planwatch.ApplyOptions{})
	if planwatch.ErrorCode(err) != planwatch.ECONFLICT || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("a retried import of a stream: %v, want a conflict saying nothing was imported", err)
	}
	if units, _ := s.Units(ctx); len(units) != 4 {
		t.Errorf("%d units after a failed import, want 4", len(units))
	}
}
