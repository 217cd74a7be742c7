package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"planwatch"
	"planwatch/period"
)

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// reader reads through a pool or a transaction. Every method orders its
// rows as the SQLite store does.
type reader struct{ q querier }

// collect reads every row with scan, and gives the driver's errors the
// domain's codes.
func collect[T any](ctx context.Context, q querier, scan func(pgx.Rows) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, mapErr(err)
		}
		out = append(out, v)
	}
	return out, mapErr(rows.Err())
}

func (r reader) Units(ctx context.Context) ([]planwatch.Unit, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Unit, error) {
		var u planwatch.Unit
		err := rows.Scan(&u.ID, &u.Code, &u.NameVI, &u.NameEN, &u.Level, &u.Parent, &u.ParentCode, &u.ValidFrom, &u.ValidTo)
		return u, err
	}, `SELECT u.id, u.code, u.name_vi, u.name_en, u.level, coalesce(u.parent_id, 0), coalesce(p.code, ''), u.valid_from, u.valid_to
		FROM unit u LEFT JOIN unit p ON p.id = u.parent_id ORDER BY u.code, u.valid_from`)
}

func (r reader) Lineage(ctx context.Context) ([]planwatch.LineageEvent, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.LineageEvent, error) {
		var e planwatch.LineageEvent
		err := rows.Scan(&e.Date, &e.Event, &e.From, &e.FromCode, &e.To, &e.ToCode, &e.Share)
		return e, err
	}, `SELECT l.date, l.event, l.from_unit, f.code, l.to_unit, t.code, l.share
		FROM lineage l JOIN unit f ON f.id = l.from_unit JOIN unit t ON t.id = l.to_unit
		ORDER BY l.date, t.code, f.code, l.event`)
}

func (r reader) GroupMembers(ctx context.Context) ([]planwatch.GroupMember, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.GroupMember, error) {
		var m planwatch.GroupMember
		err := rows.Scan(&m.Group, &m.NameVI, &m.NameEN, &m.Unit, &m.UnitCode, &m.ValidFrom, &m.ValidTo)
		return m, err
	}, `SELECT g.grp, g.name_vi, g.name_en, g.unit_id, u.code, g.valid_from, g.valid_to
		FROM group_member g JOIN unit u ON u.id = g.unit_id ORDER BY g.grp, g.valid_from, u.code`)
}

func (r reader) Indicators(ctx context.Context) ([]planwatch.Indicator, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Indicator, error) {
		var in planwatch.Indicator
		var agg, dims string
		if err := rows.Scan(&in.Code, &in.NameVI, &in.NameEN, &in.MeasureUnit, &in.Type, &agg, &in.Direction, &in.Formula, &dims); err != nil {
			return in, err
		}
		var err error
		if in.Aggregation, err = planwatch.ParseAggregation(agg); err != nil {
			return in, fmt.Errorf("indicator %s: %w", in.Code, err)
		}
		if in.Dimensions, err = planwatch.ParseDimensions(dims); err != nil {
			return in, fmt.Errorf("indicator %s: %w", in.Code, err)
		}
		return in, nil
	}, `SELECT code, name_vi, name_en, measure_unit, type, aggregation, direction, formula, dimensions FROM indicator ORDER BY code`)
}

func (r reader) Codes(ctx context.Context) ([]planwatch.DimensionCode, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.DimensionCode, error) {
		var c planwatch.DimensionCode
		err := rows.Scan(&c.Dimension, &c.Value, &c.NameVI, &c.NameEN)
		return c, err
	}, `SELECT dimension, value, name_vi, name_en FROM dimension_code ORDER BY dimension, value`)
}

func (r reader) Sources(ctx context.Context) ([]planwatch.Source, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Source, error) {
		var s planwatch.Source
		err := rows.Scan(&s.Code, &s.TitleVI, &s.TitleEN, &s.PublisherVI, &s.PublisherEN, &s.Issued, &s.URL)
		return s, err
	}, `SELECT code, title_vi, title_en, publisher_vi, publisher_en, issued, url FROM document ORDER BY code`)
}

func (r reader) Plans(ctx context.Context) ([]planwatch.Plan, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Plan, error) {
		var p planwatch.Plan
		var horizon string
		if err := rows.Scan(&p.Code, &p.Kind, &p.TitleVI, &p.TitleEN, &p.IssuerVI, &p.IssuerEN, &p.Issued, &p.Unit, &p.UnitCode, &horizon, &p.Parent, &p.VisionVI, &p.VisionEN, &p.Assessment); err != nil {
			return p, err
		}
		if err := p.Horizon.UnmarshalText([]byte(horizon)); err != nil {
			return p, fmt.Errorf("plan %s: %w", p.Code, err)
		}
		return p, nil
	}, `SELECT p.code, p.kind, p.title_vi, p.title_en, p.issuer_vi, p.issuer_en, p.issued, p.unit_id, u.code, p.horizon, coalesce(p.parent, ''), p.vision_vi, p.vision_en, p.assessment
		FROM plan p JOIN unit u ON u.id = p.unit_id ORDER BY p.code`)
}

func (r reader) Targets(ctx context.Context, f planwatch.TargetFilter) ([]planwatch.Target, error) {
	q := `SELECT t.plan, t.unit_id, u.code, t.indicator, t.dims, t.period, t.kind, t.value, t.low, t.high, t.baseline_period, t.baseline_value, t.wording, t.wording_lang, t.wording_translation, t.milestones
		FROM target t JOIN unit u ON u.id = t.unit_id WHERE true`
	var args []any
	if f.Plan != "" {
		args = append(args, f.Plan)
		q += fmt.Sprintf(` AND t.plan = $%d`, len(args))
	}
	if f.Indicator != "" {
		args = append(args, f.Indicator)
		q += fmt.Sprintf(` AND t.indicator = $%d`, len(args))
	}
	if len(f.Units) > 0 {
		args = append(args, f.Units)
		q += fmt.Sprintf(` AND t.unit_id = ANY($%d)`, len(args))
	}
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Target, error) {
		var t planwatch.Target
		var per, bper, miles string
		if err := rows.Scan(&t.Plan, &t.Unit, &t.UnitCode, &t.Indicator, &t.Dims, &per, &t.Kind, &t.Value, &t.Low, &t.High, &bper, &t.BaselineValue, &t.Wording, &t.WordingLang, &t.WordingTranslation, &miles); err != nil {
			return t, err
		}
		if err := t.Period.UnmarshalText([]byte(per)); err != nil {
			return t, err
		}
		if bper != "" {
			if err := t.BaselinePeriod.UnmarshalText([]byte(bper)); err != nil {
				return t, err
			}
		}
		var err error
		t.Milestones, err = planwatch.ParseMilestones(miles)
		return t, err
	}, q+` ORDER BY t.plan, u.code, t.indicator, t.dims, t.period, t.kind`, args...)
}

// revisionInfo is who recorded a revision and when.
type revisionInfo struct {
	by string
	at time.Time
}

// Observations reads current figures: the series, sources and revisions
// once into maps, then the figures in key order, keeping the last version
// of each series and period, as the SQLite store does. Outside a write
// transaction the four reads share one snapshot, so that a figure an import
// commits meanwhile cannot name a source or revision not read.
func (r reader) Observations(ctx context.Context, f planwatch.ObservationFilter) (out []planwatch.Observation, err error) {
	pool, ok := r.q.(*pgxpool.Pool)
	if !ok {
		return r.observations(ctx, f)
	}
	err = pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		out, err = reader{q: tx}.observations(ctx, f)
		return err
	})
	return out, mapErr(err)
}

// betweenReads, when set by a test, runs after the series are read and
// before the figures are.
var betweenReads func()

func (r reader) observations(ctx context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	type seriesInfo struct {
		unit      int64
		unitCode  string
		indicator string
		dims      planwatch.Dims
	}
	sq := `SELECT s.id, s.unit_id, u.code, s.indicator, s.dims FROM series s JOIN unit u ON u.id = s.unit_id WHERE true`
	var sargs []any
	if len(f.Units) > 0 {
		sargs = append(sargs, f.Units)
		sq += fmt.Sprintf(` AND s.unit_id = ANY($%d)`, len(sargs))
	}
	if len(f.Indicators) > 0 {
		sargs = append(sargs, f.Indicators)
		sq += fmt.Sprintf(` AND s.indicator = ANY($%d)`, len(sargs))
	}
	if f.Dims != nil {
		sargs = append(sargs, string(*f.Dims))
		sq += fmt.Sprintf(` AND s.dims = $%d`, len(sargs))
	}
	type idInfo struct {
		id int64
		seriesInfo
	}
	list, err := collect(ctx, r.q, func(rows pgx.Rows) (idInfo, error) {
		var s idInfo
		err := rows.Scan(&s.id, &s.unit, &s.unitCode, &s.indicator, &s.dims)
		return s, err
	}, sq, sargs...)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	series := make(map[int64]seriesInfo, len(list))
	ids := make([]int64, len(list))
	for i, s := range list {
		series[s.id] = s.seriesInfo
		ids[i] = s.id
	}
	if betweenReads != nil {
		betweenReads()
	}
	var selected []int64
	if len(f.Units) > 0 || len(f.Indicators) > 0 || f.Dims != nil {
		selected = ids
	}
	ap, err := r.approvals(ctx, f, selected)
	if err != nil {
		return nil, err
	}
	q := `SELECT series_id, period, version, value, status, source_id, note, revision_id FROM observation WHERE true`
	var args []any
	if selected != nil {
		args = append(args, ids)
		q += fmt.Sprintf(` AND series_id = ANY($%d)`, len(args))
	}
	if f.Exact && !f.Period.IsZero() {
		args = append(args, f.Period.String())
		q += fmt.Sprintf(` AND period = $%d`, len(args))
	}
	if len(f.Periods) > 0 {
		ps := make([]string, len(f.Periods))
		for i, p := range f.Periods {
			ps[i] = p.String()
		}
		args = append(args, ps)
		q += fmt.Sprintf(` AND period = ANY($%d)`, len(args))
	}
	if f.Revision != 0 {
		args = append(args, f.Revision)
		q += fmt.Sprintf(` AND revision_id <= $%d`, len(args))
	}
	rows, err := r.q.Query(ctx, q+` ORDER BY series_id, period, version`, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	type row struct {
		sid, src, rev int64
		per           string
		o             planwatch.Observation
	}
	var got []row
	periods := map[string]period.Period{}
	srcIDs, revIDs := map[int64]bool{}, map[int64]bool{}
	var per string
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.sid, &per, &x.o.Version, &x.o.Value, &x.o.Status, &x.src, &x.o.Note, &x.rev); err != nil {
			return nil, mapErr(err)
		}
		si, known := series[x.sid]
		if !known {
			continue // a series written since the series were read
		}
		p, ok := periods[per]
		if !ok {
			if err := p.UnmarshalText([]byte(per)); err != nil {
				return nil, err
			}
			periods[per] = p
		}
		x.o.Unit, x.o.UnitCode, x.o.Indicator, x.o.Dims, x.o.Period = si.unit, si.unitCode, si.indicator, si.dims, p
		x.per = per
		srcIDs[x.src], revIDs[x.rev] = true, true
		got = append(got, x)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	rows.Close()
	// The sources and revisions the figures cite, in the same snapshot.
	sources := map[int64]string{}
	if _, err := collect(ctx, r.q, func(rows pgx.Rows) (struct{}, error) {
		var id int64
		var text string
		err := rows.Scan(&id, &text)
		sources[id] = text
		return struct{}{}, err
	}, `SELECT id, text FROM source WHERE id = ANY($1)`, keys(srcIDs)); err != nil {
		return nil, err
	}
	revisions := map[int64]revisionInfo{}
	if _, err := collect(ctx, r.q, func(rows pgx.Rows) (struct{}, error) {
		var id int64
		var ri revisionInfo
		err := rows.Scan(&id, &ri.by, &ri.at)
		ri.at = ri.at.UTC()
		revisions[id] = ri
		return struct{}{}, err
	}, `SELECT id, recorded_by, recorded_at FROM revision WHERE id = ANY($1)`, keys(revIDs)); err != nil {
		return nil, err
	}
	out := make([]planwatch.Observation, 0, len(got))
	var last *row
	for i := range got {
		x := &got[i]
		if !f.Known(revisions[x.rev].at) {
			continue // recorded after the date asked for
		}
		if x.o.Approval = ap.state(x.sid, x.per, x.o.Version, x.rev); f.Approved && x.o.Approval != planwatch.Approved {
			continue // not for viewers
		}
		x.o.Source = sources[x.src]
		x.o.RecordedBy, x.o.RecordedAt = revisions[x.rev].by, revisions[x.rev].at
		if last != nil && last.sid == x.sid && last.o.Period == x.o.Period {
			out = out[:len(out)-1] // a later version replaces it
		}
		out = append(out, x.o)
		last = x
	}
	kept := out[:0]
	for _, o := range out {
		// A withdrawn figure's last version holds no figure.
		if f.Match(o) && !o.Withdrawn() {
			kept = append(kept, o)
		}
	}
	sortObservations(kept)
	return kept, nil
}

func keys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// sortObservations orders by unit code, unit, indicator, dims, then period,
// as the SQLite store does.
func sortObservations(obs []planwatch.Observation) {
	slices.SortFunc(obs, func(a, b planwatch.Observation) int {
		if c := strings.Compare(a.UnitCode, b.UnitCode); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Unit, b.Unit); c != 0 {
			return c
		}
		if c := strings.Compare(a.Indicator, b.Indicator); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Dims), string(b.Dims)); c != 0 {
			return c
		}
		return a.Period.Compare(b.Period)
	})
}

func (r reader) History(ctx context.Context, k planwatch.SeriesKey, p string) ([]planwatch.Observation, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Observation, error) {
		var o planwatch.Observation
		var per string
		if err := rows.Scan(&o.Unit, &o.UnitCode, &o.Indicator, &o.Dims, &per, &o.Version, &o.Value, &o.Status, &o.Source, &o.Note, &o.RecordedBy, &o.RecordedAt, &o.Approval); err != nil {
			return o, err
		}
		o.RecordedAt = o.RecordedAt.UTC()
		return o, o.Period.UnmarshalText([]byte(per))
	}, `SELECT s.unit_id, u.code, s.indicator, s.dims, o.period, o.version, o.value, o.status, src.text, o.note, r.recorded_by, r.recorded_at,
			`+stateSQL("o.series_id", "o.period", "o.version", "o.revision_id")+`
		FROM observation o JOIN series s ON s.id = o.series_id JOIN unit u ON u.id = s.unit_id
		JOIN source src ON src.id = o.source_id JOIN revision r ON r.id = o.revision_id
		WHERE s.unit_id = $1 AND s.indicator = $2 AND s.dims = $3 AND o.period = $4 ORDER BY o.version`, k.Unit, k.Indicator, string(k.Dims), p)
}

func (r reader) ChangeLog(ctx context.Context) ([]planwatch.LoggedChange, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.LoggedChange, error) {
		var c planwatch.LoggedChange
		err := rows.Scan(&c.At, &c.Kind, &c.Key, &c.Old)
		c.At = c.At.UTC()
		return c, err
	}, `SELECT changed_at, kind, key, old FROM change_log ORDER BY id`)
}

// LatestRevision is the number of the latest write: a review that reads
// figures as it needs them reads them up to it (ObservationFilter.Revision).
// Writers take turns under an advisory lock, so no revision with a lower
// number commits later.
func (db *DB) LatestRevision(ctx context.Context) (int64, error) {
	var v int64
	err := db.pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM revision`).Scan(&v)
	return v, mapErr(err)
}
