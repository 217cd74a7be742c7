package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"planwatch"
)

// RowSource gives the rows of one table as they are stored, for Fill (the
// SQLite store's TableRows is one).
type RowSource interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}

// Fill copies whole tables into this store, which must be empty, in one
// transaction: each table named by copy, with its columns and rows as they
// are stored elsewhere (ids, every version, the change log), in an order in
// which each table comes after those it refers to. Times given as text
// (RFC 3339) are read into the timestamp columns. After the copy, each
// table's generated ids continue after the highest copied. Nothing stays
// when anything fails.
func (db *DB) Fill(ctx context.Context, tables func(copy func(table string, columns []string, rows RowSource) error) error) error {
	return mapErr(pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		types := map[[2]string]string{}
		rows, err := tx.Query(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t, c, ty string
			if err := rows.Scan(&t, &c, &ty); err != nil {
				return err
			}
			types[[2]string{t, c}] = ty
		}
		if err := rows.Err(); err != nil {
			return err
		}
		var filled []string
		err = tables(func(table string, columns []string, src RowSource) error {
			var n int64
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&n); err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
			if n > 0 {
				return planwatch.Errorf(planwatch.ECONFLICT, "table %s already holds %d rows: migrate fills an empty database only", table, n)
			}
			kinds := make([]string, len(columns))
			for i, c := range columns {
				ty, ok := types[[2]string{table, c}]
				if !ok {
					return planwatch.Errorf(planwatch.EINVALID, "column %s.%s is not in this database's schema", table, c)
				}
				kinds[i] = ty
			}
			conv := &convert{src: src, types: kinds}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, conv); err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
			filled = append(filled, table)
			return nil
		})
		if err != nil {
			return err
		}
		// Identity columns continue after the copied ids.
		ids, err := tx.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`)
		if err != nil {
			return err
		}
		var seqs [][2]string
		for ids.Next() {
			var t, c string
			if err := ids.Scan(&t, &c); err != nil {
				return err
			}
			seqs = append(seqs, [2]string{t, c})
		}
		if err := ids.Err(); err != nil {
			return err
		}
		for _, s := range seqs {
			t, c := pgx.Identifier{s[0]}.Sanitize(), pgx.Identifier{s[1]}.Sanitize()
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(`+c+`) FROM `+t+`), 0) + 1, false)`, s[0], s[1]); err != nil {
				return fmt.Errorf("%s: %w", s[0], err)
			}
		}
		return nil
	}))
}

// convert reads what another store keeps as text or integers into the
// column's type: times (RFC 3339 text, none when empty) into timestamps,
// 0 and 1 into booleans.
type convert struct {
	src   RowSource
	types []string
}

func (c *convert) Next() bool { return c.src.Next() }
func (c *convert) Err() error { return c.src.Err() }

func (c *convert) Values() ([]any, error) {
	row, err := c.src.Values()
	if err != nil {
		return nil, err
	}
	for i, v := range row {
		if i >= len(c.types) {
			break
		}
		switch x := v.(type) {
		case string:
			if c.types[i] != "timestamp with time zone" {
				continue
			}
			if x == "" {
				row[i] = nil
				continue
			}
			t, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return nil, planwatch.Errorf(planwatch.EINVALID, "time %q: %v", x, err)
			}
			row[i] = t
		case int64:
			if c.types[i] == "boolean" {
				row[i] = x != 0
			}
		}
	}
	return row, nil
}

// ReadTable reads the given columns of one table, every row as it is
// stored, in the order of its primary key, for checking a copy that Fill
// made. Times come as time.Time.
func (db *DB) ReadTable(ctx context.Context, table string, columns []string, fn func(rows RowSource) error) error {
	var pk []string
	keys, err := db.pool.Query(ctx, `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
		WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`, table)
	if err != nil {
		return mapErr(err)
	}
	for keys.Next() {
		var k string
		if err := keys.Scan(&k); err != nil {
			keys.Close()
			return mapErr(err)
		}
		pk = append(pk, pgx.Identifier{k}.Sanitize())
	}
	if err := keys.Err(); err != nil {
		return mapErr(err)
	}
	if len(pk) == 0 {
		return planwatch.Errorf(planwatch.EINVALID, "table %s has no primary key", table)
	}
	cols := make([]string, len(columns))
	for i, c := range columns {
		cols[i] = pgx.Identifier{c}.Sanitize()
	}
	rows, err := db.pool.Query(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+pgx.Identifier{table}.Sanitize()+` ORDER BY `+strings.Join(pk, ", "))
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	src := &pgRows{rows: rows}
	if err := fn(src); err != nil {
		return err
	}
	return mapErr(rows.Err())
}

type pgRows struct{ rows pgx.Rows }

func (r *pgRows) Next() bool             { return r.rows.Next() }
func (r *pgRows) Values() ([]any, error) { return r.rows.Values() }
func (r *pgRows) Err() error             { return r.rows.Err() }
