package exchange

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"planwatch/excerpt"
	"planwatch/exchange/internal/bound"
)

// Bounds of what a file may hold (see package bound).
const (
	MaxField     = bound.MaxField
	MaxRow       = bound.MaxRow
	MaxFields    = bound.MaxFields
	MaxCode      = 64 // characters in a code (unit, indicator, plan, group, dimension)
	MaxAdminFile = bound.MaxAdminFile
	// MaxDocument is the largest JSON or XML file of another system read
	// (SDMX-JSON, DHIS2): they are parsed whole.
	MaxDocument = 64 << 20
)

// TooLongError is a field, row or file over its bound.
type TooLongError = bound.TooLongError

func newBoundedReader(file string, r io.Reader, comma byte) *bound.Reader {
	return bound.NewReader(file, r, comma)
}

func size(n int) string { return bound.Size(n) }

// cappedReader passes up to max bytes, and one more, and then fails: a
// file of max bytes reads whole.
type cappedReader struct {
	r    io.Reader
	file string
	max  int
	left int // bytes still to pass, from max+1
}

func newCappedReader(file string, r io.Reader, max int) *cappedReader {
	return &cappedReader{r: r, file: file, max: max, left: max + 1}
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, &TooLongError{File: c.file, What: "file", Limit: c.max}
	}
	if len(p) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= n
	return n, err
}

// bounded is r read within the bounds of a format: a CSV format's fields
// and rows, a JSON or XML document's size.
func bounded(file, format string, r io.Reader) io.Reader {
	if strings.Contains(format, "csv") {
		return newBoundedReader("", r, 0)
	}
	return newCappedReader(file, r, MaxDocument)
}

// readAtMost reads all of r, failing when it holds more than max bytes.
func readAtMost(r io.Reader, max int) ([]byte, error) {
	// Chunks that double up to 1 MiB, joined once at the end: a file is
	// held at most twice, and a file too large once, up to its bound
	// (io.ReadAll's growing slice allocates several times the bound).
	var chunks [][]byte
	total, chunk := 0, 64<<10
	for {
		buf := make([]byte, min(chunk, max+1-total))
		n, err := io.ReadFull(r, buf)
		chunks = append(chunks, buf[:n])
		total += n
		if total > max {
			return nil, fmt.Errorf("larger than %s, more than an official administrative file holds", size(max))
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		chunk = min(2*chunk, 1<<20)
	}
	return bytes.Join(chunks, nil), nil
}

// shortQuotes shortens every quoted value in a message (as %q writes them)
// to excerpt.Max characters: the domain's parsers quote what they refuse
// whole.
func shortQuotes(msg string) string {
	if len(msg) <= 2*excerpt.Max {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '"')
		if i < 0 {
			break
		}
		q, err := strconv.QuotedPrefix(msg[i:])
		if err != nil {
			b.WriteString(msg[:i+1])
			msg = msg[i+1:]
			continue
		}
		b.WriteString(msg[:i])
		if s, err := strconv.Unquote(q); err == nil && utf8.RuneCountInString(s) > excerpt.Max {
			b.WriteString(excerpt.Quote(s))
		} else {
			b.WriteString(q)
		}
		msg = msg[i+len(q):]
	}
	b.WriteString(msg)
	return b.String()
}
