package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

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
	if f.Wants("observations") {
		figs, err := r.auditFigures(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, figs...)
	}
	if f.Wants(planwatch.AuditApprovals) {
		ds, err := r.auditDecisions(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	planwatch.SortAudit(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// auditWhere is the SQL condition of the filter's units, user and times
// on the columns given, with its arguments numbered from len(args)+1.
func auditWhere(f planwatch.AuditFilter, unit, user, at string, args []any) (string, []any) {
	var where []string
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if len(f.Units) > 0 {
		add(unit+` = ANY($%d)`, f.Units)
	}
	if f.User != "" {
		add(user+` = $%d`, f.User)
	}
	if !f.From.IsZero() {
		add(at+` >= $%d`, f.From.UTC())
	}
	if !f.To.IsZero() {
		add(at+` < $%d`, f.To.UTC())
	}
	if len(where) == 0 {
		return "true", args
	}
	return strings.Join(where, " AND "), args
}

func limitClause(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(` LIMIT %d`, n)
}

func (r reader) auditRows(ctx context.Context, f planwatch.AuditFilter) ([]planwatch.AuditEntry, error) {
	cond, args := auditWhere(f, "a.unit_id", "a.actor", "a.at", nil)
	if len(f.Kinds) > 0 {
		args = append(args, f.Kinds)
		cond += fmt.Sprintf(` AND a.kind = ANY($%d)`, len(args))
	}
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.AuditEntry, error) {
		var e planwatch.AuditEntry
		err := rows.Scan(&e.At, &e.User, &e.Via, &e.Kind, &e.Key, &e.Unit, &e.UnitCode, &e.Before, &e.After)
		e.At = e.At.UTC()
		return e, err
	}, `SELECT a.at, a.actor, a.via, a.kind, a.key, coalesce(a.unit_id, 0), coalesce(u.code, ''), a.before, a.after
		FROM audit a LEFT JOIN unit u ON u.id = a.unit_id WHERE `+cond+` ORDER BY a.id DESC`+limitClause(f.Limit), args...)
}

func unitRef(code, from string) string {
	if from == "" {
		return code
	}
	return code + "@" + from
}

func (r reader) auditFigures(ctx context.Context, f planwatch.AuditFilter) ([]planwatch.AuditEntry, error) {
	cond, args := auditWhere(f, "s.unit_id", "rv.recorded_by", "rv.recorded_at", nil)
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.AuditEntry, error) {
		var e planwatch.AuditEntry
		var from, ind, dims, per, status, source, note, pstatus, psource, pnote string
		var version int
		var value, pvalue float64
		var prev bool
		if err := rows.Scan(&e.Unit, &e.UnitCode, &from, &ind, &dims, &per, &version, &value, &status, &source, &note, &e.At, &e.User, &e.Via,
			&prev, &pvalue, &pstatus, &psource, &pnote); err != nil {
			return e, err
		}
		e.At, e.Kind = e.At.UTC(), "observations"
		e.Key = planwatch.FigureKey(unitRef(e.UnitCode, from), ind, planwatch.Dims(dims), per, version)
		e.After = planwatch.FigureFields(value, status, source, note)
		if prev {
			e.Before = planwatch.FigureFields(pvalue, pstatus, psource, pnote)
		}
		return e, nil
	}, `SELECT s.unit_id, u.code, u.valid_from, s.indicator, s.dims, o.period, o.version, o.value, o.status, src.text, o.note, rv.recorded_at, rv.recorded_by, rv.via,
			p.version IS NOT NULL, coalesce(p.value, 0), coalesce(p.status, ''), coalesce(psrc.text, ''), coalesce(p.note, '')
		FROM observation o JOIN series s ON s.id = o.series_id JOIN unit u ON u.id = s.unit_id JOIN source src ON src.id = o.source_id
		JOIN revision rv ON rv.id = o.revision_id
		LEFT JOIN observation p ON p.series_id = o.series_id AND p.period = o.period AND p.version = o.version - 1
		LEFT JOIN source psrc ON psrc.id = p.source_id
		WHERE `+cond+` ORDER BY o.revision_id DESC, o.series_id, o.period`+limitClause(f.Limit), args...)
}

func (r reader) auditDecisions(ctx context.Context, f planwatch.AuditFilter) ([]planwatch.AuditEntry, error) {
	cond, args := auditWhere(f, "s.unit_id", "rv.recorded_by", "rv.recorded_at", nil)
	return collect(ctx, r.q, func(rows pgx.Rows) (planwatch.AuditEntry, error) {
		var e planwatch.AuditEntry
		var from, ind, dims, per, state, comment, prev string
		var version int
		if err := rows.Scan(&e.Unit, &e.UnitCode, &from, &ind, &dims, &per, &version, &state, &comment, &e.At, &e.User, &e.Via, &prev); err != nil {
			return e, err
		}
		e.At, e.Kind = e.At.UTC(), planwatch.AuditApprovals
		e.Key = planwatch.FigureKey(unitRef(e.UnitCode, from), ind, planwatch.Dims(dims), per, version)
		e.Before = planwatch.DecisionFields(planwatch.ApprovalState(prev), "")
		e.After = planwatch.DecisionFields(planwatch.ApprovalState(state), comment)
		return e, nil
	}, `SELECT s.unit_id, u.code, u.valid_from, s.indicator, s.dims, a.period, a.version, a.state, a.comment, rv.recorded_at, rv.recorded_by, rv.via,
			coalesce((SELECT p.state FROM approval p WHERE p.series_id = a.series_id AND p.period = a.period AND p.version = a.version AND p.id < a.id ORDER BY p.id DESC LIMIT 1),
				CASE WHEN (SELECT r.approved FROM observation o JOIN revision r ON r.id = o.revision_id
					WHERE o.series_id = a.series_id AND o.period = a.period AND o.version = a.version) THEN 'approved' ELSE 'draft' END)
		FROM approval a JOIN series s ON s.id = a.series_id JOIN unit u ON u.id = s.unit_id JOIN revision rv ON rv.id = a.revision_id
		WHERE `+cond+` ORDER BY a.id DESC`+limitClause(f.Limit), args...)
}
