// Package sqlite is the embedded store of planwatch: one SQLite file, opened
// with modernc.org/sqlite (pure Go, no cgo), in WAL mode with foreign keys
// on, one writer and several readers.
package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"planwatch"
	"planwatch/period"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the SQLite store. It implements planwatch.Store.
type DB struct {
	reader
	path  string
	write *sql.DB // one connection: SQLite has one writer; nil when read-only
	read  *sql.DB
	now   func() time.Time
}

var _ planwatch.Store = (*DB)(nil)

// Update runs fn in one write transaction.
func (db *DB) Update(ctx context.Context, fn func(planwatch.Tx) error) (err error) {
	if db.write == nil {
		return planwatch.Errorf(planwatch.EINVALID, "%s is open for reading only", db.path)
	}
	defer func() {
		if err == nil {
			db.checkpointIfLarge(ctx)
		}
	}()
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	t := newTx(sqlTx, db.now().UTC().Format(time.RFC3339Nano), planwatch.ActorOf(ctx))
	defer func() {
		if p := recover(); p != nil {
			t.closeStmts()
			sqlTx.Rollback()
			panic(p)
		}
		if err == nil {
			err = t.flush(ctx)
		}
		t.closeStmts()
		if err != nil {
			sqlTx.Rollback()
			return
		}
		err = mapErr(sqlTx.Commit())
	}()
	return fn(t)
}

// mapErr turns driver errors into the domain's, so that nothing above the
// store needs the driver.
func mapErr(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return planwatch.Errorf(planwatch.ECONFLICT, "already stored: %v", err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return planwatch.Errorf(planwatch.EINVALID, "refers to something not stored: %v", err)
		}
	}
	return err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader reads through a pool or a transaction.
type reader struct{ q querier }

func nullF(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func ptrF(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (r reader) Units(ctx context.Context) ([]planwatch.Unit, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT u.id, u.code, u.name_vi, u.name_en, u.level, coalesce(u.parent_id, 0), coalesce(p.code, ''), u.valid_from, u.valid_to
		FROM unit u LEFT JOIN unit p ON p.id = u.parent_id ORDER BY u.code, u.valid_from`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Unit
	for rows.Next() {
		var u planwatch.Unit
		if err := rows.Scan(&u.ID, &u.Code, &u.NameVI, &u.NameEN, &u.Level, &u.Parent, &u.ParentCode, &u.ValidFrom, &u.ValidTo); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (r reader) Lineage(ctx context.Context) ([]planwatch.LineageEvent, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT l.date, l.event, l.from_unit, f.code, l.to_unit, t.code, l.share
		FROM lineage l JOIN unit f ON f.id = l.from_unit JOIN unit t ON t.id = l.to_unit
		ORDER BY l.date, t.code, f.code, l.event`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.LineageEvent
	for rows.Next() {
		var e planwatch.LineageEvent
		var share sql.NullFloat64
		if err := rows.Scan(&e.Date, &e.Event, &e.From, &e.FromCode, &e.To, &e.ToCode, &share); err != nil {
			return nil, err
		}
		e.Share = ptrF(share)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (r reader) GroupMembers(ctx context.Context) ([]planwatch.GroupMember, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT g.grp, g.name_vi, g.name_en, g.unit_id, u.code, g.valid_from, g.valid_to
		FROM group_member g JOIN unit u ON u.id = g.unit_id ORDER BY g.grp, g.valid_from, u.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.GroupMember
	for rows.Next() {
		var m planwatch.GroupMember
		if err := rows.Scan(&m.Group, &m.NameVI, &m.NameEN, &m.Unit, &m.UnitCode, &m.ValidFrom, &m.ValidTo); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (r reader) Indicators(ctx context.Context) ([]planwatch.Indicator, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT code, name_vi, name_en, measure_unit, type, aggregation, direction, formula, dimensions FROM indicator ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Indicator
	for rows.Next() {
		var in planwatch.Indicator
		var agg, dims string
		if err := rows.Scan(&in.Code, &in.NameVI, &in.NameEN, &in.MeasureUnit, &in.Type, &agg, &in.Direction, &in.Formula, &dims); err != nil {
			return nil, err
		}
		if in.Aggregation, err = planwatch.ParseAggregation(agg); err != nil {
			return nil, fmt.Errorf("indicator %s: %w", in.Code, err)
		}
		if in.Dimensions, err = planwatch.ParseDimensions(dims); err != nil {
			return nil, fmt.Errorf("indicator %s: %w", in.Code, err)
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

func (r reader) Codes(ctx context.Context) ([]planwatch.DimensionCode, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT dimension, value, name_vi, name_en FROM dimension_code ORDER BY dimension, value`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.DimensionCode
	for rows.Next() {
		var c planwatch.DimensionCode
		if err := rows.Scan(&c.Dimension, &c.Value, &c.NameVI, &c.NameEN); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (r reader) Sources(ctx context.Context) ([]planwatch.Source, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT code, title_vi, title_en, publisher_vi, publisher_en, issued, url FROM document ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Source
	for rows.Next() {
		var s planwatch.Source
		if err := rows.Scan(&s.Code, &s.TitleVI, &s.TitleEN, &s.PublisherVI, &s.PublisherEN, &s.Issued, &s.URL); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (r reader) Plans(ctx context.Context) ([]planwatch.Plan, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT p.code, p.kind, p.title_vi, p.title_en, p.issuer_vi, p.issuer_en, p.issued, p.unit_id, u.code, p.horizon, coalesce(p.parent, ''), p.vision_vi, p.vision_en, p.assessment
		FROM plan p JOIN unit u ON u.id = p.unit_id ORDER BY p.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Plan
	for rows.Next() {
		var p planwatch.Plan
		var horizon string
		if err := rows.Scan(&p.Code, &p.Kind, &p.TitleVI, &p.TitleEN, &p.IssuerVI, &p.IssuerEN, &p.Issued, &p.Unit, &p.UnitCode, &horizon, &p.Parent, &p.VisionVI, &p.VisionEN, &p.Assessment); err != nil {
			return nil, err
		}
		if err := p.Horizon.UnmarshalText([]byte(horizon)); err != nil {
			return nil, fmt.Errorf("plan %s: %w", p.Code, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (r reader) Targets(ctx context.Context, f planwatch.TargetFilter) ([]planwatch.Target, error) {
	q := `SELECT t.plan, t.unit_id, u.code, t.indicator, t.dims, t.period, t.kind, t.value, t.low, t.high, t.baseline_period, t.baseline_value, t.wording, t.wording_lang, t.wording_translation, t.milestones
		FROM target t JOIN unit u ON u.id = t.unit_id WHERE 1=1`
	var args []any
	if f.Plan != "" {
		q += ` AND t.plan = ?`
		args = append(args, f.Plan)
	}
	if f.Indicator != "" {
		q += ` AND t.indicator = ?`
		args = append(args, f.Indicator)
	}
	if len(f.Units) > 0 {
		q += ` AND t.unit_id IN (` + placeholders(len(f.Units)) + `)`
		for _, id := range f.Units {
			args = append(args, id)
		}
	}
	rows, err := r.q.QueryContext(ctx, q+` ORDER BY t.plan, u.code, t.indicator, t.dims, t.period, t.kind`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Target
	for rows.Next() {
		var t planwatch.Target
		var per, bper, miles string
		var val, low, high, bval sql.NullFloat64
		if err := rows.Scan(&t.Plan, &t.Unit, &t.UnitCode, &t.Indicator, &t.Dims, &per, &t.Kind, &val, &low, &high, &bper, &bval, &t.Wording, &t.WordingLang, &t.WordingTranslation, &miles); err != nil {
			return nil, err
		}
		if err := t.Period.UnmarshalText([]byte(per)); err != nil {
			return nil, err
		}
		if bper != "" {
			if err := t.BaselinePeriod.UnmarshalText([]byte(bper)); err != nil {
				return nil, err
			}
		}
		if t.Milestones, err = planwatch.ParseMilestones(miles); err != nil {
			return nil, err
		}
		t.Value, t.Low, t.High, t.BaselineValue = ptrF(val), ptrF(low), ptrF(high), ptrF(bval)
		out = append(out, t)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

const obsColumns = `s.unit_id, u.code, s.indicator, s.dims, o.period, o.version, o.value, o.status, src.text, o.note, r.recorded_by, r.recorded_at, ` + stateOf

// obsFrom joins what an observation row refers to.
const obsFrom = ` FROM observation o JOIN series s ON s.id = o.series_id JOIN unit u ON u.id = s.unit_id
	JOIN source src ON src.id = o.source_id JOIN revision r ON r.id = o.revision_id`

func scanObs(rows *sql.Rows) (planwatch.Observation, error) {
	var o planwatch.Observation
	var per, at string
	if err := rows.Scan(&o.Unit, &o.UnitCode, &o.Indicator, &o.Dims, &per, &o.Version, &o.Value, &o.Status, &o.Source, &o.Note, &o.RecordedBy, &at, &o.Approval); err != nil {
		return o, err
	}
	if err := o.Period.UnmarshalText([]byte(per)); err != nil {
		return o, err
	}
	o.RecordedAt, _ = time.Parse(time.RFC3339Nano, at)
	return o, nil
}

// Observations reads current figures: those of some units or indicators
// through the series they name (selected), all of them in one pass
// (allObservations).
func (r reader) Observations(ctx context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	if len(f.Units) > 0 || len(f.Indicators) > 0 {
		return r.selected(ctx, f)
	}
	return r.allObservations(ctx, f)
}

// allObservations reads every current figure (of a period, dimensions).
// The series, sources and revisions are read once into maps and the
// observations in key order, keeping the last version of each series and
// period: cheaper than joining every row and looking up its latest
// version.
func (r reader) allObservations(ctx context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	type seriesInfo struct {
		unit      int64
		unitCode  string
		indicator string
		dims      planwatch.Dims
	}
	series := map[int64]seriesInfo{}
	var ids []any
	rows, err := r.q.QueryContext(ctx, `SELECT s.id, s.unit_id, u.code, s.indicator, s.dims FROM series s JOIN unit u ON u.id = s.unit_id`)
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
		if len(f.Units) > 0 && !slices.Contains(f.Units, si.unit) || len(f.Indicators) > 0 && !slices.Contains(f.Indicators, si.indicator) || f.Dims != nil && *f.Dims != si.dims {
			continue
		}
		series[id] = si
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(series) == 0 {
		return nil, nil
	}
	texts := func(q string) (map[int64][2]string, error) {
		out := map[int64][2]string{}
		rows, err := r.q.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var t [2]string
			if err := rows.Scan(&id, &t[0], &t[1]); err != nil {
				return nil, err
			}
			out[id] = t
		}
		return out, rows.Err()
	}
	sources, err := texts(`SELECT id, text, '' FROM source`)
	if err != nil {
		return nil, err
	}
	revisions, err := texts(`SELECT id, recorded_by, recorded_at FROM revision`)
	if err != nil {
		return nil, err
	}
	ap, err := r.approvals(ctx, f, "")
	if err != nil {
		return nil, err
	}
	q := `SELECT series_id, period, version, value, status, source_id, note, revision_id FROM observation`
	var args []any
	var where []string
	// A short list of series is selected in SQL; a long one in Go.
	if (len(f.Units) > 0 || len(f.Indicators) > 0 || f.Dims != nil) && len(ids) <= 500 {
		where = append(where, `series_id IN (`+placeholders(len(ids))+`)`)
		args = append(args, ids...)
	}
	if f.Exact && !f.Period.IsZero() {
		where = append(where, `period = ?`)
		args = append(args, f.Period.String())
	}
	if len(f.Periods) > 0 {
		where = append(where, `period IN (`+placeholders(len(f.Periods))+`)`)
		for _, p := range f.Periods {
			args = append(args, p.String())
		}
	}
	if f.Revision != 0 {
		where = append(where, `revision_id <= ?`)
		args = append(args, f.Revision)
	}
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err = r.q.QueryContext(ctx, q+` ORDER BY series_id, period, version`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	periods := map[string]period.Period{}
	var out []planwatch.Observation
	var lastSeries int64
	var lastPeriod string
	for rows.Next() {
		var o planwatch.Observation
		var sid, src, rev int64
		var per string
		if err := rows.Scan(&sid, &per, &o.Version, &o.Value, &o.Status, &src, &o.Note, &rev); err != nil {
			return nil, err
		}
		si, ok := series[sid]
		if !ok {
			continue
		}
		if !f.KnownOn.IsZero() && !f.Known(recordedAt(revisions, rev)) {
			continue // recorded after the date asked for
		}
		if o.Approval = ap.state(sid, per, o.Version, rev); f.Approved && o.Approval != planwatch.Approved {
			continue // not for viewers
		}
		if sid == lastSeries && per == lastPeriod && len(out) > 0 {
			out = out[:len(out)-1] // a later version replaces it
		}
		lastSeries, lastPeriod = sid, per
		p, ok := periods[per]
		if !ok {
			if err := p.UnmarshalText([]byte(per)); err != nil {
				return nil, err
			}
			periods[per] = p
		}
		o.Unit, o.UnitCode, o.Indicator, o.Dims, o.Period = si.unit, si.unitCode, si.indicator, si.dims, p
		o.Source = sources[src][0]
		o.RecordedBy = revisions[rev][0]
		o.RecordedAt, _ = time.Parse(time.RFC3339Nano, revisions[rev][1])
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
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

// recordedAt is when a revision was recorded.
func recordedAt(revisions map[int64][2]string, rev int64) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, revisions[rev][1])
	return t
}

// sortObservations orders by unit code, unit, indicator, dims, then
// period.
func sortObservations(obs []planwatch.Observation) { slices.SortFunc(obs, compareObs) }

func compareObs(a, b planwatch.Observation) int {
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
}

func (r reader) History(ctx context.Context, k planwatch.SeriesKey, p string) ([]planwatch.Observation, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+obsColumns+obsFrom+`
		WHERE s.unit_id = ? AND s.indicator = ? AND s.dims = ? AND o.period = ? ORDER BY o.version`, k.Unit, k.Indicator, string(k.Dims), p)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Observation
	for rows.Next() {
		o, err := scanObs(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func (r reader) ChangeLog(ctx context.Context) ([]planwatch.LoggedChange, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT changed_at, kind, key, old FROM change_log ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.LoggedChange
	for rows.Next() {
		var c planwatch.LoggedChange
		var at string
		if err := rows.Scan(&at, &c.Kind, &c.Key, &c.Old); err != nil {
			return nil, err
		}
		c.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// DataVersion changes whenever anything is written: the web server reloads
// its snapshot when it moves.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM revision) * 1000003
		+ (SELECT coalesce(max(id), 0) FROM change_log) * 1009 + (SELECT count(*) FROM unit) + (SELECT count(*) FROM target)
		+ (SELECT count(*) FROM plan) + (SELECT count(*) FROM lineage) + (SELECT count(*) FROM group_member) + (SELECT count(*) FROM indicator)
		+ (SELECT count(*) FROM document) + (SELECT count(*) FROM dimension_code)`).Scan(&v)
	return v, err
}

// LatestRevision is the number of the latest write: a review that reads
// figures as it needs them reads them up to it (ObservationFilter.Revision).
func (db *DB) LatestRevision(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM revision`).Scan(&v)
	return v, err
}
