package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"planwatch"
)

// tx is a write transaction. It caches series IDs and prepared statements,
// which the import of a million observations needs.
type tx struct {
	reader
	tx        *sql.Tx
	now       string
	actor     planwatch.Actor
	series    map[planwatch.SeriesKey]int64
	sources   map[string]int64
	revisions map[revisionKey]int64
	// fresh holds the series this transaction created.
	fresh map[int64]bool
	stmts map[string]*sql.Stmt
	// inserts holds the multi-row INSERTs of observations.
	inserts map[string]*sql.Stmt
	// pending holds the figures of fresh series not yet inserted (see
	// pending.go).
	pending pendingRows
}

// newTx starts the write side of a transaction. Its reads see the figures
// still pending: each query inserts them first.
func newTx(sqlTx *sql.Tx, now string, actor planwatch.Actor) *tx {
	t := &tx{tx: sqlTx, now: now, actor: actor, series: map[planwatch.SeriesKey]int64{}, fresh: map[int64]bool{},
		stmts: map[string]*sql.Stmt{}, inserts: map[string]*sql.Stmt{}}
	t.reader = reader{q: flushing{t}}
	return t
}

// flushing is the transaction as its reads see it: the pending figures
// are inserted before any query.
type flushing struct{ t *tx }

func (f flushing) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := f.t.flush(ctx); err != nil {
		return nil, err
	}
	return f.t.tx.QueryContext(ctx, q, args...)
}

func (f flushing) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	// An error inserting them stays with the transaction, which then
	// cannot commit (see flush).
	f.t.flush(ctx)
	return f.t.tx.QueryRowContext(ctx, q, args...)
}

func (t *tx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.prepared(ctx, t.stmts, q, 0)
}

// prepared finds q's statement in cache or prepares it there; a cache
// holding limit statements (0: no limit) is emptied first.
func (t *tx) prepared(ctx context.Context, cache map[string]*sql.Stmt, q string, limit int) (*sql.Stmt, error) {
	if s, ok := cache[q]; ok {
		return s, nil
	}
	if limit > 0 && len(cache) >= limit {
		for _, s := range cache {
			s.Close()
		}
		clear(cache)
	}
	s, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	cache[q] = s
	return s, nil
}

func (t *tx) closeStmts() {
	for _, s := range t.stmts {
		s.Close()
	}
	for _, s := range t.inserts {
		s.Close()
	}
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	s, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	res, err := s.ExecContext(ctx, args...)
	return res, mapErr(err)
}

// put inserts a row or updates it when its stored fields differ; same
// reports whether the stored row equals the new one. An update first logs
// the row as it was, so that nothing changes without a trace; the audit
// records every change with who made it, the fields before and after.
func (t *tx) put(ctx context.Context, found bool, same bool, insert, update string, ins, upd []any, kind, key string, unit int64, old, now map[string]any) (planwatch.Change, error) {
	switch {
	case !found:
		if _, err := t.exec(ctx, insert, ins...); err != nil {
			return 0, err
		}
		return planwatch.Added, t.audit(ctx, kind, key, unit, nil, now)
	case same:
		return planwatch.Unchanged, nil
	}
	was, err := json.Marshal(old)
	if err != nil {
		return 0, err
	}
	if _, err := t.exec(ctx, `INSERT INTO change_log (changed_at, kind, key, old) VALUES (?, ?, ?, ?)`, t.now, kind, key, string(was)); err != nil {
		return 0, err
	}
	if _, err = t.exec(ctx, update, upd...); err != nil {
		return 0, err
	}
	return planwatch.Changed, t.audit(ctx, kind, key, unit, old, now)
}

// audit records a change as the transaction's actor's: before is nil for
// something added.
func (t *tx) audit(ctx context.Context, kind, key string, unit int64, before, after map[string]any) error {
	b, a, err := auditJSON(before, after)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO audit (at, actor, via, kind, key, unit_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.now, t.actor.User, t.actor.Via, kind, key, nullID(unit), b, a)
	return err
}

// auditJSON writes the fields before and after a change, "" for none.
func auditJSON(before, after map[string]any) (string, string, error) {
	var b, a []byte
	var err error
	if before != nil {
		if b, err = json.Marshal(before); err != nil {
			return "", "", err
		}
	}
	if after != nil {
		if a, err = json.Marshal(after); err != nil {
			return "", "", err
		}
	}
	return string(b), string(a), nil
}

func (t *tx) PutUnit(ctx context.Context, u *planwatch.Unit) (planwatch.Change, error) {
	var old planwatch.Unit
	var parent sql.NullInt64
	err := t.tx.QueryRowContext(ctx, `SELECT id, name_vi, name_en, level, parent_id, valid_to FROM unit WHERE code = ? AND valid_from = ?`, u.Code, u.ValidFrom).
		Scan(&old.ID, &old.NameVI, &old.NameEN, &old.Level, &parent, &old.ValidTo)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if !found {
		res, err := t.exec(ctx, `INSERT INTO unit (code, name_vi, name_en, level, parent_id, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			u.Code, u.NameVI, u.NameEN, u.Level, nullID(u.Parent), u.ValidFrom, u.ValidTo)
		if err != nil {
			return 0, err
		}
		if u.ID, err = res.LastInsertId(); err != nil {
			return 0, err
		}
		return planwatch.Added, t.audit(ctx, "units", u.Ref(), u.ID, nil, unitFields(*u))
	}
	u.ID = old.ID
	same := old.NameVI == u.NameVI && old.NameEN == u.NameEN && old.Level == u.Level && parent.Int64 == u.Parent && old.ValidTo == u.ValidTo
	old.Parent = parent.Int64
	return t.put(ctx, true, same, "", `UPDATE unit SET name_vi = ?, name_en = ?, level = ?, parent_id = ?, valid_to = ? WHERE id = ?`,
		nil, []any{u.NameVI, u.NameEN, u.Level, nullID(u.Parent), u.ValidTo, u.ID},
		"units", u.Ref(), u.ID, unitFields(old), unitFields(*u))
}

// unitFields are a unit's fields as the change log and the audit write
// them.
func unitFields(u planwatch.Unit) map[string]any {
	return map[string]any{"name_vi": u.NameVI, "name_en": u.NameEN, "level": u.Level, "parent_id": u.Parent, "valid_to": u.ValidTo}
}

// fields pairs names with values for the change log, plus extra name,
// value pairs.
func fields(names []string, vals []string, extra ...any) map[string]any {
	m := make(map[string]any, len(names)+len(extra)/2)
	for i, n := range names {
		m[n] = vals[i]
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

func sameF(a sql.NullFloat64, b *float64) bool {
	return !a.Valid && b == nil || a.Valid && b != nil && a.Float64 == *b
}

func (t *tx) PutLineage(ctx context.Context, e planwatch.LineageEvent) (planwatch.Change, error) {
	var share sql.NullFloat64
	err := t.tx.QueryRowContext(ctx, `SELECT share FROM lineage WHERE date = ? AND event = ? AND from_unit = ? AND to_unit = ?`, e.Date, e.Event, e.From, e.To).Scan(&share)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return t.put(ctx, err == nil, sameF(share, e.Share),
		`INSERT INTO lineage (date, event, from_unit, to_unit, share) VALUES (?, ?, ?, ?, ?)`,
		`UPDATE lineage SET share = ? WHERE date = ? AND event = ? AND from_unit = ? AND to_unit = ?`,
		[]any{e.Date, e.Event, e.From, e.To, nullF(e.Share)}, []any{nullF(e.Share), e.Date, e.Event, e.From, e.To},
		"lineage", fmt.Sprintf("%s %s %d %d", e.Date, e.Event, e.From, e.To), e.To, map[string]any{"share": ptrF(share)}, map[string]any{"share": e.Share})
}

func (t *tx) PutGroupMember(ctx context.Context, m planwatch.GroupMember) (planwatch.Change, error) {
	var nameVI, nameEN, to string
	err := t.tx.QueryRowContext(ctx, `SELECT name_vi, name_en, valid_to FROM group_member WHERE grp = ? AND unit_id = ? AND valid_from = ?`, m.Group, m.Unit, m.ValidFrom).Scan(&nameVI, &nameEN, &to)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return t.put(ctx, err == nil, nameVI == m.NameVI && nameEN == m.NameEN && to == string(m.ValidTo),
		`INSERT INTO group_member (grp, name_vi, name_en, unit_id, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)`,
		`UPDATE group_member SET name_vi = ?, name_en = ?, valid_to = ? WHERE grp = ? AND unit_id = ? AND valid_from = ?`,
		[]any{m.Group, m.NameVI, m.NameEN, m.Unit, m.ValidFrom, m.ValidTo}, []any{m.NameVI, m.NameEN, m.ValidTo, m.Group, m.Unit, m.ValidFrom},
		"groups", fmt.Sprintf("%s %d %s", m.Group, m.Unit, m.ValidFrom), m.Unit, map[string]any{"name_vi": nameVI, "name_en": nameEN, "valid_to": to},
		map[string]any{"name_vi": m.NameVI, "name_en": m.NameEN, "valid_to": m.ValidTo})
}

var indicatorColumns = []string{"name_vi", "name_en", "measure_unit", "type", "aggregation", "direction", "formula", "dimensions"}

func (t *tx) PutIndicator(ctx context.Context, in planwatch.Indicator) (planwatch.Change, error) {
	var old [8]string
	err := t.tx.QueryRowContext(ctx, `SELECT name_vi, name_en, measure_unit, type, aggregation, direction, formula, dimensions FROM indicator WHERE code = ?`, in.Code).
		Scan(&old[0], &old[1], &old[2], &old[3], &old[4], &old[5], &old[6], &old[7])
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	now := [8]string{in.NameVI, in.NameEN, in.MeasureUnit, string(in.Type), in.Aggregation.String(), string(in.Direction), in.Formula, planwatch.FormatDimensions(in.Dimensions)}
	args := make([]any, 0, 9)
	for _, v := range now {
		args = append(args, v)
	}
	return t.put(ctx, err == nil, old == now,
		`INSERT INTO indicator (name_vi, name_en, measure_unit, type, aggregation, direction, formula, dimensions, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`UPDATE indicator SET name_vi = ?, name_en = ?, measure_unit = ?, type = ?, aggregation = ?, direction = ?, formula = ?, dimensions = ? WHERE code = ?`,
		append(args, in.Code), append(args, in.Code),
		"indicators", in.Code, 0, fields(indicatorColumns, old[:]), fields(indicatorColumns, now[:]))
}

func (t *tx) PutCode(ctx context.Context, c planwatch.DimensionCode) (planwatch.Change, error) {
	var nameVI, nameEN string
	err := t.tx.QueryRowContext(ctx, `SELECT name_vi, name_en FROM dimension_code WHERE dimension = ? AND value = ?`, c.Dimension, c.Value).Scan(&nameVI, &nameEN)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return t.put(ctx, err == nil, nameVI == c.NameVI && nameEN == c.NameEN,
		`INSERT INTO dimension_code (name_vi, name_en, dimension, value) VALUES (?, ?, ?, ?)`,
		`UPDATE dimension_code SET name_vi = ?, name_en = ? WHERE dimension = ? AND value = ?`,
		[]any{c.NameVI, c.NameEN, c.Dimension, c.Value}, []any{c.NameVI, c.NameEN, c.Dimension, c.Value},
		"codes", c.Dimension+"="+c.Value, 0, map[string]any{"name_vi": nameVI, "name_en": nameEN}, map[string]any{"name_vi": c.NameVI, "name_en": c.NameEN})
}

var sourceColumns = []string{"title_vi", "title_en", "publisher_vi", "publisher_en", "issued", "url"}

func (t *tx) PutSource(ctx context.Context, s planwatch.Source) (planwatch.Change, error) {
	var old [6]string
	err := t.tx.QueryRowContext(ctx, `SELECT title_vi, title_en, publisher_vi, publisher_en, issued, url FROM document WHERE code = ?`, s.Code).
		Scan(&old[0], &old[1], &old[2], &old[3], &old[4], &old[5])
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	now := [6]string{s.TitleVI, s.TitleEN, s.PublisherVI, s.PublisherEN, string(s.Issued), s.URL}
	args := make([]any, 0, 7)
	for _, v := range now {
		args = append(args, v)
	}
	args = append(args, s.Code)
	return t.put(ctx, err == nil, old == now,
		`INSERT INTO document (title_vi, title_en, publisher_vi, publisher_en, issued, url, code) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		`UPDATE document SET title_vi = ?, title_en = ?, publisher_vi = ?, publisher_en = ?, issued = ?, url = ? WHERE code = ?`,
		args, args,
		"sources", s.Code, 0, fields(sourceColumns, old[:]), fields(sourceColumns, now[:]))
}

var planColumns = []string{"kind", "title_vi", "title_en", "issuer_vi", "issuer_en", "issued", "horizon", "parent", "vision_vi", "vision_en", "assessment"}

func (t *tx) PutPlan(ctx context.Context, p planwatch.Plan) (planwatch.Change, error) {
	var old [11]string
	var unit int64
	err := t.tx.QueryRowContext(ctx, `SELECT kind, title_vi, title_en, issuer_vi, issuer_en, issued, horizon, coalesce(parent, ''), vision_vi, vision_en, assessment, unit_id FROM plan WHERE code = ?`, p.Code).
		Scan(&old[0], &old[1], &old[2], &old[3], &old[4], &old[5], &old[6], &old[7], &old[8], &old[9], &old[10], &unit)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	now := [11]string{string(p.Kind), p.TitleVI, p.TitleEN, p.IssuerVI, p.IssuerEN, string(p.Issued), p.Horizon.String(), p.Parent, p.VisionVI, p.VisionEN, p.Assessment}
	var parent any
	if p.Parent != "" {
		parent = p.Parent
	}
	args := []any{p.Kind, p.TitleVI, p.TitleEN, p.IssuerVI, p.IssuerEN, p.Issued, p.Horizon.String(), parent, p.VisionVI, p.VisionEN, p.Assessment, p.Unit, p.Code}
	return t.put(ctx, err == nil, old == now && unit == p.Unit,
		`INSERT INTO plan (kind, title_vi, title_en, issuer_vi, issuer_en, issued, horizon, parent, vision_vi, vision_en, assessment, unit_id, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`UPDATE plan SET kind = ?, title_vi = ?, title_en = ?, issuer_vi = ?, issuer_en = ?, issued = ?, horizon = ?, parent = ?, vision_vi = ?, vision_en = ?, assessment = ?, unit_id = ? WHERE code = ?`,
		args, args,
		"plans", p.Code, p.Unit, fields(planColumns, old[:], "unit_id", unit), fields(planColumns, now[:], "unit_id", p.Unit))
}

func (t *tx) PutTarget(ctx context.Context, tg planwatch.Target) (planwatch.Change, error) {
	var val, low, high, bval sql.NullFloat64
	var bper, wording, wlang, wtrans, miles string
	key := []any{tg.Plan, tg.Unit, tg.Indicator, string(tg.Dims), tg.Period.String(), string(tg.Kind)}
	err := t.tx.QueryRowContext(ctx, `SELECT value, low, high, baseline_period, baseline_value, wording, wording_lang, wording_translation, milestones FROM target
		WHERE plan = ? AND unit_id = ? AND indicator = ? AND dims = ? AND period = ? AND kind = ?`, key...).
		Scan(&val, &low, &high, &bper, &bval, &wording, &wlang, &wtrans, &miles)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	nb := ""
	if !tg.BaselinePeriod.IsZero() {
		nb = tg.BaselinePeriod.String()
	}
	nm := planwatch.FormatMilestones(tg.Milestones)
	same := sameF(val, tg.Value) && sameF(low, tg.Low) && sameF(high, tg.High) && sameF(bval, tg.BaselineValue) && bper == nb &&
		wording == tg.Wording && wlang == tg.WordingLang && wtrans == tg.WordingTranslation && miles == nm
	vals := []any{nullF(tg.Value), nullF(tg.Low), nullF(tg.High), nb, nullF(tg.BaselineValue), tg.Wording, tg.WordingLang, tg.WordingTranslation, nm}
	return t.put(ctx, err == nil, same,
		`INSERT INTO target (value, low, high, baseline_period, baseline_value, wording, wording_lang, wording_translation, milestones, plan, unit_id, indicator, dims, period, kind)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`UPDATE target SET value = ?, low = ?, high = ?, baseline_period = ?, baseline_value = ?, wording = ?, wording_lang = ?, wording_translation = ?, milestones = ?
			WHERE plan = ? AND unit_id = ? AND indicator = ? AND dims = ? AND period = ? AND kind = ?`,
		append(vals, key...), append(vals, key...),
		"targets", fmt.Sprint(key...), tg.Unit, map[string]any{"value": ptrF(val), "low": ptrF(low), "high": ptrF(high), "baseline_period": bper,
			"baseline_value": ptrF(bval), "wording": wording, "wording_lang": wlang, "wording_translation": wtrans, "milestones": miles},
		map[string]any{"value": tg.Value, "low": tg.Low, "high": tg.High, "baseline_period": nb,
			"baseline_value": tg.BaselineValue, "wording": tg.Wording, "wording_lang": tg.WordingLang, "wording_translation": tg.WordingTranslation, "milestones": nm})
}

// seriesID finds or creates the series of k; created says this call
// created it.
func (t *tx) seriesID(ctx context.Context, k planwatch.SeriesKey) (id int64, created bool, err error) {
	if id, ok := t.series[k]; ok {
		return id, false, nil
	}
	s, err := t.stmt(ctx, `SELECT id FROM series WHERE unit_id = ? AND indicator = ? AND dims = ?`)
	if err != nil {
		return 0, false, err
	}
	err = s.QueryRowContext(ctx, k.Unit, k.Indicator, string(k.Dims)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		res, err := t.exec(ctx, `INSERT INTO series (unit_id, indicator, dims) VALUES (?, ?, ?)`, k.Unit, k.Indicator, string(k.Dims))
		if err != nil {
			return 0, false, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, false, err
		}
		created = true
	} else if err != nil {
		return 0, false, err
	}
	t.series[k] = id
	return id, created, nil
}

// batchRows is how many observations go into one multi-row INSERT: eight
// parameters each, well under SQLite's limit of 32,766.
const batchRows = 500

// obsRow is an observation as the observation table holds it.
type obsRow struct {
	series int64
	period string
	value  float64
	status string
	source int64
	note   string
}

// insertObs writes rows with multi-row INSERTs of batchRows rows each, in
// the transaction's revision, each row as version 1 (the staging table
// counts versions later). What all rows of a statement share is written
// into its text rather than bound, because binding costs more than
// SQLite's own work for a row: the revision and version always, the
// source, and the status with an empty note (a status is one of the SDMX
// codes, checked before it becomes a literal; the source is an id).
func (t *tx) insertObs(ctx context.Context, table string, rows []obsRow, revision int64) error {
	args := make([]any, 0, 6*batchRows)
	for start := 0; start < len(rows); start += batchRows {
		chunk := rows[start:min(start+batchRows, len(rows))]
		sh := shared{revision: revision, status: chunk[0].status, source: chunk[0].source}
		if planwatch.ValidStatus(sh.status) != nil {
			sh.status = ""
		}
		for _, r := range chunk {
			if r.status != sh.status || r.note != "" {
				sh.status = ""
			}
			if r.source != sh.source {
				sh.source = -1
			}
		}
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.series, r.period, r.value)
			if sh.source < 0 {
				args = append(args, r.source)
			}
			if sh.status == "" {
				args = append(args, r.status, r.note)
			}
		}
		// Their texts vary with what the rows share: only the last few
		// are kept.
		s, err := t.prepared(ctx, t.inserts, insertSQL(table, len(chunk), sh), 16)
		if err != nil {
			return err
		}
		if _, err := s.ExecContext(ctx, args...); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// shared is what every row of one INSERT has in common: status is ""
// and source -1 when they differ.
type shared struct {
	revision int64
	status   string
	source   int64
}

// insertSQL is the statement that inserts n observation rows into table.
func insertSQL(table string, n int, sh shared) string {
	src, status := "?", "?,?"
	if sh.source >= 0 {
		src = strconv.FormatInt(sh.source, 10)
	}
	if sh.status != "" {
		status = "'" + sh.status + "',''"
	}
	tuple := "(?,?,?," + src + "," + status + "," + strconv.FormatInt(sh.revision, 10) + ",1)"
	var b strings.Builder
	b.Grow(120 + n*(len(tuple)+1))
	b.WriteString("INSERT INTO " + table + " (series_id, period, value, source_id, status, note, revision_id, version) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(tuple)
	}
	return b.String()
}

// sourceID finds or stores a source text.
func (t *tx) sourceID(ctx context.Context, text string) (int64, error) {
	if id, ok := t.sources[text]; ok {
		return id, nil
	}
	var id int64
	err := t.tx.QueryRowContext(ctx, `SELECT id FROM source WHERE text = ?`, text).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		res, err := t.exec(ctx, `INSERT INTO source (text) VALUES (?)`, text)
		if err != nil {
			return 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	} else if err != nil {
		return 0, err
	}
	if t.sources == nil {
		t.sources = map[string]int64{}
	}
	t.sources[text] = id
	return id, nil
}

// revisionKey is what one write's revision records besides when: who
// recorded its figures, and whether they were approved as written.
type revisionKey struct {
	by       string
	approved bool
}

// revisionID stores, once per transaction, recorder and approval, who
// wrote, when and from where.
func (t *tx) revisionID(ctx context.Context, by string, approved bool) (int64, error) {
	k := revisionKey{by, approved}
	if id, ok := t.revisions[k]; ok {
		return id, nil
	}
	res, err := t.exec(ctx, `INSERT INTO revision (recorded_at, recorded_by, via, approved) VALUES (?, ?, ?, ?)`, t.now, by, t.actor.Via, approved)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if t.revisions == nil {
		t.revisions = map[revisionKey]int64{}
	}
	t.revisions[k] = id
	return id, nil
}

// PutObservations writes a batch set-based, because a statement per row
// costs ten times as much. Series created by this transaction had no
// figures before it, and no series and period comes twice in one, so
// theirs are inserted directly as version 1, in key order. The others
// go to a temporary table, from which one statement adds a version for
// each figure that differs from the current one.
func (t *tx) PutObservations(ctx context.Context, obs []planwatch.Observation) (planwatch.Count, error) {
	c := planwatch.Count{Kind: "observations"}
	if len(obs) == 0 {
		return c, nil
	}
	// One revision per recorder and approval: a batch normally has one,
	// and then needs no grouping.
	groups := map[revisionKey][]planwatch.Observation{}
	var keys []revisionKey
	for _, o := range obs {
		k := recordedAs(o, t.actor)
		if len(keys) == 0 || k != keys[0] && groups[k] == nil {
			keys = append(keys, k)
			groups[k] = []planwatch.Observation{}
		}
	}
	if len(keys) == 1 {
		groups[keys[0]] = obs
	} else {
		for _, o := range obs {
			k := recordedAs(o, t.actor)
			groups[k] = append(groups[k], o)
		}
	}
	for _, k := range keys {
		rev, err := t.revisionID(ctx, k.by, k.approved)
		if err != nil {
			return c, err
		}
		n, err := t.putObservations(ctx, groups[k], rev, k.approved)
		if err != nil {
			return c, err
		}
		c.Added += n.Added
		c.Changed += n.Changed
		c.Unchanged += n.Unchanged
	}
	return c, nil
}

// recordedAs is the revision a figure goes in: its recorder's (the
// actor's when it names none), approved or not.
func recordedAs(o planwatch.Observation, a planwatch.Actor) revisionKey {
	by := o.RecordedBy
	if by == "" {
		by = a.User
	}
	return revisionKey{by, o.Approval == planwatch.Approved}
}

func (t *tx) putObservations(ctx context.Context, obs []planwatch.Observation, rev int64, approved bool) (planwatch.Count, error) {
	var c planwatch.Count
	var staged []obsRow
	lastSrc, src := "", int64(-1)
	var lastKey planwatch.SeriesKey
	id := int64(-1)
	fresh := -1 // where the figures of a fresh series are held
	for _, o := range obs {
		// Neighbouring figures of one series share one lookup.
		if k := o.Key(); id < 0 || k != lastKey {
			fresh = -1
			var known bool
			if id, known = t.series[k]; !known {
				var created bool
				var err error
				if id, created, err = t.seriesID(ctx, k); err != nil {
					return c, err
				}
				if created {
					t.fresh[id] = true
				}
			}
			lastKey = k
		}
		if src < 0 || o.Source != lastSrc {
			var err error
			if src, err = t.sourceID(ctx, o.Source); err != nil {
				return c, err
			}
			lastSrc = o.Source
		}
		if fresh < 0 && t.fresh[id] {
			fresh = t.pending.Place(id)
		}
		if fresh < 0 {
			staged = append(staged, obsRow{id, o.Period.String(), o.Value, o.Status, src, o.Note})
			continue
		}
		if t.pending.Full(o.Status, rev) {
			if err := t.flush(ctx); err != nil {
				return c, err
			}
			fresh = t.pending.Place(id)
		}
		t.pending.Add(fresh, o.Period, o.Value, o.Status, src, o.Note, rev)
		c.Added++
	}
	if len(staged) == 0 {
		return c, nil
	}
	for _, q := range []string{
		`CREATE TEMP TABLE IF NOT EXISTS stage (series_id INTEGER NOT NULL, period TEXT NOT NULL, value REAL NOT NULL, status TEXT NOT NULL,
			source_id INTEGER NOT NULL, note TEXT NOT NULL, revision_id INTEGER NOT NULL, version INTEGER NOT NULL)`,
		`DELETE FROM stage`,
	} {
		if _, err := t.tx.ExecContext(ctx, q); err != nil {
			return c, err
		}
	}
	if err := t.insertObs(ctx, "stage", staged, rev); err != nil {
		return c, err
	}
	const current = `FROM stage s LEFT JOIN observation o ON o.series_id = s.series_id AND o.period = s.period
		AND o.version = (SELECT max(version) FROM observation m WHERE m.series_id = s.series_id AND m.period = s.period)`
	const differs = `o.value IS NOT s.value OR o.status IS NOT s.status OR o.source_id IS NOT s.source_id OR o.note IS NOT s.note`
	var added, changed, all int
	err := t.tx.QueryRowContext(ctx, `SELECT coalesce(sum(o.version IS NULL), 0), coalesce(sum(o.version IS NOT NULL AND (`+differs+`)), 0), count(*) `+current).
		Scan(&added, &changed, &all)
	if err != nil {
		return c, err
	}
	c.Added += added
	c.Changed, c.Unchanged = changed, all-added-changed
	if approved && c.Unchanged > 0 {
		// A figure approved elsewhere that equals a current version not
		// yet approved approves that version.
		_, err = t.tx.ExecContext(ctx, `INSERT INTO approval (revision_id, series_id, period, version, state, comment)
			SELECT s.revision_id, s.series_id, s.period, o.version, 'approved', '' `+current+`
			WHERE o.version IS NOT NULL AND NOT (`+differs+`) AND `+notApproved+` ORDER BY s.series_id, s.period`)
		if err != nil {
			return c, mapErr(err)
		}
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO observation (series_id, period, version, value, status, source_id, note, revision_id)
		SELECT s.series_id, s.period, coalesce(o.version, 0) + 1, s.value, s.status, s.source_id, s.note, s.revision_id `+current+`
		WHERE o.version IS NULL OR `+differs+` ORDER BY s.series_id, s.period`)
	if err != nil {
		return c, mapErr(err)
	}
	_, err = t.tx.ExecContext(ctx, `DELETE FROM stage`)
	return c, err
}
