package exchange

import (
	"context"
	"slices"

	"planwatch"
	"planwatch/exchange/record"
)

// Rows reads the current figures a filter selects, as the writers of
// outside formats take them, in the order of the canonical export: by
// unit, indicator, dims and period.
func Rows(ctx context.Context, s planwatch.Reader, f Filter) ([]record.Row, error) {
	var rows []record.Row
	err := EachRows(ctx, s, f, func(chunk []record.Row) error {
		rows = append(rows, chunk...)
		return nil
	})
	return rows, err
}

// EachRows calls fn with the rows of Rows a chunk at a time, in the same
// order, holding only one chunk (about 50,000 figures) at once; fn may
// not keep the slice.
func EachRows(ctx context.Context, s planwatch.Reader, f Filter, fn func([]record.Row) error) error {
	units, err := s.Units(ctx)
	if err != nil {
		return err
	}
	x := planwatch.NewUnitIndex(units)
	of := planwatch.ObservationFilter{Period: f.Period}
	if f.Unit != "" {
		if of.Units, err = x.Matching(f.Unit); err != nil {
			return err
		}
	}
	if f.Indicator != "" {
		of.Indicators = []string{f.Indicator}
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return err
	}
	measure := map[string]string{}
	for _, in := range inds {
		measure[in.Code] = in.MeasureUnit
	}
	type keyed struct {
		key []string
		row record.Row
	}
	var chunk []keyed
	var rows []record.Row
	return eachChunk(ctx, s, x, of, func(obs []planwatch.Observation) error {
		chunk = chunk[:0]
		for _, o := range obs {
			u, _ := x.ByID(o.Unit)
			r := record.Row{Unit: x.RefWithin(u, planwatch.PeriodSpan(o.Period)), Indicator: o.Indicator, MeasureUnit: measure[o.Indicator],
				Dims: o.Dims, Period: o.Period, Value: o.Value, Status: o.Status, Source: o.Source, Note: o.Note}
			chunk = append(chunk, keyed{[]string{r.Unit, r.Indicator, string(r.Dims), periodKey(r.Period), r.Period.String()}, r})
		}
		slices.SortStableFunc(chunk, func(a, b keyed) int { return slices.Compare(a.key, b.key) })
		rows = rows[:0]
		for _, k := range chunk {
			rows = append(rows, k.row)
		}
		return fn(rows)
	})
}

// DimensionNames lists the names of the dimensions rows use, sorted.
func DimensionNames(rows []record.Row) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		for _, p := range r.Dims.Pairs() {
			if !seen[p[0]] {
				seen[p[0]] = true
				out = append(out, p[0])
			}
		}
	}
	slices.Sort(out)
	return out
}
