package sqlite

import (
	"cmp"
	"context"
	"slices"

	"planwatch/period"
)

// SQLite inserts into a B-tree fastest at its end. A file gives its
// figures month by month, every series in turn, so that each chunk the
// loader hands over lands in every series of the table: a descent from
// the root and a page split in the middle for each row. The figures of
// series created in this transaction are held instead, 24 bytes each and
// by series, and inserted in key order when the transaction next reads,
// and before it commits: the new series have the highest IDs, so each row
// goes at the end of the table, and a million take half the time.

// maxPending is how many figures are held before they are inserted
// (about 64 MB): an import larger than that inserts a part at a time.
var maxPending = 1 << 21

// pendingRow is a figure waiting to be inserted: its other fields are
// numbers in the tables of pendingRows.
type pendingRow struct {
	value  float64
	period uint32 // in periods
	source uint32 // in sources
	note   uint32 // in notes; 0 is no note
	status uint8  // in statuses
	rev    uint8  // in revs
}

// pendingSeries are the figures held for one series, in the order given.
type pendingSeries struct {
	id   int64
	rows []pendingRow
}

// pendingRows are the figures of fresh series held for a sorted insert,
// and the few distinct values they share.
type pendingRows struct {
	series   []pendingSeries
	at       map[int64]int // series ID to its place in series
	n        int           // figures held
	periods  []string
	periodAt map[period.Period]uint32
	last     period.Period // the period of the last figure added, and its number
	lastAt   uint32
	sources  []int64
	sourceAt map[int64]uint32
	statuses []string
	notes    []string
	revs     []int64
	err      error // the insert failed: the transaction cannot commit
}

// full says whether a figure of this status and revision can be held, or
// the tables of shared values have no room left and the figures held
// must be inserted first.
func (p *pendingRows) full(status string, rev int64) bool {
	return p.n >= maxPending || len(p.statuses) == 255 && !slices.Contains(p.statuses, status) || len(p.revs) == 255 && !slices.Contains(p.revs, rev)
}

// add holds a figure of series s (its place in p.series, from place).
func (p *pendingRows) add(s int, per period.Period, value float64, status string, source int64, note string, rev int64) {
	r := pendingRow{value: value}
	if p.n > 0 && per == p.last {
		r.period = p.lastAt
	} else if i, ok := p.periodAt[per]; ok {
		r.period, p.last, p.lastAt = i, per, i
	} else {
		r.period = uint32(len(p.periods))
		p.periodAt[per] = r.period
		p.periods = append(p.periods, per.String())
		p.last, p.lastAt = per, r.period
	}
	if i, ok := p.sourceAt[source]; ok {
		r.source = i
	} else {
		r.source = uint32(len(p.sources))
		p.sourceAt[source] = r.source
		p.sources = append(p.sources, source)
	}
	r.status = uint8(index(&p.statuses, status))
	if note != "" {
		p.notes = append(p.notes, note)
		r.note = uint32(len(p.notes) - 1)
	}
	r.rev = uint8(index(&p.revs, rev))
	p.series[s].rows = append(p.series[s].rows, r)
	p.n++
}

// place is where the figures of series id are held.
func (p *pendingRows) place(id int64) int {
	if p.at == nil {
		p.at = map[int64]int{}
		p.periodAt = map[period.Period]uint32{}
		p.sourceAt = map[int64]uint32{}
		p.notes = []string{""}
	}
	i, ok := p.at[id]
	if !ok {
		i = len(p.series)
		p.at[id] = i
		p.series = append(p.series, pendingSeries{id: id})
	}
	return i
}

// index finds v in list, adding it (full keeps lists under 256).
func index[T comparable](list *[]T, v T) int {
	for i := len(*list) - 1; i >= 0; i-- {
		if (*list)[i] == v {
			return i
		}
	}
	*list = append(*list, v)
	return len(*list) - 1
}

// flush inserts the pending figures in key order and empties the tables.
// An error is kept: every later flush returns it, and the transaction
// rolls back.
func (t *tx) flush(ctx context.Context) error {
	p := &t.pending
	if p.err != nil || p.n == 0 {
		return p.err
	}
	// The order of the period texts, as SQLite compares them.
	order := make([]uint32, len(p.periods))
	byText := make([]uint32, len(p.periods))
	for i := range byText {
		byText[i] = uint32(i)
	}
	slices.SortFunc(byText, func(a, b uint32) int { return cmp.Compare(p.periods[a], p.periods[b]) })
	for rank, i := range byText {
		order[i] = uint32(rank)
	}
	byPeriod := func(a, b pendingRow) int { return cmp.Compare(order[a.period], order[b.period]) }
	slices.SortFunc(p.series, func(a, b pendingSeries) int { return cmp.Compare(a.id, b.id) })
	batch := make([]obsRow, 0, batchRows)
	send := func(rev uint8) error {
		if len(batch) == 0 {
			return nil
		}
		err := t.insertObs(ctx, "observation", batch, p.revs[rev])
		batch = batch[:0]
		return err
	}
	var rev uint8
	for _, s := range p.series {
		// A file gives each series' periods in time order, mostly.
		if !slices.IsSortedFunc(s.rows, byPeriod) {
			slices.SortStableFunc(s.rows, byPeriod)
		}
		for _, r := range s.rows {
			// One statement per revision: a transaction mostly has one.
			if len(batch) == batchRows || r.rev != rev {
				if err := send(rev); err != nil {
					p.err = err
					return err
				}
				rev = r.rev
			}
			batch = append(batch, obsRow{s.id, p.periods[r.period], r.value, p.statuses[r.status], p.sources[r.source], p.notes[r.note]})
		}
	}
	if err := send(rev); err != nil {
		p.err = err
		return err
	}
	*p = pendingRows{}
	return nil
}
