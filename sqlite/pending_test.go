package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"planwatch"
	"planwatch/internal/held"
	"planwatch/period"
)

// pendingStore is a store with two units and an indicator, and the
// figures to write: for each unit, 24 months given month by month, every
// unit in turn, as files give them, the second unit's months backwards.
func pendingStore(t *testing.T) (*DB, []planwatch.Observation) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := &planwatch.Batch{
		Units: []planwatch.UnitRecord{
			{Unit: planwatch.Unit{Code: "U1", NameVI: "u1", NameEN: "u1", Level: planwatch.LevelProvince}},
			{Unit: planwatch.Unit{Code: "U2", NameVI: "u2", NameEN: "u2", Level: planwatch.LevelProvince}},
		},
		Indicators: []planwatch.IndicatorRecord{{Indicator: planwatch.Indicator{Code: "I", NameEN: "i", MeasureUnit: "x",
			Type: planwatch.TypeFlow, Direction: planwatch.DirUp, Aggregation: planwatch.Aggregation{Rule: "sum"}}}},
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx)
	if err != nil || len(units) != 2 {
		t.Fatal(units, err)
	}
	var obs []planwatch.Observation
	for m := 0; m < 24; m++ {
		for i, u := range units {
			month := m
			if i == 1 {
				month = 23 - m
			}
			status, note := "A", ""
			if m%5 == 0 {
				status, note = "P", fmt.Sprintf("note %d", m)
			}
			obs = append(obs, planwatch.Observation{Unit: u.ID, Indicator: "I", Period: period.MustParse(fmt.Sprintf("%d-%02d", 2024+month/12, month%12+1)),
				Value: float64(100*i + month), Status: status, Source: fmt.Sprintf("src %d", m%3), Note: note})
		}
	}
	return db, obs
}

// TestPendingFiguresRead writes the figures of fresh series held for a
// sorted insert, a few at a time so that they are inserted in parts, and
// reads them back in the transaction (which inserts what is held first)
// and after it.
func TestPendingFiguresRead(t *testing.T) {
	defer func(n int) { held.Max = n }(held.Max)
	held.Max = 7
	ctx := context.Background()
	db, obs := pendingStore(t)
	key := func(o planwatch.Observation) string {
		return fmt.Sprint(o.Unit, o.Indicator, o.Period, o.Value, o.Status, o.Source, o.Note, o.Version)
	}
	var want []string
	for _, o := range obs {
		o.Version = 1
		want = append(want, key(o))
	}
	slices.Sort(want)
	read := func(r planwatch.Reader) []string {
		got, err := r.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"I"}})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, o := range got {
			keys = append(keys, key(o))
		}
		slices.Sort(keys)
		return keys
	}
	err := db.Update(ctx, func(tx planwatch.Tx) error {
		for start := 0; start < len(obs); start += 10 {
			c, err := tx.PutObservations(ctx, obs[start:min(start+10, len(obs))])
			if err != nil {
				return err
			}
			if c.Added != min(10, len(obs)-start) {
				t.Errorf("added %d of %d", c.Added, min(10, len(obs)-start))
			}
			if start == 20 {
				if got := read(tx); len(got) != 30 {
					t.Errorf("the transaction reads %d figures after writing 30", len(got))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(db); !slices.Equal(got, want) {
		t.Errorf("read back:\n%q\nwant\n%q", got, want)
	}
	// The rows are in key order, and a second import finds them current.
	c, err := planwatch.Apply(ctx, db, &planwatch.Batch{Observations: records(t, db, obs)}, planwatch.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Get("observations"); got.Unchanged != len(obs) || got.Added+got.Changed != 0 {
		t.Errorf("the same figures again: %+v", got)
	}
}

// records are the figures as a file gives them.
func records(t *testing.T, db *DB, obs []planwatch.Observation) []planwatch.ObservationRecord {
	units, err := db.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	code := map[int64]string{}
	for _, u := range units {
		code[u.ID] = u.Code
	}
	var rs []planwatch.ObservationRecord
	for i, o := range obs {
		rs = append(rs, planwatch.ObservationRecord{Pos: planwatch.Pos{File: "f.csv", Line: i + 2}, Unit: code[o.Unit], Observation: o})
	}
	return rs
}

// TestPendingConflictRollsBack gives a figure twice in one transaction,
// the second time after the first was held: the insert before the commit
// fails, and nothing of the transaction is stored.
func TestPendingConflictRollsBack(t *testing.T) {
	ctx := context.Background()
	db, obs := pendingStore(t)
	err := db.Update(ctx, func(tx planwatch.Tx) error {
		if _, err := tx.PutObservations(ctx, obs); err != nil {
			return err
		}
		_, err := tx.PutObservations(ctx, obs[3:4])
		return err
	})
	if planwatch.ErrorCode(err) != planwatch.ECONFLICT {
		t.Fatalf("error %v, want a conflict", err)
	}
	got, err := db.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"I"}})
	if err != nil || len(got) != 0 {
		t.Errorf("stored after a failed transaction: %d figures, %v", len(got), err)
	}
}
