package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"strconv"
	"time"

	"planwatch"
	"planwatch/exchange"
	"planwatch/postgres"
	"planwatch/sqlite"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "migrate", "migrate --from FILE --to postgres://USER:PASSWORD@HOST:PORT/DB",
		"Copy a whole SQLite store into an empty PostgreSQL database, in one transaction:\n"+
			"every table as it is stored, so every version of every figure with who recorded it\n"+
			"and when (to the microsecond, PostgreSQL's precision), every correction in the change\n"+
			"log, and the same ids. Then check the copy: every table read back row by row from\n"+
			"both, and the canonical export of every kind from both, must be identical.")
	from := fs.String("from", "", "the SQLite `file` to copy")
	to := fs.String("to", "", "the PostgreSQL database to fill (postgres://...); it must exist and hold no planwatch data")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "migrate needs --from FILE and --to postgres://... and nothing else")
		return errUsage
	}
	if isURL(*from) || !isURL(*to) {
		fmt.Fprintln(e.stderr, "migrate copies a SQLite file (--from) into a PostgreSQL database (--to postgres://...)")
		return errUsage
	}
	src, err := sqlite.OpenReadOnly(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	sv, err := src.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if dv, err := dst.SchemaVersion(ctx); err != nil {
		return err
	} else if dv != postgres.LatestSchema() || sv != sqlite.LatestSchema() {
		return planwatch.Errorf(planwatch.EINVALID, "schema versions differ from this planwatch's (SQLite %d of %d, PostgreSQL %d of %d): bring both up to date with planwatch init first",
			sv, sqlite.LatestSchema(), dv, postgres.LatestSchema())
	}
	start := time.Now()
	var copied []tableCopy
	err = dst.Fill(ctx, func(copy func(string, []string, postgres.RowSource) error) error {
		return src.Dump(ctx, func(table string, rows *sqlite.TableRows) error {
			tee := &digestRows{RowSource: rows, h: newRowDigest()}
			if err := copy(table, rows.Columns, tee); err != nil {
				return err
			}
			copied = append(copied, tableCopy{table, rows.Columns, tee.h.rows, tee.h.sum()})
			return nil
		})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "copied %s into %s in %s:\n", *from, displayName(*to), time.Since(start).Round(time.Millisecond))
	for _, c := range copied {
		fmt.Fprintf(e.stdout, "  %-16s %10d rows\n", c.table, c.rows)
	}
	// The check: every table read back, then every kind exported.
	for _, c := range copied {
		h := newRowDigest()
		err := dst.ReadTable(ctx, c.table, c.columns, func(rows postgres.RowSource) error {
			for rows.Next() {
				v, err := rows.Values()
				if err != nil {
					return err
				}
				h.add(v)
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
		if h.rows != c.rows || h.sum() != c.sum {
			return planwatch.Errorf(planwatch.EINTERNAL, "the copy of table %s differs: %d rows read back of %d copied", c.table, h.rows, c.rows)
		}
	}
	for _, l := range exchange.Layouts {
		// Digests, not the exports themselves: a national store's
		// observations export is a gigabyte.
		a, b := sha256.New(), sha256.New()
		if err := exchange.Export(ctx, src, l.Kind, exchange.Filter{}, a); err != nil {
			return fmt.Errorf("export of %s from %s: %w", l.Kind, *from, err)
		}
		if err := exchange.Export(ctx, dst, l.Kind, exchange.Filter{}, b); err != nil {
			return fmt.Errorf("export of %s from the copy: %w", l.Kind, err)
		}
		if !bytes.Equal(a.Sum(nil), b.Sum(nil)) {
			return planwatch.Errorf(planwatch.EINTERNAL, "the export of %s from the copy differs from the original's", l.Kind)
		}
	}
	fmt.Fprintf(e.stdout, "checked: every table read back alike, and the exports of %s identical\n", exchange.KindNames())
	return nil
}

type tableCopy struct {
	table   string
	columns []string
	rows    int64
	sum     [sha256.Size]byte
}

// digestRows passes rows on and digests them.
type digestRows struct {
	postgres.RowSource
	h *rowDigest
}

func (d *digestRows) Values() ([]any, error) {
	v, err := d.RowSource.Values()
	if err == nil {
		d.h.add(v)
	}
	return v, err
}

// rowDigest digests rows as both stores give them: integers of any size
// and booleans alike, floats by their bits, times (and text that is an
// RFC 3339 time, as SQLite keeps them) in UTC to the microsecond, empty
// text as none (SQLite's empty text for a time PostgreSQL has as NULL).
type rowDigest struct {
	h    interface{ Write([]byte) (int, error) }
	rows int64
	sum  func() [sha256.Size]byte
}

func newRowDigest() *rowDigest {
	h := sha256.New()
	return &rowDigest{h: h, sum: func() (s [sha256.Size]byte) { copy(s[:], h.Sum(nil)); return s }}
}

func (d *rowDigest) add(row []any) {
	d.rows++
	var b []byte
	for _, v := range row {
		switch x := v.(type) {
		case nil:
			b = append(b, 'N') // as SQLite's empty text for no time
		case bool:
			if x {
				b = append(b, 'i', '1')
			} else {
				b = append(b, 'i', '0')
			}
		case int64:
			b = strconv.AppendInt(append(b, 'i'), x, 10)
		case int32:
			b = strconv.AppendInt(append(b, 'i'), int64(x), 10)
		case int16:
			b = strconv.AppendInt(append(b, 'i'), int64(x), 10)
		case float64:
			b = strconv.AppendUint(append(b, 'f'), math.Float64bits(x), 16)
		case time.Time:
			b = append(append(b, 't'), x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)...)
		case string:
			if x == "" {
				b = append(b, 'N')
			} else if t, err := time.Parse(time.RFC3339Nano, x); err == nil && len(x) >= 20 {
				b = append(append(b, 't'), t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)...)
			} else {
				b = append(append(b, 's'), x...)
			}
		default:
			b = fmt.Appendf(append(b, '?'), "%T:%v", x, x)
		}
		b = append(b, 0)
	}
	d.h.Write(append(b, '\n'))
}
