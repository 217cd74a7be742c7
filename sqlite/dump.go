package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// TableRows is one table of the store read row by row, as it is stored
// (ids, times as text, every version of every figure), for copying a store
// whole (planwatch migrate). Next, Values and Err are what a bulk copy
// reads (pgx's CopyFromSource).
type TableRows struct {
	Columns []string
	rows    *sql.Rows
	vals    []any
	err     error
}

// Next moves to the next row.
func (t *TableRows) Next() bool {
	if t.err != nil || !t.rows.Next() {
		return false
	}
	ptrs := make([]any, len(t.vals))
	for i := range t.vals {
		t.vals[i] = nil
		ptrs[i] = &t.vals[i]
	}
	if err := t.rows.Scan(ptrs...); err != nil {
		t.err = err
		return false
	}
	return true
}

// Values gives the current row: int64, float64, string or nil, as SQLite
// holds them ([]byte is given as a string).
func (t *TableRows) Values() ([]any, error) {
	row := make([]any, len(t.vals))
	for i, v := range t.vals {
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		row[i] = v
	}
	return row, nil
}

// Err is the error that ended the rows, if any.
func (t *TableRows) Err() error {
	if t.err != nil {
		return mapErr(t.err)
	}
	return mapErr(t.rows.Err())
}

// Dump reads every table of the store within one read transaction, so that
// what fn sees is the store at one moment: the tables in an order in which
// each comes after those it refers to, the rows of each by primary key. The
// migrations' own record is left out.
func (db *DB) Dump(ctx context.Context, fn func(table string, rows *TableRows) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback()
	tables, err := dumpOrder(ctx, tx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := dumpTable(ctx, tx, t, fn); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

func dumpTable(ctx context.Context, tx *sql.Tx, table string, fn func(string, *TableRows) error) error {
	var pk []string
	cols, err := tx.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return mapErr(err)
	}
	var names []string
	order := map[int]string{}
	for cols.Next() {
		var n string
		var k int
		if err := cols.Scan(&n, &k); err != nil {
			cols.Close()
			return mapErr(err)
		}
		names = append(names, n)
		if k > 0 {
			order[k] = n
		}
	}
	cols.Close()
	for k := 1; k <= len(order); k++ {
		pk = append(pk, `"`+order[k]+`"`)
	}
	if len(pk) == 0 {
		pk = []string{"rowid"}
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = `"` + n + `"`
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM "`+table+`" ORDER BY `+strings.Join(pk, ", "))
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	tr := &TableRows{Columns: names, rows: rows, vals: make([]any, len(names))}
	if err := fn(table, tr); err != nil {
		return err
	}
	return tr.Err()
}

// dumpOrder lists the store's tables, each after the tables its foreign
// keys name (a table naming itself aside), by name otherwise.
func dumpOrder(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migration' ORDER BY name`)
	if err != nil {
		return nil, mapErr(err)
	}
	var all []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		all = append(all, n)
	}
	rows.Close()
	refs := map[string][]string{}
	for _, t := range all {
		fk, err := tx.QueryContext(ctx, `SELECT "table" FROM pragma_foreign_key_list(?)`, t)
		if err != nil {
			return nil, mapErr(err)
		}
		for fk.Next() {
			var r string
			if err := fk.Scan(&r); err != nil {
				fk.Close()
				return nil, mapErr(err)
			}
			if r != t && !slices.Contains(refs[t], r) {
				refs[t] = append(refs[t], r)
			}
		}
		fk.Close()
	}
	var out []string
	done := map[string]bool{}
	for len(out) < len(all) {
		moved := false
		for _, t := range all {
			if done[t] || slices.ContainsFunc(refs[t], func(r string) bool { return !done[r] && slices.Contains(all, r) }) {
				continue
			}
			done[t] = true
			out = append(out, t)
			moved = true
		}
		if !moved {
			return nil, fmt.Errorf("the tables' foreign keys form a cycle")
		}
	}
	return out, nil
}
