package sqlite

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"planwatch"
)

// Audit lists changes newest first: the rows of the audit table, the
// figures' versions and the decisions on them, each of the last two told
// by its revision (who, when, from where).
func (r reader) Audit(ctx context.Context, f planwatch.AuditFilter) ([]planwatch.AuditEntry, error) {
	out, err := r.auditRows(ctx, f)
	if err != nil {
		return nil, err
	}
	if f.Wants("observations") || f.Wants(planwatch.AuditApprovals) {
		revs, err := r.auditRevisions(ctx, f)
		if err != nil {
			return nil, err
		}
		if len(revs.ids) > 0 {
			if f.Wants("observations") {
				figs, err := r.auditFigures(ctx, f, revs)
				if err != nil {
					return nil, err
				}
				out = append(out, figs...)
			}
			if f.Wants(planwatch.AuditApprovals) {
				ds, err := r.auditDecisions(ctx, f, revs)
				if err != nil {
					return nil, err
				}
				out = append(out, ds...)
			}
		}
	}
	planwatch.SortAudit(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// unitCondition is the SQL condition and arguments selecting the units of
// the filter on column, or "" for all.
func unitCondition(column string, units []int64) (string, []any) {
	if len(units) == 0 {
		return "", nil
	}
	args := make([]any, len(units))
	for i, id := range units {
		args[i] = id
	}
	return column + ` IN (` + placeholders(len(units)) + `)`, args
}

func (r reader) auditRows(ctx context.Context, f planwatch.AuditFilter) ([]planwatch.AuditEntry, error) {
	var where []string
	var args []any
	if c, a := unitCondition("a.unit_id", f.Units); c != "" {
		where, args = append(where, c), append(args, a...)
	}
	if f.User != "" {
		where, args = append(where, `a.actor = ?`), append(args, f.User)
	}
	if len(f.Kinds) > 0 {
		where = append(where, `a.kind IN (`+placeholders(len(f.Kinds))+`)`)
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	q := `SELECT a.at, a.actor, a.via, a.kind, a.key, coalesce(a.unit_id, 0), coalesce(u.code, ''), a.before, a.after FROM audit a LEFT JOIN unit u ON u.id = a.unit_id`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := r.q.QueryContext(ctx, q+` ORDER BY a.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.AuditEntry
	for rows.Next() {
		var e planwatch.AuditEntry
		var at string
		if err := rows.Scan(&at, &e.User, &e.Via, &e.Kind, &e.Key, &e.Unit, &e.UnitCode, &e.Before, &e.After); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		if f.Match(e) {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

// auditRevs are the revisions whose figures and decisions an audit lists.
type auditRevs struct {
	ids      map[int64]revisionInfo
	min, max int64
	// all says that every revision from min to max is wanted.
	all bool
}

type revisionInfo struct {
	at      time.Time
	by, via string
}

func (r reader) auditRevisions(ctx context.Context, f planwatch.AuditFilter) (auditRevs, error) {
	revs := auditRevs{ids: map[int64]revisionInfo{}, all: true}
	rows, err := r.q.QueryContext(ctx, `SELECT id, recorded_at, recorded_by, via FROM revision ORDER BY id`)
	if err != nil {
		return revs, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at string
		var ri revisionInfo
		if err := rows.Scan(&id, &at, &ri.by, &ri.via); err != nil {
			return revs, err
		}
		ri.at = parseTime(at)
		if f.User != "" && ri.by != f.User || !f.From.IsZero() && ri.at.Before(f.From) || !f.To.IsZero() && !ri.at.Before(f.To) {
			if len(revs.ids) > 0 {
				revs.all = false // a gap, unless nothing after it is wanted
			}
			continue
		}
		if len(revs.ids) == 0 {
			revs.min = id
		} else if id != revs.max+1 {
			revs.all = false
		}
		revs.ids[id] = ri
		revs.max = id
	}
	return revs, rows.Err()
}

// revisionCondition selects the wanted revisions on column.
func (revs auditRevs) condition(column string) (string, []any) {
	if revs.all {
		return column + ` BETWEEN ? AND ?`, []any{revs.min, revs.max}
	}
	ids := make([]int64, 0, len(revs.ids))
	for id := range revs.ids {
		ids = append(ids, id)
	}
	b, _ := json.Marshal(ids)
	return column + ` IN (SELECT value FROM json_each(?))`, []any{string(b)}
}

func limitClause(n int) string {
	if n <= 0 {
		return ""
	}
	return ` LIMIT ` + strconv.Itoa(n)
}

func (r reader) auditFigures(ctx context.Context, f planwatch.AuditFilter, revs auditRevs) ([]planwatch.AuditEntry, error) {
	cond, args := revs.condition("o.revision_id")
	if c, a := unitCondition("unit_id", f.Units); c != "" {
		cond += ` AND o.series_id IN (SELECT id FROM series WHERE ` + c + `)`
		args = append(args, a...)
	}
	rows, err := r.q.QueryContext(ctx, `SELECT s.unit_id, u.code, u.valid_from, s.indicator, s.dims, o.period, o.version, o.value, o.status, src.text, o.note, o.revision_id,
			p.version IS NOT NULL, coalesce(p.value, 0), coalesce(p.status, ''), coalesce(psrc.text, ''), coalesce(p.note, '')
		FROM observation o JOIN series s ON s.id = o.series_id JOIN unit u ON u.id = s.unit_id JOIN source src ON src.id = o.source_id
		LEFT JOIN observation p ON p.series_id = o.series_id AND p.period = o.period AND p.version = o.version - 1
		LEFT JOIN source psrc ON psrc.id = p.source_id
		WHERE `+cond+` ORDER BY o.revision_id DESC, o.series_id, o.period`+limitClause(f.Limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.AuditEntry
	for rows.Next() {
		var e planwatch.AuditEntry
		var from, ind, dims, per, status, source, note, pstatus, psource, pnote string
		var version int
		var value, pvalue float64
		var rev int64
		var prev bool
		if err := rows.Scan(&e.Unit, &e.UnitCode, &from, &ind, &dims, &per, &version, &value, &status, &source, &note, &rev,
			&prev, &pvalue, &pstatus, &psource, &pnote); err != nil {
			return nil, err
		}
		ri := revs.ids[rev]
		e.At, e.User, e.Via, e.Kind = ri.at, ri.by, ri.via, "observations"
		e.Key = planwatch.FigureKey(unitRef(e.UnitCode, from), ind, planwatch.Dims(dims), per, version)
		e.After = planwatch.FigureFields(value, status, source, note)
		if prev {
			e.Before = planwatch.FigureFields(pvalue, pstatus, psource, pnote)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func unitRef(code, from string) string {
	if from == "" {
		return code
	}
	return code + "@" + from
}

func (r reader) auditDecisions(ctx context.Context, f planwatch.AuditFilter, revs auditRevs) ([]planwatch.AuditEntry, error) {
	cond, args := revs.condition("a.revision_id")
	if c, a := unitCondition("unit_id", f.Units); c != "" {
		cond += ` AND a.series_id IN (SELECT id FROM series WHERE ` + c + `)`
		args = append(args, a...)
	}
	rows, err := r.q.QueryContext(ctx, `SELECT s.unit_id, u.code, u.valid_from, s.indicator, s.dims, a.period, a.version, a.state, a.comment, a.revision_id,
			coalesce((SELECT p.state FROM approval p WHERE p.series_id = a.series_id AND p.period = a.period AND p.version = a.version AND p.id < a.id ORDER BY p.id DESC LIMIT 1),
				CASE WHEN (SELECT r.approved FROM observation o JOIN revision r ON r.id = o.revision_id
					WHERE o.series_id = a.series_id AND o.period = a.period AND o.version = a.version) THEN 'approved' ELSE 'draft' END)
		FROM approval a JOIN series s ON s.id = a.series_id JOIN unit u ON u.id = s.unit_id
		WHERE `+cond+` ORDER BY a.id DESC`+limitClause(f.Limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planwatch.AuditEntry
	for rows.Next() {
		var e planwatch.AuditEntry
		var from, ind, dims, per, state, comment, prev string
		var version int
		var rev int64
		if err := rows.Scan(&e.Unit, &e.UnitCode, &from, &ind, &dims, &per, &version, &state, &comment, &rev, &prev); err != nil {
			return nil, err
		}
		ri := revs.ids[rev]
		e.At, e.User, e.Via, e.Kind = ri.at, ri.by, ri.via, planwatch.AuditApprovals
		e.Key = planwatch.FigureKey(unitRef(e.UnitCode, from), ind, planwatch.Dims(dims), per, version)
		e.Before = planwatch.DecisionFields(planwatch.ApprovalState(prev), "")
		e.After = planwatch.DecisionFields(planwatch.ApprovalState(state), comment)
		out = append(out, e)
	}
	return out, rows.Err()
}
