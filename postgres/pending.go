package postgres

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"planwatch/internal/held"
)

// pendingRows are the figures of the series this transaction created,
// held to be copied in key order, so that the primary key's index takes
// each at its right end (see package held): a million figures cost the
// server 3.2 s of CPU so, 8.3 s in the loader's chunks, which each landed
// in every series.
type pendingRows struct {
	held.Buffer
	err error // the copy failed: the transaction cannot commit
}

// flushing is the transaction as its reads see it: the held figures are
// copied before any statement.
type flushing struct{ t *tx }

func (f flushing) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := f.t.flush(ctx); err != nil {
		return nil, err
	}
	return f.t.tx.Query(ctx, sql, args...)
}

func (f flushing) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := f.t.flush(ctx); err != nil {
		return errRow{err}
	}
	return f.t.tx.QueryRow(ctx, sql, args...)
}

func (f flushing) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := f.t.flush(ctx); err != nil {
		return pgconn.CommandTag{}, err
	}
	return f.t.tx.Exec(ctx, sql, args...)
}

// errRow is a row that could not be read.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

var errCopyEnded = errors.New("the copy ended")

// flush copies the held figures in key order, as COPY's text, written on
// one goroutine while the server reads it on the connection. An error is
// kept: every later flush returns it, and the transaction rolls back.
func (t *tx) flush(ctx context.Context) error {
	p := &t.pending
	if p.err != nil || p.Len() == 0 {
		return p.err
	}
	pr, pw := io.Pipe()
	wrote := make(chan error, 1)
	go func() {
		w := bufio.NewWriterSize(pw, 1<<16)
		var line []byte
		err := p.Each(func(r *held.Row) error {
			line = appendCopyRow(line[:0], r)
			_, err := w.Write(line)
			return err
		})
		if err == nil {
			err = w.Flush()
		}
		pw.CloseWithError(err) // nil: the end of the data
		wrote <- err
	}()
	_, err := t.tx.Conn().PgConn().CopyFrom(ctx, pr, `COPY observation (`+copyColumns+`) FROM STDIN`)
	pr.CloseWithError(errCopyEnded) // a copy that failed stops the writer
	if werr := <-wrote; err == nil && werr != nil {
		err = werr
	}
	p.err = mapErr(err)
	return p.err
}

const copyColumns = "series_id, period, version, value, status, source_id, note, revision_id"

// appendCopyRow appends a figure as a line of COPY's text format, as
// version 1.
func appendCopyRow(b []byte, r *held.Row) []byte {
	b = strconv.AppendInt(b, r.Series, 10)
	b = append(b, '\t')
	b = appendCopyText(b, r.Period)
	b = append(b, "\t1\t"...)
	// The shortest text that reads back as the same double.
	b = strconv.AppendFloat(b, r.Value, 'g', -1, 64)
	b = append(b, '\t')
	b = appendCopyText(b, r.Status)
	b = append(b, '\t')
	b = strconv.AppendInt(b, r.Source, 10)
	b = append(b, '\t')
	b = appendCopyText(b, r.Note)
	b = append(b, '\t')
	b = strconv.AppendInt(b, r.Rev, 10)
	return append(b, '\n')
}

// appendCopyText appends s escaped for COPY's text format: a backslash,
// tab, newline and carriage return are written with a backslash.
func appendCopyText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, '\\', '\\')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return b
}
