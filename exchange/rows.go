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
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	x := planwatch.NewUnitIndex(units)
	of := planwatch.ObservationFilter{Period: f.Period}
	if f.Unit != "" {
		if of.Units, err = x.Matching(f.Unit); err != nil {
			return nil, err
		}
	}
	if f.Indicator != "" {
		of.Indicators = []string{f.Indicator}
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	measure := map[string]string{}
	for _, in := range inds {
		measure[in.Code] = in.MeasureUnit
	}
	obs, err := s.Observations(ctx, of)
	if err != nil {
		return nil, err
	}
	rows := make([]record.Row, 0, len(obs))
	for _, o := range obs {
		u, _ := x.ByID(o.Unit)
		rows = append(rows, record.Row{Unit: x.RefWithin(u, planwatch.PeriodSpan(o.Period)), Indicator: o.Indicator, MeasureUnit: measure[o.Indicator],
			Dims: o.Dims, Period: o.Period, Value: o.Value, Status: o.Status, Source: o.Source, Note: o.Note})
	}
	key := func(r record.Row) []string {
		return []string{r.Unit, r.Indicator, string(r.Dims), periodKey(r.Period), r.Period.String()}
	}
	slices.SortStableFunc(rows, func(a, b record.Row) int { return slices.Compare(key(a), key(b)) })
	return rows, nil
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
