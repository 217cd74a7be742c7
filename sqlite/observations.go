package sqlite

import (
	"context"
	"slices"
	"strings"
	"time"

	"planwatch"
	"planwatch/period"
)

// selected reads the current figures of some units or indicators: the
// series they name first (through series' unique index on the unit, or
// its index on the indicator), then those series' figures by the
// observations' key (series, period, version), then the few sources and
// revisions they cite. A review reads a unit's figures this way for a
// dashboard, and an indicator's at one period across every unit for ranks
// and aggregates: each costs what it returns, not what the store holds.
func (r reader) selected(ctx context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	var conds []string
	var args []any
	if len(f.Units) > 0 {
		conds = append(conds, `s.unit_id IN (`+placeholders(len(f.Units))+`)`)
		for _, id := range f.Units {
			args = append(args, id)
		}
	}
	if len(f.Indicators) > 0 {
		conds = append(conds, `s.indicator IN (`+placeholders(len(f.Indicators))+`)`)
		for _, c := range f.Indicators {
			args = append(args, c)
		}
	}
	if f.Dims != nil {
		conds = append(conds, `s.dims = ?`)
		args = append(args, string(*f.Dims))
	}
	where := strings.Join(conds, " AND ")
	type seriesInfo struct {
		unit      int64
		unitCode  string
		indicator string
		dims      planwatch.Dims
	}
	series := map[int64]seriesInfo{}
	rows, err := r.q.QueryContext(ctx, `SELECT s.id, s.unit_id, u.code, s.indicator, s.dims FROM series s JOIN unit u ON u.id = s.unit_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var si seriesInfo
		if err := rows.Scan(&id, &si.unit, &si.unitCode, &si.indicator, &si.dims); err != nil {
			rows.Close()
			return nil, err
		}
		series[id] = si
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(series) == 0 {
		return nil, err
	}
	ap, err := r.approvals(ctx, f, `a.series_id IN (SELECT s.id FROM series s WHERE `+where+`)`, args...)
	if err != nil {
		return nil, err
	}
	q := `SELECT series_id, period, version, value, status, source_id, note, revision_id FROM observation
		WHERE series_id IN (SELECT s.id FROM series s WHERE ` + where + `)`
	if f.Exact && !f.Period.IsZero() {
		q += ` AND period = ?`
		args = append(args, f.Period.String())
	}
	if len(f.Periods) > 0 {
		q += ` AND period IN (` + placeholders(len(f.Periods)) + `)`
		for _, p := range f.Periods {
			args = append(args, p.String())
		}
	}
	if f.Revision != 0 {
		q += ` AND revision_id <= ?`
		args = append(args, f.Revision)
	}
	type row struct {
		sid, src, rev int64
		per           string
		o             planwatch.Observation
	}
	var got []row
	periods := map[string]period.Period{}
	sources, revisions := map[int64]bool{}, map[int64]bool{}
	rows, err = r.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var per string
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.sid, &per, &x.o.Version, &x.o.Value, &x.o.Status, &x.src, &x.o.Note, &x.rev); err != nil {
			return nil, err
		}
		si, ok := series[x.sid]
		if !ok {
			continue // a series written since the series were read
		}
		p, ok := periods[per]
		if !ok {
			if err := p.UnmarshalText([]byte(per)); err != nil {
				return nil, err
			}
			periods[per] = p
		}
		if !f.Period.IsZero() && !f.Exact && !f.Period.Contains(p) {
			continue
		}
		x.o.Unit, x.o.UnitCode, x.o.Indicator, x.o.Dims, x.o.Period = si.unit, si.unitCode, si.indicator, si.dims, p
		x.per = per
		sources[x.src], revisions[x.rev] = true, true
		got = append(got, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	srcText, err := r.byID(ctx, `SELECT id, text, '' FROM source WHERE id IN `, sources)
	if err != nil {
		return nil, err
	}
	revInfo, err := r.byID(ctx, `SELECT id, recorded_by, recorded_at FROM revision WHERE id IN `, revisions)
	if err != nil {
		return nil, err
	}
	at := make(map[int64]time.Time, len(revInfo))
	for id, t := range revInfo {
		at[id], _ = time.Parse(time.RFC3339Nano, t[1])
	}
	kept := got[:0]
	for _, x := range got {
		if !f.KnownOn.IsZero() && !f.Known(at[x.rev]) {
			continue // recorded after the date asked for
		}
		if x.o.Approval = ap.state(x.sid, x.per, x.o.Version, x.rev); f.Approved && x.o.Approval != planwatch.Approved {
			continue // not for viewers
		}
		x.o.Source, x.o.RecordedBy, x.o.RecordedAt = srcText[x.src][0], revInfo[x.rev][0], at[x.rev]
		kept = append(kept, x)
	}
	// In the order of sortObservations, each series and period's versions
	// oldest first: the last of them is current.
	slices.SortFunc(kept, func(a, b row) int {
		if c := compareObs(a.o, b.o); c != 0 {
			return c
		}
		return a.o.Version - b.o.Version
	})
	out := make([]planwatch.Observation, 0, len(kept))
	for i, x := range kept {
		if i+1 < len(kept) && kept[i+1].sid == x.sid && kept[i+1].o.Period == x.o.Period {
			continue // a later version replaces it
		}
		// A withdrawn figure's last version holds no figure.
		if !x.o.Withdrawn() {
			out = append(out, x.o)
		}
	}
	return out, nil
}

// byID reads two texts of each of some rows by id, a few hundred at a
// time.
func (r reader) byID(ctx context.Context, q string, ids map[int64]bool) (map[int64][2]string, error) {
	out := make(map[int64][2]string, len(ids))
	list := make([]any, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	for len(list) > 0 {
		n := min(len(list), 500)
		rows, err := r.q.QueryContext(ctx, q+`(`+placeholders(n)+`)`, list[:n]...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var t [2]string
			if err := rows.Scan(&id, &t[0], &t[1]); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		list = list[n:]
	}
	return out, nil
}
