package postgres_test

import (
	"fmt"
	"slices"
	"testing"

	"planwatch"
	"planwatch/internal/held"
	"planwatch/period"
	"planwatch/postgres"
	"planwatch/postgres/pgtest"
)

// TestHeldFiguresCopied writes the figures of fresh series, held to be
// copied in key order, a few at a time so that they are copied in parts:
// the transaction reads them before it ends, and they read back exactly
// after it, notes with tabs, newlines and backslashes, values with every
// digit, given month by month and one series backwards.
func TestHeldFiguresCopied(t *testing.T) {
	defer func(n int) { held.Max = n }(held.Max)
	held.Max = 7
	db, err := postgres.Open(ctx, pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := planwatch.Apply(ctx, db, world(2, 1), planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var obs []planwatch.Observation
	for m := range 24 {
		for i, u := range units {
			month := m
			if i == 1 {
				month = 23 - m
			}
			o := planwatch.Observation{Unit: u.ID, Indicator: "I000", Period: period.MustParse(fmt.Sprintf("%d-%02d", 2024+month/12, month%12+1)),
				Value: float64(100*i+month) + 1.0/3, Status: "A", Source: fmt.Sprintf("src %d", m%3)}
			if m%5 == 0 {
				o.Status, o.Note = "P", fmt.Sprintf("tab\there, line\nthere, back\\slash %d", m)
			}
			obs = append(obs, o)
		}
	}
	key := func(o planwatch.Observation) string {
		return fmt.Sprintf("%d %s %s %v %s %s %q %d", o.Unit, o.Indicator, o.Period, o.Value, o.Status, o.Source, o.Note, o.Version)
	}
	var want []string
	for _, o := range obs {
		o.Version = 1
		want = append(want, key(o))
	}
	slices.Sort(want)
	read := func(r planwatch.Reader) []string {
		got, err := r.Observations(ctx, planwatch.ObservationFilter{Indicators: []string{"I000"}})
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
	err = db.Update(ctx, func(tx planwatch.Tx) error {
		for start := 0; start < len(obs); start += 10 {
			end := min(start+10, len(obs))
			c, err := tx.PutObservations(ctx, obs[start:end])
			if err != nil {
				return err
			}
			if c.Added != end-start {
				t.Errorf("added %d of %d", c.Added, end-start)
			}
			if end == 30 {
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
}

// TestHeldConflictRollsBack gives a figure twice in one transaction, the
// second time while the first is held: the copy before the commit fails
// as a conflict, and nothing of the transaction is stored.
func TestHeldConflictRollsBack(t *testing.T) {
	db, err := postgres.Open(ctx, pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := planwatch.Apply(ctx, db, world(1, 1), planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o := planwatch.Observation{Unit: units[0].ID, Indicator: "I000", Period: period.Year(2024), Value: 1, Status: "A"}
	err = db.Update(ctx, func(tx planwatch.Tx) error {
		if _, err := tx.PutObservations(ctx, []planwatch.Observation{o}); err != nil {
			return err
		}
		o.Value = 2
		_, err := tx.PutObservations(ctx, []planwatch.Observation{o})
		return err
	})
	if planwatch.ErrorCode(err) != planwatch.ECONFLICT {
		t.Fatalf("error %v, want a conflict", err)
	}
	got, err := db.Observations(ctx, planwatch.ObservationFilter{})
	if err != nil || len(got) != 0 {
		t.Errorf("stored after a failed transaction: %d figures, %v", len(got), err)
	}
}
