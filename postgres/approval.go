package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"planwatch"
)

// stateSQL is the SQL of the approval state of a version of a figure
// (its series, period, version and revision columns): its latest
// decision, else approved when its revision was.
func stateSQL(series, period, version, revision string) string {
	return `coalesce((SELECT a.state FROM approval a WHERE a.series_id = ` + series + ` AND a.period = ` + period + ` AND a.version = ` + version + ` ORDER BY a.id DESC LIMIT 1),
		CASE WHEN (SELECT r.approved FROM revision r WHERE r.id = ` + revision + `) THEN 'approved' ELSE 'draft' END)`
}

// figureVersion names one version of a figure by its series id.
type figureVersion struct {
	series  int64
	period  string
	version int
}

// approvals is what a read needs to tell each version's state: the
// revisions approved as written and the latest decision on each version
// that counts under the filter.
type approvals struct {
	revs    map[int64]bool
	decided map[figureVersion]planwatch.ApprovalState
}

func (a *approvals) state(series int64, period string, version int, rev int64) planwatch.ApprovalState {
	if s, ok := a.decided[figureVersion{series, period, version}]; ok {
		return s
	}
	if a.revs[rev] {
		return planwatch.Approved
	}
	return planwatch.Draft
}

// approvals reads the states a read of the series ids (all when ids is
// nil) needs. A decision counts when its revision is within f.Revision
// and was recorded by f.KnownOn.
func (r reader) approvals(ctx context.Context, f planwatch.ObservationFilter, ids []int64) (*approvals, error) {
	a := &approvals{revs: map[int64]bool{}, decided: map[figureVersion]planwatch.ApprovalState{}}
	if _, err := collect(ctx, r.q, func(rows pgx.Rows) (struct{}, error) {
		var id int64
		err := rows.Scan(&id)
		a.revs[id] = true
		return struct{}{}, err
	}, `SELECT id FROM revision WHERE approved`); err != nil {
		return nil, err
	}
	q := `SELECT a.series_id, a.period, a.version, a.state, r.recorded_at FROM approval a JOIN revision r ON r.id = a.revision_id WHERE true`
	var args []any
	if ids != nil {
		args = append(args, ids)
		q += fmt.Sprintf(` AND a.series_id = ANY($%d)`, len(args))
	}
	if f.Revision != 0 {
		args = append(args, f.Revision)
		q += fmt.Sprintf(` AND a.revision_id <= $%d`, len(args))
	}
	_, err := collect(ctx, r.q, func(rows pgx.Rows) (struct{}, error) {
		var k figureVersion
		var state string
		var at time.Time
		if err := rows.Scan(&k.series, &k.period, &k.version, &state, &at); err != nil {
			return struct{}{}, err
		}
		if f.Known(at.UTC()) {
			a.decided[k] = planwatch.ApprovalState(state)
		}
		return struct{}{}, nil
	}, q+` ORDER BY a.id`, args...)
	return a, err
}

// Decide records a decision on each figure's version, in a revision of
// the transaction's actor.
func (t *tx) Decide(ctx context.Context, refs []planwatch.FigureRef, d planwatch.Decision) ([]planwatch.Approval, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	var out []planwatch.Approval
	var rev int64
	for _, ref := range refs {
		per := ref.Period.String()
		var sid int64
		var unitCode string
		found, err := t.row(ctx, `SELECT s.id, u.code FROM series s JOIN unit u ON u.id = s.unit_id WHERE s.unit_id = $1 AND s.indicator = $2 AND s.dims = $3`,
			[]any{ref.Key.Unit, ref.Key.Indicator, string(ref.Key.Dims)}, &sid, &unitCode)
		if err != nil {
			return nil, err
		} else if !found {
			return nil, noFigure(ref)
		}
		q := `SELECT o.version, ` + stateSQL("o.series_id", "o.period", "o.version", "o.revision_id") + ` FROM observation o WHERE o.series_id = $1 AND o.period = $2`
		args := []any{sid, per}
		if ref.Version > 0 {
			q += ` AND o.version = $3`
			args = append(args, ref.Version)
		}
		var version int
		var state string
		found, err = t.row(ctx, q+` ORDER BY o.version DESC LIMIT 1`, args, &version, &state)
		if err != nil {
			return nil, err
		} else if !found {
			return nil, noFigure(ref)
		}
		if d.State == planwatch.Approved && state == string(planwatch.Approved) {
			continue
		}
		if rev == 0 {
			if rev, err = t.revisionID(ctx, t.actor.User, false); err != nil {
				return nil, err
			}
		}
		if err := t.exec(ctx, `INSERT INTO approval (revision_id, series_id, period, version, state, comment) VALUES ($1, $2, $3, $4, $5, $6)`,
			rev, sid, per, version, string(d.State), d.Comment); err != nil {
			return nil, err
		}
		out = append(out, planwatch.Approval{FigureRef: planwatch.FigureRef{Key: ref.Key, Period: ref.Period, Version: version}, UnitCode: unitCode,
			State: d.State, Comment: d.Comment, By: t.actor.User, Via: t.actor.Via, At: t.now})
	}
	return out, nil
}

func noFigure(ref planwatch.FigureRef) error {
	what := strings.Join(strings.Fields(fmt.Sprintf("%s %s %s", ref.Key.Indicator, ref.Key.Dims, ref.Period)), " ")
	if ref.Version > 0 {
		return planwatch.Errorf(planwatch.ENOTFOUND, "no version %d of %s of unit %d", ref.Version, what, ref.Key.Unit)
	}
	return planwatch.Errorf(planwatch.ENOTFOUND, "no figure %s of unit %d", what, ref.Key.Unit)
}

// Approvals lists the decisions on one figure's versions, oldest first.
func (r reader) Approvals(ctx context.Context, k planwatch.SeriesKey, p string) ([]planwatch.Approval, error) {
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.Approval, error) {
		a := planwatch.Approval{FigureRef: planwatch.FigureRef{Key: k}}
		if err := rows.Scan(&a.UnitCode, &a.Version, &a.State, &a.Comment, &a.By, &a.Via, &a.At); err != nil {
			return a, err
		}
		a.At = a.At.UTC()
		return a, a.Period.UnmarshalText([]byte(p))
	}, `SELECT u.code, a.version, a.state, a.comment, rv.recorded_by, rv.via, rv.recorded_at
		FROM approval a JOIN series s ON s.id = a.series_id JOIN unit u ON u.id = s.unit_id JOIN revision rv ON rv.id = a.revision_id
		WHERE s.unit_id = $1 AND s.indicator = $2 AND s.dims = $3 AND a.period = $4 ORDER BY a.id`, k.Unit, k.Indicator, string(k.Dims), p)
}
