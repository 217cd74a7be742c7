package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"planwatch"
)

// tx is a write transaction. It caches the IDs of series, sources and
// revisions, which an import of a million figures looks up in batches.
type tx struct {
	reader
	tx        pgx.Tx
	now       time.Time
	actor     planwatch.Actor
	series    map[planwatch.SeriesKey]int64
	sources   map[string]int64
	revisions map[revisionKey]int64
	// fresh holds the series this transaction created.
	fresh map[int64]bool
	// staged says the staging table exists in this transaction.
	staged bool
	// pending holds the figures of fresh series not yet copied (see
	// pending.go).
	pending pendingRows
}

// newTx starts the write side of a transaction. Its reads see the figures
// still held: each statement through the reader copies them first.
func newTx(ptx pgx.Tx, now time.Time, actor planwatch.Actor) *tx {
	// PostgreSQL keeps microseconds: the time is cut to what reads back.
	t := &tx{tx: ptx, now: now.UTC().Truncate(time.Microsecond), actor: actor,
		series: map[planwatch.SeriesKey]int64{}, sources: map[string]int64{}, revisions: map[revisionKey]int64{}, fresh: map[int64]bool{}}
	t.reader = reader{q: flushing{t}}
	return t
}

func (t *tx) exec(ctx context.Context, q string, args ...any) error {
	_, err := t.tx.Exec(ctx, q, args...)
	return mapErr(err)
}

// row scans one row into dest; found is false when there is none.
func (t *tx) row(ctx context.Context, q string, args []any, dest ...any) (found bool, err error) {
	err = t.tx.QueryRow(ctx, q, args...).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, mapErr(err)
}

// put inserts a row or updates it when its stored fields differ; same
// reports whether the stored row equals the new one. An update first logs
// the row as it was, so that nothing changes without a trace; the audit
// records every change with who made it, the fields before and after.
func (t *tx) put(ctx context.Context, found bool, same bool, insert, update string, ins, upd []any, kind, key string, unit int64, old, now map[string]any) (planwatch.Change, error) {
	switch {
	case !found:
		if err := t.exec(ctx, insert, ins...); err != nil {
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
	if err := t.exec(ctx, `INSERT INTO change_log (changed_at, kind, key, old) VALUES ($1, $2, $3, $4)`, t.now, kind, key, string(was)); err != nil {
		return 0, err
	}
	if err := t.exec(ctx, update, upd...); err != nil {
		return 0, err
	}
	return planwatch.Changed, t.audit(ctx, kind, key, unit, old, now)
}

// audit records a change as the transaction's actor's: before is nil for
// something added.
func (t *tx) audit(ctx context.Context, kind, key string, unit int64, before, after map[string]any) error {
	var b, a []byte
	var err error
	if before != nil {
		if b, err = json.Marshal(before); err != nil {
			return err
		}
	}
	if after != nil {
		if a, err = json.Marshal(after); err != nil {
			return err
		}
	}
	return t.exec(ctx, `INSERT INTO audit (at, actor, via, kind, key, unit_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		t.now, t.actor.User, t.actor.Via, kind, key, nullID(unit), string(b), string(a))
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func sameF(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func (t *tx) PutUnit(ctx context.Context, u *planwatch.Unit) (planwatch.Change, error) {
	var old planwatch.Unit
	var parent *int64
	found, err := t.row(ctx, `SELECT id, name_vi, name_en, level, parent_id, valid_to FROM unit WHERE code = $1 AND valid_from = $2`,
		[]any{u.Code, string(u.ValidFrom)}, &old.ID, &old.NameVI, &old.NameEN, &old.Level, &parent, &old.ValidTo)
	if err != nil {
		return 0, err
	}
	if !found {
		err := t.tx.QueryRow(ctx, `INSERT INTO unit (code, name_vi, name_en, level, parent_id, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			u.Code, u.NameVI, u.NameEN, string(u.Level), nullID(u.Parent), string(u.ValidFrom), string(u.ValidTo)).Scan(&u.ID)
		if err != nil {
			return 0, mapErr(err)
		}
		return planwatch.Added, t.audit(ctx, "units", u.Ref(), u.ID, nil, unitFields(*u))
	}
	u.ID = old.ID
	var oldParent int64
	if parent != nil {
		oldParent = *parent
	}
	same := old.NameVI == u.NameVI && old.NameEN == u.NameEN && old.Level == u.Level && oldParent == u.Parent && old.ValidTo == u.ValidTo
	old.Parent = oldParent
	return t.put(ctx, true, same, "", `UPDATE unit SET name_vi = $1, name_en = $2, level = $3, parent_id = $4, valid_to = $5 WHERE id = $6`,
		nil, []any{u.NameVI, u.NameEN, string(u.Level), nullID(u.Parent), string(u.ValidTo), u.ID},
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

func (t *tx) PutLineage(ctx context.Context, e planwatch.LineageEvent) (planwatch.Change, error) {
	var share *float64
	key := []any{string(e.Date), string(e.Event), e.From, e.To}
	found, err := t.row(ctx, `SELECT share FROM lineage WHERE date = $1 AND event = $2 AND from_unit = $3 AND to_unit = $4`, key, &share)
	if err != nil {
		return 0, err
	}
	return t.put(ctx, found, sameF(share, e.Share),
		`INSERT INTO lineage (date, event, from_unit, to_unit, share) VALUES ($1, $2, $3, $4, $5)`,
		`UPDATE lineage SET share = $5 WHERE date = $1 AND event = $2 AND from_unit = $3 AND to_unit = $4`,
		append(key, e.Share), append(key, e.Share),
		"lineage", fmt.Sprintf("%s %s %d %d", e.Date, e.Event, e.From, e.To), e.To, map[string]any{"share": share}, map[string]any{"share": e.Share})
}

func (t *tx) PutGroupMember(ctx context.Context, m planwatch.GroupMember) (planwatch.Change, error) {
	var nameVI, nameEN, to string
	key := []any{m.Group, m.Unit, string(m.ValidFrom)}
	found, err := t.row(ctx, `SELECT name_vi, name_en, valid_to FROM group_member WHERE grp = $1 AND unit_id = $2 AND valid_from = $3`, key, &nameVI, &nameEN, &to)
	if err != nil {
		return 0, err
	}
	return t.put(ctx, found, nameVI == m.NameVI && nameEN == m.NameEN && to == string(m.ValidTo),
		`INSERT INTO group_member (grp, unit_id, valid_from, name_vi, name_en, valid_to) VALUES ($1, $2, $3, $4, $5, $6)`,
		`UPDATE group_member SET name_vi = $4, name_en = $5, valid_to = $6 WHERE grp = $1 AND unit_id = $2 AND valid_from = $3`,
		append(key, m.NameVI, m.NameEN, string(m.ValidTo)), append(key, m.NameVI, m.NameEN, string(m.ValidTo)),
		"groups", fmt.Sprintf("%s %d %s", m.Group, m.Unit, m.ValidFrom), m.Unit, map[string]any{"name_vi": nameVI, "name_en": nameEN, "valid_to": to},
		map[string]any{"name_vi": m.NameVI, "name_en": m.NameEN, "valid_to": m.ValidTo})
}

var indicatorColumns = []string{"name_vi", "name_en", "measure_unit", "type", "aggregation", "direction", "formula", "dimensions"}

func (t *tx) PutIndicator(ctx context.Context, in planwatch.Indicator) (planwatch.Change, error) {
	var old [8]string
	found, err := t.row(ctx, `SELECT name_vi, name_en, measure_unit, type, aggregation, direction, formula, dimensions FROM indicator WHERE code = $1`,
		[]any{in.Code}, &old[0], &old[1], &old[2], &old[3], &old[4], &old[5], &old[6], &old[7])
	if err != nil {
		return 0, err
	}
	now := [8]string{in.NameVI, in.NameEN, in.MeasureUnit, string(in.Type), in.Aggregation.String(), string(in.Direction), in.Formula, planwatch.FormatDimensions(in.Dimensions)}
	args := make([]any, 0, 9)
	for _, v := range now {
		args = append(args, v)
	}
	args = append(args, in.Code)
	return t.put(ctx, found, old == now,
		`INSERT INTO indicator (name_vi, name_en, measure_unit, type, aggregation, direction, formula, dimensions, code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		`UPDATE indicator SET name_vi = $1, name_en = $2, measure_unit = $3, type = $4, aggregation = $5, direction = $6, formula = $7, dimensions = $8 WHERE code = $9`,
		args, args,
		"indicators", in.Code, 0, fields(indicatorColumns, old[:]), fields(indicatorColumns, now[:]))
}

func (t *tx) PutCode(ctx context.Context, c planwatch.DimensionCode) (planwatch.Change, error) {
	var nameVI, nameEN string
	key := []any{c.Dimension, c.Value}
	found, err := t.row(ctx, `SELECT name_vi, name_en FROM dimension_code WHERE dimension = $1 AND value = $2`, key, &nameVI, &nameEN)
	if err != nil {
		return 0, err
	}
	args := append(key, c.NameVI, c.NameEN)
	return t.put(ctx, found, nameVI == c.NameVI && nameEN == c.NameEN,
		`INSERT INTO dimension_code (dimension, value, name_vi, name_en) VALUES ($1, $2, $3, $4)`,
		`UPDATE dimension_code SET name_vi = $3, name_en = $4 WHERE dimension = $1 AND value = $2`,
		args, args,
		"codes", c.Dimension+"="+c.Value, 0, map[string]any{"name_vi": nameVI, "name_en": nameEN}, map[string]any{"name_vi": c.NameVI, "name_en": c.NameEN})
}

var sourceColumns = []string{"title_vi", "title_en", "publisher_vi", "publisher_en", "issued", "url"}

func (t *tx) PutSource(ctx context.Context, s planwatch.Source) (planwatch.Change, error) {
	var old [6]string
	found, err := t.row(ctx, `SELECT title_vi, title_en, publisher_vi, publisher_en, issued, url FROM document WHERE code = $1`,
		[]any{s.Code}, &old[0], &old[1], &old[2], &old[3], &old[4], &old[5])
	if err != nil {
		return 0, err
	}
	now := [6]string{s.TitleVI, s.TitleEN, s.PublisherVI, s.PublisherEN, string(s.Issued), s.URL}
	args := make([]any, 0, 7)
	for _, v := range now {
		args = append(args, v)
	}
	args = append(args, s.Code)
	return t.put(ctx, found, old == now,
		`INSERT INTO document (title_vi, title_en, publisher_vi, publisher_en, issued, url, code) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		`UPDATE document SET title_vi = $1, title_en = $2, publisher_vi = $3, publisher_en = $4, issued = $5, url = $6 WHERE code = $7`,
		args, args,
		"sources", s.Code, 0, fields(sourceColumns, old[:]), fields(sourceColumns, now[:]))
}

var planColumns = []string{"kind", "title_vi", "title_en", "issuer_vi", "issuer_en", "issued", "horizon", "parent", "vision_vi", "vision_en", "assessment"}

func (t *tx) PutPlan(ctx context.Context, p planwatch.Plan) (planwatch.Change, error) {
	var old [11]string
	var unit int64
	found, err := t.row(ctx, `SELECT kind, title_vi, title_en, issuer_vi, issuer_en, issued, horizon, coalesce(parent, ''), vision_vi, vision_en, assessment, unit_id FROM plan WHERE code = $1`,
		[]any{p.Code}, &old[0], &old[1], &old[2], &old[3], &old[4], &old[5], &old[6], &old[7], &old[8], &old[9], &old[10], &unit)
	if err != nil {
		return 0, err
	}
	now := [11]string{string(p.Kind), p.TitleVI, p.TitleEN, p.IssuerVI, p.IssuerEN, string(p.Issued), p.Horizon.String(), p.Parent, p.VisionVI, p.VisionEN, p.Assessment}
	var parent any
	if p.Parent != "" {
		parent = p.Parent
	}
	args := []any{string(p.Kind), p.TitleVI, p.TitleEN, p.IssuerVI, p.IssuerEN, string(p.Issued), p.Horizon.String(), parent, p.VisionVI, p.VisionEN, p.Assessment, p.Unit, p.Code}
	return t.put(ctx, found, old == now && unit == p.Unit,
		`INSERT INTO plan (kind, title_vi, title_en, issuer_vi, issuer_en, issued, horizon, parent, vision_vi, vision_en, assessment, unit_id, code)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		`UPDATE plan SET kind = $1, title_vi = $2, title_en = $3, issuer_vi = $4, issuer_en = $5, issued = $6, horizon = $7, parent = $8, vision_vi = $9, vision_en = $10,
			assessment = $11, unit_id = $12 WHERE code = $13`,
		args, args,
		"plans", p.Code, p.Unit, fields(planColumns, old[:], "unit_id", unit), fields(planColumns, now[:], "unit_id", p.Unit))
}

func (t *tx) PutTarget(ctx context.Context, tg planwatch.Target) (planwatch.Change, error) {
	var val, low, high, bval *float64
	var bper, wording, wlang, wtrans, miles string
	key := []any{tg.Plan, tg.Unit, tg.Indicator, string(tg.Dims), tg.Period.String(), string(tg.Kind)}
	found, err := t.row(ctx, `SELECT value, low, high, baseline_period, baseline_value, wording, wording_lang, wording_translation, milestones FROM target
		WHERE plan = $1 AND unit_id = $2 AND indicator = $3 AND dims = $4 AND period = $5 AND kind = $6`, key,
		&val, &low, &high, &bper, &bval, &wording, &wlang, &wtrans, &miles)
	if err != nil {
		return 0, err
	}
	nb := ""
	if !tg.BaselinePeriod.IsZero() {
		nb = tg.BaselinePeriod.String()
	}
	nm := planwatch.FormatMilestones(tg.Milestones)
	same := sameF(val, tg.Value) && sameF(low, tg.Low) && sameF(high, tg.High) && sameF(bval, tg.BaselineValue) && bper == nb &&
		wording == tg.Wording && wlang == tg.WordingLang && wtrans == tg.WordingTranslation && miles == nm
	// The change log's key is written as the SQLite store writes it.
	logKey := fmt.Sprint(key...)
	args := append(key, tg.Value, tg.Low, tg.High, nb, tg.BaselineValue, tg.Wording, tg.WordingLang, tg.WordingTranslation, nm)
	return t.put(ctx, found, same,
		`INSERT INTO target (plan, unit_id, indicator, dims, period, kind, value, low, high, baseline_period, baseline_value, wording, wording_lang, wording_translation, milestones)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		`UPDATE target SET value = $7, low = $8, high = $9, baseline_period = $10, baseline_value = $11, wording = $12, wording_lang = $13, wording_translation = $14, milestones = $15
			WHERE plan = $1 AND unit_id = $2 AND indicator = $3 AND dims = $4 AND period = $5 AND kind = $6`,
		args, args,
		"targets", logKey, tg.Unit, map[string]any{"value": val, "low": low, "high": high, "baseline_period": bper,
			"baseline_value": bval, "wording": wording, "wording_lang": wlang, "wording_translation": wtrans, "milestones": miles},
		map[string]any{"value": tg.Value, "low": tg.Low, "high": tg.High, "baseline_period": nb,
			"baseline_value": tg.BaselineValue, "wording": tg.Wording, "wording_lang": tg.WordingLang, "wording_translation": tg.WordingTranslation, "milestones": nm})
}
