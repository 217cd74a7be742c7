package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"planwatch"
)

// stateOf is the SQL of the approval state of the observation row alias
// o: its latest decision, else approved when its revision was.
const stateOf = `coalesce((SELECT a.state FROM approval a WHERE a.series_id = o.series_id AND a.period = o.period AND a.version = o.version ORDER BY a.id DESC LIMIT 1),
	CASE WHEN (SELECT r.approved FROM revision r WHERE r.id = o.revision_id) THEN 'approved' ELSE 'draft' END)`

const notApproved = stateOf + ` <> 'approved'`

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

// approvals reads the states the filter's read needs: the decisions on
// the series that where (a condition on a.series_id, with its args)
// selects, all of them when where is "". A decision counts when its
// revision is within f.Revision and was recorded by f.KnownOn.
func (r reader) approvals(ctx context.Context, f planwatch.ObservationFilter, where string, args ...any) (*approvals, error) {
	a := &approvals{revs: map[int64]bool{}, decided: map[figureVersion]planwatch.ApprovalState{}}
	rows, err := r.q.QueryContext(ctx, `SELECT id FROM revision WHERE approved`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		a.revs[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	q := `SELECT a.series_id, a.period, a.version, a.state, a.revision_id, r.recorded_at FROM approval a JOIN revision r ON r.id = a.revision_id`
	var conds []string
	if where != "" {
		conds = append(conds, where)
	}
	if f.Revision != 0 {
		conds = append(conds, `a.revision_id <= ?`)
		args = append(slices.Clip(args), f.Revision)
	}
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, " AND ")
	}
	rows, err = r.q.QueryContext(ctx, q+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k figureVersion
		var state, at string
		var rev int64
		if err := rows.Scan(&k.series, &k.period, &k.version, &state, &rev, &at); err != nil {
			return nil, err
		}
		if !f.KnownOn.IsZero() {
			t, _ := time.Parse(time.RFC3339Nano, at)
			if !f.Known(t) {
				continue
			}
		}
		a.decided[k] = planwatch.ApprovalState(state)
	}
	return a, rows.Err()
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
		err := t.tx.QueryRowContext(ctx, `SELECT s.id, u.code FROM series s JOIN unit u ON u.id = s.unit_id WHERE s.unit_id = ? AND s.indicator = ? AND s.dims = ?`,
			ref.Key.Unit, ref.Key.Indicator, string(ref.Key.Dims)).Scan(&sid, &unitCode)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, noFigure(ref)
		} else if err != nil {
			return nil, err
		}
		q := `SELECT o.version, ` + stateOf + ` FROM observation o WHERE o.series_id = ? AND o.period = ?`
		args := []any{sid, per}
		if ref.Version > 0 {
			q += ` AND o.version = ?`
			args = append(args, ref.Version)
		}
		var version int
		var state string
		err = t.tx.QueryRowContext(ctx, q+` ORDER BY o.version DESC LIMIT 1`, args...).Scan(&version, &state)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, noFigure(ref)
		} else if err != nil {
			return nil, err
		}
		if d.State == planwatch.Approved && state == string(planwatch.Approved) {
			continue
		}
		if rev == 0 {
			if rev, err = t.revisionID(ctx, t.actor.User, false); err != nil {
				return nil, err
			}
		}
		if _, err := t.exec(ctx, `INSERT INTO approval (revision_id, series_id, period, version, state, comment) VALUES (?, ?, ?, ?, ?, ?)`,
			rev, sid, per, version, string(d.State), d.Comment); err != nil {
			return nil, err
		}
		a := planwatch.Approval{FigureRef: planwatch.FigureRef{Key: ref.Key, Period: ref.Period, Version: version}, UnitCode: unitCode,
			State: d.State, Comment: d.Comment, By: t.actor.User, Via: t.actor.Via}
		a.At, _ = time.Parse(time.RFC3339Nano, t.now)
		out = append(out, a)
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
	rows, err := r.q.QueryContext(ctx, `SELECT u.code, a.version, a.state, a.comment, rv.recorded_by, rv.via, rv.recorded_at
		FROM approval a JOIN series s ON s.id = a.series_id JOIN unit u ON u.id = s.unit_id JOIN revision rv ON rv.id = a.revision_id
		WHERE s.unit_id = ? AND s.indicator = ? AND s.dims = ? AND a.period = ? ORDER BY a.id`, k.Unit, k.Indicator, string(k.Dims), p)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.Approval
	for rows.Next() {
		a := planwatch.Approval{FigureRef: planwatch.FigureRef{Key: k}}
		var at string
		if err := rows.Scan(&a.UnitCode, &a.Version, &a.State, &a.Comment, &a.By, &a.Via, &at); err != nil {
			return nil, err
		}
		if err := a.Period.UnmarshalText([]byte(p)); err != nil {
			return nil, err
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, rows.Err()
}
