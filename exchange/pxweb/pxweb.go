// Package pxweb reads statistics tables as statistics offices publish
// them: PX-Web's CSV downloads (semicolons, a byte-order mark, a title
// line and a blank line, ".." for missing, "Prel. 2016" labels, regions
// and the whole country among the provinces) and wide tables like them
// (a label column, then a column per period), also with Vietnamese
// headers and labels mis-decoded on the way (see decode.go). Worksheets
// of the same shape are read through Parse by exchange/xlsx.
//
// A table yields a point per cell that has a value or a missing mark,
// with the label and the column's breakdown as dimensions and the
// period its header names. Labels that are places are matched to units
// by name by exchange; anything else needs a mapping.
package pxweb

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/exchange/internal/bound"
	"planwatch/exchange/record"
	"planwatch/period"
)

// Name is the format's name, as `planwatch inspect` reports it.
const Name = "pxweb"

// MaxTable is the largest table read: tables are read whole, and the
// largest statistics-office download at hand is 51 KB.
const MaxTable = 32 << 20

// Formats lists the format for exchange's registry.
var Formats = []record.Format{{Name: Name, Detect: Detect, Read: Read}}

// Detect recognises a table from its first lines: a title line (one
// field), then within two lines a header of several fields; or a header
// whose first field is a label and whose others include periods ("Name,
// 2018, 2019").
func Detect(head []byte) bool {
	var d decoding
	text := decodeText(cutRune(head), &d)
	lines := strings.SplitN(text, "\n", 6)
	if len(lines) > 5 {
		lines = lines[:5]
	} else if len(lines) > 1 && len(head) >= 4096 {
		lines = lines[:len(lines)-1] // the last may be cut short
	}
	fields := func(l string) []string {
		l = strings.TrimRight(l, "\r")
		cr := csv.NewReader(strings.NewReader(l))
		cr.Comma = rune(separator(l))
		cr.LazyQuotes = true
		cr.FieldsPerRecord = -1
		rec, err := cr.Read()
		if err != nil {
			return nil
		}
		return rec
	}
	nonEmpty := func(rec []string) int {
		n := 0
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				n++
			}
		}
		return n
	}
	if len(lines) == 0 {
		return false
	}
	first := fields(lines[0])
	if len(first) > 0 && strings.TrimSpace(first[0]) != "" && nonEmpty(first) == 1 {
		for _, l := range lines[1:min(len(lines), 4)] {
			rec := fields(l)
			if nonEmpty(rec) == 0 {
				continue
			}
			return len(rec) >= 2 && strings.TrimSpace(rec[0]) != ""
		}
		return false
	}
	if len(first) < 2 {
		return false
	}
	if _, _, err := period.ParseLabel(first[0]); err == nil || strings.TrimSpace(first[0]) == "" {
		return false
	}
	periods := 0
	for _, h := range first[1:] {
		if _, ok := splitHeader(h); ok {
			periods++
		}
	}
	return periods > 0 && periods*2 >= len(first)-1
}

// cutRune drops a UTF-8 sequence cut short at the end of head.
func cutRune(head []byte) []byte {
	for i := len(head) - 1; i >= 0 && i >= len(head)-3; i-- {
		if head[i] < 0x80 {
			break
		}
		if head[i] >= 0xc0 {
			return head[:i]
		}
	}
	return head
}

// separator is the one of ; , and tab that a line has most of outside
// quotes.
func separator(line string) byte {
	count := map[byte]int{}
	quoted := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == ',' || c == '\t'):
			count[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if count[c] > count[best] {
			best = c
		}
	}
	return best
}

// Read reads a table and calls emit for each point (see Table.Points).
func Read(file string, r io.Reader, emit func(*record.Point) bool) error {
	t, err := read(file, r)
	if err != nil {
		return err
	}
	t.Points(emit)
	return nil
}

func read(file string, r io.Reader) (*Table, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	// The separator is the header's: the line after the title, when
	// there is one.
	sep := byte(',')
	if lines := bytes.SplitN(head, []byte("\n"), 5); len(lines) > 0 {
		sep = separator(string(lines[0]))
		for _, l := range lines[1:] {
			if s := separator(string(l)); len(bytes.Trim(l, " \r\t;,\"")) > 0 {
				sep = s
				break
			}
		}
	}
	data, err := io.ReadAll(io.LimitReader(bound.NewReader(file, br, sep), MaxTable+1))
	if err != nil {
		return nil, planwatch.ErrorList{posErr(file, err)}
	}
	if len(data) > MaxTable {
		return nil, planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file}, Msg: "larger than " + bound.Size(MaxTable) + ", more than a statistics table holds"}}
	}
	var dec decoding
	text := decodeText(data, &dec)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = rune(sep)
	cr.FieldsPerRecord = -1
	g := &Grid{File: file, Style: record.Either}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, planwatch.ErrorList{posErr(file, err)}
		}
		line, _ := cr.FieldPos(0)
		g.Rows = append(g.Rows, rec)
		g.Lines = append(g.Lines, line)
	}
	t, err := Parse(g, dec.cell)
	if err != nil {
		line := 1
		var re *RaggedError
		if errors.As(err, &re) {
			line = g.Lines[re.Row]
		}
		return nil, planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Msg: err.Error()}}
	}
	t.Notes = append(dec.notes(), t.Notes...)
	return t, nil
}

func posErr(file string, err error) error {
	var tl *bound.TooLongError
	if errors.As(err, &tl) {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: tl.Line}, Msg: tl.Msg()}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: pe.Line}, Msg: pe.Err.Error()}
	}
	return &planwatch.FieldError{Pos: planwatch.Pos{File: file}, Msg: err.Error()}
}

// ReadTable reads a table whole, for code that works on its rows and
// columns (tests computing measures on the statistics office's tables): a
// cell that is neither a number nor missing is an error.
func ReadTable(r io.Reader) (*Table, error) {
	t, err := read("", r)
	if err != nil {
		return nil, err
	}
	for i, row := range t.Rows {
		for j, e := range row.Errs {
			if e != "" {
				gr, _ := t.at(i, j)
				line := 0
				if gr < len(t.grid.Lines) {
					line = t.grid.Lines[gr]
				}
				return nil, fmt.Errorf("line %d, column %s: %s", line, excerpt.Quote(t.Columns[j].Label), e)
			}
		}
	}
	return t, nil
}
