package sqlite

import (
	"context"

	"planwatch/internal/held"
)

// pendingRows are the figures of the series this transaction created,
// held to be inserted in key order at the end of the observation table
// (see package held): a million take half the time they took in the
// loader's chunks, which each landed in every series.
type pendingRows struct {
	held.Buffer
	err error // the insert failed: the transaction cannot commit
}

// flush inserts the held figures in key order. An error is kept: every
// later flush returns it, and the transaction rolls back.
func (t *tx) flush(ctx context.Context) error {
	p := &t.pending
	if p.err != nil || p.Len() == 0 {
		return p.err
	}
	batch := make([]obsRow, 0, batchRows)
	rev := int64(-1)
	send := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := t.insertObs(ctx, "observation", batch, rev)
		batch = batch[:0]
		return err
	}
	err := p.Each(func(r *held.Row) error {
		// One statement per revision: a transaction mostly has one.
		if len(batch) == batchRows || r.Rev != rev {
			if err := send(); err != nil {
				return err
			}
			rev = r.Rev
		}
		batch = append(batch, obsRow{r.Series, r.Period, r.Value, r.Status, r.Source, r.Note})
		return nil
	})
	if err == nil {
		err = send()
	}
	p.err = err
	return err
}
