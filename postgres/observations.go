package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"planwatch"
)

// obsColumns are the observation table's columns in the order COPY sends
// them.
var obsColumns = []string{"series_id", "period", "version", "value", "status", "source_id", "note", "revision_id"}

// obsRow is an observation as the observation table holds it.
type obsRow struct {
	series int64
	period string
	value  float64
	status string
	source int64
	note   string
}

// PutObservations writes a batch with COPY, inside the transaction, so
// that an import stays all or nothing. Series created by this transaction
// had no figures before it, and no series and period comes twice in one,
// so their figures are copied straight into the observation table as
// version 1. The others are copied into a temporary table, from which one
// statement adds a version for each figure that differs from the current
// one and counts what it did.
func (t *tx) PutObservations(ctx context.Context, obs []planwatch.Observation) (planwatch.Count, error) {
	c := planwatch.Count{Kind: "observations"}
	if len(obs) == 0 {
		return c, nil
	}
	// One revision per recorder and approval: a batch normally has one.
	groups := map[revisionKey][]planwatch.Observation{}
	var recorders []revisionKey
	for _, o := range obs {
		if k := recordedAs(o, t.actor); groups[k] == nil {
			recorders = append(recorders, k)
			groups[k] = []planwatch.Observation{}
		}
	}
	if len(recorders) == 1 {
		groups[recorders[0]] = obs
	} else {
		for _, o := range obs {
			k := recordedAs(o, t.actor)
			groups[k] = append(groups[k], o)
		}
	}
	if err := t.lookUp(ctx, obs); err != nil {
		return c, err
	}
	for _, k := range recorders {
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

// lookUp finds or creates the series and sources of obs that this
// transaction has not met yet, a few statements for the whole batch rather
// than one per series. They read the series and sources, not the figures
// held, through the transaction itself.
func (t *tx) lookUp(ctx context.Context, obs []planwatch.Observation) error {
	var units []int64
	var inds, dims, texts []string
	newKey := map[planwatch.SeriesKey]bool{}
	newText := map[string]bool{}
	var lastKey planwatch.SeriesKey
	lastSrc := ""
	for i, o := range obs {
		if k := o.Key(); i == 0 || k != lastKey {
			if _, ok := t.series[k]; !ok && !newKey[k] {
				newKey[k] = true
				units, inds, dims = append(units, k.Unit), append(inds, k.Indicator), append(dims, string(k.Dims))
			}
			lastKey = k
		}
		if i == 0 || o.Source != lastSrc {
			if _, ok := t.sources[o.Source]; !ok && !newText[o.Source] {
				newText[o.Source] = true
				texts = append(texts, o.Source)
			}
			lastSrc = o.Source
		}
	}
	if len(units) > 0 {
		scanInto := func(fresh bool) func(pgx.Rows) (struct{}, error) {
			return func(rows pgx.Rows) (struct{}, error) {
				var k planwatch.SeriesKey
				var id int64
				err := rows.Scan(&id, &k.Unit, &k.Indicator, &k.Dims)
				t.series[k] = id
				if fresh {
					t.fresh[id] = true
				}
				return struct{}{}, err
			}
		}
		const keys = `unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS k(unit_id, indicator, dims, n)`
		if _, err := collect(ctx, t.tx, scanInto(false), `SELECT s.id, s.unit_id, s.indicator, s.dims FROM `+keys+`
			JOIN series s ON s.unit_id = k.unit_id AND s.indicator = k.indicator AND s.dims = k.dims`, units, inds, dims); err != nil {
			return err
		}
		// The writers take turns, so no other transaction creates one of
		// these series meanwhile.
		if _, err := collect(ctx, t.tx, scanInto(true), `INSERT INTO series (unit_id, indicator, dims) SELECT k.unit_id, k.indicator, k.dims FROM `+keys+`
			WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.unit_id = k.unit_id AND s.indicator = k.indicator AND s.dims = k.dims)
			ORDER BY k.n RETURNING id, unit_id, indicator, dims`, units, inds, dims); err != nil {
			return err
		}
	}
	if len(texts) > 0 {
		scan := func(rows pgx.Rows) (struct{}, error) {
			var id int64
			var text string
			err := rows.Scan(&id, &text)
			t.sources[text] = id
			return struct{}{}, err
		}
		if _, err := collect(ctx, t.tx, scan, `SELECT s.id, s.text FROM unnest($1::text[]) AS k(text)
			JOIN source s ON md5(s.text) = md5(k.text) AND s.text = k.text`, texts); err != nil {
			return err
		}
		if _, err := collect(ctx, t.tx, scan, `INSERT INTO source (text) SELECT k.text FROM unnest($1::text[]) WITH ORDINALITY AS k(text, n)
			WHERE NOT EXISTS (SELECT 1 FROM source s WHERE md5(s.text) = md5(k.text) AND s.text = k.text)
			ORDER BY k.n RETURNING id, text`, texts); err != nil {
			return err
		}
	}
	return nil
}

// revisionKey is what one write's revision records besides when: who
// recorded its figures, and whether they were approved as written.
type revisionKey struct {
	by       string
	approved bool
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

// revisionID stores, once per transaction, recorder and approval, who
// wrote, when and from where.
func (t *tx) revisionID(ctx context.Context, by string, approved bool) (int64, error) {
	k := revisionKey{by, approved}
	if id, ok := t.revisions[k]; ok {
		return id, nil
	}
	var id int64
	if err := t.tx.QueryRow(ctx, `INSERT INTO revision (recorded_at, recorded_by, via, approved) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.now, by, t.actor.Via, approved).Scan(&id); err != nil {
		return 0, mapErr(err)
	}
	t.revisions[k] = id
	return id, nil
}

// copyRows sends rows to table with COPY, each as version 1 of revision rev.
func (t *tx) copyRows(ctx context.Context, table string, rows []obsRow, rev int64) error {
	vals := make([]any, len(obsColumns))
	_, err := t.tx.CopyFrom(ctx, pgx.Identifier{table}, obsColumns, pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
		r := &rows[i]
		vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7] = r.series, r.period, 1, r.value, r.status, r.source, r.note, rev
		return vals, nil
	}))
	return mapErr(err)
}

func (t *tx) putObservations(ctx context.Context, obs []planwatch.Observation, rev int64, approved bool) (planwatch.Count, error) {
	var c planwatch.Count
	var staged []obsRow
	var lastKey planwatch.SeriesKey
	id := int64(-1)
	fresh := -1 // where the figures of a fresh series are held
	for _, o := range obs {
		if k := o.Key(); id < 0 || k != lastKey {
			id, lastKey, fresh = t.series[k], k, -1
			if t.fresh[id] {
				fresh = t.pending.Place(id)
			}
		}
		src := t.sources[o.Source]
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
	// The staging table lives until the transaction ends, committed or not.
	q := `TRUNCATE planwatch_stage`
	if !t.staged {
		q = `CREATE TEMP TABLE planwatch_stage (LIKE observation) ON COMMIT DROP`
	}
	if err := t.exec(ctx, q); err != nil {
		return c, err
	}
	t.staged = true
	if err := t.copyRows(ctx, "planwatch_stage", staged, rev); err != nil {
		return c, err
	}
	// Each staged figure is compared with the current version of its
	// series and period, found through the primary key. A figure approved
	// elsewhere that equals a current version not yet approved approves
	// that version.
	var added, changed, all int
	err := t.tx.QueryRow(ctx, `WITH cur AS MATERIALIZED (
			SELECT s.*, o.version AS current, o.revision_id AS current_revision,
				o.version IS NOT NULL AND (o.value, o.status, o.source_id, o.note) IS DISTINCT FROM (s.value, s.status, s.source_id, s.note) AS differs
			FROM planwatch_stage s LEFT JOIN LATERAL (
				SELECT version, value, status, source_id, note, revision_id FROM observation o
				WHERE o.series_id = s.series_id AND o.period = s.period ORDER BY o.version DESC LIMIT 1) o ON true
		), ins AS (
			INSERT INTO observation (series_id, period, version, value, status, source_id, note, revision_id)
			SELECT series_id, period, coalesce(current, 0) + 1, value, status, source_id, note, revision_id FROM cur
			WHERE current IS NULL OR differs
		), appr AS (
			INSERT INTO approval (revision_id, series_id, period, version, state)
			SELECT c.revision_id, c.series_id, c.period, c.current, 'approved' FROM cur c
			WHERE $1 AND c.current IS NOT NULL AND NOT c.differs
				AND `+stateSQL("c.series_id", "c.period", "c.current", "c.current_revision")+` <> 'approved'
			ORDER BY c.series_id, c.period
		)
		SELECT count(*) FILTER (WHERE current IS NULL), count(*) FILTER (WHERE differs), count(*) FROM cur`, approved).Scan(&added, &changed, &all)
	if err != nil {
		return c, mapErr(err)
	}
	c.Added += added
	c.Changed, c.Unchanged = changed, all-added-changed
	return c, nil
}
