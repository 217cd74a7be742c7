// Package held holds the figures of series a write transaction created,
// for the store to insert in key order before the transaction reads or
// commits.
//
// A B-tree takes rows fastest at its end (SQLite's table, PostgreSQL's
// index). A file gives its figures month by month, every series in turn,
// so that each chunk of an import lands in every series: a descent from
// the root and a page split in the middle for each row. Series created by
// the transaction have the highest IDs: their figures, held and then
// inserted series by series, each period after the last, all go at the
// end. A figure is held in 24 bytes; what figures share (period, source,
// status, note, revision) is numbered in tables.
package held

import (
	"cmp"
	"slices"

	"planwatch/period"
)

// Max is how many figures a Buffer holds before it is Full (about 64 MB):
// an import larger than that is inserted a part at a time.
var Max = 1 << 21

// Row is a held figure; Each gives it with its fields.
type Row struct {
	Series int64
	Period string
	Value  float64
	Status string
	Source int64
	Note   string
	Rev    int64
}

// row is a figure as held: its other fields are numbers in the tables of
// Buffer.
type row struct {
	value  float64
	period uint32 // in periods
	source uint32 // in sources
	note   uint32 // in notes; 0 is no note
	status uint8  // in statuses
	rev    uint8  // in revs
}

// series are the figures held for one series, in the order given.
type series struct {
	id   int64
	rows []row
}

// Buffer holds figures by series.
type Buffer struct {
	series   []series
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
}

// Len is how many figures are held.
func (b *Buffer) Len() int { return b.n }

// Full says whether Max figures are held, or a figure of this status and
// revision cannot be held for want of room in the tables of shared
// values: what is held must be inserted first.
func (b *Buffer) Full(status string, rev int64) bool {
	return b.n >= Max || len(b.statuses) == 255 && !slices.Contains(b.statuses, status) || len(b.revs) == 255 && !slices.Contains(b.revs, rev)
}

// Place is where the figures of series id are held, for Add.
func (b *Buffer) Place(id int64) int {
	if b.at == nil {
		b.at = map[int64]int{}
		b.periodAt = map[period.Period]uint32{}
		b.sourceAt = map[int64]uint32{}
		b.notes = []string{""}
	}
	i, ok := b.at[id]
	if !ok {
		i = len(b.series)
		b.at[id] = i
		b.series = append(b.series, series{id: id})
	}
	return i
}

// Add holds a figure of the series at place (from Place), which must not
// be Full.
func (b *Buffer) Add(place int, per period.Period, value float64, status string, source int64, note string, rev int64) {
	r := row{value: value}
	if b.n > 0 && per == b.last {
		r.period = b.lastAt
	} else if i, ok := b.periodAt[per]; ok {
		r.period, b.last, b.lastAt = i, per, i
	} else {
		r.period = uint32(len(b.periods))
		b.periodAt[per] = r.period
		b.periods = append(b.periods, per.String())
		b.last, b.lastAt = per, r.period
	}
	if i, ok := b.sourceAt[source]; ok {
		r.source = i
	} else {
		r.source = uint32(len(b.sources))
		b.sourceAt[source] = r.source
		b.sources = append(b.sources, source)
	}
	r.status = uint8(index(&b.statuses, status))
	if note != "" {
		b.notes = append(b.notes, note)
		r.note = uint32(len(b.notes) - 1)
	}
	r.rev = uint8(index(&b.revs, rev))
	b.series[place].rows = append(b.series[place].rows, r)
	b.n++
}

// index finds v in list, adding it (Full keeps lists under 256).
func index[T comparable](list *[]T, v T) int {
	for i := len(*list) - 1; i >= 0; i-- {
		if (*list)[i] == v {
			return i
		}
	}
	*list = append(*list, v)
	return len(*list) - 1
}

// Each calls fn with every figure held in key order: by series ID, then
// period, the periods' texts compared byte by byte (as SQLite's BINARY
// and PostgreSQL's "C" collations do), the figures of one series and
// period in the order given; it stops at fn's first error. The buffer is
// then empty, whatever fn returned.
func (b *Buffer) Each(fn func(*Row) error) error {
	defer func() { *b = Buffer{} }()
	if b.n == 0 {
		return nil
	}
	// The order of the period texts.
	order := make([]uint32, len(b.periods))
	byText := make([]uint32, len(b.periods))
	for i := range byText {
		byText[i] = uint32(i)
	}
	slices.SortFunc(byText, func(x, y uint32) int { return cmp.Compare(b.periods[x], b.periods[y]) })
	for rank, i := range byText {
		order[i] = uint32(rank)
	}
	byPeriod := func(x, y row) int { return cmp.Compare(order[x.period], order[y.period]) }
	slices.SortFunc(b.series, func(x, y series) int { return cmp.Compare(x.id, y.id) })
	var r Row
	for _, s := range b.series {
		// A file gives each series' periods in time order, mostly.
		if !slices.IsSortedFunc(s.rows, byPeriod) {
			slices.SortStableFunc(s.rows, byPeriod)
		}
		r.Series = s.id
		for _, h := range s.rows {
			r.Period, r.Value, r.Status, r.Source, r.Note, r.Rev = b.periods[h.period], h.value, b.statuses[h.status], b.sources[h.source], b.notes[h.note], b.revs[h.rev]
			if err := fn(&r); err != nil {
				return err
			}
		}
	}
	return nil
}
