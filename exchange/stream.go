package exchange

import (
	"context"
	"slices"
	"strings"

	"planwatch"
)

// chunkFigures is about how many figures an export holds at once: it
// reads the store a few units at a time and writes each chunk before it
// reads the next, so that exporting a million figures takes the memory of
// fifty thousand.
var chunkFigures = 50_000

// revisioner is a store that numbers its writes (sqlite, postgres).
type revisioner interface {
	LatestRevision(ctx context.Context) (int64, error)
}

// eachChunk reads the current figures a unit code at a time and calls fn
// with a chunk of them once it holds about chunkFigures; fn may not keep
// the slice. The units come in the order of the export, by code, all the
// units of one code in the same chunk. A unit is written as its code or as code@date, so a chunk
// ends only where none of its codes begins the next code ("27" and its
// "27@2008-08-01" sort after "270"): each chunk sorted on its own then
// gives the order of the whole. Every chunk reads the store at the
// revision it was at when the first was read, when the store numbers its
// writes, so that an import meanwhile cannot split an export in two.
func eachChunk(ctx context.Context, s planwatch.Reader, x *planwatch.UnitIndex, of planwatch.ObservationFilter, fn func([]planwatch.Observation) error) error {
	if rs, ok := s.(revisioner); ok && of.Revision == 0 {
		rev, err := rs.LatestRevision(ctx)
		if err != nil {
			return err
		}
		if rev == 0 {
			return nil // nothing written yet
		}
		of.Revision = rev
	}
	// The codes in order, each with its units (those the filter keeps).
	type group struct {
		code string
		ids  []int64
	}
	var groups []group
	for _, u := range x.All() {
		if len(of.Units) > 0 && !slices.Contains(of.Units, u.ID) {
			continue
		}
		if n := len(groups); n > 0 && groups[n-1].code == u.Code {
			groups[n-1].ids = append(groups[n-1].ids, u.ID)
			continue
		}
		groups = append(groups, group{code: u.Code, ids: []int64{u.ID}})
	}
	var buf []planwatch.Observation
	var held []string // the codes of the units in buf
	// One code at a time: a store's figures crowd in some units (a
	// province's thirty years, a commune's few), and how many a unit has
	// is known only once read.
	for i, g := range groups {
		sel := of
		sel.Units = g.ids
		obs, err := s.Observations(ctx, sel)
		if err != nil {
			return err
		}
		buf = append(buf, obs...)
		held = append(held, g.code)
		if len(buf) >= chunkFigures && (i+1 == len(groups) || !beginsAny(held, groups[i+1].code)) {
			if err := fn(buf); err != nil {
				return err
			}
			clear(buf)
			buf, held = buf[:0], held[:0]
		}
	}
	if len(buf) > 0 {
		return fn(buf)
	}
	return nil
}

// beginsAny reports whether one of codes is a prefix of next.
func beginsAny(codes []string, next string) bool {
	for _, c := range codes {
		if strings.HasPrefix(next, c) {
			return true
		}
	}
	return false
}
