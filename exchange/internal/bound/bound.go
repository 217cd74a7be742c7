// Package bound keeps a bad file from costing the memory it would take to
// read: a reader that passes a CSV file through while following its
// quoting, and fails once a field, a row or a row's fields pass a bound.
// exchange's readers, and those of the format packages, use it.
package bound

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
)

// Bounds of what a file may hold, so that a bad file costs an error and
// not the memory it would take to read it: a field of 50 MB is refused
// after its first 64 KiB.
const (
	MaxField = 64 << 10 // bytes in one field
	MaxRow   = 1 << 20  // bytes in one row, quoted line breaks included
	// MaxFields is the most fields a row may have: the CSV reader keeps
	// some 50 bytes of its own for each.
	MaxFields = 4096
	// MaxAdminFile is the largest official administrative file read; they
	// are read whole, and the largest real one is 1.5 MB.
	MaxAdminFile = 16 << 20
)

// TooLongError is a field or row over its bound. Line is the line of the
// file it is on; Opened, for a field inside quotes, the line the quote
// opened on.
type TooLongError struct {
	File   string
	Line   int
	What   string // "field", "row" or "file"
	Limit  int
	Opened int
	Fields bool // Limit counts fields, not bytes
}

// Msg is the problem without its place.
func (e *TooLongError) Msg() string {
	if e.Fields {
		return fmt.Sprintf("%s of more than %d fields", e.What, e.Limit)
	}
	if e.What == "file" {
		return fmt.Sprintf("larger than %s: split it into smaller files", Size(e.Limit))
	}
	msg := fmt.Sprintf("%s longer than %s", e.What, Size(e.Limit))
	if e.Opened > 0 {
		msg += fmt.Sprintf(" (in quotes opened on line %d: is the closing quote missing?)", e.Opened)
	}
	return msg
}

func (e *TooLongError) Error() string {
	switch {
	case e.Line == 0:
		return e.File + ": " + e.Msg()
	case e.File == "":
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg())
	}
	return fmt.Sprintf("%s line %d: %s", e.File, e.Line, e.Msg())
}

func Size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// Reader passes a CSV file through while following its quoting, and
// fails once a field passes MaxField or a row MaxRow: the CSV reader above
// it, which would gather a whole row however long, never holds more than
// the bounds and its buffer. Quotes toggle the quoted state; a doubled
// quote inside a quoted field toggles it twice, so valid CSV is followed
// exactly.
type Reader struct {
	r          io.Reader
	file       string
	comma      byte
	maxField   int
	maxRow     int
	maxFields  int
	quoted     bool
	opened     int // the line the open quote is on
	field, row int // bytes so far in the current field and row
	fields     int // fields so far in the row
	line       int // the line being read, from 1
	err        error
}

// NewReader bounds a CSV file separated by comma; comma 0 stands
// for any of , ; tab and |, for a format whose separator the file itself
// declares.
func NewReader(file string, r io.Reader, comma byte) *Reader {
	return &Reader{r: r, file: file, comma: comma, maxField: MaxField, maxRow: MaxRow, maxFields: MaxFields, line: 1}
}

func (b *Reader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.r.Read(p)
	data := p[:n]
	quote := -1 // where the next quote is, once looked for
	for i := 0; i < n; {
		if quote < i {
			if quote = bytes.IndexByte(data[i:], '"'); quote < 0 {
				quote = n
			} else {
				quote += i
			}
		}
		// Most lines have no quotes and are too short to pass a bound:
		// skip them whole.
		j := bytes.IndexByte(data[i:], '\n')
		if !b.quoted && j >= 0 && i+j < quote && b.row+j <= b.maxField && b.fields+j < b.maxFields {
			b.line++
			b.field, b.row, b.fields = 0, 0, 0
			i += j + 1
			continue
		}
		// The others byte by byte, to the end of the line or the data.
		end := n
		if j >= 0 {
			end = i + j + 1
		}
		for ; i < end; i++ {
			if !b.step(data[i]) {
				return i, nil
			}
		}
	}
	return n, err
}

// step follows one byte; it reports false, with b.err set, when the byte
// passes a bound.
func (b *Reader) step(c byte) bool {
	switch {
	case c == '"':
		b.quoted = !b.quoted
		if b.quoted {
			b.opened = b.line
		}
		b.field++
	case b.quoted:
		b.field++
	case c == '\n':
		b.line++
		b.field, b.row, b.fields = 0, 0, 0
		return true
	case c == b.comma || b.comma == 0 && (c == ',' || c == ';' || c == '\t' || c == '|'):
		b.field = 0
		if b.fields++; b.fields >= b.maxFields {
			b.err = &TooLongError{File: b.file, Line: b.line, What: "row", Limit: b.maxFields, Fields: true}
			return false
		}
	default:
		b.field++
	}
	b.row++
	if b.field > b.maxField {
		e := &TooLongError{File: b.file, Line: b.line, What: "field", Limit: b.maxField}
		if b.quoted {
			e.Opened = b.opened
		}
		b.err = e
		return false
	}
	if b.row > b.maxRow {
		b.err = &TooLongError{File: b.file, Line: b.line, What: "row", Limit: b.maxRow}
		return false
	}
	if c == '\n' { // within quotes
		b.line++
	}
	return true
}
